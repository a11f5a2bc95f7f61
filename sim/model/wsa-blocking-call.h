// The result of a Winsock call that may block: ready at once, or later in simulated time.
#ifndef WSA_BLOCKING_CALL_H
#define WSA_BLOCKING_CALL_H

#include "wsa-error.h"

#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <coroutine>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief The outcome of a potentially blocking call (accept, connect, send, recv, closesocket).
 *
 * A call that completes without blocking returns an object that is already done. A call that
 * blocks returns at once in C++ but not in the simulation: the simulated thread stays blocked
 * until the provider completes the call at a later simulated time. Read the result with
 * GetResult() once IsDone(), register OnDone(), or `co_await` it from a WsaTask.
 *
 * \tparam T the call's return type (int, or SOCKET for accept)
 */
template <typename T>
class WsaBlockingCall
{
  public:
    /// What the provider and every copy of the call share.
    struct State
    {
        bool done{false};                          //!< the call has returned
        T result{};                                //!< what it returned
        WsaError error{WsaError::NO_ERROR_};       //!< the error set with it (when it failed)
        Time returnedAt;                           //!< simulated time of the return
        std::vector<uint8_t> data;                 //!< bytes a recv returned
        std::vector<std::function<void()>> onDone; //!< observers and awaiting coroutines
    };

    /// Create a call that has not returned yet.
    WsaBlockingCall()
        : m_state(std::make_shared<State>())
    {
    }

    /**
     * \brief Whether the call has returned.
     * \return true once a result is available
     */
    bool IsDone() const
    {
        return m_state->done;
    }

    /**
     * \brief The return value; valid once IsDone().
     * \return the value
     */
    T GetResult() const
    {
        return m_state->result;
    }

    /**
     * \brief The error the call set (NO_ERROR_ when it succeeded).
     * \return the error
     */
    WsaError GetError() const
    {
        return m_state->error;
    }

    /**
     * \brief The bytes a recv returned.
     * \return the bytes
     */
    const std::vector<uint8_t>& GetData() const
    {
        return m_state->data;
    }

    /**
     * \brief The simulated time at which the call returned.
     * \return the time
     */
    Time GetReturnTime() const
    {
        return m_state->returnedAt;
    }

    /**
     * \brief Run a function when the call returns (at once when it already has).
     * \param observer the function
     */
    void OnDone(std::function<void()> observer) const
    {
        if (m_state->done)
        {
            observer();
            return;
        }
        m_state->onDone.push_back(std::move(observer));
    }

    /**
     * \brief Complete the call (used by the provider).
     * \param result the return value
     * \param error the error set with it
     * \param data bytes received, for recv
     */
    void Complete(T result, WsaError error, std::vector<uint8_t> data = {}) const
    {
        m_state->done = true;
        m_state->result = result;
        m_state->error = error;
        m_state->data = std::move(data);
        m_state->returnedAt = Simulator::Now();
        auto observers = std::move(m_state->onDone);
        for (auto& observer : observers)
        {
            observer();
        }
    }

    /// \return whether co_await can go on without suspending
    bool await_ready() const noexcept
    {
        return m_state->done;
    }

    /// \param awaiting the coroutine to resume when the call returns (several may wait)
    void await_suspend(std::coroutine_handle<> awaiting) const
    {
        m_state->onDone.push_back([awaiting]() { awaiting.resume(); });
    }

    /// \return the call's return value
    T await_resume() const noexcept
    {
        return m_state->result;
    }

  private:
    std::shared_ptr<State> m_state; //!< shared with the provider
};

} // namespace ns3

#endif // WSA_BLOCKING_CALL_H

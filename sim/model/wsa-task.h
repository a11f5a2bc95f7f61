// A simulated application thread's body written as a C++20 coroutine that co_awaits blocking calls.
#ifndef WSA_TASK_H
#define WSA_TASK_H

#include <coroutine>
#include <exception>
#include <utility>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief The body of a simulated thread, so that application code reads like Winsock code.
 *
 * \code
 *   WsaTask Client(Ptr<WsaThread> t, SOCKET s)
 *   {
 *       co_await t->send(s, bytes);          // may block in simulated time
 *       t->WSASendDisconnect(s, nullptr);    // never blocks
 *       while (co_await t->recv(s, 1024) > 0) {}
 *       co_await t->closesocket(s);
 *   }
 * \endcode
 *
 * A task starts suspended; WsaThread::Start() resumes it at a simulated time. An exception
 * that escapes the body is kept and rethrown by RethrowIfFailed().
 */
class WsaTask
{
  public:
    /// The coroutine promise.
    struct promise_type
    {
        std::exception_ptr failure; //!< an exception that escaped the body

        /// \return the task
        WsaTask get_return_object()
        {
            return WsaTask(std::coroutine_handle<promise_type>::from_promise(*this));
        }

        /// \return start suspended: the thread decides when it runs
        std::suspend_always initial_suspend() noexcept
        {
            return {};
        }

        /// \return stay suspended at the end so that the task can be inspected
        std::suspend_always final_suspend() noexcept
        {
            return {};
        }

        /// The body returned.
        void return_void() {}

        /// Keep an exception for RethrowIfFailed().
        void unhandled_exception()
        {
            failure = std::current_exception();
        }
    };

    WsaTask() = default;

    /// \param handle the coroutine
    explicit WsaTask(std::coroutine_handle<promise_type> handle)
        : m_handle(handle)
    {
    }

    WsaTask(const WsaTask&) = delete;
    WsaTask& operator=(const WsaTask&) = delete;

    /// \param other the task to take
    WsaTask(WsaTask&& other) noexcept
        : m_handle(std::exchange(other.m_handle, nullptr))
    {
    }

    /// \param other the task to take \return this
    WsaTask& operator=(WsaTask&& other) noexcept
    {
        if (this != &other)
        {
            Destroy();
            m_handle = std::exchange(other.m_handle, nullptr);
        }
        return *this;
    }

    ~WsaTask()
    {
        Destroy();
    }

    /// Run the body until it first suspends (or ends).
    void Resume()
    {
        if (m_handle && !m_handle.done())
        {
            m_handle.resume();
        }
    }

    /// \return whether the body has run to its end
    bool IsFinished() const
    {
        return !m_handle || m_handle.done();
    }

    /// Rethrow an exception that escaped the body, if any.
    void RethrowIfFailed() const
    {
        if (m_handle && m_handle.promise().failure)
        {
            std::rethrow_exception(m_handle.promise().failure);
        }
    }

  private:
    /// Destroy the coroutine frame.
    void Destroy()
    {
        if (m_handle)
        {
            m_handle.destroy();
            m_handle = nullptr;
        }
    }

    std::coroutine_handle<promise_type> m_handle; //!< the coroutine
};

} // namespace ns3

#endif // WSA_TASK_H

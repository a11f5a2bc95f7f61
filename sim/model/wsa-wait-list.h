// The calls waiting on one object (a socket, or a provider's several objects): each waiter's
// condition runs again on each pass until it has an outcome.
#ifndef WSA_WAIT_LIST_H
#define WSA_WAIT_LIST_H

#include "wsa-error.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief Blocked calls, by ticket: a condition polled on each pass, and what gets the outcome.
 *
 * \tparam Outcome what a waiter's condition returns once it holds (WsaOutcome)
 */
template <typename Outcome>
class WsaWaitList
{
  public:
    /// A waiter's condition: its outcome once the call can return, else nothing.
    using Poll = std::function<std::optional<Outcome>()>;
    /// What gets the outcome.
    using Done = std::function<void(Outcome)>;

    /**
     * \param poll the condition \param done gets the outcome
     * \return a ticket for Cancel()
     */
    uint64_t Add(Poll poll, Done done)
    {
        const uint64_t ticket = m_nextTicket++;
        m_waiters.emplace(ticket, Waiter{std::move(poll), std::move(done)});
        return ticket;
    }

    /**
     * \brief Stop a wait; its done gets the outcome given (nothing when it ended already).
     * \param ticket from Add() \param outcome what the waiting call returns
     */
    void Cancel(uint64_t ticket, Outcome outcome)
    {
        auto it = m_waiters.find(ticket);
        if (it == m_waiters.end())
        {
            return;
        }
        auto done = std::move(it->second.done);
        m_waiters.erase(it);
        done(std::move(outcome));
    }

    /// \param outcome what every waiting call returns: end them all
    void CancelAll(const Outcome& outcome)
    {
        auto waiters = std::move(m_waiters);
        m_waiters.clear();
        for (auto& [ticket, waiter] : waiters)
        {
            waiter.done(outcome);
        }
    }

    /// \return whether no call waits
    bool IsEmpty() const
    {
        return m_waiters.empty();
    }

    /// Forget every waiter without an outcome (the object is disposed).
    void Clear()
    {
        m_waiters.clear();
    }

    /**
     * \brief Poll each waiter once, in ticket order. A waiter leaves the list while it runs, so
     *        that its done may release the object or start another wait.
     * \return whether some waiter ended
     */
    bool PollEach()
    {
        std::vector<uint64_t> tickets;
        for (const auto& [ticket, waiter] : m_waiters)
        {
            tickets.push_back(ticket);
        }
        bool ended = false;
        for (const uint64_t ticket : tickets)
        {
            auto it = m_waiters.find(ticket);
            if (it == m_waiters.end())
            {
                continue;
            }
            Waiter waiter = std::move(it->second);
            m_waiters.erase(it);
            auto outcome = waiter.poll();
            if (!outcome)
            {
                m_waiters.emplace(ticket, std::move(waiter));
                continue;
            }
            waiter.done(std::move(*outcome));
            ended = true;
        }
        return ended;
    }

  private:
    /// One blocked call.
    struct Waiter
    {
        Poll poll; //!< its condition
        Done done; //!< gets the outcome
    };

    std::map<uint64_t, Waiter> m_waiters; //!< by ticket
    uint64_t m_nextTicket{1};             //!< the next ticket
};

} // namespace ns3

#endif // WSA_WAIT_LIST_H

// The packets on their way between the hosts (see link-transit.h).
#include "link/link-transit.h"

#include <utility>

namespace wsdsim::link
{

LinkTransit::LinkTransit(LinkModel& model, std::vector<PacketObserver*> observers)
    : m_model(model)
    , m_observers(std::move(observers))
{
}

void
LinkTransit::Send(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs)
{
    if (packet.empty() || (packet[0] >> 4) != 4)
    {
        ++m_counts.ignored;
        return;
    }
    for (PacketObserver* observer : m_observers)
    {
        observer->Sent(from, packet, nowNs);
    }
    const Departure departure = m_model.Submit(from, packet, nowNs);
    if (!departure.delivered)
    {
        ++m_counts.dropped[from];
        return;
    }
    m_queue.push({departure.arrivalNs, m_order++, 1 - from, {packet.begin(), packet.end()}});
}

std::optional<int64_t>
LinkTransit::NextArrivalNs() const
{
    if (m_queue.empty())
    {
        return std::nullopt;
    }
    return m_queue.top().arrivalNs;
}

void
LinkTransit::DeliverDue(int64_t nowNs, const Deliver& deliver)
{
    while (!m_queue.empty() && m_queue.top().arrivalNs <= nowNs)
    {
        const InFlight& due = m_queue.top();
        const uint32_t from = 1 - due.to;
        if (m_model.InterfaceUp(due.to, due.arrivalNs) && deliver(due.to, due.packet))
        {
            ++m_counts.forwarded[from];
            for (PacketObserver* observer : m_observers)
            {
                observer->Arrived(due.to, due.packet, nowNs);
            }
        }
        else
        {
            ++m_counts.dropped[from];
        }
        m_queue.pop();
    }
}

const LinkCounts&
LinkTransit::Counts() const
{
    return m_counts;
}

} // namespace wsdsim::link

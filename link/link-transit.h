// The packets on their way between the case's two hosts: each one's fate from the link model,
// handed over at its arrival time, and shown to the link's observers as it leaves and arrives.
#ifndef WSDSIM_LINK_TRANSIT_H
#define WSDSIM_LINK_TRANSIT_H

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <span>
#include <vector>

#include "link/link-model.h"
#include "link/packet-observer.h"

namespace wsdsim::link
{

/// What the link did, per sending host.
struct LinkCounts
{
    std::array<uint64_t, 2> forwarded{}; //!< IPv4 packets delivered to the other host
    std::array<uint64_t, 2> dropped{};   //!< IPv4 packets lost: dropped by the model, or
                                         //!< arriving at a down interface
    uint64_t ignored{0};                 //!< packets other than IPv4 (never forwarded)
};

/**
 * \brief The link between the devices, without the devices: a packet sent is submitted to the
 *        model and, unless lost, waits for its arrival time; DeliverDue() hands over those whose
 *        time has come (a priority queue by arrival, then submission order), unless the
 *        receiver's interface is down then (lost, as on a wire). The observers see each IPv4
 *        packet as sent, and as arrived when it was handed over.
 */
class LinkTransit
{
  public:
    /// Hands a packet to its receiving host. \return whether the host's device took it
    using Deliver = std::function<bool(uint32_t to, std::span<const uint8_t> packet)>;

    /// \param model the link \param observers what sees the packets (not owned)
    LinkTransit(LinkModel& model, std::vector<PacketObserver*> observers);

    /**
     * \brief Host `from` sent a packet (packets other than IPv4 are counted and dropped).
     * \param from 0 or 1 \param packet the packet \param nowNs when, since the case start
     */
    void Send(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs);

    /// \return when the next packet on its way arrives (nothing when none is)
    std::optional<int64_t> NextArrivalNs() const;

    /**
     * \brief Hand over every packet whose arrival time is at or before nowNs.
     * \param nowNs the time now, which the observers see as each one's arrival
     * \param deliver writes a packet into its receiving host's device
     */
    void DeliverDue(int64_t nowNs, const Deliver& deliver);

    /// \return what the link did so far
    const LinkCounts& Counts() const;

  private:
    /// A packet on its way to the other host.
    struct InFlight
    {
        int64_t arrivalNs{0};        //!< when the model delivers it
        uint64_t order{0};           //!< submission order (equal arrivals keep it)
        uint32_t to{0};              //!< the receiving host
        std::vector<uint8_t> packet; //!< the IP packet
    };

    /// Orders the queue: earliest arrival first, then submission order.
    struct LaterArrival
    {
        bool operator()(const InFlight& a, const InFlight& b) const
        {
            return a.arrivalNs != b.arrivalNs ? a.arrivalNs > b.arrivalNs : a.order > b.order;
        }
    };

    LinkModel& m_model;                                                         //!< the link
    std::vector<PacketObserver*> m_observers;                                   //!< what sees them
    std::priority_queue<InFlight, std::vector<InFlight>, LaterArrival> m_queue; //!< on their way
    uint64_t m_order{0}; //!< packets submitted
    LinkCounts m_counts; //!< what it did
};

} // namespace wsdsim::link

#endif // WSDSIM_LINK_TRANSIT_H

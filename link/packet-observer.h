// What watches the link's packets: each one as it leaves its host and as it reaches the other.
#ifndef WSDSIM_LINK_PACKET_OBSERVER_H
#define WSDSIM_LINK_PACKET_OBSERVER_H

#include <cstdint>
#include <span>

namespace wsdsim::link
{

/**
 * \brief Sees every IPv4 packet the link carries: once when it leaves its host (read from the
 *        host's device) and, unless the link loses it, once when it reaches the other host
 *        (written into that host's device). Times are nanoseconds since the case start.
 */
class PacketObserver
{
  public:
    virtual ~PacketObserver() = default;
    /// \param from the sending host, 0 or 1 \param packet the IPv4 packet \param nowNs when
    virtual void Sent(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs) = 0;
    /// \param to the receiving host, 0 or 1 \param packet the IPv4 packet \param nowNs when
    virtual void Arrived(uint32_t to, std::span<const uint8_t> packet, int64_t nowNs) = 0;
};

} // namespace wsdsim::link

#endif // WSDSIM_LINK_PACKET_OBSERVER_H

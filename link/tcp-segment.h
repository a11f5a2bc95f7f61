// What the link's faults look at in an IPv4 packet: whether it is a TCP segment, its flags and
// whether it carries data.
#ifndef WSDSIM_LINK_TCP_SEGMENT_H
#define WSDSIM_LINK_TCP_SEGMENT_H

#include <cstdint>
#include <optional>
#include <span>

namespace wsdsim::link
{

/// The parts of a TCP segment that a drop or delay fault matches.
struct TcpSegment
{
    uint8_t flags{0};         //!< the flag bits of the TCP header (FIN 0x01 ... CWR 0x80)
    uint32_t payloadBytes{0}; //!< data bytes after the TCP header
};

/**
 * \brief Read the TCP segment an IPv4 packet carries.
 * \param packet a whole IPv4 packet, from its IPv4 header on (as a TUN device without packet
 *        information gives it)
 * \return the segment; nothing when the packet is not IPv4 carrying TCP, is a fragment after the
 *         first, or is too short or inconsistent to hold what its headers say
 */
std::optional<TcpSegment> ReadTcpSegment(std::span<const uint8_t> packet);

} // namespace wsdsim::link

#endif // WSDSIM_LINK_TCP_SEGMENT_H

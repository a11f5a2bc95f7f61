// What the link and the captures read of an IPv4 packet's TCP segment: addresses, ports, numbers,
// flags and how much data it carries.
#ifndef WSDSIM_LINK_TCP_SEGMENT_H
#define WSDSIM_LINK_TCP_SEGMENT_H

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace wsdsim::link
{

/// TCP flag bits (RFC 9293 3.1).
inline constexpr uint8_t kTcpSyn = 0x02; //!< SYN
inline constexpr uint8_t kTcpAck = 0x10; //!< ACK

/// The TCP flags, their bits and names in tcpdump's order, as traces write them (RFC 9293 3.1,
/// RFC 3168 23.2 for ECE and CWR).
inline constexpr std::array<std::pair<uint8_t, const char*>, 8> kTcpFlagNames{{{0x02, "SYN"},
                                                                               {0x01, "FIN"},
                                                                               {0x04, "RST"},
                                                                               {0x08, "PSH"},
                                                                               {0x10, "ACK"},
                                                                               {0x20, "URG"},
                                                                               {0x40, "ECE"},
                                                                               {0x80, "CWR"}}};

/// The parts of a TCP segment that faults match and traces record.
struct TcpSegment
{
    uint8_t flags{0};                //!< the flag bits of the TCP header (FIN 0x01 ... CWR 0x80)
    uint32_t payloadBytes{0};        //!< data bytes after the TCP header
    std::array<uint8_t, 4> source{}; //!< IPv4 source address
    std::array<uint8_t, 4> destination{}; //!< IPv4 destination address
    uint16_t sourcePort{0};               //!< TCP source port
    uint16_t destinationPort{0};          //!< TCP destination port
    uint32_t sequence{0};                 //!< sequence number, as on the wire
    uint32_t acknowledgement{0};          //!< acknowledgement number, as on the wire
};

/**
 * \brief Read the TCP segment an IPv4 packet carries.
 * \param packet a whole IPv4 packet, from its IPv4 header on (as a TUN device without packet
 *        information gives it)
 * \return the segment; nothing when the packet is not IPv4 carrying TCP, is a fragment after the
 *         first, or is too short or inconsistent to hold what its headers say
 */
std::optional<TcpSegment> ReadTcpSegment(std::span<const uint8_t> packet);

/**
 * \brief Read the TCP segment of a captured IPv4 packet, of which a capture may hold only the
 *        first bytes (its snapshot length).
 * \param captured the bytes captured, from the IPv4 header on: at least the IPv4 header and the
 *        first 20 bytes of the TCP header
 * \param wireLength the packet's whole length on the wire, from the IPv4 header on
 * \return the segment, its payload length from the IPv4 Total Length; nothing as above
 */
std::optional<TcpSegment> ReadTcpSegment(std::span<const uint8_t> captured, size_t wireLength);

/// \return the flag names in tcpdump's order (SYN FIN RST PSH ACK URG ECE CWR) joined by '|',
///         "NONE" for none: the `flags` of a trace's segment (docs/trace-format.md)
std::string TcpFlagsText(uint8_t flags);

/// \return "a.b.c.d:port"
std::string EndpointText(const std::array<uint8_t, 4>& address, uint16_t port);

} // namespace wsdsim::link

#endif // WSDSIM_LINK_TCP_SEGMENT_H

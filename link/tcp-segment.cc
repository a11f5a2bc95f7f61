// Reads the TCP flags and payload length of an IPv4 packet (see tcp-segment.h).
#include "link/tcp-segment.h"

namespace wsdsim::link
{

namespace
{

constexpr uint8_t kIpv4Version = 4;              //!< RFC 791 3.1, Version
constexpr uint8_t kTcpProtocol = 6;              //!< RFC 791 3.1, Protocol: TCP
constexpr size_t kIpv4MinHeader = 20;            //!< RFC 791 3.1, IHL of 5 words
constexpr size_t kTcpMinHeader = 20;             //!< RFC 9293 3.1, Data Offset of 5 words
constexpr size_t kTcpFlagsOffset = 13;           //!< RFC 9293 3.1: the byte of CWR ... FIN
constexpr uint16_t kFragmentOffsetMask = 0x1fff; //!< RFC 791 3.1, Fragment Offset

/// \return the big-endian 16-bit number at `offset`
uint16_t
Read16(std::span<const uint8_t> bytes, size_t offset)
{
    return static_cast<uint16_t>((bytes[offset] << 8) | bytes[offset + 1]);
}

} // namespace

std::optional<TcpSegment>
ReadTcpSegment(std::span<const uint8_t> packet)
{
    if (packet.size() < kIpv4MinHeader || (packet[0] >> 4) != kIpv4Version)
    {
        return std::nullopt;
    }
    const size_t ipHeader = static_cast<size_t>(packet[0] & 0x0f) * 4;
    const size_t totalLength = Read16(packet, 2);
    if (ipHeader < kIpv4MinHeader || totalLength < ipHeader || totalLength > packet.size()
        || packet[9] != kTcpProtocol || (Read16(packet, 6) & kFragmentOffsetMask) != 0)
    {
        return std::nullopt;
    }
    const std::span<const uint8_t> tcp = packet.subspan(ipHeader, totalLength - ipHeader);
    if (tcp.size() < kTcpMinHeader)
    {
        return std::nullopt;
    }
    const size_t tcpHeader = static_cast<size_t>(tcp[12] >> 4) * 4;
    if (tcpHeader < kTcpMinHeader || tcpHeader > tcp.size())
    {
        return std::nullopt;
    }
    return TcpSegment{tcp[kTcpFlagsOffset], static_cast<uint32_t>(tcp.size() - tcpHeader)};
}

} // namespace wsdsim::link

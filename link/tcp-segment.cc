// Reads the TCP segment of an IPv4 packet and names its parts (see tcp-segment.h).
#include "link/tcp-segment.h"

#include <algorithm>

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

/// \return the big-endian 32-bit number at `offset`
uint32_t
Read32(std::span<const uint8_t> bytes, size_t offset)
{
    return (static_cast<uint32_t>(Read16(bytes, offset)) << 16) | Read16(bytes, offset + 2);
}

/// \return the four bytes of an IPv4 address at `offset`
std::array<uint8_t, 4>
ReadAddress(std::span<const uint8_t> bytes, size_t offset)
{
    return {bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]};
}

} // namespace

std::optional<TcpSegment>
ReadTcpSegment(std::span<const uint8_t> packet)
{
    return ReadTcpSegment(packet, packet.size());
}

std::optional<TcpSegment>
ReadTcpSegment(std::span<const uint8_t> captured, size_t wireLength)
{
    wireLength = std::max(wireLength, captured.size());
    if (captured.size() < kIpv4MinHeader || (captured[0] >> 4) != kIpv4Version)
    {
        return std::nullopt;
    }
    const size_t ipHeader = static_cast<size_t>(captured[0] & 0x0f) * 4;
    const size_t totalLength = Read16(captured, 2);
    if (ipHeader < kIpv4MinHeader || totalLength < ipHeader + kTcpMinHeader
        || totalLength > wireLength || captured.size() < ipHeader + kTcpMinHeader
        || captured[9] != kTcpProtocol || (Read16(captured, 6) & kFragmentOffsetMask) != 0)
    {
        return std::nullopt;
    }
    const std::span<const uint8_t> tcp = captured.subspan(ipHeader);
    const size_t tcpHeader = static_cast<size_t>(tcp[12] >> 4) * 4;
    if (tcpHeader < kTcpMinHeader || tcpHeader > totalLength - ipHeader)
    {
        return std::nullopt;
    }
    TcpSegment segment;
    segment.flags = tcp[kTcpFlagsOffset];
    segment.payloadBytes = static_cast<uint32_t>(totalLength - ipHeader - tcpHeader);
    segment.source = ReadAddress(captured, 12);
    segment.destination = ReadAddress(captured, 16);
    segment.sourcePort = Read16(tcp, 0);
    segment.destinationPort = Read16(tcp, 2);
    segment.sequence = Read32(tcp, 4);
    segment.acknowledgement = Read32(tcp, 8);
    return segment;
}

std::string
TcpFlagsText(uint8_t flags)
{
    std::string text;
    for (const auto& [bit, name] : kTcpFlagNames)
    {
        if (flags & bit)
        {
            text += text.empty() ? name : std::string("|") + name;
        }
    }
    return text.empty() ? "NONE" : text;
}

std::string
EndpointText(const std::array<uint8_t, 4>& address, uint16_t port)
{
    return std::to_string(address[0]) + "." + std::to_string(address[1]) + "."
           + std::to_string(address[2]) + "." + std::to_string(address[3]) + ":"
           + std::to_string(port);
}

} // namespace wsdsim::link

// Hand-built IPv4 packets for the link model's tests (RFC 791 and RFC 9293 header layouts).
#ifndef WSDSIM_LINK_TEST_PACKET_FIXTURE_H
#define WSDSIM_LINK_TEST_PACKET_FIXTURE_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

namespace wsdsim::link::test
{

/// TCP flag bits (RFC 9293 3.1).
inline constexpr uint8_t kFin = 0x01; //!< FIN
inline constexpr uint8_t kSyn = 0x02; //!< SYN
inline constexpr uint8_t kRst = 0x04; //!< RST
inline constexpr uint8_t kPsh = 0x08; //!< PSH
inline constexpr uint8_t kAck = 0x10; //!< ACK

/// How to build a packet.
struct PacketShape
{
    uint8_t protocol{6};        //!< IPv4 Protocol (6 TCP, 17 UDP)
    uint8_t flags{kAck};        //!< TCP flags
    size_t payloadBytes{0};     //!< data after the TCP header
    size_t ipOptionBytes{0};    //!< IPv4 options (a multiple of 4)
    size_t tcpOptionBytes{0};   //!< TCP options (a multiple of 4)
    uint16_t fragmentOffset{0}; //!< in 8-byte units
    size_t trailingBytes{0};    //!< bytes after the IPv4 Total Length (link padding)
};

/// \return an IPv4 packet of that shape from 10.0.0.1 to 10.0.0.2
inline std::vector<uint8_t>
MakePacket(const PacketShape& shape)
{
    const size_t ipHeader = 20 + shape.ipOptionBytes;
    const size_t transportHeader = shape.protocol == 6 ? 20 + shape.tcpOptionBytes : 8;
    const size_t total = ipHeader + transportHeader + shape.payloadBytes;
    std::vector<uint8_t> packet(total + shape.trailingBytes, 0);
    packet[0] = static_cast<uint8_t>(0x40 | (ipHeader / 4)); // version 4, IHL
    packet[2] = static_cast<uint8_t>(total >> 8);
    packet[3] = static_cast<uint8_t>(total & 0xff);
    packet[6] = static_cast<uint8_t>(shape.fragmentOffset >> 8);
    packet[7] = static_cast<uint8_t>(shape.fragmentOffset & 0xff);
    packet[8] = 64; // TTL
    packet[9] = shape.protocol;
    const uint8_t addresses[] = {10, 0, 0, 1, 10, 0, 0, 2};
    std::copy(std::begin(addresses), std::end(addresses), packet.begin() + 12);
    if (shape.protocol == 6)
    {
        packet[ipHeader + 12] = static_cast<uint8_t>((transportHeader / 4) << 4); // data offset
        packet[ipHeader + 13] = shape.flags;
    }
    return packet;
}

/// \return a TCP segment with these flags and this much data
inline std::vector<uint8_t>
TcpPacket(uint8_t flags, size_t payloadBytes = 0)
{
    return MakePacket(PacketShape{6, flags, payloadBytes});
}

/// The numbers of a hand-built TCP segment.
struct SegmentNumbers
{
    uint32_t from{0};            //!< the sending host: 0 is 10.0.0.1, 1 is 10.0.0.2
    uint16_t sourcePort{0};      //!< the sender's port
    uint16_t destinationPort{0}; //!< the receiver's port
    uint32_t sequence{0};        //!< the sequence number
    uint32_t acknowledgement{0}; //!< the acknowledgement number
};

/// \return a TCP segment (IPv4 and TCP headers of 20 bytes) with these flags, this much data and
///         these numbers
inline std::vector<uint8_t>
NumberedSegment(uint8_t flags, size_t payloadBytes, const SegmentNumbers& numbers)
{
    std::vector<uint8_t> packet = TcpPacket(flags, payloadBytes);
    if (numbers.from == 1)
    {
        std::swap_ranges(packet.begin() + 12, packet.begin() + 16, packet.begin() + 16);
    }
    const auto put = [&packet](size_t offset, uint32_t value, size_t bytes)
    {
        for (size_t i = 0; i < bytes; ++i)
        {
            packet[offset + i] = static_cast<uint8_t>(value >> (8 * (bytes - 1 - i)));
        }
    };
    put(20, numbers.sourcePort, 2);
    put(22, numbers.destinationPort, 2);
    put(24, numbers.sequence, 4);
    put(28, numbers.acknowledgement, 4);
    return packet;
}

} // namespace wsdsim::link::test

#endif // WSDSIM_LINK_TEST_PACKET_FIXTURE_H

// Tests of reading a TCP segment's flags and payload length from an IPv4 packet.
#include "packet-fixture.h"

#include <catch2/catch.hpp>

#include "link/tcp-segment.h"

namespace
{

using namespace wsdsim::link;
using namespace wsdsim::link::test;

TEST_CASE("tcp_segment_reads_flags_and_payload_length")
{
    const auto segment = ReadTcpSegment(TcpPacket(kFin | kAck, 100));
    REQUIRE(segment);
    CHECK(segment->flags == (kFin | kAck));
    CHECK(segment->payloadBytes == 100);
}

TEST_CASE("tcp_segment_pure_ack_has_no_payload")
{
    const auto segment = ReadTcpSegment(TcpPacket(kAck));
    REQUIRE(segment);
    CHECK(segment->flags == kAck);
    CHECK(segment->payloadBytes == 0);
}

TEST_CASE("tcp_segment_header_options_are_not_payload")
{
    // IHL 6 (4 bytes of IPv4 options), data offset 8 (12 bytes of TCP options: MSS, SACK, ...).
    const auto segment = ReadTcpSegment(MakePacket(PacketShape{6, kSyn, 0, 4, 12}));
    REQUIRE(segment);
    CHECK(segment->flags == kSyn);
    CHECK(segment->payloadBytes == 0);
}

TEST_CASE("tcp_segment_length_is_the_ipv4_total_length_not_the_buffer")
{
    // Padding after the IPv4 Total Length (a short frame's) is not data.
    const auto segment = ReadTcpSegment(MakePacket(PacketShape{6, kAck, 0, 0, 0, 0, 6}));
    REQUIRE(segment);
    CHECK(segment->payloadBytes == 0);
}

TEST_CASE("tcp_segment_none_in_udp_fragments_ipv6_or_truncated_packets")
{
    CHECK_FALSE(ReadTcpSegment(MakePacket(PacketShape{17, 0, 10})));
    // A later fragment holds no TCP header (offset 185 x 8 bytes).
    CHECK_FALSE(ReadTcpSegment(MakePacket(PacketShape{6, kFin, 0, 0, 0, 185})));
    auto ipv6 = TcpPacket(kAck);
    ipv6[0] = 0x60;
    CHECK_FALSE(ReadTcpSegment(ipv6));
    auto truncated = TcpPacket(kAck, 10);
    truncated.resize(30); // Total Length says 50
    CHECK_FALSE(ReadTcpSegment(truncated));
    auto badOffset = TcpPacket(kAck);
    badOffset[20 + 12] = 0x20; // a data offset of 2 words: less than a TCP header
    CHECK_FALSE(ReadTcpSegment(badOffset));
    CHECK_FALSE(ReadTcpSegment({}));
}

} // namespace

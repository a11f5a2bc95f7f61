// Tests of reading a TCP segment from an IPv4 packet (flags, payload length, addresses, ports,
// numbers) and of naming its flags and endpoints.
#include "packet-fixture.h"

#include <array>
#include <catch2/catch.hpp>
#include <span>

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

TEST_CASE("tcp_segment_reads_addresses_ports_and_numbers")
{
    const auto segment
        = ReadTcpSegment(NumberedSegment(kSyn | kAck, 0, {1, 5000, 49153, 0xfffffff0u, 1001}));
    REQUIRE(segment);
    CHECK(segment->source == std::array<uint8_t, 4>{10, 0, 0, 2});
    CHECK(segment->destination == std::array<uint8_t, 4>{10, 0, 0, 1});
    CHECK(segment->sourcePort == 5000);
    CHECK(segment->destinationPort == 49153);
    CHECK(segment->sequence == 0xfffffff0u);
    CHECK(segment->acknowledgement == 1001);
}

TEST_CASE("tcp_segment_captured_headers_take_the_length_from_the_wire")
{
    // A capture of snapshot length 60 of a segment with 1000 bytes of data: 40 bytes of
    // headers, then data, cut.
    const auto whole = NumberedSegment(kAck | kPsh, 1000, {0, 49153, 5000, 7, 9});
    const std::span<const uint8_t> captured(whole.data(), 60);
    const auto segment = ReadTcpSegment(captured, whole.size());
    REQUIRE(segment);
    CHECK(segment->payloadBytes == 1000);
    CHECK(segment->sequence == 7);
    // The same bytes as a whole packet are inconsistent: Total Length says 1040.
    CHECK_FALSE(ReadTcpSegment(captured));
    // Cut inside the TCP header: nothing to read.
    CHECK_FALSE(ReadTcpSegment(std::span<const uint8_t>(whole.data(), 39), whole.size()));
}

TEST_CASE("tcp_flags_text_in_tcpdump_order")
{
    // docs/trace-format.md: SYN FIN RST PSH ACK URG ECE CWR.
    CHECK(TcpFlagsText(kSyn | kAck) == "SYN|ACK");
    CHECK(TcpFlagsText(kFin | kPsh | kAck) == "FIN|PSH|ACK");
    CHECK(TcpFlagsText(kRst | kAck) == "RST|ACK");
    CHECK(TcpFlagsText(0xc2) == "SYN|ECE|CWR");
    CHECK(TcpFlagsText(0xff) == "SYN|FIN|RST|PSH|ACK|URG|ECE|CWR");
    CHECK(TcpFlagsText(0) == "NONE");
}

TEST_CASE("endpoint_text_is_address_and_port")
{
    CHECK(EndpointText({10, 0, 0, 1}, 49153) == "10.0.0.1:49153");
    CHECK(EndpointText({127, 255, 0, 2}, 0) == "127.255.0.2:0");
}

} // namespace

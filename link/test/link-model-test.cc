// Tests of the link model: delay, rate, random loss and each fault, checked against the model's
// link (sim/helper/wsa-two-hosts.cc) and its WsaFaultErrorModel.
#include "link-fixture.h"
#include "packet-fixture.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

#include "link/link-model.h"

namespace
{

using namespace wsdsim::link;
using namespace wsdsim::link::test;

// 10 Mb/s: a pure ACK (40 bytes, 42 with the model's PPP header) takes 336 bits / 10^7 b/s =
// 33.6 us; a full segment of MSS 536 (576 bytes, 578 with PPP) 4624 bits = 462.4 us.
constexpr int64_t kAckTransmitNs = 33600;
constexpr int64_t kSegmentTransmitNs = 462400;

/// \return a data segment of a full MSS
std::vector<uint8_t>
FullSegment()
{
    return TcpPacket(kAck | kPsh, 536);
}

TEST_CASE("idle_link_packet_arrives_after_serialisation_and_delay")
{
    LinkModel link(DefaultLink());
    const Departure ack = link.Submit(0, TcpPacket(kAck), 5 * kMs);
    CHECK(ack.delivered);
    CHECK(ack.dropReason.empty());
    CHECK(ack.arrivalNs == 5 * kMs + kAckTransmitNs + 1 * kMs);

    LinkConfig slow = DefaultLink();
    slow.delayNs = 40 * kMs;
    slow.rateBitsPerSecond = 1000000; // 1 Mb/s: 336 bits take 336 us
    LinkModel slowLink(slow);
    CHECK(slowLink.Submit(1, TcpPacket(kAck), 0).arrivalNs == 336000 + 40 * kMs);
}

TEST_CASE("idle_link_serialisation_rounds_to_the_nearest_nanosecond")
{
    // ns-3's DataRate::CalculateBytesTxTime rounds: 336 bits at 17 Mb/s are 19764.7 ns.
    LinkConfig config = DefaultLink();
    config.rateBitsPerSecond = 17000000;
    LinkModel link(config);
    CHECK(link.Submit(0, TcpPacket(kAck), 0).arrivalNs == 19765 + 1 * kMs);
}

TEST_CASE("busy_link_back_to_back_packets_wait_for_each_other")
{
    LinkModel link(DefaultLink());
    const Departure first = link.Submit(0, FullSegment(), 0);
    const Departure second = link.Submit(0, FullSegment(), 0);
    const Departure third = link.Submit(0, TcpPacket(kAck), 100000); // still behind the second
    CHECK(first.arrivalNs == kSegmentTransmitNs + 1 * kMs);
    CHECK(second.arrivalNs == 2 * kSegmentTransmitNs + 1 * kMs);
    CHECK(third.arrivalNs == 2 * kSegmentTransmitNs + kAckTransmitNs + 1 * kMs);
    // Once the transmitter is idle again a packet leaves at once.
    const Departure later = link.Submit(0, TcpPacket(kAck), 10 * kMs);
    CHECK(later.arrivalNs == 10 * kMs + kAckTransmitNs + 1 * kMs);
}

TEST_CASE("busy_link_other_direction_is_not_delayed")
{
    // A point-to-point link is full duplex: each device has its own transmitter.
    LinkModel link(DefaultLink());
    link.Submit(0, FullSegment(), 0);
    link.Submit(0, FullSegment(), 0);
    const Departure reverse = link.Submit(1, TcpPacket(kAck), 0);
    CHECK(reverse.arrivalNs == kAckTransmitNs + 1 * kMs);
}

/// \return which of `packets` packets from host 0 a link with this loss and seed loses
std::vector<bool>
LossPattern(double loss, uint32_t seed, size_t packets)
{
    LinkConfig config = DefaultLink();
    config.loss = loss;
    config.seed = seed;
    LinkModel link(config);
    std::vector<bool> lost;
    for (size_t i = 0; i < packets; ++i)
    {
        const Departure departure = link.Submit(0, TcpPacket(kAck), static_cast<int64_t>(i) * kMs);
        lost.push_back(!departure.delivered);
        if (!departure.delivered)
        {
            CHECK(departure.dropReason == kDroppedByLoss);
        }
    }
    return lost;
}

TEST_CASE("lossy_link_same_seed_loses_the_same_packets")
{
    CHECK(LossPattern(0.3, 42, 500) == LossPattern(0.3, 42, 500));
    CHECK(LossPattern(0.3, 42, 500) != LossPattern(0.3, 43, 500));
}

TEST_CASE("lossy_link_loses_about_the_asked_share")
{
    // 20000 draws at 0.3: the standard deviation of the share is 0.0032; 0.02 is six of them.
    const std::vector<bool> lost = LossPattern(0.3, 1, 20000);
    const double share = static_cast<double>(std::count(lost.begin(), lost.end(), true)) / 20000;
    CHECK(share > 0.28);
    CHECK(share < 0.32);
    const std::vector<bool> none = LossPattern(0.0, 1, 1000);
    CHECK(std::count(none.begin(), none.end(), true) == 0);
}

TEST_CASE("lossy_link_directions_draw_from_streams_of_their_own")
{
    // The model gives each receiving host's error model its own stream: what host 1 sends does
    // not change which of host 0's packets are lost.
    LinkConfig config = DefaultLink();
    config.loss = 0.5;
    LinkModel alone(config);
    LinkModel interleaved(config);
    for (int i = 0; i < 200; ++i)
    {
        const int64_t now = i * kMs;
        interleaved.Submit(1, TcpPacket(kAck), now);
        CHECK(alone.Submit(0, TcpPacket(kAck), now).delivered
              == interleaved.Submit(0, TcpPacket(kAck), now).delivered);
    }
}

TEST_CASE("drop_fault_first_fin_from_host_0_is_lost_its_retransmission_arrives")
{
    // "host": 1 is the host the dropped segment is on its way to (the model's receive error
    // model): the first FIN that host 0 sends.
    LinkConfig config = DefaultLink();
    config.faults.push_back(SegmentFault("drop", 1, kFin, 1));
    LinkModel link(config);
    CHECK(link.Submit(0, FullSegment(), 0).delivered);
    CHECK(link.Submit(1, TcpPacket(kFin | kAck), 1 * kMs).delivered); // to host 0: not the rule's
    const Departure fin = link.Submit(0, TcpPacket(kFin | kAck), 2 * kMs);
    CHECK_FALSE(fin.delivered);
    CHECK(fin.dropReason == kDroppedByFault);
    CHECK(fin.arrivalNs == 2 * kMs + kAckTransmitNs + 1 * kMs);         // lost where it arrives
    CHECK(link.Submit(0, TcpPacket(kFin | kAck), 300 * kMs).delivered); // the retransmission
}

TEST_CASE("drop_fault_count_drops_that_many_matching_segments_then_none")
{
    LinkConfig config = DefaultLink();
    config.faults.push_back(SegmentFault("drop", 1, kFin | kAck, 2));
    LinkModel link(config);
    CHECK(link.Submit(0, TcpPacket(kFin), 0).delivered); // all the rule's flags, not some
    CHECK(link.Submit(0, TcpPacket(kAck), 1 * kMs).delivered);
    CHECK_FALSE(link.Submit(0, TcpPacket(kFin | kAck), 2 * kMs).delivered);
    CHECK(link.Submit(0, TcpPacket(kAck), 3 * kMs).delivered);
    CHECK_FALSE(link.Submit(0, TcpPacket(kFin | kAck | kPsh, 10), 4 * kMs).delivered);
    CHECK(link.Submit(0, TcpPacket(kFin | kAck), 5 * kMs).delivered);
}

TEST_CASE("drop_fault_matches_segments_arriving_from_its_time")
{
    // The model's rule compares the arrival time (Simulator::Now() in DoCorrupt) with "at".
    LinkConfig config = DefaultLink();
    config.faults.push_back(SegmentFault("drop", 1, kAck, 1, 10 * kMs));
    LinkModel link(config);
    CHECK(link.Submit(0, TcpPacket(kAck), 8 * kMs).delivered); // arrives 9.03 ms
    // Leaves before 10 ms, arrives after: dropped.
    CHECK_FALSE(link.Submit(0, TcpPacket(kAck), 9500000).delivered);
    CHECK(link.Submit(0, TcpPacket(kAck), 11 * kMs).delivered);
}

TEST_CASE("drop_fault_with_payload_spares_pure_acks")
{
    LinkConfig config = DefaultLink();
    LinkFault fault = SegmentFault("drop", 1, kAck, 1);
    fault.withPayload = true;
    config.faults.push_back(fault);
    LinkModel link(config);
    CHECK(link.Submit(0, TcpPacket(kAck), 0).delivered);
    CHECK_FALSE(link.Submit(0, FullSegment(), 1 * kMs).delivered);
    CHECK(link.Submit(0, FullSegment(), 2 * kMs).delivered);
}

TEST_CASE("drop_fault_without_flags_takes_any_tcp_segment_but_no_udp")
{
    LinkConfig config = DefaultLink();
    config.faults.push_back(SegmentFault("drop", 1, 0, 1));
    LinkModel link(config);
    CHECK(link.Submit(0, MakePacket(PacketShape{17, 0, 100}), 0).delivered);
    CHECK_FALSE(link.Submit(0, TcpPacket(kSyn), 1 * kMs).delivered);
}

TEST_CASE("drop_faults_are_tried_in_the_scenarios_order")
{
    // Both rules match a FIN|ACK; the first one listed takes it, the second takes the next.
    LinkConfig config = DefaultLink();
    config.faults.push_back(SegmentFault("drop", 1, kFin, 1));
    LinkFault delay = SegmentFault("delay", 1, kAck, 1);
    delay.byNs = 5 * kMs;
    config.faults.push_back(delay);
    LinkModel link(config);
    const Departure first = link.Submit(0, TcpPacket(kFin | kAck), 0);
    CHECK(first.dropReason == kDroppedByFault);
    const Departure second = link.Submit(0, TcpPacket(kFin | kAck), 1 * kMs);
    CHECK(second.delivered);
    CHECK(second.arrivalNs == 1 * kMs + kAckTransmitNs + 1 * kMs + 5 * kMs);
}

TEST_CASE("delay_fault_held_segment_arrives_after_a_later_one")
{
    LinkConfig config = DefaultLink();
    LinkFault fault = SegmentFault("delay", 1, kAck, 1);
    fault.withPayload = true;
    fault.byNs = 3 * kMs;
    config.faults.push_back(fault);
    LinkModel link(config);
    const Departure held = link.Submit(0, FullSegment(), 0);
    const Departure next = link.Submit(0, FullSegment(), 0);
    const Departure fin = link.Submit(0, TcpPacket(kFin | kAck), 0);
    REQUIRE(held.delivered);
    CHECK(held.arrivalNs == kSegmentTransmitNs + 1 * kMs + 3 * kMs);
    CHECK(next.arrivalNs == 2 * kSegmentTransmitNs + 1 * kMs); // not held: count was 1
    CHECK(fin.arrivalNs == 2 * kSegmentTransmitNs + kAckTransmitNs + 1 * kMs);
    CHECK(next.arrivalNs < held.arrivalNs);
    CHECK(fin.arrivalNs < held.arrivalNs);
}

TEST_CASE("delay_fault_held_segment_is_never_lost_at_random")
{
    // A segment a rule takes is not drawn for loss, and is delivered past the error model.
    LinkConfig config = DefaultLink();
    config.loss = 0.99;
    LinkFault fault = SegmentFault("delay", 1, kAck, 20);
    fault.byNs = 1 * kMs;
    config.faults.push_back(fault);
    LinkModel link(config);
    for (int i = 0; i < 20; ++i)
    {
        CHECK(link.Submit(0, TcpPacket(kAck), i * kMs).delivered);
    }
}

TEST_CASE("interface_down_drops_both_directions_until_up")
{
    LinkConfig config = DefaultLink();
    config.faults.push_back(InterfaceFault("interface-down", 1, 10 * kMs));
    config.faults.push_back(InterfaceFault("interface-up", 1, 20 * kMs));
    LinkModel link(config);
    CHECK(link.InterfaceUp(1, 10 * kMs - 1));
    CHECK_FALSE(link.InterfaceUp(1, 10 * kMs));
    CHECK_FALSE(link.InterfaceUp(1, 20 * kMs - 1));
    CHECK(link.InterfaceUp(1, 20 * kMs));
    CHECK(link.InterfaceUp(0, 15 * kMs)); // the other host's stays up

    CHECK(link.Submit(0, TcpPacket(kAck), 5 * kMs).delivered);
    // Sent while host 1 is up, arriving once it is down: its IPv4 drops it.
    const Departure toDown = link.Submit(0, TcpPacket(kAck), 9500000);
    CHECK_FALSE(toDown.delivered);
    CHECK(toDown.dropReason == kDroppedInterfaceDown);
    // Host 1 sends nothing while its interface is down.
    const Departure fromDown = link.Submit(1, TcpPacket(kAck), 12 * kMs);
    CHECK_FALSE(fromDown.delivered);
    CHECK(fromDown.dropReason == kDroppedInterfaceDown);
    CHECK_FALSE(link.Submit(0, TcpPacket(kAck), 15 * kMs).delivered);
    // Sent while down, arriving once up again: delivered.
    CHECK(link.Submit(0, TcpPacket(kAck), 19500000).delivered);
    CHECK(link.Submit(1, TcpPacket(kAck), 20 * kMs).delivered);
}

TEST_CASE("interface_down_sender_occupies_no_transmitter")
{
    // Host 0 is down for the first 100 us: a full segment it tried to send then would have kept
    // its transmitter busy until 462.4 us.
    LinkConfig config = DefaultLink();
    config.faults.push_back(InterfaceFault("interface-down", 0, 0));
    config.faults.push_back(InterfaceFault("interface-up", 0, 100000));
    LinkModel link(config);
    CHECK_FALSE(link.Submit(0, FullSegment(), 0).delivered);
    CHECK(link.Submit(0, TcpPacket(kAck), 100000).arrivalNs == 100000 + kAckTransmitNs + 1 * kMs);
}

TEST_CASE("interface_changes_apply_in_time_order_not_list_order")
{
    LinkConfig config = DefaultLink();
    config.faults.push_back(InterfaceFault("interface-up", 1, 5 * kMs));
    config.faults.push_back(InterfaceFault("interface-down", 1, 1 * kMs));
    LinkModel link(config);
    CHECK(link.InterfaceUp(1, 0));
    CHECK_FALSE(link.InterfaceUp(1, 3 * kMs));
    CHECK(link.InterfaceUp(1, 6 * kMs));
}

TEST_CASE("interface_down_receiver_still_counts_a_matching_drop_fault")
{
    // The model's error model sits in the device, before IPv4 drops what arrives at a down
    // interface: a matching rule counts the segment.
    LinkConfig config = DefaultLink();
    config.faults.push_back(SegmentFault("drop", 1, kAck, 1));
    config.faults.push_back(InterfaceFault("interface-down", 1, 0));
    config.faults.push_back(InterfaceFault("interface-up", 1, 5 * kMs));
    LinkModel link(config);
    CHECK(link.Submit(0, TcpPacket(kAck), 0).dropReason == kDroppedByFault);
    CHECK(link.Submit(0, TcpPacket(kAck), 1 * kMs).dropReason == kDroppedInterfaceDown);
    CHECK(link.Submit(0, TcpPacket(kAck), 6 * kMs).delivered);
}

TEST_CASE("link_refuses_a_third_host_and_a_zero_rate")
{
    LinkModel link(DefaultLink());
    CHECK_THROWS_AS(link.Submit(2, TcpPacket(kAck), 0), std::invalid_argument);
    LinkConfig stopped = DefaultLink();
    stopped.rateBitsPerSecond = 0;
    CHECK_THROWS_AS(LinkModel(stopped), std::invalid_argument);
}

} // namespace

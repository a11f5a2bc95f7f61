// Tests of the fault error model's rules: drop the next matching segments, or hold them back.
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/wsa-fault-error-model.h"

#include <catch2/catch.hpp>
#include <vector>

using namespace ns3;

namespace
{
/// A TCP segment as a point-to-point device receives it: PPP, IPv4 and TCP headers.
Ptr<Packet>
Segment(uint8_t flags, uint32_t payload, uint32_t sequence)
{
    Ptr<Packet> packet = Create<Packet>(payload);
    TcpHeader tcp;
    tcp.SetFlags(flags);
    tcp.SetSequenceNumber(SequenceNumber32(sequence));
    packet->AddHeader(tcp);
    Ipv4Header ip;
    ip.SetProtocol(6);
    ip.SetPayloadSize(packet->GetSize());
    packet->AddHeader(ip);
    PppHeader ppp;
    ppp.SetProtocol(0x0021);
    packet->AddHeader(ppp);
    return packet;
}

/// The sequence number of a segment as built by Segment().
uint32_t
SequenceOf(Ptr<Packet> packet)
{
    Ptr<Packet> copy = packet->Copy();
    PppHeader ppp;
    Ipv4Header ip;
    TcpHeader tcp;
    copy->RemoveHeader(ppp);
    copy->RemoveHeader(ip);
    copy->RemoveHeader(tcp);
    return tcp.GetSequenceNumber().GetValue();
}

/// Feeds segments to an error model as a device would, and records what gets through and when.
struct Receiver
{
    Ptr<WsaFaultErrorModel> model = CreateObject<WsaFaultErrorModel>();
    std::vector<std::pair<uint32_t, Time>> received; //!< sequence number, arrival

    Receiver()
    {
        model->SetDeliverCallback(MakeCallback(&Receiver::Receive, this));
    }

    /// A device's Receive: the error model first.
    void Receive(Ptr<Packet> packet)
    {
        if (!model->IsCorrupt(packet))
        {
            received.emplace_back(SequenceOf(packet), Simulator::Now());
        }
    }

    /// Deliver a segment at a time.
    void ArriveAt(Time at, Ptr<Packet> packet)
    {
        Simulator::Schedule(at, &Receiver::Receive, this, packet);
    }
};
} // namespace

TEST_CASE("delay_rule_holds_the_matching_segment_back_behind_later_ones", "[fault]")
{
    Receiver receiver;
    receiver.model->AddDelayRule(MilliSeconds(0), TcpHeader::ACK, true, 1, MilliSeconds(3));
    receiver.ArriveAt(MilliSeconds(1), Segment(TcpHeader::ACK, 536, 1));
    receiver.ArriveAt(MilliSeconds(2), Segment(TcpHeader::ACK, 536, 537));
    receiver.ArriveAt(MilliSeconds(3), Segment(TcpHeader::FIN | TcpHeader::ACK, 0, 1073));
    Simulator::Run();
    Simulator::Destroy();
    REQUIRE(receiver.received.size() == 3);
    CHECK(receiver.received[0] == std::make_pair(537u, MilliSeconds(2)));
    CHECK(receiver.received[1] == std::make_pair(1073u, MilliSeconds(3)));
    CHECK(receiver.received[2] == std::make_pair(1u, MilliSeconds(4))); // held 3 ms, not lost
}

TEST_CASE("delay_rule_holds_only_count_segments_with_payload_after_its_time", "[fault]")
{
    Receiver receiver;
    receiver.model->AddDelayRule(MilliSeconds(5), TcpHeader::ACK, true, 1, MilliSeconds(10));
    receiver.ArriveAt(MilliSeconds(1), Segment(TcpHeader::ACK, 536, 1));    // before its time
    receiver.ArriveAt(MilliSeconds(6), Segment(TcpHeader::ACK, 0, 537));    // no payload
    receiver.ArriveAt(MilliSeconds(7), Segment(TcpHeader::ACK, 536, 537));  // held
    receiver.ArriveAt(MilliSeconds(8), Segment(TcpHeader::ACK, 536, 1073)); // count used up
    Simulator::Run();
    Simulator::Destroy();
    REQUIRE(receiver.received.size() == 4);
    CHECK(receiver.received[0].second == MilliSeconds(1));
    CHECK(receiver.received[1].second == MilliSeconds(6));
    CHECK(receiver.received[2] == std::make_pair(1073u, MilliSeconds(8)));
    CHECK(receiver.received[3] == std::make_pair(537u, MilliSeconds(17)));
}

TEST_CASE("drop_rule_loses_the_matching_segment_for_good", "[fault]")
{
    Receiver receiver;
    receiver.model->AddDropRule(MilliSeconds(0), TcpHeader::FIN, false, 1);
    receiver.ArriveAt(MilliSeconds(1), Segment(TcpHeader::FIN | TcpHeader::ACK, 0, 1));
    receiver.ArriveAt(MilliSeconds(2), Segment(TcpHeader::FIN | TcpHeader::ACK, 0, 1));
    Simulator::Run();
    Simulator::Destroy();
    REQUIRE(receiver.received.size() == 1);
    CHECK(receiver.received[0].second == MilliSeconds(2)); // the retransmission gets through
}

// Tests of the peer's FIN where ns-3.37 mishandles it: received again, or riding on data.
#include "wsa-test-fixture.h"

#include "ns3/double.h"

#include <algorithm>
#include <optional>

using namespace wsdtest;

namespace
{
/// The sequence number of the first FIN a node sent from a time on (the FIN's own number).
std::optional<uint32_t>
FirstFinSequence(const WsaTestBed& bed, uint32_t host, Time from)
{
    for (const auto& segment : bed.trace.Sent(bed.NodeId(host), from))
    {
        if ((segment.flags & kFin) != 0)
        {
            return segment.sequence + segment.payloadSize;
        }
    }
    return std::nullopt;
}

/// How many segments a node sent with exactly these flags and this acknowledgement number.
size_t
CountSentAcking(const WsaTestBed& bed, uint32_t host, uint8_t flags, uint32_t ack, Time from)
{
    const auto sent = bed.trace.Sent(bed.NodeId(host), from);
    return static_cast<size_t>(std::count_if(sent.begin(),
                                             sent.end(),
                                             [flags, ack](const WsaSegmentRecord& s) {
                                                 return s.flags == flags
                                                        && s.acknowledgement == ack;
                                             }));
}

/// When a node's TCP first went from one state to another, if it did.
std::optional<Time>
Transition(const WsaTestBed& bed,
           uint32_t host,
           TcpSocket::TcpStates_t from,
           TcpSocket::TcpStates_t to)
{
    for (const auto& [at, change] : bed.trace.States())
    {
        if (change.nodeId == bed.NodeId(host) && change.from == from && change.to == to)
        {
            return at;
        }
    }
    return std::nullopt;
}

/// Check that a reader got exactly these bytes, then end of stream.
void
CheckReadWhole(const ReadOutcome& read, const std::vector<uint8_t>& data)
{
    REQUIRE(read.finished);
    CHECK(read.bytes == data);
    CHECK(read.endOfStream);
}

/// When the first segment a node received that matches a predicate arrived, if one did.
template <typename Match>
std::optional<Time>
FirstArrival(const WsaTestBed& bed, uint32_t host, Match match)
{
    for (const auto& [at, segment] : bed.trace.Segments())
    {
        if (!segment.outgoing && segment.protocol == 6 && segment.nodeId == bed.NodeId(host)
            && match(segment))
        {
            return at;
        }
    }
    return std::nullopt;
}

/// When the n-th (from 1) segment with a FIN reached a node, if it did.
std::optional<Time>
FinArrival(const WsaTestBed& bed, uint32_t host, size_t n)
{
    size_t seen = 0;
    return FirstArrival(bed,
                        host,
                        [&seen, n](const WsaSegmentRecord& s)
                        { return (s.flags & kFin) != 0 && ++seen == n; });
}

/// When an ACK with this acknowledgement number first reached a node, if one did.
std::optional<Time>
AckArrival(const WsaTestBed& bed, uint32_t host, uint32_t ack)
{
    return FirstArrival(bed,
                        host,
                        [ack](const WsaSegmentRecord& s)
                        { return (s.flags & kAck) != 0 && s.acknowledgement == ack; });
}
} // namespace

// RFC 9293 3.10.7.4: a FIN received again (its ACK was lost) lies below RCV.NXT, so it is not
// acceptable and "an acknowledgment should be sent in reply". ns-3.37 sends none in CLOSE_WAIT:
// the closing side would retransmit until its linger time ran out and then reset (the scenario
// faults/lost-fin-ack).
TEST_CASE("close_wait_retransmitted_fin_is_acknowledged_again", "[tcp][fault][linger]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 5);
    const Time start = Simulator::Now();
    REQUIRE(bed.client->send(pair.client, {'d', 'a', 't', 'a'}).GetResult() == 4);
    bed.RunFor(MilliSeconds(50)); // the data is acknowledged
    const Time closeAt = Simulator::Now();
    bed.net.AddDropRule(0, closeAt, kAck, false, 1); // the ACK of the FIN is lost
    auto close = bed.client->closesocket(pair.client);
    auto read = bed.StartReader(1, pair.server, Seconds(6));
    bed.RunFor(Seconds(10));
    bed.RethrowIfFailed();

    const auto fin = FirstFinSequence(bed, 0, start);
    REQUIRE(fin.has_value());
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin, start) == 2); // the FIN and one retransmission
    // Host 1 acknowledges the FIN twice: the first ACK is lost, the second answers the
    // retransmitted FIN, in CLOSE_WAIT.
    CHECK(CountSentAcking(bed, 1, kAck, *fin + 1, closeAt) == 2);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
    REQUIRE(close.IsDone());
    CHECK(close.GetResult() == 0);
    CHECK(close.GetReturnTime() < closeAt + Seconds(5)); // graceful: before the linger timeout
    CheckReadWhole(*read, {'d', 'a', 't', 'a'});
}

// The active closer's last ACK is lost: the peer, in LAST_ACK, sends its FIN again, which
// TIME_WAIT acknowledges again (ns-3.37 ignores every segment in TIME_WAIT, so the peer would
// retransmit until its retries ran out).
TEST_CASE("time_wait_retransmitted_fin_is_acknowledged_again", "[tcp][fault]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    REQUIRE(bed.client->closesocket(pair.client).GetResult() == 0);
    bed.RunFor(MilliSeconds(50)); // host 0 in FIN_WAIT_2, host 1 in CLOSE_WAIT
    const Time serverCloseAt = Simulator::Now();
    bed.net.AddDropRule(1, serverCloseAt, kAck, false, 1); // host 0's ACK of host 1's FIN
    REQUIRE(bed.server->closesocket(pair.server).GetResult() == 0);
    bed.RunFor(Seconds(5));

    const auto fin = FirstFinSequence(bed, 1, serverCloseAt);
    REQUIRE(fin.has_value());
    CHECK(bed.trace.CountSent(bed.NodeId(1), kFin, serverCloseAt) == 2);
    CHECK(CountSentAcking(bed, 0, kAck, *fin + 1, serverCloseAt) == 2); // once more in TIME_WAIT
    CHECK(Transition(bed, 1, TcpSocket::LAST_ACK, TcpSocket::CLOSED).has_value());
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
    CHECK(bed.trace.CountSent(bed.NodeId(1), kRst, start) == 0);
}

// RFC 9293 3.10.7.4, eighth (FIN bit), TIME-WAIT: "Restart the 2 MSL time-wait timeout."
TEST_CASE("time_wait_retransmitted_fin_restarts_the_time_wait_timer", "[tcp][fault]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    DoubleValue msl;
    bed.Provider(0)->Lookup(pair.client)->GetNs3Socket()->GetAttribute("MaxSegLifetime", msl);
    REQUIRE(bed.client->closesocket(pair.client).GetResult() == 0);
    bed.RunFor(MilliSeconds(50));
    bed.net.AddDropRule(1, Simulator::Now(), kAck, false, 1);
    REQUIRE(bed.server->closesocket(pair.server).GetResult() == 0);
    bed.RunFor(Seconds(4 * msl.Get()));

    const auto entered = Transition(bed, 0, TcpSocket::FIN_WAIT_2, TcpSocket::TIME_WAIT);
    const auto closed = Transition(bed, 0, TcpSocket::TIME_WAIT, TcpSocket::CLOSED);
    const auto again = FinArrival(bed, 0, 2); // the retransmitted FIN
    REQUIRE(entered.has_value());
    REQUIRE(closed.has_value());
    REQUIRE(again.has_value());
    CHECK(*again > *entered);
    CHECK(*closed == *again + Seconds(2 * msl.Get())); // counted from the FIN received again
}

// Host 0's FIN is not acknowledged (the ACK is lost) and host 1 closes too: host 1, in LAST_ACK,
// gets host 0's FIN again and acknowledges it, staying in LAST_ACK until its own FIN is
// acknowledged (ns-3.37 went to CLOSED on the FIN|ACK without a word, and host 0's next
// retransmission met a RST).
TEST_CASE("last_ack_retransmitted_fin_is_acknowledged_and_the_close_stays_graceful", "[tcp][fault]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    bed.net.AddDropRule(0, start, kAck, false, 1);        // host 1's ACK of host 0's FIN
    bed.net.AddDropRule(0, start, kFin | kAck, false, 1); // host 1's own FIN, the first time
    REQUIRE(bed.client->closesocket(pair.client).GetResult() == 0);
    bed.RunFor(MilliSeconds(50)); // host 1 in CLOSE_WAIT, host 0 still in FIN_WAIT_1
    REQUIRE(bed.server->closesocket(pair.server).GetResult() == 0);
    bed.RunFor(Seconds(10));

    const auto fin = FirstFinSequence(bed, 0, start);
    REQUIRE(fin.has_value());
    REQUIRE(bed.trace.CountSent(bed.NodeId(0), kFin, start) >= 2);
    // A plain ACK of host 0's FIN from LAST_ACK, after the lost first one.
    CHECK(CountSentAcking(bed, 1, kAck, *fin + 1, start) == 2);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
    CHECK(bed.trace.CountSent(bed.NodeId(1), kRst, start) == 0);
    CHECK(bed.trace.Entered(bed.NodeId(0), TcpSocket::TIME_WAIT));
    CHECK(Transition(bed, 1, TcpSocket::LAST_ACK, TcpSocket::CLOSED).has_value());
}

// A simultaneous close whose two ACKs are lost: each side, in CLOSING, gets the other's FIN again,
// acknowledges it and stays in CLOSING until its own FIN is acknowledged, then waits in
// TIME_WAIT (ns-3.37 went from CLOSING straight to CLOSED on the FIN received again).
TEST_CASE("closing_retransmitted_fin_is_acknowledged_and_leads_to_time_wait", "[tcp][fault]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    // The FINs cross and arrive about 1 ms later; the ACKs answering them arrive after 2 ms.
    bed.net.AddDropRule(0, start + MicroSeconds(1500), kAck, false, 1);
    bed.net.AddDropRule(1, start + MicroSeconds(1500), kAck, false, 1);
    REQUIRE(bed.client->closesocket(pair.client).GetResult() == 0);
    REQUIRE(bed.server->closesocket(pair.server).GetResult() == 0);
    bed.RunFor(Seconds(10));

    for (const uint32_t host : {0U, 1U})
    {
        CAPTURE(host);
        CHECK(Transition(bed, host, TcpSocket::FIN_WAIT_1, TcpSocket::CLOSING).has_value());
        CHECK(bed.trace.CountSent(bed.NodeId(host), kFin, start) == 2);
        CHECK(Transition(bed, host, TcpSocket::CLOSING, TcpSocket::TIME_WAIT).has_value());
        CHECK_FALSE(Transition(bed, host, TcpSocket::CLOSING, TcpSocket::CLOSED).has_value());
        const auto peerFin = FirstFinSequence(bed, 1 - host, start);
        REQUIRE(peerFin.has_value());
        CHECK(CountSentAcking(bed, host, kAck, *peerFin + 1, start) == 2);
    }
}

// The FIN rides on the last data segment (the peer's closesocket while its data waits for the
// window) and arrives in FIN_WAIT_2: RFC 9293 3.10.7.4, eighth (FIN bit): "advance RCV.NXT over
// the FIN, and send an acknowledgment for the FIN". ns-3.37 placed the FIN at the segment's first
// sequence number and acknowledged the data alone.
TEST_CASE("fin_wait_2_fin_riding_on_data_is_acknowledged", "[tcp]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    bed.RunFor(MilliSeconds(50)); // host 0 in FIN_WAIT_2, host 1 in CLOSE_WAIT
    const Time start = Simulator::Now();
    const auto data = Pattern(20000);
    REQUIRE(bed.server->send(pair.server, data).GetResult() == 20000);
    REQUIRE(bed.server->closesocket(pair.server).GetResult() == 0);
    auto read = bed.StartReader(0, pair.client, Seconds(1));
    bed.RunFor(Seconds(3));
    bed.RethrowIfFailed();

    const auto fin = FirstFinSequence(bed, 1, start);
    REQUIRE(fin.has_value());
    bool finRodeOnData = false;
    for (const auto& segment : bed.trace.Sent(bed.NodeId(1), start))
    {
        finRodeOnData = finRodeOnData || ((segment.flags & kFin) != 0 && segment.payloadSize > 0);
    }
    REQUIRE(finRodeOnData);
    CHECK(CountSentAcking(bed, 0, kAck, *fin + 1, start) >= 1);
    CHECK(Transition(bed, 0, TcpSocket::FIN_WAIT_2, TcpSocket::TIME_WAIT).has_value());
    CheckReadWhole(*read, data);
}

// Both sides close with data still waiting for the window, so each FIN rides on data and meets the
// other side in FIN_WAIT_1: each acknowledges the other's FIN, goes through CLOSING and waits in
// TIME_WAIT (ns-3.37 left RCV.NXT before the FIN: neither FIN was acknowledged and CLOSING never
// ended).
TEST_CASE("fin_wait_1_fin_riding_on_data_is_acknowledged_and_leads_to_time_wait", "[tcp]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    const auto data = Pattern(20000);
    REQUIRE(bed.client->send(pair.client, data).GetResult() == 20000);
    REQUIRE(bed.server->send(pair.server, data).GetResult() == 20000);
    REQUIRE(bed.client->shutdown(pair.client, SD_SEND) == 0);
    REQUIRE(bed.server->shutdown(pair.server, SD_SEND) == 0);
    auto clientRead = bed.StartReader(0, pair.client);
    auto serverRead = bed.StartReader(1, pair.server);
    bed.RunFor(Seconds(5));
    bed.RethrowIfFailed();

    for (const uint32_t host : {0U, 1U})
    {
        CAPTURE(host);
        const auto peerFin = FirstFinSequence(bed, 1 - host, start);
        REQUIRE(peerFin.has_value());
        CHECK(Transition(bed, host, TcpSocket::FIN_WAIT_1, TcpSocket::CLOSING).has_value());
        CHECK(CountSentAcking(bed, host, kAck, *peerFin + 1, start) >= 1);
        CHECK(Transition(bed, host, TcpSocket::CLOSING, TcpSocket::TIME_WAIT).has_value());
    }
    CheckReadWhole(*clientRead, data);
    CheckReadWhole(*serverRead, data);
}

namespace
{
/// Host 0 disconnects and host 1, in CLOSE_WAIT, sends data and closes at once (LAST_ACK).
/// \return when host 1 sent
Time
PeerSendsThenCloses(WsaTestBed& bed, const ConnectedPair& pair, const std::vector<uint8_t>& data)
{
    REQUIRE(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    bed.RunFor(MilliSeconds(50)); // host 1 in CLOSE_WAIT
    const Time start = Simulator::Now();
    REQUIRE(bed.server->send(pair.server, data).GetResult() == static_cast<int>(data.size()));
    REQUIRE(bed.server->closesocket(pair.server).GetResult() == 0);
    return start;
}

} // namespace

// RFC 9293 3.10.7.4, fifth (ACK field), LAST-ACK: "If our FIN is now acknowledged, delete the
// TCB, enter the CLOSED state". ns-3.37 closed on the first ACK in LAST_ACK, one of data sent
// before the FIN, with that data and the FIN still in flight.
TEST_CASE("last_ack_acknowledgement_of_data_alone_does_not_close", "[tcp]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = PeerSendsThenCloses(bed, pair, Pattern(20000));
    bed.RunFor(Seconds(3));

    const auto fin = FirstFinSequence(bed, 1, start);
    REQUIRE(fin.has_value());
    const auto finAcked = AckArrival(bed, 1, *fin + 1);
    const auto closed = Transition(bed, 1, TcpSocket::LAST_ACK, TcpSocket::CLOSED);
    REQUIRE(finAcked.has_value());
    REQUIRE(closed.has_value());
    CHECK(*closed == *finAcked);
}

// The segment that carries the last data and the FIN is lost: host 1, in LAST_ACK, sends it
// again and host 0 reads every byte, then end of stream (ns-3.37 had closed on the ACK of the
// earlier data: the rest was lost without a word).
TEST_CASE("last_ack_lost_last_data_segment_is_sent_again", "[tcp][fault]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    bed.net.AddDropRule(0, Seconds(0), kFin, true, 1); // the data segment carrying the FIN
    const auto data = Pattern(20000);
    const Time start = PeerSendsThenCloses(bed, pair, data);
    auto read = bed.StartReader(0, pair.client);
    bed.RunFor(Seconds(5));
    bed.RethrowIfFailed();

    CHECK(bed.trace.CountSent(bed.NodeId(1), kFin, start) >= 2);
    CheckReadWhole(*read, data);
    CHECK(Transition(bed, 1, TcpSocket::LAST_ACK, TcpSocket::CLOSED).has_value());
}

// The data leaves in send and the FIN on its own in closesocket (CLOSE_WAIT -> LAST_ACK); the FIN
// is lost, the data acknowledged. ns-3.37 cancels the retransmission timer in LAST_ACK once the
// data is acknowledged (it keeps it in FIN_WAIT_1 and CLOSING only), so the FIN never went again.
TEST_CASE("last_ack_lost_fin_is_sent_again", "[tcp][fault]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    bed.net.AddDropRule(0, Seconds(0), kFin, false, 1);
    const auto data = Pattern(100);
    const Time start = PeerSendsThenCloses(bed, pair, data);
    auto read = bed.StartReader(0, pair.client);
    bed.RunFor(Seconds(5));
    bed.RethrowIfFailed();

    const auto sent = bed.trace.Sent(bed.NodeId(1), start);
    REQUIRE(sent.size() >= 2);
    CHECK(sent[0].payloadSize == 100);
    CHECK((sent[1].flags & kFin) != 0); // a FIN of its own
    CHECK(sent[1].payloadSize == 0);
    CHECK(bed.trace.CountSent(bed.NodeId(1), kFin, start) == 2);
    CheckReadWhole(*read, data);
    CHECK(Transition(bed, 1, TcpSocket::LAST_ACK, TcpSocket::CLOSED).has_value());
}

// Tests of when send's data goes on the wire: inside the call, as real stacks put it there.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

// RFC 9293 3.10.2, SEND in ESTABLISHED: "Segmentize the buffer and send it". The first segment
// leaves before send returns, at the call's instant (ns-3.37's Send() would wait one time step).
TEST_CASE("established_send_transmits_inside_the_call", "[send]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    size_t segmentsWhenSendReturned = 0;
    Time calledAt;
    bed.At(MilliSeconds(1),
           [&]
           {
               calledAt = Simulator::Now();
               auto send = bed.client->send(pair.client, Pattern(100));
               REQUIRE(send.IsDone());
               CHECK(send.GetResult() == 100);
               segmentsWhenSendReturned = bed.trace.Sent(bed.NodeId(0), start).size();
           });
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();

    CHECK(segmentsWhenSendReturned == 1);
    std::optional<TimedSegment> first;
    for (const auto& timed : bed.trace.Segments())
    {
        if (timed.at >= start && timed.segment.outgoing && timed.segment.nodeId == bed.NodeId(0)
            && timed.segment.payloadSize > 0 && !first)
        {
            first = timed;
        }
    }
    REQUIRE(first.has_value());
    CHECK(first->at == calledAt);
    CHECK(first->segment.payloadSize == 100);
}

// send, then closesocket with linger {1,0} at the same instant: the first window is on the wire
// before the RST (which carries the sequence number after it), the rest is dropped
// (CLS-HARD-CLOSE: "unsent data lost"). The peer has data it has not read when the RST arrives:
// Windows discards it, and recv fails with WSAECONNRESET at once (CLS-HARD-PEER-RESET).
TEST_CASE("established_send_then_linger_zero_closesocket_sends_first_window_before_rst",
          "[send][linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 0);
    const Time start = Simulator::Now();
    const auto data = Pattern(20000);
    bed.At(Seconds(0),
           [&]
           {
               auto send = bed.client->send(pair.client, data);
               REQUIRE(send.IsDone());
               REQUIRE(send.GetResult() == 20000);
               REQUIRE(bed.client->closesocket(pair.client).GetResult() == 0);
           });
    bed.RunFor(Seconds(1));
    auto read = bed.StartReader(1, pair.server);
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();

    const auto sent = bed.trace.Sent(bed.NodeId(0), start);
    REQUIRE_FALSE(sent.empty());
    uint64_t payloadBeforeRst = 0;
    size_t i = 0;
    for (; i < sent.size() && (sent[i].flags & kRst) == 0; ++i)
    {
        payloadBeforeRst += sent[i].payloadSize;
    }
    REQUIRE(i < sent.size()); // a RST was sent
    CHECK(payloadBeforeRst > 0);
    CHECK(payloadBeforeRst < data.size());
    CHECK(sent[i].sequence == sent[0].sequence + payloadBeforeRst);
    CHECK(bed.trace.PayloadSent(bed.NodeId(0), start) == payloadBeforeRst); // nothing after it
    CHECK(bed.trace.CountReceived(bed.NodeId(1), kRst, start) >= 1);
    uint64_t payloadReceived = 0;
    for (const auto& [at, segment] : bed.trace.Segments())
    {
        if (at >= start && !segment.outgoing && segment.nodeId == bed.NodeId(1))
        {
            payloadReceived += segment.payloadSize;
        }
    }
    CHECK(payloadReceived == payloadBeforeRst); // unread at the peer when the RST arrived
    REQUIRE(read->finished);
    CHECK(read->error == WsaError::WSAECONNRESET);
    CHECK(read->bytes.empty());
}

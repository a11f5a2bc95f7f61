// Tests of WSASendDisconnect's success clauses on a connected TCP socket (Windows Sockets 2 API,
// WSASendDisconnect, Remarks and Return Values).
#include "wsa-test-fixture.h"

#include <optional>
#include <set>

using namespace wsdtest;

namespace
{
/// Send bytes, then WSASendDisconnect(NULL), then try to send more; record what each returned.
struct SendThenDisconnect
{
    int firstSend{-2};                         //!< what the send before returned
    int disconnect{-2};                        //!< what WSASendDisconnect returned
    int secondSend{-2};                        //!< what the send after returned
    WsaError secondError{WsaError::NO_ERROR_}; //!< its error
    WsaError lastError{WsaError::NO_ERROR_};   //!< WSAGetLastError() after it
};

WsaTask
SendDisconnectSend(Ptr<WsaThread> t,
                   SOCKET s,
                   std::vector<uint8_t> before,
                   std::vector<uint8_t> after,
                   std::shared_ptr<SendThenDisconnect> out)
{
    out->firstSend = co_await t->send(s, before);
    out->disconnect = t->WSASendDisconnect(s, nullptr);
    auto second = t->send(s, after);
    out->secondSend = co_await second;
    out->secondError = second.GetError();
    out->lastError = LastError(t);
}
} // namespace

// "If no error occurs, WSASendDisconnect returns zero." "WSASendDisconnect does not block
// regardless of the SO_LINGER setting on the socket."
TEST_CASE("established_send_disconnect_returns_zero_without_blocking_under_linger",
          "[wsasenddisconnect][linger]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    bool ran = false;
    bed.At(MilliSeconds(1),
           [&]
           {
               // Queued unsent data would make a lingering close wait; WSASendDisconnect must not.
               auto send = bed.client->send(pair.client, Pattern(20000));
               REQUIRE(send.IsDone());
               REQUIRE(send.GetResult() == 20000);
               const Time before = Simulator::Now();
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
               CHECK(Simulator::Now() == before);
               CHECK_FALSE(bed.client->IsBlocked());
               CHECK(bed.client->WSAIsBlocking() == 0);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
}

// "WSASendDisconnect is used on connection-oriented sockets to disable transmission, and to
// initiate termination of the connection": the FIN goes after all data already queued
// (SHD-SEND-FIN-AFTER-DATA: "a FIN will be sent after all data is sent").
TEST_CASE("established_send_disconnect_sends_fin_after_queued_data", "[wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const auto data = Pattern(50000);
    const Time start = Simulator::Now();
    auto out = std::make_shared<SendThenDisconnect>();
    bed.client->Start(SendDisconnectSend(bed.client, pair.client, data, {}, out));
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(5));
    bed.RethrowIfFailed();

    CHECK(out->firstSend == 50000);
    CHECK(out->disconnect == 0);
    // The peer reads every byte, in order, then end of stream.
    REQUIRE(read->finished);
    CHECK(read->bytes == data);
    CHECK(read->endOfStream);
    // On the wire: exactly one FIN (by sequence number), and no payload after it.
    const auto sent = bed.trace.Sent(bed.NodeId(0), start);
    size_t firstFin = sent.size();
    size_t lastPayload = 0;
    uint64_t payloadBeforeFin = 0;
    for (size_t i = 0; i < sent.size(); ++i)
    {
        if ((sent[i].flags & kFin) != 0 && firstFin == sent.size())
        {
            firstFin = i;
            payloadBeforeFin += sent[i].payloadSize; // the FIN may ride on the last data
        }
        else if (firstFin == sent.size())
        {
            payloadBeforeFin += sent[i].payloadSize;
        }
        if (sent[i].payloadSize > 0)
        {
            lastPayload = i;
        }
    }
    REQUIRE(firstFin < sent.size());
    CHECK(lastPayload <= firstFin);
    CHECK(payloadBeforeFin == data.size());
}

// The FIN follows the data at once when every byte has left already, unacknowledged (RFC 9293
// 3.10.4, CLOSE: "Queue this until all preceding SENDs have been segmentized, then form a FIN
// segment and send it"). ns-3.37's ShutdownSend() waited for a last data segment that never
// came: no FIN at all, and the peer's recv waited for ever.
TEST_CASE("established_data_in_flight_send_disconnect_sends_fin_at_once", "[wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    const auto data = Pattern(100);
    REQUIRE(bed.client->send(pair.client, data).GetResult() == 100);
    bed.RunFor(MicroSeconds(500)); // the data has left; its ACK is still on the way
    const auto before = bed.trace.Sent(bed.NodeId(0), start);
    REQUIRE(before.size() == 1);
    REQUIRE(before[0].payloadSize == 100);
    REQUIRE(bed.trace.CountReceived(bed.NodeId(0), kAck, start) == 0);
    const Time disconnectAt = Simulator::Now();
    CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    auto read = bed.StartReader(1, pair.server);
    bed.RunFor(Seconds(2));
    bed.RethrowIfFailed();

    std::optional<TimedSegment> fin;
    for (const auto& timed : bed.trace.Segments())
    {
        if (timed.segment.outgoing && timed.segment.nodeId == bed.NodeId(0)
            && (timed.segment.flags & kFin) != 0 && !fin)
        {
            fin = timed;
        }
    }
    REQUIRE(fin.has_value());
    CHECK(fin->at == disconnectAt); // inside the call
    CHECK(fin->segment.payloadSize == 0);
    CHECK(fin->segment.sequence == before[0].sequence + 100); // right after the data
    REQUIRE(read->finished);
    CHECK(read->bytes == data);
    CHECK(read->endOfStream);
}

// "After this function has been successfully issued, subsequent sends are disallowed."
// The send fails with WSAESHUTDOWN (SHD-SEND-SENDS-FAIL) and its bytes never reach the wire, even
// while earlier data is still unacknowledged (ns-3.37 TcpSocketBase::Send would queue and send
// them after ShutdownSend).
TEST_CASE("established_send_disconnect_then_send_fails_eshutdown_and_sends_nothing",
          "[wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const auto data = Pattern(3000);
    const Time start = Simulator::Now();
    auto out = std::make_shared<SendThenDisconnect>();
    bed.client->Start(SendDisconnectSend(bed.client, pair.client, data, Pattern(5000, 7), out));
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(5));
    bed.RethrowIfFailed();

    CHECK(out->firstSend == 3000);
    CHECK(out->disconnect == 0);
    CHECK(out->secondSend == SOCKET_ERROR);
    CHECK(out->secondError == WsaError::WSAESHUTDOWN);
    CHECK(out->lastError == WsaError::WSAESHUTDOWN);
    REQUIRE(read->finished);
    CHECK(read->bytes == data);
    CHECK(read->endOfStream);
    // No retransmissions on a lossless link: the payload on the wire is the first send only.
    CHECK(bed.trace.PayloadSent(bed.NodeId(0), start) == data.size());
}

// "Note that WSASendDisconnect does not close the socket": the peer can still send to it and it
// still receives (a half-close); the peer's FIN ends the stream.
TEST_CASE("established_send_disconnect_half_close_still_receives_peer_data", "[wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const auto reply = Pattern(3000, 3);
    auto serverRead = bed.StartReader(1, pair.server);
    CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    bed.RunFor(Seconds(1));
    REQUIRE(serverRead->finished);
    CHECK(serverRead->endOfStream);
    CHECK(serverRead->bytes.empty());
    // The client's FIN is acknowledged and the peer has it; the client's side is not closed.
    CHECK(bed.trace.Entered(bed.NodeId(0), TcpSocket::FIN_WAIT_2));
    CHECK(bed.trace.Entered(bed.NodeId(1), TcpSocket::CLOSE_WAIT));
    CHECK_FALSE(bed.trace.Entered(bed.NodeId(0), TcpSocket::TIME_WAIT));
    CHECK_FALSE(bed.trace.Entered(bed.NodeId(0), TcpSocket::CLOSED));

    // The server answers after seeing the end of the client's stream, then disconnects too.
    auto serverSend = bed.StartSender(1, pair.server, reply);
    auto clientRead = bed.StartReader(0, pair.client, MilliSeconds(1));
    bed.At(MilliSeconds(500), [&] { CHECK(bed.server->shutdown(pair.server, SD_SEND) == 0); });
    bed.RunFor(Seconds(2));
    bed.RethrowIfFailed();
    CHECK(serverSend->sent == reply.size());
    REQUIRE(clientRead->finished);
    CHECK(clientRead->bytes == reply);
    CHECK(clientRead->endOfStream);
}

// "resources attached to the socket will not be freed until closesocket is invoked": the handle
// stays a socket after the disconnect, after the peer closes and after TIME_WAIT (240 s), until
// closesocket; then it is no longer a socket (WSAENOTSOCK).
TEST_CASE("established_send_disconnect_keeps_handle_until_closesocket", "[wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    bed.RunFor(Seconds(1));
    bed.At(Seconds(0), [&] { (void)bed.server->closesocket(pair.server); });
    bed.RunFor(Seconds(300)); // past TIME_WAIT
    CHECK(bed.trace.Entered(bed.NodeId(0), TcpSocket::TIME_WAIT));

    LINGER linger{9, 9};
    int length = sizeof(LINGER);
    CHECK(bed.client->getsockopt(
              pair.client, WS_SOL_SOCKET, WS_SO_LINGER, reinterpret_cast<char*>(&linger), &length)
          == 0);
    CHECK(linger.l_onoff == 0); // the default: linger off

    bool ran = false;
    bed.At(Seconds(0),
           [&]
           {
               auto close = bed.client->closesocket(pair.client);
               REQUIRE(close.IsDone());
               CHECK(close.GetResult() == 0);
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == SOCKET_ERROR);
               CHECK(LastError(bed.client) == WsaError::WSAENOTSOCK);
               CHECK(bed.client->getsockopt(pair.client,
                                            WS_SOL_SOCKET,
                                            WS_SO_LINGER,
                                            reinterpret_cast<char*>(&linger),
                                            &length)
                     == SOCKET_ERROR);
               CHECK(LastError(bed.client) == WsaError::WSAENOTSOCK);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
}

// "a Windows Sockets provider is not required to support the use of connect/WSAConnect on such a
// socket": this model refuses it because the socket is still connected (WSAEISCONN).
TEST_CASE("established_send_disconnect_then_connect_fails_eisconn", "[wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    std::optional<WsaBlockingCall<int>> connect;
    bed.At(MilliSeconds(1),
           [&] {
               connect = bed.client->connect(pair.client,
                                             InetSocketAddress(bed.net.GetAddress(1), kPort));
           });
    bed.RunFor(Seconds(1));
    REQUIRE(connect.has_value());
    REQUIRE(connect->IsDone());
    CHECK(connect->GetResult() == SOCKET_ERROR);
    CHECK(connect->GetError() == WsaError::WSAEISCONN);
}

// Sends are already disabled the second time; the call still succeeds and starts nothing new.
TEST_CASE("established_send_disconnect_twice_returns_zero_and_sends_one_fin", "[wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    bed.RunFor(Seconds(1));
    bool ran = false;
    bed.At(Seconds(0),
           [&]
           {
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
    std::set<uint32_t> finSequences;
    for (const auto& segment : bed.trace.Sent(bed.NodeId(0), start))
    {
        if ((segment.flags & kFin) != 0)
        {
            finSequences.insert(segment.sequence);
        }
    }
    CHECK(finSequences.size() == 1);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
}

// WSASendDisconnect is shutdown(SD_SEND) plus disconnect data (SHD-WSD-EQUIVALENT),
// so an abortive SO_LINGER {1,0} does not turn it into a reset: a FIN goes, not a RST.
TEST_CASE("established_send_disconnect_with_linger_zero_sends_fin_not_rst",
          "[wsasenddisconnect][linger]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 0);
    const Time start = Simulator::Now();
    auto read = bed.StartReader(1, pair.server);
    CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    bed.RunFor(Seconds(1));
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin, start) >= 1);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
    REQUIRE(read->finished);
    CHECK(read->endOfStream);
    CHECK(bed.trace.Entered(bed.NodeId(0), TcpSocket::FIN_WAIT_2));
}

// The complete wire picture of a disconnect with nothing queued (RFC 9293 3.6, case 1): host 0
// sends one FIN (with the ACK every segment after the handshake carries) and no data; host 1
// acknowledges it and, having closed nothing itself, sends nothing else.
TEST_CASE("established_idle_send_disconnect_wire_is_one_fin_and_its_ack", "[wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    bed.At(Seconds(0), [&] { CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0); });
    bed.RunFor(Seconds(2));
    const auto fromClient = bed.trace.Sent(bed.NodeId(0), start);
    REQUIRE(fromClient.size() == 1);
    CHECK(fromClient[0].flags == (kFin | kAck));
    CHECK(fromClient[0].payloadSize == 0);
    const auto fromServer = bed.trace.Sent(bed.NodeId(1), start);
    REQUIRE(fromServer.size() == 1);
    CHECK(fromServer[0].flags == kAck);
    CHECK(fromServer[0].acknowledgement == fromClient[0].sequence + 1); // the FIN takes one
    CHECK(bed.trace.CountReceived(bed.NodeId(1), kFin, start) == 1);
}

// The peer closed first (this side is in CLOSE_WAIT): the socket is still connected, so
// WSASendDisconnect succeeds and its FIN ends the connection (LAST_ACK, then CLOSED).
TEST_CASE("close_wait_send_disconnect_returns_zero_and_sends_fin", "[wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.server->WSASendDisconnect(pair.server, nullptr) == 0);
    auto read = bed.StartReader(0, pair.client);
    bed.RunFor(Seconds(1));
    REQUIRE(read->endOfStream);
    REQUIRE(bed.trace.Entered(bed.NodeId(0), TcpSocket::CLOSE_WAIT));
    const Time start = Simulator::Now();
    bool ran = false;
    bed.At(Seconds(0),
           [&]
           {
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin, start) >= 1);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
    CHECK(bed.trace.Entered(bed.NodeId(0), TcpSocket::LAST_ACK));
    CHECK(bed.trace.Entered(bed.NodeId(1), TcpSocket::TIME_WAIT));
}

// Tests of shutdown(): each direction on a TCP connection, an invalid how, and never blocking.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

// "how is SD_RECEIVE (0), SD_SEND (1) or SD_BOTH (2); any other value is WSAEINVAL."
TEST_CASE("established_shutdown_invalid_how_errors_with_wsaeinval", "[shutdown][errors]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    CHECK(bed.client->shutdown(pair.client, 3) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEINVAL);
    CHECK(bed.client->shutdown(pair.client, -1) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEINVAL);
    // Nothing was shut down: a send still works.
    auto sent = bed.StartSender(0, pair.client, Pattern(10));
    bed.RunFor(Seconds(1));
    CHECK(sent->sent == 10);
}

// WSAENOTCONN "The socket is not connected (connection-oriented sockets only)."
TEST_CASE("unconnected_stream_shutdown_errors_with_wsaenotconn", "[shutdown][errors]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(s != INVALID_SOCKET);
    for (int how : {SD_RECEIVE, SD_SEND, SD_BOTH})
    {
        CHECK(bed.client->shutdown(s, how) == SOCKET_ERROR);
        CHECK(LastError(bed.client) == WsaError::WSAENOTCONN);
    }
}

// SD_SEND: "further sends fail with WSAESHUTDOWN; the FIN follows all data already queued. The
// peer's recv returns 0 once it has read all data that came before the FIN."
TEST_CASE("established_shutdown_send_sends_fin_after_queued_data_and_refuses_sends", "[shutdown]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const auto data = Pattern(40000);
    const Time start = Simulator::Now();
    std::optional<WsaBlockingCall<int>> late;
    bed.At(Seconds(0),
           [&]
           {
               auto send = bed.client->send(pair.client, data);
               REQUIRE(send.IsDone());
               REQUIRE(send.GetResult() == static_cast<int>(data.size()));
               CHECK(bed.client->shutdown(pair.client, SD_SEND) == 0);
               late = bed.client->send(pair.client, Pattern(100));
           });
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(3));
    bed.RethrowIfFailed();
    REQUIRE(late.has_value());
    REQUIRE(late->IsDone());
    CHECK(late->GetResult() == SOCKET_ERROR);
    CHECK(late->GetError() == WsaError::WSAESHUTDOWN);
    REQUIRE(read->finished);
    CHECK(read->bytes == data);
    CHECK(read->endOfStream);
    CHECK(bed.trace.PayloadSent(bed.NodeId(0), start) == data.size());
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin, start) >= 1);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
}

// SD_RECEIVE: "further receives fail with WSAESHUTDOWN." With nothing queued and nothing
// arriving, the connection stays up: no RST, and the other direction still works.
TEST_CASE("established_shutdown_receive_then_recv_fails_eshutdown", "[shutdown]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    std::optional<WsaBlockingCall<int>> recv;
    bed.At(Seconds(0),
           [&]
           {
               CHECK(bed.client->shutdown(pair.client, SD_RECEIVE) == 0);
               recv = bed.client->recv(pair.client, 100);
           });
    auto sent = bed.StartSender(0, pair.client, Pattern(500), MilliSeconds(10));
    auto read = bed.StartReader(1, pair.server, MilliSeconds(10));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(recv.has_value());
    REQUIRE(recv->IsDone());
    CHECK(recv->GetResult() == SOCKET_ERROR);
    CHECK(recv->GetError() == WsaError::WSAESHUTDOWN);
    CHECK(sent->sent == 500);
    CHECK(read->bytes == Pattern(500));
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
}

// SD_RECEIVE on TCP: "data already queued ... resets the connection": a RST on the wire, and the
// peer sees the reset (WSAECONNRESET).
TEST_CASE("established_unread_data_shutdown_receive_resets_connection", "[shutdown]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    auto toClient = bed.StartSender(1, pair.server, Pattern(200));
    bed.RunFor(Seconds(1)); // delivered, not read
    REQUIRE(toClient->sent == 200);
    const Time start = Simulator::Now();
    bed.At(Seconds(0), [&] { CHECK(bed.client->shutdown(pair.client, SD_RECEIVE) == 0); });
    auto peerRead = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) >= 1);
    REQUIRE(peerRead->finished);
    CHECK(peerRead->error == WsaError::WSAECONNRESET);
    auto peerSend = bed.StartSender(1, pair.server, Pattern(10));
    bed.RunFor(Seconds(1));
    CHECK(peerSend->finished);
    CHECK(peerSend->error == WsaError::WSAECONNRESET);
}

// SD_RECEIVE on TCP: "data ... arriving later resets the connection".
TEST_CASE("established_shutdown_receive_then_arriving_data_resets_connection", "[shutdown]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    CHECK(bed.client->shutdown(pair.client, SD_RECEIVE) == 0);
    bed.RunFor(Seconds(1));
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0); // nothing arrived yet
    const Time dataAt = Simulator::Now();
    auto toClient = bed.StartSender(1, pair.server, Pattern(200));
    auto peerRead = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, dataAt) >= 1);
    REQUIRE(peerRead->finished);
    CHECK(peerRead->error == WsaError::WSAECONNRESET);
}

// SD_BOTH: both directions disabled; the FIN goes (SD_SEND part).
TEST_CASE("established_shutdown_both_refuses_send_and_recv_and_sends_fin", "[shutdown]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    std::optional<WsaBlockingCall<int>> send;
    std::optional<WsaBlockingCall<int>> recv;
    bed.At(Seconds(0),
           [&]
           {
               CHECK(bed.client->shutdown(pair.client, SD_BOTH) == 0);
               send = bed.client->send(pair.client, Pattern(10));
               recv = bed.client->recv(pair.client, 10);
           });
    auto peerRead = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(1));
    REQUIRE(send->IsDone());
    CHECK(send->GetResult() == SOCKET_ERROR);
    CHECK(send->GetError() == WsaError::WSAESHUTDOWN);
    REQUIRE(recv->IsDone());
    CHECK(recv->GetResult() == SOCKET_ERROR);
    CHECK(recv->GetError() == WsaError::WSAESHUTDOWN);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin, start) >= 1);
    REQUIRE(peerRead->finished);
    CHECK(peerRead->endOfStream);
    CHECK(peerRead->bytes.empty());
}

// "shutdown never blocks, whatever SO_LINGER says, and does not close the socket."
TEST_CASE("established_linger_shutdown_does_not_block_or_close", "[shutdown][linger]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    bool ran = false;
    bed.At(Seconds(0),
           [&]
           {
               auto send = bed.client->send(pair.client, Pattern(30000));
               REQUIRE(send.IsDone());
               const Time before = Simulator::Now();
               CHECK(bed.client->shutdown(pair.client, SD_BOTH) == 0);
               CHECK(Simulator::Now() == before);
               CHECK_FALSE(bed.client->IsBlocked());
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
    // Still a socket: getsockopt works until closesocket.
    LINGER linger{0, 0};
    int length = sizeof(LINGER);
    CHECK(bed.client->getsockopt(
              pair.client, WS_SOL_SOCKET, WS_SO_LINGER, reinterpret_cast<char*>(&linger), &length)
          == 0);
    CHECK(linger.l_onoff != 0);
    CHECK(linger.l_linger == 10);
}

// Tests of closesocket under each SO_LINGER setting, on blocking and non-blocking sockets.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

namespace
{
/// Read SO_LINGER.
LINGER
GetLinger(const Ptr<WsaThread>& thread, SOCKET s)
{
    LINGER linger{0xffff, 0xffff};
    int length = sizeof(LINGER);
    REQUIRE(thread->getsockopt(
                s, WS_SOL_SOCKET, WS_SO_LINGER, reinterpret_cast<char*>(&linger), &length)
            == 0);
    CHECK(length == sizeof(LINGER));
    return linger;
}

/// Set SO_DONTLINGER.
int
SetDontLinger(const Ptr<WsaThread>& thread, SOCKET s, BOOL value)
{
    return thread->setsockopt(
        s, WS_SOL_SOCKET, WS_SO_DONTLINGER, reinterpret_cast<const char*>(&value), sizeof(BOOL));
}

/// What a closesocket returned, and when it was called.
struct CloseRecord
{
    std::optional<WsaBlockingCall<int>> call; //!< the call
    Time calledAt;                            //!< when
};

/// Schedule send(data) (must be accepted at once) then closesocket on host 0's main thread.
std::shared_ptr<CloseRecord>
SendThenClose(WsaTestBed& bed, SOCKET s, std::vector<uint8_t> data, Time delay = Seconds(0))
{
    auto record = std::make_shared<CloseRecord>();
    bed.At(delay,
           [&bed, s, data, record]
           {
               if (!data.empty())
               {
                   auto send = bed.client->send(s, data);
                   REQUIRE(send.IsDone());
                   REQUIRE(send.GetResult() == static_cast<int>(data.size()));
               }
               record->calledAt = Simulator::Now();
               record->call = bed.client->closesocket(s);
           });
    return record;
}

/// Whether a node sent a segment with a flag after a time.
bool
SentFlag(const WsaTestBed& bed, uint32_t host, uint8_t flag, Time from)
{
    return bed.trace.CountSent(bed.NodeId(host), flag, from) > 0;
}
} // namespace

// --- The options ------------------------------------------------------------------------------

TEST_CASE("new_socket_linger_option_defaults_to_off", "[linger]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    CHECK(GetLinger(bed.client, s).l_onoff == 0); // "0 (default)" in the linger table
}

TEST_CASE("socket_set_linger_then_get_linger_round_trips", "[linger]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    SetLinger(bed.client, s, 1, 7);
    const LINGER linger = GetLinger(bed.client, s);
    CHECK(linger.l_onoff != 0);
    CHECK(linger.l_linger == 7);
}

// accept function, Remarks: the accepted socket "has the same properties as socket s": it
// inherits the listener's SO_LINGER (Wine's test_accept_inheritance, which runs on Windows).
TEST_CASE("listening_linger_is_inherited_by_accepted_socket", "[linger][accept]")
{
    WsaTestBed bed;
    auto pair = std::make_shared<ConnectedPair>();
    pair->listener = bed.server->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(bed.server->bind(pair->listener, InetSocketAddress(bed.net.GetAddress(1), kPort)) == 0);
    SetLinger(bed.server, pair->listener, 1, 555);
    REQUIRE(bed.server->listen(pair->listener, 5) == 0);
    bed.At(MilliSeconds(1),
           [&bed, pair]
           {
               pair->client = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
               static_cast<void>(bed.client->connect(
                   pair->client,
                   InetSocketAddress(bed.net.GetAddress(1), kPort))); // completes in the background
           });
    bed.RunFor(Seconds(1));
    auto accept = bed.server->accept(pair->listener);
    REQUIRE(accept.IsDone());
    const SOCKET accepted = accept.GetResult();
    REQUIRE(accepted != INVALID_SOCKET);
    const LINGER linger = GetLinger(bed.server, accepted);
    CHECK(linger.l_onoff != 0);
    CHECK(linger.l_linger == 555);
}

// "SO_DONTLINGER is a BOOL: TRUE means l_onoff = 0; FALSE means lingering on, with the timeout set
// earlier."
TEST_CASE("socket_dontlinger_toggles_linger_keeping_timeout", "[linger]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    SetLinger(bed.client, s, 1, 12);
    CHECK(SetDontLinger(bed.client, s, 1) == 0);
    CHECK(GetLinger(bed.client, s).l_onoff == 0);
    BOOL dontLinger = 0;
    int length = sizeof(BOOL);
    CHECK(bed.client->getsockopt(
              s, WS_SOL_SOCKET, WS_SO_DONTLINGER, reinterpret_cast<char*>(&dontLinger), &length)
          == 0);
    CHECK(dontLinger != 0);
    CHECK(SetDontLinger(bed.client, s, 0) == 0);
    const LINGER linger = GetLinger(bed.client, s);
    CHECK(linger.l_onoff != 0);
    CHECK(linger.l_linger == 12);
    CHECK(bed.client->getsockopt(
              s, WS_SOL_SOCKET, WS_SO_DONTLINGER, reinterpret_cast<char*>(&dontLinger), &length)
          == 0);
    CHECK(dontLinger == 0);
}

TEST_CASE("socket_linger_option_short_length_errors_with_wsaefault", "[linger][errors]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    const LINGER linger{1, 5};
    CHECK(bed.client->setsockopt(s,
                                 WS_SOL_SOCKET,
                                 WS_SO_LINGER,
                                 reinterpret_cast<const char*>(&linger),
                                 sizeof(LINGER) - 1)
          == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEFAULT);
    LINGER out{0, 0};
    int length = sizeof(LINGER) - 1;
    CHECK(bed.client->getsockopt(
              s, WS_SOL_SOCKET, WS_SO_LINGER, reinterpret_cast<char*>(&out), &length)
          == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEFAULT);
}

TEST_CASE("socket_unknown_option_errors_with_wsaenoprotoopt", "[linger][errors]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    int value = 1;
    CHECK(bed.client->setsockopt(
              s, WS_SOL_SOCKET, 0x7777, reinterpret_cast<const char*>(&value), sizeof(value))
          == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOPROTOOPT);
    int length = sizeof(value);
    CHECK(bed.client->getsockopt(s, WS_SOL_SOCKET, 0x7777, reinterpret_cast<char*>(&value), &length)
          == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOPROTOOPT);
}

// --- Linger off (default): "graceful, completed in the background"; "closesocket returns at once
// and never fails with WSAEWOULDBLOCK, blocking socket or not; queued data is still delivered and
// the FIN follows it." ---------------------------------------------------------------------------

TEST_CASE("established_linger_off_blocking_closesocket_returns_at_once_and_delivers_data",
          "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const auto data = Pattern(40000);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, data);
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(3));
    bed.RethrowIfFailed();
    REQUIRE(close->call.has_value());
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetReturnTime() == close->calledAt);
    REQUIRE(read->finished);
    CHECK(read->bytes == data);
    CHECK(read->endOfStream);
    CHECK(SentFlag(bed, 0, kFin, start));
    CHECK_FALSE(SentFlag(bed, 0, kRst, start));
}

TEST_CASE("established_linger_off_nonblocking_closesocket_returns_at_once_and_delivers_data",
          "[linger][closesocket][nonblocking]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    MakeNonBlocking(bed.client, pair.client);
    const auto data = Pattern(40000);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, data);
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(3));
    bed.RethrowIfFailed();
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetError() == WsaError::NO_ERROR_);
    CHECK(close->call->GetReturnTime() == close->calledAt);
    REQUIRE(read->finished);
    CHECK(read->bytes == data);
    CHECK(read->endOfStream);
    CHECK(SentFlag(bed, 0, kFin, start));
    CHECK_FALSE(SentFlag(bed, 0, kRst, start));
}

TEST_CASE("established_no_data_linger_off_blocking_closesocket_returns_at_once_and_sends_fin",
          "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, {});
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetReturnTime() == close->calledAt);
    CHECK(SentFlag(bed, 0, kFin, start));
    CHECK_FALSE(SentFlag(bed, 0, kRst, start));
    REQUIRE(read->finished);
    CHECK(read->endOfStream);
    CHECK(read->bytes.empty());
}

// --- Linger {1,0}: "hard (abortive): connection reset, unsent data lost"; "the peer sees the
// connection reset: its recv (and send) fail with WSAECONNRESET; no TIME_WAIT on the closing
// side." ------------------------------------------------------------------------------------------

TEST_CASE("established_linger_zero_blocking_closesocket_resets_and_drops_unsent_data",
          "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 0);
    const auto data = Pattern(60000);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, data);
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(3));
    bed.RethrowIfFailed();
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetReturnTime() == close->calledAt);
    CHECK(SentFlag(bed, 0, kRst, start));
    CHECK_FALSE(SentFlag(bed, 0, kFin, start));
    // Unsent data is lost: most of 60000 bytes cannot have left in the same instant.
    CHECK(bed.trace.PayloadSent(bed.NodeId(0), start) < data.size());
    REQUIRE(read->finished);
    CHECK(read->error == WsaError::WSAECONNRESET);
    CHECK(read->bytes.size() < data.size());
    CHECK_FALSE(bed.trace.Entered(bed.NodeId(0), TcpSocket::TIME_WAIT));
}

// The wire picture of a hard close with nothing queued: host 0 sends one RST and nothing else, and
// host 1 receives it (a real segment on the link); host 1 answers nothing.
TEST_CASE("established_linger_zero_closesocket_wire_is_one_rst", "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 0);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, {});
    bed.RunFor(Seconds(2));
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    const auto fromClient = bed.trace.Sent(bed.NodeId(0), start);
    REQUIRE(fromClient.size() == 1);
    CHECK((fromClient[0].flags & kRst) != 0);
    CHECK((fromClient[0].flags & (kFin | kSyn)) == 0);
    CHECK(fromClient[0].payloadSize == 0);
    CHECK(bed.trace.CountReceived(bed.NodeId(1), kRst, start) == 1);
    CHECK(bed.trace.Sent(bed.NodeId(1), start).empty());
}

TEST_CASE("established_linger_zero_nonblocking_closesocket_resets_at_once_dropping_unsent_data",
          "[linger][closesocket][nonblocking]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 0);
    MakeNonBlocking(bed.client, pair.client);
    const auto data = Pattern(60000);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, data);
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(3));
    bed.RethrowIfFailed();
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetReturnTime() == close->calledAt);
    CHECK(SentFlag(bed, 0, kRst, start));
    CHECK_FALSE(SentFlag(bed, 0, kFin, start));
    CHECK(bed.trace.PayloadSent(bed.NodeId(0), start) < data.size());
    REQUIRE(read->finished);
    CHECK(read->error == WsaError::WSAECONNRESET);
    CHECK_FALSE(bed.trace.Entered(bed.NodeId(0), TcpSocket::TIME_WAIT));
}

TEST_CASE("established_linger_zero_closesocket_peer_send_fails_econnreset", "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 0);
    auto close = SendThenClose(bed, pair.client, {});
    bed.RunFor(Seconds(1));
    REQUIRE(close->call->IsDone());
    auto peerSend = bed.StartSender(1, pair.server, Pattern(10));
    bed.RunFor(Seconds(1));
    REQUIRE(peerSend->finished);
    CHECK(peerSend->error == WsaError::WSAECONNRESET);
}

// --- Linger {1,N}, blocking socket: "closesocket blocks until the data and the FIN are
// acknowledged or the timeout passes; on timeout the connection is reset. It returns 0 in both
// cases." ----------------------------------------------------------------------------------------

TEST_CASE("established_linger_timeout_blocking_closesocket_waits_for_fin_ack",
          "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    const auto data = Pattern(20000);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, data);
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bool blockedMeanwhile = false;
    bed.At(MicroSeconds(500), [&] { blockedMeanwhile = bed.client->IsBlocked(); });
    bed.RunFor(Seconds(15));
    bed.RethrowIfFailed();
    CHECK(blockedMeanwhile);
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    // Returned once the data and FIN were acknowledged: later than the call (at least one round
    // trip of a 1 ms link), well before the 10 s timeout.
    CHECK(close->call->GetReturnTime() > close->calledAt + MilliSeconds(2));
    CHECK(close->call->GetReturnTime() < close->calledAt + Seconds(1));
    CHECK(SentFlag(bed, 0, kFin, start));
    CHECK_FALSE(SentFlag(bed, 0, kRst, start));
    REQUIRE(read->finished);
    CHECK(read->bytes == data);
    CHECK(read->endOfStream);
}

TEST_CASE("established_no_data_linger_timeout_blocking_closesocket_waits_for_fin_ack",
          "[linger][closesocket]")
{
    // Nothing unsent, but the FIN still has to be acknowledged: the call blocks for about one
    // round trip (2 ms of propagation on the 1 ms link), and a FIN goes, not a RST.
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, {});
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(15));
    bed.RethrowIfFailed();
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetReturnTime() >= close->calledAt + MilliSeconds(2));
    CHECK(close->call->GetReturnTime() < close->calledAt + Seconds(1));
    CHECK(SentFlag(bed, 0, kFin, start));
    CHECK_FALSE(SentFlag(bed, 0, kRst, start));
    REQUIRE(read->finished);
    CHECK(read->endOfStream);
}

TEST_CASE("established_linger_timeout_expires_blocking_closesocket_returns_zero_and_resets",
          "[linger][closesocket]")
{
    // The peer never reads and its receive buffer is small, so 20000 bytes cannot be
    // acknowledged within the 3 s timeout.
    WsaTestBed bed(BedOptions{.rcvBufSize = 2000});
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 3);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, Pattern(20000));
    bed.RunFor(Seconds(2));
    REQUIRE(close->call.has_value());
    CHECK_FALSE(close->call->IsDone()); // still lingering after 2 s
    CHECK(bed.client->IsBlocked());
    bed.RunFor(Seconds(3));
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetReturnTime() == close->calledAt + Seconds(3));
    CHECK(SentFlag(bed, 0, kRst, start));
    // A reset is a hard close: "no TIME_WAIT on the closing side".
    CHECK_FALSE(bed.trace.Entered(bed.NodeId(0), TcpSocket::TIME_WAIT));
    auto read = bed.StartReader(1, pair.server);
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(read->finished);
    CHECK(read->error == WsaError::WSAECONNRESET);
}

TEST_CASE("established_link_down_linger_timeout_blocking_closesocket_returns_zero_at_timeout",
          "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 4);
    bed.net.SetInterfaceUp(1, false); // the receiver acknowledges nothing
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, Pattern(5000));
    bed.RunFor(Seconds(6));
    bed.RethrowIfFailed();
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetReturnTime() == close->calledAt + Seconds(4));
    CHECK(SentFlag(bed, 0, kRst, start)); // the hard close after the timeout
}

// The linger timeout's RST after retransmissions carries SND.NXT, the number after the data and
// the FIN (RFC 9293 3.10.5, ABORT: "<SEQ=SND.NXT><CTL=RST>"). ns-3.37 takes it from its
// go-back-N retransmission point, inside the data already sent.
TEST_CASE("established_link_down_linger_timeout_rst_carries_snd_nxt", "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 4);
    bed.net.SetInterfaceUp(1, false); // the receiver acknowledges nothing: data and FIN go again
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, Pattern(1000));
    bed.RunFor(Seconds(6));
    bed.RethrowIfFailed();
    REQUIRE(close->call->IsDone());
    const auto sent = bed.trace.Sent(bed.NodeId(0), start);
    REQUIRE_FALSE(sent.empty());
    REQUIRE((sent.back().flags & kRst) != 0);
    CHECK(sent.size() > 4); // retransmissions came before the RST
    CHECK(sent.back().sequence == sent.front().sequence + 1000 + 1); // the data, then the FIN
}

// "While a thread is blocked in closesocket, another call on the same thread fails
// WSAEINPROGRESS" (WSAEINPROGRESS: "A blocking Windows Sockets 1.1 call is in progress").
TEST_CASE("lingering_blocked_closesocket_other_call_errors_with_wsaeinprogress",
          "[linger][closesocket][errors]")
{
    WsaTestBed bed(BedOptions{.rcvBufSize = 2000});
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 3);
    auto close = SendThenClose(bed, pair.client, Pattern(20000));
    bool ran = false;
    bed.At(Seconds(1),
           [&]
           {
               REQUIRE_FALSE(close->call->IsDone());
               LINGER linger{0, 0};
               int length = sizeof(LINGER);
               CHECK(bed.client->getsockopt(pair.client,
                                            WS_SOL_SOCKET,
                                            WS_SO_LINGER,
                                            reinterpret_cast<char*>(&linger),
                                            &length)
                     == SOCKET_ERROR);
               CHECK(LastError(bed.client) == WsaError::WSAEINPROGRESS);
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == SOCKET_ERROR);
               CHECK(LastError(bed.client) == WsaError::WSAEINPROGRESS);
               ran = true;
           });
    bed.RunFor(Seconds(5));
    CHECK(ran);
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
}

// --- Linger {1,N}, non-blocking socket: "if the close cannot complete at once, closesocket fails
// with WSAEWOULDBLOCK; the handle stays valid and no disconnect is initiated." -------------------

TEST_CASE("established_linger_timeout_nonblocking_closesocket_fails_ewouldblock_without_fin",
          "[linger][closesocket][nonblocking]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    MakeNonBlocking(bed.client, pair.client);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, {});
    bed.RunFor(Seconds(2));
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == SOCKET_ERROR);
    CHECK(close->call->GetError() == WsaError::WSAEWOULDBLOCK);
    CHECK(close->call->GetReturnTime() == close->calledAt);
    CHECK_FALSE(SentFlag(bed, 0, kFin, start));
    CHECK_FALSE(SentFlag(bed, 0, kRst, start));
    // The handle is still a socket and the connection still works.
    CHECK(GetLinger(bed.client, pair.client).l_linger == 10);
    auto sent = bed.StartSender(0, pair.client, Pattern(100));
    auto read = bed.StartReader(1, pair.server);
    bed.At(MilliSeconds(500), [&] { CHECK(bed.client->shutdown(pair.client, SD_SEND) == 0); });
    bed.RunFor(Seconds(1));
    CHECK(sent->sent == 100);
    CHECK(read->bytes == Pattern(100));
    CHECK(read->endOfStream);
}

TEST_CASE("established_unsent_data_linger_timeout_nonblocking_closesocket_fails_ewouldblock",
          "[linger][closesocket][nonblocking]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    MakeNonBlocking(bed.client, pair.client);
    const auto data = Pattern(40000);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, data);
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(2));
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == SOCKET_ERROR);
    CHECK(close->call->GetError() == WsaError::WSAEWOULDBLOCK);
    // No disconnect initiated: the data goes, but no FIN and no RST.
    CHECK_FALSE(SentFlag(bed, 0, kFin, start));
    CHECK_FALSE(SentFlag(bed, 0, kRst, start));
    CHECK(read->bytes == data);
    CHECK_FALSE(read->finished);
}

TEST_CASE("fin_wait_2_linger_timeout_nonblocking_closesocket_returns_zero_at_once",
          "[linger][closesocket][nonblocking]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    MakeNonBlocking(bed.client, pair.client);
    REQUIRE(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    bed.RunFor(Seconds(1));
    REQUIRE(bed.trace.Entered(bed.NodeId(0), TcpSocket::FIN_WAIT_2)); // the FIN is acknowledged
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, {});
    bed.RunFor(Seconds(1));
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetReturnTime() == close->calledAt);
    CHECK_FALSE(SentFlag(bed, 0, kRst, start));
    CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOTSOCK);
}

// --- Other closes -----------------------------------------------------------------------------

// RFC 1122 4.2.2.13: a close with received data not yet read sends a RST.
TEST_CASE("established_unread_data_closesocket_resets_connection", "[closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    auto toClient = bed.StartSender(1, pair.server, Pattern(300));
    bed.RunFor(Seconds(1));
    REQUIRE(toClient->sent == 300);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, {});
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(SentFlag(bed, 0, kRst, start));
    REQUIRE(read->finished);
    CHECK(read->error == WsaError::WSAECONNRESET);
}

TEST_CASE("closed_handle_closesocket_errors_with_wsaenotsock", "[closesocket][errors]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    std::optional<WsaBlockingCall<int>> second;
    bed.At(Seconds(0),
           [&]
           {
               auto first = bed.client->closesocket(pair.client);
               REQUIRE(first.IsDone());
               CHECK(first.GetResult() == 0);
               second = bed.client->closesocket(pair.client);
           });
    bed.RunFor(Seconds(1));
    REQUIRE(second->IsDone());
    CHECK(second->GetResult() == SOCKET_ERROR);
    CHECK(second->GetError() == WsaError::WSAENOTSOCK);
}

// After a graceful close with linger off, the closing side goes through TIME_WAIT (2 MSL = 240 s)
// and the connection ends (CLOSED) in the background.
TEST_CASE("established_linger_off_closesocket_ends_in_time_wait_then_closed", "[closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    auto close = SendThenClose(bed, pair.client, Pattern(100));
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.At(MilliSeconds(500), [&] { (void)bed.server->closesocket(pair.server); });
    bed.RunFor(Seconds(10));
    CHECK(bed.trace.Entered(bed.NodeId(0), TcpSocket::TIME_WAIT));
    bool closedAfterTimeWait = false;
    bed.RunFor(Seconds(300));
    const auto& states = bed.trace.States();
    for (const auto& s : states)
    {
        if (s.change.nodeId == bed.NodeId(0) && s.change.from == TcpSocket::TIME_WAIT
            && s.change.to == TcpSocket::CLOSED)
        {
            closedAfterTimeWait = true;
        }
    }
    CHECK(closedAfterTimeWait);
    CHECK(read->bytes == Pattern(100));
}

// "the handle stays valid and no disconnect is initiated": after the WSAEWOULDBLOCK the
// application may disconnect itself and call closesocket again, which completes once the FIN is
// acknowledged.
TEST_CASE("established_linger_timeout_nonblocking_closesocket_retried_after_fin_ack_returns_zero",
          "[linger][closesocket][nonblocking]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    MakeNonBlocking(bed.client, pair.client);
    auto first = SendThenClose(bed, pair.client, Pattern(1000));
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(1));
    REQUIRE(first->call->IsDone());
    REQUIRE(first->call->GetError() == WsaError::WSAEWOULDBLOCK);
    CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    bed.RunFor(Seconds(1));
    auto second = SendThenClose(bed, pair.client, {});
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(second->call->IsDone());
    CHECK(second->call->GetResult() == 0);
    CHECK(second->call->GetReturnTime() == second->calledAt);
    REQUIRE(read->finished);
    CHECK(read->bytes == Pattern(1000));
    CHECK(read->endOfStream);
}

// The blocking twin of the FIN_WAIT_2 case: nothing is left to acknowledge, so a lingering
// closesocket has nothing to wait for and returns at once.
TEST_CASE("fin_wait_2_linger_timeout_blocking_closesocket_returns_zero_at_once",
          "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    REQUIRE(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    bed.RunFor(Seconds(1));
    REQUIRE(bed.trace.Entered(bed.NodeId(0), TcpSocket::FIN_WAIT_2));
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, {});
    bed.RunFor(Seconds(1));
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    CHECK(close->call->GetReturnTime() == close->calledAt);
    CHECK_FALSE(SentFlag(bed, 0, kRst, start));
}

// "closesocket blocks until the data and the FIN are acknowledged": it returns at the moment the
// segment acknowledging the FIN reaches host 0, not when the FIN leaves and not later.
TEST_CASE("established_linger_timeout_blocking_closesocket_returns_when_fin_ack_arrives",
          "[linger][closesocket]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    const Time start = Simulator::Now();
    auto close = SendThenClose(bed, pair.client, Pattern(5000));
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(3));
    bed.RethrowIfFailed();
    REQUIRE(close->call->IsDone());
    CHECK(close->call->GetResult() == 0);
    std::optional<uint32_t> finSequence;
    for (const auto& segment : bed.trace.Sent(bed.NodeId(0), start))
    {
        if ((segment.flags & kFin) != 0 && !finSequence)
        {
            finSequence = segment.sequence + segment.payloadSize;
        }
    }
    REQUIRE(finSequence.has_value());
    std::optional<Time> finAckedAt;
    for (const auto& [at, segment] : bed.trace.Segments())
    {
        if (!segment.outgoing && segment.nodeId == bed.NodeId(0) && segment.protocol == 6
            && (segment.flags & kAck) != 0 && segment.acknowledgement == *finSequence + 1
            && !finAckedAt)
        {
            finAckedAt = at;
        }
    }
    REQUIRE(finAckedAt.has_value());
    CHECK(close->call->GetReturnTime() == *finAckedAt);
}

// "if the close cannot complete at once": with the FIN sent by WSASendDisconnect but not yet
// acknowledged (FIN_WAIT_1), a lingering non-blocking closesocket still cannot complete.
TEST_CASE("fin_wait_1_linger_timeout_nonblocking_closesocket_fails_ewouldblock",
          "[linger][closesocket][nonblocking]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 10);
    MakeNonBlocking(bed.client, pair.client);
    std::optional<WsaBlockingCall<int>> close;
    bed.At(Seconds(0),
           [&]
           {
               REQUIRE(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
               close = bed.client->closesocket(pair.client); // the FIN is not even on the link yet
           });
    bed.RunFor(Seconds(1));
    REQUIRE(close->IsDone());
    CHECK(close->GetResult() == SOCKET_ERROR);
    CHECK(close->GetError() == WsaError::WSAEWOULDBLOCK);
    CHECK(GetLinger(bed.client, pair.client).l_linger == 10); // still a socket
}

// A socket that never connected has nothing to linger for: closesocket completes at once, with
// SO_LINGER {1,N}, blocking or not.
TEST_CASE("unconnected_linger_timeout_closesocket_returns_zero_at_once", "[linger][closesocket]")
{
    WsaTestBed bed;
    const SOCKET blocking = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    const SOCKET nonBlocking = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    SetLinger(bed.client, blocking, 1, 10);
    SetLinger(bed.client, nonBlocking, 1, 10);
    MakeNonBlocking(bed.client, nonBlocking);
    auto first = bed.client->closesocket(blocking);
    REQUIRE(first.IsDone());
    CHECK(first.GetResult() == 0);
    auto second = bed.client->closesocket(nonBlocking);
    REQUIRE(second.IsDone());
    CHECK(second.GetResult() == 0);
    CHECK(bed.trace.Sent(bed.NodeId(0)).empty());
}

// Tests of event objects and WSAEventSelect: which network events are recorded when, with which
// iErrorCode, and how they are re-enabled (sock.c is Wine's dlls/ws2_32/tests/sock.c: its ok()
// checks run on Windows; sim/doc/windows-async-facts.md section 3).
#include "wsa-test-fixture.h"

using namespace wsdtest;

namespace
{
/// WSAEnumNetworkEvents that must succeed. \return what it reported
WSANETWORKEVENTS
Enumerate(const Ptr<WsaThread>& thread, SOCKET s, WSAEVENT event = WSA_INVALID_EVENT)
{
    WSANETWORKEVENTS events;
    REQUIRE(thread->WSAEnumNetworkEvents(s, event, &events) == 0);
    return events;
}

/// WSAWaitForMultipleEvents on one event with no wait. \return whether it is signalled
bool
IsSignalled(const Ptr<WsaThread>& thread, WSAEVENT event)
{
    auto wait = thread->WSAWaitForMultipleEvents(1, &event, 0, 0, 0);
    REQUIRE(wait.IsDone());
    return wait.GetResult() == WSA_WAIT_EVENT_0;
}

/// The error WSAEnumNetworkEvents gave FD_CLOSE.
int32_t
CloseError(const WSANETWORKEVENTS& events)
{
    return events.iErrorCode[NetworkEventBit(FD_CLOSE)];
}
} // namespace

// sock.c test_close_events (ok): the peer's closesocket records FD_CLOSE with 0, once: a second
// WSAEnumNetworkEvents reports nothing, and WSAEventSelect again does not report it again.
TEST_CASE("established_peer_closesocket_records_fd_close_no_error_once", "[event-select]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const WSAEVENT event = bed.client->WSACreateEvent();
    REQUIRE(event != WSA_INVALID_EVENT);
    REQUIRE(bed.client->WSAEventSelect(pair.client, event, FD_READ | FD_CLOSE) == 0);
    CHECK_FALSE(IsSignalled(bed.client, event));
    auto wait = bed.client->WSAWaitForMultipleEvents(1, &event, 0, 5000, 0);
    bed.At(MilliSeconds(100), [&] { REQUIRE(bed.server->closesocket(pair.server).IsDone()); });
    bed.RunFor(Seconds(1));
    REQUIRE(wait.IsDone());
    CHECK(wait.GetResult() == WSA_WAIT_EVENT_0);
    const auto first = Enumerate(bed.client, pair.client, event);
    CHECK(first.lNetworkEvents == FD_CLOSE);
    CHECK(CloseError(first) == 0);
    CHECK_FALSE(IsSignalled(bed.client, event)); // WSAEnumNetworkEvents reset it
    CHECK(Enumerate(bed.client, pair.client).lNetworkEvents == 0);
    REQUIRE(bed.client->WSAEventSelect(pair.client, event, FD_READ | FD_CLOSE) == 0);
    CHECK(Enumerate(bed.client, pair.client).lNetworkEvents == 0);
    auto recv = bed.client->recv(pair.client, 10);
    CHECK(recv.GetResult() == 0);
}

// sock.c test_close_events (ok): the peer's RST records FD_CLOSE with WSAECONNABORTED (not
// WSAECONNRESET).
TEST_CASE("established_peer_rst_records_fd_close_wsaeconnaborted", "[event-select]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const WSAEVENT event = bed.client->WSACreateEvent();
    REQUIRE(bed.client->WSAEventSelect(pair.client, event, FD_CLOSE) == 0);
    SetLinger(bed.server, pair.server, 1, 0);
    REQUIRE(bed.server->closesocket(pair.server).IsDone());
    bed.RunFor(Seconds(1));
    CHECK(IsSignalled(bed.client, event));
    const auto events = Enumerate(bed.client, pair.client);
    CHECK(events.lNetworkEvents == FD_CLOSE);
    CHECK(CloseError(events) == static_cast<int32_t>(WsaError::WSAECONNABORTED));
}

// sock.c test_close_events: data then the FIN: FD_READ (ok), then FD_CLOSE with 0 while the
// bytes are still unread (todo_wine: Windows does not wait for them); a partial recv records
// FD_READ again (ok), the last one nothing (todo_wine).
TEST_CASE("peer_data_then_close_records_read_and_close_before_the_data_is_read", "[event-select]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const WSAEVENT event = bed.client->WSACreateEvent();
    REQUIRE(bed.client->WSAEventSelect(pair.client, event, FD_READ | FD_CLOSE) == 0);
    REQUIRE(bed.server->send(pair.server, Pattern(5)).IsDone());
    bed.RunFor(Seconds(1));
    CHECK(Enumerate(bed.client, pair.client).lNetworkEvents == FD_READ);
    REQUIRE(bed.server->closesocket(pair.server).IsDone());
    bed.RunFor(Seconds(1));
    const auto close = Enumerate(bed.client, pair.client);
    CHECK(close.lNetworkEvents == FD_CLOSE);
    CHECK(CloseError(close) == 0);
    CHECK(bed.client->recv(pair.client, 3).GetResult() == 3);
    CHECK(Enumerate(bed.client, pair.client).lNetworkEvents == FD_READ);
    CHECK(bed.client->recv(pair.client, 3).GetResult() == 2);
    CHECK(Enumerate(bed.client, pair.client).lNetworkEvents == 0);
}

// sock.c test_close_events (ok): our own shutdown(SD_BOTH) records nothing; the peer's later
// SD_SEND records FD_CLOSE (todo_wine: Windows does).
TEST_CASE("local_shutdown_records_nothing_peer_fin_still_fd_close", "[event-select]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const WSAEVENT event = bed.client->WSACreateEvent();
    REQUIRE(bed.client->WSAEventSelect(pair.client, event, FD_READ | FD_CLOSE) == 0);
    REQUIRE(bed.server->shutdown(pair.server, SD_RECEIVE) == 0);
    REQUIRE(bed.client->shutdown(pair.client, SD_BOTH) == 0);
    bed.RunFor(MilliSeconds(200));
    CHECK_FALSE(IsSignalled(bed.client, event));
    REQUIRE(bed.server->shutdown(pair.server, SD_SEND) == 0);
    bed.RunFor(Seconds(1));
    CHECK(Enumerate(bed.client, pair.client).lNetworkEvents == FD_CLOSE);
}

// sock.c test_close_events (ok): WSAEventSelect after the peer closed reports FD_CLOSE at once.
TEST_CASE("closed_connection_event_select_reports_fd_close_at_once", "[event-select]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.server->closesocket(pair.server).IsDone());
    bed.RunFor(Seconds(1));
    const WSAEVENT event = bed.client->WSACreateEvent();
    REQUIRE(bed.client->WSAEventSelect(pair.client, event, FD_CLOSE) == 0);
    CHECK(IsSignalled(bed.client, event));
    CHECK(Enumerate(bed.client, pair.client).lNetworkEvents == FD_CLOSE);
}

// sock.c test_connect_events (ok): a non-blocking connect records FD_CONNECT and FD_WRITE
// together; WSAEventSelect made the socket non-blocking; while it is in force, FIONBIO 0 fails
// with WSAEINVAL (test_fionbio, ok).
TEST_CASE("connecting_records_fd_connect_and_fd_write", "[event-select]")
{
    WsaTestBed bed;
    bed.RunFor(MilliSeconds(1)); // ns-3 sends nothing before the simulation has started
    bed.Listen();
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
    const WSAEVENT event = bed.client->WSACreateEvent();
    REQUIRE(bed.client->WSAEventSelect(s, event, FD_CONNECT | FD_WRITE | FD_CLOSE) == 0);
    uint32_t blocking = 0;
    CHECK(bed.client->ioctlsocket(s, WS_FIONBIO, &blocking) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEINVAL);
    auto connect = bed.client->connect(s, InetSocketAddress(bed.net.GetAddress(1), kPort));
    REQUIRE(connect.IsDone());
    CHECK(connect.GetError() == WsaError::WSAEWOULDBLOCK);
    bed.RunFor(Seconds(1));
    const auto events = Enumerate(bed.client, s);
    CHECK(events.lNetworkEvents == (FD_CONNECT | FD_WRITE));
    CHECK(events.iErrorCode[NetworkEventBit(FD_CONNECT)] == 0);
}

// sock.c test_accept_events (ok): FD_ACCEPT is recorded once; accept re-enables it and, with a
// second connection pending, it is recorded again; the accepted socket inherits the
// association and reports FD_WRITE.
TEST_CASE("listening_records_fd_accept_and_accept_reenables_it", "[event-select]")
{
    WsaTestBed bed;
    bed.RunFor(MilliSeconds(1)); // ns-3 sends nothing before the simulation has started
    const SOCKET listener = bed.Listen();
    const WSAEVENT event = bed.server->WSACreateEvent();
    REQUIRE(bed.server->WSAEventSelect(listener, event, FD_ACCEPT | FD_WRITE) == 0);
    for (int i = 0; i < 2; ++i)
    {
        const SOCKET c = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
        MakeNonBlocking(bed.client, c);
        auto connect = bed.client->connect(c, InetSocketAddress(bed.net.GetAddress(1), kPort));
        REQUIRE(connect.IsDone());
    }
    bed.RunFor(Seconds(1));
    CHECK(Enumerate(bed.server, listener).lNetworkEvents == FD_ACCEPT);
    CHECK(Enumerate(bed.server, listener).lNetworkEvents == 0);
    auto accepted = bed.server->accept(listener);
    REQUIRE(accepted.IsDone());
    REQUIRE(accepted.GetResult() != INVALID_SOCKET);
    CHECK(Enumerate(bed.server, listener).lNetworkEvents == FD_ACCEPT);
    CHECK(Enumerate(bed.server, accepted.GetResult()).lNetworkEvents == FD_WRITE);
}

// sock.c test_read_events (ok): data that arrived while nothing was selected is reported when
// FD_READ is selected later; WSAEnumNetworkEvents writes iErrorCode only for the events it
// reports (test_WSAEnumNetworkEvents, ok).
TEST_CASE("data_before_select_is_reported_at_select_other_slots_untouched", "[event-select]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.server->send(pair.server, Pattern(7)).IsDone());
    bed.RunFor(Seconds(1));
    const WSAEVENT event = bed.client->WSACreateEvent();
    REQUIRE(bed.client->WSAEventSelect(pair.client, event, FD_READ) == 0);
    WSANETWORKEVENTS events;
    for (auto& code : events.iErrorCode)
    {
        code = static_cast<int32_t>(0xABABABAB);
    }
    REQUIRE(bed.client->WSAEnumNetworkEvents(pair.client, WSA_INVALID_EVENT, &events) == 0);
    CHECK(events.lNetworkEvents == FD_READ);
    CHECK(events.iErrorCode[NetworkEventBit(FD_READ)] == 0);
    CHECK(events.iErrorCode[NetworkEventBit(FD_CLOSE)] == static_cast<int32_t>(0xABABABAB));
}

// WSAWaitForMultipleEvents function: WSA_WAIT_TIMEOUT once the timeout passed (in simulated
// time), the lowest index signalled, or with fWaitAll only when all are; manual-reset events
// stay signalled until WSAResetEvent.
TEST_CASE("wait_for_multiple_events_timeout_index_and_wait_all", "[events]")
{
    WsaTestBed bed;
    const WSAEVENT events[2] = {bed.client->WSACreateEvent(), bed.client->WSACreateEvent()};
    const Time start = Simulator::Now();
    auto timeout = bed.client->WSAWaitForMultipleEvents(2, events, 0, 300, 0);
    bed.RunFor(Seconds(1));
    REQUIRE(timeout.IsDone());
    CHECK(timeout.GetResult() == WSA_WAIT_TIMEOUT);
    CHECK(timeout.GetReturnTime() == start + MilliSeconds(300));
    Ptr<WsaThread> other = bed.Provider(0)->CreateThread("setter");
    auto all = bed.client->WSAWaitForMultipleEvents(2, events, 1, WSA_INFINITE, 0);
    bed.At(MilliSeconds(10), [&] { CHECK(other->WSASetEvent(events[1]) == 1); });
    bed.RunFor(Seconds(1));
    CHECK_FALSE(all.IsDone());
    bed.At(MilliSeconds(10), [&] { CHECK(other->WSASetEvent(events[0]) == 1); });
    bed.RunFor(Seconds(1));
    REQUIRE(all.IsDone());
    CHECK(all.GetResult() == WSA_WAIT_EVENT_0);
    REQUIRE(bed.client->WSAResetEvent(events[0]) == 1);
    auto any = bed.client->WSAWaitForMultipleEvents(2, events, 0, 0, 0);
    CHECK(any.GetResult() == WSA_WAIT_EVENT_0 + 1);
}

// WSACloseEvent, WSAResetEvent functions, WSA_INVALID_HANDLE: "not a valid event object
// handle"; WSAWaitForMultipleEvents: WSA_INVALID_PARAMETER for 0 events; WSAEventSelect: an
// event handle that is not an event's is WSAEINVAL.
TEST_CASE("event_calls_refuse_handles_that_are_not_events", "[events][errors]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const WSAEVENT event = bed.client->WSACreateEvent();
    REQUIRE(bed.client->WSACloseEvent(event) == 1);
    CHECK(bed.client->WSACloseEvent(event) == 0);
    CHECK(LastError(bed.client) == WsaError::WSA_INVALID_HANDLE);
    CHECK(bed.client->WSAResetEvent(pair.client) == 0);
    CHECK(LastError(bed.client) == WsaError::WSA_INVALID_HANDLE);
    auto none = bed.client->WSAWaitForMultipleEvents(0, &event, 0, 0, 0);
    CHECK(none.GetResult() == WSA_WAIT_FAILED);
    CHECK(none.GetError() == WsaError::WSA_INVALID_PARAMETER);
    CHECK(bed.client->WSAEventSelect(pair.client, event, FD_READ) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEINVAL);
}

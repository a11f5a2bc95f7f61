// Tests of readiness: select's three sets and its timeout, WSAPoll's events and revents, each
// against the fact it follows (sock.c is Wine's dlls/ws2_32/tests/sock.c: its ok() checks run on
// Windows; sim/doc/windows-async-facts.md sections 1 and 2).
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

namespace
{
/// \return a set holding one socket
WS_fd_set
SetOf(SOCKET s)
{
    return WS_fd_set{{s}};
}

/// The peer closes with linger {1,0}: a RST (the tests' close_with_rst).
void
CloseWithRst(const Ptr<WsaThread>& thread, SOCKET s)
{
    SetLinger(thread, s, 1, 0);
    REQUIRE(thread->closesocket(s).IsDone());
}

/// WSAPoll on one socket with no wait. \return revents
int16_t
PollNow(const Ptr<WsaThread>& thread, SOCKET s, int16_t events)
{
    WSAPOLLFD fd{s, events, 0};
    auto poll = thread->WSAPoll(&fd, 1, 0);
    REQUIRE(poll.IsDone());
    CHECK(poll.GetResult() == (fd.revents ? 1 : 0)); // sock.c check_poll: ret == !!revents
    return fd.revents;
}

constexpr int16_t kAll = WS_POLLRDNORM | WS_POLLRDBAND | WS_POLLWRNORM;
} // namespace

// sock.c test_select (ok): after the peer's closesocket the socket is in readfds and select
// returns 1; recv then returns 0. The select blocks until the FIN arrives, in simulated time.
TEST_CASE("established_peer_closesocket_wakes_select_readable", "[select]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    WS_fd_set read = SetOf(pair.client);
    const TIMEVAL timeout{5, 0};
    const Time start = Simulator::Now();
    auto select = bed.client->select(0, &read, nullptr, nullptr, &timeout);
    REQUIRE_FALSE(select.IsDone());
    bed.At(MilliSeconds(200), [&] { REQUIRE(bed.server->closesocket(pair.server).IsDone()); });
    bed.RunFor(Seconds(1));
    REQUIRE(select.IsDone());
    CHECK(select.GetResult() == 1);
    CHECK(read.fd_array == std::vector<uint64_t>{pair.client});
    CHECK(select.GetReturnTime() > start + MilliSeconds(200));
    CHECK(select.GetReturnTime() < start + Seconds(1));
    auto recv = bed.client->recv(pair.client, 100);
    REQUIRE(recv.IsDone());
    CHECK(recv.GetResult() == 0);
}

// sock.c test_tcp_reset (ok): after the peer's RST select(r, w, e, {0,0}) returns 2: readable
// and writable, not in exceptfds.
TEST_CASE("established_peer_rst_select_readable_writable_not_except", "[select]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    CloseWithRst(bed.server, pair.server);
    bed.RunFor(Seconds(1));
    WS_fd_set read = SetOf(pair.client);
    WS_fd_set write = SetOf(pair.client);
    WS_fd_set except = SetOf(pair.client);
    const TIMEVAL poll{0, 0};
    auto select = bed.client->select(0, &read, &write, &except, &poll);
    REQUIRE(select.IsDone());
    CHECK(select.GetResult() == 2);
    CHECK(read.fd_array.size() == 1);
    CHECK(write.fd_array.size() == 1);
    CHECK(except.fd_array.empty());
}

// sock.c test_select (ok): a listener with a pending connection is in readfds only; with none,
// select returns 0 at the timeout, which costs simulated time only.
TEST_CASE("listening_select_readable_with_pending_connection_else_times_out", "[select]")
{
    WsaTestBed bed;
    const SOCKET listener = bed.Listen();
    WS_fd_set read = SetOf(listener);
    WS_fd_set write = SetOf(listener);
    const TIMEVAL timeout{0, 300000};
    const Time start = Simulator::Now();
    auto idle = bed.server->select(0, &read, &write, nullptr, &timeout);
    bed.RunFor(Seconds(1));
    REQUIRE(idle.IsDone());
    CHECK(idle.GetResult() == 0);
    CHECK(idle.GetReturnTime() == start + MilliSeconds(300));
    CHECK(read.fd_array.empty());

    const SOCKET c = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
    auto connect = bed.client->connect(c, InetSocketAddress(bed.net.GetAddress(1), kPort));
    bed.RunFor(Seconds(1));
    REQUIRE(connect.IsDone());
    read = SetOf(listener);
    write = SetOf(listener);
    auto pending = bed.server->select(0, &read, &write, nullptr, &timeout);
    REQUIRE(pending.IsDone());
    CHECK(pending.GetResult() == 1);
    CHECK(read.fd_array == std::vector<uint64_t>{listener});
    CHECK(write.fd_array.empty());
}

// select function, WSAEINVAL: "all three descriptor parameters were null" (sock.c test_select,
// ok); WSAENOTSOCK for a handle that is not a socket, the sets left as they were.
TEST_CASE("select_without_sockets_or_with_a_closed_handle_fails", "[select][errors]")
{
    WsaTestBed bed;
    const TIMEVAL timeout{0, 0};
    auto none = bed.client->select(0, nullptr, nullptr, nullptr, &timeout);
    REQUIRE(none.IsDone());
    CHECK(none.GetResult() == SOCKET_ERROR);
    CHECK(none.GetError() == WsaError::WSAEINVAL);
    WS_fd_set empty;
    auto emptySet = bed.client->select(0, &empty, nullptr, nullptr, &timeout);
    CHECK(emptySet.GetError() == WsaError::WSAEINVAL);
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
    REQUIRE(bed.client->closesocket(s).IsDone());
    WS_fd_set read = SetOf(s);
    auto closed = bed.client->select(0, &read, nullptr, nullptr, &timeout);
    CHECK(closed.GetResult() == SOCKET_ERROR);
    CHECK(closed.GetError() == WsaError::WSAENOTSOCK);
    CHECK(read.fd_array.size() == 1);
}

// sock.c test_select (ok): closesocket of a socket another thread selects for read wakes that
// select, which reports it readable.
TEST_CASE("select_wakes_when_another_thread_closes_the_socket", "[select]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    WS_fd_set read = SetOf(pair.client);
    auto select = bed.client->select(0, &read, nullptr, nullptr, nullptr);
    Ptr<WsaThread> other = bed.Provider(0)->CreateThread("closer");
    bed.At(MilliSeconds(500), [&] { REQUIRE(other->closesocket(pair.client).IsDone()); });
    bed.RunFor(Seconds(1));
    REQUIRE(select.IsDone());
    CHECK(select.GetResult() == 1);
    CHECK(read.fd_array == std::vector<uint64_t>{pair.client});
}

// sock.c test_select (ok, interactive): a refused non-blocking connect is in exceptfds only, and
// SO_ERROR reads WSAECONNREFUSED, twice (reading does not clear it).
TEST_CASE("refused_nonblocking_connect_select_except_and_so_error", "[select][so_error]")
{
    WsaTestBed bed;
    bed.RunFor(MilliSeconds(1)); // ns-3 sends nothing before the simulation has started
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
    MakeNonBlocking(bed.client, s);
    auto connect = bed.client->connect(s, InetSocketAddress(bed.net.GetAddress(1), kPort));
    REQUIRE(connect.IsDone());
    REQUIRE(connect.GetError() == WsaError::WSAEWOULDBLOCK);
    WS_fd_set write = SetOf(s);
    WS_fd_set except = SetOf(s);
    auto select = bed.client->select(0, nullptr, &write, &except, nullptr);
    bed.RunFor(Seconds(2));
    REQUIRE(select.IsDone());
    CHECK(select.GetResult() == 1);
    CHECK(write.fd_array.empty());
    CHECK(except.fd_array == std::vector<uint64_t>{s});
    for (int read = 0; read < 2; ++read)
    {
        int32_t error = 0;
        int length = sizeof(error);
        REQUIRE(bed.client->getsockopt(
                    s, WS_SOL_SOCKET, WS_SO_ERROR, reinterpret_cast<char*>(&error), &length)
                == 0);
        CHECK(error == static_cast<int32_t>(WsaError::WSAECONNREFUSED));
    }
}

// sock.c test_WSAPoll (ok): a connected idle socket is POLLWRNORM; data adds POLLRDNORM.
TEST_CASE("established_poll_is_wrnorm_then_rdnorm_with_data", "[wsapoll]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    CHECK(PollNow(bed.client, pair.client, kAll) == WS_POLLWRNORM);
    CHECK(PollNow(bed.server, pair.server, 0) == 0);
    REQUIRE(bed.server->send(pair.server, Pattern(5)).IsDone());
    bed.RunFor(Seconds(1));
    CHECK(PollNow(bed.client, pair.client, kAll) == (WS_POLLWRNORM | WS_POLLRDNORM));
}

// sock.c test_WSAPoll (ok): after the peer's closesocket, POLLHUP even with events 0, and
// POLLWRNORM|POLLHUP with every event asked: no POLLRDNORM for the FIN.
TEST_CASE("peer_closesocket_poll_is_pollhup_without_rdnorm", "[wsapoll]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.server->closesocket(pair.server).IsDone());
    bed.RunFor(Seconds(1));
    CHECK(PollNow(bed.client, pair.client, 0) == WS_POLLHUP);
    CHECK(PollNow(bed.client, pair.client, kAll) == (WS_POLLWRNORM | WS_POLLHUP));
}

// sock.c test_tcp_reset (ok): after the peer's RST, POLLERR|POLLHUP|POLLWRNORM.
TEST_CASE("peer_rst_poll_is_pollerr_pollhup_wrnorm", "[wsapoll]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    CloseWithRst(bed.server, pair.server);
    bed.RunFor(Seconds(1));
    CHECK(PollNow(bed.client, pair.client, kAll) == (WS_POLLERR | WS_POLLHUP | WS_POLLWRNORM));
}

// A reset discards the data received and not read: recv fails at once (CLS-HARD-PEER-RESET,
// closesocket Remarks) and FIONREAD gives 0, so WSAPoll reports no POLLRDNORM for it either, as
// after a reset with nothing unread (sock.c test_tcp_reset, ok: POLLERR|POLLHUP|POLLWRNORM).
TEST_CASE("peer_rst_with_data_unread_poll_has_no_rdnorm", "[wsapoll]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.server->send(pair.server, Pattern(5)).IsDone());
    bed.RunFor(Seconds(1));
    CHECK(PollNow(bed.client, pair.client, kAll) == (WS_POLLWRNORM | WS_POLLRDNORM));
    CloseWithRst(bed.server, pair.server);
    bed.RunFor(Seconds(1));
    CHECK(PollNow(bed.client, pair.client, kAll) == (WS_POLLERR | WS_POLLHUP | WS_POLLWRNORM));
    auto recv = bed.client->recv(pair.client, 100);
    REQUIRE(recv.IsDone());
    CHECK(recv.GetError() == WsaError::WSAECONNRESET);
}

// The peer's interface goes down and our data is never acknowledged: TCP retransmits until it
// gives up (RFC 9293 3.8.3, R2; ns-3.37's 6 data retries, the first after Windows' 300 ms
// minimum RTO, each wait doubled: 0.3 s x (2^7 - 1) = 38.1 s), and the connection is
// terminated: select wakes with the socket readable (select page, readfds: "Connection has been
// closed/reset/terminated"), WSAPoll gives POLLHUP|POLLERR, recv fails with WSAECONNABORTED
// ("terminated due to a time-out or other failure"). Before, nothing ever woke.
TEST_CASE("established_peer_unreachable_tcp_gives_up_connection_terminated", "[select][wsapoll]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    bed.net.SetInterfaceUp(1, false);
    REQUIRE(bed.client->send(pair.client, Pattern(100)).IsDone());
    WS_fd_set read = SetOf(pair.client);
    const TIMEVAL timeout{400, 0};
    auto select = bed.client->select(0, &read, nullptr, nullptr, &timeout);
    REQUIRE_FALSE(select.IsDone());
    bed.RunFor(Seconds(37));
    REQUIRE_FALSE(select.IsDone()); // still retransmitting
    bed.RunFor(Seconds(2));
    REQUIRE(select.IsDone());
    CHECK(select.GetResult() == 1);
    CHECK(read.fd_array == std::vector<uint64_t>{pair.client});
    CHECK((PollNow(bed.client, pair.client, WS_POLLRDNORM) & (WS_POLLHUP | WS_POLLERR))
          == (WS_POLLHUP | WS_POLLERR));
    auto recv = bed.client->recv(pair.client, 100);
    REQUIRE(recv.IsDone());
    CHECK(recv.GetError() == WsaError::WSAECONNABORTED);
}

// sock.c test_WSAPoll (ok): our own shutdown(SD_RECEIVE), then SD_SEND, leaves POLLWRNORM
// only: no POLLHUP, no POLLERR.
TEST_CASE("local_shutdown_both_poll_stays_wrnorm", "[wsapoll]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.client->shutdown(pair.client, SD_RECEIVE) == 0);
    CHECK(PollNow(bed.client, pair.client, kAll) == WS_POLLWRNORM);
    REQUIRE(bed.client->shutdown(pair.client, SD_SEND) == 0);
    bed.RunFor(Seconds(1));
    CHECK(PollNow(bed.client, pair.client, kAll) == WS_POLLWRNORM);
}

// sock.c test_WSAPoll (ok): WSAPoll(NULL, 0) is WSAEINVAL; every entry not a socket is
// WSAENOTSOCK with POLLNVAL in each; (todo_wine, Windows) an events bit other than POLLRDNORM,
// POLLRDBAND, POLLWRNORM is WSAEINVAL ("If the POLLPRI flag is set").
TEST_CASE("wsapoll_argument_errors", "[wsapoll][errors]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    auto none = bed.client->WSAPoll(nullptr, 0, 0);
    CHECK(none.GetError() == WsaError::WSAEINVAL);
    WSAPOLLFD pri{pair.client, WS_POLLPRI, 0};
    CHECK(bed.client->WSAPoll(&pri, 1, 0).GetError() == WsaError::WSAEINVAL);
    WSAPOLLFD invalid[2] = {{INVALID_SOCKET, 0, 0}, {0x1234, 0, 0}};
    auto all = bed.client->WSAPoll(invalid, 2, 0);
    CHECK(all.GetResult() == SOCKET_ERROR);
    CHECK(all.GetError() == WsaError::WSAENOTSOCK);
    CHECK(invalid[0].revents == WS_POLLNVAL);
    CHECK(invalid[1].revents == WS_POLLNVAL);
}

// WSAPoll function: a timeout in milliseconds, in simulated time; data arriving ends the wait.
TEST_CASE("wsapoll_waits_for_data_or_the_timeout", "[wsapoll]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    WSAPOLLFD fd{pair.client, WS_POLLRDNORM, 0};
    const Time start = Simulator::Now();
    auto idle = bed.client->WSAPoll(&fd, 1, 250);
    bed.RunFor(Seconds(1));
    REQUIRE(idle.IsDone());
    CHECK(idle.GetResult() == 0);
    CHECK(idle.GetReturnTime() == start + MilliSeconds(250));
    auto wait = bed.client->WSAPoll(&fd, 1, -1);
    bed.At(MilliSeconds(100), [&] { REQUIRE(bed.server->send(pair.server, Pattern(3)).IsDone()); });
    bed.RunFor(Seconds(1));
    REQUIRE(wait.IsDone());
    CHECK(wait.GetResult() == 1);
    CHECK(fd.revents == WS_POLLRDNORM);
}

// Tests of overlapped I/O: WSARecv and WSASend with an OVERLAPPED, WSAGetOverlappedResult,
// CancelIo and CancelIoEx, completion ports (sock.c and afd.c are Wine's dlls/ws2_32/tests
// files: their ok() checks run on Windows; sim/doc/windows-async-facts.md sections 5 to 7).
#include "wsa-test-fixture.h"

using namespace wsdtest;

namespace
{
/// A connected pair whose client socket is associated with a completion port (key 125).
struct PortedPair
{
    ConnectedPair pair; //!< the sockets
    HANDLE port{0};     //!< the client's port
};

/// \return a connected pair, the client's socket associated with a new port
PortedPair
ConnectWithPort(WsaTestBed& bed)
{
    PortedPair ported;
    ported.pair = bed.ConnectPair();
    ported.port = bed.client->CreateIoCompletionPort(ported.pair.client, 0, 125, 0);
    REQUIRE(ported.port != 0);
    return ported;
}

/// WSARecv(s, 100 bytes, overlapped) that must pend.
void
RecvPending(const Ptr<WsaThread>& thread, SOCKET s, WSAOVERLAPPED* overlapped)
{
    uint32_t bytes = 0xdeadbeef;
    auto recv = thread->WSARecv(s, 100, &bytes, overlapped);
    REQUIRE(recv.IsDone());
    REQUIRE(recv.GetResult() == SOCKET_ERROR);
    REQUIRE(recv.GetError() == WsaError::WSA_IO_PENDING);
    CHECK(bytes == 0xdeadbeef); // set only when it completes at once
}

/// GetQueuedCompletionStatus with no wait.
struct Dequeued
{
    BOOL result{0};                      //!< what it returned
    WsaError error{WsaError::NO_ERROR_}; //!< the error on FALSE
    uint32_t bytes{0xdeadbeef};          //!< lpNumberOfBytes
    uint64_t key{0xdeadbeef};            //!< lpCompletionKey
    WSAOVERLAPPED* overlapped{nullptr};  //!< lpOverlapped
};

/// \return the first packet of a port, or the timeout
Dequeued
Dequeue(const Ptr<WsaThread>& thread, HANDLE port)
{
    Dequeued out;
    auto call = thread->GetQueuedCompletionStatus(port, &out.bytes, &out.key, &out.overlapped, 0);
    REQUIRE(call.IsDone());
    out.result = call.GetResult();
    out.error = call.GetError();
    return out;
}
} // namespace

// WSARecv function: with an OVERLAPPED and nothing to read, SOCKET_ERROR with WSA_IO_PENDING;
// the data completes it: the event is set, WSAGetOverlappedResult gives TRUE and the count, a
// packet is queued (sock.c test_WSARecv, test_completion_port, ok).
TEST_CASE("established_pending_recv_completes_with_the_bytes", "[overlapped]")
{
    WsaTestBed bed;
    auto ported = ConnectWithPort(bed);
    const SOCKET s = ported.pair.client;
    WSAOVERLAPPED ov;
    ov.hEvent = bed.client->WSACreateEvent();
    uint32_t bytes = 0xdeadbeef;
    auto recv = bed.client->WSARecv(s, 100, &bytes, &ov);
    REQUIRE(recv.IsDone());
    CHECK(recv.GetResult() == SOCKET_ERROR);
    CHECK(recv.GetError() == WsaError::WSA_IO_PENDING);
    CHECK(bytes == 0xdeadbeef);
    uint32_t transferred = 0;
    uint32_t flags = 0;
    auto early = bed.client->WSAGetOverlappedResult(s, &ov, &transferred, 0, &flags);
    CHECK(early.GetResult() == 0);
    CHECK(early.GetError() == WsaError::WSA_IO_INCOMPLETE);
    REQUIRE(bed.server->send(ported.pair.server, Pattern(42)).IsDone());
    bed.RunFor(Seconds(1));
    auto done = bed.client->WSAGetOverlappedResult(s, &ov, &transferred, 0, &flags);
    CHECK(done.GetResult() == 1);
    CHECK(transferred == 42);
    CHECK(ov.received == Pattern(42));
    const auto packet = Dequeue(bed.client, ported.port);
    CHECK(packet.result == 1);
    CHECK(packet.bytes == 42);
    CHECK(packet.key == 125);
    CHECK(packet.overlapped == &ov);
}

// sock.c test_shutdown (ok): a receive pending when the peer sends its FIN completes
// successfully with 0 bytes; afd.c test_recv (ok) likewise after the peer's closesocket.
TEST_CASE("established_pending_recv_completes_with_zero_on_peer_fin", "[overlapped]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    WSAOVERLAPPED ov;
    RecvPending(bed.client, pair.client, &ov);
    REQUIRE(bed.server->shutdown(pair.server, SD_SEND) == 0);
    uint32_t transferred = 7;
    uint32_t flags = 0;
    auto wait = bed.client->WSAGetOverlappedResult(pair.client, &ov, &transferred, 1, &flags);
    CHECK_FALSE(wait.IsDone());
    bed.RunFor(Seconds(1));
    REQUIRE(wait.IsDone());
    CHECK(wait.GetResult() == 1);
    CHECK(transferred == 0);
}

// sock.c test_WSARecv, test_tcp_reset, test_completion_port (ok): a receive pending at the
// peer's RST fails: GetQueuedCompletionStatus gives FALSE with ERROR_NETNAME_DELETED, the key
// and the OVERLAPPED; WSAGetOverlappedResult maps STATUS_CONNECTION_RESET to WSAECONNRESET
// (map_status, ok). A new WSARecv then fails at once and queues nothing.
TEST_CASE("established_pending_recv_fails_on_peer_rst", "[overlapped][iocp]")
{
    WsaTestBed bed;
    auto ported = ConnectWithPort(bed);
    const SOCKET s = ported.pair.client;
    WSAOVERLAPPED ov;
    RecvPending(bed.client, s, &ov);
    SetLinger(bed.server, ported.pair.server, 1, 0);
    REQUIRE(bed.server->closesocket(ported.pair.server).IsDone());
    bed.RunFor(Seconds(1));
    const auto packet = Dequeue(bed.client, ported.port);
    CHECK(packet.result == 0);
    CHECK(packet.error == WsaError::ERROR_NETNAME_DELETED);
    CHECK(packet.key == 125);
    CHECK(packet.bytes == 0);
    CHECK(packet.overlapped == &ov);
    uint32_t transferred = 0;
    uint32_t flags = 0;
    auto result = bed.client->WSAGetOverlappedResult(s, &ov, &transferred, 0, &flags);
    CHECK(result.GetResult() == 0);
    CHECK(result.GetError() == WsaError::WSAECONNRESET);
    WSAOVERLAPPED again;
    uint32_t bytes = 0;
    auto late = bed.client->WSARecv(s, 100, &bytes, &again);
    CHECK(late.GetResult() == SOCKET_ERROR);
    CHECK(late.GetError() == WsaError::WSAECONNRESET);
    CHECK(Dequeue(bed.client, ported.port).error == WsaError::WAIT_TIMEOUT);
}

// sock.c test_completion_port (ok): a WSARecv issued after the FIN returns 0 at once with 0
// bytes and still queues a packet.
TEST_CASE("peer_fin_then_overlapped_recv_completes_at_once_and_queues_a_packet", "[iocp]")
{
    WsaTestBed bed;
    auto ported = ConnectWithPort(bed);
    REQUIRE(bed.server->closesocket(ported.pair.server).IsDone());
    bed.RunFor(Seconds(1));
    WSAOVERLAPPED ov;
    uint32_t bytes = 0xdeadbeef;
    auto recv = bed.client->WSARecv(ported.pair.client, 100, &bytes, &ov);
    CHECK(recv.GetResult() == 0);
    CHECK(bytes == 0);
    const auto packet = Dequeue(bed.client, ported.port);
    CHECK(packet.result == 1);
    CHECK(packet.bytes == 0);
    CHECK(packet.overlapped == &ov);
}

// sock.c test_completion_port (ok): with nothing queued GetQueuedCompletionStatus returns FALSE
// with WAIT_TIMEOUT at the timeout, lpOverlapped NULL, the other outputs untouched.
TEST_CASE("completion_port_empty_times_out", "[iocp]")
{
    WsaTestBed bed;
    auto ported = ConnectWithPort(bed);
    uint32_t bytes = 0xdeadbeef;
    uint64_t key = 0xdeadbeef;
    WSAOVERLAPPED dummy;
    WSAOVERLAPPED* overlapped = &dummy;
    const Time start = Simulator::Now();
    auto call = bed.client->GetQueuedCompletionStatus(ported.port, &bytes, &key, &overlapped, 100);
    bed.RunFor(Seconds(1));
    REQUIRE(call.IsDone());
    CHECK(call.GetResult() == 0);
    CHECK(call.GetError() == WsaError::WAIT_TIMEOUT);
    CHECK(call.GetReturnTime() == start + MilliSeconds(100));
    CHECK(overlapped == nullptr);
    CHECK(bytes == 0xdeadbeef);
    CHECK(key == 0xdeadbeef);
}

// CancelIoEx function and sock.c test_send_buffering (ok): with nothing pending CancelIoEx is
// FALSE with ERROR_NOT_FOUND and CancelIo TRUE; a cancelled receive completes with
// STATUS_CANCELLED: ERROR_OPERATION_ABORTED (afd.c test_async_thread_termination, ok).
TEST_CASE("pending_recv_cancelled_completes_operation_aborted", "[overlapped][cancel]")
{
    WsaTestBed bed;
    auto ported = ConnectWithPort(bed);
    const SOCKET s = ported.pair.client;
    CHECK(bed.client->CancelIoEx(s, nullptr) == 0);
    CHECK(LastError(bed.client) == WsaError::ERROR_NOT_FOUND);
    CHECK(bed.client->CancelIo(s) == 1);
    WSAOVERLAPPED ov;
    RecvPending(bed.client, s, &ov);
    CHECK(bed.client->CancelIoEx(s, &ov) == 1);
    const auto packet = Dequeue(bed.client, ported.port);
    CHECK(packet.result == 0);
    CHECK(packet.error == WsaError::WSA_OPERATION_ABORTED);
    uint32_t transferred = 0;
    uint32_t flags = 0;
    CHECK(bed.client->WSAGetOverlappedResult(s, &ov, &transferred, 0, &flags).GetError()
          == WsaError::WSA_OPERATION_ABORTED);
}

// sock.c test_iocp, iocp_async_read_closesocket (Windows; todo_wine): our closesocket with a
// TCP receive pending completes it with ERROR_CONNECTION_ABORTED through the port.
TEST_CASE("pending_recv_own_closesocket_completes_connection_aborted", "[overlapped][iocp]")
{
    WsaTestBed bed;
    auto ported = ConnectWithPort(bed);
    WSAOVERLAPPED ov;
    RecvPending(bed.client, ported.pair.client, &ov);
    REQUIRE(bed.client->closesocket(ported.pair.client).IsDone());
    const auto packet = Dequeue(bed.client, ported.port);
    CHECK(packet.result == 0);
    CHECK(packet.error == WsaError::ERROR_CONNECTION_ABORTED);
    CHECK(packet.overlapped == &ov);
}

// sock.c test_shutdown (ok): shutdown(SD_RECEIVE) does not cancel a pending receive: the
// peer's bytes complete it; a new WSARecv fails with WSAESHUTDOWN.
TEST_CASE("pending_recv_survives_shutdown_receive_and_takes_the_data", "[overlapped]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    WSAOVERLAPPED ov;
    RecvPending(bed.client, pair.client, &ov);
    REQUIRE(bed.client->shutdown(pair.client, SD_RECEIVE) == 0);
    WSAOVERLAPPED again;
    uint32_t bytes = 0;
    CHECK(bed.client->WSARecv(pair.client, 100, &bytes, &again).GetError()
          == WsaError::WSAESHUTDOWN);
    REQUIRE(bed.server->send(pair.server, Pattern(5)).IsDone());
    bed.RunFor(Seconds(1));
    CHECK(static_cast<WsaIoStatus>(ov.Internal) == WsaIoStatus::SUCCESS);
    CHECK(ov.InternalHigh == 5);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst) == 0);
}

// sock.c test_send (ok): an overlapped WSASend to a slow reader pends, then completes with the
// whole count.
TEST_CASE("overlapped_send_larger_than_the_buffers_pends_then_completes", "[overlapped]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    WSAOVERLAPPED ov;
    uint32_t bytes = 0;
    const auto data = Pattern(1000000); // more than the send and receive buffers hold
    auto send = bed.client->WSASend(pair.client, data, &bytes, &ov);
    CHECK(send.GetError() == WsaError::WSA_IO_PENDING);
    auto read = bed.StartReader(1, pair.server);
    uint32_t transferred = 0;
    uint32_t flags = 0;
    auto wait = bed.client->WSAGetOverlappedResult(pair.client, &ov, &transferred, 1, &flags);
    bed.RunFor(Seconds(30));
    REQUIRE(wait.IsDone());
    CHECK(wait.GetResult() == 1);
    CHECK(transferred == data.size());
    CHECK(read->bytes.size() == data.size());
}

// sock.c test_nonblocking_async_recv (ok): on a socket made without WSA_FLAG_OVERLAPPED a
// WSARecv with an OVERLAPPED waits until data arrives, even with FIONBIO set.
TEST_CASE("socket_without_overlapped_flag_wsarecv_blocks", "[overlapped]")
{
    WsaTestBed bed;
    bed.RunFor(MilliSeconds(1)); // ns-3 sends nothing before the simulation has started
    const SOCKET listener = bed.Listen();
    const SOCKET s = bed.client->WSASocket(WS_AF_INET, WS_SOCK_STREAM, 0, 0);
    auto connect = bed.client->connect(s, InetSocketAddress(bed.net.GetAddress(1), kPort));
    auto accepted = bed.server->accept(listener);
    bed.RunFor(Seconds(1));
    REQUIRE(connect.GetResult() == 0);
    MakeNonBlocking(bed.client, s);
    WSAOVERLAPPED ov;
    uint32_t bytes = 0;
    auto recv = bed.client->WSARecv(s, 100, &bytes, &ov);
    CHECK_FALSE(recv.IsDone());
    REQUIRE(bed.server->send(accepted.GetResult(), Pattern(9)).IsDone());
    bed.RunFor(Seconds(1));
    REQUIRE(recv.IsDone());
    CHECK(recv.GetResult() == 0);
    CHECK(bytes == 9);
}

// CreateIoCompletionPort function: "A handle can be associated with only one I/O completion
// port"; a handle that is not a socket's is ERROR_INVALID_HANDLE.
TEST_CASE("completion_port_association_rules", "[iocp][errors]")
{
    WsaTestBed bed;
    auto ported = ConnectWithPort(bed);
    const HANDLE other = bed.client->CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 0);
    REQUIRE(other != 0);
    CHECK(bed.client->CreateIoCompletionPort(ported.pair.client, other, 1, 0) == 0);
    CHECK(LastError(bed.client) == WsaError::WSA_INVALID_PARAMETER);
    CHECK(bed.client->CreateIoCompletionPort(0x4444, other, 1, 0) == 0);
    CHECK(LastError(bed.client) == WsaError::WSA_INVALID_HANDLE);
}

// CancelIoEx function, Remarks: CancelIo cancels only the calling thread's requests on the
// handle, CancelIoEx those of any thread of the process.
TEST_CASE("cancelio_cancels_the_calling_threads_requests_only", "[overlapped][cancel]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    Ptr<WsaThread> other = bed.Provider(0)->CreateThread("other");
    WSAOVERLAPPED ov;
    RecvPending(bed.client, pair.client, &ov);
    CHECK(other->CancelIo(pair.client) == 1);
    CHECK(static_cast<WsaIoStatus>(ov.Internal) == WsaIoStatus::PENDING);
    CHECK(bed.client->CancelIo(pair.client) == 1);
    CHECK(static_cast<WsaIoStatus>(ov.Internal) == WsaIoStatus::CANCELLED);
    WSAOVERLAPPED second;
    RecvPending(bed.client, pair.client, &second);
    CHECK(other->CancelIoEx(pair.client, nullptr) == 1);
    CHECK(static_cast<WsaIoStatus>(second.Internal) == WsaIoStatus::CANCELLED);
}

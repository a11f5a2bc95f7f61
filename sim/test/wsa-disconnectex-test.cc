// Tests of DisconnectEx, obtained through WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER): with and
// without an OVERLAPPED, and with TF_REUSE_SOCKET followed by a new connection on the same handle
// (sock.c is Wine's dlls/ws2_32/tests/sock.c; sim/doc/windows-async-facts.md section 9).
#include "wsa-test-fixture.h"

using namespace wsdtest;

namespace
{
/// WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, WSAID_DISCONNECTEX) that must succeed.
LPFN_DISCONNECTEX
GetDisconnectEx(const Ptr<WsaThread>& thread, SOCKET s)
{
    LPFN_DISCONNECTEX function = 0;
    REQUIRE(thread->WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, WSAID_DISCONNECTEX, &function)
            == 0);
    REQUIRE(function == WsaThread::DisconnectExAddress());
    return function;
}
} // namespace

// sock.c test_get_extension_func (ok): WSAIoctl gives DisconnectEx's address; an unknown GUID
// fails with WSAEINVAL.
TEST_CASE("wsaioctl_gives_disconnectex_unknown_guid_wsaeinval", "[disconnectex]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
    GetDisconnectEx(bed.client, s);
    GUID other = WSAID_DISCONNECTEX;
    other.Data1 ^= 1;
    LPFN_DISCONNECTEX function = 0;
    CHECK(bed.client->WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, other, &function)
          == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEINVAL);
}

// sock.c test_DisconnectEx (ok): on an unconnected TCP socket WSAENOTCONN; DisconnectEx
// function: WSAEINVAL for a flag other than TF_REUSE_SOCKET or a non-zero reserved.
TEST_CASE("disconnectex_argument_and_state_errors", "[disconnectex][errors]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
    GetDisconnectEx(bed.client, s);
    auto unconnected = bed.client->DisconnectEx(s, nullptr, 0, 0);
    CHECK(unconnected.GetResult() == 0);
    CHECK(unconnected.GetError() == WsaError::WSAENOTCONN);
    CHECK(bed.client->DisconnectEx(s, nullptr, 0x10, 0).GetError() == WsaError::WSAEINVAL);
    CHECK(bed.client->DisconnectEx(s, nullptr, 0, 1).GetError() == WsaError::WSAEINVAL);
}

// sock.c test_DisconnectEx (ok): with an OVERLAPPED, FALSE with ERROR_IO_PENDING, then it
// completes (TRUE, 0 bytes); the peer reads 0; send fails WSAESHUTDOWN, connect WSAEISCONN;
// receives still work; getpeername and getsockname still succeed. With a port, a packet.
TEST_CASE("established_overlapped_disconnectex_pends_then_half_closes", "[disconnectex]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    GetDisconnectEx(bed.client, pair.client);
    const HANDLE port = bed.client->CreateIoCompletionPort(pair.client, 0, 7, 0);
    WSAOVERLAPPED ov;
    ov.hEvent = bed.client->WSACreateEvent();
    auto disconnect = bed.client->DisconnectEx(pair.client, &ov, 0, 0);
    REQUIRE(disconnect.IsDone());
    CHECK(disconnect.GetResult() == 0);
    CHECK(disconnect.GetError() == WsaError::WSA_IO_PENDING);
    auto read = bed.StartReader(1, pair.server);
    bed.RunFor(Seconds(1));
    uint32_t transferred = 9;
    uint32_t flags = 0;
    CHECK(bed.client->WSAGetOverlappedResult(pair.client, &ov, &transferred, 0, &flags).GetResult()
          == 1);
    CHECK(transferred == 0);
    CHECK(read->endOfStream);
    uint32_t bytes = 0;
    uint64_t key = 0;
    WSAOVERLAPPED* done = nullptr;
    auto packet = bed.client->GetQueuedCompletionStatus(port, &bytes, &key, &done, 0);
    CHECK(packet.GetResult() == 1);
    CHECK(done == &ov);
    CHECK(key == 7);
    CHECK(bed.client->send(pair.client, Pattern(1)).GetError() == WsaError::WSAESHUTDOWN);
    auto again = bed.client->connect(pair.client, InetSocketAddress(bed.net.GetAddress(1), kPort));
    CHECK(again.GetError() == WsaError::WSAEISCONN);
    Address peer;
    CHECK(bed.client->getpeername(pair.client, &peer) == 0);
    REQUIRE(bed.server->send(pair.server, Pattern(5)).IsDone());
    bed.RunFor(Seconds(1));
    CHECK(bed.client->recv(pair.client, 10).GetResult() == 5);
}

// sock.c test_DisconnectEx (ok): with a NULL OVERLAPPED it returns TRUE (once the disconnect is
// done), and a second call returns TRUE again.
TEST_CASE("established_synchronous_disconnectex_returns_true_twice", "[disconnectex]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    GetDisconnectEx(bed.client, pair.client);
    auto first = bed.client->DisconnectEx(pair.client, nullptr, 0, 0);
    bed.RunFor(Seconds(1));
    REQUIRE(first.IsDone());
    CHECK(first.GetResult() == 1);
    auto second = bed.client->DisconnectEx(pair.client, nullptr, 0, 0);
    REQUIRE(second.IsDone());
    CHECK(second.GetResult() == 1);
}

// DisconnectEx function, TF_REUSE_SOCKET: "When the DisconnectEx request completes, the socket
// handle can be passed to the AcceptEx or ConnectEx function"; "a TCP socket may be subject to
// the TCP TIME_WAIT state, causing the DisconnectEx call to be delayed". The model completes it
// once TCP has closed (after TIME_WAIT) and lets connect reuse the handle.
TEST_CASE("tf_reuse_socket_completes_after_time_wait_then_connects_again", "[disconnectex]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    GetDisconnectEx(bed.client, pair.client);
    WSAOVERLAPPED ov;
    auto disconnect = bed.client->DisconnectEx(pair.client, &ov, TF_REUSE_SOCKET, 0);
    CHECK(disconnect.GetError() == WsaError::WSA_IO_PENDING);
    bed.At(MilliSeconds(100), [&] { REQUIRE(bed.server->closesocket(pair.server).IsDone()); });
    bed.RunFor(Seconds(5));
    CHECK(static_cast<WsaIoStatus>(ov.Internal) == WsaIoStatus::PENDING); // in TIME_WAIT
    bed.RunFor(Seconds(300));
    CHECK(static_cast<WsaIoStatus>(ov.Internal) == WsaIoStatus::SUCCESS);
    auto accept = bed.server->accept(pair.listener);
    auto connect
        = bed.client->connect(pair.client, InetSocketAddress(bed.net.GetAddress(1), kPort));
    bed.RunFor(Seconds(1));
    REQUIRE(connect.IsDone());
    CHECK(connect.GetResult() == 0);
    REQUIRE(accept.IsDone());
    CHECK(accept.GetResult() != INVALID_SOCKET);
}

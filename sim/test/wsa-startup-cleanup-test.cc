// Tests of WSAStartup and WSACleanup: reference counting and sockets left open at the last cleanup.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

// "Every Winsock call except WSAStartup fails with WSANOTINITIALISED until a WSAStartup
// succeeds."
TEST_CASE("uninitialised_cleanup_errors_with_wsanotinitialised", "[startup][errors]")
{
    WsaTestBed bed(BedOptions{.startup = false});
    CHECK(bed.client->WSACleanup() == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSANOTINITIALISED);
}

TEST_CASE("uninitialised_socket_errors_with_wsanotinitialised", "[startup][errors]")
{
    WsaTestBed bed(BedOptions{.startup = false});
    CHECK(bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP) == INVALID_SOCKET);
    CHECK(LastError(bed.client) == WsaError::WSANOTINITIALISED);
}

TEST_CASE("startup_returns_zero_and_reports_version", "[startup]")
{
    WsaTestBed bed(BedOptions{.startup = false});
    WSADATA data{};
    CHECK(bed.client->WSAStartup(MAKEWORD(2, 2), &data) == 0);
    CHECK(data.wVersion == MAKEWORD(2, 2));
}

// WSAStartup returns its error directly (it cannot use WSAGetLastError before Winsock is up);
// a NULL lpWSAData is WSAEFAULT, and nothing is started.
TEST_CASE("startup_null_data_returns_wsaefault_directly", "[startup][errors]")
{
    WsaTestBed bed(BedOptions{.startup = false});
    CHECK(bed.client->WSAStartup(MAKEWORD(2, 2), nullptr) == static_cast<int>(WsaError::WSAEFAULT));
    CHECK(bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP) == INVALID_SOCKET);
    CHECK(LastError(bed.client) == WsaError::WSANOTINITIALISED);
}

// WSAStartup is per process (node): a thread of the other host is not initialised by it.
TEST_CASE("startup_on_one_host_leaves_other_host_uninitialised", "[startup][errors]")
{
    WsaTestBed bed(BedOptions{.startup = false});
    WSADATA data{};
    REQUIRE(bed.client->WSAStartup(MAKEWORD(2, 2), &data) == 0);
    auto other = bed.Provider(0)->CreateThread("other");
    CHECK(other->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP) != INVALID_SOCKET);
    CHECK(bed.server->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP) == INVALID_SOCKET);
    CHECK(LastError(bed.server) == WsaError::WSANOTINITIALISED);
}

// "sockets are closed and the library unloaded when the last WSACleanup returns": with sockets
// open the connection is reset (a RST on the wire, the peer sees WSAECONNRESET). Until a new
// WSAStartup every call fails WSANOTINITIALISED.
TEST_CASE("established_last_cleanup_resets_open_sockets", "[startup][cleanup]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    bool ran = false;
    bed.At(Seconds(0),
           [&]
           {
               CHECK(bed.client->WSACleanup() == 0);
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == SOCKET_ERROR);
               CHECK(LastError(bed.client) == WsaError::WSANOTINITIALISED);
               ran = true;
           });
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    CHECK(ran);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) >= 1);
    REQUIRE(read->finished);
    CHECK(read->error == WsaError::WSAECONNRESET);
}

// "a socket handle from before that is no longer a socket (WSAENOTSOCK after a new WSAStartup)."
TEST_CASE("cleanup_then_startup_old_handle_send_disconnect_errors_with_wsaenotsock",
          "[startup][cleanup][errors][wsasenddisconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    bool ran = false;
    bed.At(Seconds(0),
           [&]
           {
               REQUIRE(bed.client->WSACleanup() == 0);
               WSADATA data{};
               REQUIRE(bed.client->WSAStartup(MAKEWORD(2, 2), &data) == 0);
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == SOCKET_ERROR);
               CHECK(LastError(bed.client) == WsaError::WSAENOTSOCK);
               auto close = bed.client->closesocket(pair.client);
               REQUIRE(close.IsDone());
               CHECK(close.GetResult() == SOCKET_ERROR);
               CHECK(close.GetError() == WsaError::WSAENOTSOCK);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
}

TEST_CASE("cleanup_unconnected_socket_send_disconnect_errors_with_wsanotinitialised",
          "[startup][cleanup][errors][wsasenddisconnect]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(s != INVALID_SOCKET);
    REQUIRE(bed.client->WSACleanup() == 0);
    CHECK(bed.client->WSASendDisconnect(s, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSANOTINITIALISED);
    // One WSACleanup per WSAStartup: a second has nothing to clean up.
    CHECK(bed.client->WSACleanup() == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSANOTINITIALISED);
}

// "WSAStartup and WSACleanup are reference counted": two WSAStartup and one WSACleanup leave
// Winsock started and the sockets usable.
TEST_CASE("twice_started_one_cleanup_keeps_sockets_usable", "[startup][cleanup]")
{
    WsaTestBed bed;
    WSADATA data{};
    REQUIRE(bed.client->WSAStartup(MAKEWORD(2, 2), &data) == 0);
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    bool ran = false;
    bed.At(Seconds(0),
           [&]
           {
               CHECK(bed.client->WSACleanup() == 0);
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
               ran = true;
           });
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    CHECK(ran);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
    REQUIRE(read->finished);
    CHECK(read->endOfStream);
    // The second WSACleanup is the last: now Winsock is not initialised.
    CHECK(bed.client->WSACleanup() == 0);
    CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSANOTINITIALISED);
}

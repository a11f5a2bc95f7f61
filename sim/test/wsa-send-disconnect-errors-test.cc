// Tests of WSASendDisconnect's seven error codes, each from its real cause, and their check order.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

namespace
{
/// A handle no socket() ever returned.
constexpr SOCKET kNeverASocket = 0x7654321;

/// A descriptor that starts on the last byte of a region and runs 3 bytes past its end.
WSABUF
RunsPastRegion(const Ptr<WsaProvider>& provider)
{
    const WSABUF region = provider->GetAddressSpace()->Allocate(std::string_view("BYE!"));
    return WSABUF{4, region.buf + region.len - 1};
}

/// A valid descriptor of 4 bytes of disconnect data.
WSABUF
ValidData(const Ptr<WsaProvider>& provider)
{
    return provider->GetAddressSpace()->Allocate(std::string_view("BYE!"));
}
} // namespace

// --- WSANOTINITIALISED: "A successful WSAStartup must occur before using this function." -----

TEST_CASE("uninitialised_send_disconnect_errors_with_wsanotinitialised",
          "[wsasenddisconnect][errors]")
{
    WsaTestBed bed(BedOptions{.startup = false});
    CHECK(bed.client->WSASendDisconnect(1, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSANOTINITIALISED);
    CHECK(bed.client->WSAGetLastError() == 10093);
}

// --- WSAENOTSOCK: "The descriptor is not a socket." -------------------------------------------

TEST_CASE("never_a_socket_send_disconnect_errors_with_wsaenotsock", "[wsasenddisconnect][errors]")
{
    WsaTestBed bed;
    CHECK(bed.client->WSASendDisconnect(kNeverASocket, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOTSOCK);
    CHECK(bed.client->WSAGetLastError() == 10038);
    CHECK(bed.client->WSASendDisconnect(INVALID_SOCKET, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOTSOCK);
}

TEST_CASE("closed_handle_send_disconnect_errors_with_wsaenotsock", "[wsasenddisconnect][errors]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(s != INVALID_SOCKET);
    auto close = bed.client->closesocket(s);
    REQUIRE(close.IsDone());
    REQUIRE(close.GetResult() == 0);
    CHECK(bed.client->WSASendDisconnect(s, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOTSOCK);
}

TEST_CASE("closed_connected_handle_send_disconnect_errors_with_wsaenotsock",
          "[wsasenddisconnect][errors]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    bool ran = false;
    bed.At(Seconds(0),
           [&]
           {
               auto close = bed.client->closesocket(pair.client);
               REQUIRE(close.IsDone());
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == SOCKET_ERROR);
               CHECK(LastError(bed.client) == WsaError::WSAENOTSOCK);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
}

// --- WSAENETDOWN: "The network subsystem has failed." ----------------------------------------

TEST_CASE("established_network_down_send_disconnect_errors_with_wsaenetdown",
          "[wsasenddisconnect][errors]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    bed.net.SetInterfaceUp(0, false);
    CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENETDOWN);
    CHECK(bed.client->WSAGetLastError() == 10050);
}

// --- WSAEINPROGRESS: "A blocking Windows Sockets 1.1 call is in progress, or the service
// provider is still processing a callback function." ------------------------------------------

TEST_CASE("blocked_thread_send_disconnect_errors_with_wsaeinprogress",
          "[wsasenddisconnect][errors]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    std::optional<WsaBlockingCall<int>> recv;
    bool ran = false;
    bed.At(Seconds(0), [&] { recv = bed.server->recv(pair.server, 100); });
    bed.At(MilliSeconds(10),
           [&]
           {
               REQUIRE(recv.has_value());
               REQUIRE_FALSE(recv->IsDone()); // no data: the thread is blocked in recv
               CHECK(bed.server->IsBlocked());
               CHECK(bed.server->WSASendDisconnect(pair.server, nullptr) == SOCKET_ERROR);
               CHECK(LastError(bed.server) == WsaError::WSAEINPROGRESS);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
}

TEST_CASE("inside_blocking_hook_send_disconnect_errors_with_wsaeinprogress",
          "[wsasenddisconnect][errors]")
{
    // Winsock 1.1: WSASetBlockingHook exists; the provider runs the hook while a call blocks, and
    // any call made meanwhile (from any thread of the process) meets a provider "still
    // processing a callback function".
    WsaTestBed bed(BedOptions{.version = MAKEWORD(1, 1)});
    const auto pair = bed.ConnectPair();
    auto other = bed.Provider(0)->CreateThread("other");
    int hookCalls = 0;
    int resultInHook = -2;
    WsaError errorInHook = WsaError::NO_ERROR_;
    int blockedResultInHook = -2;
    WsaError blockedErrorInHook = WsaError::NO_ERROR_;
    int badHandleResultInHook = -2;
    WsaError badHandleErrorInHook = WsaError::NO_ERROR_;
    auto hook = [&]
    {
        ++hookCalls;
        resultInHook = other->WSASendDisconnect(pair.client, nullptr);
        errorInHook = LastError(other);
        // The blocked thread itself, from inside its hook.
        blockedResultInHook = bed.client->WSASendDisconnect(pair.client, nullptr);
        blockedErrorInHook = LastError(bed.client);
        // Check order: WSAEINPROGRESS comes before WSAENOTSOCK.
        badHandleResultInHook = other->WSASendDisconnect(kNeverASocket, nullptr);
        badHandleErrorInHook = LastError(other);
    };
    REQUIRE(bed.client->WSASetBlockingHook(hook) == 0);
    std::optional<WsaBlockingCall<int>> recv;
    bed.At(Seconds(0), [&] { recv = bed.client->recv(pair.client, 100); });
    bed.RunFor(MilliSeconds(100));
    REQUIRE(recv.has_value());
    CHECK_FALSE(recv->IsDone());
    CHECK(hookCalls == 1);
    CHECK(resultInHook == SOCKET_ERROR);
    CHECK(errorInHook == WsaError::WSAEINPROGRESS);
    CHECK(blockedResultInHook == SOCKET_ERROR);
    CHECK(blockedErrorInHook == WsaError::WSAEINPROGRESS);
    CHECK(badHandleResultInHook == SOCKET_ERROR);
    CHECK(badHandleErrorInHook == WsaError::WSAEINPROGRESS);
    // Outside the callback the same call from the same thread succeeds.
    CHECK(other->WSASendDisconnect(pair.client, nullptr) == 0);
}

TEST_CASE("winsock2_set_blocking_hook_errors_with_wsaeopnotsupp", "[errors]")
{
    // WSASetBlockingHook is a Winsock 1.1 function, removed from Winsock 2.
    WsaTestBed bed;
    CHECK(bed.client->WSASetBlockingHook([] {}) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEOPNOTSUPP);
}

// --- WSAEFAULT: "The lpOutboundDisconnectData argument is not totally contained in a valid part
// of the user address space." -------------------------------------------------------------------

TEST_CASE("established_data_past_region_send_disconnect_errors_with_wsaefault",
          "[wsasenddisconnect][errors]")
{
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    const WSABUF bad = RunsPastRegion(bed.Provider(0));
    CHECK(bed.client->WSASendDisconnect(pair.client, &bad) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEFAULT);
    CHECK(bed.client->WSAGetLastError() == 10014);
}

TEST_CASE("established_null_buffer_address_send_disconnect_errors_with_wsaefault",
          "[wsasenddisconnect][errors]")
{
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    const WSABUF nullBuffer{4, 0};
    CHECK(bed.client->WSASendDisconnect(pair.client, &nullBuffer) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEFAULT);
}

TEST_CASE("established_data_in_peer_address_space_send_disconnect_errors_with_wsaefault",
          "[wsasenddisconnect][errors]")
{
    // A buffer of another process is not in this process's address space. Host 1 allocates
    // twice so that its region does not coincide with any region of host 0.
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    (void)bed.Provider(1)->GetAddressSpace()->AllocateZeroed(100000);
    const WSABUF foreign = bed.Provider(1)->GetAddressSpace()->AllocateZeroed(100000);
    REQUIRE_FALSE(bed.Provider(0)->GetAddressSpace()->Contains(foreign.buf, foreign.len));
    CHECK(bed.client->WSASendDisconnect(pair.client, &foreign) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEFAULT);
}

// --- WSAENOPROTOOPT: "The parameter lpOutboundDisconnectData is not NULL, and the disconnect data
// is not supported by the service provider." (The TCP/IP provider does not support it.) ----

TEST_CASE("established_tcp_profile_data_send_disconnect_errors_with_wsaenoprotoopt",
          "[wsasenddisconnect][errors]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const WSABUF data = ValidData(bed.Provider(0));
    CHECK(bed.client->WSASendDisconnect(pair.client, &data) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOPROTOOPT);
    CHECK(bed.client->WSAGetLastError() == 10042);
}

TEST_CASE("established_tcp_profile_empty_data_send_disconnect_errors_with_wsaenoprotoopt",
          "[wsasenddisconnect][errors]")
{
    // "is not NULL": a descriptor of length 0 is still not NULL.
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const WSABUF region = ValidData(bed.Provider(0));
    const WSABUF empty{0, region.buf};
    CHECK(bed.client->WSASendDisconnect(pair.client, &empty) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOPROTOOPT);
}

TEST_CASE("established_wsaenoprotoopt_send_disconnect_errors_leave_sends_enabled",
          "[wsasenddisconnect][errors]")
{
    // A call that fails has not "been successfully issued", so sends are still allowed and the
    // connection is not disconnected.
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const WSABUF data = ValidData(bed.Provider(0));
    const Time start = Simulator::Now();
    REQUIRE(bed.client->WSASendDisconnect(pair.client, &data) == SOCKET_ERROR);
    auto sent = bed.StartSender(0, pair.client, Pattern(100));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    CHECK(sent->finished);
    CHECK(sent->sent == 100);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin, start) == 0);
}

// --- WSAENOTCONN: "The socket is not connected (connection-oriented sockets only)." ----------

TEST_CASE("unconnected_stream_send_disconnect_errors_with_wsaenotconn",
          "[wsasenddisconnect][errors]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(s != INVALID_SOCKET);
    CHECK(bed.client->WSASendDisconnect(s, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOTCONN);
    CHECK(bed.client->WSAGetLastError() == 10057);
    REQUIRE(bed.client->bind(s, InetSocketAddress(bed.net.GetAddress(0), 6000)) == 0);
    CHECK(bed.client->WSASendDisconnect(s, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOTCONN);
}

TEST_CASE("listening_send_disconnect_errors_with_wsaenotconn", "[wsasenddisconnect][errors]")
{
    WsaTestBed bed;
    const SOCKET s = bed.server->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(bed.server->bind(s, InetSocketAddress(bed.net.GetAddress(1), kPort)) == 0);
    REQUIRE(bed.server->listen(s, 5) == 0);
    CHECK(bed.server->WSASendDisconnect(s, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.server) == WsaError::WSAENOTCONN);
}

TEST_CASE("connecting_send_disconnect_errors_with_wsaenotconn", "[wsasenddisconnect][errors]")
{
    WsaTestBed bed;
    const SOCKET listener = bed.server->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(bed.server->bind(listener, InetSocketAddress(bed.net.GetAddress(1), kPort)) == 0);
    REQUIRE(bed.server->listen(listener, 5) == 0);
    bool ran = false;
    bed.At(MilliSeconds(10),
           [&]
           {
               const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
               MakeNonBlocking(bed.client, s);
               auto connect
                   = bed.client->connect(s, InetSocketAddress(bed.net.GetAddress(1), kPort));
               REQUIRE(connect.IsDone());
               CHECK(connect.GetResult() == SOCKET_ERROR);
               CHECK(connect.GetError() == WsaError::WSAEWOULDBLOCK);
               // The handshake has not even left the host yet.
               CHECK(bed.client->WSASendDisconnect(s, nullptr) == SOCKET_ERROR);
               CHECK(LastError(bed.client) == WsaError::WSAENOTCONN);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
}

// --- The order of the checks (wsa-thread.h: WSANOTINITIALISED, WSAEINPROGRESS, WSAENOTSOCK,
// WSAENETDOWN, then WSAEFAULT, WSAENOPROTOOPT, WSAENOTCONN): with two causes, the earlier wins. --

TEST_CASE("check_order_uninitialised_bad_handle_send_disconnect_errors_with_wsanotinitialised",
          "[wsasenddisconnect][errors][order]")
{
    WsaTestBed bed(BedOptions{.startup = false});
    CHECK(bed.client->WSASendDisconnect(kNeverASocket, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSANOTINITIALISED);
}

TEST_CASE("check_order_blocked_thread_bad_handle_send_disconnect_errors_with_wsaeinprogress",
          "[wsasenddisconnect][errors][order]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    std::optional<WsaBlockingCall<int>> recv;
    bool ran = false;
    bed.At(Seconds(0), [&] { recv = bed.server->recv(pair.server, 100); });
    bed.At(MilliSeconds(10),
           [&]
           {
               REQUIRE_FALSE(recv->IsDone());
               CHECK(bed.server->WSASendDisconnect(kNeverASocket, nullptr) == SOCKET_ERROR);
               CHECK(LastError(bed.server) == WsaError::WSAEINPROGRESS);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
}

TEST_CASE("check_order_bad_handle_network_down_send_disconnect_errors_with_wsaenotsock",
          "[wsasenddisconnect][errors][order]")
{
    WsaTestBed bed;
    bed.net.SetInterfaceUp(0, false);
    CHECK(bed.client->WSASendDisconnect(kNeverASocket, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOTSOCK);
}

TEST_CASE("check_order_network_down_fault_send_disconnect_errors_with_wsaenetdown",
          "[wsasenddisconnect][errors][order]")
{
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    bed.net.SetInterfaceUp(0, false);
    const WSABUF bad = RunsPastRegion(bed.Provider(0));
    CHECK(bed.client->WSASendDisconnect(pair.client, &bad) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENETDOWN);
}

TEST_CASE("check_order_fault_tcp_profile_send_disconnect_errors_with_wsaefault",
          "[wsasenddisconnect][errors][order]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const WSABUF bad = RunsPastRegion(bed.Provider(0));
    CHECK(bed.client->WSASendDisconnect(pair.client, &bad) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEFAULT);
}

TEST_CASE("check_order_fault_not_connected_send_disconnect_errors_with_wsaefault",
          "[wsasenddisconnect][errors][order]")
{
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    const WSABUF bad = RunsPastRegion(bed.Provider(0));
    CHECK(bed.client->WSASendDisconnect(s, &bad) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEFAULT);
}

TEST_CASE("check_order_tcp_profile_data_not_connected_send_disconnect_errors_with_wsaenoprotoopt",
          "[wsasenddisconnect][errors][order]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    const WSABUF data = ValidData(bed.Provider(0));
    CHECK(bed.client->WSASendDisconnect(s, &data) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOPROTOOPT);
}

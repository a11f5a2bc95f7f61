// Tests of ioctlsocket(FIONBIO): non-blocking recv and accept that would block fail WSAEWOULDBLOCK.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

TEST_CASE("established_nonblocking_recv_without_data_fails_ewouldblock", "[nonblocking]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    MakeNonBlocking(bed.client, pair.client);
    std::optional<WsaBlockingCall<int>> recv;
    bed.At(Seconds(0), [&] { recv = bed.client->recv(pair.client, 100); });
    bed.RunFor(Seconds(1));
    REQUIRE(recv->IsDone());
    CHECK(recv->GetResult() == SOCKET_ERROR);
    CHECK(recv->GetError() == WsaError::WSAEWOULDBLOCK);
    CHECK(LastError(bed.client) == WsaError::WSAEWOULDBLOCK);
    CHECK_FALSE(bed.client->IsBlocked());
}

TEST_CASE("established_nonblocking_recv_with_data_returns_it", "[nonblocking]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    MakeNonBlocking(bed.client, pair.client);
    auto sent = bed.StartSender(1, pair.server, Pattern(300));
    bed.RunFor(Seconds(1));
    REQUIRE(sent->sent == 300);
    std::optional<WsaBlockingCall<int>> recv;
    bed.At(Seconds(0), [&] { recv = bed.client->recv(pair.client, 1000); });
    bed.RunFor(Seconds(1));
    REQUIRE(recv->IsDone());
    CHECK(recv->GetResult() == 300);
    CHECK(recv->GetData() == Pattern(300));
}

TEST_CASE("listening_nonblocking_accept_without_pending_fails_ewouldblock", "[nonblocking]")
{
    WsaTestBed bed;
    const SOCKET listener = bed.server->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(bed.server->bind(listener, InetSocketAddress(bed.net.GetAddress(1), kPort)) == 0);
    REQUIRE(bed.server->listen(listener, 5) == 0);
    MakeNonBlocking(bed.server, listener);
    std::optional<WsaBlockingCall<SOCKET>> accept;
    bed.At(Seconds(0), [&] { accept = bed.server->accept(listener); });
    bed.RunFor(Seconds(1));
    REQUIRE(accept->IsDone());
    CHECK(accept->GetResult() == INVALID_SOCKET);
    CHECK(accept->GetError() == WsaError::WSAEWOULDBLOCK);
}

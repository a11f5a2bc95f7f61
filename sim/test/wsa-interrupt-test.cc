// Tests of blocking calls cut short (WSAEINTR) by WSACleanup, closesocket or WSACancelBlockingCall.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

TEST_CASE("blocked_recv_last_cleanup_from_other_thread_completes_with_wsaeintr",
          "[cleanup][interrupt]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    auto other = bed.Provider(0)->CreateThread("other");
    std::optional<WsaBlockingCall<int>> recv;
    bed.At(Seconds(0), [&] { recv = bed.client->recv(pair.client, 100); });
    bed.At(MilliSeconds(10),
           [&]
           {
               REQUIRE_FALSE(recv->IsDone());
               CHECK(other->WSACleanup() == 0);
           });
    bed.RunFor(Seconds(1));
    REQUIRE(recv->IsDone());
    CHECK(recv->GetResult() == SOCKET_ERROR);
    CHECK(recv->GetError() == WsaError::WSAEINTR);
    CHECK_FALSE(bed.client->IsBlocked());
}

TEST_CASE("blocked_recv_closesocket_from_other_thread_completes_with_wsaeintr",
          "[closesocket][interrupt]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    auto other = bed.Provider(0)->CreateThread("other");
    std::optional<WsaBlockingCall<int>> recv;
    std::optional<WsaBlockingCall<int>> close;
    bed.At(Seconds(0), [&] { recv = bed.client->recv(pair.client, 100); });
    bed.At(MilliSeconds(10),
           [&]
           {
               REQUIRE_FALSE(recv->IsDone());
               close = other->closesocket(pair.client);
           });
    bed.RunFor(Seconds(1));
    REQUIRE(close->IsDone());
    CHECK(close->GetResult() == 0);
    REQUIRE(recv->IsDone());
    CHECK(recv->GetResult() == SOCKET_ERROR);
    CHECK(recv->GetError() == WsaError::WSAEINTR);
}

TEST_CASE("winsock1_blocked_recv_cancel_blocking_call_from_hook_completes_with_wsaeintr",
          "[interrupt]")
{
    WsaTestBed bed(BedOptions{.version = MAKEWORD(1, 1)});
    const auto pair = bed.ConnectPair();
    int cancelResult = -2;
    BOOL blockingInHook = 0;
    REQUIRE(bed.client->WSASetBlockingHook(
                [&]
                {
                    // The two calls a hook may make (wsa-thread.h, WSASetBlockingHook).
                    blockingInHook = bed.client->WSAIsBlocking();
                    cancelResult = bed.client->WSACancelBlockingCall();
                })
            == 0);
    std::optional<WsaBlockingCall<int>> recv;
    bed.At(Seconds(0), [&] { recv = bed.client->recv(pair.client, 100); });
    bed.RunFor(Seconds(1));
    CHECK(blockingInHook != 0);
    CHECK(cancelResult == 0);
    REQUIRE(recv->IsDone());
    CHECK(recv->GetResult() == SOCKET_ERROR);
    CHECK(recv->GetError() == WsaError::WSAEINTR);
    CHECK_FALSE(bed.client->IsBlocked());
}

TEST_CASE("winsock1_not_blocked_cancel_blocking_call_errors_with_wsaeinval", "[interrupt][errors]")
{
    WsaTestBed bed(BedOptions{.version = MAKEWORD(1, 1)});
    CHECK(bed.client->WSACancelBlockingCall() == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEINVAL);
}

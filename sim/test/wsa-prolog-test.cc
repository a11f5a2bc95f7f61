// Tests that the common prolog of checks (startup, in progress, handle, network) guards every call.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

namespace
{
/// One call's result and the error it set.
struct Outcome
{
    int result;     //!< the return value (SOCKET_ERROR, or INVALID_SOCKET as -1)
    WsaError error; //!< WSAGetLastError() after it
};

/**
 * \brief Make each non-blocking-capable call once on a handle (closesocket last), from the
 *        calling context, and record what each returned.
 */
std::vector<std::pair<std::string, Outcome>>
CallEverything(const Ptr<WsaThread>& t, SOCKET s)
{
    std::vector<std::pair<std::string, Outcome>> outcomes;
    auto record = [&](const std::string& name, int result)
    {
        outcomes.emplace_back(name, Outcome{result, LastError(t)});
    };
    record("shutdown", t->shutdown(s, SD_SEND));
    WSABUF none{0, 0};
    record("WSARecvDisconnect", t->WSARecvDisconnect(s, &none));
    LINGER linger{1, 5};
    record("setsockopt",
           t->setsockopt(s,
                         WS_SOL_SOCKET,
                         WS_SO_LINGER,
                         reinterpret_cast<const char*>(&linger),
                         sizeof(LINGER)));
    int length = sizeof(LINGER);
    record(
        "getsockopt",
        t->getsockopt(s, WS_SOL_SOCKET, WS_SO_LINGER, reinterpret_cast<char*>(&linger), &length));
    uint32_t one = 1;
    record("ioctlsocket", t->ioctlsocket(s, WS_FIONBIO, &one));
    auto send = t->send(s, Pattern(10));
    record("send", send.IsDone() ? send.GetResult() : -2);
    auto recv = t->recv(s, 10);
    record("recv", recv.IsDone() ? recv.GetResult() : -2);
    auto close = t->closesocket(s);
    record("closesocket", close.IsDone() ? close.GetResult() : -2);
    return outcomes;
}

/// Check every outcome is SOCKET_ERROR with an error.
void
CheckAllFailWith(const std::vector<std::pair<std::string, Outcome>>& outcomes, WsaError expected)
{
    for (const auto& [name, outcome] : outcomes)
    {
        INFO(name);
        CHECK(outcome.result == SOCKET_ERROR);
        CHECK(outcome.error == expected);
    }
}
} // namespace

TEST_CASE("closed_handle_every_call_errors_with_wsaenotsock", "[errors][prolog]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    std::vector<std::pair<std::string, Outcome>> outcomes;
    bed.At(Seconds(0),
           [&]
           {
               auto close = bed.client->closesocket(pair.client);
               REQUIRE(close.IsDone());
               REQUIRE(close.GetResult() == 0);
               outcomes = CallEverything(bed.client, pair.client);
           });
    bed.RunFor(Seconds(1));
    REQUIRE(outcomes.size() == 8);
    CheckAllFailWith(outcomes, WsaError::WSAENOTSOCK);
}

TEST_CASE("uninitialised_every_call_errors_with_wsanotinitialised", "[errors][prolog]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    std::vector<std::pair<std::string, Outcome>> outcomes;
    bed.At(Seconds(0),
           [&]
           {
               REQUIRE(bed.client->WSACleanup() == 0);
               outcomes = CallEverything(bed.client, pair.client);
           });
    bed.RunFor(Seconds(1));
    REQUIRE(outcomes.size() == 8);
    CheckAllFailWith(outcomes, WsaError::WSANOTINITIALISED);
}

TEST_CASE("established_network_down_every_call_errors_with_wsaenetdown", "[errors][prolog]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    bed.net.SetInterfaceUp(0, false);
    std::vector<std::pair<std::string, Outcome>> outcomes;
    SOCKET created = 0;
    WsaError createdError = WsaError::NO_ERROR_;
    bed.At(Seconds(0),
           [&]
           {
               created = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
               createdError = LastError(bed.client);
               outcomes = CallEverything(bed.client, pair.client);
           });
    bed.RunFor(Seconds(1));
    CHECK(created == INVALID_SOCKET);
    CHECK(createdError == WsaError::WSAENETDOWN);
    REQUIRE(outcomes.size() == 8);
    CheckAllFailWith(outcomes, WsaError::WSAENETDOWN);
}

TEST_CASE("blocked_thread_every_call_errors_with_wsaeinprogress", "[errors][prolog]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    std::optional<WsaBlockingCall<int>> blocking;
    std::vector<std::pair<std::string, Outcome>> outcomes;
    SOCKET created = 0;
    WsaError createdError = WsaError::NO_ERROR_;
    bed.At(Seconds(0), [&] { blocking = bed.client->recv(pair.client, 100); });
    bed.At(MilliSeconds(10),
           [&]
           {
               REQUIRE_FALSE(blocking->IsDone());
               created = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
               createdError = LastError(bed.client);
               outcomes = CallEverything(bed.client, pair.client);
           });
    bed.RunFor(Seconds(1));
    CHECK(created == INVALID_SOCKET);
    CHECK(createdError == WsaError::WSAEINPROGRESS);
    REQUIRE(outcomes.size() == 8);
    CheckAllFailWith(outcomes, WsaError::WSAEINPROGRESS);
    // None of the failed calls did anything: the blocked recv is still waiting, the socket open.
    CHECK_FALSE(blocking->IsDone());
    CHECK(bed.client->IsBlocked());
}

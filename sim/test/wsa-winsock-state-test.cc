// Tests of the "WinsockState" trace source: the exact sequence of a socket's Winsock states.
#include "wsa-test-fixture.h"

#include "ns3/callback.h"

#include <sstream>

using namespace wsdtest;

namespace
{
/// Every state a socket's "WinsockState" trace source reported, as text.
struct StateLog
{
    std::vector<std::string> states; //!< "CONNECTED send=OPEN receive=OPEN end=NONE", ...

    /// The trace sink. \param oldValue the state before \param newValue the state after
    void OnState(WsaSocket::WinsockState oldValue, WsaSocket::WinsockState newValue)
    {
        (void)oldValue;
        std::ostringstream text;
        text << newValue;
        states.push_back(text.str());
    }
};

/// A client socket whose Winsock states are logged from its creation.
struct TracedClient
{
    SOCKET s{INVALID_SOCKET};                                    //!< host 0's socket
    SOCKET server{INVALID_SOCKET};                               //!< host 1's accepted socket
    std::shared_ptr<StateLog> log{std::make_shared<StateLog>()}; //!< its states
};

WsaTask
AcceptInto(Ptr<WsaThread> thread, SOCKET listener, std::shared_ptr<TracedClient> out)
{
    out->server = co_await thread->accept(listener);
}

WsaTask
ConnectTo(Ptr<WsaThread> thread, SOCKET s, Ipv4Address server, std::shared_ptr<int> result)
{
    *result = co_await thread->connect(s, InetSocketAddress(server, kPort));
}

/// Host 0 connects a new socket to host 1, logging the socket's states from the start.
std::shared_ptr<TracedClient>
ConnectTraced(WsaTestBed& bed)
{
    auto out = std::make_shared<TracedClient>();
    const SOCKET listener = bed.server->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(bed.server->bind(listener, InetSocketAddress(bed.net.GetAddress(1), kPort)) == 0);
    REQUIRE(bed.server->listen(listener, 5) == 0);
    out->s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    Ptr<WsaSocket> socket = bed.Provider(0)->Lookup(out->s);
    REQUIRE(socket);
    REQUIRE(socket->TraceConnectWithoutContext("WinsockState",
                                               MakeCallback(&StateLog::OnState, out->log.get())));
    bed.server->Start(AcceptInto(bed.server, listener, out));
    auto connected = std::make_shared<int>(-2);
    bed.client->Start(ConnectTo(bed.client, out->s, bed.net.GetAddress(1), connected),
                      MilliSeconds(100));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(*connected == 0);
    REQUIRE(out->server != INVALID_SOCKET);
    return out;
}

/// What each call of a graceful close returned.
struct GracefulResults
{
    int disconnect{-2}; //!< WSASendDisconnect
    int recv{-2};       //!< the recv that sees the end of the stream
    int close{-2};      //!< closesocket
};

/// WSASendDisconnect (client only), read to the end, closesocket: the graceful sequence.
WsaTask
GracefulSide(Ptr<WsaThread> t, SOCKET s, bool disconnect, std::shared_ptr<GracefulResults> out)
{
    if (disconnect)
    {
        out->disconnect = t->WSASendDisconnect(s, nullptr);
    }
    out->recv = co_await t->recv(s, 100);
    out->close = co_await t->closesocket(s);
}
} // namespace

// GRC-SEQUENCE: WSASendDisconnect hands ns-3 the FIN, the peer's FIN ends the stream, and
// closesocket hands ns-3 the close (linger off) before it releases the handle.
TEST_CASE("established_send_disconnect_then_close_traces_graceful_states", "[winsockstate]")
{
    WsaTestBed bed;
    auto client = ConnectTraced(bed);
    auto clientSide = std::make_shared<GracefulResults>();
    auto serverSide = std::make_shared<GracefulResults>();
    bed.client->Start(GracefulSide(bed.client, client->s, true, clientSide));
    bed.server->Start(GracefulSide(bed.server, client->server, false, serverSide),
                      MilliSeconds(10));
    bed.RunFor(Seconds(2));
    bed.RethrowIfFailed();
    CHECK(clientSide->disconnect == 0);
    CHECK(clientSide->recv == 0);
    CHECK(clientSide->close == 0);
    CHECK(serverSide->recv == 0);
    CHECK(serverSide->close == 0);

    const std::vector<std::string> expected = {
        "CONNECTING send=OPEN receive=OPEN end=NONE",
        "CONNECTED send=OPEN receive=OPEN end=NONE",
        "CONNECTED send=FIN_REQUESTED receive=OPEN end=NONE",
        "CONNECTED send=FIN_QUEUED receive=OPEN end=NONE",
        "CONNECTED send=FIN_QUEUED receive=OPEN end=PEER_FIN",
        "CONNECTED send=CLOSE_REQUESTED receive=OPEN end=PEER_FIN",
        "CONNECTED send=CLOSE_QUEUED receive=OPEN end=PEER_FIN",
        "CLOSED send=CLOSE_QUEUED receive=OPEN end=PEER_FIN",
    };
    CHECK(client->log->states == expected);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin) == 1);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst) == 0);
}

// CLS-HARD-CLOSE: closesocket under linger {1,0} decides a reset; the dispatch sends the RST
// and the connection counts as aborted before the handle is released.
TEST_CASE("established_hard_close_traces_reset_states", "[winsockstate][linger]")
{
    WsaTestBed bed;
    auto client = ConnectTraced(bed);
    SetLinger(bed.client, client->s, 1, 0);
    bool closed = false;
    bed.At(MilliSeconds(1),
           [&]
           {
               auto close = bed.client->closesocket(client->s);
               REQUIRE(close.IsDone());
               CHECK(close.GetResult() == 0);
               closed = true;
           });
    bed.RunFor(Seconds(1));
    REQUIRE(closed);

    const std::vector<std::string> expected = {
        "CONNECTING send=OPEN receive=OPEN end=NONE",
        "CONNECTED send=OPEN receive=OPEN end=NONE",
        "CONNECTED send=OPEN receive=OPEN end=RESET_REQUESTED",
        "CONNECTED send=OPEN receive=OPEN end=ABORTED",
        "CLOSED send=OPEN receive=OPEN end=ABORTED",
    };
    CHECK(client->log->states == expected);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst) == 1);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin) == 0);
}

// Tests of the recommended graceful close sequence end to end, written as client and server bodies.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

namespace
{
/// What one side of the exchange did.
struct Side
{
    int sendResult{-2};                  //!< the send
    int disconnectResult{-2};            //!< WSASendDisconnect
    std::vector<uint8_t> received;       //!< what it read before recv returned 0
    bool endOfStream{false};             //!< recv returned 0
    int recvDisconnectResult{-2};        //!< WSARecvDisconnect
    std::vector<uint8_t> disconnectData; //!< the peer's disconnect data
    int closeResult{-2};                 //!< closesocket
    bool finished{false};                //!< the body ran to its end
};

/// Fetch the peer's disconnect data into a buffer of this node's address space.
void
FetchDisconnectData(const Ptr<WsaThread>& t, SOCKET s, Side& side)
{
    auto space = t->GetProvider()->GetAddressSpace();
    WSABUF in = space->AllocateZeroed(64);
    side.recvDisconnectResult = t->WSARecvDisconnect(s, &in);
    side.disconnectData = space->Read(in.buf, in.len);
}

/// The client: send, disconnect (with data when given), read to the end, close.
WsaTask
Client(Ptr<WsaThread> t,
       SOCKET s,
       std::vector<uint8_t> request,
       std::optional<std::string> goodbye,
       std::shared_ptr<Side> side)
{
    side->sendResult = co_await t->send(s, request);
    if (goodbye)
    {
        const WSABUF out = t->GetProvider()->GetAddressSpace()->Allocate(*goodbye);
        side->disconnectResult = t->WSASendDisconnect(s, &out);
    }
    else
    {
        side->disconnectResult = t->WSASendDisconnect(s, nullptr);
    }
    // Read until recv returns 0 (WsaTask bodies cannot await one another).
    while (true)
    {
        auto call = t->recv(s, 4096);
        const int n = co_await call;
        if (n <= 0)
        {
            side->endOfStream = (n == 0);
            break;
        }
        side->received.insert(side->received.end(), call.GetData().begin(), call.GetData().end());
    }
    if (goodbye)
    {
        FetchDisconnectData(t, s, *side);
    }
    side->closeResult = co_await t->closesocket(s);
    side->finished = true;
}

/// The server: read to the end, answer, disconnect (with data when given), close.
WsaTask
Server(Ptr<WsaThread> t,
       SOCKET s,
       std::vector<uint8_t> reply,
       std::optional<std::string> goodbye,
       std::shared_ptr<Side> side)
{
    // Read until recv returns 0 (WsaTask bodies cannot await one another).
    while (true)
    {
        auto call = t->recv(s, 4096);
        const int n = co_await call;
        if (n <= 0)
        {
            side->endOfStream = (n == 0);
            break;
        }
        side->received.insert(side->received.end(), call.GetData().begin(), call.GetData().end());
    }
    if (goodbye)
    {
        FetchDisconnectData(t, s, *side);
    }
    side->sendResult = co_await t->send(s, reply);
    if (goodbye)
    {
        const WSABUF out = t->GetProvider()->GetAddressSpace()->Allocate(*goodbye);
        side->disconnectResult = t->WSASendDisconnect(s, &out);
    }
    else
    {
        side->disconnectResult = t->WSASendDisconnect(s, nullptr);
    }
    side->closeResult = co_await t->closesocket(s);
    side->finished = true;
}

/// Bytes of a string.
std::vector<uint8_t>
Bytes(const std::string& text)
{
    return std::vector<uint8_t>(text.begin(), text.end());
}
} // namespace

// GRC-SEQUENCE, "The recommended graceful sequence: send the data, call
// shutdown(SD_SEND) or WSASendDisconnect, read until recv returns 0, then closesocket."
// Both directions deliver everything, nobody resets, the active closer ends in TIME_WAIT.
TEST_CASE("established_graceful_send_disconnect_sequence_delivers_both_ways_without_rst",
          "[wsasenddisconnect][graceful]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    const auto request = Pattern(12000, 1);
    const auto reply = Pattern(7000, 2);
    auto client = std::make_shared<Side>();
    auto server = std::make_shared<Side>();
    bed.server->Start(Server(bed.server, pair.server, reply, std::nullopt, server));
    bed.client->Start(Client(bed.client, pair.client, request, std::nullopt, client),
                      MilliSeconds(10));
    bed.RunFor(Seconds(5));
    bed.client->RethrowIfFailed();
    bed.server->RethrowIfFailed();

    REQUIRE(client->finished);
    REQUIRE(server->finished);
    CHECK(client->sendResult == static_cast<int>(request.size()));
    CHECK(client->disconnectResult == 0);
    CHECK(server->received == request);
    CHECK(server->endOfStream);
    CHECK(server->sendResult == static_cast<int>(reply.size()));
    CHECK(server->disconnectResult == 0);
    CHECK(client->received == reply);
    CHECK(client->endOfStream);
    CHECK(client->closeResult == 0);
    CHECK(server->closeResult == 0);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
    CHECK(bed.trace.CountSent(bed.NodeId(1), kRst, start) == 0);
    // RFC 9293 3.6: the side that sent the first FIN waits in TIME_WAIT; the other goes through
    // CLOSE_WAIT and LAST_ACK to CLOSED.
    CHECK(bed.trace.Entered(bed.NodeId(0), TcpSocket::TIME_WAIT));
    CHECK(bed.trace.Entered(bed.NodeId(1), TcpSocket::CLOSE_WAIT));
    CHECK(bed.trace.Entered(bed.NodeId(1), TcpSocket::LAST_ACK));
    CHECK_FALSE(bed.trace.Entered(bed.NodeId(1), TcpSocket::TIME_WAIT));
}

// The same sequence on a provider with disconnect data: each side's disconnect data reaches the
// other's WSARecvDisconnect, after all of the data.
TEST_CASE("iso_established_graceful_sequence_exchanges_disconnect_data_both_ways",
          "[wsasenddisconnect][disconnect_data][graceful]")
{
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    const Time start = Simulator::Now();
    const auto request = Pattern(9000, 3);
    const auto reply = Pattern(4000, 4);
    auto client = std::make_shared<Side>();
    auto server = std::make_shared<Side>();
    bed.server->Start(Server(bed.server, pair.server, reply, std::string("server done"), server));
    bed.client->Start(Client(bed.client, pair.client, request, std::string("client done"), client),
                      MilliSeconds(10));
    bed.RunFor(Seconds(5));
    bed.client->RethrowIfFailed();
    bed.server->RethrowIfFailed();

    REQUIRE(client->finished);
    REQUIRE(server->finished);
    CHECK(client->disconnectResult == 0);
    CHECK(server->disconnectResult == 0);
    CHECK(server->received == request);
    CHECK(server->endOfStream);
    CHECK(server->recvDisconnectResult == 0);
    CHECK(server->disconnectData == Bytes("client done"));
    CHECK(client->received == reply);
    CHECK(client->endOfStream);
    CHECK(client->recvDisconnectResult == 0);
    CHECK(client->disconnectData == Bytes("server done"));
    CHECK(client->closeResult == 0);
    CHECK(server->closeResult == 0);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, start) == 0);
    CHECK(bed.trace.CountSent(bed.NodeId(1), kRst, start) == 0);
}

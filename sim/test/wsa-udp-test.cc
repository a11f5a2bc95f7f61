// Tests of WSASendDisconnect and shutdown on a UDP (connectionless) socket.
#include "wsa-test-fixture.h"

#include <optional>

using namespace wsdtest;

namespace
{
/// A UDP socket of host 1 bound to the port, and one of host 0 connected to it.
struct UdpPair
{
    SOCKET sender{INVALID_SOCKET};   //!< host 0
    SOCKET receiver{INVALID_SOCKET}; //!< host 1
};

UdpPair
MakeUdpPair(WsaTestBed& bed)
{
    UdpPair pair;
    pair.receiver = bed.server->socket(WS_AF_INET, WS_SOCK_DGRAM, WS_IPPROTO_UDP);
    REQUIRE(pair.receiver != INVALID_SOCKET);
    REQUIRE(bed.server->bind(pair.receiver, InetSocketAddress(bed.net.GetAddress(1), kPort)) == 0);
    pair.sender = bed.client->socket(WS_AF_INET, WS_SOCK_DGRAM, WS_IPPROTO_UDP);
    REQUIRE(pair.sender != INVALID_SOCKET);
    std::optional<WsaBlockingCall<int>> connect;
    bed.At(Seconds(0),
           [&] {
               connect = bed.client->connect(pair.sender,
                                             InetSocketAddress(bed.net.GetAddress(1), kPort));
           });
    bed.RunFor(MilliSeconds(10));
    REQUIRE(connect->IsDone());
    REQUIRE(connect->GetResult() == 0);
    return pair;
}

/// Count the UDP datagrams a node received, and their payload.
std::pair<size_t, uint64_t>
UdpArrived(const WsaTestBed& bed, uint32_t host)
{
    size_t count = 0;
    uint64_t bytes = 0;
    for (const auto& [at, segment] : bed.trace.Segments())
    {
        if (!segment.outgoing && segment.protocol == 17 && segment.nodeId == bed.NodeId(host))
        {
            ++count;
            bytes += segment.payloadSize;
        }
    }
    return {count, bytes};
}
} // namespace

// WSAENOTCONN is for "connection-oriented sockets only", so on UDP the call succeeds and, as
// "subsequent sends are disallowed", a send fails WSAESHUTDOWN and nothing more is sent.
TEST_CASE("udp_send_disconnect_returns_zero_and_disables_sends", "[wsasenddisconnect][udp]")
{
    WsaTestBed bed;
    const auto pair = MakeUdpPair(bed);
    std::optional<WsaBlockingCall<int>> first;
    std::optional<WsaBlockingCall<int>> second;
    std::optional<WsaBlockingCall<int>> received;
    bed.At(Seconds(0),
           [&]
           {
               received = bed.server->recv(pair.receiver, 1000);
               first = bed.client->send(pair.sender, Pattern(100));
               CHECK(bed.client->WSASendDisconnect(pair.sender, nullptr) == 0);
               second = bed.client->send(pair.sender, Pattern(50));
           });
    bed.RunFor(Seconds(1));
    REQUIRE(first->IsDone());
    CHECK(first->GetResult() == 100);
    REQUIRE(second->IsDone());
    CHECK(second->GetResult() == SOCKET_ERROR);
    CHECK(second->GetError() == WsaError::WSAESHUTDOWN);
    REQUIRE(received->IsDone());
    CHECK(received->GetResult() == 100);
    CHECK(received->GetData() == Pattern(100));
    const auto [count, bytes] = UdpArrived(bed, 1);
    CHECK(count == 1);
    CHECK(bytes == 100);
}

TEST_CASE("udp_unconnected_send_disconnect_returns_zero", "[wsasenddisconnect][udp]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_DGRAM, WS_IPPROTO_UDP);
    REQUIRE(s != INVALID_SOCKET);
    CHECK(bed.client->WSASendDisconnect(s, nullptr) == 0);
}

// SD_RECEIVE on UDP: "further receives fail with WSAESHUTDOWN ... On UDP, datagrams are still
// accepted and queued": no reset, the sender's sends keep succeeding.
TEST_CASE("udp_shutdown_receive_then_recv_fails_eshutdown_and_sender_unaffected", "[shutdown][udp]")
{
    WsaTestBed bed;
    const auto pair = MakeUdpPair(bed);
    std::optional<WsaBlockingCall<int>> send1;
    std::optional<WsaBlockingCall<int>> send2;
    std::optional<WsaBlockingCall<int>> recv;
    bed.At(Seconds(0),
           [&]
           {
               CHECK(bed.server->shutdown(pair.receiver, SD_RECEIVE) == 0);
               send1 = bed.client->send(pair.sender, Pattern(100));
           });
    bed.At(MilliSeconds(100),
           [&]
           {
               send2 = bed.client->send(pair.sender, Pattern(100));
               recv = bed.server->recv(pair.receiver, 1000);
           });
    bed.RunFor(Seconds(1));
    REQUIRE(send1->IsDone());
    CHECK(send1->GetResult() == 100);
    REQUIRE(send2->IsDone());
    CHECK(send2->GetResult() == 100);
    REQUIRE(recv->IsDone());
    CHECK(recv->GetResult() == SOCKET_ERROR);
    CHECK(recv->GetError() == WsaError::WSAESHUTDOWN);
    CHECK(UdpArrived(bed, 1).first == 2);
}

// WSAENOTCONN is for connection-oriented sockets only, so shutdown on an unconnected UDP socket
// succeeds, and it disables what it says.
TEST_CASE("udp_unconnected_shutdown_returns_zero", "[shutdown][udp]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_DGRAM, WS_IPPROTO_UDP);
    REQUIRE(s != INVALID_SOCKET);
    CHECK(bed.client->shutdown(s, SD_SEND) == 0);
    CHECK(bed.client->shutdown(s, SD_RECEIVE) == 0);
    CHECK(bed.client->shutdown(s, SD_BOTH) == 0);
}

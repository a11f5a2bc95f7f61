// Tests of the endpoint table of WsaTcpL4Protocol: the same ports and matches as ns-3's
// Ipv4EndPointDemux, endpoints gone when TCP lets go of them, RSTs for nobody's segments, and
// many connections at once.
#include "wsa-test-fixture.h"

#include "ns3/ipv4-end-point-demux.h"
#include "ns3/ipv4-end-point.h"
#include "ns3/node.h"
#include "ns3/wsa-endpoint-table.h"
#include "ns3/wsa-tcp-l4-protocol.h"

#include <set>

using namespace wsdtest;

namespace
{

const Ipv4Address kClientAddress("10.0.0.1");
const Ipv4Address kServerAddress("10.0.0.2");

/// The endpoint table of a host of the bed.
WsaEndPointTable&
TableOf(WsaTestBed& bed, uint32_t host)
{
    Ptr<WsaTcpL4Protocol> tcp = bed.net.GetNode(host)->GetObject<WsaTcpL4Protocol>();
    REQUIRE(tcp);
    return tcp->GetEndPointTable();
}

/// The local port of a socket of a thread's node.
uint16_t
LocalPort(const Ptr<WsaThread>& thread, SOCKET s)
{
    Address local;
    REQUIRE(thread->GetProvider()->Lookup(s)->GetNs3Socket()->GetSockName(local) == 0);
    return InetSocketAddress::ConvertFrom(local).GetPort();
}

/// A client's body: connect, send, disable sends, read to the end, close.
WsaTask
ConnectSendClose(Ptr<WsaThread> t, Ipv4Address server, std::shared_ptr<int> finished)
{
    const SOCKET s = t->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    // Each call awaited as a statement of its own (GCC 12 miscompiles a co_await in a loop's
    // condition).
    auto connected = t->connect(s, InetSocketAddress(server, kPort));
    const int result = co_await connected;
    if (result != 0)
    {
        co_return;
    }
    auto sent = t->send(s, Pattern(100));
    co_await sent;
    t->WSASendDisconnect(s, nullptr);
    while (true)
    {
        auto received = t->recv(s, 1024);
        const int count = co_await received;
        if (count <= 0)
        {
            break;
        }
    }
    auto closed = t->closesocket(s);
    co_await closed;
    ++*finished;
}

/// A server connection's body: read to the end, close.
WsaTask
ReadClose(Ptr<WsaThread> t, SOCKET s, std::shared_ptr<uint64_t> bytes)
{
    while (true)
    {
        auto received = t->recv(s, 1024);
        const int count = co_await received;
        if (count <= 0)
        {
            break;
        }
        *bytes += static_cast<uint64_t>(count);
    }
    auto closed = t->closesocket(s);
    co_await closed;
}

/// The acceptor: each accepted connection read on a thread of its own.
WsaTask
AcceptAll(Ptr<WsaThread> t, SOCKET listener, int count, std::shared_ptr<uint64_t> bytes)
{
    for (int i = 0; i < count; ++i)
    {
        auto accepted = t->accept(listener);
        const SOCKET s = co_await accepted;
        if (s == INVALID_SOCKET)
        {
            co_return;
        }
        Ptr<WsaThread> reader = t->GetProvider()->CreateThread("reader");
        reader->Start(ReadClose(reader, s, bytes));
    }
}

} // namespace

TEST_CASE("table_ephemeral_ports_follow_ns3_demux")
{
    // The same allocations and releases on the table and on ns-3's own demux, through a wrap
    // of the ephemeral range: every port must be the same.
    WsaEndPointTable table;
    Ipv4EndPointDemux demux;
    std::vector<Ipv4EndPoint*> ours;
    std::vector<Ipv4EndPoint*> theirs;
    auto allocateBoth = [&]
    {
        ours.push_back(table.Allocate());
        theirs.push_back(demux.Allocate());
        REQUIRE(ours.back());
        REQUIRE(theirs.back());
        REQUIRE(ours.back()->GetLocalPort() == theirs.back()->GetLocalPort());
    };
    allocateBoth();
    CHECK(ours.front()->GetLocalPort() == 49153);
    // A port bound explicitly inside the range is skipped by both.
    REQUIRE(table.Allocate(nullptr, Ipv4Address::GetAny(), 49160));
    REQUIRE(demux.Allocate(nullptr, Ipv4Address::GetAny(), 49160));
    for (int i = 0; i < 20; ++i)
    {
        allocateBoth();
    }
    // Free every other one, then go round the whole range: the freed ports come back in the
    // demux's order.
    for (size_t i = 0; i < ours.size(); i += 2)
    {
        table.Release(ours[i]);
        demux.DeAllocate(theirs[i]);
    }
    const size_t kept = ours.size();
    for (int i = 0; i < 16384 - 11; ++i)
    {
        allocateBoth();
    }
    CHECK(ours.size() > kept);
    // The range is full now: both refuse.
    CHECK(table.Allocate() == nullptr);
    CHECK(demux.Allocate() == nullptr);
}

TEST_CASE("table_refuses_what_the_demux_refuses")
{
    WsaEndPointTable table;
    Ipv4EndPointDemux demux;
    auto both = [&](Ipv4Address address, uint16_t port)
    {
        const bool ours = table.Allocate(nullptr, address, port) != nullptr;
        const bool theirs = demux.Allocate(nullptr, address, port) != nullptr;
        CHECK(ours == theirs);
        return ours;
    };
    CHECK(both(kServerAddress, 5000));
    CHECK_FALSE(both(kServerAddress, 5000));  // same address and port
    CHECK(both(Ipv4Address::GetAny(), 5000)); // the wildcard address is another address
    CHECK_FALSE(both(Ipv4Address::GetAny(), 5000));
    CHECK(both(kClientAddress, 5000));
    // A connection twice is refused; the same local port towards another peer is not.
    CHECK(table.Allocate(nullptr, kServerAddress, 5000, kClientAddress, 49153));
    CHECK_FALSE(table.Allocate(nullptr, kServerAddress, 5000, kClientAddress, 49153));
    CHECK(table.Allocate(nullptr, kServerAddress, 5000, kClientAddress, 49154));
    CHECK(table.IsPortInUse(5000));
    CHECK_FALSE(table.IsPortInUse(5001));
}

TEST_CASE("table_lookup_prefers_connection_then_exact_listener_then_wildcard")
{
    WsaEndPointTable table;
    Ipv4EndPointDemux demux;
    Ipv4EndPoint* anyListener = table.Allocate(nullptr, Ipv4Address::GetAny(), 5000);
    demux.Allocate(nullptr, Ipv4Address::GetAny(), 5000);
    Ipv4EndPoint* listener = table.Allocate(nullptr, kServerAddress, 5000);
    demux.Allocate(nullptr, kServerAddress, 5000);
    Ipv4EndPoint* connection = table.Allocate(nullptr, kServerAddress, 5000, kClientAddress, 49153);
    demux.Allocate(nullptr, kServerAddress, 5000, kClientAddress, 49153);
    REQUIRE(anyListener);
    REQUIRE(listener);
    REQUIRE(connection);

    // Each lookup against the demux's answer (same addresses and ports). The demux needs an
    // interface for a destination that is not an endpoint's own address: those are checked
    // against the table alone.
    auto check
        = [&](Ipv4Address destination, uint16_t port, uint16_t sourcePort, Ipv4EndPoint* expected)
    {
        Ipv4EndPoint* ours = table.Lookup(destination, port, kClientAddress, sourcePort, nullptr);
        CHECK(ours == expected);
        if (destination != kServerAddress)
        {
            return;
        }
        auto theirs = demux.Lookup(destination, port, kClientAddress, sourcePort, nullptr);
        REQUIRE(theirs.size() == (expected ? 1U : 0U));
        if (ours && !theirs.empty())
        {
            CHECK(ours->GetLocalAddress() == theirs.front()->GetLocalAddress());
            CHECK(ours->GetPeerPort() == theirs.front()->GetPeerPort());
        }
    };
    check(kServerAddress, 5000, 49153, connection); // established: its own endpoint
    check(kServerAddress, 5000, 49154, listener);   // a new peer: the listener on the address
    check(Ipv4Address("10.0.0.9"), 5000, 49154, anyListener); // another address: the wildcard
    check(kServerAddress, 5001, 49153, nullptr);              // nobody's port

    // Released, the connection's segments go to the listener again.
    table.Release(connection);
    CHECK_FALSE(table.Contains(connection));
    CHECK(table.Lookup(kServerAddress, 5000, kClientAddress, 49153, nullptr) == listener);
    table.Release(listener);
    CHECK(table.Lookup(kServerAddress, 5000, kClientAddress, 49153, nullptr) == anyListener);
    CHECK(table.GetSize() == 1);
}

TEST_CASE("sockets_ephemeral_ports_are_ns3s")
{
    // The model's client sockets get the ports ns-3's demux gives: 49153, 49154, ...
    WsaTestBed bed;
    const ConnectedPair first = bed.ConnectPair();
    CHECK(LocalPort(bed.client, first.client) == 49153);
    auto second = std::make_shared<SOCKET>(INVALID_SOCKET);
    bed.At(Seconds(0),
           [&bed, second]
           {
               *second = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
               REQUIRE(bed.client->bind(*second, InetSocketAddress(Ipv4Address::GetAny(), 0)) == 0);
           });
    bed.RunFor(MilliSeconds(10));
    CHECK(LocalPort(bed.client, *second) == 49154);
    CHECK(TableOf(bed, 0).GetSize() == 2);
    CHECK(TableOf(bed, 1).GetSize() == 2); // the listener and the accepted connection
}

TEST_CASE("established_abortive_close_removes_endpoints")
{
    WsaTestBed bed;
    const ConnectedPair pair = bed.ConnectPair();
    REQUIRE(TableOf(bed, 0).GetSize() == 1);
    REQUIRE(TableOf(bed, 1).GetSize() == 2);
    SetLinger(bed.client, pair.client, 1, 0);
    bed.At(Seconds(0), [&bed, pair] { CHECK(bed.client->closesocket(pair.client).IsDone()); });
    bed.RunFor(MilliSeconds(1));
    // The client's RST left at once, and its endpoint with it.
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst) == 1);
    CHECK(TableOf(bed, 0).GetSize() == 0);
    bed.RunFor(MilliSeconds(10));
    // The RST reached the server: only the listener is left.
    CHECK(bed.trace.CountReceived(bed.NodeId(1), kRst) == 1);
    CHECK(TableOf(bed, 1).GetSize() == 1);
}

TEST_CASE("established_graceful_close_removes_endpoints_after_time_wait")
{
    WsaTestBed bed;
    const ConnectedPair pair = bed.ConnectPair();
    bed.At(Seconds(0),
           [&bed, pair] { CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0); });
    bed.At(MilliSeconds(100),
           [&bed, pair] { CHECK(bed.server->WSASendDisconnect(pair.server, nullptr) == 0); });
    bed.RunFor(Seconds(1));
    // Both FINs acknowledged: the server's side is closed, the client's in TIME_WAIT.
    CHECK(TableOf(bed, 1).GetSize() == 1);
    CHECK(TableOf(bed, 0).GetSize() == 1);
    bed.RunFor(Seconds(240)); // TIME_WAIT: 2 MSL, 2 x 120 s
    CHECK(TableOf(bed, 0).GetSize() == 0);
    CHECK(TableOf(bed, 1).GetSize() == 1);
}

TEST_CASE("segment_to_no_endpoint_gets_rst")
{
    // Nobody listens on the port: host 1's TCP answers the SYN with a RST (TcpL4Protocol's
    // answer for a segment no endpoint takes), and connect fails.
    WsaTestBed bed;
    auto result = std::make_shared<std::optional<WsaBlockingCall<int>>>();
    bed.At(Seconds(0),
           [&bed, result]
           {
               const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
               *result
                   = bed.client->connect(s, InetSocketAddress(bed.net.GetAddress(1), kPort + 1));
           });
    bed.RunFor(Seconds(1));
    CHECK(bed.trace.CountSent(bed.NodeId(1), kRst) == 1);
    REQUIRE(result->has_value());
    REQUIRE((*result)->IsDone());
    CHECK((*result)->GetResult() == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAECONNREFUSED);
    CHECK(TableOf(bed, 0).GetSize() == 0);
}

TEST_CASE("many_connections_each_find_their_endpoint")
{
    // 2,000 connections at once between the two hosts: every byte arrives at its own
    // connection, every connection ends, and every endpoint but the listener's goes.
    constexpr int kConnections = 2000;
    WsaTestBed bed;
    bed.net.SetDataRate(DataRate("1Gbps")); // no queueing: the connections overlap, not wait
    const SOCKET listener = bed.server->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(bed.server->bind(listener, InetSocketAddress(bed.net.GetAddress(1), kPort)) == 0);
    REQUIRE(bed.server->listen(listener, kConnections) == 0);
    auto bytes = std::make_shared<uint64_t>(0);
    auto finished = std::make_shared<int>(0);
    bed.server->Start(AcceptAll(bed.server, listener, kConnections, bytes));
    for (int i = 0; i < kConnections; ++i)
    {
        Ptr<WsaThread> t = bed.Provider(0)->CreateThread("client");
        t->Start(ConnectSendClose(t, bed.net.GetAddress(1), finished), MicroSeconds(50 * i));
    }
    bed.RunFor(MilliSeconds(50 * kConnections / 1000 + 5));
    // Every client endpoint is still there (the first ones in TIME_WAIT, the last ones
    // still open).
    CHECK(TableOf(bed, 0).GetSize() == kConnections);
    bed.RunFor(Seconds(250)); // past the last TIME_WAIT (2 x 120 s)
    CHECK(*finished == kConnections);
    CHECK(*bytes == 100U * kConnections);
    CHECK(TableOf(bed, 0).GetSize() == 0);
    CHECK(TableOf(bed, 1).GetSize() == 1);
    std::set<uint16_t> ports;
    for (const auto& segment : bed.trace.Sent(bed.NodeId(0)))
    {
        ports.insert(segment.sourcePort);
    }
    CHECK(ports.size() == kConnections);
    CHECK(*ports.begin() == 49153);
}

// Tests of WsaTcpSocketPrototype: a socket copied from the prototype is what construction would
// make, each copy has parts of its own, a default changed later is taken at once, and the
// prototype serves every simulation of the process with sockets on their own nodes.
#include "wsa-test-fixture.h"

#include "ns3/config.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/uinteger.h"
#include "ns3/wsa-tcp-l4-protocol.h"
#include "ns3/wsa-tcp-socket-prototype.h"
#include "ns3/wsa-tcp-socket.h"
#include "ns3/wsa-two-hosts.h"

#include <map>
#include <string>

using namespace wsdtest;

namespace
{

/**
 * \brief Add every readable attribute of an object's TypeId and its parents, as text; an
 * attribute that points to an object by the type and attributes of that object, not its address.
 */
void
AddAttributes(Ptr<Object> object,
              const std::string& prefix,
              std::map<std::string, std::string>& values)
{
    for (TypeId tid = object->GetInstanceTypeId();; tid = tid.GetParent())
    {
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            const TypeId::AttributeInformation info = tid.GetAttribute(i);
            if (!info.accessor->HasGetter())
            {
                continue;
            }
            const std::string name = prefix + tid.GetName() + "::" + info.name;
            Ptr<AttributeValue> value = info.checker->Create();
            if (!info.accessor->Get(PeekPointer(object), *value))
            {
                values[name] = "(not readable)";
                continue;
            }
            const auto* pointer = dynamic_cast<const PointerValue*>(PeekPointer(value));
            if (pointer == nullptr)
            {
                values[name] = value->SerializeToString(info.checker);
            }
            else if (Ptr<Object> part = pointer->GetObject())
            {
                values[name] = part->GetInstanceTypeId().GetName();
                AddAttributes(part, name + "/", values);
            }
            else
            {
                values[name] = "null";
            }
        }
        if (tid.GetParent() == tid)
        {
            return;
        }
    }
}

/// \return every readable attribute of an object and of the objects it points to, as text
std::map<std::string, std::string>
AttributesOf(Ptr<Object> object)
{
    std::map<std::string, std::string> values;
    AddAttributes(object, "", values);
    return values;
}

/// \return a host's TCP
Ptr<TcpL4Protocol>
TcpOf(WsaTestBed& bed, uint32_t host)
{
    Ptr<WsaTcpL4Protocol> tcp = bed.net.GetNode(host)->GetObject<WsaTcpL4Protocol>();
    REQUIRE(tcp);
    return tcp;
}

} // namespace

TEST_CASE("sockets_copied_from_the_prototype_are_what_construction_makes")
{
    WsaTestBed bed;
    Ptr<Node> node = bed.net.GetNode(0);
    const Ptr<WsaTcpSocket> constructed = WsaTcpSocket::Construct(node, TcpOf(bed, 0));
    const auto expected = AttributesOf(constructed);
    REQUIRE(expected.count("ns3::TcpSocket::SegmentSize") == 1);
    REQUIRE(expected.count("ns3::TcpSocketBase::MinRto") == 1);
    REQUIRE(expected.count("ns3::TcpSocketBase::CongestionOps/ns3::TcpCubic::Beta") == 1);
    // The first may be constructed and copied as the prototype; the rest are copies.
    const uint64_t copiesBefore = WsaTcpSocketPrototype::Shared().GetCopies();
    std::vector<Ptr<WsaTcpSocket>> made;
    for (int i = 0; i < 5; ++i)
    {
        made.push_back(WsaTcpSocket::Create(node));
        for (const auto& [name, value] : AttributesOf(made.back()))
        {
            INFO("socket " << i << ": " << name);
            CHECK(value == expected.at(name));
        }
        CHECK(made.back()->GetNode() == node);
    }
    CHECK(WsaTcpSocketPrototype::Shared().GetCopies() - copiesBefore >= 4);
    // Each has its own buffers: a copy shares nothing with the prototype or another copy.
    for (size_t i = 0; i < made.size(); ++i)
    {
        for (size_t k = i + 1; k < made.size(); ++k)
        {
            CHECK(made[i]->GetTxBuffer() != made[k]->GetTxBuffer());
            CHECK(made[i]->GetRxBuffer() != made[k]->GetRxBuffer());
        }
    }
}

TEST_CASE("socket_made_after_a_default_changed_takes_the_new_default")
{
    WsaTestBed bed;
    Ptr<Node> node = bed.net.GetNode(0);
    WsaTcpSocket::Create(node); // the prototype is made under the defaults of now, if not yet
    UintegerValue before;
    WsaTcpSocket::Create(node)->GetAttribute("SegmentSize", before);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(before.Get() + 100));
    UintegerValue after;
    WsaTcpSocket::Create(node)->GetAttribute("SegmentSize", after);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", before);
    CHECK(after.Get() == before.Get() + 100);
    UintegerValue restored;
    WsaTcpSocket::Create(node)->GetAttribute("SegmentSize", restored);
    CHECK(restored.Get() == before.Get());
}

TEST_CASE("socket_made_after_a_default_changed_twice_takes_the_last_value")
{
    // Config::SetDefault makes a new value object and frees the one it replaces; the next
    // SetDefault's object is likely to get the freed address (malloc reuses it at once). A
    // prototype that remembered only addresses would take the third value for the first.
    WsaTestBed bed;
    Ptr<Node> node = bed.net.GetNode(0);
    UintegerValue original;
    WsaTcpSocket::Create(node)->GetAttribute("SegmentSize", original);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(original.Get() + 1));
    WsaTcpSocket::Create(node); // the prototype is made under the first new value
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(original.Get() + 2));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(original.Get() + 3));
    UintegerValue last;
    WsaTcpSocket::Create(node)->GetAttribute("SegmentSize", last);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", original);
    CHECK(last.Get() == original.Get() + 3);
}

namespace
{
/**
 * \brief Connect from host 0 to host 1 a number of times, each client sending 100 bytes and
 * closing, the server accepting, receiving and closing (the bed's own checks of a graceful
 * sequence apply). \param bed the bed \param connections how many
 * \return the connections finished and the bytes received
 */
std::pair<int, uint64_t>
RunConnections(WsaTestBed& bed, int connections)
{
    const SOCKET listener = bed.Listen();
    int finished = 0;
    uint64_t received = 0;
    Ptr<WsaThread> acceptor = bed.Provider(1)->CreateThread("acceptor");
    acceptor->Start(
        [](Ptr<WsaThread> t, SOCKET s, int count, uint64_t* bytes) -> WsaTask
        {
            for (int i = 0; i < count; ++i)
            {
                auto accepted = t->accept(s);
                const SOCKET c = co_await accepted;
                if (c == INVALID_SOCKET)
                {
                    co_return;
                }
                auto got = t->recv(c, 1024);
                const int size = co_await got;
                *bytes += size > 0 ? static_cast<uint64_t>(size) : 0;
                auto closed = t->closesocket(c);
                co_await closed;
            }
        }(acceptor, listener, connections, &received));
    for (int i = 0; i < connections; ++i)
    {
        Ptr<WsaThread> client = bed.Provider(0)->CreateThread("client");
        client->Start(
            [](Ptr<WsaThread> t, int* done) -> WsaTask
            {
                const SOCKET s = t->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
                auto connected = t->connect(s, InetSocketAddress(Ipv4Address("10.0.0.2"), kPort));
                const int result = co_await connected; // a statement: GCC 12, see endpoint tests
                if (result != 0)
                {
                    co_return;
                }
                auto sent = t->send(s, Pattern(100));
                co_await sent;
                auto closed = t->closesocket(s);
                co_await closed;
                ++*done;
            }(client, &finished));
    }
    bed.RunFor(Seconds(30));
    return {finished, received};
}
} // namespace

TEST_CASE("copied_sockets_carry_connections_as_constructed_ones_do")
{
    // Many connections from one host: all but perhaps the first socket are copies. Every
    // connection must be made, carry its bytes and close.
    WsaTestBed bed;
    constexpr int kConnections = 20;
    const auto [finished, received] = RunConnections(bed, kConnections);
    CHECK(finished == kConnections);
    CHECK(received == 100u * kConnections);
}

TEST_CASE("a_later_simulation_copies_its_sockets_onto_its_own_nodes")
{
    // One simulation makes the prototype and ends with Simulator::Destroy (which disposes its
    // nodes), as each case in the harness's worker does; no Config::Reset between. The next
    // one's sockets are all copies, yet each is bound to its own node and TCP: its connections
    // are demultiplexed by its own node's endpoint table and carry their bytes.
    {
        WsaTwoHosts hosts;
        hosts.Build();
        WsaTcpSocket::Create(hosts.GetNode(0));
        Simulator::Destroy();
    }
    const uint64_t constructionsBefore = WsaTcpSocketPrototype::Shared().GetConstructions();
    const uint64_t copiesBefore = WsaTcpSocketPrototype::Shared().GetCopies();
    WsaTestBed second;
    Ptr<WsaTcpSocket> socket = WsaTcpSocket::Create(second.net.GetNode(1));
    CHECK(socket->GetNode() == second.net.GetNode(1));
    constexpr int kConnections = 5;
    const auto [finished, received] = RunConnections(second, kConnections);
    CHECK(finished == kConnections);
    CHECK(received == 100u * kConnections);
    CHECK(WsaTcpSocketPrototype::Shared().GetConstructions() == constructionsBefore);
    // The socket above, the listener and five clients (accepted sockets are forks, not Make's).
    CHECK(WsaTcpSocketPrototype::Shared().GetCopies() - copiesBefore == 7);
}

// Tests of WsaTcpSocketPrototype: a socket copied from the prototype is what construction would
// make, each copy has parts of its own, and a default changed later is taken at once.
#include "wsa-test-fixture.h"

#include "ns3/config.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/uinteger.h"
#include "ns3/wsa-tcp-l4-protocol.h"
#include "ns3/wsa-tcp-socket.h"

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
    // The first three are constructed, the third copied as the prototype; the rest are copies.
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
    for (int i = 0; i < 4; ++i)
    {
        WsaTcpSocket::Create(node); // the prototype is in use from the fourth on
    }
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
    for (int i = 0; i < 4; ++i)
    {
        WsaTcpSocket::Create(node); // the prototype is made under the first new value
    }
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(original.Get() + 2));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(original.Get() + 3));
    UintegerValue last;
    WsaTcpSocket::Create(node)->GetAttribute("SegmentSize", last);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", original);
    CHECK(last.Get() == original.Get() + 3);
}

TEST_CASE("copied_sockets_carry_connections_as_constructed_ones_do")
{
    // Many connections from one host: all but two of its sockets are copies. Every connection
    // must be made, carry its bytes and close (the bed's own checks of a graceful sequence).
    WsaTestBed bed;
    const SOCKET listener = bed.Listen();
    int finished = 0;
    uint64_t received = 0;
    constexpr int kConnections = 20;
    Ptr<WsaThread> acceptor = bed.Provider(1)->CreateThread("acceptor");
    acceptor->Start(
        [](Ptr<WsaThread> t, SOCKET s, uint64_t* bytes) -> WsaTask
        {
            for (int i = 0; i < kConnections; ++i)
            {
                auto accepted = t->accept(s);
                const SOCKET c = co_await accepted;
                if (c == INVALID_SOCKET)
                {
                    co_return;
                }
                auto got = t->recv(c, 1024);
                const int count = co_await got;
                *bytes += count > 0 ? static_cast<uint64_t>(count) : 0;
                auto closed = t->closesocket(c);
                co_await closed;
            }
        }(acceptor, listener, &received));
    for (int i = 0; i < kConnections; ++i)
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
    CHECK(finished == kConnections);
    CHECK(received == 100u * kConnections);
}

// Tests of WsaTcpSocket's owner: the WsaSocket that the shared notification callbacks reach
// (WsaSocket::SharedCallback). A forked copy must not reach its listener's.
#include "wsa-test-fixture.h"

#include "ns3/wsa-socket.h"
#include "ns3/wsa-tcp-socket.h"

using namespace wsdtest;

TEST_CASE("a_copied_tcp_socket_starts_without_its_originals_owner")
{
    // Fork() copies the listening socket; the copy's notifications must not reach the
    // listener's WsaSocket before (or after) its own takes it.
    WsaTestBed bed;
    Ptr<WsaTcpSocket> listener = WsaTcpSocket::Create(bed.Provider(1)->GetNode());
    Ptr<WsaSocket> owner = CreateObject<WsaSocket>(bed.Provider(1), WS_SOCK_STREAM);
    listener->SetOwner(PeekPointer(owner));
    Ptr<WsaTcpSocket> copy = CopyObject<WsaTcpSocket>(listener);
    CHECK(copy->GetOwner() == nullptr);
    CHECK(listener->GetOwner() == PeekPointer(owner));
}

TEST_CASE("each_accepted_socket_receives_its_own_clients_bytes")
{
    // Two connections to one listener, each client sending a different count: the shared
    // receive callback hands each accepted socket's notification to that socket alone.
    WsaTestBed bed;
    const SOCKET listener = bed.Listen();
    std::vector<int> received;
    Ptr<WsaThread> server = bed.Provider(1)->CreateThread("server");
    server->Start(
        [](Ptr<WsaThread> t, SOCKET s, std::vector<int>* sizes) -> WsaTask
        {
            auto first = t->accept(s);
            const SOCKET a = co_await first;
            auto second = t->accept(s);
            const SOCKET b = co_await second;
            for (const SOCKET c : {a, b})
            {
                auto got = t->recv(c, 1024);
                const int size = co_await got;
                sizes->push_back(size);
            }
        }(server, listener, &received));
    for (const int size : {100, 300})
    {
        Ptr<WsaThread> client = bed.Provider(0)->CreateThread("client");
        client->Start(
            [](Ptr<WsaThread> t, int bytes) -> WsaTask
            {
                const SOCKET s = t->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
                auto connected = t->connect(s, InetSocketAddress(Ipv4Address("10.0.0.2"), kPort));
                co_await connected;
                auto sent = t->send(s, Pattern(static_cast<size_t>(bytes)));
                co_await sent;
            }(client, size),
            MilliSeconds(size)); // the 100-byte client connects first
    }
    bed.RunFor(Seconds(5));
    CHECK(received == std::vector<int>{100, 300});
}

// An abortive close in the wsd model, from a program that only installed it: the client sets
// SO_LINGER {1, 0} and calls closesocket, which sends an RST; the server's pending recv fails with
// WSAECONNRESET. Prints what each side saw; exit status 0 when it is so.
#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/wsa-provider.h"
#include "ns3/wsa-task.h"
#include "ns3/wsa-thread.h"
#include "ns3/wsa-two-hosts.h"

#include <cstdio>
#include <string>

using namespace ns3;

namespace
{
constexpr uint16_t kPort = 7000;

int g_serverRecv = 1;    //!< what the server's recv returned
int g_serverError = 0;   //!< and WSAGetLastError() after it
bool g_sawReset = false; //!< whether the server's host received an RST

void
NoteSegment(const WsaSegmentRecord& record)
{
    if (record.nodeId == 1 && !record.outgoing && (record.flags & TcpHeader::RST) != 0)
    {
        g_sawReset = true;
    }
}

WsaTask
Server(Ptr<WsaThread> t, Ipv4Address address)
{
    WSADATA data{};
    t->WSAStartup(MAKEWORD(2, 2), &data);
    SOCKET listener = t->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    t->bind(listener, InetSocketAddress(address, kPort));
    t->listen(listener, 1);
    SOCKET s = co_await t->accept(listener);
    g_serverRecv = co_await t->recv(s, 100);
    g_serverError = t->WSAGetLastError();
    co_await t->closesocket(s);
    co_await t->closesocket(listener);
    t->WSACleanup();
}

WsaTask
Client(Ptr<WsaThread> t, Ipv4Address server)
{
    WSADATA data{};
    t->WSAStartup(MAKEWORD(2, 2), &data);
    SOCKET s = t->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    co_await t->connect(s, InetSocketAddress(server, kPort));
    const LINGER hardClose{1, 0};
    t->setsockopt(s,
                  WS_SOL_SOCKET,
                  WS_SO_LINGER,
                  reinterpret_cast<const char*>(&hardClose),
                  sizeof(hardClose));
    co_await t->closesocket(s); // linger {1, 0}: an abortive close, an RST on the wire
    t->WSACleanup();
}
} // namespace

int
main()
{
    WsaTwoHosts net;
    net.SetDelay(MilliSeconds(5));
    net.Build();
    net.GetProvider(1)->TraceConnectWithoutContext("Segment", MakeCallback(&NoteSegment));
    Ptr<WsaThread> client = net.GetProvider(0)->CreateThread("client");
    Ptr<WsaThread> server = net.GetProvider(1)->CreateThread("server");
    server->Start(Server(server, net.GetAddress(1)));
    client->Start(Client(client, net.GetAddress(1)), MilliSeconds(1));
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    const bool finished = client->IsFinished() && server->IsFinished();
    Simulator::Destroy();

    const std::string error(WsaErrorName(static_cast<WsaError>(g_serverError)));
    std::printf("server: RST received: %s; recv returned %d, WSAGetLastError() = %s (%d)\n",
                g_sawReset ? "yes" : "no",
                g_serverRecv,
                error.c_str(),
                g_serverError);
    const bool reset = g_sawReset && g_serverRecv == SOCKET_ERROR
                       && static_cast<WsaError>(g_serverError) == WsaError::WSAECONNRESET;
    return finished && reset ? 0 : 1;
}

// The recommended graceful shutdown, printed as a timeline of Winsock calls, TCP states and
// segments.
//
// Host 1 (server) accepts a connection; host 0 (client) sends a request, calls
// WSASendDisconnect and reads until recv returns 0; the server reads the request to end of
// stream, sends its reply, WSASendDisconnects in turn, and both call closesocket.
#include "ns3/command-line.h"
#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/wsa-provider.h"
#include "ns3/wsa-task.h"
#include "ns3/wsa-thread.h"
#include "ns3/wsa-two-hosts.h"

#include <cstdio>
#include <iostream>
#include <string>

using namespace ns3;

namespace
{

constexpr uint16_t kPort = 5000;

/// Print one line of the timeline.
void
PrintLine(uint32_t node, const std::string& text)
{
    std::printf("%12.6f s  host %u  %s\n", Simulator::Now().GetSeconds(), node, text.c_str());
}

void
PrintReturn(const WsaApiRecord& record)
{
    std::string text = record.thread + ": " + record.call + "(" + record.arguments + ") = ";
    text += std::to_string(record.result);
    if (record.error != WsaError::NO_ERROR_)
    {
        text += " [" + std::string(WsaErrorName(record.error)) + " "
                + std::to_string(static_cast<int>(record.error)) + "]";
    }
    if (record.blocked)
    {
        char called[32];
        std::snprintf(called, sizeof(called), "%.6f", record.calledAt.GetSeconds());
        text += "  (blocked since " + std::string(called) + " s)";
    }
    PrintLine(record.nodeId, text);
}

void
PrintState(const WsaTcpStateRecord& record)
{
    PrintLine(record.nodeId,
              std::string("TCP ") + TcpSocket::TcpStateName[record.from] + " -> "
                  + TcpSocket::TcpStateName[record.to]);
}

void
PrintSegment(const WsaSegmentRecord& record)
{
    if (record.protocol != 6)
    {
        return;
    }
    char text[160];
    std::snprintf(text,
                  sizeof(text),
                  "%s %s seq=%u ack=%u len=%u",
                  record.outgoing ? "sends   " : "receives",
                  TcpFlagsToString(record.flags).c_str(),
                  record.sequence,
                  record.acknowledgement,
                  record.payloadSize);
    PrintLine(record.nodeId, text);
}

std::vector<uint8_t>
Bytes(const std::string& text)
{
    return std::vector<uint8_t>(text.begin(), text.end());
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
    co_await t->closesocket(listener);

    // Read the request to end of stream: recv returns 0 after the client's FIN.
    while (true)
    {
        auto received = t->recv(s, 1024);
        if (co_await received <= 0)
        {
            break;
        }
    }
    co_await t->send(s, Bytes("reply: 200 bytes of answer ..."));
    t->WSASendDisconnect(s, nullptr);
    co_await t->closesocket(s);
    t->WSACleanup();
}

WsaTask
Client(Ptr<WsaThread> t, Ipv4Address server)
{
    WSADATA data{};
    t->WSAStartup(MAKEWORD(2, 2), &data);
    SOCKET s = t->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    co_await t->connect(s, InetSocketAddress(server, kPort));
    co_await t->send(s, Bytes("request: please answer"));
    // Recommended graceful shutdown: no more sends, FIN after the request; keep reading.
    t->WSASendDisconnect(s, nullptr);
    while (co_await t->recv(s, 1024) > 0)
    {
    }
    co_await t->closesocket(s);
    t->WSACleanup();
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string pcapPrefix;
    CommandLine cmd(__FILE__);
    cmd.AddValue("pcap", "write a pcap per host with this file prefix", pcapPrefix);
    cmd.Parse(argc, argv);

    WsaTwoHosts net;
    net.SetDelay(MilliSeconds(10));
    net.Build();
    if (!pcapPrefix.empty())
    {
        net.EnablePcap(pcapPrefix);
    }
    for (uint32_t host = 0; host < 2; ++host)
    {
        Ptr<WsaProvider> provider = net.GetProvider(host);
        provider->TraceConnectWithoutContext("ApiReturn", MakeCallback(&PrintReturn));
        provider->TraceConnectWithoutContext("TcpState", MakeCallback(&PrintState));
        provider->TraceConnectWithoutContext("Segment", MakeCallback(&PrintSegment));
    }
    std::printf("Graceful shutdown with WSASendDisconnect: host 0 = client %s, host 1 = server "
                "%s, 10 ms link delay\n",
                "10.0.0.1",
                "10.0.0.2");

    Ptr<WsaThread> client = net.GetProvider(0)->CreateThread("client");
    Ptr<WsaThread> server = net.GetProvider(1)->CreateThread("server");
    server->Start(Server(server, net.GetAddress(1)));
    client->Start(Client(client, net.GetAddress(1)), MilliSeconds(1));

    Simulator::Stop(Seconds(300));
    Simulator::Run();
    client->RethrowIfFailed();
    server->RethrowIfFailed();
    const bool finished = client->IsFinished() && server->IsFinished();
    Simulator::Destroy();
    if (!finished)
    {
        std::cerr << "the example did not run to its end\n";
        return 1;
    }
    return 0;
}

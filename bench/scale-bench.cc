// Benchmark of many concurrent TCP connections between two hosts, on the Winsock model or on
// plain ns-3 sockets, printing one machine-readable line.
//
//   scale-bench wsd|plain N LINGER [SCHEDULER]
//
// LINGER: off | abortive | timeout. SCHEDULER: ns-3's event scheduler, Heap (the default here:
// the fastest on this workload, docs/performance.md), Map (ns-3's default), Calendar or List.
//
// The workload, the same for both: host 0 and host 1 (1 Gb/s, 1 ms) each listen on port 5000
// and each open N/2 connections to the other (connection i from host i % 2), so that N reaches
// 100,000: ns-3 gives every client endpoint of a node a local port of its own, at most 64,511
// of them (only 16,384 ephemeral ones), so each client binds local port 10000 + i / 2. Client i
// connects at i * 10 us; once all are connected (N * 10 us + 1 s) client i sends 1,000 bytes
// at its turn (another i * 10 us), disables sends (WSASendDisconnect; ns-3 ShutdownSend), reads
// to the end of the stream and closes (closesocket; ns-3 Close). Each accepted connection is
// read to the end of the stream and closed. The linger setting (SO_LINGER: off, {1,0}, {1,5})
// applies to both sides' sockets on the model; plain ns-3 has no linger and ignores it.
//
// Printed: impl, connections, linger, scheduler, clients and servers that finished, bytes the
// servers read, events executed, simulated seconds, wall seconds (whole process up to after
// Simulator::Destroy), the simulation's own wall seconds, events per wall second, peak RSS.
#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/queue-size.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/uinteger.h"
#include "ns3/wsa-provider.h"
#include "ns3/wsa-task.h"
#include "ns3/wsa-thread.h"
#include "ns3/wsa-two-hosts.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t kServerPort = 5000;
constexpr uint16_t kFirstClientPort = 10000;
constexpr uint32_t kPayloadBytes = 1000;
constexpr uint16_t kLingerTimeoutSeconds = 5;
const Time kConnectGap = MicroSeconds(10);

/// What finished, for the printed line.
struct Tally
{
    uint64_t clientsDone{0};   //!< clients that closed their socket
    uint64_t serversDone{0};   //!< accepted connections read to the end and closed
    uint64_t bytesReceived{0}; //!< bytes the servers read
};

/// The workload's timing, shared by both implementations.
struct Schedule
{
    uint32_t connections; //!< N

    /// \param i a connection \return when its client connects
    Time ConnectAt(uint32_t i) const
    {
        return kConnectGap * i;
    }

    /// \param i a connection \return when its client sends
    Time SendAt(uint32_t i) const
    {
        return kConnectGap * connections + Seconds(1) + kConnectGap * i;
    }

    /// \param i a connection \return the host its client runs on
    static uint32_t ClientHost(uint32_t i)
    {
        return i % 2;
    }

    /// \param i a connection \return its client's local port
    static uint16_t ClientPort(uint32_t i)
    {
        return static_cast<uint16_t>(kFirstClientPort + i / 2);
    }
};

// --- the Winsock model ----------------------------------------------------------------------

/// SO_LINGER on a socket.
void
ApplyLinger(const Ptr<WsaThread>& thread, SOCKET s, const LINGER& linger)
{
    thread->setsockopt(
        s, WS_SOL_SOCKET, WS_SO_LINGER, reinterpret_cast<const char*>(&linger), sizeof(linger));
}

/// A client's first part: socket, bind, connect.
WsaTask
WsaClientConnect(Ptr<WsaThread> t, Ipv4Address server, uint16_t port, LINGER linger, SOCKET* s)
{
    *s = t->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    ApplyLinger(t, *s, linger);
    t->bind(*s, InetSocketAddress(Ipv4Address::GetAny(), port));
    auto connected = t->connect(*s, InetSocketAddress(server, kServerPort));
    const int result = co_await connected;
    if (result != 0)
    {
        std::fprintf(stderr, "connect failed: %d\n", t->WSAGetLastError());
    }
}

/// A client's second part: send, WSASendDisconnect, read to the end, closesocket.
WsaTask
WsaClientSend(Ptr<WsaThread> t, const SOCKET* s, const std::vector<uint8_t>* payload, Tally* tally)
{
    // GCC 12 miscompiles a co_await inside a loop's condition: each call is awaited as a
    // statement of its own.
    auto sent = t->send(*s, *payload);
    co_await sent;
    t->WSASendDisconnect(*s, nullptr);
    while (true)
    {
        auto received = t->recv(*s, 4096);
        const int count = co_await received;
        if (count <= 0)
        {
            break;
        }
    }
    auto closed = t->closesocket(*s);
    co_await closed;
    ++tally->clientsDone;
}

/// One accepted connection: read to the end, closesocket.
WsaTask
WsaServerRead(Ptr<WsaThread> t, SOCKET s, Tally* tally)
{
    while (true)
    {
        auto received = t->recv(s, 4096);
        const int count = co_await received;
        if (count <= 0)
        {
            break;
        }
        tally->bytesReceived += static_cast<uint64_t>(count);
    }
    auto closed = t->closesocket(s);
    co_await closed;
    ++tally->serversDone;
}

/// A host's acceptor: accept `count` connections, each read on a thread of its own.
WsaTask
WsaAcceptor(Ptr<WsaThread> t, SOCKET listener, uint32_t count, LINGER linger, Tally* tally)
{
    Ptr<WsaProvider> provider = t->GetProvider();
    for (uint32_t taken = 0; taken < count; ++taken)
    {
        auto accepted = t->accept(listener);
        const SOCKET s = co_await accepted;
        if (s == INVALID_SOCKET)
        {
            std::fprintf(stderr, "accept failed: %d\n", t->WSAGetLastError());
            co_return;
        }
        ApplyLinger(t, s, linger);
        Ptr<WsaThread> reader = provider->CreateThread("s");
        reader->Start(WsaServerRead(reader, s, tally));
    }
}

/// Runs the workload on two WsaTwoHosts hosts.
class WsaWorkload
{
  public:
    WsaWorkload(Schedule schedule, LINGER linger)
        : m_schedule(schedule)
        , m_linger(linger)
        , m_sockets(schedule.connections, INVALID_SOCKET)
        , m_payload(kPayloadBytes, 0x5a)
    {
    }

    void Start()
    {
        m_net.SetDataRate(DataRate("1Gbps"));
        m_net.Build();
        for (uint32_t host = 0; host < 2; ++host)
        {
            Ptr<WsaThread> main = m_net.GetProvider(host)->CreateThread("main");
            WSADATA data{};
            main->WSAStartup(MAKEWORD(2, 2), &data);
            const SOCKET listener = main->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
            main->bind(listener, InetSocketAddress(m_net.GetAddress(host), kServerPort));
            main->listen(listener, static_cast<int>(m_schedule.connections));
            const uint32_t incoming
                = m_schedule.connections / 2 + (host == 1 ? m_schedule.connections % 2 : 0);
            main->Start(WsaAcceptor(main, listener, incoming, m_linger, &m_tally));
        }
        for (uint32_t i = 0; i < m_schedule.connections; ++i)
        {
            const uint32_t host = Schedule::ClientHost(i);
            Ptr<WsaThread> t = m_net.GetProvider(host)->CreateThread("c");
            const Ipv4Address server = m_net.GetAddress(1 - host);
            t->Start(WsaClientConnect(t, server, Schedule::ClientPort(i), m_linger, &m_sockets[i]),
                     m_schedule.ConnectAt(i));
            t->Start(WsaClientSend(t, &m_sockets[i], &m_payload, &m_tally), m_schedule.SendAt(i));
        }
    }

    const Tally& GetTally() const
    {
        return m_tally;
    }

  private:
    Schedule m_schedule;
    LINGER m_linger;
    WsaTwoHosts m_net;
    std::vector<SOCKET> m_sockets;
    std::vector<uint8_t> m_payload;
    Tally m_tally;
};

// --- plain ns-3 sockets ---------------------------------------------------------------------

/// Runs the workload on two hosts with plain ns-3 TCP sockets (TcpSocketFactory).
class PlainWorkload
{
  public:
    explicit PlainWorkload(Schedule schedule)
        : m_schedule(schedule)
        , m_clients(schedule.connections)
    {
    }

    void Start()
    {
        // The same link and TCP settings as WsaTwoHosts.
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(536));
        Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(131072));
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(131072));
        m_nodes.Create(2);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", DataRateValue(DataRate("1Gbps")));
        link.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
        link.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(QueueSize("10240p")));
        NetDeviceContainer devices = link.Install(m_nodes);
        InternetStackHelper stack;
        stack.Install(m_nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.0.0.0", "255.255.255.0");
        m_interfaces = addresses.Assign(devices);
        TrafficControlHelper().Uninstall(devices);

        for (uint32_t host = 0; host < 2; ++host)
        {
            Ptr<Socket> listener
                = Socket::CreateSocket(m_nodes.Get(host), TcpSocketFactory::GetTypeId());
            listener->Bind(InetSocketAddress(m_interfaces.GetAddress(host), kServerPort));
            listener->Listen();
            listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                        MakeCallback(&PlainWorkload::OnAccept, this));
            m_listeners.push_back(listener);
        }
        for (uint32_t i = 0; i < m_schedule.connections; ++i)
        {
            Simulator::Schedule(m_schedule.ConnectAt(i), &PlainWorkload::Connect, this, i);
            Simulator::Schedule(m_schedule.SendAt(i), &PlainWorkload::Send, this, i);
        }
    }

    const Tally& GetTally() const
    {
        return m_tally;
    }

  private:
    void Connect(uint32_t i)
    {
        const uint32_t host = Schedule::ClientHost(i);
        Ptr<Socket> socket = Socket::CreateSocket(m_nodes.Get(host), TcpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), Schedule::ClientPort(i)));
        socket->SetRecvCallback(MakeCallback(&PlainWorkload::Drain, this));
        socket->SetCloseCallbacks(MakeCallback(&PlainWorkload::OnClientClose, this),
                                  MakeCallback(&PlainWorkload::OnClientClose, this));
        socket->Connect(InetSocketAddress(m_interfaces.GetAddress(1 - host), kServerPort));
        m_clients[i] = socket;
    }

    void Send(uint32_t i)
    {
        m_clients[i]->Send(Create<Packet>(kPayloadBytes), 0);
        m_clients[i]->ShutdownSend();
    }

    /// Read what arrived; \return the byte count.
    static uint64_t Read(Ptr<Socket> socket)
    {
        uint64_t bytes = 0;
        while (Ptr<Packet> packet = socket->Recv())
        {
            if (packet->GetSize() == 0)
            {
                break; // end of stream
            }
            bytes += packet->GetSize();
        }
        return bytes;
    }

    void Drain(Ptr<Socket> socket)
    {
        Read(socket);
    }

    void OnClientClose(Ptr<Socket> socket)
    {
        Read(socket);
        // Outside of ns-3's processing of the segment, as the model's threads run.
        Simulator::ScheduleNow(&PlainWorkload::CloseClient, this, socket);
    }

    void CloseClient(Ptr<Socket> socket)
    {
        socket->Close();
        ++m_tally.clientsDone;
    }

    void OnAccept(Ptr<Socket> socket, const Address&)
    {
        socket->SetRecvCallback(MakeCallback(&PlainWorkload::OnServerReceive, this));
        socket->SetCloseCallbacks(MakeCallback(&PlainWorkload::OnServerClose, this),
                                  MakeCallback(&PlainWorkload::OnServerClose, this));
    }

    void OnServerReceive(Ptr<Socket> socket)
    {
        m_tally.bytesReceived += Read(socket);
    }

    void OnServerClose(Ptr<Socket> socket)
    {
        m_tally.bytesReceived += Read(socket);
        Simulator::ScheduleNow(&PlainWorkload::CloseServer, this, socket);
    }

    void CloseServer(Ptr<Socket> socket)
    {
        socket->Close();
        ++m_tally.serversDone;
    }

    Schedule m_schedule;
    NodeContainer m_nodes;
    Ipv4InterfaceContainer m_interfaces;
    std::vector<Ptr<Socket>> m_listeners;
    std::vector<Ptr<Socket>> m_clients;
    Tally m_tally;
};

int
Usage()
{
    std::fprintf(stderr,
                 "usage: scale-bench wsd|plain N off|abortive|timeout [Heap|Map|Calendar|List]\n");
    return 2;
}

/// Make ns-3 use the scheduler of that name. \return false for a name ns-3 does not have
bool
UseScheduler(const std::string& name)
{
    if (name != "Heap" && name != "Map" && name != "Calendar" && name != "List")
    {
        return false;
    }
    ObjectFactory factory;
    factory.SetTypeId("ns3::" + name + "Scheduler");
    Simulator::SetScheduler(factory);
    return true;
}

/// \return the SO_LINGER setting named off, abortive or timeout; nothing for another name
std::optional<LINGER>
LingerNamed(const std::string& name)
{
    if (name == "off")
    {
        return LINGER{0, 0};
    }
    if (name == "abortive")
    {
        return LINGER{1, 0};
    }
    if (name == "timeout")
    {
        return LINGER{1, kLingerTimeoutSeconds};
    }
    return std::nullopt;
}

} // namespace

int
main(int argc, char** argv)
{
    if (argc != 4 && argc != 5)
    {
        return Usage();
    }
    const std::string scheduler = argc == 5 ? argv[4] : "Heap";
    if (!UseScheduler(scheduler))
    {
        return Usage();
    }
    const std::string impl = argv[1];
    const long connections = std::strtol(argv[2], nullptr, 10);
    const std::string lingerName = argv[3];
    const std::optional<LINGER> linger = LingerNamed(lingerName);
    if (!linger || (impl != "wsd" && impl != "plain") || connections < 1 || connections > 120000)
    {
        return Usage();
    }
    const Schedule schedule{static_cast<uint32_t>(connections)};

    const auto start = std::chrono::steady_clock::now();
    Tally tally;
    double runSeconds = 0;
    uint64_t events = 0;
    double simulatedSeconds = 0;
    {
        WsaWorkload wsd(schedule, *linger);
        PlainWorkload plain(schedule);
        if (impl == "wsd")
        {
            wsd.Start();
        }
        else
        {
            plain.Start();
        }
        const auto runStart = std::chrono::steady_clock::now();
        Simulator::Run();
        runSeconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - runStart).count();
        events = Simulator::GetEventCount();
        simulatedSeconds = Simulator::Now().GetSeconds();
        tally = impl == "wsd" ? wsd.GetTally() : plain.GetTally();
        Simulator::Destroy();
    }
    const double wallSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);

    std::printf("impl=%s connections=%ld linger=%s scheduler=%s clients_done=%lu servers_done=%lu "
                "bytes=%lu events=%lu simulated_s=%.3f wall_s=%.3f run_s=%.3f "
                "events_per_s=%.0f peak_rss_mib=%.1f\n",
                impl.c_str(),
                connections,
                impl == "plain" ? "n/a" : lingerName.c_str(),
                scheduler.c_str(),
                static_cast<unsigned long>(tally.clientsDone),
                static_cast<unsigned long>(tally.serversDone),
                static_cast<unsigned long>(tally.bytesReceived),
                static_cast<unsigned long>(events),
                simulatedSeconds,
                wallSeconds,
                runSeconds,
                static_cast<double>(events) / wallSeconds,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    return tally.clientsDone == schedule.connections && tally.serversDone == schedule.connections
               ? 0
               : 1;
}

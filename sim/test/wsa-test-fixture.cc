// Shared fixtures of the wsd tests: the test bed, the trace log and the reader and sender bodies.
#include "wsa-test-fixture.h"

#include "ns3/callback.h"
#include "ns3/config.h"
#include "ns3/node.h"

#include <algorithm>

namespace wsdtest
{

WsaError
LastError(const Ptr<WsaThread>& thread)
{
    return static_cast<WsaError>(thread->WSAGetLastError());
}

void
MakeNonBlocking(const Ptr<WsaThread>& thread, SOCKET s)
{
    uint32_t one = 1;
    REQUIRE(thread->ioctlsocket(s, WS_FIONBIO, &one) == 0);
}

void
SetLinger(const Ptr<WsaThread>& thread, SOCKET s, uint16_t onoff, uint16_t seconds)
{
    const LINGER linger{onoff, seconds};
    REQUIRE(
        thread->setsockopt(
            s, WS_SOL_SOCKET, WS_SO_LINGER, reinterpret_cast<const char*>(&linger), sizeof(LINGER))
        == 0);
}

std::vector<uint8_t>
Pattern(size_t size, uint8_t seed)
{
    std::vector<uint8_t> bytes(size);
    for (size_t i = 0; i < size; ++i)
    {
        bytes[i] = static_cast<uint8_t>((i + seed) % 251);
    }
    return bytes;
}

// --- TraceLog -----------------------------------------------------------------------------------

void
TraceLog::Attach(Ptr<WsaProvider> provider)
{
    provider->TraceConnectWithoutContext("Segment", MakeCallback(&TraceLog::OnSegment, this));
    provider->TraceConnectWithoutContext("TcpState", MakeCallback(&TraceLog::OnTcpState, this));
}

void
TraceLog::OnSegment(const WsaSegmentRecord& record)
{
    m_segments.push_back(TimedSegment{Simulator::Now(), record});
}

void
TraceLog::OnTcpState(const WsaTcpStateRecord& record)
{
    m_states.push_back(TimedState{Simulator::Now(), record});
}

const std::vector<TimedSegment>&
TraceLog::Segments() const
{
    return m_segments;
}

const std::vector<TimedState>&
TraceLog::States() const
{
    return m_states;
}

std::vector<WsaSegmentRecord>
TraceLog::Sent(uint32_t nodeId, Time from) const
{
    std::vector<WsaSegmentRecord> sent;
    for (const auto& [at, segment] : m_segments)
    {
        if (segment.outgoing && segment.protocol == 6 && segment.nodeId == nodeId && at >= from)
        {
            sent.push_back(segment);
        }
    }
    return sent;
}

size_t
TraceLog::CountSent(uint32_t nodeId, uint8_t flag, Time from) const
{
    const auto sent = Sent(nodeId, from);
    return static_cast<size_t>(std::count_if(
        sent.begin(), sent.end(), [flag](const auto& s) { return (s.flags & flag) != 0; }));
}

size_t
TraceLog::CountReceived(uint32_t nodeId, uint8_t flag, Time from) const
{
    size_t count = 0;
    for (const auto& [at, segment] : m_segments)
    {
        if (!segment.outgoing && segment.protocol == 6 && segment.nodeId == nodeId && at >= from
            && (segment.flags & flag) != 0)
        {
            ++count;
        }
    }
    return count;
}

uint64_t
TraceLog::PayloadSent(uint32_t nodeId, Time from) const
{
    uint64_t total = 0;
    for (const auto& segment : Sent(nodeId, from))
    {
        total += segment.payloadSize;
    }
    return total;
}

bool
TraceLog::Entered(uint32_t nodeId, TcpSocket::TcpStates_t to) const
{
    return std::any_of(m_states.begin(),
                       m_states.end(),
                       [nodeId, to](const TimedState& s)
                       { return s.change.nodeId == nodeId && s.change.to == to; });
}

// --- Bodies
// ---------------------------------------------------------------------------------------

WsaTask
ReadUntilEnd(Ptr<WsaThread> thread, SOCKET s, std::shared_ptr<ReadOutcome> out)
{
    while (true)
    {
        auto call = thread->recv(s, 65536);
        const int result = co_await call;
        out->endedAt = Simulator::Now();
        if (result > 0)
        {
            const auto& data = call.GetData();
            out->bytes.insert(out->bytes.end(), data.begin(), data.end());
            continue;
        }
        if (result == 0)
        {
            out->endOfStream = true;
        }
        else
        {
            out->error = call.GetError();
        }
        out->finished = true;
        co_return;
    }
}

WsaTask
SendAll(Ptr<WsaThread> thread,
        SOCKET s,
        std::vector<uint8_t> data,
        std::shared_ptr<SendOutcome> out)
{
    while (out->sent < data.size())
    {
        std::vector<uint8_t> rest(data.begin() + static_cast<std::ptrdiff_t>(out->sent),
                                  data.end());
        auto call = thread->send(s, rest);
        const int result = co_await call;
        if (result == SOCKET_ERROR)
        {
            out->error = call.GetError();
            break;
        }
        out->sent += static_cast<uint64_t>(result);
    }
    out->finished = true;
}

// --- WsaTestBed
// -------------------------------------------------------------------------------------

namespace
{
/// Host 1's side of ConnectPair: accept one connection.
WsaTask
AcceptOne(Ptr<WsaThread> thread, SOCKET listener, std::shared_ptr<ConnectedPair> pair)
{
    pair->server = co_await thread->accept(listener);
}

/// Host 0's side of ConnectPair: connect a new socket.
WsaTask
ConnectOne(Ptr<WsaThread> thread, Ipv4Address server, std::shared_ptr<ConnectedPair> pair)
{
    const SOCKET s = thread->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    const int result = co_await thread->connect(s, InetSocketAddress(server, kPort));
    if (result == 0)
    {
        pair->client = s;
    }
}
} // namespace

WsaTestBed::WsaTestBed(BedOptions options)
{
    if (options.rcvBufSize != 0)
    {
        // WsaTwoHosts::Build() sets ns3::TcpSocket::RcvBufSize itself, from this.
        net.SetReceiveBufferSize(options.rcvBufSize);
    }
    net.SetProfile(options.profile);
    net.Build();
    trace.Attach(Provider(0));
    trace.Attach(Provider(1));
    client = Provider(0)->CreateThread("client");
    server = Provider(1)->CreateThread("server");
    m_threads = {client, server};
    if (options.startup)
    {
        WSADATA data{};
        REQUIRE(client->WSAStartup(options.version, &data) == 0);
        REQUIRE(server->WSAStartup(options.version, &data) == 0);
    }
}

WsaTestBed::~WsaTestBed()
{
    Simulator::Destroy();
    Config::Reset();
}

uint32_t
WsaTestBed::NodeId(uint32_t host) const
{
    return net.GetNode(host)->GetId();
}

Ptr<WsaProvider>
WsaTestBed::Provider(uint32_t host) const
{
    return net.GetProvider(host);
}

void
WsaTestBed::RunFor(Time duration)
{
    Simulator::Stop(duration);
    Simulator::Run();
}

SOCKET
WsaTestBed::Listen()
{
    const SOCKET listener = server->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    REQUIRE(listener != INVALID_SOCKET);
    REQUIRE(server->bind(listener, InetSocketAddress(net.GetAddress(1), kPort)) == 0);
    REQUIRE(server->listen(listener, 5) == 0);
    return listener;
}

ConnectedPair
WsaTestBed::ConnectPair()
{
    auto pair = std::make_shared<ConnectedPair>();
    pair->listener = Listen();
    server->Start(AcceptOne(server, pair->listener, pair), Seconds(0));
    client->Start(ConnectOne(client, net.GetAddress(1), pair), MilliSeconds(100));
    RunFor(Seconds(1));
    RethrowIfFailed();
    REQUIRE(pair->client != INVALID_SOCKET);
    REQUIRE(pair->server != INVALID_SOCKET);
    return *pair;
}

std::shared_ptr<ReadOutcome>
WsaTestBed::StartReader(uint32_t host, SOCKET s, Time delay)
{
    auto out = std::make_shared<ReadOutcome>();
    auto thread = Provider(host)->CreateThread("reader" + std::to_string(m_threads.size()));
    m_threads.push_back(thread);
    thread->Start(ReadUntilEnd(thread, s, out), delay);
    return out;
}

std::shared_ptr<SendOutcome>
WsaTestBed::StartSender(uint32_t host, SOCKET s, std::vector<uint8_t> data, Time delay)
{
    auto out = std::make_shared<SendOutcome>();
    auto thread = Provider(host)->CreateThread("sender" + std::to_string(m_threads.size()));
    m_threads.push_back(thread);
    thread->Start(SendAll(thread, s, std::move(data), out), delay);
    return out;
}

void
WsaTestBed::RethrowIfFailed() const
{
    for (const auto& thread : m_threads)
    {
        thread->RethrowIfFailed();
    }
}

} // namespace wsdtest

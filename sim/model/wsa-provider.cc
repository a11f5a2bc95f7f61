// A node's Windows Sockets: startup counting, the handle table, network state and trace sources.
#include "wsa-provider.h"

#include "wsa-socket.h"
#include "wsa-thread.h"

#include "ns3/enum.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/udp-header.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WsaProvider");
NS_OBJECT_ENSURE_REGISTERED(WsaProvider);

namespace
{
/// Winsock handles are multiples of 4; the model starts where Windows often does.
constexpr SOCKET kFirstHandle = 0x100;
constexpr uint16_t kHighestVersion = MAKEWORD(2, 2);

/// A version word as a comparable number (major * 256 + minor).
int
VersionOrder(uint16_t version)
{
    return (version & 0xff) * 256 + (version >> 8);
}
} // namespace

TypeId
WsaProvider::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::WsaProvider")
              .SetParent<Object>()
              .SetGroupName("Wsd")
              .AddConstructor<WsaProvider>()
              .AddAttribute(
                  "Profile",
                  "The transport service provider: TCP/IP, or ISO transport over TCP with "
                  "disconnect data.",
                  EnumValue(static_cast<int>(WsaProviderProfile::TCP_IP)),
                  MakeEnumAccessor(&WsaProvider::SetProfileNumber, &WsaProvider::GetProfileNumber),
                  MakeEnumChecker(static_cast<int>(WsaProviderProfile::TCP_IP),
                                  "tcp-ip",
                                  static_cast<int>(WsaProviderProfile::ISO_TP_OVER_TCP),
                                  "iso-tp-over-tcp"))
              .AddTraceSource("ApiCall",
                              "A Winsock call on entry.",
                              MakeTraceSourceAccessor(&WsaProvider::m_apiCallTrace),
                              "ns3::WsaProvider::ApiTracedCallback")
              .AddTraceSource("ApiReturn",
                              "A Winsock call on return, with its result and error.",
                              MakeTraceSourceAccessor(&WsaProvider::m_apiReturnTrace),
                              "ns3::WsaProvider::ApiTracedCallback")
              .AddTraceSource("TcpState",
                              "A TCP state change of one of the node's sockets.",
                              MakeTraceSourceAccessor(&WsaProvider::m_tcpStateTrace),
                              "ns3::WsaProvider::TcpStateTracedCallback")
              .AddTraceSource("Segment",
                              "A TCP segment or UDP datagram leaving or reaching the node's IP.",
                              MakeTraceSourceAccessor(&WsaProvider::m_segmentTrace),
                              "ns3::WsaProvider::SegmentTracedCallback");
    return tid;
}

WsaProvider::WsaProvider()
    : m_profile(WsaProviderProfile::TCP_IP)
    , m_addressSpace(CreateObject<WsaAddressSpace>())
    , m_startupCount(0)
    , m_version(0)
    , m_nextHandle(kFirstHandle)
    , m_callbackDepth(0)
    , m_nextCallId(1)
{
}

WsaProvider::~WsaProvider()
{
    m_wakeEvent.Cancel(); // the event points at this object
}

void
WsaProvider::DoDispose()
{
    for (auto& thread : m_threads)
    {
        thread->Dispose();
    }
    m_threads.clear();
    for (auto& [handle, socket] : m_sockets)
    {
        socket->Dispose();
    }
    m_sockets.clear();
    for (auto& [key, socket] : m_closing)
    {
        socket->Dispose();
    }
    m_closing.clear();
    m_closingKeys.clear();
    m_wakeEvent.Cancel();
    m_waiters.Clear();
    m_events.clear();
    m_ports.clear();
    m_node = nullptr;
    m_addressSpace = nullptr;
    Object::DoDispose();
}

void
WsaProvider::SetNode(Ptr<Node> node)
{
    m_node = node;
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    NS_ABORT_MSG_IF(!ipv4, "WsaProvider: install the internet stack on the node first");
    ipv4->TraceConnectWithoutContext("Tx", MakeCallback(&WsaProvider::OnIpTx, this));
    ipv4->TraceConnectWithoutContext("Rx", MakeCallback(&WsaProvider::OnIpRx, this));
}

Ptr<Node>
WsaProvider::GetNode() const
{
    return m_node;
}

Ptr<WsaThread>
WsaProvider::CreateThread(const std::string& name)
{
    Ptr<WsaThread> thread = CreateObject<WsaThread>(Ptr<WsaProvider>(this), name);
    m_threads.push_back(thread);
    return thread;
}

WsaProviderProfile
WsaProvider::GetProfile() const
{
    return m_profile;
}

void
WsaProvider::SetProfile(WsaProviderProfile profile)
{
    m_profile = profile;
}

void
WsaProvider::SetProfileNumber(int profile)
{
    m_profile = static_cast<WsaProviderProfile>(profile);
}

int
WsaProvider::GetProfileNumber() const
{
    return static_cast<int>(m_profile);
}

Ptr<WsaAddressSpace>
WsaProvider::GetAddressSpace() const
{
    return m_addressSpace;
}

bool
WsaProvider::IsStarted() const
{
    return m_startupCount > 0;
}

uint16_t
WsaProvider::GetVersion() const
{
    return m_version;
}

WsaError
WsaProvider::Startup(uint16_t requested, WSADATA* data)
{
    // WSAStartup function: versions below 1.1 are not supported; above 2.2, 2.2 is offered.
    if (VersionOrder(requested) < VersionOrder(MAKEWORD(1, 1)))
    {
        return WsaError::WSAVERNOTSUPPORTED;
    }
    if (!data)
    {
        return WsaError::WSAEFAULT;
    }
    const uint16_t version
        = VersionOrder(requested) > VersionOrder(kHighestVersion) ? kHighestVersion : requested;
    data->wVersion = version;
    data->wHighVersion = kHighestVersion;
    m_version = version;
    ++m_startupCount;
    return WsaError::NO_ERROR_;
}

void
WsaProvider::Cleanup()
{
    NS_ASSERT(m_startupCount > 0);
    if (--m_startupCount > 0)
    {
        return;
    }
    // WSACleanup function: sockets open at the last WSACleanup "are reset and automatically
    // deallocated as if closesocket were called"; their handles never denote a socket again.
    auto sockets = m_sockets;
    for (auto& [handle, socket] : sockets)
    {
        socket->ResetAndRelease();
    }
    for (auto& thread : m_threads)
    {
        thread->InterruptBlockingCall();
    }
}

bool
WsaProvider::IsNetworkDown() const
{
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    for (uint32_t interface = 0; interface < ipv4->GetNInterfaces(); ++interface)
    {
        const bool loopback
            = ipv4->GetAddress(interface, 0).GetLocal() == Ipv4Address::GetLoopback();
        if (!loopback && ipv4->IsUp(interface))
        {
            return false;
        }
    }
    return true;
}

bool
WsaProvider::IsInCallback() const
{
    return m_callbackDepth > 0;
}

void
WsaProvider::RunCallback(const std::function<void()>& callback)
{
    ++m_callbackDepth;
    callback();
    --m_callbackDepth;
}

uint64_t
WsaProvider::NextHandle()
{
    const uint64_t handle = m_nextHandle;
    m_nextHandle += 4;
    return handle;
}

SOCKET
WsaProvider::Register(Ptr<WsaSocket> socket)
{
    const SOCKET handle = NextHandle();
    socket->SetHandle(handle);
    m_sockets.emplace(handle, socket);
    return handle;
}

void
WsaProvider::Unregister(SOCKET handle)
{
    m_sockets.erase(handle);
}

void
WsaProvider::KeepClosing(Ptr<WsaSocket> socket)
{
    // Keyed lookups, not a scan: a host may have tens of thousands of sockets in TIME_WAIT.
    if (m_closingKeys.emplace(PeekPointer(socket), m_nextClosingKey).second)
    {
        m_closing.emplace(m_nextClosingKey++, socket);
    }
}

void
WsaProvider::ForgetClosing(WsaSocket* socket)
{
    auto key = m_closingKeys.find(socket);
    if (key != m_closingKeys.end())
    {
        const uint64_t order = key->second;
        m_closingKeys.erase(key);
        m_closing.erase(order); // may free the socket: nothing of it is used after this
    }
}

Ptr<WsaSocket>
WsaProvider::Lookup(SOCKET handle) const
{
    auto it = m_sockets.find(handle);
    return it == m_sockets.end() ? nullptr : it->second;
}

WSAEVENT
WsaProvider::CreateEvent()
{
    // WSACreateEvent: "The event object created by this function is manual reset, with an
    // initial state of nonsignaled." Winsock's sockets, events and ports share the process's
    // handle table (kernel handles): one counter, never reused.
    const WSAEVENT handle = NextHandle();
    m_events.emplace(handle, Create<WsaEvent>([this]() { ScheduleWake(); }));
    return handle;
}

bool
WsaProvider::CloseEvent(WSAEVENT handle)
{
    return m_events.erase(handle) > 0;
}

Ptr<WsaEvent>
WsaProvider::LookupEvent(WSAEVENT handle) const
{
    auto it = m_events.find(handle);
    return it == m_events.end() ? nullptr : it->second;
}

HANDLE
WsaProvider::CreateCompletionPort()
{
    const HANDLE handle = NextHandle();
    m_ports.emplace(handle, Create<WsaCompletionPort>([this]() { ScheduleWake(); }));
    return handle;
}

Ptr<WsaCompletionPort>
WsaProvider::LookupPort(HANDLE handle) const
{
    auto it = m_ports.find(handle);
    return it == m_ports.end() ? nullptr : it->second;
}

uint64_t
WsaProvider::Wait(WsaPoll poll, std::function<void(WsaOutcome)> done)
{
    return m_waiters.Add(std::move(poll), std::move(done));
}

void
WsaProvider::CancelWait(uint64_t ticket, WsaOutcome outcome)
{
    m_waiters.Cancel(ticket, std::move(outcome));
}

void
WsaProvider::ScheduleWake()
{
    if (m_waiters.IsEmpty() || m_wakeEvent.IsRunning())
    {
        return;
    }
    // `this`, not a Ptr, as in WsaSocket::ScheduleWake: the destructor cancels the event.
    m_wakeEvent = Simulator::ScheduleNow(&WsaProvider::ServiceWaiters, this);
}

EventId
WsaProvider::ScheduleWakeIn(Time delay)
{
    return Simulator::Schedule(delay, &WsaProvider::ScheduleWake, Ptr<WsaProvider>(this));
}

void
WsaProvider::ServiceWaiters()
{
    Ptr<WsaProvider> self(this);
    m_waiters.PollEach(); // a wait that ends may start another: it waits for the next change
}

uint64_t
WsaProvider::NextCallId()
{
    return m_nextCallId++;
}

void
WsaProvider::NotifyApiCall(const WsaApiRecord& record)
{
    m_apiCallTrace(record);
}

void
WsaProvider::NotifyApiReturn(const WsaApiRecord& record)
{
    m_apiReturnTrace(record);
}

void
WsaProvider::NotifyTcpState(const WsaTcpStateRecord& record)
{
    m_tcpStateTrace(record);
}

void
WsaProvider::TraceIpPacket(bool outgoing, Ptr<const Packet> packet)
{
    if (m_segmentTrace.IsEmpty())
    {
        return;
    }
    Ptr<Packet> copy = packet->Copy();
    Ipv4Header ip;
    if (copy->RemoveHeader(ip) == 0)
    {
        return;
    }
    WsaSegmentRecord record;
    record.nodeId = m_node->GetId();
    record.outgoing = outgoing;
    record.protocol = ip.GetProtocol();
    record.source = ip.GetSource();
    record.destination = ip.GetDestination();
    if (record.protocol == 6)
    {
        TcpHeader tcp;
        copy->RemoveHeader(tcp);
        record.sourcePort = tcp.GetSourcePort();
        record.destinationPort = tcp.GetDestinationPort();
        record.flags = tcp.GetFlags();
        record.sequence = tcp.GetSequenceNumber().GetValue();
        record.acknowledgement = tcp.GetAckNumber().GetValue();
        record.window = tcp.GetWindowSize();
    }
    else if (record.protocol == 17)
    {
        UdpHeader udp;
        copy->RemoveHeader(udp);
        record.sourcePort = udp.GetSourcePort();
        record.destinationPort = udp.GetDestinationPort();
    }
    else
    {
        return;
    }
    record.payloadSize = copy->GetSize();
    m_segmentTrace(record);
}

void
WsaProvider::OnIpTx(Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t)
{
    TraceIpPacket(true, packet);
}

void
WsaProvider::OnIpRx(Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t)
{
    TraceIpPacket(false, packet);
}

} // namespace ns3

// Two simulated hosts on one point-to-point link, each with the internet stack and Winsock.
#include "ns3/wsa-two-hosts.h"

#include "ns3/abort.h"
#include "ns3/channel.h"
#include "ns3/config.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv4.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/queue-size.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/wsa-fault-error-model.h"
#include "ns3/wsa-helper.h"
#include "ns3/wsa-provider.h"

namespace ns3
{

namespace
{
/**
 * \brief Config::SetDefault, unless the attribute's default is that value already. Setting a
 * default makes a new value object even for the same value, and the process's socket prototype
 * (WsaTcpSocketPrototype) is made again whenever a default's object changed: a process running
 * scenario after scenario with the same settings would construct every first socket.
 * \tparam Value the attribute's value type (UintegerValue, TimeValue)
 * \param typeName the TypeId's name \param attribute its attribute \param value the default
 */
template <class Value>
void
SetDefaultUnlessSo(const std::string& typeName, const std::string& attribute, const Value& value)
{
    TypeId::AttributeInformation info;
    if (TypeId::LookupByName(typeName).LookupAttributeByName(attribute, &info))
    {
        const auto current = DynamicCast<const Value>(info.initialValue);
        if (current && current->Get() == value.Get())
        {
            return;
        }
    }
    Config::SetDefault(typeName + "::" + attribute, value);
}

/**
 * \brief Give each host its address on the link (host 0 10.0.0.1, host 1 10.0.0.2, /24) and
 * bring its interface up: Ipv4AddressHelper::Assign's steps, without the queue discipline that
 * Assign installs on each device (Linux's fq_codel, which Windows does not run: sim/doc/wsd.md,
 * "The link").
 * \param devices the two hosts' devices, host 0's first
 */
void
AddressHosts(const NetDeviceContainer& devices)
{
    const Ipv4Mask mask("255.255.255.0");
    for (uint32_t host = 0; host < devices.GetN(); ++host)
    {
        Ptr<NetDevice> device = devices.Get(host);
        Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
        const uint32_t interface = ipv4->AddInterface(device);
        ipv4->AddAddress(interface, Ipv4InterfaceAddress(Ipv4Address(0x0a000001 + host), mask));
        ipv4->SetMetric(interface, 1);
        ipv4->SetUp(interface);
    }
}
} // namespace

WsaTwoHosts::WsaTwoHosts()
    : m_rate("10Mbps")
    , m_delay(MilliSeconds(1))
    , m_lossRate(0.0)
    , m_profile(WsaProviderProfile::TCP_IP)
    , m_segmentSize(536)
    , m_receiveBuffer(131072)
    , m_sendBuffer(131072)
    , m_built(false)
{
}

// Each setter changes its own setting at once: in the objects once built (Build() reads the
// others), in the ns-3 defaults that TCP sockets take when they are created.

void
WsaTwoHosts::SetDataRate(DataRate rate)
{
    m_rate = rate;
    for (uint32_t host = 0; m_built && host < 2; ++host)
    {
        m_devices.Get(host)->SetAttribute("DataRate", DataRateValue(m_rate));
    }
}

void
WsaTwoHosts::SetDelay(Time delay)
{
    m_delay = delay;
    if (m_built)
    {
        m_devices.Get(0)->GetChannel()->SetAttribute("Delay", TimeValue(m_delay));
    }
}

void
WsaTwoHosts::SetLossRate(double rate)
{
    m_lossRate = rate;
    for (uint32_t host = 0; m_built && host < 2; ++host)
    {
        m_faults[host]->SetLossRate(m_lossRate);
    }
}

void
WsaTwoHosts::SetProfile(WsaProviderProfile profile)
{
    m_profile = profile;
    for (uint32_t host = 0; m_built && host < 2; ++host)
    {
        GetProvider(host)->SetProfile(m_profile);
    }
}

void
WsaTwoHosts::SetSegmentSize(uint32_t segmentSize)
{
    m_segmentSize = segmentSize;
    SetDefaultUnlessSo("ns3::TcpSocket", "SegmentSize", UintegerValue(m_segmentSize));
}

void
WsaTwoHosts::SetReceiveBufferSize(uint32_t bytes)
{
    m_receiveBuffer = bytes;
    SetDefaultUnlessSo("ns3::TcpSocket", "RcvBufSize", UintegerValue(m_receiveBuffer));
}

void
WsaTwoHosts::SetSendBufferSize(uint32_t bytes)
{
    m_sendBuffer = bytes;
    SetDefaultUnlessSo("ns3::TcpSocket", "SndBufSize", UintegerValue(m_sendBuffer));
}

void
WsaTwoHosts::ApplyTcpDefaults()
{
    // Every default is made this topology's each time: a process may build several topologies
    // in turn.
    SetDefaultUnlessSo("ns3::TcpSocket", "SegmentSize", UintegerValue(m_segmentSize));
    SetDefaultUnlessSo("ns3::TcpSocket", "RcvBufSize", UintegerValue(m_receiveBuffer));
    SetDefaultUnlessSo("ns3::TcpSocket", "SndBufSize", UintegerValue(m_sendBuffer));
    // Windows' least retransmission timeout, not ns-3's 1 s (RFC 6298 2.4): Set-NetTCPSetting's
    // MinRtoMs takes "increments of 10, from 20 ms through 300 ms" (Microsoft, nettcpip module),
    // so no Windows waits 1 s; 300 ms is the Internet template's, which client Windows uses
    // (Get-NetTCPSetting as recorded in ETWAnalyzer's DumpTCPCommand.md; Microsoft's pages give
    // the range, not the default). docs/real-networks.md, "Retransmissions".
    SetDefaultUnlessSo("ns3::TcpSocketBase", "MinRto", TimeValue(MilliSeconds(300)));
}

void
WsaTwoHosts::AddDropRule(uint32_t host, Time from, uint8_t flags, bool withPayload, uint32_t count)
{
    NS_ABORT_MSG_IF(!m_built, "WsaTwoHosts::AddDropRule before Build");
    m_faults[host]->AddDropRule(from, flags, withPayload, count);
}

void
WsaTwoHosts::AddDelayRule(
    uint32_t host, Time from, uint8_t flags, bool withPayload, uint32_t count, Time delay)
{
    NS_ABORT_MSG_IF(!m_built, "WsaTwoHosts::AddDelayRule before Build");
    m_faults[host]->AddDelayRule(from, flags, withPayload, count, delay);
}

void
WsaTwoHosts::Build()
{
    NS_ABORT_MSG_IF(m_built, "WsaTwoHosts::Build called twice");
    ApplyTcpDefaults();

    m_nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", DataRateValue(m_rate));
    link.SetChannelAttribute("Delay", TimeValue(m_delay));
    // A host sends through one first-in first-out queue, long enough that it drops none of its
    // own segments (fq_codel's limit, 10,240 packets), and no queue discipline (below).
    link.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(QueueSize("10240p")));
    m_devices = link.Install(m_nodes);
    for (uint32_t host = 0; host < 2; ++host)
    {
        m_faults[host] = CreateObject<WsaFaultErrorModel>();
        m_faults[host]->SetLossRate(m_lossRate);
        m_faults[host]->AssignStreams(host); // fixed streams: the same run every time
        m_devices.Get(host)->SetAttribute("ReceiveErrorModel", PointerValue(m_faults[host]));
        // A held segment arrives as if off the wire, late. The callback holds a plain pointer:
        // the device already holds the error model, and a Ptr back would be a cycle.
        m_faults[host]->SetDeliverCallback(
            MakeCallback(&PointToPointNetDevice::Receive,
                         PeekPointer(DynamicCast<PointToPointNetDevice>(m_devices.Get(host)))));
    }

    InternetStackHelper stack;
    // ns-3's TCP, with the Winsock sockets' endpoints in a hash table: a segment costs the
    // same however many connections a host has.
    stack.SetTcp("ns3::WsaTcpL4Protocol");
    // The model is IPv4 only (socket(AF_INET6) fails with WSAEAFNOSUPPORT): no IPv6 stack, whose
    // objects and attributes were a share of every case's set-up.
    stack.SetIpv6StackInstall(false);
    stack.Install(m_nodes);
    // No queue discipline: a segment goes straight to the device's queue, in the order and at
    // the time it went through fq_codel whenever fq_codel dropped nothing (every reference trace
    // stayed byte for byte the same), and a connection costs 15 % less at scale.
    AddressHosts(m_devices);

    WsaHelper winsock;
    winsock.SetProfile(m_profile);
    winsock.Install(m_nodes);
    m_built = true;
}

bool
WsaTwoHosts::IsBuilt() const
{
    return m_built;
}

Ptr<Node>
WsaTwoHosts::GetNode(uint32_t host) const
{
    return m_nodes.Get(host);
}

Ptr<WsaProvider>
WsaTwoHosts::GetProvider(uint32_t host) const
{
    return m_nodes.Get(host)->GetObject<WsaProvider>();
}

Ipv4Address
WsaTwoHosts::GetAddress(uint32_t host) const
{
    return m_nodes.Get(host)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
}

Ptr<NetDevice>
WsaTwoHosts::GetDevice(uint32_t host) const
{
    return m_devices.Get(host);
}

void
WsaTwoHosts::SetInterfaceUp(uint32_t host, bool up)
{
    Ptr<Ipv4> ipv4 = m_nodes.Get(host)->GetObject<Ipv4>();
    if (up)
    {
        ipv4->SetUp(1);
    }
    else
    {
        ipv4->SetDown(1);
    }
}

void
WsaTwoHosts::EnablePcap(const std::string& prefix)
{
    PointToPointHelper link;
    link.EnablePcapAll(prefix, false);
}

} // namespace ns3

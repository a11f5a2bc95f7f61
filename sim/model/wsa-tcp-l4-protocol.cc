// ns-3's TCP with the Winsock sockets' endpoints found by hash (WsaEndPointTable).
#include "wsa-tcp-l4-protocol.h"

#include "wsa-tcp-socket.h"

#include "ns3/ipv4-end-point.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/tcp-header.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WsaTcpL4Protocol");
NS_OBJECT_ENSURE_REGISTERED(WsaTcpL4Protocol);

TypeId
WsaTcpL4Protocol::GetTypeId()
{
    static TypeId tid = TypeId("ns3::WsaTcpL4Protocol")
                            .SetParent<TcpL4Protocol>()
                            .SetGroupName("Wsd")
                            .AddConstructor<WsaTcpL4Protocol>();
    return tid;
}

WsaTcpL4Protocol::WsaTcpL4Protocol() = default;

WsaTcpL4Protocol::~WsaTcpL4Protocol() = default;

WsaEndPointTable&
WsaTcpL4Protocol::GetEndPointTable()
{
    return m_endPointTable;
}

void
WsaTcpL4Protocol::DoDispose()
{
    // The sockets learn that their endpoints are gone (TcpSocketBase::Destroy), as when
    // TcpL4Protocol deletes its demux.
    m_endPointTable.Clear();
    TcpL4Protocol::DoDispose();
}

IpL4Protocol::RxStatus
WsaTcpL4Protocol::Receive(Ptr<Packet> packet,
                          const Ipv4Header& incomingIpHeader,
                          Ptr<Ipv4Interface> incomingInterface)
{
    TcpHeader tcpHeader;
    const IpL4Protocol::RxStatus status = PacketReceived(
        packet, tcpHeader, incomingIpHeader.GetSource(), incomingIpHeader.GetDestination());
    if (status != IpL4Protocol::RX_OK)
    {
        return status;
    }
    Ipv4EndPoint* endPoint = m_endPointTable.Lookup(incomingIpHeader.GetDestination(),
                                                    tcpHeader.GetDestinationPort(),
                                                    incomingIpHeader.GetSource(),
                                                    tcpHeader.GetSourcePort(),
                                                    incomingInterface);
    if (!endPoint)
    {
        // Not a Winsock socket's: a plain ns-3 socket's, or nobody's (TcpL4Protocol sends
        // the RST).
        return TcpL4Protocol::Receive(packet, incomingIpHeader, incomingInterface);
    }
    NS_LOG_LOGIC("segment for " << endPoint->GetLocalAddress() << ":" << endPoint->GetLocalPort());
    endPoint->ForwardUp(packet, incomingIpHeader, tcpHeader.GetSourcePort(), incomingInterface);
    return IpL4Protocol::RX_OK;
}

void
WsaTcpL4Protocol::ReceiveIcmp(Ipv4Address icmpSource,
                              uint8_t icmpTtl,
                              uint8_t icmpType,
                              uint8_t icmpCode,
                              uint32_t icmpInfo,
                              Ipv4Address payloadSource,
                              Ipv4Address payloadDestination,
                              const uint8_t payload[8])
{
    // The first 8 bytes of the offending segment: source port, destination port.
    const auto sourcePort = static_cast<uint16_t>((payload[0] << 8) | payload[1]);
    const auto destinationPort = static_cast<uint16_t>((payload[2] << 8) | payload[3]);
    Ipv4EndPoint* endPoint = m_endPointTable.SimpleLookup(
        payloadSource, sourcePort, payloadDestination, destinationPort);
    if (!endPoint)
    {
        TcpL4Protocol::ReceiveIcmp(icmpSource,
                                   icmpTtl,
                                   icmpType,
                                   icmpCode,
                                   icmpInfo,
                                   payloadSource,
                                   payloadDestination,
                                   payload);
        return;
    }
    endPoint->ForwardIcmp(icmpSource, icmpTtl, icmpType, icmpCode, icmpInfo);
}

} // namespace ns3

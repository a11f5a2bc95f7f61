// ns-3's TCP with the endpoints of the node's Winsock sockets in a hash table of their own.
#ifndef WSA_TCP_L4_PROTOCOL_H
#define WSA_TCP_L4_PROTOCOL_H

#include "wsa-endpoint-table.h"

#include "ns3/tcp-l4-protocol.h"

namespace ns3
{

/**
 * \ingroup wsd
 * \brief TcpL4Protocol whose arriving segments go first to the WsaTcpSockets' endpoints,
 *        found by hash in a WsaEndPointTable.
 *
 * TcpL4Protocol keeps its endpoints in an Ipv4EndPointDemux, which scans every endpoint of the
 * node for each segment: with N connections a node spends N^2 time. WsaTcpSocket allocates
 * its endpoints from this protocol's table instead (and keeps out of TcpL4Protocol's socket
 * list, another linear scan), so a segment costs the same whatever N is. Everything else is
 * TcpL4Protocol's: a segment no endpoint of the table takes goes to TcpL4Protocol::Receive,
 * which delivers it to a plain ns-3 socket or answers it with a RST.
 *
 * Install it with InternetStackHelper::SetTcp("ns3::WsaTcpL4Protocol") (WsaTwoHosts does).
 */
class WsaTcpL4Protocol : public TcpL4Protocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    WsaTcpL4Protocol();
    ~WsaTcpL4Protocol() override;

    /// \return the table of the WsaTcpSockets' endpoints
    WsaEndPointTable& GetEndPointTable();

    IpL4Protocol::RxStatus Receive(Ptr<Packet> packet,
                                   const Ipv4Header& incomingIpHeader,
                                   Ptr<Ipv4Interface> incomingInterface) override;
    void ReceiveIcmp(Ipv4Address icmpSource,
                     uint8_t icmpTtl,
                     uint8_t icmpType,
                     uint8_t icmpCode,
                     uint32_t icmpInfo,
                     Ipv4Address payloadSource,
                     Ipv4Address payloadDestination,
                     const uint8_t payload[8]) override;
    // IPv6 stays with TcpL4Protocol's demux (the Winsock model is IPv4 only).
    using TcpL4Protocol::Receive;
    using TcpL4Protocol::ReceiveIcmp;

  protected:
    void DoDispose() override;

  private:
    WsaEndPointTable m_endPointTable; //!< the WsaTcpSockets' IPv4 endpoints
};

} // namespace ns3

#endif // WSA_TCP_L4_PROTOCOL_H

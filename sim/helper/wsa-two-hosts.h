// Two simulated hosts on one point-to-point link, each with the internet stack and Winsock.
#ifndef WSA_TWO_HOSTS_H
#define WSA_TWO_HOSTS_H

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/wsa-fault-error-model.h"
#include "ns3/wsa-provider-profile.h"

#include <array>
#include <string>

namespace ns3
{

class WsaProvider;
class WsaThread;
class Ipv4;

/**
 * \ingroup wsd
 * \brief The topology of every scenario: host 0 and host 1 on a point-to-point link.
 *
 * Host i has address 10.0.0.(i+1) on interface 1 of its Ipv4. Every setting can be changed
 * before or after Build() (until the simulation starts), so that a pair of hosts can be built
 * before its case is known: the harness builds one before it starts its worker, for the
 * worker's first case (the worker runs its cases one after another, each on hosts of its own).
 */
class WsaTwoHosts
{
  public:
    /// Link defaults: 10 Mb/s, 1 ms delay, no loss, TCP/IP profile.
    WsaTwoHosts();

    /// \param rate link data rate
    void SetDataRate(DataRate rate);
    /// \param delay one-way propagation delay
    void SetDelay(Time delay);
    /// \param rate probability that a packet arriving at a host is lost (both directions)
    void SetLossRate(double rate);
    /// \param profile provider profile of both hosts
    void SetProfile(WsaProviderProfile profile);
    /// \param segmentSize TCP segment size in bytes for both hosts
    void SetSegmentSize(uint32_t segmentSize);
    /// \param bytes TCP receive buffer of both hosts
    void SetReceiveBufferSize(uint32_t bytes);
    /// \param bytes TCP send buffer of both hosts
    void SetSendBufferSize(uint32_t bytes);

    /// Create the nodes, the link, the stacks and the providers. Sets the ns-3 defaults of
    /// TcpSocket SegmentSize, RcvBufSize and SndBufSize from this object (use its setters).
    void Build();

    /// \return whether Build() ran
    bool IsBuilt() const;

    /// \param host 0 or 1 \return its node
    Ptr<Node> GetNode(uint32_t host) const;
    /// \param host 0 or 1 \return its provider
    Ptr<WsaProvider> GetProvider(uint32_t host) const;
    /// \param host 0 or 1 \return its address on the link
    Ipv4Address GetAddress(uint32_t host) const;
    /// \param host 0 or 1 \return its link device
    Ptr<NetDevice> GetDevice(uint32_t host) const;
    /**
     * \brief Take a host's link interface down (WSAENETDOWN) or up again.
     * \param host 0 or 1 \param up the new state
     */
    void SetInterfaceUp(uint32_t host, bool up);
    /**
     * \brief Drop the next segments arriving at a host that match a rule (after Build()).
     * \param host the receiving host \param from not before this time
     * \param flags TCP flag bits the segment must all have (0: any)
     * \param withPayload only data segments \param count how many
     */
    void AddDropRule(uint32_t host, Time from, uint8_t flags, bool withPayload, uint32_t count);
    /**
     * \brief Hold the next segments arriving at a host that match a rule back for a while, so
     *        that the segments behind them overtake them (after Build()).
     * \param host the receiving host \param from not before this time
     * \param flags TCP flag bits the segment must all have (0: any)
     * \param withPayload only data segments \param count how many \param delay how long
     */
    void AddDelayRule(
        uint32_t host, Time from, uint8_t flags, bool withPayload, uint32_t count, Time delay);
    /**
     * \brief Write a pcap per host (PPP link type, opens in Wireshark).
     * \param prefix file prefix; files are prefix-<node>-<device>.pcap
     */
    void EnablePcap(const std::string& prefix);

  private:
    /// Make the ns-3 defaults of TCP sockets this topology's (Build() does, for every topology).
    void ApplyTcpDefaults();

    DataRate m_rate;                                 //!< link rate
    Time m_delay;                                    //!< link delay
    double m_lossRate;                               //!< packet loss probability
    WsaProviderProfile m_profile;                    //!< provider profile
    uint32_t m_segmentSize;                          //!< TCP segment size
    uint32_t m_receiveBuffer;                        //!< TCP receive buffer
    uint32_t m_sendBuffer;                           //!< TCP send buffer
    NodeContainer m_nodes;                           //!< the two hosts
    NetDeviceContainer m_devices;                    //!< their link devices
    std::array<Ptr<WsaFaultErrorModel>, 2> m_faults; //!< receive error models, per host
    bool m_built;                                    //!< Build() ran
};

} // namespace ns3

#endif // WSA_TWO_HOSTS_H

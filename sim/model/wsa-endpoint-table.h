// The IPv4 TCP endpoints of a node's Winsock sockets, found by hashing instead of a list scan.
#ifndef WSA_ENDPOINT_TABLE_H
#define WSA_ENDPOINT_TABLE_H

#include "ns3/ipv4-address.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ns3
{

class Ipv4EndPoint;
class Ipv4Interface;
class NetDevice;

/**
 * \ingroup wsd
 * \brief The IPv4 endpoints of a node's WsaTcpSockets: ns-3's Ipv4EndPointDemux rules, at a
 *        cost that does not grow with the number of endpoints.
 *
 * Ipv4EndPointDemux keeps a list and scans all of it for every arriving segment, every
 * allocation and every release, so N connections on a node cost N^2. This table allocates the
 * same endpoints by the same rules (ephemeral ports counted up from 49152 and skipping ports in
 * use, the same conflicts refused) and finds them by hash:
 *  - endpoints with a peer (connected, or accepted) by their four-tuple;
 *  - the others (listening, bound) in a short list per local port, matched with the demux's
 *    order of preference (exact local address before a wildcard one);
 *  - use counts per local port and per local (address, port, device), for port allocation.
 *
 * An endpoint's addresses may change after it is filed (TcpSocketBase::Connect sets the peer
 * and the local address): Refile() files it again. Release() takes it out at once (its port is
 * free from then on, as in the demux) and deletes it later, at the table's next allocation or
 * lookup, because it is released from inside a call on the endpoint itself.
 *
 * Not modelled: a connected endpoint whose local address is a subnet-directed wildcard is
 * found only by its exact address.
 */
class WsaEndPointTable
{
  public:
    /// The first and last ephemeral port, as Ipv4EndPointDemux has them.
    static constexpr uint16_t kFirstEphemeralPort = 49152;
    static constexpr uint16_t kLastEphemeralPort = 65535;

    WsaEndPointTable();
    /// Deletes every endpoint (Clear()).
    ~WsaEndPointTable();

    WsaEndPointTable(const WsaEndPointTable&) = delete;
    WsaEndPointTable& operator=(const WsaEndPointTable&) = delete;

    /**
     * \brief An endpoint on any address and an ephemeral port.
     * \return the endpoint, or nullptr when every ephemeral port is in use
     */
    Ipv4EndPoint* Allocate();
    /**
     * \brief An endpoint on an address and an ephemeral port.
     * \param address the local address
     * \return the endpoint, or nullptr when every ephemeral port is in use
     */
    Ipv4EndPoint* Allocate(Ipv4Address address);
    /**
     * \brief An endpoint on an address and a given port.
     * \param device the device it is bound to (may be null)
     * \param address the local address (may be any)
     * \param port the local port
     * \return the endpoint, or nullptr when that address and port are in use
     */
    Ipv4EndPoint* Allocate(Ptr<NetDevice> device, Ipv4Address address, uint16_t port);
    /**
     * \brief An endpoint of a connection (an accepted one).
     * \param device the device it is bound to (may be null)
     * \param localAddress the local address \param localPort the local port
     * \param peerAddress the peer's address \param peerPort the peer's port
     * \return the endpoint, or nullptr when the table has that connection already
     */
    Ipv4EndPoint* Allocate(Ptr<NetDevice> device,
                           Ipv4Address localAddress,
                           uint16_t localPort,
                           Ipv4Address peerAddress,
                           uint16_t peerPort);

    /**
     * \brief File an endpoint again after its addresses or device changed.
     * \param endPoint an endpoint of this table
     */
    void Refile(Ipv4EndPoint* endPoint);

    /**
     * \brief Take an endpoint out of the table now; it is deleted later.
     * \param endPoint an endpoint of this table (others are ignored)
     */
    void Release(Ipv4EndPoint* endPoint);

    /**
     * \brief A token that releases an endpoint when its last copy is destroyed.
     *
     * Kept in the endpoint's destroy callback: TcpSocketBase drops that callback when it lets
     * go of the endpoint (DeallocateEndPoint), which destroys the token at that very moment.
     * \param endPoint an endpoint of this table
     * \return the token
     */
    std::shared_ptr<void> MakeReleaseToken(Ipv4EndPoint* endPoint);

    /**
     * \brief Whether an endpoint is in the table (allocated, not released).
     * \param endPoint any endpoint
     * \return true when it is
     */
    bool Contains(Ipv4EndPoint* endPoint) const;

    /**
     * \brief The endpoint an arriving segment belongs to, by the demux's order of preference:
     *        the exact four-tuple; a wildcard local address with the exact peer; the exact
     *        local address with any peer; a wildcard local address with any peer.
     * \param destination the segment's destination address \param destinationPort its port
     * \param source the segment's source address \param sourcePort its port
     * \param incomingInterface the interface it arrived on
     * \return the endpoint, or nullptr when none matches
     */
    Ipv4EndPoint* Lookup(Ipv4Address destination,
                         uint16_t destinationPort,
                         Ipv4Address source,
                         uint16_t sourcePort,
                         Ptr<Ipv4Interface> incomingInterface);

    /**
     * \brief The endpoint an ICMP error is about (Ipv4EndPointDemux::SimpleLookup's rules).
     * \param destination \param destinationPort \param source \param sourcePort as in the
     *        segment that caused the error, from this node
     * \return the endpoint, or nullptr
     */
    Ipv4EndPoint* SimpleLookup(Ipv4Address destination,
                               uint16_t destinationPort,
                               Ipv4Address source,
                               uint16_t sourcePort);

    /// \return how many endpoints the table holds
    size_t GetSize() const;

    /**
     * \param port a local port
     * \return whether an endpoint uses it
     */
    bool IsPortInUse(uint16_t port) const;

    /// Delete every endpoint; their destroy callbacks run (the sockets forget them).
    void Clear();

  private:
    /// A four-tuple: where an endpoint with a peer is filed.
    struct Connection
    {
        uint32_t localAddress; //!< local address
        uint32_t peerAddress;  //!< peer address
        uint16_t localPort;    //!< local port
        uint16_t peerPort;     //!< peer port

        /// \param other another tuple \return whether they are the same
        bool operator==(const Connection& other) const = default;
    };

    /// A local address, port and device: what a bind to a given port conflicts with.
    struct Local
    {
        uint32_t address;        //!< local address
        uint16_t port;           //!< local port
        const NetDevice* device; //!< bound device, or null

        /// \param other another one \return whether they are the same
        bool operator==(const Local& other) const = default;
    };

    /// Hash of a Connection.
    struct ConnectionHash
    {
        /// \param key the tuple \return its hash
        size_t operator()(const Connection& key) const;
    };

    /// Hash of a Local.
    struct LocalHash
    {
        /// \param key the local triple \return its hash
        size_t operator()(const Local& key) const;
    };

    /// Where an endpoint is filed, to take it out again.
    struct Filing
    {
        bool connected;        //!< in m_connections (else in m_unconnected)
        Connection connection; //!< its four-tuple when filed
        Local local;           //!< its local triple when filed
    };

    /// \return the next free ephemeral port (Ipv4EndPointDemux's order), or 0 when none is
    uint16_t AllocateEphemeralPort();
    /// \return whether an endpoint has this local address, port and device
    bool IsLocalInUse(Ptr<NetDevice> device, Ipv4Address address, uint16_t port) const;
    /// File a new endpoint. \param endPoint the endpoint \return it
    Ipv4EndPoint* Adopt(Ipv4EndPoint* endPoint);
    /// Put an endpoint in the indexes under its current addresses.
    void File(Ipv4EndPoint* endPoint);
    /// Take an endpoint out of the indexes.
    void Unfile(Ipv4EndPoint* endPoint, const Filing& filing);
    /// Delete the endpoints released since the last call.
    void DeleteReleased();
    /// How well an endpoint matches a segment, as the demux ranks it (0: not at all; 4: exact).
    static int MatchRank(Ipv4EndPoint* endPoint,
                         Ipv4Address destination,
                         Ipv4Address source,
                         uint16_t sourcePort,
                         Ptr<Ipv4Interface> incomingInterface);
    /// \return the connection filed under a key that can take this segment, or nullptr
    Ipv4EndPoint* FindConnection(const Connection& key, Ptr<Ipv4Interface> incomingInterface);

    std::unordered_map<Ipv4EndPoint*, Filing> m_filings; //!< every endpoint of the table
    std::unordered_multimap<Connection, Ipv4EndPoint*, ConnectionHash>
        m_connections; //!< endpoints with a peer, by four-tuple
    std::unordered_map<uint16_t, std::vector<Ipv4EndPoint*>>
        m_unconnected;                                         //!< the others, by local port
    std::unordered_map<Local, uint32_t, LocalHash> m_localUse; //!< endpoints per local triple
    /// Endpoints per local port, for the ports in use only: a table of all 65,536 ports was
    /// zeroed three times a case, 13 % of a model case's instructions (callgrind).
    std::unordered_map<uint16_t, uint32_t> m_portUse;
    uint16_t m_ephemeral;                  //!< the last ephemeral port given
    std::vector<Ipv4EndPoint*> m_released; //!< released, to delete
    bool m_clearing;                       //!< Clear() is deleting
};

} // namespace ns3

#endif // WSA_ENDPOINT_TABLE_H

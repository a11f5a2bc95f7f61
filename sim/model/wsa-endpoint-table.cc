// The IPv4 TCP endpoints of a node's Winsock sockets: allocation, lookup and release by hash.
#include "wsa-endpoint-table.h"

#include "ns3/ipv4-end-point.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv4-interface.h"
#include "ns3/log.h"
#include "ns3/net-device.h"

#include <algorithm>
#include <functional>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WsaEndPointTable");

namespace
{
/// Mix a value into a hash (boost::hash_combine's constant).
size_t
Mix(size_t seed, size_t value)
{
    return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

/// Releases an endpoint of a table when destroyed (see MakeReleaseToken).
class ReleaseToken
{
  public:
    ReleaseToken(WsaEndPointTable* table, Ipv4EndPoint* endPoint)
        : m_table(table)
        , m_endPoint(endPoint)
    {
    }

    ReleaseToken(const ReleaseToken&) = delete;
    ReleaseToken& operator=(const ReleaseToken&) = delete;

    ~ReleaseToken()
    {
        m_table->Release(m_endPoint);
    }

  private:
    WsaEndPointTable* m_table; //!< the table
    Ipv4EndPoint* m_endPoint;  //!< its endpoint
};
} // namespace

size_t
WsaEndPointTable::ConnectionHash::operator()(const Connection& key) const
{
    size_t seed = std::hash<uint32_t>()(key.localAddress);
    seed = Mix(seed, std::hash<uint32_t>()(key.peerAddress));
    return Mix(seed, (static_cast<size_t>(key.localPort) << 16) | key.peerPort);
}

size_t
WsaEndPointTable::LocalHash::operator()(const Local& key) const
{
    size_t seed = std::hash<uint32_t>()(key.address);
    seed = Mix(seed, key.port);
    return Mix(seed, std::hash<const NetDevice*>()(key.device));
}

WsaEndPointTable::WsaEndPointTable()
    : m_ephemeral(kFirstEphemeralPort)
    , m_clearing(false)
{
}

WsaEndPointTable::~WsaEndPointTable()
{
    Clear();
}

void
WsaEndPointTable::Clear()
{
    m_clearing = true;
    DeleteReleased();
    // Each endpoint's destroy callback tells its socket (TcpSocketBase::Destroy); the release
    // tokens in them find m_clearing set and do nothing.
    auto filings = std::move(m_filings);
    m_filings.clear();
    m_connections.clear();
    m_unconnected.clear();
    m_localUse.clear();
    m_portUse.clear();
    for (auto& [endPoint, filing] : filings)
    {
        delete endPoint;
    }
    m_clearing = false;
}

uint16_t
WsaEndPointTable::AllocateEphemeralPort()
{
    // Ipv4EndPointDemux's order: count up from the last port given, wrap from the last
    // ephemeral port to the first, skip ports in use, give up after one full round.
    uint16_t port = m_ephemeral;
    for (int tries = kLastEphemeralPort - kFirstEphemeralPort + 1; tries > 0; --tries)
    {
        ++port;
        if (port < kFirstEphemeralPort || port > kLastEphemeralPort)
        {
            port = kFirstEphemeralPort;
        }
        if (!IsPortInUse(port))
        {
            m_ephemeral = port;
            return port;
        }
    }
    return 0;
}

bool
WsaEndPointTable::IsLocalInUse(Ptr<NetDevice> device, Ipv4Address address, uint16_t port) const
{
    return m_localUse.count(Local{address.Get(), port, PeekPointer(device)}) > 0;
}

bool
WsaEndPointTable::IsPortInUse(uint16_t port) const
{
    return m_portUse.count(port) > 0;
}

Ipv4EndPoint*
WsaEndPointTable::Adopt(Ipv4EndPoint* endPoint)
{
    File(endPoint);
    return endPoint;
}

Ipv4EndPoint*
WsaEndPointTable::Allocate()
{
    return Allocate(Ipv4Address::GetAny());
}

Ipv4EndPoint*
WsaEndPointTable::Allocate(Ipv4Address address)
{
    DeleteReleased();
    const uint16_t port = AllocateEphemeralPort();
    if (port == 0)
    {
        NS_LOG_WARN("every ephemeral port is in use");
        return nullptr;
    }
    return Adopt(new Ipv4EndPoint(address, port));
}

Ipv4EndPoint*
WsaEndPointTable::Allocate(Ptr<NetDevice> device, Ipv4Address address, uint16_t port)
{
    DeleteReleased();
    // The demux refuses the address and port when an endpoint has them on the same device or
    // on none.
    if (IsLocalInUse(device, address, port) || IsLocalInUse(nullptr, address, port))
    {
        NS_LOG_WARN("local address " << address << ":" << port << " in use");
        return nullptr;
    }
    return Adopt(new Ipv4EndPoint(address, port));
}

Ipv4EndPoint*
WsaEndPointTable::Allocate(Ptr<NetDevice> device,
                           Ipv4Address localAddress,
                           uint16_t localPort,
                           Ipv4Address peerAddress,
                           uint16_t peerPort)
{
    DeleteReleased();
    const Connection key{localAddress.Get(), peerAddress.Get(), localPort, peerPort};
    auto [first, last] = m_connections.equal_range(key);
    for (auto it = first; it != last; ++it)
    {
        Ptr<NetDevice> bound = it->second->GetBoundNetDevice();
        if (!bound || bound == device)
        {
            NS_LOG_WARN("connection in use");
            return nullptr;
        }
    }
    auto* endPoint = new Ipv4EndPoint(localAddress, localPort);
    endPoint->SetPeer(peerAddress, peerPort);
    return Adopt(endPoint);
}

void
WsaEndPointTable::File(Ipv4EndPoint* endPoint)
{
    Filing filing;
    filing.connection = Connection{endPoint->GetLocalAddress().Get(),
                                   endPoint->GetPeerAddress().Get(),
                                   endPoint->GetLocalPort(),
                                   endPoint->GetPeerPort()};
    filing.local = Local{filing.connection.localAddress,
                         filing.connection.localPort,
                         PeekPointer(endPoint->GetBoundNetDevice())};
    // With both peer fields set it can only match segments of its own connection.
    filing.connected
        = endPoint->GetPeerAddress() != Ipv4Address::GetAny() && endPoint->GetPeerPort() != 0;
    if (filing.connected)
    {
        m_connections.emplace(filing.connection, endPoint);
    }
    else
    {
        m_unconnected[filing.connection.localPort].push_back(endPoint);
    }
    ++m_localUse[filing.local];
    ++m_portUse[filing.connection.localPort];
    m_filings[endPoint] = filing;
}

void
WsaEndPointTable::Unfile(Ipv4EndPoint* endPoint, const Filing& filing)
{
    if (filing.connected)
    {
        auto [first, last] = m_connections.equal_range(filing.connection);
        for (auto it = first; it != last; ++it)
        {
            if (it->second == endPoint)
            {
                m_connections.erase(it);
                break;
            }
        }
    }
    else
    {
        auto bucket = m_unconnected.find(filing.connection.localPort);
        auto& list = bucket->second;
        list.erase(std::find(list.begin(), list.end(), endPoint));
        if (list.empty())
        {
            m_unconnected.erase(bucket);
        }
    }
    auto local = m_localUse.find(filing.local);
    if (--local->second == 0)
    {
        m_localUse.erase(local);
    }
    auto port = m_portUse.find(filing.connection.localPort);
    if (--port->second == 0)
    {
        m_portUse.erase(port);
    }
}

void
WsaEndPointTable::Refile(Ipv4EndPoint* endPoint)
{
    auto it = m_filings.find(endPoint);
    if (it == m_filings.end())
    {
        return;
    }
    Unfile(endPoint, it->second);
    File(endPoint);
}

void
WsaEndPointTable::Release(Ipv4EndPoint* endPoint)
{
    if (m_clearing)
    {
        return;
    }
    auto it = m_filings.find(endPoint);
    if (it == m_filings.end())
    {
        return;
    }
    Unfile(endPoint, it->second);
    m_filings.erase(it);
    // Released from inside a call on the endpoint itself (Ipv4EndPoint::SetDestroyCallback):
    // deleting it now would pull it from under that call.
    m_released.push_back(endPoint);
}

std::shared_ptr<void>
WsaEndPointTable::MakeReleaseToken(Ipv4EndPoint* endPoint)
{
    return std::make_shared<ReleaseToken>(this, endPoint);
}

void
WsaEndPointTable::DeleteReleased()
{
    // Deleting an endpoint drops its callbacks, which may free its socket: take the list
    // first, so that nothing done meanwhile sees it half processed.
    while (!m_released.empty())
    {
        auto released = std::move(m_released);
        m_released.clear();
        for (Ipv4EndPoint* endPoint : released)
        {
            delete endPoint;
        }
    }
}

bool
WsaEndPointTable::Contains(Ipv4EndPoint* endPoint) const
{
    return m_filings.count(endPoint) > 0;
}

size_t
WsaEndPointTable::GetSize() const
{
    return m_filings.size();
}

int
WsaEndPointTable::MatchRank(Ipv4EndPoint* endPoint,
                            Ipv4Address destination,
                            Ipv4Address source,
                            uint16_t sourcePort,
                            Ptr<Ipv4Interface> incomingInterface)
{
    // Ipv4EndPointDemux::Lookup's tests, for one endpoint whose local port matched.
    if (!endPoint->IsRxEnabled())
    {
        return 0;
    }
    Ptr<NetDevice> bound = endPoint->GetBoundNetDevice();
    if (bound && incomingInterface && bound != incomingInterface->GetDevice())
    {
        return 0;
    }
    const Ipv4Address local = endPoint->GetLocalAddress();
    const bool localExact = local == destination;
    bool localWildcard = local == Ipv4Address::GetAny();
    if (!localExact && !localWildcard && incomingInterface)
    {
        // A local address that is the network part of one of the interface's addresses
        // takes the segments sent to that network (subnet-directed broadcast).
        for (uint32_t i = 0; i < incomingInterface->GetNAddresses(); ++i)
        {
            const Ipv4InterfaceAddress address = incomingInterface->GetAddress(i);
            const Ipv4Address network = address.GetLocal().CombineMask(address.GetMask());
            if (local == network && destination.CombineMask(address.GetMask()) == network)
            {
                localWildcard = true;
            }
        }
    }
    if (!localExact && !localWildcard)
    {
        return 0;
    }
    const bool peerPortExact = endPoint->GetPeerPort() == sourcePort;
    const bool peerPortWildcard = endPoint->GetPeerPort() == 0;
    const bool peerAddressExact = endPoint->GetPeerAddress() == source;
    const bool peerAddressWildcard = endPoint->GetPeerAddress() == Ipv4Address::GetAny();
    if (localExact && peerAddressExact && peerPortExact)
    {
        return 4;
    }
    if (localWildcard && peerAddressExact && peerPortExact)
    {
        return 3;
    }
    if (localExact && peerAddressWildcard && peerPortWildcard)
    {
        return 2;
    }
    if (localWildcard && peerAddressWildcard && peerPortWildcard)
    {
        return 1;
    }
    return 0;
}

Ipv4EndPoint*
WsaEndPointTable::FindConnection(const Connection& key, Ptr<Ipv4Interface> incomingInterface)
{
    auto [first, last] = m_connections.equal_range(key);
    for (auto it = first; it != last; ++it)
    {
        Ipv4EndPoint* endPoint = it->second;
        Ptr<NetDevice> bound = endPoint->GetBoundNetDevice();
        if (endPoint->IsRxEnabled()
            && (!bound || !incomingInterface || bound == incomingInterface->GetDevice()))
        {
            return endPoint;
        }
    }
    return nullptr;
}

Ipv4EndPoint*
WsaEndPointTable::Lookup(Ipv4Address destination,
                         uint16_t destinationPort,
                         Ipv4Address source,
                         uint16_t sourcePort,
                         Ptr<Ipv4Interface> incomingInterface)
{
    DeleteReleased();
    // 4: the exact four-tuple; 3: any local address, the exact peer.
    for (const uint32_t local : {destination.Get(), Ipv4Address::GetAny().Get()})
    {
        const Connection key{local, source.Get(), destinationPort, sourcePort};
        if (Ipv4EndPoint* endPoint = FindConnection(key, incomingInterface))
        {
            return endPoint;
        }
    }
    // 2 and 1: the endpoints without a peer on that port, the best ranked first.
    auto bucket = m_unconnected.find(destinationPort);
    if (bucket == m_unconnected.end())
    {
        return nullptr;
    }
    Ipv4EndPoint* best = nullptr;
    int bestRank = 0;
    for (Ipv4EndPoint* endPoint : bucket->second)
    {
        const int rank = MatchRank(endPoint, destination, source, sourcePort, incomingInterface);
        if (rank > bestRank)
        {
            best = endPoint;
            bestRank = rank;
        }
    }
    return best;
}

Ipv4EndPoint*
WsaEndPointTable::SimpleLookup(Ipv4Address destination,
                               uint16_t destinationPort,
                               Ipv4Address source,
                               uint16_t sourcePort)
{
    const Connection key{destination.Get(), source.Get(), destinationPort, sourcePort};
    if (Ipv4EndPoint* endPoint = FindConnection(key, nullptr))
    {
        return endPoint;
    }
    // Else the least generic endpoint on the port: fewest wildcard addresses.
    Ipv4EndPoint* generic = nullptr;
    int genericity = 3;
    auto consider = [&](Ipv4EndPoint* endPoint)
    {
        const int wildcards = (endPoint->GetLocalAddress() == Ipv4Address::GetAny() ? 1 : 0)
                              + (endPoint->GetPeerAddress() == Ipv4Address::GetAny() ? 1 : 0);
        if (wildcards < genericity)
        {
            generic = endPoint;
            genericity = wildcards;
        }
    };
    auto bucket = m_unconnected.find(destinationPort);
    if (bucket != m_unconnected.end())
    {
        std::for_each(bucket->second.begin(), bucket->second.end(), consider);
    }
    return generic;
}

} // namespace ns3

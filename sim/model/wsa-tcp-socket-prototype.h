// New TCP sockets copied from one made once in the process, while the defaults it was made with
// hold.
#ifndef WSA_TCP_SOCKET_PROTOTYPE_H
#define WSA_TCP_SOCKET_PROTOTYPE_H

#include "ns3/attribute.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <vector>

namespace ns3
{

class Node;
class TcpL4Protocol;
class WsaTcpSocket;

/**
 * \ingroup wsd
 * \brief Makes WsaTcpSockets by copying a pristine one, as TcpSocketBase::Fork copies a
 *        listening socket, instead of constructing each.
 *
 * Constructing a socket sets every attribute of it and of its congestion control, recovery,
 * RTT estimator, buffers and state from its TypeId's defaults (ObjectBase::ConstructSelf):
 * 600 k instructions, most of the cost of a connection when a simulation makes 100,000 of
 * them, and most of a scenario's sockets' cost when a process runs scenario after scenario.
 * A copy takes the values the prototype was constructed with. So that a copy is what
 * construction would give, the prototype is dropped whenever any of those defaults changed
 * since it was made (Config::SetDefault replaces a default's value object; the prototype
 * holds the objects it was made with), or the protocol's socket, congestion control, recovery
 * or RTT estimator type did.
 *
 * There is one prototype in a process (Shared()): it belongs to no node and no TCP, so it
 * outlives every simulation (Simulator::Destroy disposes nodes, not it), and a copy gets the
 * node and TCP it is made for, as TcpL4Protocol::CreateSocket sets them on a constructed
 * socket. The first socket of a process, and the first after a default changed, is
 * constructed and copied as the prototype; every other is a copy. Checking the defaults costs
 * about 75 k instructions a socket (ns-3's TypeId hands out each attribute's information by
 * value), a copy about 100 k: 175 k against 600 k. Like the rest of ns-3, not thread-safe.
 */
class WsaTcpSocketPrototype
{
  public:
    WsaTcpSocketPrototype();
    ~WsaTcpSocketPrototype();
    WsaTcpSocketPrototype(const WsaTcpSocketPrototype&) = delete;
    WsaTcpSocketPrototype& operator=(const WsaTcpSocketPrototype&) = delete;

    /// \return the process's prototype (never destroyed: it may outlive ns-3's own statics)
    static WsaTcpSocketPrototype& Shared();

    /**
     * \brief A new socket on a node, as WsaTcpSocket::Construct would make it.
     * \param node the node \param tcp its TCP
     * \return the socket
     */
    Ptr<WsaTcpSocket> Make(Ptr<Node> node, Ptr<TcpL4Protocol> tcp);

    /// \return how many sockets Make() copied from the prototype so far
    uint64_t GetCopies() const;
    /// \return how many sockets Make() constructed so far (a prototype made for each)
    uint64_t GetConstructions() const;

    /**
     * \brief What a new socket's values come from: the TypeIds of it and its parts, and the
     * value objects of their attributes' defaults. The objects are held, not just their
     * addresses, so that a default replaced since cannot come back at the same address.
     */
    struct Defaults
    {
        std::vector<uint16_t> types;                   //!< the TypeIds' uids
        std::vector<Ptr<const AttributeValue>> values; //!< the defaults, in TypeId order
        /// \param other others \return whether both name the same types and value objects
        bool operator==(const Defaults& other) const = default;
    };

  private:
    /// \return the defaults of a new socket on this TCP now
    static Defaults CurrentDefaults(Ptr<TcpL4Protocol> tcp);

    Ptr<WsaTcpSocket> m_prototype; //!< the socket copies are made from (no node, no TCP), or null
    Defaults m_defaults;           //!< CurrentDefaults() when the prototype was made
    uint64_t m_copies;             //!< sockets copied
    uint64_t m_constructions;      //!< sockets constructed
};

} // namespace ns3

#endif // WSA_TCP_SOCKET_PROTOTYPE_H

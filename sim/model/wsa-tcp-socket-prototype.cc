// New TCP sockets copied from one made once in the process, while the defaults it was made with
// hold.
#include "wsa-tcp-socket-prototype.h"

#include "wsa-tcp-socket.h"

#include "ns3/node.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-socket-state.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/type-id.h"

namespace ns3
{

namespace
{
/// Append a TypeId's and its parents' ids and the default values of their attributes.
void
AppendDefaults(TypeId tid, WsaTcpSocketPrototype::Defaults& defaults)
{
    for (;;)
    {
        defaults.types.push_back(tid.GetUid());
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            defaults.values.push_back(tid.GetAttribute(i).initialValue);
        }
        const TypeId parent = tid.GetParent();
        if (parent == tid)
        {
            return;
        }
        tid = parent;
    }
}

/// \return the TypeId a TypeId attribute of the protocol names
TypeId
TypeOf(Ptr<TcpL4Protocol> tcp, const char* attribute)
{
    TypeIdValue value;
    tcp->GetAttribute(attribute, value);
    return value.Get();
}
} // namespace

WsaTcpSocketPrototype::WsaTcpSocketPrototype()
    : m_copies(0)
    , m_constructions(0)
{
}

WsaTcpSocketPrototype::~WsaTcpSocketPrototype() = default;

WsaTcpSocketPrototype&
WsaTcpSocketPrototype::Shared()
{
    // Made once and never destroyed: destroying a socket at exit could run after the ns-3
    // statics its destructor uses are gone. Still reachable at exit, so no leak is reported.
    static auto* const shared = new WsaTcpSocketPrototype;
    return *shared;
}

uint64_t
WsaTcpSocketPrototype::GetCopies() const
{
    return m_copies;
}

uint64_t
WsaTcpSocketPrototype::GetConstructions() const
{
    return m_constructions;
}

WsaTcpSocketPrototype::Defaults
WsaTcpSocketPrototype::CurrentDefaults(Ptr<TcpL4Protocol> tcp)
{
    // Every object WsaTcpSocket::Construct makes and sets from defaults: the socket (and the
    // parts TcpSocketBase's constructor makes) and the three parts the protocol names.
    Defaults defaults;
    defaults.types.reserve(24);
    defaults.values.reserve(128);
    for (const TypeId& tid : {WsaTcpSocket::GetTypeId(),
                              TcpSocketState::GetTypeId(),
                              TcpTxBuffer::GetTypeId(),
                              TcpRxBuffer::GetTypeId(),
                              TypeOf(tcp, "RttEstimatorType"),
                              TypeOf(tcp, "SocketType"),
                              TypeOf(tcp, "RecoveryType")})
    {
        AppendDefaults(tid, defaults);
    }
    return defaults;
}

Ptr<WsaTcpSocket>
WsaTcpSocketPrototype::Make(Ptr<Node> node, Ptr<TcpL4Protocol> tcp)
{
    Defaults defaults = CurrentDefaults(tcp);
    if (m_prototype && defaults == m_defaults)
    {
        // TcpSocketBase's copy constructor, as for Fork: values copied, no endpoint, no
        // callbacks, its own buffers, state and parts with the same settings. Then the node
        // and TCP, as TcpL4Protocol::CreateSocket gives a constructed socket.
        Ptr<WsaTcpSocket> socket = CopyObject<WsaTcpSocket>(m_prototype);
        socket->SetNode(node);
        socket->SetTcp(tcp);
        ++m_copies;
        return socket;
    }
    Ptr<WsaTcpSocket> socket = WsaTcpSocket::Construct(node, tcp);
    ++m_constructions;
    // The prototype belongs to no simulation: without the node and TCP it holds nothing that
    // Simulator::Destroy disposes, and keeps no node alive.
    m_prototype = CopyObject<WsaTcpSocket>(socket);
    m_prototype->SetNode(nullptr);
    m_prototype->SetTcp(nullptr);
    m_defaults = std::move(defaults);
    return socket;
}

} // namespace ns3

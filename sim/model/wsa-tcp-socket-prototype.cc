// New TCP sockets of a node copied from one made once, while the defaults it was made with hold.
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
    : m_constructed(0)
{
}

WsaTcpSocketPrototype::~WsaTcpSocketPrototype() = default;

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
    if (m_constructed < kConstructedFirst)
    {
        // Most nodes of a scenario make a socket or two: neither a copy nor the defaults pay
        // there.
        ++m_constructed;
        return WsaTcpSocket::Construct(node, tcp);
    }
    Defaults defaults = CurrentDefaults(tcp);
    if (m_prototype && defaults == m_defaults)
    {
        // TcpSocketBase's copy constructor, as for Fork: node, TCP and values copied, no
        // endpoint, no callbacks, its own buffers, state and parts with the same settings.
        return CopyObject<WsaTcpSocket>(m_prototype);
    }
    Ptr<WsaTcpSocket> socket = WsaTcpSocket::Construct(node, tcp);
    m_prototype = CopyObject<WsaTcpSocket>(socket);
    m_defaults = std::move(defaults);
    return socket;
}

void
WsaTcpSocketPrototype::Clear()
{
    m_prototype = nullptr;
    m_defaults = Defaults{};
    m_constructed = 0;
}

} // namespace ns3

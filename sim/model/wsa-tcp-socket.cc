// An ns-3 TCP socket with a real abortive close, created the way TcpL4Protocol creates sockets.
#include "wsa-tcp-socket.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/rtt-estimator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/type-id.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WsaTcpSocket");
NS_OBJECT_ENSURE_REGISTERED(WsaTcpSocket);

TypeId
WsaTcpSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::WsaTcpSocket")
                            .SetParent<TcpSocketBase>()
                            .SetGroupName("Wsd")
                            .AddConstructor<WsaTcpSocket>();
    return tid;
}

WsaTcpSocket::WsaTcpSocket() = default;

WsaTcpSocket::WsaTcpSocket(const WsaTcpSocket& other)
    : TcpSocketBase(other)
{
    // The fork callback belongs to the listening socket: a forked socket starts without one.
}

Ptr<WsaTcpSocket>
WsaTcpSocket::Create(Ptr<Node> node)
{
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    NS_ABORT_MSG_IF(!tcp, "WsaTcpSocket::Create: the node has no TCP (install the internet stack)");

    // The same steps as TcpL4Protocol::CreateSocket (ns-3.37), with this class instead.
    TypeIdValue rttType;
    TypeIdValue congestionType;
    TypeIdValue recoveryType;
    tcp->GetAttribute("RttEstimatorType", rttType);
    tcp->GetAttribute("SocketType", congestionType);
    tcp->GetAttribute("RecoveryType", recoveryType);

    ObjectFactory rttFactory(rttType.Get().GetName());
    ObjectFactory congestionFactory(congestionType.Get().GetName());
    ObjectFactory recoveryFactory(recoveryType.Get().GetName());

    Ptr<WsaTcpSocket> socket = CreateObject<WsaTcpSocket>();
    socket->SetNode(node);
    socket->SetTcp(tcp);
    socket->SetRtt(rttFactory.Create<RttEstimator>());
    socket->SetCongestionControlAlgorithm(congestionFactory.Create<TcpCongestionOps>());
    socket->SetRecoveryAlgorithm(recoveryFactory.Create<TcpRecoveryOps>());
    tcp->AddSocket(socket);
    return socket;
}

void
WsaTcpSocket::Abort()
{
    NS_LOG_FUNCTION(this << TcpStateName[m_state]);
    switch (m_state.Get())
    {
        case CLOSED:
            // Nothing to reset.
            return;
        case LISTEN:
        case SYN_SENT:
            // RFC 793, ABORT in LISTEN or SYN_SENT: no segment is sent.
            CancelAllTimers();
            m_state = CLOSED;
            DeallocateEndPoint();
            return;
        case SYN_RCVD:
        case ESTABLISHED:
        case CLOSE_WAIT:
        case LAST_ACK:
        case FIN_WAIT_1:
        case FIN_WAIT_2:
        case CLOSING:
            // RFC 793, ABORT in a synchronized state: send a RST, flush the queues, go to CLOSED.
            break;
        case TIME_WAIT:
            // The connection is over; RFC 793 sends nothing and deletes the TCB.
            CancelAllTimers();
            m_state = CLOSED;
            DeallocateEndPoint();
            return;
        case LAST_STATE:
            NS_ABORT_MSG("WsaTcpSocket::Abort: invalid TCP state");
            return;
    }
    CancelAllTimers();
    // SendRST() sends the segment, notifies the error close and frees the endpoint; the
    // state change is ours to make (ns-3.37 leaves m_state unchanged there).
    m_closeNotified = true;
    SendRST();
    m_state = CLOSED;
}

bool
WsaTcpSocket::IsTxBufferEmpty() const
{
    return m_txBuffer->Size() == 0;
}

uint32_t
WsaTcpSocket::GetTxBufferedBytes() const
{
    return m_txBuffer->Size();
}

void
WsaTcpSocket::SetForkCallback(Callback<void, Ptr<WsaTcpSocket>> callback)
{
    m_forkCallback = callback;
}

Ptr<TcpSocketBase>
WsaTcpSocket::Fork()
{
    Ptr<WsaTcpSocket> child = CopyObject<WsaTcpSocket>(this);
    if (!m_forkCallback.IsNull())
    {
        m_forkCallback(child);
    }
    return child;
}

} // namespace ns3

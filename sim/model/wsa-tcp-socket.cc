// An ns-3 TCP socket with a real abortive close, created the way TcpL4Protocol creates sockets.
#include "wsa-tcp-socket.h"

#include "wsa-endpoint-table.h"
#include "wsa-tcp-l4-protocol.h"
#include "wsa-tcp-socket-prototype.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-end-point.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/rtt-estimator.h"
#include "ns3/simulator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-option.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-rx-buffer.h"
#include "ns3/tcp-socket-state.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/type-id.h"

#include <optional>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WsaTcpSocket");
NS_OBJECT_ENSURE_REGISTERED(WsaTcpSocket);

namespace
{
/**
 * \brief The sequence number a segment's FIN occupies: the one after its data.
 * \param packet the segment, TCP header included \param header set to its header
 * \return none without a FIN, or with SYN or RST (TcpSocketBase's own rules apply there)
 */
std::optional<SequenceNumber32>
FinOf(Ptr<const Packet> packet, TcpHeader& header)
{
    packet->PeekHeader(header);
    const uint8_t flags = header.GetFlags();
    if ((flags & TcpHeader::FIN) == 0 || (flags & (TcpHeader::SYN | TcpHeader::RST)) != 0)
    {
        return std::nullopt;
    }
    const uint32_t payloadSize = packet->GetSize() - header.GetSerializedSize();
    return header.GetSequenceNumber() + SequenceNumber32(payloadSize);
}
} // namespace

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
    , m_endPointTable(other.m_endPointTable)
{
    // The fork callback and the owner belong to the listening socket: a forked socket starts
    // without either.
}

Ptr<WsaTcpSocket>
WsaTcpSocket::Create(Ptr<Node> node)
{
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    NS_ABORT_MSG_IF(!tcp, "WsaTcpSocket::Create: the node has no TCP (install the internet stack)");
    if (Ptr<WsaTcpL4Protocol> wsaTcp = DynamicCast<WsaTcpL4Protocol>(tcp))
    {
        // On a WsaTcpL4Protocol the socket stays out of the protocol's list (a linear scan on
        // every add and remove): its endpoint's callbacks keep it alive, as they do in ns-3.
        return WsaTcpSocketPrototype::Shared().Make(node, tcp);
    }
    Ptr<WsaTcpSocket> socket = Construct(node, tcp);
    tcp->AddSocket(socket);
    return socket;
}

Ptr<WsaTcpSocket>
WsaTcpSocket::Construct(Ptr<Node> node, Ptr<TcpL4Protocol> tcp)
{
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
    return socket;
}

void
WsaTcpSocket::SetTcp(Ptr<TcpL4Protocol> tcp)
{
    TcpSocketBase::SetTcp(tcp);
    Ptr<WsaTcpL4Protocol> wsaTcp = DynamicCast<WsaTcpL4Protocol>(tcp);
    m_endPointTable = wsaTcp ? &wsaTcp->GetEndPointTable() : nullptr;
}

int
WsaTcpSocket::SetupTableEndPoint()
{
    if (SetupCallback() != 0)
    {
        return -1;
    }
    // TcpSocketBase::SetupCallback's destroy callback, with the table's release token: the
    // callback is dropped (and the token with it) when TcpSocketBase lets go of the endpoint,
    // and run when the table deletes an endpoint the socket still holds.
    Ptr<WsaTcpSocket> self(this);
    std::shared_ptr<void> token = m_endPointTable->MakeReleaseToken(m_endPoint);
    m_endPoint->SetDestroyCallback(Callback<void>([self, token]() { self->Destroy(); }));
    return 0;
}

void
WsaTcpSocket::RefileEndPoint()
{
    if (m_endPointTable && m_endPoint)
    {
        m_endPointTable->Refile(m_endPoint);
    }
}

int
WsaTcpSocket::Bind()
{
    NS_LOG_FUNCTION(this);
    if (!m_endPointTable)
    {
        return TcpSocketBase::Bind();
    }
    m_endPoint = m_endPointTable->Allocate();
    if (!m_endPoint)
    {
        m_errno = ERROR_ADDRNOTAVAIL;
        return -1;
    }
    return SetupTableEndPoint();
}

int
WsaTcpSocket::Bind(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (!m_endPointTable || !InetSocketAddress::IsMatchingType(address))
    {
        return TcpSocketBase::Bind(address); // IPv6 stays with ns-3's demux
    }
    // TcpSocketBase::Bind's four cases, from the table.
    const InetSocketAddress transport = InetSocketAddress::ConvertFrom(address);
    const Ipv4Address ipv4 = transport.GetIpv4();
    const uint16_t port = transport.GetPort();
    if (port == 0)
    {
        m_endPoint = ipv4 == Ipv4Address::GetAny() ? m_endPointTable->Allocate()
                                                   : m_endPointTable->Allocate(ipv4);
    }
    else
    {
        m_endPoint = m_endPointTable->Allocate(GetBoundNetDevice(), ipv4, port);
    }
    if (!m_endPoint)
    {
        m_errno = port ? ERROR_ADDRINUSE : ERROR_ADDRNOTAVAIL;
        return -1;
    }
    return SetupTableEndPoint();
}

int
WsaTcpSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    // Binds through Bind() above when not bound, then sets the endpoint's peer and local
    // address: file it under its connection. Nothing can arrive for it in between (the SYN
    // it sends takes simulated time).
    const int result = TcpSocketBase::Connect(address);
    RefileEndPoint();
    return result;
}

void
WsaTcpSocket::BindToNetDevice(Ptr<NetDevice> netdevice)
{
    TcpSocketBase::BindToNetDevice(netdevice);
    RefileEndPoint();
}

void
WsaTcpSocket::CompleteFork(Ptr<Packet> p,
                           const TcpHeader& tcpHeader,
                           const Address& fromAddress,
                           const Address& toAddress)
{
    // TcpSocketBase allocates the accepted connection's endpoint in ns-3's demux (which holds
    // next to nothing on this node, so its scan is short) and adds the socket to the
    // protocol's list; take both back into the table.
    TcpSocketBase::CompleteFork(p, tcpHeader, fromAddress, toAddress);
    MoveEndPointToTable();
}

void
WsaTcpSocket::MoveEndPointToTable()
{
    if (!m_endPointTable || !m_endPoint || m_endPointTable->Contains(m_endPoint))
    {
        return;
    }
    Ipv4EndPoint* demuxEndPoint = m_endPoint;
    Ipv4EndPoint* tableEndPoint = m_endPointTable->Allocate(demuxEndPoint->GetBoundNetDevice(),
                                                            demuxEndPoint->GetLocalAddress(),
                                                            demuxEndPoint->GetLocalPort(),
                                                            demuxEndPoint->GetPeerAddress(),
                                                            demuxEndPoint->GetPeerPort());
    if (!tableEndPoint)
    {
        return; // the table has this connection already: this one stays in ns-3's demux
    }
    demuxEndPoint->SetDestroyCallback(MakeNullCallback<void>()); // it no longer speaks for us
    m_endPoint = tableEndPoint;
    SetupTableEndPoint();
    m_tcp->DeAllocate(demuxEndPoint);
    m_tcp->RemoveSocket(this);
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
            // RFC 9293 3.10.5, ABORT in LISTEN or SYN-SENT: no segment is sent.
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
            // RFC 9293 3.10.5, ABORT in a synchronized state: send a RST, flush the queues, CLOSED.
            break;
        case TIME_WAIT:
            // The connection is over; RFC 9293 3.10.5 sends nothing and deletes the TCB.
            CancelAllTimers();
            m_state = CLOSED;
            DeallocateEndPoint();
            return;
        case LAST_STATE:
            NS_ABORT_MSG("WsaTcpSocket::Abort: invalid TCP state");
            return;
    }
    CancelAllTimers();
    // RFC 9293 3.10.5, ABORT: "<SEQ=SND.NXT><CTL=RST>", SND.NXT being the number after the
    // highest one sent. SendEmptyPacket() takes it from m_nextTxSequence, which ns-3.37 rewinds
    // to the first unacknowledged byte on a retransmission timeout (go-back-N): the RST would
    // carry a number inside the data already sent, which a peer that checks RST numbers
    // exactly (RFC 5961 3.2) answers with an ACK instead of resetting.
    if (m_tcb->m_nextTxSequence.Get() < m_tcb->m_highTxMark.Get())
    {
        m_tcb->m_nextTxSequence = m_tcb->m_highTxMark.Get();
    }
    // SendRST() sends the segment, notifies the error close and frees the endpoint; the
    // state change is ours to make (ns-3.37 leaves m_state unchanged there).
    m_closeNotified = true;
    SendRST();
    m_state = CLOSED;
}

void
WsaTcpSocket::DoForwardUp(Ptr<Packet> packet, const Address& fromAddress, const Address& toAddress)
{
    switch (m_state.Get())
    {
        case CLOSE_WAIT:
        case CLOSING:
            // The peer's FIN was received. RFC 9293 3.10.7.4, eighth (FIN bit): "Remain in the
            // CLOSE-WAIT [CLOSING] state."
            if (AcknowledgeRetransmittedFin(packet))
            {
                return;
            }
            break;
        case LAST_ACK:
            // Eighth (FIN bit): "Remain in the LAST-ACK state."
            if (AcknowledgeRetransmittedFin(packet) || ReceivedAckBeforeFinAck(packet))
            {
                return;
            }
            break; // TcpSocketBase: the ACK of our FIN closes the connection
        case TIME_WAIT:
            if (AcknowledgeRetransmittedFin(packet))
            {
                // RFC 9293 3.10.7.4, eighth (FIN bit), TIME-WAIT: "Restart the 2 MSL time-wait
                // timeout" (the timer TcpSocketBase::TimeWait() set).
                m_timewaitEvent.Cancel();
                m_timewaitEvent
                    = Simulator::Schedule(Seconds(2 * m_msl), &WsaTcpSocket::CloseAndNotify, this);
                return;
            }
            break;
        case FIN_WAIT_1:
        case FIN_WAIT_2:
            ForwardUpInFinWait(packet, fromAddress, toAddress); // a FIN on data goes astray
            return;
        case CLOSED:
        case LISTEN:
        case SYN_SENT:
        case SYN_RCVD:
        case ESTABLISHED:
            break; // TcpSocketBase takes the segment (a FIN with data: PeerClose, right)
        case LAST_STATE:
            break; // not a state (ns-3's count of them)
    }
    TcpSocketBase::DoForwardUp(packet, fromAddress, toAddress);
}

void
WsaTcpSocket::ForwardUpInFinWait(Ptr<Packet> packet,
                                 const Address& fromAddress,
                                 const Address& toAddress)
{
    TcpHeader header;
    const std::optional<SequenceNumber32> fin = FinOf(packet, header);
    TcpSocketBase::DoForwardUp(packet, fromAddress, toAddress);
    if (!fin || *fin == header.GetSequenceNumber())
    {
        return; // no FIN riding on data: TcpSocketBase places a bare FIN right
    }
    // ns-3.37's ProcessWait records the FIN at the segment's first sequence number instead of
    // after its data, so RCV.NXT never passes it and it is never acknowledged (the peer's
    // LAST_ACK closes on an ACK of its data alone; a CLOSING never reaches TIME_WAIT). The FIN
    // occupies the sequence number after the data; RFC 9293 3.10.7.4, eighth (FIN bit):
    // "advance RCV.NXT over the FIN, and send an acknowledgment for the FIN".
    Ptr<TcpRxBuffer> rx = m_tcb->m_rxBuffer;
    if (!rx->GotFin() || rx->NextRxSequence() > *fin)
    {
        return; // TcpSocketBase took no FIN from it, or RCV.NXT is past it already
    }
    rx->SetFinSequence(*fin); // RCV.NXT passes it now if the data before it is all in
    if (rx->NextRxSequence() != *fin + 1)
    {
        return; // data before it is missing: ProcessWait acknowledges it when the gap fills
    }
    switch (m_state.Get())
    {
        case FIN_WAIT_1:
        case FIN_WAIT_2:
        case CLOSING:
        case TIME_WAIT:
            SendEmptyPacket(TcpHeader::ACK); // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
            return;
        case CLOSED:
        case LISTEN:
        case SYN_SENT:
        case SYN_RCVD:
        case ESTABLISHED:
        case CLOSE_WAIT:
        case LAST_ACK:
        case LAST_STATE:
            return; // not reached from FIN_WAIT_1 or FIN_WAIT_2 on a FIN (nothing to answer)
    }
}

bool
WsaTcpSocket::AcknowledgeRetransmittedFin(Ptr<const Packet> packet)
{
    TcpHeader header;
    const std::optional<SequenceNumber32> fin = FinOf(packet, header);
    if (!fin || *fin >= m_tcb->m_rxBuffer->NextRxSequence())
    {
        return false; // no FIN, or not one received already (it lies below RCV.NXT)
    }
    NS_LOG_FUNCTION(this << TcpStateName[m_state] << header);
    Ptr<Packet> payload = packet->Copy();
    payload->RemoveHeader(header);
    m_rxTrace(payload, header, this); // traced as TcpSocketBase traces every arriving segment
    // RFC 9293 3.10.7.4, first check (sequence number): a segment wholly below RCV.NXT is not
    // acceptable; "an acknowledgment should be sent in reply ... <SEQ=SND.NXT><ACK=RCV.NXT>
    // <CTL=ACK>. After sending the acknowledgment, drop the unacceptable segment and return."
    // Its ACK field is not processed. (ns-3.37: no ACK in CLOSE_WAIT or TIME_WAIT, and CLOSED
    // at once in CLOSING and, on a FIN|ACK, in LAST_ACK.)
    SendEmptyPacket(TcpHeader::ACK);
    return true;
}

bool
WsaTcpSocket::ReceivedAckBeforeFinAck(Ptr<const Packet> packet)
{
    TcpHeader header;
    packet->PeekHeader(header);
    const uint8_t ignored = TcpHeader::PSH | TcpHeader::URG | TcpHeader::CWR | TcpHeader::ECE;
    if ((header.GetFlags() & ~ignored) != TcpHeader::ACK
        || header.GetAckNumber() > m_tcb->m_highTxMark) // our FIN is m_highTxMark: acknowledged
    {
        return false;
    }
    // ns-3.37's ProcessLastAck closes on any ACK (it checks the sequence number alone), also on
    // one that acknowledges data sent before the FIN, and processes none of them: the data still
    // in flight and the FIN are never retransmitted. RFC 9293 3.10.7.4, fifth (ACK field),
    // LAST-ACK: "If our FIN is now acknowledged, delete the TCB, enter the CLOSED state";
    // before that the ACK is processed as in ESTABLISHED ("If SND.UNA < SEG.ACK =< SND.NXT,
    // then set SND.UNA <- SEG.ACK. Any segments on the retransmission queue that are thereby
    // entirely acknowledged are removed."). What TcpSocketBase::DoForwardUp does with an ACK
    // before its state machine, then TcpSocketBase::ReceivedAck.
    Ptr<Packet> payload = packet->Copy();
    payload->RemoveHeader(header);
    m_rxTrace(payload, header, this);
    if (m_timestampEnabled)
    {
        if (!header.HasOption(TcpOption::TS))
        {
            return true; // RFC 7323: ignored without its timestamp, as TcpSocketBase does
        }
        ProcessOptionTimestamp(header.GetOption(TcpOption::TS), header.GetSequenceNumber());
    }
    EstimateRtt(header);
    UpdateWindowSize(header);
    ReceivedAck(payload, header);
    return true;
}

bool
WsaTcpSocket::IsOnlyFinUnacknowledgedInLastAck() const
{
    return m_state == LAST_ACK && m_txBuffer->Size() == 0;
}

void
WsaTcpSocket::NewAck(const SequenceNumber32& ack, bool resetRto)
{
    TcpSocketBase::NewAck(ack, resetRto);
    if (IsOnlyFinUnacknowledgedInLastAck() && !m_retxEvent.IsRunning())
    {
        // The data is acknowledged, our FIN is not: keep a timer for it, as TcpSocketBase does
        // in FIN_WAIT_1 and CLOSING (RFC 9293 3.8.1: a segment with a sequence number, the
        // FIN too, is retransmitted until acknowledged).
        m_retxEvent = Simulator::Schedule(m_rto, &WsaTcpSocket::ReTxTimeout, this);
    }
}

void
WsaTcpSocket::ReTxTimeout()
{
    if (IsOnlyFinUnacknowledgedInLastAck())
    {
        // TcpSocketBase::ReTxTimeout sends the FIN again in FIN_WAIT_1 and CLOSING only.
        NS_LOG_LOGIC(this << " LAST_ACK: our FIN again");
        SendEmptyPacket(TcpHeader::FIN | TcpHeader::ACK);
        return;
    }
    const bool hadEndPoint = m_endPoint != nullptr;
    TcpSocketBase::ReTxTimeout();
    if (hadEndPoint && m_endPoint == nullptr && m_state != CLOSED)
    {
        // ns-3.37 TcpSocketBase::ReTxTimeout: the data retransmissions ran out ("No more data
        // retries available. Dropping connection"): it notifies the error close and frees the
        // endpoint, but leaves m_state as it was, so the connection looked alive for ever.
        // RFC 9293 3.8.3: when the retransmissions reach threshold R2, TCP closes the
        // connection. The state change is ours to make, as in Abort().
        NS_LOG_LOGIC(this << " retransmissions exhausted: CLOSED");
        m_state = CLOSED;
    }
}

int
WsaTcpSocket::ShutdownSend()
{
    NS_LOG_FUNCTION(this << TcpStateName[m_state]);
    const int result = TcpSocketBase::ShutdownSend();
    if (m_txBuffer->Size() == 0)
    {
        return result; // nothing was queued: TcpSocketBase sent the FIN (when connected)
    }
    if (m_txBuffer->SizeFromSequence(m_tcb->m_nextTxSequence) > 0)
    {
        return result; // bytes still to send: the FIN rides on the last one (m_closeOnEmpty)
    }
    // Every byte has been sent, some are unacknowledged: TcpSocketBase waits for a last data
    // segment that never comes. RFC 9293 3.10.4, CLOSE: "Queue this until all preceding SENDs
    // have been segmentized, then form a FIN segment and send it."
    switch (m_state.Get())
    {
        case ESTABLISHED:
        case CLOSE_WAIT:
            // The FIN of TcpSocketBase::Close() in the same situation (ESTABLISHED ->
            // FIN_WAIT_1, CLOSE_WAIT -> LAST_ACK).
            DoClose();
            return result;
        case CLOSED:
        case LISTEN:
        case SYN_SENT:
        case SYN_RCVD:
            return result; // no connection to send a FIN on (nothing can have been sent)
        case FIN_WAIT_1:
        case FIN_WAIT_2:
        case CLOSING:
        case LAST_ACK:
        case TIME_WAIT:
            return result; // the FIN has been sent already
        case LAST_STATE:
            return result; // not a state (ns-3's count of them)
    }
    return result;
}

void
WsaTcpSocket::SendQueuedNow()
{
    if (!m_sendPendingDataEvent.IsRunning())
    {
        return; // nothing deferred: TCP sent what it could already, or nothing is queued
    }
    // TcpSocketBase::Send() schedules SendPendingData one time step later "to allow the
    // application to fill the buffer"; run it now instead.
    m_sendPendingDataEvent.Cancel();
    SendPendingData(m_connected);
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

void
WsaTcpSocket::SetOwner(WsaSocket* owner)
{
    m_owner = owner;
}

WsaSocket*
WsaTcpSocket::GetOwner() const
{
    return m_owner;
}

void
WsaTcpSocket::ConnectStateTrace(const StateCallback& callback)
{
    m_state.ConnectWithoutContext(callback);
}

void
WsaTcpSocket::DisconnectStateTrace(const StateCallback& callback)
{
    m_state.DisconnectWithoutContext(callback);
}

void
WsaTcpSocket::ConnectRxTrace(const RxCallback& callback)
{
    m_rxTrace.ConnectWithoutContext(callback);
}

void
WsaTcpSocket::DisconnectRxTrace(const RxCallback& callback)
{
    m_rxTrace.DisconnectWithoutContext(callback);
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

// An ns-3 TCP socket that can abort (a real RST) and report what Winsock's linger logic needs.
#ifndef WSA_TCP_SOCKET_H
#define WSA_TCP_SOCKET_H

#include "ns3/callback.h"
#include "ns3/tcp-socket-base.h"

#include <memory>

namespace ns3
{

class Node;
class WsaEndPointTable;
class WsaSocket;

/**
 * \ingroup wsd
 * \brief TcpSocketBase with the two things ns-3.37 keeps protected: an abortive close and a
 *        look at the transmit buffer.
 *
 * ns-3 has no SO_LINGER and no public abort. Winsock's hard close (linger {1,0}, a linger
 * timeout that expires, WSACleanup with sockets open, data arriving after SD_RECEIVE) must put
 * a real RST on the simulated wire; Abort() does that through TcpSocketBase::SendRST().
 * WsaSocket::Dispatch() is its one caller for a Winsock socket.
 *
 * TcpL4Protocol::CreateSocket() always makes a plain TcpSocketBase, so Create() builds this
 * subclass the way it does, from the TcpL4Protocol's attributes.
 *
 * On a node whose TCP is a WsaTcpL4Protocol, the socket's IPv4 endpoint lives in that
 * protocol's WsaEndPointTable instead of ns-3's Ipv4EndPointDemux, and the socket stays out of
 * TcpL4Protocol's socket list: Bind() and Connect() allocate from the table, CompleteFork()
 * moves an accepted connection's endpoint there, and the endpoint's destroy callback carries
 * the table's release token, so that the endpoint leaves the table at the moment TcpSocketBase
 * lets go of it (DeallocateEndPoint, not virtual, drops that callback first). On other nodes
 * the socket is a TcpSocketBase in every respect.
 */
class WsaTcpSocket : public TcpSocketBase
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    WsaTcpSocket();

    /**
     * \brief Copy constructor, used by Fork().
     * \param other the listening socket
     */
    WsaTcpSocket(const WsaTcpSocket& other);

    /**
     * \brief Create a socket on a node, as TcpL4Protocol::CreateSocket() would.
     * \param node a node with the internet stack
     * \return the socket
     */
    static Ptr<WsaTcpSocket> Create(Ptr<Node> node);

    /**
     * \brief Construct a socket, every attribute from its defaults: TcpL4Protocol::
     *        CreateSocket's steps, without adding it to the protocol's list.
     * \param node the node \param tcp its TCP
     * \return the socket
     */
    static Ptr<WsaTcpSocket> Construct(Ptr<Node> node, Ptr<TcpL4Protocol> tcp);

    /**
     * \brief Abortive close: send a RST, drop unsent data and go to CLOSED without TIME_WAIT.
     *
     * Does nothing in CLOSED, LISTEN and SYN_SENT beyond dropping the endpoint: RFC 9293
     * 3.10.5 sends no RST for an ABORT in LISTEN or SYN-SENT.
     */
    void Abort();

    /**
     * \brief Whether every byte queued for sending has been sent and acknowledged.
     * \return true when the transmit buffer is empty
     */
    bool IsTxBufferEmpty() const;

    /**
     * \brief Bytes queued for sending that have not been acknowledged (unsent or in flight).
     * \return the count
     */
    uint32_t GetTxBufferedBytes() const;

    /**
     * \brief Called with each socket forked from this listening socket, right after the copy
     *        and before the handshake completes.
     * \param callback the callback
     */
    void SetForkCallback(Callback<void, Ptr<WsaTcpSocket>> callback);

    /**
     * \brief The Winsock socket this one belongs to. WsaSocket's notification callbacks are
     *        shared by every socket (one each, not one per socket: docs/performance.md,
     *        "Scale") and find their WsaSocket here.
     * \param owner the socket, or null when it lets go of this one; a forked copy starts with
     *        none (its listener's is not its own)
     */
    void SetOwner(WsaSocket* owner);

    /// \return the Winsock socket this one belongs to, or null
    WsaSocket* GetOwner() const;

    /// The "State" trace's callback: the old and the new TCP state.
    using StateCallback = Callback<void, TcpStates_t, TcpStates_t>;
    /// The "Rx" trace's callback: a segment received, its header, this socket.
    using RxCallback
        = Callback<void, Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>;

    /**
     * \brief Connect to, or disconnect from, the "State" and "Rx" traces (a callback not
     *        connected is left alone), as TraceConnectWithoutContext does, without finding the
     *        trace by name: `TypeId::LookupTraceSourceByName` searches the type chain's strings,
     *        8 k instructions a lookup, three to five a socket (docs/performance.md, "Scale").
     * \param callback the callback
     */
    void ConnectStateTrace(const StateCallback& callback);
    /// \copydoc ConnectStateTrace
    void DisconnectStateTrace(const StateCallback& callback);
    /// \copydoc ConnectStateTrace
    void ConnectRxTrace(const RxCallback& callback);
    /// \copydoc ConnectStateTrace
    void DisconnectRxTrace(const RxCallback& callback);

    /**
     * \brief Transmit now what the window allows of the data queued, as a real stack does
     *        inside the send call (ns-3.37's Send() defers it by one time step).
     *
     * WsaSocket::TransmitNow() calls it at the end of a Winsock call that queued bytes or
     * asked for the FIN, so that one call's bytes still share segments; never from inside
     * TcpSocketBase's own processing (SendPendingData is not re-entrant).
     */
    void SendQueuedNow();

    /**
     * \brief Disable sends; the FIN follows the data queued, at once when all of it has been
     *        sent (RFC 9293 3.10.4).
     *
     * TcpSocketBase::ShutdownSend() sends the FIN itself only with an empty transmit buffer,
     * and otherwise leaves it to the last data segment; when every byte has been sent already
     * (some unacknowledged), no data segment comes and ns-3.37 never sends the FIN.
     * \return 0
     */
    int ShutdownSend() override;

    void SetTcp(Ptr<TcpL4Protocol> tcp) override;
    int Bind() override;
    int Bind(const Address& address) override;
    int Connect(const Address& address) override;
    void BindToNetDevice(Ptr<NetDevice> netdevice) override;

  protected:
    /**
     * \brief A segment from the IP layer: a FIN the peer sends again is acknowledged again
     *        (RFC 9293 3.10.7.4), the rest goes to TcpSocketBase.
     *
     * ns-3.37 does not acknowledge a retransmitted FIN in CLOSE_WAIT or TIME_WAIT, and closes
     * at once on one in CLOSING, and on a FIN|ACK in LAST_ACK. Nor does it acknowledge a FIN
     * that rides on data in FIN_WAIT_1 or FIN_WAIT_2: the model does (ForwardUpInFinWait).
     */
    void DoForwardUp(Ptr<Packet> packet,
                     const Address& fromAddress,
                     const Address& toAddress) override;
    /**
     * \brief A new acknowledgement: TcpSocketBase's processing, and in LAST_ACK a timer for
     *        the FIN once the data is acknowledged (ns-3.37 cancels it there).
     * \param ack the acknowledgement number \param resetRto whether to restart the timer
     */
    void NewAck(const SequenceNumber32& ack, bool resetRto) override;
    /// The retransmission timer: in LAST_ACK with all data acknowledged, the FIN again
    /// (ns-3.37 sends it again in FIN_WAIT_1 and CLOSING only); else TcpSocketBase's.
    void ReTxTimeout() override;
    Ptr<TcpSocketBase> Fork() override;
    void CompleteFork(Ptr<Packet> p,
                      const TcpHeader& tcpHeader,
                      const Address& fromAddress,
                      const Address& toAddress) override;

  private:
    /**
     * \brief Acknowledge a FIN the peer sent again and drop it (RFC 9293 3.10.7.4, first
     *        check): in a state where the peer's FIN has been received, its FIN lies below
     *        RCV.NXT.
     * \param packet the segment, TCP header included
     * \return whether it was one (then it is answered and dropped); never with SYN or RST
     */
    bool AcknowledgeRetransmittedFin(Ptr<const Packet> packet);
    /// \return whether this is LAST_ACK with every byte acknowledged and the FIN not yet
    bool IsOnlyFinUnacknowledgedInLastAck() const;
    /**
     * \brief In LAST_ACK, process an ACK that does not acknowledge our FIN yet (data sent
     *        before it) instead of closing on it, as ns-3.37 does (RFC 9293 3.10.7.4, fifth).
     * \param packet the segment, TCP header included
     * \return whether it was one (then it is processed)
     */
    bool ReceivedAckBeforeFinAck(Ptr<const Packet> packet);
    /**
     * \brief A segment in FIN_WAIT_1 or FIN_WAIT_2: TcpSocketBase's, then a FIN that rides on
     *        data placed after the data and acknowledged (RFC 9293 3.10.7.4).
     * \param packet the segment, TCP header included \param fromAddress the sender
     * \param toAddress this socket's address
     */
    void ForwardUpInFinWait(Ptr<Packet> packet,
                            const Address& fromAddress,
                            const Address& toAddress);
    /// Install the callbacks on a new endpoint of the table (SetupCallback, then a destroy
    /// callback that carries the release token). \return 0, or -1 without an endpoint
    int SetupTableEndPoint();
    /// File the endpoint again after TcpSocketBase changed its addresses or device.
    void RefileEndPoint();
    /// Move an endpoint that TcpSocketBase allocated in ns-3's demux into the table.
    void MoveEndPointToTable();

    Callback<void, Ptr<WsaTcpSocket>> m_forkCallback; //!< told of each forked socket
    WsaSocket* m_owner{nullptr}; //!< the Winsock socket this one belongs to (not owned), or null
    WsaEndPointTable* m_endPointTable{nullptr}; //!< the node's table (WsaTcpL4Protocol), or null
};

} // namespace ns3

#endif // WSA_TCP_SOCKET_H

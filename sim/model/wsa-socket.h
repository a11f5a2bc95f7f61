// One Winsock socket over an ns-3 TCP or UDP socket: the provider-side (WSP) semantics of each
// call.
#ifndef WSA_SOCKET_H
#define WSA_SOCKET_H

#include "wsa-async-objects.h"
#include "wsa-error.h"
#include "wsa-provider-profile.h"
#include "wsa-tpkt-codec.h"
#include "wsa-trace-records.h"
#include "wsa-types.h"
#include "wsa-wait-list.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/object.h"
#include "ns3/socket.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-socket.h"
#include "ns3/traced-value.h"

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <optional>
#include <ostream>
#include <variant>
#include <vector>

namespace ns3
{

class WsaProvider;
class WsaTcpSocket;
class WsaThread;
class Packet;

/**
 * \ingroup wsd
 * \brief What a socket operation gives back: a value, or an error.
 */
struct WsaOutcome
{
    int64_t value{0};                    //!< the return value (SOCKET_ERROR on failure)
    WsaError error{WsaError::NO_ERROR_}; //!< the error, when the call failed
    std::vector<uint8_t> data;           //!< bytes a recv returned
    WsaOutputs outputs;                  //!< out-parameters to record with the return

    /// \param value the return value \return a success
    static WsaOutcome Ok(int64_t value = 0);
    /// \param error the error \return a failure returning SOCKET_ERROR
    static WsaOutcome Fail(WsaError error);
};

/**
 * \ingroup wsd
 * \brief A blocking operation still waiting: called again on every event of the socket, it
 *        returns the outcome once the operation can complete.
 */
using WsaPoll = std::function<std::optional<WsaOutcome>()>;

/**
 * \ingroup wsd
 * \brief An operation that completed at once, or one that must wait.
 */
using WsaStep = std::variant<WsaOutcome, WsaPoll>;

/**
 * \ingroup wsd
 * \brief A Winsock socket: the state Winsock keeps above TCP or UDP, and every call's rules.
 *
 * The socket's Winsock state (WinsockState) has four parts: the handle's lifecycle (State),
 * the sending direction's way to its FIN (SendState), the receiving direction (ReceiveState)
 * and how the connection underneath ends (End). Every change of any part goes through
 * SetState(), which logs old => new and fires the "WinsockState" trace source. The TCP state
 * itself stays in ns-3's TcpSocketBase and is mirrored from its "State" trace source.
 *
 * Calls and ns-3 callbacks only change the Winsock state; Dispatch() alone decides what goes
 * on the wire for it: a RST (WsaTcpSocket::Abort()), the FIN (TcpSocketBase::ShutdownSend()
 * or Close()), the provider's own bytes (an ISO-TP DR TPDU), or nothing. Each call that
 * changes the state dispatches at once, so segments leave within the call, as before.
 */
class WsaSocket : public Object
{
  public:
    /// The handle's lifecycle.
    enum class State
    {
        OPEN,       //!< created, not bound
        BOUND,      //!< bound to a local address (also after a failed connect)
        LISTENING,  //!< listen() succeeded
        CONNECTING, //!< a non-blocking or blocking connect is under way
        CONNECTED,  //!< connected, or accepted (half-closed and reset still count)
        LINGERING,  //!< closesocket is blocked waiting for the linger condition
        CLOSED,     //!< the handle is released; the connection may still be closing
    };

    /// The sending direction, from sends allowed to the FIN handed to TCP.
    enum class SendState
    {
        OPEN,            //!< sends allowed
        SHUTDOWN,        //!< sends refused; nothing owed to the wire (datagram socket, RST sent)
        FIN_REQUESTED,   //!< sends refused; the FIN is owed, after the provider's own bytes
        FIN_QUEUED,      //!< ns-3 has the FIN (ShutdownSend): it follows the data queued before
        CLOSE_REQUESTED, //!< closesocket, graceful: ns-3's Close() is owed
        CLOSE_QUEUED,    //!< ns-3 has the close: FIN after the data, the rest in the background
    };

    /// The receiving direction, as the application left it.
    enum class ReceiveState
    {
        OPEN,     //!< receives allowed
        SHUTDOWN, //!< receives refused (shutdown SD_RECEIVE or SD_BOTH, WSARecvDisconnect)
    };

    /// How the connection underneath ends, as far as Winsock can tell.
    enum class End
    {
        NONE,              //!< nothing has ended it
        PEER_FIN,          //!< the peer's FIN arrived: recv returns 0 once the data is read
        RST_ARRIVED,       //!< a RST arrived; TCP has not closed on it (yet)
        FIN_RST_ARRIVED,   //!< a RST arrived after the peer's FIN (ns-3 ignores it in TIME_WAIT)
        RESET_BY_PEER,     //!< TCP closed on the peer's RST: WSAECONNRESET
        RESET_REQUESTED,   //!< a hard close is decided: Dispatch() sends the RST
        ABORTED,           //!< this side's RST ended it (hard close): WSAECONNABORTED
        CONNECT_REFUSED,   //!< a RST answered the SYN: WSAECONNREFUSED
        CONNECT_TIMED_OUT, //!< the SYNs went unanswered: WSAETIMEDOUT
    };

    /// The whole Winsock state of a socket, as the "WinsockState" trace source reports it.
    struct WinsockState
    {
        State state{State::OPEN};                 //!< the handle's lifecycle
        SendState send{SendState::OPEN};          //!< the sending direction
        ReceiveState receive{ReceiveState::OPEN}; //!< the receiving direction
        End end{End::NONE};                       //!< how the connection ends

        /// \param other another state \return whether every part is the same
        bool operator==(const WinsockState& other) const = default;
    };

    /**
     * \brief TracedValue callback signature of the "WinsockState" trace source.
     * \param oldValue the state before \param newValue the state after
     */
    typedef void (*WinsockStateTracedCallback)(WinsockState oldValue, WinsockState newValue);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief A socket of a provider.
     * \param provider the node's provider
     * \param type SOCK_STREAM or SOCK_DGRAM
     */
    WsaSocket(Ptr<WsaProvider> provider, int type);
    ~WsaSocket() override;

    /**
     * \brief The state's name ("CONNECTED").
     * \param state a state
     * \return its name
     */
    static const char* StateName(State state);
    /// \param state a sending direction's state \return its name ("FIN_QUEUED")
    static const char* StateName(SendState state);
    /// \param state a receiving direction's state \return its name ("SHUTDOWN")
    static const char* StateName(ReceiveState state);
    /// \param end how a connection ends \return its name ("RESET_BY_PEER")
    static const char* StateName(End end);

    /// \return the handle (INVALID_SOCKET before one is assigned)
    SOCKET GetHandle() const;
    /// \param handle the handle the provider assigned
    void SetHandle(SOCKET handle);
    /// \return the lifecycle state
    State GetState() const;
    /// \return the whole Winsock state (lifecycle, both directions, the connection's end)
    WinsockState GetWinsockState() const;
    /// \return SOCK_STREAM or SOCK_DGRAM
    int GetType() const;
    /// \return whether ioctlsocket(FIONBIO) made the socket non-blocking
    bool IsNonBlocking() const;
    /// \return the TCP state (CLOSED for UDP sockets)
    TcpSocket::TcpStates_t GetTcpState() const;
    /// \return the current SO_LINGER value
    LINGER GetLinger() const;
    /// \return whether sends were disabled (shutdown SD_SEND/SD_BOTH, WSASendDisconnect)
    bool IsSendShutdown() const;
    /// \return whether receives were disabled (shutdown SD_RECEIVE/SD_BOTH, WSARecvDisconnect)
    bool IsReceiveShutdown() const;
    /// \return whether the peer reset the connection
    bool WasResetByPeer() const;
    /// \return the ns-3 socket underneath
    Ptr<Socket> GetNs3Socket() const;
    /**
     * \brief What ioctlsocket(FIONREAD) reports: the bytes one recv could read now.
     * \return a stream socket's unread bytes (the ISO-TP profile: decoded bytes); a datagram
     *         socket's first queued datagram size, 0 when none is queued
     */
    uint32_t GetReadableBytes() const;

    /// \param address local address \return the outcome of bind()
    WsaOutcome Bind(const Address& address);
    /// \param backlog queue length \return the outcome of listen()
    WsaOutcome Listen(int backlog);
    /// \param address the peer \return connect(): done, or a wait for a blocking socket
    WsaStep Connect(const Address& address);
    /// \return accept(): the new socket's handle, or a wait
    WsaStep Accept();
    /// \param data the bytes \return send(): the count, or a wait
    WsaStep Send(const std::vector<uint8_t>& data);
    /**
     * \param maxBytes buffer size \param withSender also report a datagram's sender ("from")
     * \return recv(): the bytes, or a wait
     */
    WsaStep Recv(uint32_t maxBytes, bool withSender = false);
    /// \param how SD_RECEIVE, SD_SEND or SD_BOTH \return the outcome of shutdown()
    WsaOutcome Shutdown(int how);
    /**
     * \brief WSASendDisconnect's provider part (the thread has checked startup, the
     *        thread's state, the handle and the network).
     * \param disconnectData NULL, or a descriptor in the node's address space
     * \return the outcome
     */
    WsaOutcome SendDisconnect(const WSABUF* disconnectData);
    /**
     * \brief WSARecvDisconnect's provider part.
     * \param disconnectData NULL, or a descriptor whose len is updated to the bytes copied
     * \return the outcome
     */
    WsaOutcome RecvDisconnect(WSABUF* disconnectData);
    /// \return closesocket(): done, or a wait (linger with a timeout on a blocking socket)
    WsaStep Close();
    /**
     * \brief Reset and release the socket at once (WSACleanup; a cancelled closesocket).
     */
    void ResetAndRelease();
    /**
     * \brief setsockopt().
     * \param level option level \param name option \param value the value \param length its
     * size \return the outcome
     */
    WsaOutcome SetOption(int level, int name, const char* value, int length);
    /**
     * \brief getsockopt().
     * \param level option level \param name option \param value where to write
     * \param length in: buffer size; out: bytes written
     * \return the outcome
     */
    WsaOutcome GetOption(int level, int name, char* value, int* length) const;
    /// \param nonBlocking the FIONBIO value \return the outcome of ioctlsocket(FIONBIO)
    WsaOutcome SetNonBlocking(bool nonBlocking);

    /**
     * \brief Wait for the socket's events: the poll runs after each one until it returns an
     *        outcome, which goes to done.
     * \param poll the operation \param done gets the outcome
     * \return a ticket for CancelWait()
     */
    uint64_t Wait(WsaPoll poll, std::function<void(WsaOutcome)> done);
    /**
     * \brief Stop waiting; the waiter's done gets the outcome given.
     * \param ticket from Wait() \param outcome what the waiting call returns
     */
    void CancelWait(uint64_t ticket, WsaOutcome outcome);
    /// Cancel every waiter with WSAEINTR (the handle is going away).
    void CancelAllWaits();

    // --- the asynchronous half (wsa-socket-async.cc) -------------------------------------

    /// What select reports of the socket now.
    struct SelectReadiness
    {
        bool read{false};   //!< readfds: data, a connection to accept, the peer's FIN or RST
        bool write{false};  //!< writefds: a send would not block (also after a reset)
        bool except{false}; //!< exceptfds: a connection attempt failed
    };
    /// \return select's view of the socket now
    SelectReadiness GetSelectReadiness() const;
    /**
     * \brief WSAPoll's view of the socket now.
     * \param events the POLLRDNORM, POLLRDBAND, POLLWRNORM asked for
     * \return revents: those of them that hold, with POLLHUP and POLLERR whether asked or not
     */
    int16_t GetPollEvents(int16_t events) const;

    /// \return whether the socket has the overlapped attribute (socket(); WSASocket's flag)
    bool IsOverlapped() const;
    /// \param overlapped the attribute (WSASocket without WSA_FLAG_OVERLAPPED clears it)
    void SetOverlapped(bool overlapped);
    /// \return whether a WSAEventSelect association with some network event is in force
    bool HasEventSelect() const;
    /**
     * \brief WSAEventSelect's provider part: record the events of a mask and set the event.
     * \param event the event object (null with mask 0: cancel the association)
     * \param mask the FD_* bits \return the outcome
     */
    WsaOutcome EventSelect(Ptr<WsaEvent> event, int32_t mask);
    /**
     * \brief WSAEnumNetworkEvents' provider part: hand over and clear the recorded events.
     * \param reset an event to reset with it, or null \param events filled in
     * \return the outcome, with the out-parameters "events" and "errors"
     */
    WsaOutcome EnumNetworkEvents(Ptr<WsaEvent> reset, WSANETWORKEVENTS* events);
    /**
     * \brief A re-enabling call ran (recv for FD_READ, a send failing with WSAEWOULDBLOCK for
     *        FD_WRITE, accept for FD_ACCEPT): record its event again when its condition holds.
     * \param events the FD_* bits re-enabled
     */
    void Reenable(int32_t events);
    /// A connect call returned WSAEWOULDBLOCK: a failure of the attempt is SO_ERROR's.
    void NoteNonBlockingConnect();
    /**
     * \brief Associate the socket with a completion port (CreateIoCompletionPort).
     * \param port the port \param key the completion key
     * \return false when it is associated with a port already
     */
    bool AssociatePort(Ptr<WsaCompletionPort> port, uint64_t key);

    /**
     * \brief WSARecv with an OVERLAPPED.
     * \param len the buffer's size \param overlapped the OVERLAPPED \param thread the caller
     * \return at once: the bytes (the operation completed: event set, packet queued), a
     *         failure (nothing queued) or WSA_IO_PENDING; or, on a socket without the
     *         overlapped attribute, a wait
     */
    WsaStep RecvOverlapped(uint32_t len, WSAOVERLAPPED* overlapped, WsaThread* thread);
    /**
     * \brief WSASend with an OVERLAPPED (all bytes, whatever FIONBIO says).
     * \param data the bytes \param overlapped the OVERLAPPED \param thread the caller
     * \return as RecvOverlapped()
     */
    WsaStep SendOverlapped(const std::vector<uint8_t>& data,
                           WSAOVERLAPPED* overlapped,
                           WsaThread* thread);
    /**
     * \brief DisconnectEx's provider part (flags checked by the thread).
     * \param reuse TF_REUSE_SOCKET \param overlapped the OVERLAPPED, or null (the call waits)
     * \param thread the caller
     * \return done (TRUE), failed, WSA_IO_PENDING, or a wait
     */
    WsaStep Disconnect(bool reuse, WSAOVERLAPPED* overlapped, WsaThread* thread);
    /**
     * \brief Cancel pending overlapped operations (CancelIo, CancelIoEx): each completes with
     *        STATUS_CANCELLED.
     * \param thread only those this thread issued (null: any thread's)
     * \param overlapped only this one (null: all)
     * \return how many were cancelled
     */
    uint32_t CancelOverlapped(const WsaThread* thread, const WSAOVERLAPPED* overlapped);
    /**
     * \brief sendto's provider part: a datagram to an address, or send() on a stream socket.
     * \param data the bytes \param to the destination (null: none)
     * \return the count, a failure, or a wait
     */
    WsaStep SendTo(const std::vector<uint8_t>& data, const Address* to);
    /// \return getpeername's outcome, with "address"
    WsaOutcome GetPeerName() const;
    /// \return getsockname's outcome, with "address"
    WsaOutcome GetSockName() const;

  protected:
    void DoDispose() override;

  private:
    /// Change the Winsock state (the one place that does): log old => new, fire the trace.
    void SetState(const WinsockState& next);
    /// Change the lifecycle, the rest unchanged (through SetState(const WinsockState&)).
    void SetState(State state);
    /// Change the sending direction's state, the rest unchanged.
    void SetState(SendState send);
    /// Change the receiving direction's state, the rest unchanged.
    void SetState(ReceiveState receive);
    /// Change how the connection ends, the rest unchanged.
    void SetState(End end);
    /**
     * \brief The one place that decides what goes on the wire for the Winsock state: a RST,
     *        the FIN (ShutdownSend or Close), the provider's own bytes, or nothing.
     */
    void Dispatch();
    /// Dispatch()'s RST: hard close, unsent data and queued provider bytes dropped.
    void DispatchReset();
    /// Dispatch()'s sending direction: provider bytes, then the FIN or the close they owe.
    void DispatchSend();
    /// Push the provider's queued bytes whole when they fit. \return whether none are left
    bool PushControl();
    /**
     * \brief A Winsock call queued bytes or asked for the FIN: TCP transmits what its window
     *        allows now, inside the call, as a real stack does (WsaTcpSocket::SendQueuedNow).
     *        Never from an ns-3 callback: TcpSocketBase::SendPendingData is not re-entrant.
     */
    void TransmitNow();
    /// Decide a hard close (no-op once the connection has ended) and dispatch it.
    void ResetConnection();
    /// Decide a graceful close of the ns-3 socket (FIN after the data) and dispatch it.
    void RequestGracefulClose();
    /// closesocket, graceful: ns-3's Close() (FIN after the data), then release.
    WsaOutcome CloseGracefully();
    /// closesocket, hard: RST, then release.
    WsaOutcome CloseHard();
    /// closesocket on a connected stream socket.
    WsaStep CloseConnected();
    /// closesocket under SO_LINGER with a timeout.
    WsaStep CloseLingering();
    /// Create the ns-3 socket on first need.
    void EnsureNs3Socket();
    /// Install the callbacks and traces on an ns-3 TCP socket (own or accepted).
    void AttachTcp(Ptr<WsaTcpSocket> tcp);
    /// Whether the connection counts as connected for WSAENOTCONN.
    bool IsConnected() const;
    /// Whether this is a connection-oriented socket.
    bool IsStream() const;
    /// \param end how a connection ends \return whether it was reset, by either side
    static bool IsReset(End end);
    /// \return WSAECONNREFUSED or WSAETIMEDOUT once a connection attempt failed
    std::optional<WsaError> ConnectFailure() const;
    /// Error a send or recv gets on a connection that ended abnormally, if any.
    std::optional<WsaError> ConnectionError() const;
    /// Bytes received and not yet read by the application.
    uint32_t UnreadBytes() const;
    /// Whether recv would report end of stream now.
    bool AtEndOfStream() const;
    /// Take received bytes for the application.
    std::vector<uint8_t> ReadBytes(uint32_t maxBytes);
    /// Move bytes from ns-3 into the TPKT decoder (ISO-TP profile).
    void DrainIntoDecoder();
    /// Queue as many application bytes as fit; returns how many went.
    uint32_t PushStreamData(const std::vector<uint8_t>& data, uint32_t offset);
    /// Disable sends and start the disconnect (shared by shutdown(SD_SEND) and
    /// WSASendDisconnect).
    void DisableSends(const std::optional<std::vector<uint8_t>>& disconnectData);
    /// Disable receives; resets a TCP connection with unread data.
    void DisableReceives();
    /// The linger close is complete: all data and the FIN are acknowledged, or nothing to do.
    bool IsCloseComplete() const;
    /// Release the handle; the ns-3 socket lives on until its connection ends.
    void Release();
    /// Schedule a pass over the waiters (coalesced, zero simulated time).
    void ScheduleWake();
    /// Poll each waiter.
    void ServiceWaiters();
    /// The accept backlog is full.
    bool IsBacklogFull() const;
    /// The fork callback of a listening socket.
    void OnFork(Ptr<WsaTcpSocket> child);

    // ns-3 socket callbacks
    void OnConnected(Ptr<Socket> socket);
    void OnConnectFailed(Ptr<Socket> socket);
    bool OnConnectionRequest(Ptr<Socket> socket, const Address& from);
    void OnNewConnection(Ptr<Socket> socket, const Address& from);
    void OnReceive(Ptr<Socket> socket);
    void OnSendSpace(Ptr<Socket> socket, uint32_t available);
    void OnNormalClose(Ptr<Socket> socket);
    void OnErrorClose(Ptr<Socket> socket);
    void OnTcpState(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);
    void OnTcpRx(Ptr<const Packet> packet,
                 const TcpHeader& header,
                 Ptr<const TcpSocketBase> socket);
    /**
     * \brief The callback that every TCP socket's notification of one kind shares: it passes
     *        the notification to the WsaSocket its WsaTcpSocket belongs to
     *        (WsaTcpSocket::GetOwner) and drops it when there is none. One callback object for
     *        the whole process instead of one a socket: an ns-3 Callback bound to an object is
     *        five allocations (docs/performance.md, "Scale").
     * \tparam Handler the member that handles it \tparam Args the arguments after the socket
     * \return the shared callback
     */
    template <auto Handler, typename... Args>
    static Callback<void, Ptr<Socket>, Args...> SharedCallback();
    /// The "Rx" trace's shared callback (see SharedCallback): the socket comes last there.
    static Callback<void, Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>
    SharedRxCallback();
    /// A RST answered our SYN: the connection is refused.
    void OnConnectRefused();
    /// \param end how the connection ends so far \return the same after the peer's FIN
    static End EndAfterPeerFin(End end);
    /// \param end how the connection ends so far \return the same after a RST arrived
    static End EndAfterRst(End end);
    /// \param end so far \param from the TCP state left \return the same once TCP is CLOSED
    static End EndAfterTcpClosed(End end, TcpSocket::TcpStates_t from);
    /// \param end so far \return the same once the connection attempt failed
    static End EndAfterConnectFailed(End end);
    /// Disconnect every callback and trace from the ns-3 socket.
    void DetachNs3Socket();

    // --- the asynchronous half (wsa-socket-async.cc) -------------------------------------

    /// One overlapped operation still pending.
    struct OverlappedOp
    {
        WsaPoll progress;          //!< the operation's condition: its outcome once it can end
        WSAOVERLAPPED* overlapped; //!< where it reports
        const WsaThread* thread;   //!< who issued it (CancelIo cancels its own)
        bool send;                 //!< a send or DisconnectEx (else a receive)
    };

    /**
     * \param maxBytes the buffer's size \param withSender report a datagram's sender
     * \return the bytes recv could take now, end of stream, a failure, or nothing yet
     */
    std::optional<WsaOutcome> ReceiveNow(uint32_t maxBytes, bool withSender = false);
    /// Take the first datagram queued (there is one), reporting its sender when asked.
    WsaOutcome TakeDatagram(uint32_t maxBytes, bool withSender);
    /// Begin an overlapped operation (a send's or a receive's): complete it now, fail it, or
    /// leave it pending.
    WsaStep StartOverlapped(WsaStep first,
                            WSAOVERLAPPED* overlapped,
                            const WsaThread* thread,
                            bool send);
    /// End an overlapped operation: OVERLAPPED, its event, the completion port.
    void CompleteOverlapped(WSAOVERLAPPED* overlapped, const WsaOutcome& outcome);
    /**
     * \brief Run the pending overlapped operations that can end now, in the order issued.
     * \param receivesOnly leave the sends (inside an ns-3 callback)
     */
    void ServiceOverlapped(bool receivesOnly = false);
    /// End every pending operation: the handle is released (closesocket, WSACleanup).
    void AbortOverlapped();
    /// \return the FD_* conditions that hold now, with each one's error code
    int32_t NetworkConditions(std::array<int32_t, FD_MAX_EVENTS>& errors) const;
    /// Record the selected network events whose conditions hold and are not reported yet.
    void UpdateNetworkEvents();
    /// An accepted socket takes the listening socket's attributes and association.
    void InheritAsync(const WsaSocket& listener);
    /// The peer's FIN arrived (gracefully closed, or closed by a reset after it).
    bool PeerClosed() const;
    /// The connection ended abnormally: the peer's RST, or TCP gave up on it.
    bool ConnectionLost() const;
    /// A send could go now (a stream socket also after a reset: it fails at once).
    bool CanSend() const;
    /// A recv (or accept) would return data (or a connection) now.
    bool HasDataToRead() const;
    /// DisconnectEx with TF_REUSE_SOCKET ended: the handle is a fresh, unbound socket again.
    void ReadyForReuse();
    /// \return SO_ERROR: a failed non-blocking connect's error, else 0
    int32_t SocketError() const;
    /// Whether the socket keeps asynchronous work that a pass over its waiters serves.
    bool HasAsyncWork() const;

    Ptr<WsaProvider> m_provider;       //!< the node's provider
    int m_type;                        //!< SOCK_STREAM or SOCK_DGRAM
    SOCKET m_handle;                   //!< the handle, once assigned
    Ptr<Socket> m_socket;              //!< the ns-3 socket
    Ptr<WsaTcpSocket> m_tcp;           //!< the same, when TCP
    TcpSocket::TcpStates_t m_tcpState; //!< mirrored from the State trace
    bool m_nonBlocking;                //!< FIONBIO (a mode, not progress)
    LINGER m_linger;                   //!< SO_LINGER
    Address m_remote;                  //!< where connect() went
    int m_backlog;                     //!< listen() backlog
    // This socket's three queues are lists, not deques: nearly every socket's stay empty (accepts
    // queue on a listener, datagrams on UDP, overlapped operations only where a program asks), and
    // an empty std::deque of libstdc++ allocates its map and a 512-byte node, 1.7 KiB a socket for
    // the three (docs/performance.md, "Scale").
    std::list<Ptr<WsaSocket>> m_acceptQueue;            //!< established, not yet accepted
    std::vector<Ptr<WsaSocket>> m_embryonic;            //!< forked, handshake not complete
    tpkt::Decoder m_decoder;                            //!< ISO-TP profile: decoded stream
    std::vector<uint8_t> m_pendingControl;              //!< provider bytes waiting for send space
    std::list<uint32_t> m_datagramSizes;                //!< datagrams queued in ns-3's UDP socket
    uint32_t m_datagramBytes;                           //!< their total (ns-3 offers no peek)
    WsaWaitList<WsaOutcome> m_waiters;                  //!< threads blocked here, by ticket
    EventId m_wakeEvent;                                //!< the scheduled pass over the waiters
    TracedValue<WinsockState> m_winsock;                //!< the Winsock state ("WinsockState")
    bool m_keepAlive{false};                            //!< SO_KEEPALIVE (kept; no probes modelled)
    bool m_overlappedAttribute{true};                   //!< WSA_FLAG_OVERLAPPED (socket(): set)
    bool m_accepted{false};                             //!< made by accept (no FD_CONNECT)
    bool m_nonBlockingConnect{false};                   //!< a connect returned WSAEWOULDBLOCK
    Ptr<WsaEvent> m_selectEvent;                        //!< WSAEventSelect's event
    int32_t m_eventMask{0};                             //!< WSAEventSelect's lNetworkEvents
    int32_t m_recordedEvents{0};                        //!< recorded since WSAEnumNetworkEvents
    int32_t m_reportedEvents{0};                        //!< recorded, not re-enabled since
    std::array<int32_t, FD_MAX_EVENTS> m_eventErrors{}; //!< iErrorCode of each recorded
    uint32_t m_unreadSeen{0};                     //!< unread bytes at the last record (arrivals)
    std::list<OverlappedOp> m_overlapped;         //!< pending overlapped operations, in order
    std::optional<InetSocketAddress> m_localName; //!< the last local name TCP reported
    Ptr<WsaCompletionPort> m_port;                //!< the completion port associated
    uint64_t m_completionKey{0};                  //!< its completion key
};

/**
 * \brief Print a Winsock state ("CONNECTED send=FIN_QUEUED receive=OPEN end=PEER_FIN").
 * \param os the stream \param state the state \return the stream
 */
std::ostream& operator<<(std::ostream& os, const WsaSocket::WinsockState& state);

} // namespace ns3

#endif // WSA_SOCKET_H

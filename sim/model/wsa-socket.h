// One Winsock socket over an ns-3 TCP or UDP socket: the provider-side (WSP) semantics of each
// call.
#ifndef WSA_SOCKET_H
#define WSA_SOCKET_H

#include "wsa-error.h"
#include "wsa-provider-profile.h"
#include "wsa-tpkt-codec.h"
#include "wsa-trace-records.h"
#include "wsa-types.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/object.h"
#include "ns3/socket.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/tcp-socket.h"
#include "ns3/traced-value.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <variant>
#include <vector>

namespace ns3
{

class WsaProvider;
class WsaTcpSocket;
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
    /// \param maxBytes buffer size \return recv(): the bytes, or a wait
    WsaStep Recv(uint32_t maxBytes);
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

    /// A thread waiting in a blocking call on this socket.
    struct Waiter
    {
        WsaPoll poll;                         //!< retried on events
        std::function<void(WsaOutcome)> done; //!< gets the outcome
    };

    Ptr<WsaProvider> m_provider;              //!< the node's provider
    int m_type;                               //!< SOCK_STREAM or SOCK_DGRAM
    SOCKET m_handle;                          //!< the handle, once assigned
    Ptr<Socket> m_socket;                     //!< the ns-3 socket
    Ptr<WsaTcpSocket> m_tcp;                  //!< the same, when TCP
    TcpSocket::TcpStates_t m_tcpState;        //!< mirrored from the State trace
    bool m_nonBlocking;                       //!< FIONBIO (a mode, not progress)
    LINGER m_linger;                          //!< SO_LINGER
    Address m_remote;                         //!< where connect() went
    int m_backlog;                            //!< listen() backlog
    std::deque<Ptr<WsaSocket>> m_acceptQueue; //!< established, not yet accepted
    std::vector<Ptr<WsaSocket>> m_embryonic;  //!< forked, handshake not complete
    tpkt::Decoder m_decoder;                  //!< ISO-TP profile: decoded stream
    std::vector<uint8_t> m_pendingControl;    //!< provider bytes waiting for send space
    std::deque<uint32_t> m_datagramSizes;     //!< datagrams queued in ns-3's UDP socket
    uint32_t m_datagramBytes;                 //!< their total (ns-3 offers no peek)
    std::map<uint64_t, Waiter> m_waiters;     //!< threads blocked here, by ticket
    uint64_t m_nextTicket;                    //!< next waiter ticket
    EventId m_wakeEvent;                      //!< the scheduled pass over the waiters
    TracedValue<WinsockState> m_winsock;      //!< the Winsock state ("WinsockState")
};

/**
 * \brief Print a Winsock state ("CONNECTED send=FIN_QUEUED receive=OPEN end=PEER_FIN").
 * \param os the stream \param state the state \return the stream
 */
std::ostream& operator<<(std::ostream& os, const WsaSocket::WinsockState& state);

} // namespace ns3

#endif // WSA_SOCKET_H

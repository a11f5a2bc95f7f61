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

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
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
 * The socket's lifecycle is one state enum changed only through SetState(). The TCP state
 * itself stays in ns-3's TcpSocketBase and is mirrored from its "State" trace source. Calls
 * change the socket's state; the ns-3 socket decides what goes on the wire, except for the
 * RST of an abortive close, which WsaTcpSocket::Abort() sends.
 */
class WsaSocket : public Object
{
  public:
    /// The Winsock-level lifecycle of a socket.
    enum class State
    {
        OPEN,       //!< created, not bound
        BOUND,      //!< bound to a local address
        LISTENING,  //!< listen() succeeded
        CONNECTING, //!< a non-blocking or blocking connect is under way
        CONNECTED,  //!< connected, or accepted (half-closed and reset still count)
        LINGERING,  //!< closesocket is blocked waiting for the linger condition
        CLOSED,     //!< the handle is released; the connection may still be closing
    };

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

    /// \return the handle (INVALID_SOCKET before one is assigned)
    SOCKET GetHandle() const;
    /// \param handle the handle the provider assigned
    void SetHandle(SOCKET handle);
    /// \return the lifecycle state
    State GetState() const;
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
    /// Change the lifecycle state (the one place that does).
    void SetState(State state);
    /// Create the ns-3 socket on first need.
    void EnsureNs3Socket();
    /// Install the callbacks and traces on an ns-3 TCP socket (own or accepted).
    void AttachTcp(Ptr<WsaTcpSocket> tcp);
    /// Whether the connection counts as connected for WSAENOTCONN.
    bool IsConnected() const;
    /// Whether this is a connection-oriented socket.
    bool IsStream() const;
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
    /// Queue the provider's own bytes (a DR TPDU) and then the FIN, now or when space frees.
    void QueueDisconnect(const std::vector<uint8_t>& disconnectBytes);
    /// Push queued provider bytes and a deferred FIN.
    void FlushControl();
    /// Disable sends and start the disconnect (shared by shutdown(SD_SEND) and
    /// WSASendDisconnect).
    void DisableSends(const std::optional<std::vector<uint8_t>>& disconnectData);
    /// Disable receives; resets a TCP connection with unread data.
    void DisableReceives();
    /// The linger close is complete: all data and the FIN are acknowledged, or nothing to do.
    bool IsCloseComplete() const;
    /// Hard close (RST) and remember it was ours.
    void Abort();
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
    /// Disconnect every callback and trace from the ns-3 socket.
    void DetachNs3Socket();

    /// A thread waiting in a blocking call on this socket.
    struct Waiter
    {
        WsaPoll poll;                         //!< retried on events
        std::function<void(WsaOutcome)> done; //!< gets the outcome
    };

    Ptr<WsaProvider> m_provider;       //!< the node's provider
    int m_type;                        //!< SOCK_STREAM or SOCK_DGRAM
    SOCKET m_handle;                   //!< the handle, once assigned
    State m_state;                     //!< lifecycle state
    Ptr<Socket> m_socket;              //!< the ns-3 socket
    Ptr<WsaTcpSocket> m_tcp;           //!< the same, when TCP
    TcpSocket::TcpStates_t m_tcpState; //!< mirrored from the State trace
    bool m_nonBlocking;                //!< FIONBIO
    LINGER m_linger;                   //!< SO_LINGER
    bool m_sendShutdown;               //!< sends disabled
    bool m_receiveShutdown;            //!< receives disabled
    bool m_peerFinReceived;            //!< the peer's FIN arrived (end of stream after the data)
    bool m_rstReceived;                //!< a RST arrived on this connection
    bool m_resetByPeer;                //!< the connection ended by the peer's RST
    bool m_abortedLocally;             //!< this side sent the RST (hard close)
    bool m_connectFailed;              //!< the connection attempt failed
    Address m_remote;                  //!< where connect() went
    int m_backlog;                     //!< listen() backlog
    std::deque<Ptr<WsaSocket>> m_acceptQueue; //!< established, not yet accepted
    std::vector<Ptr<WsaSocket>> m_embryonic;  //!< forked, handshake not complete
    tpkt::Decoder m_decoder;                  //!< ISO-TP profile: decoded stream
    std::vector<uint8_t> m_pendingControl;    //!< provider bytes waiting for send space
    bool m_finAfterControl;                   //!< ShutdownSend once m_pendingControl is out
    std::map<uint64_t, Waiter> m_waiters;     //!< threads blocked here, by ticket
    uint64_t m_nextTicket;                    //!< next waiter ticket
    EventId m_wakeEvent;                      //!< the scheduled pass over the waiters
};

} // namespace ns3

#endif // WSA_SOCKET_H

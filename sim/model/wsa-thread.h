// A simulated application thread and the Winsock API it calls (the ws2_32 entry points).
#ifndef WSA_THREAD_H
#define WSA_THREAD_H

#include "wsa-blocking-call.h"
#include "wsa-error.h"
#include "wsa-socket.h"
#include "wsa-task.h"
#include "wsa-types.h"

#include "ns3/address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

class WsaProvider;

/**
 * \ingroup wsd
 * \brief A thread of a simulated application, and the Winsock API it calls.
 *
 * The methods keep Winsock's own names and results, so that code calling them reads as
 * Winsock code: 0, a count or a handle; or SOCKET_ERROR / INVALID_SOCKET with the thread's
 * last error set (WSAGetLastError()). Calls that never block return their result directly
 * (WSASendDisconnect among them: it cannot block, whatever SO_LINGER says). Calls that may
 * block (accept, connect, send, recv, closesocket) return a WsaBlockingCall: done at once, or
 * done later in simulated time while the thread stays blocked.
 *
 * Every call first runs the same prolog, in this order (the order of Winsock's own layers:
 * the ws2_32 DLL, then its handle table, then the provider):
 *  1. WSANOTINITIALISED: no WSAStartup in force on the node;
 *  2. WSAEINPROGRESS: this thread is blocked in a call, or the provider is inside a callback
 *     (a Winsock 1.1 blocking hook);
 *  3. WSAENOTSOCK: the handle is not a socket (never was, closed, or from before a WSACleanup);
 *  4. WSAENETDOWN: the node's network is down;
 * and then the call's own checks (for WSASendDisconnect: WSAEFAULT, WSAENOPROTOOPT,
 * WSAENOTCONN, in that order).
 */
class WsaThread : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief A thread of a node's application (use WsaProvider::CreateThread()).
     * \param provider the node's provider
     * \param name the thread's name in traces
     */
    WsaThread(Ptr<WsaProvider> provider, std::string name);
    ~WsaThread() override;

    /// \return the thread's name
    const std::string& GetName() const;
    /// \return the provider
    Ptr<WsaProvider> GetProvider() const;
    /// \return whether the thread is blocked in a call
    bool IsBlocked() const;
    /// \return the call the thread is blocked in ("" when none)
    const std::string& GetBlockingCall() const;

    /**
     * \brief Run a body on this thread, starting after a delay of simulated time.
     * \param body the coroutine
     * \param delay when it starts
     */
    void Start(WsaTask body, Time delay = Seconds(0));
    /// \return whether every body started on this thread has finished
    bool IsFinished() const;
    /// Rethrow an exception that escaped a body (for tests).
    void RethrowIfFailed() const;

    // --- Startup and errors ----------------------------------------------------------------

    /**
     * \brief WSAStartup.
     * \param wVersionRequested MAKEWORD(major, minor); 1.1 to 2.2
     * \param lpWSAData filled in; NULL is WSAEFAULT
     * \return 0, or the error code itself (WSAStartup does not use the last error)
     */
    int WSAStartup(uint16_t wVersionRequested, WSADATA* lpWSAData);
    /// \return WSACleanup: 0 or SOCKET_ERROR
    int WSACleanup();
    /// \return the thread's last error
    int WSAGetLastError() const;
    /// \param error the new last error
    void WSASetLastError(int error);

    // --- Sockets -----------------------------------------------------------------------------

    /**
     * \brief socket.
     * \param af AF_INET \param type SOCK_STREAM or SOCK_DGRAM \param protocol 0, IPPROTO_TCP
     *        or IPPROTO_UDP
     * \return a handle, or INVALID_SOCKET
     */
    SOCKET socket(int af, int type, int protocol);
    /**
     * \brief WSASocket (no protocol info or group is modelled).
     * \param af \param type \param protocol as for socket()
     * \param dwFlags WSA_FLAG_OVERLAPPED, or 0: a socket without the overlapped attribute
     *        (socket() makes sockets with it)
     * \return a handle, or INVALID_SOCKET
     */
    SOCKET WSASocket(int af, int type, int protocol, uint32_t dwFlags = 0);
    /// \param s socket \param name local address (InetSocketAddress) \return 0 or SOCKET_ERROR
    int bind(SOCKET s, const Address& name);
    /// \param s socket \param backlog queue length \return 0 or SOCKET_ERROR
    int listen(SOCKET s, int backlog);
    /// \param s listening socket \return the new socket's handle, or INVALID_SOCKET
    [[nodiscard]] WsaBlockingCall<SOCKET> accept(SOCKET s);
    /// \param s socket \param name the peer \return 0 or SOCKET_ERROR
    [[nodiscard]] WsaBlockingCall<int> connect(SOCKET s, const Address& name);
    /// \param s socket \param data bytes to send \param flags 0 \return bytes sent or
    /// SOCKET_ERROR
    [[nodiscard]] WsaBlockingCall<int> send(SOCKET s,
                                            const std::vector<uint8_t>& data,
                                            int flags = 0);
    /// \param s socket \param len buffer size \param flags 0 \return bytes (see GetData()),
    /// 0 at end of stream, or SOCKET_ERROR
    [[nodiscard]] WsaBlockingCall<int> recv(SOCKET s, uint32_t len, int flags = 0);
    /// \param s socket \param how SD_RECEIVE, SD_SEND or SD_BOTH \return 0 or SOCKET_ERROR
    int shutdown(SOCKET s, int how);
    /**
     * \brief WSASendDisconnect: disable sends and start the disconnect, with disconnect data
     *        when the provider supports it. Never blocks.
     * \param s socket
     * \param lpOutboundDisconnectData NULL, or a descriptor in the node's address space
     * \return 0 or SOCKET_ERROR
     */
    int WSASendDisconnect(SOCKET s, const WSABUF* lpOutboundDisconnectData);
    /**
     * \brief WSARecvDisconnect: disable receives and fetch the peer's disconnect data.
     * \param s socket
     * \param lpInboundDisconnectData NULL, or a descriptor; len becomes the bytes copied
     * \return 0 or SOCKET_ERROR
     */
    int WSARecvDisconnect(SOCKET s, WSABUF* lpInboundDisconnectData);
    /// \param s socket \return 0 or SOCKET_ERROR (may block under SO_LINGER with a timeout)
    [[nodiscard]] WsaBlockingCall<int> closesocket(SOCKET s);
    /**
     * \brief setsockopt (SOL_SOCKET: SO_LINGER, SO_DONTLINGER).
     * \param s socket \param level \param optname \param optval \param optlen
     * \return 0 or SOCKET_ERROR
     */
    int setsockopt(SOCKET s, int level, int optname, const char* optval, int optlen);
    /**
     * \brief getsockopt (SOL_SOCKET: SO_LINGER, SO_DONTLINGER).
     * \param s socket \param level \param optname \param optval \param optlen in/out
     * \return 0 or SOCKET_ERROR
     */
    int getsockopt(SOCKET s, int level, int optname, char* optval, int* optlen);
    /**
     * \brief ioctlsocket: FIONBIO sets the blocking mode from *argp; FIONREAD stores in *argp
     *        the bytes one recv could read now (a datagram socket: the first datagram's size)
     *        and records it in the ApiReturn trace's outputs as "argp". After the prolog:
     *        WSAEINVAL for any other cmd, then WSAEFAULT for a NULL argp.
     * \param s socket \param cmd FIONBIO or FIONREAD \param argp in (FIONBIO) or out (FIONREAD)
     * \return 0 or SOCKET_ERROR
     */
    int ioctlsocket(SOCKET s, long cmd, uint32_t* argp);

    // --- Names and datagrams (wsa-thread-async.cc) ---------------------------------------

    /**
     * \brief sendto: a datagram to an address; on a stream socket, send() (the address is
     *        ignored).
     * \param s socket \param data the bytes \param to the destination, or null
     * \return bytes sent or SOCKET_ERROR
     */
    [[nodiscard]] WsaBlockingCall<int> sendto(SOCKET s,
                                              const std::vector<uint8_t>& data,
                                              const Address* to);
    /**
     * \brief recvfrom: recv(), recording a datagram's sender as the out-parameter "from".
     * \param s socket \param len buffer size \param from where the sender goes, or null
     * \return bytes (see GetData()), 0 at end of stream, or SOCKET_ERROR
     */
    [[nodiscard]] WsaBlockingCall<int> recvfrom(SOCKET s, uint32_t len, Address* from);
    /// \param s socket \param name the peer's address \return 0 or SOCKET_ERROR
    int getpeername(SOCKET s, Address* name);
    /// \param s socket \param name the local address \return 0 or SOCKET_ERROR
    int getsockname(SOCKET s, Address* name);

    // --- Readiness (wsa-thread-async.cc) ----------------------------------------------------

    /**
     * \brief select: wait until a socket of a set is ready, or the timeout passes (in
     *        simulated time). Each set keeps the sockets that are ready.
     * \param nfds ignored \param readfds \param writefds \param exceptfds the sets, or null
     * \param timeout the time to wait, or null: for ever
     * \return the sockets ready (0 at the timeout), or SOCKET_ERROR
     */
    [[nodiscard]] WsaBlockingCall<int> select(int nfds,
                                              WS_fd_set* readfds,
                                              WS_fd_set* writefds,
                                              WS_fd_set* exceptfds,
                                              const TIMEVAL* timeout);
    /**
     * \brief WSAPoll: wait until an entry has an event asked for (or POLLHUP, POLLERR), or
     *        the timeout passes.
     * \param fdArray the entries (revents set) \param fds how many
     * \param timeout milliseconds; negative: for ever
     * \return the entries with revents (0 at the timeout), or SOCKET_ERROR
     */
    [[nodiscard]] WsaBlockingCall<int> WSAPoll(WSAPOLLFD* fdArray, uint32_t fds, int timeout);

    // --- Event objects and network events (wsa-thread-async.cc) -----------------------------

    /// \return WSACreateEvent: a manual-reset event, not signalled, or WSA_INVALID_EVENT
    WSAEVENT WSACreateEvent();
    /// \param hEvent the event \return WSACloseEvent: TRUE, or FALSE (WSA_INVALID_HANDLE)
    BOOL WSACloseEvent(WSAEVENT hEvent);
    /// \param hEvent the event \return WSAResetEvent: TRUE, or FALSE (WSA_INVALID_HANDLE)
    BOOL WSAResetEvent(WSAEVENT hEvent);
    /// \param hEvent the event \return WSASetEvent: TRUE, or FALSE (WSA_INVALID_HANDLE)
    BOOL WSASetEvent(WSAEVENT hEvent);
    /**
     * \brief WSAEventSelect: record network events of a socket and set an event on them.
     * \param s socket \param hEventObject the event (NULL with 0: cancel)
     * \param lNetworkEvents FD_* bits \return 0 or SOCKET_ERROR
     */
    int WSAEventSelect(SOCKET s, WSAEVENT hEventObject, int32_t lNetworkEvents);
    /**
     * \brief WSAWaitForMultipleEvents: wait in simulated time until one (or all) of the events
     *        is signalled, or the timeout passes.
     * \param cEvents \param lphEvents the events \param fWaitAll wait for all of them
     * \param dwTimeout milliseconds, or WSA_INFINITE \param fAlertable ignored (no APCs)
     * \return WSA_WAIT_EVENT_0 + index, WSA_WAIT_TIMEOUT, or WSA_WAIT_FAILED
     */
    [[nodiscard]] WsaBlockingCall<uint32_t> WSAWaitForMultipleEvents(uint32_t cEvents,
                                                                     const WSAEVENT* lphEvents,
                                                                     BOOL fWaitAll,
                                                                     uint32_t dwTimeout,
                                                                     BOOL fAlertable);
    /**
     * \brief WSAEnumNetworkEvents: take and clear a socket's recorded network events.
     * \param s socket \param hEventObject an event to reset, or NULL
     * \param lpNetworkEvents filled in \return 0 or SOCKET_ERROR
     */
    int WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject, WSANETWORKEVENTS* lpNetworkEvents);

    // --- Overlapped I/O and completion ports (wsa-thread-async.cc) --------------------------

    /**
     * \brief WSARecv with one buffer: as recv without an OVERLAPPED; with one, it completes at
     *        once (0) or later (SOCKET_ERROR with WSA_IO_PENDING).
     * \param s socket \param len buffer size \param lpNumberOfBytesRecvd set when done at once
     * \param lpOverlapped the OVERLAPPED, or null \return 0 or SOCKET_ERROR
     */
    [[nodiscard]] WsaBlockingCall<int> WSARecv(SOCKET s,
                                               uint32_t len,
                                               uint32_t* lpNumberOfBytesRecvd,
                                               WSAOVERLAPPED* lpOverlapped);
    /**
     * \brief WSASend with one buffer: as send without an OVERLAPPED; with one, it completes at
     *        once (0) or later (SOCKET_ERROR with WSA_IO_PENDING).
     * \param s socket \param data the bytes \param lpNumberOfBytesSent set when done at once
     * \param lpOverlapped the OVERLAPPED, or null \return 0 or SOCKET_ERROR
     */
    [[nodiscard]] WsaBlockingCall<int> WSASend(SOCKET s,
                                               const std::vector<uint8_t>& data,
                                               uint32_t* lpNumberOfBytesSent,
                                               WSAOVERLAPPED* lpOverlapped);
    /**
     * \brief WSAGetOverlappedResult: an overlapped operation's result, waiting for it (in
     *        simulated time) or not.
     * \param s socket \param lpOverlapped the OVERLAPPED \param lpcbTransfer the bytes
     * \param fWait wait while it is pending \param lpdwFlags set to 0
     * \return TRUE, or FALSE with the error (WSA_IO_INCOMPLETE while pending)
     */
    [[nodiscard]] WsaBlockingCall<BOOL> WSAGetOverlappedResult(SOCKET s,
                                                               WSAOVERLAPPED* lpOverlapped,
                                                               uint32_t* lpcbTransfer,
                                                               BOOL fWait,
                                                               uint32_t* lpdwFlags);
    /// \param hFile a socket \return CancelIo: TRUE, or FALSE; this thread's operations end
    BOOL CancelIo(HANDLE hFile);
    /**
     * \param hFile a socket \param lpOverlapped one operation, or null: all of them
     * \return CancelIoEx: TRUE, or FALSE (ERROR_NOT_FOUND when nothing was pending)
     */
    BOOL CancelIoEx(HANDLE hFile, const WSAOVERLAPPED* lpOverlapped);
    /**
     * \brief CreateIoCompletionPort: a new port, or a socket associated with a port.
     * \param FileHandle a socket, or INVALID_HANDLE_VALUE \param ExistingCompletionPort a
     *        port, or NULL \param CompletionKey the socket's key \param threads ignored
     * \return the port, or NULL
     */
    HANDLE CreateIoCompletionPort(HANDLE FileHandle,
                                  HANDLE ExistingCompletionPort,
                                  uint64_t CompletionKey,
                                  uint32_t threads);
    /**
     * \brief GetQueuedCompletionStatus: take a completion packet, waiting (in simulated time)
     *        up to a timeout.
     * \param CompletionPort the port \param lpNumberOfBytes \param lpCompletionKey
     * \param lpOverlapped the packet's values \param dwMilliseconds or WSA_INFINITE
     * \return TRUE; FALSE with *lpOverlapped set for a failed operation, NULL at the timeout
     */
    [[nodiscard]] WsaBlockingCall<BOOL> GetQueuedCompletionStatus(HANDLE CompletionPort,
                                                                  uint32_t* lpNumberOfBytes,
                                                                  uint64_t* lpCompletionKey,
                                                                  WSAOVERLAPPED** lpOverlapped,
                                                                  uint32_t dwMilliseconds);
    /**
     * \brief WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER): an extension function's address.
     * \param s socket \param dwIoControlCode the code \param guid the function's GUID
     * \param lpfn where the address goes \return 0 or SOCKET_ERROR
     */
    int WSAIoctl(SOCKET s, uint32_t dwIoControlCode, const GUID& guid, LPFN_DISCONNECTEX* lpfn);
    /**
     * \brief DisconnectEx, called through the address WSAIoctl gave: the FIN after the data
     *        and, with TF_REUSE_SOCKET, a fresh socket once TCP has closed.
     * \param s socket \param lpOverlapped the OVERLAPPED, or null (the call waits)
     * \param dwFlags 0 or TF_REUSE_SOCKET \param dwReserved 0
     * \return TRUE, or FALSE (WSA_IO_PENDING: it completes later)
     */
    [[nodiscard]] WsaBlockingCall<BOOL> DisconnectEx(SOCKET s,
                                                     WSAOVERLAPPED* lpOverlapped,
                                                     uint32_t dwFlags,
                                                     uint32_t dwReserved);
    /// \return the address WSAIoctl gives for DisconnectEx (the model's token)
    static LPFN_DISCONNECTEX DisconnectExAddress();

    // --- Winsock 1.1 blocking hooks
    // ------------------------------------------------------------

    /**
     * \brief WSASetBlockingHook (Winsock 1.1 only): a function the provider calls while this
     *        thread is blocked. Calls made from it fail with WSAEINPROGRESS, except
     *        WSAIsBlocking and WSACancelBlockingCall.
     * \param hook the function
     * \return 0 or SOCKET_ERROR (WSAEOPNOTSUPP under Winsock 2)
     */
    int WSASetBlockingHook(std::function<void()> hook);
    /// \return 0 or SOCKET_ERROR
    int WSAUnhookBlockingHook();
    /// \return TRUE while this thread is blocked in a call
    BOOL WSAIsBlocking() const;
    /// \return 0, or SOCKET_ERROR (WSAEINVAL: nothing to cancel)
    int WSACancelBlockingCall();

    /// Complete the blocking call with WSAEINTR (WSACleanup; the socket was closed).
    void InterruptBlockingCall();

  protected:
    void DoDispose() override;

  private:
    /// What one call is doing: its trace record and how it ends.
    class Call;

    /// The prolog's first two checks.
    std::optional<WsaError> CheckThread() const;
    /// socket() and WSASocket() after their Call: the checks, then the new socket.
    SOCKET CreateSocket(Call& call, int af, int type, int protocol, bool overlapped);
    /// The whole prolog for a call on a socket: returns the socket or fails the call.
    Ptr<WsaSocket> Enter(Call& call, SOCKET s);
    /// Finish a potentially blocking call: at once, or when the socket's wait ends.
    template <typename T>
    WsaBlockingCall<T> Finish(Call& call, Ptr<WsaSocket> socket, WsaStep step);
    /**
     * \brief Finish a call that waits on several objects (the provider's wait): at once when
     *        the poll has an outcome, else when it has one, or at the timeout.
     * \param call the call \param poll its condition; given true once the timeout has passed
     * \param timeout how long it may wait (none: for ever)
     */
    template <typename T>
    WsaBlockingCall<T> FinishWait(Call& call,
                                  std::function<std::optional<WsaOutcome>(bool)> poll,
                                  std::optional<Time> timeout);
    /// getpeername, getsockname after their Call: the prolog, WSAEFAULT, then the name read.
    int ReadName(Call& call, SOCKET s, Address* name, WsaOutcome (WsaSocket::*read)() const);
    /// WSACloseEvent, WSAResetEvent, WSASetEvent after their Call: the checks, then the action.
    BOOL EventCall(Call& call, WSAEVENT hEvent, const std::function<void(WsaEvent&)>& action);
    /// The prolog of a kernel32 call on a socket handle: ERROR_INVALID_HANDLE, or the socket.
    Ptr<WsaSocket> EnterHandle(Call& call, HANDLE h);

    Ptr<WsaProvider> m_provider;          //!< the node's provider
    std::string m_name;                   //!< name in traces
    WsaError m_lastError;                 //!< WSAGetLastError
    std::string m_blockingCall;           //!< the call the thread is blocked in
    Ptr<WsaSocket> m_blockedOn;           //!< the socket it waits on (null: the provider)
    uint64_t m_blockedTicket;             //!< its wait ticket
    std::function<void()> m_blockingHook; //!< WSASetBlockingHook
    std::vector<WsaTask> m_bodies;        //!< coroutines started on the thread
};

} // namespace ns3

#endif // WSA_THREAD_H

// The Linux platform: Winsock calls mapped to POSIX sockets. The mapping is the one table below.
//
//   Winsock                          POSIX (Linux)
//   WSAStartup(2.2, &data)           nothing: POSIX has no library start-up (0 is the driver's);
//                                    other versions, lpWSAData NULL, WSACleanup and
//                                    WSANOTINITIALISED are UNSUPPORTED
//   socket(af, type, protocol)       socket(af, type, protocol), AF_INET6 23 -> 10
//   WSASocket(..., flags)            socket(): WSA_FLAG_OVERLAPPED only allows overlapped calls
//                                    (Windows' socket() has it too), and those are UNSUPPORTED
//   bind, listen, accept, connect    the same calls
//   send, recv                       send(MSG_NOSIGNAL), recv
//   sendto, recvfrom                 sendto(MSG_NOSIGNAL) (no host: NULL), recvfrom
//   WSASend, WSARecv (no OVERLAPPED) send, recv: 0 with the byte count as "bytes"
//   getpeername, getsockname         the same calls
//   shutdown(SD_RECEIVE/SEND/BOTH)   shutdown(SHUT_RD/WR/RDWR); other values as they are
//   WSASendDisconnect(s, NULL)       shutdown(s, SHUT_WR)
//   WSARecvDisconnect(s, NULL)       shutdown(s, SHUT_RD)
//   closesocket                      close
//   SO_LINGER {l_onoff, l_linger}    SO_LINGER (a struct linger of ints), optlen as given
//   SO_DONTLINGER b                  SO_LINGER {!b, the current l_linger}: Linux has none
//   SO_KEEPALIVE, SO_ERROR, SO_TYPE  the same options (ints); SO_ERROR's errno read as its
//                                    Winsock error (raw errno beside, "optval_raw")
//   setsockopt(option, NULL, optlen) setsockopt(option, NULL, optlen): the kernel's answer
//   ioctlsocket(FIONBIO, FIONREAD)   ioctl(FIONBIO, FIONREAD)
//   select(read, write, except, t)   select(): except is the kernel's exceptional set (POLLPRI)
//   WSAPoll(fds, timeout)            poll(); each POLL* flag by its name (kPollFlags), raw
//                                    revents beside ("revents_raw")
//   UNSUPPORTED, with the reason:    blocking hooks, faults, ISO-TP, WSASendDisconnect with
//                                    data and WSARecvDisconnect with a buffer (shutdown() takes
//                                    none), event objects and WSAEventSelect,
//                                    overlapped I/O, CancelIo(Ex), completion ports, WSAIoctl
//                                    and DisconnectEx: no counterpart on Linux (WindowsOnly)
//
// Errors: errno is named by the C library (strerrorname_np) and mapped to the Winsock error whose
// counterpart it is in the symbol table (vocabulary/wsdsim/winsock-symbols.h), but for the few
// where Winsock gives another meaning (kErrnoOverrides), and send's EPIPE, which Winsock tells
// apart by the socket's state as the kernel reports it (SendEpipeError). The raw errno goes into
// the trace beside.
#include "open-handles.h"
#include "platform.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdexcept>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wsdsim/winsock-symbols.h"

namespace wsdsim::driver
{

namespace
{

/// errnos whose Winsock meaning is not their symbol-table counterpart's.
const std::map<int, const char*> kErrnoOverrides{
    // EWOULDBLOCK is EAGAIN on Linux, named "EAGAIN"
    {EAGAIN, "WSAEWOULDBLOCK"},
    // a non-blocking connect under way: Winsock says WSAEWOULDBLOCK (Microsoft, connect function)
    {EINPROGRESS, "WSAEWOULDBLOCK"},
    // a closed or never opened descriptor: Winsock's handle check says WSAENOTSOCK
    {EBADF, "WSAENOTSOCK"},
    // the connection is gone (send's EPIPE is named by the socket's state: SendEpipeError)
    {EPIPE, "WSAECONNRESET"},
};

/// \return the Winsock name of an errno: an override, the symbol table's counterpart, or
/// "WSA_ERRNO_<n>" when neither knows it
std::string
WinsockNameOfErrno(int error)
{
    if (auto it = kErrnoOverrides.find(error); it != kErrnoOverrides.end())
    {
        return it->second;
    }
    const char* name = strerrorname_np(error);
    const WinsockError* counterpart = name ? FindWinsockErrorOfErrno(name) : nullptr;
    return counterpart ? std::string(counterpart->name) : "WSA_ERRNO_" + std::to_string(error);
}

/**
 * \brief The Winsock error of a send's EPIPE, from the socket's own state as the kernel reports
 * it. Linux gives EPIPE both when the send direction was shut down and when the connection is
 * gone (man 2 send: "The local end has been shut down on a connection oriented socket"); Winsock
 * tells them apart (Microsoft, send function, Return value: WSAESHUTDOWN after shutdown with
 * SD_SEND or SD_BOTH, WSAECONNRESET when the remote side reset the circuit).
 *
 * No pending socket error is read (SO_ERROR would clear it for the next call): the kernel hands
 * a pending error out before EPIPE (tcp_sendmsg's sk_stream_error(); sock_alloc_send_pskb() for
 * datagrams), so a send that gave EPIPE had none.
 * \param fd the socket \return the Winsock error's name
 */
std::string
SendEpipeError(int fd)
{
    int type = 0;
    socklen_t length = sizeof(type);
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type != SOCK_STREAM)
    {
        // A datagram socket has no connection to reset: its EPIPE is the shutdown bit alone
        // (sock_alloc_send_pskb), set by shutdown() even when that failed with ENOTCONN on an
        // unconnected socket (inet_shutdown sets sk_shutdown in TCP_CLOSE too).
        return "WSAESHUTDOWN";
    }
    tcp_info info{};
    length = sizeof(info);
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) < 0)
    {
        return WinsockNameOfErrno(EPIPE);
    }
    // The state as TCP_INFO reports it (man 7 tcp). tcp_sendmsg gives EPIPE in any state but
    // ESTABLISHED and CLOSE_WAIT (sk_stream_wait_connect), and in those once SEND_SHUTDOWN is set
    // (kernel net/ipv4/tcp.c).
    switch (info.tcpi_state)
    {
        case TCP_FIN_WAIT1: // our FIN sent by shutdown(SHUT_WR), not yet acknowledged
        case TCP_FIN_WAIT2: // our FIN acknowledged, the peer's still to come
        case TCP_CLOSING:   // both FINs crossed
        case TCP_TIME_WAIT: // (a socket still open leaves TIME_WAIT to its timewait copy)
        case TCP_LAST_ACK:  // the peer's FIN first, then ours
            return "WSAESHUTDOWN";
        case TCP_ESTABLISHED: // EPIPE only with SEND_SHUTDOWN set, which moves the state on
        case TCP_CLOSE_WAIT:  // (tcp_shutdown -> tcp_close_state): our own shutdown
            return "WSAESHUTDOWN";
        case TCP_CLOSE:
            // The connection is gone: reset (its ECONNRESET went to the first call after the
            // RST, EPIPE comes after), or ended after both FINs, which tcp_done() makes look the
            // same (sk_shutdown = SHUTDOWN_MASK either way): the kernel keeps no record of which.
            return "WSAECONNRESET";
        case TCP_LISTEN:   // never connected: Winsock's send says WSAENOTCONN (send function)
        case TCP_SYN_SENT: // (not reached: a send waits for the connection)
        case TCP_SYN_RECV:
            return "WSAENOTCONN";
    }
    return WinsockNameOfErrno(EPIPE);
}

CallResult
Ok(int64_t value = 0)
{
    CallResult r;
    r.value = value;
    return r;
}

CallResult
FromErrno(int error)
{
    CallResult r;
    r.value = -1;
    r.rawError = error;
    r.error = WinsockNameOfErrno(error);
    return r;
}

CallResult
Check(int64_t value)
{
    return value < 0 ? FromErrno(errno) : Ok(value);
}

sockaddr_in
Address(const std::string& address, uint16_t port)
{
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
    return sa;
}

/// Why Linux cannot express Windows' asynchronous I/O (each refused in CanExpress, never emulated).
constexpr const char* kNoEvents
    = "Linux has no event objects and no WSAEventSelect: a kernel socket records no network events "
      "(FD_READ, FD_CLOSE with its iErrorCode) and signals no event; readiness can only be polled "
      "(select, WSAPoll)";
constexpr const char* kNoOverlapped
    = "Linux sockets have no overlapped I/O: no operation is left pending to complete later "
      "(WSA_IO_PENDING, WSAGetOverlappedResult), so none can be cancelled (CancelIo, CancelIoEx)";
constexpr const char* kNoPorts = "Linux has no I/O completion ports (CreateIoCompletionPort, "
                                 "GetQueuedCompletionStatus)";
constexpr const char* kNoExtensions
    = "Linux has no Winsock extension functions (WSAIoctl SIO_GET_EXTENSION_FUNCTION_POINTER) and "
      "no DisconnectEx: a disconnected TCP socket cannot be made ready for reuse "
      "(TF_REUSE_SOCKET)";

/// Why a call is Windows-only (null: Linux has its counterpart, or its arguments decide).
template <class C>
constexpr const char* kWindowsOnly = nullptr;
template <>
constexpr const char* kWindowsOnly<calls::WsaCreateEvent> = kNoEvents;
template <>
constexpr const char* kWindowsOnly<calls::WsaCloseEvent> = kNoEvents;
template <>
constexpr const char* kWindowsOnly<calls::WsaResetEvent> = kNoEvents;
template <>
constexpr const char* kWindowsOnly<calls::WsaEventSelect> = kNoEvents;
template <>
constexpr const char* kWindowsOnly<calls::WsaWaitForMultipleEvents> = kNoEvents;
template <>
constexpr const char* kWindowsOnly<calls::WsaEnumNetworkEvents> = kNoEvents;
template <>
constexpr const char* kWindowsOnly<calls::WsaGetOverlappedResult> = kNoOverlapped;
template <>
constexpr const char* kWindowsOnly<calls::CancelIo> = kNoOverlapped;
template <>
constexpr const char* kWindowsOnly<calls::CancelIoEx> = kNoOverlapped;
template <>
constexpr const char* kWindowsOnly<calls::CreateIoCompletionPort> = kNoPorts;
template <>
constexpr const char* kWindowsOnly<calls::GetQueuedCompletionStatus> = kNoPorts;
template <>
constexpr const char* kWindowsOnly<calls::WsaIoctl> = kNoExtensions;
template <>
constexpr const char* kWindowsOnly<calls::DisconnectEx> = kNoExtensions;

/// \return why a call is Windows-only, or null when Linux has its counterpart
template <class C>
const char*
WindowsOnly(const C& call)
{
    if constexpr (std::is_same_v<C, calls::WsaRecv> || std::is_same_v<C, calls::WsaSend>)
    {
        // without an OVERLAPPED they are recv and send
        return call.overlapped || call.event ? kNoOverlapped : nullptr;
    }
    return kWindowsOnly<C>;
}

/// \return whether a call's arguments ask what the kernel has no call for, with the reason
bool
CannotExpressArguments(const Call& call, std::string* reason)
{
    if (const auto* startup = std::get_if<calls::WsaStartup>(&call))
    {
        if (startup->version != "2.2")
        {
            *reason = "POSIX sockets have no WSAStartup version negotiation";
            return true;
        }
        if (startup->nullData)
        {
            *reason = "POSIX sockets have no WSAStartup: nothing checks lpWSAData (WSAEFAULT would "
                      "be the driver's own answer)";
            return true;
        }
    }
    const auto* send = std::get_if<calls::WsaSendDisconnect>(&call);
    if (send && send->data.kind != MemoryRef::Kind::NONE)
    {
        *reason = "Linux's shutdown() takes no disconnect data: WSASendDisconnect with "
                  "lpOutboundDisconnectData has no kernel call to hand it to (WSAENOPROTOOPT "
                  "would be the driver's own answer)";
        return true;
    }
    const auto* recv = std::get_if<calls::WsaRecvDisconnect>(&call);
    if (recv && recv->buffer.kind != MemoryRef::Kind::NONE)
    {
        *reason = "Linux's shutdown() has no disconnect data to give: WSARecvDisconnect with "
                  "lpInboundDisconnectData would report the driver's own answer (its len 0, or "
                  "a fault it never met)";
        return true;
    }
    const auto* option = std::get_if<calls::SetSockOpt>(&call);
    if (option && (option->optlen || option->nullOptval)
        && option->option == WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_DONTLINGER"))
    {
        *reason = "Linux has no SO_DONTLINGER: the driver sets SO_LINGER, whose optlen and optval "
                  "are not the BOOL's the step gives";
        return true;
    }
    const auto* select = std::get_if<calls::Select>(&call);
    if (select)
    {
        for (const auto* set : {&select->read, &select->write, &select->except})
        {
            for (const auto& socket : *set)
            {
                if (!socket.IsNamed() && (socket.number < 0 || socket.number >= FD_SETSIZE))
                {
                    *reason = "an fd_set holds only descriptors 0 to FD_SETSIZE - 1, not "
                              + std::to_string(socket.number);
                    return true;
                }
            }
        }
    }
    return false;
}

/// \return whether a step's call has no POSIX counterpart, with the reason
bool
CannotExpressCall(const DriverStep& step, std::string* reason)
{
    const Call& call = step.call;
    if (step.inBlockingHook || std::holds_alternative<calls::WsaSetBlockingHook>(call)
        || std::holds_alternative<calls::WsaCancelBlockingCall>(call))
    {
        *reason = "Winsock 1.1 blocking hooks have no POSIX counterpart";
        return true;
    }
    if (std::holds_alternative<calls::WsaCleanup>(call))
    {
        *reason = "POSIX sockets have no WSACleanup: library start-up state cannot be expressed";
        return true;
    }
    if (const char* windowsOnly = std::visit([](const auto& c) { return WindowsOnly(c); }, call))
    {
        *reason = std::string(CallName(call)) + ": " + windowsOnly;
        return true;
    }
    return CannotExpressArguments(call, reason);
}

/// Winsock's POLL* flags and Linux's of the same name (WSAPOLLFD and poll(2) define each flag
/// alike: POLLHUP the peer closed, POLLERR an error, POLLNVAL not a socket, and so on).
struct PollFlag
{
    int64_t winsock; //!< Winsock's value (the symbol table's)
    short posix;     //!< <poll.h>'s
};
const PollFlag kPollFlags[] = {
    {WinsockConstantValue(SymbolFamily::POLL_EVENT, "POLLERR"), POLLERR},
    {WinsockConstantValue(SymbolFamily::POLL_EVENT, "POLLHUP"), POLLHUP},
    {WinsockConstantValue(SymbolFamily::POLL_EVENT, "POLLNVAL"), POLLNVAL},
    {WinsockConstantValue(SymbolFamily::POLL_EVENT, "POLLWRNORM"), POLLWRNORM},
    {WinsockConstantValue(SymbolFamily::POLL_EVENT, "POLLWRBAND"), POLLWRBAND},
    {WinsockConstantValue(SymbolFamily::POLL_EVENT, "POLLRDNORM"), POLLRDNORM},
    {WinsockConstantValue(SymbolFamily::POLL_EVENT, "POLLRDBAND"), POLLRDBAND},
    {WinsockConstantValue(SymbolFamily::POLL_EVENT, "POLLPRI"), POLLPRI},
};

/// \return Linux's poll bits for Winsock's (the vocabulary gives only named ones)
short
LinuxPollBits(int64_t winsock)
{
    int posixBits = 0;
    for (const auto& flag : kPollFlags)
    {
        if ((winsock & flag.winsock) != 0)
        {
            posixBits |= flag.posix;
        }
    }
    return static_cast<short>(posixBits);
}

/// \return Winsock's poll bits for Linux's (poll(2) reports only the bits asked for, and POLLERR,
/// POLLHUP and POLLNVAL: all of them named in kPollFlags)
int64_t
WinsockPollBits(short posixBits)
{
    int64_t winsock = 0;
    for (const auto& flag : kPollFlags)
    {
        if ((posixBits & flag.posix) != 0)
        {
            winsock |= flag.winsock;
        }
    }
    return winsock;
}

/// \return Linux's number of a SOL_SOCKET option of the vocabulary (SO_DONTLINGER: SO_LINGER)
int
LinuxOption(int64_t option)
{
    if (option == WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_KEEPALIVE"))
    {
        return SO_KEEPALIVE;
    }
    if (option == WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_ERROR"))
    {
        return SO_ERROR;
    }
    if (option == WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_TYPE"))
    {
        return SO_TYPE;
    }
    return SO_LINGER;
}

/// \return a timeout in whole units of `unitNs`, rounded up (a wait is never shortened to none)
int64_t
CeilUnits(int64_t ns, int64_t unitNs)
{
    return (ns + unitNs - 1) / unitNs;
}

/// \return the address a sockaddr holds, when it is an IPv4 one of `length` bytes
std::optional<Endpoint>
EndpointOf(const sockaddr_storage& address, socklen_t length)
{
    if (length < sizeof(sockaddr_in) || address.ss_family != AF_INET)
    {
        return std::nullopt;
    }
    const auto& in = reinterpret_cast<const sockaddr_in&>(address);
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
    return Endpoint{text, ntohs(in.sin_port)};
}

class PosixPlatform : public Platform
{
  public:
    std::string Name() const override
    {
        return "linux";
    }

    bool CanExpress(const DriverCase& testCase, std::string* reason) const override
    {
        if (testCase.profile != "tcp-ip")
        {
            *reason = "Linux has no transport provider with disconnect data (profile "
                      + testCase.profile + ")";
            return false;
        }
        if (NeedsNetworkFaults(testCase, reason))
        {
            return false;
        }
        for (const auto& step : testCase.steps)
        {
            if (CannotExpressCall(step, reason))
            {
                return false;
            }
        }
        if (testCase.expectedErrors.count("WSANOTINITIALISED"))
        {
            *reason = "POSIX sockets have no WSAStartup: WSANOTINITIALISED cannot arise";
            return false;
        }
        return true;
    }

    void ReleaseCase() override
    {
        for (const int64_t s : m_sockets.Take())
        {
            // An exiting process's close does not wait for a linger timeout (Linux's tcp_close
            // skips it for PF_EXITING); a linger of 0 still resets, as it does at exit.
            linger value{};
            socklen_t length = sizeof(value);
            if (::getsockopt(static_cast<int>(s), SOL_SOCKET, SO_LINGER, &value, &length) == 0
                && value.l_onoff != 0 && value.l_linger > 0)
            {
                const linger off{0, 0};
                ::setsockopt(static_cast<int>(s), SOL_SOCKET, SO_LINGER, &off, sizeof(off));
            }
            ::close(static_cast<int>(s));
        }
    }

    CallResult Startup(const std::string&, bool) override
    {
        // POSIX has no library start-up: WSAStartup(2.2, &data) maps to nothing, and its 0 is the
        // mapping's (CanExpress refuses the versions and the NULL lpWSAData that would need an
        // answer of the implementation's).
        return Ok();
    }

    CallResult Cleanup() override
    {
        return Ok();
    }

    CallResult Socket(int64_t af, int64_t type, int64_t protocol) override
    {
        // Winsock's AF_INET6 is 23; the types and protocols have the same numbers on Linux.
        const int family = af == 23 ? AF_INET6 : static_cast<int>(af);
        return Opened(::socket(family, static_cast<int>(type), static_cast<int>(protocol)));
    }

    CallResult Bind(int64_t s, const std::string& address, uint16_t port) override
    {
        const int one = 1;
        ::setsockopt(static_cast<int>(s), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        const sockaddr_in sa = Address(address, port);
        return Check(
            ::bind(static_cast<int>(s), reinterpret_cast<const sockaddr*>(&sa), sizeof(sa)));
    }

    CallResult Listen(int64_t s, int backlog) override
    {
        return Check(::listen(static_cast<int>(s), backlog));
    }

    CallResult Accept(int64_t s) override
    {
        return Opened(::accept(static_cast<int>(s), nullptr, nullptr));
    }

    CallResult Connect(int64_t s, const std::string& address, uint16_t port) override
    {
        const sockaddr_in sa = Address(address, port);
        return Check(
            ::connect(static_cast<int>(s), reinterpret_cast<const sockaddr*>(&sa), sizeof(sa)));
    }

    CallResult Send(int64_t s, const std::string& bytes) override
    {
        return SendBytes(s, bytes, nullptr, 0);
    }

    /// send or sendto: a blocking Winsock send returns once every byte is queued.
    static CallResult SendBytes(int64_t s,
                                const std::string& bytes,
                                const sockaddr* to,
                                socklen_t toLength)
    {
        size_t sent = 0;
        while (sent < bytes.size())
        {
            const ssize_t n = ::sendto(static_cast<int>(s),
                                       bytes.data() + sent,
                                       bytes.size() - sent,
                                       MSG_NOSIGNAL,
                                       to,
                                       toLength);
            if (n < 0)
            {
                if (sent > 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                {
                    break;
                }
                const int error = errno;
                CallResult r = FromErrno(error);
                if (error == EPIPE)
                {
                    r.error = SendEpipeError(static_cast<int>(s));
                }
                return r;
            }
            sent += static_cast<size_t>(n);
            const int flags = ::fcntl(static_cast<int>(s), F_GETFL);
            if (flags >= 0 && (flags & O_NONBLOCK))
            {
                break;
            }
        }
        return Ok(static_cast<int64_t>(sent));
    }

    CallResult Recv(int64_t s, uint32_t length) override
    {
        std::string buffer(length, '\0');
        const ssize_t n = ::recv(static_cast<int>(s), buffer.data(), length, 0);
        CallResult r = n < 0 ? FromErrno(errno) : Ok(n);
        if (n > 0)
        {
            r.data = buffer.substr(0, static_cast<size_t>(n));
        }
        r.hasData = true;
        return r;
    }

    CallResult Shutdown(int64_t s, int how) override
    {
        const int posixHow = how == 0 ? SHUT_RD : how == 1 ? SHUT_WR : how == 2 ? SHUT_RDWR : how;
        return Check(::shutdown(static_cast<int>(s), posixHow));
    }

    CallResult SendDisconnect(int64_t s, const MemoryRef& data) override
    {
        if (data.kind != MemoryRef::Kind::NONE)
        {
            // Never reached: CanExpress refuses disconnect data (shutdown() takes none).
            throw std::logic_error("WSASendDisconnect with data reached the Linux platform");
        }
        return Shutdown(s, 1);
    }

    CallResult RecvDisconnect(int64_t s, const MemoryRef& buffer) override
    {
        if (buffer.kind != MemoryRef::Kind::NONE)
        {
            // Never reached: CanExpress refuses a buffer for disconnect data.
            throw std::logic_error("WSARecvDisconnect with a buffer reached the Linux platform");
        }
        CallResult r = Check(::shutdown(static_cast<int>(s), SHUT_RD));
        r.hasData = true; // a NULL lpInboundDisconnectData receives nothing
        return r;
    }

    CallResult CloseSocket(int64_t s) override
    {
        // The number is the case's no more, whatever close says (Linux releases it even on EINTR).
        m_sockets.Remove(s);
        return Check(::close(static_cast<int>(s)));
    }

    CallResult SetLinger(int64_t s,
                         uint16_t onoff,
                         uint16_t seconds,
                         std::optional<int64_t> optlen) override
    {
        // optlen goes to the kernel as the step gave it (it answers EINVAL when it is short);
        // the buffer is large enough for any optlen a step may give.
        struct
        {
            linger value;
            char room[256];
        } buffer{{onoff != 0 ? 1 : 0, seconds}, {}};
        const auto length = static_cast<socklen_t>(
            std::min<int64_t>(optlen.value_or(sizeof(linger)), sizeof(buffer)));
        return Check(::setsockopt(static_cast<int>(s), SOL_SOCKET, SO_LINGER, &buffer, length));
    }

    CallResult SetBoolOption(int64_t s,
                             int64_t option,
                             bool value,
                             std::optional<int64_t> optlen) override
    {
        if (option == WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_DONTLINGER"))
        {
            // SO_DONTLINGER b is SO_LINGER {!b, the current l_linger} (CLS-DONTLINGER)
            linger current{};
            socklen_t length = sizeof(current);
            if (::getsockopt(static_cast<int>(s), SOL_SOCKET, SO_LINGER, &current, &length) < 0)
            {
                return FromErrno(errno);
            }
            current.l_onoff = value ? 0 : 1;
            return Check(::setsockopt(
                static_cast<int>(s), SOL_SOCKET, SO_LINGER, &current, sizeof(current)));
        }
        struct
        {
            int value;
            char room[256];
        } buffer{value ? 1 : 0, {}};
        const auto length = static_cast<socklen_t>(
            std::min<int64_t>(optlen.value_or(sizeof(int)), sizeof(buffer)));
        return Check(::setsockopt(static_cast<int>(s), SOL_SOCKET, SO_KEEPALIVE, &buffer, length));
    }

    CallResult GetOption(int64_t s, int64_t option) override
    {
        const int fd = static_cast<int>(s);
        const int name = LinuxOption(option);
        if (name == SO_LINGER)
        {
            // SO_LINGER, and SO_DONTLINGER read from it as its complement (Linux has none)
            linger value{};
            socklen_t length = sizeof(value);
            CallResult r = Check(::getsockopt(fd, SOL_SOCKET, SO_LINGER, &value, &length));
            if (r.value == 0
                && option == WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_DONTLINGER"))
            {
                r.outputs["optval"] = value.l_onoff == 0 ? 1 : 0;
            }
            else if (r.value == 0)
            {
                r.outputs["linger"] = {{"onoff", value.l_onoff}, {"seconds", value.l_linger}};
            }
            return r;
        }
        int value = 0;
        socklen_t length = sizeof(value);
        CallResult r = Check(::getsockopt(fd, SOL_SOCKET, name, &value, &length));
        if (r.value != 0)
        {
            return r;
        }
        r.outputs["optval"] = value;
        if (name == SO_ERROR && value != 0)
        {
            // an errno: the Winsock error it maps to, the errno itself beside
            const WinsockError* error = FindWinsockError(WinsockNameOfErrno(value));
            r.outputs["optval"] = error ? error->number : value;
            r.outputs["optval_raw"] = value;
        }
        return r;
    }

    CallResult IoctlSocket(int64_t s, int64_t cmd, uint32_t value) override
    {
        int argument = static_cast<int>(value);
        const bool read = cmd == WinsockConstantValue(SymbolFamily::IOCTL_COMMAND, "FIONREAD");
        CallResult r = Check(::ioctl(static_cast<int>(s), read ? FIONREAD : FIONBIO, &argument));
        if (read && r.value == 0)
        {
            r.outputs["argp"] = argument;
        }
        return r;
    }

    CallResult SetBufferSizes(int64_t s, uint32_t receive, uint32_t send, uint32_t segment) override
    {
        const int fd = static_cast<int>(s);
        const int rcv = static_cast<int>(receive);
        const int snd = static_cast<int>(send);
        const int mss = static_cast<int>(segment);
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
        ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &snd, sizeof(snd));
        ::setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof(mss));
        return Ok();
    }

    CallResult WsaSocket(int64_t af, int64_t type, int64_t protocol, int64_t) override
    {
        // WSA_FLAG_OVERLAPPED only allows overlapped calls on the socket (Windows' socket() sets
        // it too); each of those is refused in CanExpress.
        return Socket(af, type, protocol);
    }

    CallResult SendTo(int64_t s,
                      const std::string& bytes,
                      const std::optional<Endpoint>& to) override
    {
        if (!to)
        {
            return SendBytes(s, bytes, nullptr, 0);
        }
        const sockaddr_in sa = Address(to->address, to->port);
        return SendBytes(s, bytes, reinterpret_cast<const sockaddr*>(&sa), sizeof(sa));
    }

    CallResult RecvFrom(int64_t s, uint32_t length, std::optional<Endpoint>* from) override
    {
        std::string buffer(length, '\0');
        sockaddr_storage address{};
        socklen_t addressLength = sizeof(address);
        const ssize_t n = ::recvfrom(static_cast<int>(s),
                                     buffer.data(),
                                     length,
                                     0,
                                     reinterpret_cast<sockaddr*>(&address),
                                     &addressLength);
        CallResult r = n < 0 ? FromErrno(errno) : Ok(n);
        if (n >= 0)
        {
            // a stream socket leaves the address empty (fromlen 0)
            *from = EndpointOf(address, addressLength);
            r.data = buffer.substr(0, static_cast<size_t>(n));
        }
        r.hasData = true;
        return r;
    }

    CallResult GetPeerName(int64_t s, std::optional<Endpoint>* name) override
    {
        return NameCall(::getpeername, s, name);
    }

    CallResult GetSockName(int64_t s, std::optional<Endpoint>* name) override
    {
        return NameCall(::getsockname, s, name);
    }

    /// getpeername or getsockname: `name` set on success
    static CallResult NameCall(int (*get)(int, sockaddr*, socklen_t*),
                               int64_t s,
                               std::optional<Endpoint>* name)
    {
        sockaddr_storage address{};
        socklen_t length = sizeof(address);
        CallResult r
            = Check(get(static_cast<int>(s), reinterpret_cast<sockaddr*>(&address), &length));
        if (r.value == 0)
        {
            *name = EndpointOf(address, length);
        }
        return r;
    }

    CallResult SetNullOption(int64_t s, int64_t option, std::optional<int64_t> optlen) override
    {
        // optval NULL and optlen go to the kernel as they are: it answers EINVAL for a short
        // optlen and EFAULT when it reads the NULL (SO_DONTLINGER is refused in CanExpress).
        const int name = LinuxOption(option);
        const int64_t size = name == SO_LINGER ? sizeof(linger) : sizeof(int);
        return Check(::setsockopt(static_cast<int>(s),
                                  SOL_SOCKET,
                                  name,
                                  nullptr,
                                  static_cast<socklen_t>(optlen.value_or(size))));
    }

    CallResult Select(const SocketSets& sets,
                      std::optional<int64_t> timeoutNs,
                      SocketSets* ready) override
    {
        fd_set bits[3];
        const std::vector<int64_t>* given[] = {&sets.read, &sets.write, &sets.except};
        int highest = -1;
        for (size_t i = 0; i < 3; ++i)
        {
            FD_ZERO(&bits[i]);
            for (const int64_t fd : *given[i])
            {
                if (fd < 0 || fd >= FD_SETSIZE)
                {
                    // a name whose call failed (-1): no fd_set can hold it
                    throw std::runtime_error("select: descriptor " + std::to_string(fd)
                                             + " cannot go into an fd_set");
                }
                FD_SET(static_cast<int>(fd), &bits[i]);
                highest = std::max(highest, static_cast<int>(fd));
            }
        }
        timeval timeout{};
        if (timeoutNs)
        {
            const int64_t us = CeilUnits(*timeoutNs, 1000);
            timeout.tv_sec = us / 1'000'000;
            timeout.tv_usec = us % 1'000'000;
        }
        fd_set* pointers[3];
        for (size_t i = 0; i < 3; ++i)
        {
            pointers[i] = given[i]->empty() ? nullptr : &bits[i]; // an empty set is NULL
        }
        CallResult r = Check(::select(
            highest + 1, pointers[0], pointers[1], pointers[2], timeoutNs ? &timeout : nullptr));
        std::vector<int64_t>* left[] = {&ready->read, &ready->write, &ready->except};
        for (size_t i = 0; r.value >= 0 && i < 3; ++i)
        {
            for (const int64_t fd : *given[i])
            {
                if (FD_ISSET(static_cast<int>(fd), &bits[i]))
                {
                    left[i]->push_back(fd);
                }
            }
        }
        return r;
    }

    CallResult Poll(std::vector<PollEntry>& fds, std::optional<int64_t> timeoutNs) override
    {
        std::vector<pollfd> entries;
        for (const auto& fd : fds)
        {
            // a negative descriptor goes as it is: poll(2) ignores it (revents 0)
            entries.push_back({static_cast<int>(fd.s), LinuxPollBits(fd.events), 0});
        }
        const int timeout = timeoutNs ? static_cast<int>(CeilUnits(*timeoutNs, 1'000'000)) : -1;
        CallResult r = Check(::poll(entries.data(), entries.size(), timeout));
        for (size_t i = 0; i < fds.size(); ++i)
        {
            fds[i].rawRevents = entries[i].revents;
            fds[i].revents = WinsockPollBits(entries[i].revents);
        }
        return r;
    }

    CallResult WsaRecv(int64_t s, uint32_t length) override
    {
        // WSARecv returns 0 and the byte count in lpNumberOfBytesRecvd
        CallResult r = Recv(s, length);
        if (r.value >= 0)
        {
            r.outputs["bytes"] = r.value;
            r.value = 0;
        }
        return r;
    }

    CallResult WsaSend(int64_t s, const std::string& bytes) override
    {
        // WSASend returns 0 and the byte count in lpNumberOfBytesSent
        CallResult r = Send(s, bytes);
        if (r.value >= 0)
        {
            r.outputs["bytes"] = r.value;
            r.value = 0;
        }
        return r;
    }

  private:
    /// \return the result of a call that makes a socket, the socket recorded as the case's
    CallResult Opened(int fd)
    {
        if (fd >= 0)
        {
            m_sockets.Add(fd);
        }
        return Check(fd);
    }

    OpenHandles m_sockets; //!< the sockets the case made and has not closed
};

} // namespace

std::unique_ptr<Platform>
CreatePlatform()
{
    return std::make_unique<PosixPlatform>();
}

} // namespace wsdsim::driver

// The Linux platform: Winsock calls mapped to POSIX sockets. The mapping is the one table below.
//
//   Winsock                          POSIX (Linux)
//   WSAStartup, WSACleanup           nothing: POSIX has no library start-up; cases that need
//                                    WSACleanup or WSANOTINITIALISED are UNSUPPORTED
//   socket(af, type, protocol)       socket(af, type, protocol), AF_INET6 23 -> 10
//   bind, listen, accept, connect    the same calls
//   send, recv                       send(MSG_NOSIGNAL), recv
//   shutdown(SD_RECEIVE/SEND/BOTH)   shutdown(SHUT_RD/WR/RDWR); other values as they are
//   WSASendDisconnect(s, NULL)       shutdown(s, SHUT_WR)
//   WSASendDisconnect(s, data)       WSAENOPROTOOPT after the handle's check: the kernel's TCP
//                                    has no disconnect data (as Windows' TCP/IP provider)
//   WSARecvDisconnect(s, buffer)     shutdown(s, SHUT_RD); no disconnect data (len 0)
//   closesocket                      close
//   SO_LINGER {l_onoff, l_linger}    SO_LINGER (a struct linger of ints), optlen as given
//   SO_DONTLINGER b                  SO_LINGER {!b, the current l_linger}: Linux has none
//   SO_KEEPALIVE b                   SO_KEEPALIVE (an int)
//   ioctlsocket(FIONBIO, FIONREAD)   ioctl(FIONBIO, FIONREAD)
//   blocking hooks, faults, ISO-TP   UNSUPPORTED: no counterpart on Linux
//
// Errors: errno is named by the C library (strerrorname_np) and mapped to the Winsock error whose
// counterpart it is in the symbol table (vocabulary/wsdsim/winsock-symbols.h), but for the few
// where Winsock gives another meaning (kErrnoOverrides), and send's EPIPE, which Winsock tells
// apart by the socket's state as the kernel reports it (SendEpipeError). The raw errno goes into
// the trace beside.
#include "platform.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
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
    if (const auto* startup = std::get_if<calls::WsaStartup>(&call);
        startup && startup->version != "2.2")
    {
        *reason = "POSIX sockets have no WSAStartup version negotiation";
        return true;
    }
    const auto* send = std::get_if<calls::WsaSendDisconnect>(&call);
    const auto* recv = std::get_if<calls::WsaRecvDisconnect>(&call);
    if ((send && send->data.IsFault()) || (recv && recv->buffer.IsFault()))
    {
        *reason = "shutdown() takes no user buffer: a faulty disconnect-data pointer cannot be "
                  "expressed";
        return true;
    }
    const auto* option = std::get_if<calls::SetSockOpt>(&call);
    if (option && option->optlen
        && option->option == WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_DONTLINGER"))
    {
        *reason = "Linux has no SO_DONTLINGER: the driver sets SO_LINGER, whose optlen is not the "
                  "BOOL's the step gives";
        return true;
    }
    return false;
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

    CallResult Startup(const std::string&, bool nullData) override
    {
        // WSAStartup returns its error code itself.
        CallResult r;
        r.value = nullData ? WinsockErrorNumber("WSAEFAULT") : 0;
        r.error = nullData ? "WSAEFAULT" : "NO_ERROR";
        return r;
    }

    CallResult Cleanup() override
    {
        return Ok();
    }

    CallResult Socket(int64_t af, int64_t type, int64_t protocol) override
    {
        // Winsock's AF_INET6 is 23; the types and protocols have the same numbers on Linux.
        const int family = af == 23 ? AF_INET6 : static_cast<int>(af);
        return Check(::socket(family, static_cast<int>(type), static_cast<int>(protocol)));
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
        return Check(::accept(static_cast<int>(s), nullptr, nullptr));
    }

    CallResult Connect(int64_t s, const std::string& address, uint16_t port) override
    {
        const sockaddr_in sa = Address(address, port);
        return Check(
            ::connect(static_cast<int>(s), reinterpret_cast<const sockaddr*>(&sa), sizeof(sa)));
    }

    CallResult Send(int64_t s, const std::string& bytes) override
    {
        // A blocking Winsock send returns once every byte is queued.
        size_t sent = 0;
        while (sent < bytes.size())
        {
            const ssize_t n = ::send(
                static_cast<int>(s), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
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
            // Validate the handle first, as Winsock's layers do, then refuse the data.
            int type = 0;
            socklen_t length = sizeof(type);
            if (::getsockopt(static_cast<int>(s), SOL_SOCKET, SO_TYPE, &type, &length) < 0)
            {
                return FromErrno(errno);
            }
            CallResult r;
            r.value = -1;
            r.error = "WSAENOPROTOOPT";
            return r;
        }
        return Shutdown(s, 1);
    }

    CallResult RecvDisconnect(int64_t s, const MemoryRef&) override
    {
        CallResult r = Check(::shutdown(static_cast<int>(s), SHUT_RD));
        r.hasData = true; // no disconnect data: len 0
        return r;
    }

    CallResult CloseSocket(int64_t s) override
    {
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
        if (option == WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_KEEPALIVE"))
        {
            int value = 0;
            socklen_t length = sizeof(value);
            return Check(
                ::getsockopt(static_cast<int>(s), SOL_SOCKET, SO_KEEPALIVE, &value, &length));
        }
        // SO_LINGER, and SO_DONTLINGER read from it
        linger value{};
        socklen_t length = sizeof(value);
        return Check(::getsockopt(static_cast<int>(s), SOL_SOCKET, SO_LINGER, &value, &length));
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
};

} // namespace

std::unique_ptr<Platform>
CreatePlatform()
{
    return std::make_unique<PosixPlatform>();
}

} // namespace wsdsim::driver

// The Linux platform: Winsock calls mapped to POSIX sockets. The mapping is the one table below.
//
// | Winsock                              | POSIX (Linux)                                        |
// |--------------------------------------|------------------------------------------------------|
// | WSAStartup / WSACleanup              | nothing: POSIX has no library start-up. Cases that   |
// |                                      | need WSACleanup or WSANOTINITIALISED are UNSUPPORTED |
// | socket(AF_INET, type, protocol)      | socket(AF_INET, type, protocol)                      |
// | bind / listen / accept / connect     | the same calls                                       |
// | send / recv                          | send(MSG_NOSIGNAL) / recv                            |
// | shutdown(SD_RECEIVE, SD_SEND, SD_BOTH) | shutdown(SHUT_RD, SHUT_WR, SHUT_RDWR); other values
// passed as they are | | WSASendDisconnect(s, NULL)           | shutdown(s, SHUT_WR) | |
// WSASendDisconnect(s, data)           | WSAENOPROTOOPT: the kernel's TCP has no disconnect data
// (as Windows' TCP/IP provider) | | WSARecvDisconnect(s, buffer)         | shutdown(s, SHUT_RD);
// buffer->len = 0                | | closesocket                          | close | | SO_LINGER
// {l_onoff, l_linger}        | SO_LINGER {l_onoff, l_linger} (struct linger of ints) | |
// SO_DONTLINGER b                      | SO_LINGER {!b, current l_linger} (Linux has no
// SO_DONTLINGER) | | ioctlsocket(FIONBIO, v)              | fcntl(F_SETFL, O_NONBLOCK on v != 0) |
// | WSASetBlockingHook, faults, ISO-TP   | UNSUPPORTED: no counterpart on Linux                 |
//
// Errors: errno is mapped to the Winsock error of the same meaning (kErrnoToWinsock below); the
// raw errno goes into the trace beside it.
#include "platform.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <set>
#include <sys/socket.h>
#include <unistd.h>

namespace wsdsim::driver
{

namespace
{

/// errno -> Winsock error name: the one normalisation point of this platform.
const std::map<int, const char*> kErrnoToWinsock{
    {EINTR, "WSAEINTR"},
    {EBADF, "WSAENOTSOCK"},
    {EFAULT, "WSAEFAULT"},
    {EINVAL, "WSAEINVAL"},
    {EAGAIN, "WSAEWOULDBLOCK"},
    {EINPROGRESS,
     "WSAEWOULDBLOCK"}, // a non-blocking connect under way: Winsock says WSAEWOULDBLOCK
    {EALREADY, "WSAEALREADY"},
    {ENOTSOCK, "WSAENOTSOCK"},
    {EMSGSIZE, "WSAEMSGSIZE"},
    {EPROTOTYPE, "WSAEPROTOTYPE"},
    {ENOPROTOOPT, "WSAENOPROTOOPT"},
    {EPROTONOSUPPORT, "WSAEPROTONOSUPPORT"},
    {ESOCKTNOSUPPORT, "WSAESOCKTNOSUPPORT"},
    {EOPNOTSUPP, "WSAEOPNOTSUPP"},
    {EAFNOSUPPORT, "WSAEAFNOSUPPORT"},
    {EADDRINUSE, "WSAEADDRINUSE"},
    {EADDRNOTAVAIL, "WSAEADDRNOTAVAIL"},
    {ENETDOWN, "WSAENETDOWN"},
    {ENETUNREACH, "WSAENETUNREACH"},
    {ECONNABORTED, "WSAECONNABORTED"},
    {ECONNRESET, "WSAECONNRESET"},
    {EISCONN, "WSAEISCONN"},
    {ENOTCONN, "WSAENOTCONN"},
    {EPIPE, "WSAECONNRESET"}, // the connection is gone (after shutdown(SHUT_WR): see Send())
    {ESHUTDOWN, "WSAESHUTDOWN"},
    {ETIMEDOUT, "WSAETIMEDOUT"},
    {ECONNREFUSED, "WSAECONNREFUSED"},
};

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
    auto it = kErrnoToWinsock.find(error);
    r.error = it == kErrnoToWinsock.end() ? "WSA_ERRNO_" + std::to_string(error) : it->second;
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

class PosixPlatform : public Platform
{
  public:
    std::string Name() const override
    {
        return "linux";
    }

    bool CanExpress(const nlohmann::json& testCase, std::string* reason) const override
    {
        if (testCase.value("profile", "tcp-ip") != "tcp-ip")
        {
            *reason = "Linux has no transport provider with disconnect data (profile "
                      + testCase.value("profile", "") + ")";
            return false;
        }
        if (NeedsNetworkFaults(testCase, reason))
        {
            return false;
        }
        for (const auto& step : testCase.at("steps"))
        {
            const std::string call = step.at("call");
            if (call == "WSASetBlockingHook" || call == "WSACancelBlockingCall"
                || step.value("blocking_hook", false))
            {
                *reason = "Winsock 1.1 blocking hooks have no POSIX counterpart";
                return false;
            }
            if (call == "WSACleanup")
            {
                *reason = "POSIX sockets have no WSACleanup: library start-up state cannot be "
                          "expressed";
                return false;
            }
            if (call == "WSAStartup" && step.at("args").value("version", "2.2") != "2.2")
            {
                *reason = "POSIX sockets have no WSAStartup version negotiation";
                return false;
            }
            if (call == "WSASendDisconnect" || call == "WSARecvDisconnect")
            {
                const auto& arg = step.at("args").value(
                    call == "WSASendDisconnect" ? "data" : "buffer", nlohmann::json());
                if (arg.is_object() && arg.contains("fault"))
                {
                    *reason = "shutdown() takes no user buffer: a faulty disconnect-data pointer "
                              "cannot be expressed";
                    return false;
                }
            }
        }
        for (const auto& expected : testCase.value("expected_errors", nlohmann::json::array()))
        {
            if (expected == "WSANOTINITIALISED")
            {
                *reason = "POSIX sockets have no WSAStartup: WSANOTINITIALISED cannot arise";
                return false;
            }
        }
        return true;
    }

    CallResult Startup(const std::string&, bool nullData) override
    {
        // WSAStartup returns its error code itself.
        CallResult r;
        r.value = nullData ? 10014 : 0;
        r.error = nullData ? "WSAEFAULT" : "NO_ERROR";
        return r;
    }

    CallResult Cleanup() override
    {
        return Ok();
    }

    CallResult Socket(int type, int protocol) override
    {
        return Check(::socket(AF_INET,
                              type == 1   ? SOCK_STREAM
                              : type == 2 ? SOCK_DGRAM
                                          : SOCK_RAW,
                              protocol));
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
        if (m_sendShutdown.count(s))
        {
            // Linux gives EPIPE both after shutdown(SHUT_WR) and on a broken connection; Winsock
            // tells them apart: WSAESHUTDOWN here. (Only sockets shut down through this driver.)
            CallResult r = FromErrno(EPIPE);
            r.error = "WSAESHUTDOWN";
            const ssize_t n = ::send(static_cast<int>(s), bytes.data(), 0, MSG_NOSIGNAL);
            if (n < 0 && errno != EPIPE)
            {
                return FromErrno(errno);
            }
            return r;
        }
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
                return FromErrno(errno);
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
        if (n < 0)
        {
            CallResult r = FromErrno(errno);
            r.hasData = true;
            return r;
        }
        CallResult r = Ok(n);
        r.data = buffer.substr(0, static_cast<size_t>(n));
        r.hasData = true;
        return r;
    }

    CallResult Shutdown(int64_t s, int how) override
    {
        const int posixHow = how == 0 ? SHUT_RD : how == 1 ? SHUT_WR : how == 2 ? SHUT_RDWR : how;
        CallResult r = Check(::shutdown(static_cast<int>(s), posixHow));
        if (r.value == 0 && (how == 1 || how == 2))
        {
            m_sendShutdown.insert(s);
        }
        return r;
    }

    CallResult SendDisconnect(int64_t s, const BufferArg& data) override
    {
        if (data.kind != BufferArg::Kind::NONE)
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
            r.rawError = 0;
            return r;
        }
        return Shutdown(s, 1);
    }

    CallResult RecvDisconnect(int64_t s, const BufferArg&) override
    {
        CallResult r = Check(::shutdown(static_cast<int>(s), SHUT_RD));
        r.hasData = true; // no disconnect data: len 0
        return r;
    }

    CallResult CloseSocket(int64_t s) override
    {
        m_sendShutdown.erase(s);
        return Check(::close(static_cast<int>(s)));
    }

    CallResult SetLinger(int64_t s, uint16_t onoff, uint16_t seconds, int optlen) override
    {
        if (optlen < 4)
        {
            errno = EFAULT;
            return FromErrno(EFAULT);
        }
        const linger value{onoff != 0 ? 1 : 0, seconds};
        return Check(
            ::setsockopt(static_cast<int>(s), SOL_SOCKET, SO_LINGER, &value, sizeof(value)));
    }

    CallResult SetDontLinger(int64_t s, bool dontLinger, int optlen) override
    {
        if (optlen < 4)
        {
            return FromErrno(EFAULT);
        }
        linger value{};
        socklen_t length = sizeof(value);
        if (::getsockopt(static_cast<int>(s), SOL_SOCKET, SO_LINGER, &value, &length) < 0)
        {
            return FromErrno(errno);
        }
        value.l_onoff = dontLinger ? 0 : 1;
        return Check(
            ::setsockopt(static_cast<int>(s), SOL_SOCKET, SO_LINGER, &value, sizeof(value)));
    }

    CallResult GetOption(int64_t s, const std::string& option) override
    {
        if (option == "SO_LINGER" || option == "SO_DONTLINGER")
        {
            linger value{};
            socklen_t length = sizeof(value);
            return Check(::getsockopt(static_cast<int>(s), SOL_SOCKET, SO_LINGER, &value, &length));
        }
        int value = 0;
        socklen_t length = sizeof(value);
        return Check(::getsockopt(static_cast<int>(s), SOL_SOCKET, SO_KEEPALIVE, &value, &length));
    }

    CallResult SetOtherOption(int64_t s, const std::string&) override
    {
        const int one = 1;
        return Check(
            ::setsockopt(static_cast<int>(s), SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)));
    }

    CallResult SetNonBlocking(int64_t s, uint32_t value) override
    {
        const int flags = ::fcntl(static_cast<int>(s), F_GETFL);
        if (flags < 0)
        {
            return FromErrno(errno);
        }
        return Check(::fcntl(
            static_cast<int>(s), F_SETFL, value ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK)));
    }

  private:
    std::set<int64_t> m_sendShutdown; //!< sockets whose sends this driver shut down

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

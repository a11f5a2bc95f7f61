// The Wine platform: the Winsock calls made for real through ws2_32 (built with mingw, run by
// Wine).
//
// Every call below is the Winsock call of the same name; nothing is mapped. The decisions that are
// the driver's own (what a case cannot express, how the deliberate buffer faults are made) are
// commented with their source: Wine's dlls/ws2_32/socket.c for what Wine does, the Windows
// Sockets 2 documentation (WinSock 2 API spec, learn.microsoft.com) for what Windows specifies.
//
// Errors: WSAGetLastError() is named with kWinsockErrors below (unknown numbers as
// "WSA_ERRNO_<n>"); the number itself goes into the trace beside it.
#include "platform.h"

#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <vector>
#include <winsock2.h>
#include <ws2tcpip.h>

namespace wsdsim::driver
{

namespace
{

/// WSAGetLastError() number -> its name (winerror.h / winsock2.h).
const std::map<int, const char*> kWinsockErrors{
    {6, "WSA_INVALID_HANDLE"},
    {8, "WSA_NOT_ENOUGH_MEMORY"},
    {87, "WSA_INVALID_PARAMETER"},
    {995, "WSA_OPERATION_ABORTED"},
    {996, "WSA_IO_INCOMPLETE"},
    {997, "WSA_IO_PENDING"},
    {10004, "WSAEINTR"},
    {10009, "WSAEBADF"},
    {10013, "WSAEACCES"},
    {10014, "WSAEFAULT"},
    {10022, "WSAEINVAL"},
    {10024, "WSAEMFILE"},
    {10035, "WSAEWOULDBLOCK"},
    {10036, "WSAEINPROGRESS"},
    {10037, "WSAEALREADY"},
    {10038, "WSAENOTSOCK"},
    {10039, "WSAEDESTADDRREQ"},
    {10040, "WSAEMSGSIZE"},
    {10041, "WSAEPROTOTYPE"},
    {10042, "WSAENOPROTOOPT"},
    {10043, "WSAEPROTONOSUPPORT"},
    {10044, "WSAESOCKTNOSUPPORT"},
    {10045, "WSAEOPNOTSUPP"},
    {10046, "WSAEPFNOSUPPORT"},
    {10047, "WSAEAFNOSUPPORT"},
    {10048, "WSAEADDRINUSE"},
    {10049, "WSAEADDRNOTAVAIL"},
    {10050, "WSAENETDOWN"},
    {10051, "WSAENETUNREACH"},
    {10052, "WSAENETRESET"},
    {10053, "WSAECONNABORTED"},
    {10054, "WSAECONNRESET"},
    {10055, "WSAENOBUFS"},
    {10056, "WSAEISCONN"},
    {10057, "WSAENOTCONN"},
    {10058, "WSAESHUTDOWN"},
    {10059, "WSAETOOMANYREFS"},
    {10060, "WSAETIMEDOUT"},
    {10061, "WSAECONNREFUSED"},
    {10062, "WSAELOOP"},
    {10063, "WSAENAMETOOLONG"},
    {10064, "WSAEHOSTDOWN"},
    {10065, "WSAEHOSTUNREACH"},
    {10066, "WSAENOTEMPTY"},
    {10067, "WSAEPROCLIM"},
    {10068, "WSAEUSERS"},
    {10069, "WSAEDQUOT"},
    {10070, "WSAESTALE"},
    {10071, "WSAEREMOTE"},
    {10091, "WSASYSNOTREADY"},
    {10092, "WSAVERNOTSUPPORTED"},
    {10093, "WSANOTINITIALISED"},
    {10101, "WSAEDISCON"},
    {10102, "WSAENOMORE"},
    {10103, "WSAECANCELLED"},
    {10104, "WSAEINVALIDPROCTABLE"},
    {10105, "WSAEINVALIDPROVIDER"},
    {10106, "WSAEPROVIDERFAILEDINIT"},
    {10107, "WSASYSCALLFAILURE"},
    {10108, "WSASERVICE_NOT_FOUND"},
    {10109, "WSATYPE_NOT_FOUND"},
    {10110, "WSA_E_NO_MORE"},
    {10111, "WSA_E_CANCELLED"},
    {10112, "WSAEREFUSED"},
    {11001, "WSAHOST_NOT_FOUND"},
    {11002, "WSATRY_AGAIN"},
    {11003, "WSANO_RECOVERY"},
    {11004, "WSANO_DATA"},
};

std::string
ErrorName(int error)
{
    if (error == 0)
    {
        return "NO_ERROR";
    }
    auto it = kWinsockErrors.find(error);
    return it == kWinsockErrors.end() ? "WSA_ERRNO_" + std::to_string(error) : it->second;
}

CallResult
Ok(int64_t value = 0)
{
    CallResult r;
    r.value = value;
    return r;
}

/// The failed call's result: -1 (SOCKET_ERROR, INVALID_SOCKET) and WSAGetLastError().
CallResult
LastError()
{
    const int error = WSAGetLastError();
    CallResult r;
    r.value = -1;
    r.error = ErrorName(error);
    r.rawError = error;
    return r;
}

CallResult
Check(int value)
{
    return value == SOCKET_ERROR ? LastError() : Ok(value);
}

/// A SOCKET as the trace writes it: INVALID_SOCKET is -1, a handle its number.
CallResult
CheckSocket(SOCKET s)
{
    return s == INVALID_SOCKET ? LastError() : Ok(static_cast<int64_t>(s));
}

SOCKET
Handle(int64_t s)
{
    // -1 (an unknown name) becomes INVALID_SOCKET, which Winsock refuses with WSAENOTSOCK.
    return static_cast<SOCKET>(s);
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

/// "major.minor" -> MAKEWORD(major, minor), as WSAStartup takes it.
WORD
Version(const std::string& version)
{
    const size_t dot = version.find('.');
    const int major = std::atoi(version.substr(0, dot).c_str());
    const int minor = dot == std::string::npos ? 0 : std::atoi(version.substr(dot + 1).c_str());
    return MAKEWORD(major, minor);
}

/**
 * The deliberately faulty buffer addresses, made real: the process's own memory is arranged so
 * that each one lies (partly) outside the address space the application may touch.
 */
class FaultyMemory
{
  public:
    FaultyMemory()
    {
        SYSTEM_INFO info;
        GetSystemInfo(&info);
        const SIZE_T page = info.dwPageSize;
        // past-end: a 4-byte buffer "abcd" in the last 4 bytes of a committed page, followed by
        // a PAGE_NOACCESS page; the descriptor {len 8, buf} runs 4 bytes into the guard page
        // (as the model's past-end: starts inside a 4-byte buffer and runs 4 bytes past it).
        auto* pages = static_cast<char*>(
            VirtualAlloc(nullptr, 2 * page, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
        DWORD old = 0;
        if (pages != nullptr)
        {
            VirtualProtect(pages + page, page, PAGE_NOACCESS, &old);
            m_pastEnd = pages + page - 4;
            std::memcpy(m_pastEnd, "abcd", 4);
        }
        // unmapped: an address that was allocated and released, so nothing is mapped there.
        void* released = VirtualAlloc(nullptr, page, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        if (released != nullptr)
        {
            VirtualFree(released, 0, MEM_RELEASE);
        }
        m_unmapped = static_cast<char*>(released);
    }

    /// \return the WSABUF for a fault kind (past-end, null or unmapped)
    WSABUF For(BufferArg::Kind kind) const
    {
        WSABUF buffer{};
        switch (kind)
        {
            case BufferArg::Kind::PAST_END:
                buffer.len = 8;
                buffer.buf = m_pastEnd;
                break;
            case BufferArg::Kind::NULL_ADDRESS:
                buffer.len = 4;
                buffer.buf = nullptr;
                break;
            default:
                buffer.len = 4;
                buffer.buf = m_unmapped;
                break;
        }
        return buffer;
    }

  private:
    char* m_pastEnd{nullptr};
    char* m_unmapped{nullptr};
};

class WinsockPlatform : public Platform
{
  public:
    std::string Name() const override
    {
        return "wine";
    }

    bool CanExpress(const nlohmann::json& testCase, std::string* reason) const override
    {
        // Wine's only stream provider is TCP/IP over the host's kernel sockets: no transport
        // with disconnect data (Windows documents that TCP/IP does not support it either).
        if (testCase.value("profile", "tcp-ip") != "tcp-ip")
        {
            *reason = "Wine has no transport provider with disconnect data (profile "
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
            // Wine's WSASetBlockingHook only stores the pointer and never calls it, because its
            // blocking calls are truly blocking; WSACancelBlockingCall returns 0 doing nothing
            // and WSAIsBlocking always returns FALSE (dlls/ws2_32/socket.c). Windows Sockets 1.1
            // specifies that the hook runs while a blocking call waits: not expressible on Wine.
            if (call == "WSASetBlockingHook" || call == "WSACancelBlockingCall"
                || call == "WSAUnhookBlockingHook" || step.value("blocking_hook", false))
            {
                *reason = "Wine's WSASetBlockingHook stores the hook but never calls it "
                          "(blocking calls truly block; WSACancelBlockingCall does nothing)";
                return false;
            }
        }
        return true;
    }

    CallResult Startup(const std::string& version, bool nullData) override
    {
        // WSAStartup returns its error code itself (it does not set WSAGetLastError).
        WSADATA data{};
        const int code = WSAStartup(Version(version), nullData ? nullptr : &data);
        CallResult r;
        r.value = code;
        r.error = ErrorName(code);
        r.rawError = code;
        return r;
    }

    CallResult Cleanup() override
    {
        return Check(WSACleanup());
    }

    CallResult Socket(int type, int protocol) override
    {
        // The interpreter's type numbers are Winsock's: SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_RAW 3.
        return CheckSocket(::socket(AF_INET, type, protocol));
    }

    CallResult Bind(int64_t s, const std::string& address, uint16_t port) override
    {
        // As the Linux driver does, so that a case may bind a port again while the kernel keeps a
        // TIME_WAIT for it. Wine passes SO_REUSEADDR on to the host socket. Port 0 (the
        // interpreter's implicit bind before connect) cannot clash: spare Wine the round trip.
        if (port != 0)
        {
            const BOOL one = TRUE;
            ::setsockopt(Handle(s),
                         SOL_SOCKET,
                         SO_REUSEADDR,
                         reinterpret_cast<const char*>(&one),
                         sizeof(one));
        }
        const sockaddr_in sa = Address(address, port);
        return Check(::bind(Handle(s), reinterpret_cast<const sockaddr*>(&sa), sizeof(sa)));
    }

    CallResult Listen(int64_t s, int backlog) override
    {
        return Check(::listen(Handle(s), backlog));
    }

    CallResult Accept(int64_t s) override
    {
        return CheckSocket(::accept(Handle(s), nullptr, nullptr));
    }

    CallResult Connect(int64_t s, const std::string& address, uint16_t port) override
    {
        const sockaddr_in sa = Address(address, port);
        return Check(::connect(Handle(s), reinterpret_cast<const sockaddr*>(&sa), sizeof(sa)));
    }

    CallResult Send(int64_t s, const std::string& bytes) override
    {
        // A blocking Winsock send returns once every byte is queued (Windows documents that a
        // blocking send may return fewer bytes only on error); loop to be sure. A non-blocking
        // send returns what it could queue.
        const bool nonBlocking = IsNonBlocking(s);
        size_t sent = 0;
        while (sent < bytes.size())
        {
            const int n
                = ::send(Handle(s), bytes.data() + sent, static_cast<int>(bytes.size() - sent), 0);
            if (n == SOCKET_ERROR)
            {
                if (sent > 0 && WSAGetLastError() == WSAEWOULDBLOCK)
                {
                    break;
                }
                return LastError();
            }
            sent += static_cast<size_t>(n);
            if (nonBlocking)
            {
                break;
            }
        }
        return Ok(static_cast<int64_t>(sent));
    }

    CallResult Recv(int64_t s, uint32_t length) override
    {
        std::vector<char> buffer(length == 0 ? 1 : length);
        const int n = ::recv(Handle(s), buffer.data(), static_cast<int>(length), 0);
        CallResult r = n == SOCKET_ERROR ? LastError() : Ok(n);
        if (n > 0)
        {
            r.data.assign(buffer.data(), static_cast<size_t>(n));
        }
        r.hasData = true;
        return r;
    }

    CallResult Shutdown(int64_t s, int how) override
    {
        // SD_RECEIVE 0, SD_SEND 1, SD_BOTH 2; other values are passed as they are.
        return Check(::shutdown(Handle(s), how));
    }

    CallResult SendDisconnect(int64_t s, const BufferArg& data) override
    {
        if (data.kind == BufferArg::Kind::NONE)
        {
            return Check(WSASendDisconnect(Handle(s), nullptr));
        }
        if (data.kind == BufferArg::Kind::TEXT || data.kind == BufferArg::Kind::CAPACITY)
        {
            std::vector<char> bytes(data.text.begin(), data.text.end());
            bytes.resize(std::max<size_t>(bytes.size(), data.capacity));
            WSABUF buffer{static_cast<ULONG>(bytes.size()), bytes.empty() ? nullptr : bytes.data()};
            return Check(WSASendDisconnect(Handle(s), &buffer));
        }
        WSABUF buffer = m_faults.For(data.kind);
        return Check(WSASendDisconnect(Handle(s), &buffer));
    }

    CallResult RecvDisconnect(int64_t s, const BufferArg& request) override
    {
        CallResult r;
        if (request.kind == BufferArg::Kind::NONE)
        {
            r = Check(WSARecvDisconnect(Handle(s), nullptr));
        }
        else if (request.kind == BufferArg::Kind::TEXT || request.kind == BufferArg::Kind::CAPACITY)
        {
            // A real buffer of the requested capacity; on return len is the disconnect data's size.
            const size_t capacity = std::max<size_t>(request.capacity, request.text.size());
            std::vector<char> bytes(capacity == 0 ? 1 : capacity, '\0');
            WSABUF buffer{static_cast<ULONG>(capacity), bytes.data()};
            r = Check(WSARecvDisconnect(Handle(s), &buffer));
            if (r.value != -1)
            {
                r.data.assign(bytes.data(), std::min<size_t>(buffer.len, capacity));
            }
        }
        else
        {
            WSABUF buffer = m_faults.For(request.kind);
            r = Check(WSARecvDisconnect(Handle(s), &buffer));
        }
        r.hasData = true;
        return r;
    }

    CallResult CloseSocket(int64_t s) override
    {
        CallResult r = Check(::closesocket(Handle(s)));
        if (r.value != -1)
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_nonBlocking.erase(s);
        }
        return r;
    }

    CallResult SetLinger(int64_t s, uint16_t onoff, uint16_t seconds, int optlen) override
    {
        // optlen goes to Winsock as the scenario gave it (Windows: WSAEFAULT when optlen is
        // smaller than a LINGER); the option buffer is large enough for any optlen a scenario
        // uses, so a longer optlen reads zeros rather than foreign memory.
        OptionBuffer buffer{};
        const LINGER value{onoff, seconds};
        std::memcpy(buffer.bytes, &value, sizeof(value));
        return Check(
            ::setsockopt(Handle(s), SOL_SOCKET, SO_LINGER, buffer.bytes, ClampOptlen(optlen)));
    }

    CallResult SetDontLinger(int64_t s, bool dontLinger, int optlen) override
    {
        // SO_DONTLINGER takes a BOOL (Windows: WSAEFAULT when optlen is smaller than an int).
        OptionBuffer buffer{};
        const BOOL value = dontLinger ? TRUE : FALSE;
        std::memcpy(buffer.bytes, &value, sizeof(value));
        return Check(
            ::setsockopt(Handle(s), SOL_SOCKET, SO_DONTLINGER, buffer.bytes, ClampOptlen(optlen)));
    }

    CallResult GetOption(int64_t s, const std::string& option) override
    {
        // The trace records the call's result (0 or SOCKET_ERROR), as the Linux driver does.
        OptionBuffer buffer{};
        if (option == "SO_LINGER")
        {
            int length = sizeof(LINGER);
            return Check(::getsockopt(Handle(s), SOL_SOCKET, SO_LINGER, buffer.bytes, &length));
        }
        if (option == "SO_DONTLINGER")
        {
            int length = sizeof(BOOL);
            return Check(::getsockopt(Handle(s), SOL_SOCKET, SO_DONTLINGER, buffer.bytes, &length));
        }
        int length = sizeof(BOOL);
        return Check(::getsockopt(Handle(s), SOL_SOCKET, SO_KEEPALIVE, buffer.bytes, &length));
    }

    CallResult SetOtherOption(int64_t s, const std::string&) override
    {
        // Any other option stands for an ordinary boolean option: SO_KEEPALIVE, as on Linux.
        const BOOL one = TRUE;
        return Check(::setsockopt(
            Handle(s), SOL_SOCKET, SO_KEEPALIVE, reinterpret_cast<const char*>(&one), sizeof(one)));
    }

    CallResult SetNonBlocking(int64_t s, uint32_t value) override
    {
        u_long argument = value;
        CallResult r = Check(::ioctlsocket(Handle(s), FIONBIO, &argument));
        if (r.value != -1)
        {
            // Winsock cannot be asked whether a socket is non-blocking: remember it for send.
            std::lock_guard<std::mutex> lock(m_mutex);
            if (value != 0)
            {
                m_nonBlocking.insert(s);
            }
            else
            {
                m_nonBlocking.erase(s);
            }
        }
        return r;
    }

    CallResult SetBufferSizes(int64_t s, uint32_t receive, uint32_t send, uint32_t) override
    {
        // Winsock has no TCP_MAXSEG to set (Windows only reads it): the segment size is left to
        // the host's loopback.
        const int rcv = static_cast<int>(receive);
        const int snd = static_cast<int>(send);
        ::setsockopt(
            Handle(s), SOL_SOCKET, SO_RCVBUF, reinterpret_cast<const char*>(&rcv), sizeof(rcv));
        ::setsockopt(
            Handle(s), SOL_SOCKET, SO_SNDBUF, reinterpret_cast<const char*>(&snd), sizeof(snd));
        return Ok();
    }

  private:
    /**
     * Wine's first call of each kind in a process is several times slower than the next ones
     * (ws2_32's and ntdll's socket paths initialise lazily; measured in a full run: bind 335 us
     * first, 140 us after; getsockopt 183 us, 13 us), which put a server's listen after a
     * client's connect at 1 ms. Make each call once before the case starts, on 127.0.0.1, and
     * give the library back uninitialised (the start-up count returns to 0, so the
     * WSANOTINITIALISED cases are unchanged). Nothing connects, so no segment is sent.
     */
    void WarmUp()
    {
        WSADATA data{};
        if (WSAStartup(MAKEWORD(2, 2), &data) != 0)
        {
            return;
        }
        const SOCKET s = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (s != INVALID_SOCKET)
        {
            const auto handle = static_cast<int64_t>(s);
            SetBufferSizes(handle, 131072, 131072, 536);
            const BOOL one = TRUE;
            ::setsockopt(
                s, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char*>(&one), sizeof(one));
            Bind(handle, "127.0.0.1", 0);
            Listen(handle, 1);
            GetOption(handle, "SO_LINGER");
            SetLinger(handle, 0, 0, sizeof(LINGER));
            SetNonBlocking(handle, 0);
            ::closesocket(s);
        }
        const SOCKET datagram = ::socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
        if (datagram != INVALID_SOCKET)
        {
            ::closesocket(datagram);
        }
        WSACleanup();
    }

    /// Room for an option value of any length a scenario passes as optlen.
    struct OptionBuffer
    {
        char bytes[256];
    };

    static int ClampOptlen(int optlen)
    {
        return optlen > static_cast<int>(sizeof(OptionBuffer))
                   ? static_cast<int>(sizeof(OptionBuffer))
                   : optlen;
    }

    bool IsNonBlocking(int64_t s)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_nonBlocking.count(s) > 0;
    }

    FaultyMemory m_faults;
    std::mutex m_mutex;
    std::set<int64_t> m_nonBlocking;
};

} // namespace

std::unique_ptr<Platform>
CreatePlatform()
{
    return std::make_unique<WinsockPlatform>();
}

} // namespace wsdsim::driver

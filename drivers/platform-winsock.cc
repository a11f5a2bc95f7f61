// The Wine platform: the Winsock calls made for real through ws2_32 (built with mingw, run by
// Wine).
//
// Every call below is the Winsock call of the same name; nothing is mapped. The decisions that are
// the driver's own (what a case cannot express, how the deliberate buffer faults are made) are
// commented with their source: Wine's dlls/ws2_32/socket.c for what Wine does, the Windows
// Sockets 2 documentation (WinSock 2 API spec, learn.microsoft.com) for what Windows specifies.
//
// Errors: WSAGetLastError() is named by the one symbol table (vocabulary/wsdsim/winsock-symbols.h;
// unknown numbers as "WSA_ERRNO_<n>"); the number itself goes into the trace beside it.
#include "platform.h"

#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <vector>
#include <winsock2.h>
#include <ws2tcpip.h>

#include "wsdsim/winsock-symbols.h"

namespace wsdsim::driver
{

namespace
{

/// \return the name of a WSAGetLastError() number, from the symbol table ("WSA_ERRNO_<n>" for a
/// number it does not know)
std::string
ErrorName(int error)
{
    return WinsockErrorName(error);
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
    WSABUF For(MemoryRef::Kind kind) const
    {
        WSABUF buffer{};
        switch (kind)
        {
            case MemoryRef::Kind::PAST_END:
                buffer.len = 8;
                buffer.buf = m_pastEnd;
                break;
            case MemoryRef::Kind::NULL_ADDRESS:
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

    bool CanExpress(const DriverCase& testCase, std::string* reason) const override
    {
        // Wine's only stream provider is TCP/IP over the host's kernel sockets: no transport
        // with disconnect data (Windows documents that TCP/IP does not support it either).
        if (testCase.profile != "tcp-ip")
        {
            *reason = "Wine has no transport provider with disconnect data (profile "
                      + testCase.profile + ")";
            return false;
        }
        if (NeedsNetworkFaults(testCase, reason))
        {
            return false;
        }
        for (const auto& step : testCase.steps)
        {
            // Wine's WSASetBlockingHook only stores the pointer and never calls it, because its
            // blocking calls are truly blocking; WSACancelBlockingCall returns 0 doing nothing
            // and WSAIsBlocking always returns FALSE (dlls/ws2_32/socket.c). Windows Sockets 1.1
            // specifies that the hook runs while a blocking call waits: not expressible on Wine.
            if (std::holds_alternative<calls::WsaSetBlockingHook>(step.call)
                || std::holds_alternative<calls::WsaCancelBlockingCall>(step.call)
                || step.inBlockingHook)
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

    CallResult Socket(int64_t af, int64_t type, int64_t protocol) override
    {
        // The vocabulary's numbers are Winsock's own.
        return CheckSocket(
            ::socket(static_cast<int>(af), static_cast<int>(type), static_cast<int>(protocol)));
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

    CallResult SendDisconnect(int64_t s, const MemoryRef& data) override
    {
        if (data.kind == MemoryRef::Kind::NONE)
        {
            return Check(WSASendDisconnect(Handle(s), nullptr));
        }
        if (data.kind == MemoryRef::Kind::TEXT || data.kind == MemoryRef::Kind::CAPACITY)
        {
            std::vector<char> bytes(data.text.begin(), data.text.end());
            bytes.resize(std::max<size_t>(bytes.size(), data.capacity));
            WSABUF buffer{static_cast<ULONG>(bytes.size()), bytes.empty() ? nullptr : bytes.data()};
            return Check(WSASendDisconnect(Handle(s), &buffer));
        }
        WSABUF buffer = m_faults.For(data.kind);
        return Check(WSASendDisconnect(Handle(s), &buffer));
    }

    CallResult RecvDisconnect(int64_t s, const MemoryRef& request) override
    {
        CallResult r;
        if (request.kind == MemoryRef::Kind::NONE)
        {
            r = Check(WSARecvDisconnect(Handle(s), nullptr));
        }
        else if (request.kind == MemoryRef::Kind::TEXT || request.kind == MemoryRef::Kind::CAPACITY)
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

    CallResult SetLinger(int64_t s,
                         uint16_t onoff,
                         uint16_t seconds,
                         std::optional<int64_t> optlen) override
    {
        // optlen goes to Winsock as the step gave it (Windows: WSAEFAULT when optlen is smaller
        // than a LINGER); the option buffer is large enough for any optlen a step may give, so
        // a longer optlen reads zeros rather than foreign memory.
        OptionBuffer buffer{};
        const LINGER value{onoff, seconds};
        std::memcpy(buffer.bytes, &value, sizeof(value));
        return Check(::setsockopt(Handle(s),
                                  SOL_SOCKET,
                                  SO_LINGER,
                                  buffer.bytes,
                                  ClampOptlen(optlen.value_or(sizeof(LINGER)))));
    }

    CallResult SetBoolOption(int64_t s,
                             int64_t option,
                             bool value,
                             std::optional<int64_t> optlen) override
    {
        // SO_DONTLINGER and SO_KEEPALIVE take a BOOL (Windows: WSAEFAULT when optlen is smaller
        // than an int).
        OptionBuffer buffer{};
        const BOOL flag = value ? TRUE : FALSE;
        std::memcpy(buffer.bytes, &flag, sizeof(flag));
        return Check(::setsockopt(Handle(s),
                                  SOL_SOCKET,
                                  static_cast<int>(option),
                                  buffer.bytes,
                                  ClampOptlen(optlen.value_or(sizeof(BOOL)))));
    }

    CallResult GetOption(int64_t s, int64_t option) override
    {
        // The trace records the call's result (0 or SOCKET_ERROR), as the Linux driver does.
        OptionBuffer buffer{};
        int length = option == SO_LINGER ? sizeof(LINGER) : sizeof(BOOL);
        return Check(
            ::getsockopt(Handle(s), SOL_SOCKET, static_cast<int>(option), buffer.bytes, &length));
    }

    CallResult IoctlSocket(int64_t s, int64_t cmd, uint32_t value) override
    {
        u_long argument = value;
        CallResult r = Check(::ioctlsocket(Handle(s), static_cast<long>(cmd), &argument));
        if (r.value == -1)
        {
            return r;
        }
        if (cmd == static_cast<int64_t>(static_cast<u_long>(FIONREAD)))
        {
            r.outputs["argp"] = static_cast<int64_t>(argument);
            return r;
        }
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
    /// Room for an option value of any length a scenario passes as optlen.
    struct OptionBuffer
    {
        char bytes[256];
    };

    static int ClampOptlen(int64_t optlen)
    {
        return static_cast<int>(std::min<int64_t>(optlen, sizeof(OptionBuffer)));
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

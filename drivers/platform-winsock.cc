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
#include "platform-winsock.h"

#include "open-handles.h"

#include <algorithm>
#include <atomic>
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

using winsock::Check;
using winsock::Failed;
using winsock::Handle;
using winsock::Ok;

/// The failed call's result: -1 (SOCKET_ERROR, INVALID_SOCKET) and WSAGetLastError().
CallResult
LastError()
{
    return Failed(-1, WSAGetLastError());
}

/// A SOCKET as the trace writes it: INVALID_SOCKET is -1, a handle its number.
CallResult
CheckSocket(SOCKET s)
{
    return s == INVALID_SOCKET ? LastError() : Ok(static_cast<int64_t>(s));
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

/// \return the address a sockaddr holds, when it is an IPv4 one of `length` bytes
std::optional<Endpoint>
EndpointOf(const sockaddr_storage& address, int length)
{
    if (length < static_cast<int>(sizeof(sockaddr_in)) || address.ss_family != AF_INET)
    {
        return std::nullopt;
    }
    const auto& in = reinterpret_cast<const sockaddr_in&>(address);
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
    return Endpoint{text, ntohs(in.sin_port)};
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

    /// \return a descriptor pointer that points at memory never mapped (bad-descriptor)
    LPWSABUF BadDescriptor() const
    {
        return reinterpret_cast<LPWSABUF>(m_unmapped);
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
            const auto* select = std::get_if<calls::Select>(&step.call);
            if (select
                && std::max({select->read.size(), select->write.size(), select->except.size()})
                       > FD_SETSIZE)
            {
                *reason = "an fd_set holds at most FD_SETSIZE (" + std::to_string(FD_SETSIZE)
                          + ") sockets";
                return false;
            }
        }
        return true;
    }

    void ReleaseCase() override
    {
        for (const int64_t s : m_sockets.Take())
        {
            // The end of a process does not wait for a linger timeout either: a lingering socket
            // is closed gracefully in the background (SO_DONTLINGER), one with a linger of 0 still
            // resets.
            linger value{};
            int length = sizeof(value);
            if (::getsockopt(
                    Handle(s), SOL_SOCKET, SO_LINGER, reinterpret_cast<char*>(&value), &length)
                    == 0
                && value.l_onoff != 0 && value.l_linger > 0)
            {
                const linger off{0, 0};
                ::setsockopt(Handle(s),
                             SOL_SOCKET,
                             SO_LINGER,
                             reinterpret_cast<const char*>(&off),
                             sizeof(off));
            }
            ::closesocket(Handle(s));
        }
        m_async->ReleaseCase();
        // Each WSAStartup the case left without its WSACleanup: the next case starts with
        // Winsock not initialised, as a new process does (WSANOTINITIALISED before WSAStartup).
        for (; m_startups > 0; --m_startups)
        {
            WSACleanup();
        }
    }

    CallResult Startup(const std::string& version, bool nullData) override
    {
        // WSAStartup returns its error code itself (it does not set WSAGetLastError).
        WSADATA data{};
        const int code = WSAStartup(Version(version), nullData ? nullptr : &data);
        if (code == 0)
        {
            ++m_startups;
        }
        CallResult r;
        r.value = code;
        r.error = WinsockErrorName(code);
        r.rawError = code;
        return r;
    }

    CallResult Cleanup() override
    {
        CallResult r = Check(WSACleanup());
        if (r.value == 0)
        {
            --m_startups;
        }
        return r;
    }

    CallResult Socket(int64_t af, int64_t type, int64_t protocol) override
    {
        // The vocabulary's numbers are Winsock's own.
        return Opened(
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
        return Opened(::accept(Handle(s), nullptr, nullptr));
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
        if (data.kind == MemoryRef::Kind::BAD_DESCRIPTOR)
        {
            // lpOutboundDisconnectData itself points where nothing is mapped
            return Check(WSASendDisconnect(Handle(s), m_faults.BadDescriptor()));
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
        else if (request.kind == MemoryRef::Kind::BAD_DESCRIPTOR)
        {
            r = Check(WSARecvDisconnect(Handle(s), m_faults.BadDescriptor()));
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
        m_sockets.Remove(s);
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
        // SO_LINGER reads a LINGER; SO_DONTLINGER and SO_KEEPALIVE a BOOL; SO_ERROR, SO_TYPE an int
        OptionBuffer buffer{};
        int length = option == SO_LINGER ? sizeof(LINGER) : sizeof(int);
        CallResult r = Check(
            ::getsockopt(Handle(s), SOL_SOCKET, static_cast<int>(option), buffer.bytes, &length));
        if (r.value != 0)
        {
            return r;
        }
        if (option == SO_LINGER)
        {
            LINGER value{};
            std::memcpy(&value, buffer.bytes, sizeof(value));
            r.outputs["linger"] = {{"onoff", value.l_onoff}, {"seconds", value.l_linger}};
            return r;
        }
        int value = 0;
        std::memcpy(&value, buffer.bytes, sizeof(value));
        r.outputs["optval"] = value;
        return r;
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

    CallResult WsaSocket(int64_t af, int64_t type, int64_t protocol, int64_t flags) override
    {
        return Opened(WSASocketW(static_cast<int>(af),
                                 static_cast<int>(type),
                                 static_cast<int>(protocol),
                                 nullptr,
                                 0,
                                 static_cast<DWORD>(flags)));
    }

    CallResult SendTo(int64_t s,
                      const std::string& bytes,
                      const std::optional<Endpoint>& to) override
    {
        // One call, as the step makes it (no host: a NULL address of length 0).
        sockaddr_in sa{};
        if (to)
        {
            sa = Address(to->address, to->port);
        }
        return Check(::sendto(Handle(s),
                              bytes.data(),
                              static_cast<int>(bytes.size()),
                              0,
                              to ? reinterpret_cast<const sockaddr*>(&sa) : nullptr,
                              to ? sizeof(sa) : 0));
    }

    CallResult RecvFrom(int64_t s, uint32_t length, std::optional<Endpoint>* from) override
    {
        std::vector<char> buffer(length == 0 ? 1 : length);
        sockaddr_storage address{};
        int addressLength = sizeof(address);
        const int n = ::recvfrom(Handle(s),
                                 buffer.data(),
                                 static_cast<int>(length),
                                 0,
                                 reinterpret_cast<sockaddr*>(&address),
                                 &addressLength);
        CallResult r = n == SOCKET_ERROR ? LastError() : Ok(n);
        if (n != SOCKET_ERROR)
        {
            // a TCP socket leaves from and fromlen untouched: the zeroed family is no address
            *from = EndpointOf(address, addressLength);
            r.data.assign(buffer.data(), static_cast<size_t>(n));
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
    static CallResult NameCall(int(WSAAPI* get)(SOCKET, sockaddr*, int*),
                               int64_t s,
                               std::optional<Endpoint>* name)
    {
        sockaddr_storage address{};
        int length = sizeof(address);
        CallResult r = Check(get(Handle(s), reinterpret_cast<sockaddr*>(&address), &length));
        if (r.value == 0)
        {
            *name = EndpointOf(address, length);
        }
        return r;
    }

    CallResult SetNullOption(int64_t s, int64_t option, std::optional<int64_t> optlen) override
    {
        // optval NULL; optlen as the step gives it, else the value's size (LINGER, BOOL)
        const int size = option == SO_LINGER ? sizeof(LINGER) : sizeof(BOOL);
        return Check(::setsockopt(Handle(s),
                                  SOL_SOCKET,
                                  static_cast<int>(option),
                                  nullptr,
                                  static_cast<int>(optlen.value_or(size))));
    }

    CallResult Select(const SocketSets& sets,
                      std::optional<int64_t> timeoutNs,
                      SocketSets* ready) override
    {
        // Each set as the step lists it (a socket twice stays twice: Winsock decides), an empty
        // set as NULL; CanExpress refused a set larger than an fd_set.
        fd_set bits[3];
        const std::vector<int64_t>* given[] = {&sets.read, &sets.write, &sets.except};
        fd_set* pointers[3];
        for (size_t i = 0; i < 3; ++i)
        {
            bits[i].fd_count = static_cast<u_int>(given[i]->size());
            for (size_t j = 0; j < given[i]->size(); ++j)
            {
                bits[i].fd_array[j] = Handle((*given[i])[j]);
            }
            pointers[i] = given[i]->empty() ? nullptr : &bits[i];
        }
        timeval timeout{};
        if (timeoutNs)
        {
            const int64_t us = (*timeoutNs + 999) / 1000;
            timeout.tv_sec = static_cast<long>(us / 1'000'000);
            timeout.tv_usec = static_cast<long>(us % 1'000'000);
        }
        CallResult r = Check(
            ::select(0, pointers[0], pointers[1], pointers[2], timeoutNs ? &timeout : nullptr));
        std::vector<int64_t>* left[] = {&ready->read, &ready->write, &ready->except};
        for (size_t i = 0; r.value != -1 && i < 3; ++i)
        {
            for (u_int j = 0; pointers[i] != nullptr && j < bits[i].fd_count; ++j)
            {
                left[i]->push_back(static_cast<int64_t>(bits[i].fd_array[j]));
            }
        }
        return r;
    }

    CallResult Poll(std::vector<PollEntry>& fds, std::optional<int64_t> timeoutNs) override
    {
        std::vector<WSAPOLLFD> entries;
        for (const auto& fd : fds)
        {
            entries.push_back({Handle(fd.s), static_cast<SHORT>(fd.events), 0});
        }
        const INT timeout = timeoutNs ? static_cast<INT>(winsock::Milliseconds(timeoutNs)) : -1;
        CallResult r = Check(WSAPoll(entries.empty() ? nullptr : entries.data(),
                                     static_cast<ULONG>(entries.size()),
                                     timeout));
        for (size_t i = 0; i < fds.size(); ++i)
        {
            // Winsock's own bits: nothing to map
            fds[i].rawRevents = static_cast<uint16_t>(entries[i].revents);
            fds[i].revents = fds[i].rawRevents;
        }
        return r;
    }

    CallResult WsaRecv(int64_t s, uint32_t length) override
    {
        std::vector<char> bytes(length == 0 ? 1 : length);
        WSABUF buffer{length, bytes.data()};
        DWORD received = 0;
        DWORD flags = 0;
        CallResult r = Check(WSARecv(Handle(s), &buffer, 1, &received, &flags, nullptr, nullptr));
        if (r.value == 0)
        {
            r.outputs["bytes"] = received;
            r.data.assign(bytes.data(), received);
        }
        r.hasData = true;
        return r;
    }

    CallResult WsaSend(int64_t s, const std::string& bytes) override
    {
        std::vector<char> copy(bytes.begin(), bytes.end());
        WSABUF buffer{static_cast<ULONG>(copy.size()), copy.data()};
        DWORD sent = 0;
        CallResult r = Check(WSASend(Handle(s), &buffer, 1, &sent, 0, nullptr, nullptr));
        if (r.value == 0)
        {
            r.outputs["bytes"] = sent;
        }
        return r;
    }

    AsyncPlatform* Async() override
    {
        return m_async.get();
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

    /// \return the result of a call that makes a socket, the socket recorded as the case's
    CallResult Opened(SOCKET s)
    {
        if (s != INVALID_SOCKET)
        {
            m_sockets.Add(static_cast<int64_t>(s));
        }
        return CheckSocket(s);
    }

    FaultyMemory m_faults;
    std::unique_ptr<AsyncPlatform> m_async = winsock::CreateWinsockAsync(); //!< the async half
    std::mutex m_mutex;
    std::set<int64_t> m_nonBlocking;
    OpenHandles m_sockets;          //!< the sockets the case made and has not closed
    std::atomic<int> m_startups{0}; //!< successful WSAStartups less successful WSACleanups
};

} // namespace

std::unique_ptr<Platform>
CreatePlatform()
{
    return std::make_unique<WinsockPlatform>();
}

} // namespace wsdsim::driver

// A simulated application thread: the Winsock entry points, their common prolog and traces.
#include "wsa-thread.h"

#include "wsa-provider.h"
#include "wsa-thread-call.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WsaThread");
NS_OBJECT_ENSURE_REGISTERED(WsaThread);

namespace
{

using wsathread::AddressText;
using wsathread::HandleText;

/// A buffer descriptor argument.
std::string
BufferText(const WSABUF* buffer)
{
    if (!buffer)
    {
        return "NULL";
    }
    if (buffer == WsaAddressSpace::UnmappedDescriptor())
    {
        return "<unmapped>";
    }
    std::ostringstream text;
    text << "{len=" << buffer->len << ", buf=0x" << std::hex << buffer->buf << "}";
    return text.str();
}

/// The name of a shutdown direction.
std::string
HowText(int how)
{
    switch (how)
    {
        case SD_RECEIVE:
            return "SD_RECEIVE";
        case SD_SEND:
            return "SD_SEND";
        case SD_BOTH:
            return "SD_BOTH";
        default:
            return std::to_string(how);
    }
}

/// The name of an ioctlsocket command.
std::string
IoctlCommandText(long cmd)
{
    if (cmd == WS_FIONBIO)
    {
        return "FIONBIO";
    }
    if (cmd == WS_FIONREAD)
    {
        return "FIONREAD";
    }
    return std::to_string(cmd);
}

/// The name of a socket option.
std::string
OptionText(int level, int name)
{
    std::string text = level == WS_SOL_SOCKET ? "SOL_SOCKET, " : std::to_string(level) + ", ";
    switch (name)
    {
        case WS_SO_LINGER:
            return text + "SO_LINGER";
        case WS_SO_DONTLINGER:
            return text + "SO_DONTLINGER";
        default:
            return text + std::to_string(name);
    }
}

} // namespace

TypeId
WsaThread::GetTypeId()
{
    static TypeId tid = TypeId("ns3::WsaThread").SetParent<Object>().SetGroupName("Wsd");
    return tid;
}

WsaThread::WsaThread(Ptr<WsaProvider> provider, std::string name)
    : m_provider(provider)
    , m_name(std::move(name))
    , m_lastError(WsaError::NO_ERROR_)
    , m_blockedTicket(0)
{
}

WsaThread::~WsaThread() = default;

void
WsaThread::DoDispose()
{
    m_bodies.clear(); // destroys suspended coroutines
    m_blockedOn = nullptr;
    m_blockingHook = nullptr;
    m_provider = nullptr;
    Object::DoDispose();
}

const std::string&
WsaThread::GetName() const
{
    return m_name;
}

Ptr<WsaProvider>
WsaThread::GetProvider() const
{
    return m_provider;
}

bool
WsaThread::IsBlocked() const
{
    return !m_blockingCall.empty();
}

const std::string&
WsaThread::GetBlockingCall() const
{
    return m_blockingCall;
}

void
WsaThread::Start(WsaTask body, Time delay)
{
    m_bodies.push_back(std::move(body));
    const size_t index = m_bodies.size() - 1;
    Simulator::Schedule(delay,
                        [thread = Ptr<WsaThread>(this), index]()
                        {
                            if (index < thread->m_bodies.size())
                            {
                                thread->m_bodies[index].Resume();
                            }
                        });
}

bool
WsaThread::IsFinished() const
{
    for (const auto& body : m_bodies)
    {
        if (!body.IsFinished())
        {
            return false;
        }
    }
    return true;
}

void
WsaThread::RethrowIfFailed() const
{
    for (const auto& body : m_bodies)
    {
        body.RethrowIfFailed();
    }
}

// --- the prolog -------------------------------------------------------------------------------

std::optional<WsaError>
WsaThread::CheckThread() const
{
    // 1. WSD-ERR-NOTINITIALISED: "A successful WSAStartup must occur before using this
    //    function."
    if (!m_provider->IsStarted())
    {
        return WsaError::WSANOTINITIALISED;
    }
    // 2. "A blocking Windows Sockets 1.1 call is in progress, or the service provider is
    //    still processing a callback function."
    if (IsBlocked() || m_provider->IsInCallback())
    {
        return WsaError::WSAEINPROGRESS;
    }
    return std::nullopt;
}

Ptr<WsaSocket>
WsaThread::Enter(Call& call, SOCKET s)
{
    if (auto error = CheckThread())
    {
        call.Return(WsaOutcome::Fail(*error));
        return nullptr;
    }
    // 3. "The descriptor is not a socket."
    Ptr<WsaSocket> socket = m_provider->Lookup(s);
    if (!socket)
    {
        call.Return(WsaOutcome::Fail(WsaError::WSAENOTSOCK));
        return nullptr;
    }
    // 4. "The network subsystem has failed."
    if (m_provider->IsNetworkDown())
    {
        call.Return(WsaOutcome::Fail(WsaError::WSAENETDOWN));
        return nullptr;
    }
    return socket;
}

template <typename T>
WsaBlockingCall<T>
WsaThread::Finish(Call& call, Ptr<WsaSocket> socket, WsaStep step)
{
    WsaBlockingCall<T> result;
    if (auto* outcome = std::get_if<WsaOutcome>(&step))
    {
        WsaOutcome returned = call.Return(std::move(*outcome));
        result.Complete(static_cast<T>(returned.value), returned.error, std::move(returned.data));
        return result;
    }
    // The call blocks: the thread waits on the socket until the operation completes.
    m_blockingCall = call.GetName();
    m_blockedOn = socket;
    auto done =
        [thread = Ptr<WsaThread>(this), call = std::move(call), result](WsaOutcome outcome) mutable
    {
        thread->m_blockingCall.clear();
        thread->m_blockedOn = nullptr;
        thread->m_blockedTicket = 0;
        WsaOutcome returned = call.Return(std::move(outcome));
        result.Complete(static_cast<T>(returned.value), returned.error, std::move(returned.data));
    };
    m_blockedTicket = socket->Wait(std::get<WsaPoll>(std::move(step)), std::move(done));
    if (m_blockingHook)
    {
        // Winsock 1.1: the provider calls the blocking hook while the call blocks.
        Simulator::ScheduleNow(
            [thread = Ptr<WsaThread>(this)]()
            {
                if (thread->IsBlocked() && thread->m_blockingHook)
                {
                    thread->m_provider->RunCallback(thread->m_blockingHook);
                }
            });
    }
    return result;
}

// The async entry points (wsa-thread-async.cc) finish their calls with these.
template WsaBlockingCall<int> WsaThread::Finish<int>(Call& call,
                                                     Ptr<WsaSocket> socket,
                                                     WsaStep step);

// --- startup ----------------------------------------------------------------------------------

int
WsaThread::WSAStartup(uint16_t wVersionRequested, WSADATA* lpWSAData)
{
    std::ostringstream arguments;
    arguments << "wVersionRequested=" << (wVersionRequested & 0xff) << "."
              << (wVersionRequested >> 8);
    Call call(this, "WSAStartup", arguments.str());
    if (IsBlocked() || m_provider->IsInCallback())
    {
        return static_cast<int>(
            call.Return(WsaOutcome{static_cast<int64_t>(WsaError::WSAEINPROGRESS),
                                   WsaError::WSAEINPROGRESS,
                                   {},
                                   {}})
                .value);
    }
    const WsaError error = m_provider->Startup(wVersionRequested, lpWSAData);
    // WSAStartup returns the error code itself and does not set the last error.
    WsaOutcome outcome{static_cast<int64_t>(error), error, {}, {}};
    const WsaError saved = m_lastError;
    call.Return(outcome);
    m_lastError = saved;
    return static_cast<int>(error);
}

int
WsaThread::WSACleanup()
{
    Call call(this, "WSACleanup", "");
    if (auto error = CheckThread())
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(*error)).value);
    }
    m_provider->Cleanup();
    return static_cast<int>(call.Return(WsaOutcome::Ok()).value);
}

int
WsaThread::WSAGetLastError() const
{
    return static_cast<int>(m_lastError);
}

void
WsaThread::WSASetLastError(int error)
{
    m_lastError = static_cast<WsaError>(error);
}

// --- sockets ----------------------------------------------------------------------------------

SOCKET
WsaThread::socket(int af, int type, int protocol)
{
    std::ostringstream arguments;
    arguments << "af=" << af << ", type=" << type << ", protocol=" << protocol;
    Call call(this, "socket", arguments.str());
    // socket function, Remarks: "The socket that is created will have the overlapped attribute
    // as a default."
    return CreateSocket(call, af, type, protocol, true);
}

SOCKET
WsaThread::WSASocket(int af, int type, int protocol, uint32_t dwFlags)
{
    std::ostringstream arguments;
    arguments << "af=" << af << ", type=" << type << ", protocol=" << protocol
              << ", dwFlags=" << dwFlags;
    Call call(this, "WSASocket", arguments.str());
    // WSASocket function, WSA_FLAG_OVERLAPPED: "Create a socket that supports overlapped I/O
    // operations"; without it the socket has no overlapped attribute.
    return CreateSocket(call, af, type, protocol, (dwFlags & WSA_FLAG_OVERLAPPED) != 0);
}

SOCKET
WsaThread::CreateSocket(Call& call, int af, int type, int protocol, bool overlapped)
{
    auto fail = [&call](WsaError error)
    {
        call.Return(WsaOutcome{static_cast<int64_t>(INVALID_SOCKET), error, {}, {}});
        return INVALID_SOCKET;
    };
    if (auto error = CheckThread())
    {
        return fail(*error);
    }
    if (m_provider->IsNetworkDown())
    {
        return fail(WsaError::WSAENETDOWN);
    }
    if (af != WS_AF_INET)
    {
        return fail(WsaError::WSAEAFNOSUPPORT);
    }
    if (type != WS_SOCK_STREAM && type != WS_SOCK_DGRAM)
    {
        return fail(WsaError::WSAESOCKTNOSUPPORT);
    }
    const int expected = type == WS_SOCK_STREAM ? WS_IPPROTO_TCP : WS_IPPROTO_UDP;
    if (protocol != 0 && protocol != expected)
    {
        return fail(protocol == WS_IPPROTO_TCP || protocol == WS_IPPROTO_UDP
                        ? WsaError::WSAEPROTOTYPE
                        : WsaError::WSAEPROTONOSUPPORT);
    }
    Ptr<WsaSocket> socket = CreateObject<WsaSocket>(m_provider, type);
    socket->SetOverlapped(overlapped);
    const SOCKET handle = m_provider->Register(socket);
    call.Return(WsaOutcome::Ok(static_cast<int64_t>(handle)));
    return handle;
}

int
WsaThread::bind(SOCKET s, const Address& name)
{
    Call call(this, "bind", "s=" + HandleText(s) + ", name=" + AddressText(name));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    return static_cast<int>(call.Return(socket->Bind(name)).value);
}

int
WsaThread::listen(SOCKET s, int backlog)
{
    Call call(this, "listen", "s=" + HandleText(s) + ", backlog=" + std::to_string(backlog));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    return static_cast<int>(call.Return(socket->Listen(backlog)).value);
}

WsaBlockingCall<SOCKET>
WsaThread::accept(SOCKET s)
{
    Call call(this, "accept", "s=" + HandleText(s));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<SOCKET> failed;
        failed.Complete(INVALID_SOCKET, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    WsaBlockingCall<SOCKET> result = Finish<SOCKET>(call, socket, socket->Accept());
    // WSAEventSelect function: accept re-enables FD_ACCEPT.
    result.OnDone([socket]() { socket->Reenable(FD_ACCEPT); });
    return result;
}

WsaBlockingCall<int>
WsaThread::connect(SOCKET s, const Address& name)
{
    Call call(this, "connect", "s=" + HandleText(s) + ", name=" + AddressText(name));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    WsaStep step = socket->Connect(name);
    const auto* outcome = std::get_if<WsaOutcome>(&step);
    if (outcome && outcome->error == WsaError::WSAEWOULDBLOCK)
    {
        socket->NoteNonBlockingConnect(); // a failure of this attempt becomes SO_ERROR's
    }
    return Finish<int>(call, socket, std::move(step));
}

WsaBlockingCall<int>
WsaThread::send(SOCKET s, const std::vector<uint8_t>& data, int flags)
{
    Call call(this,
              "send",
              "s=" + HandleText(s) + ", len=" + std::to_string(data.size())
                  + ", flags=" + std::to_string(flags));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    WsaStep step = socket->Send(data);
    const auto* outcome = std::get_if<WsaOutcome>(&step);
    const bool wouldBlock = outcome && outcome->error == WsaError::WSAEWOULDBLOCK;
    WsaBlockingCall<int> result = Finish<int>(call, socket, std::move(step));
    if (wouldBlock)
    {
        // WSAEventSelect function: FD_WRITE is recorded again once a send failed with
        // WSAEWOULDBLOCK and room frees (sock.c test_write_events, ok).
        socket->Reenable(FD_WRITE);
    }
    return result;
}

WsaBlockingCall<int>
WsaThread::recv(SOCKET s, uint32_t len, int flags)
{
    Call call(this,
              "recv",
              "s=" + HandleText(s) + ", len=" + std::to_string(len)
                  + ", flags=" + std::to_string(flags));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    WsaBlockingCall<int> result = Finish<int>(call, socket, socket->Recv(len));
    // WSAEventSelect function: recv re-enables FD_READ, "even one that fails".
    result.OnDone([socket]() { socket->Reenable(FD_READ); });
    return result;
}

int
WsaThread::shutdown(SOCKET s, int how)
{
    Call call(this, "shutdown", "s=" + HandleText(s) + ", how=" + HowText(how));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    return static_cast<int>(call.Return(socket->Shutdown(how)).value);
}

int
WsaThread::WSASendDisconnect(SOCKET s, const WSABUF* lpOutboundDisconnectData)
{
    Call call(this,
              "WSASendDisconnect",
              "s=" + HandleText(s)
                  + ", lpOutboundDisconnectData=" + BufferText(lpOutboundDisconnectData));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    // 5-7: WSAEFAULT, WSAENOPROTOOPT, WSAENOTCONN, then the disconnect (WsaSocket).
    return static_cast<int>(call.Return(socket->SendDisconnect(lpOutboundDisconnectData)).value);
}

int
WsaThread::WSARecvDisconnect(SOCKET s, WSABUF* lpInboundDisconnectData)
{
    Call call(this,
              "WSARecvDisconnect",
              "s=" + HandleText(s)
                  + ", lpInboundDisconnectData=" + BufferText(lpInboundDisconnectData));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    return static_cast<int>(call.Return(socket->RecvDisconnect(lpInboundDisconnectData)).value);
}

WsaBlockingCall<int>
WsaThread::closesocket(SOCKET s)
{
    Call call(this, "closesocket", "s=" + HandleText(s));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    return Finish<int>(call, socket, socket->Close());
}

int
WsaThread::setsockopt(SOCKET s, int level, int optname, const char* optval, int optlen)
{
    std::ostringstream arguments;
    arguments << "s=" << HandleText(s) << ", " << OptionText(level, optname);
    if (optval && optname == WS_SO_LINGER && optlen >= static_cast<int>(sizeof(LINGER)))
    {
        LINGER linger{};
        std::memcpy(&linger, optval, sizeof(LINGER));
        arguments << ", {l_onoff=" << linger.l_onoff << ", l_linger=" << linger.l_linger << "}";
    }
    else if (optval && optname == WS_SO_DONTLINGER && optlen >= static_cast<int>(sizeof(BOOL)))
    {
        BOOL value = 0;
        std::memcpy(&value, optval, sizeof(BOOL));
        arguments << ", " << (value ? "TRUE" : "FALSE");
    }
    arguments << ", optlen=" << optlen;
    Call call(this, "setsockopt", arguments.str());
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    return static_cast<int>(call.Return(socket->SetOption(level, optname, optval, optlen)).value);
}

int
WsaThread::getsockopt(SOCKET s, int level, int optname, char* optval, int* optlen)
{
    Call call(this, "getsockopt", "s=" + HandleText(s) + ", " + OptionText(level, optname));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    WsaOutcome outcome = socket->GetOption(level, optname, optval, optlen);
    if (outcome.error == WsaError::NO_ERROR_ && optname == WS_SO_LINGER)
    {
        LINGER linger{};
        std::memcpy(&linger, optval, sizeof(LINGER));
        outcome.outputs.emplace_back("linger", linger); // the LINGER read
    }
    else if (outcome.error == WsaError::NO_ERROR_)
    {
        int32_t value = 0; // a BOOL or an int (GetOption wrote 4 bytes)
        std::memcpy(&value, optval, sizeof(int32_t));
        outcome.outputs.emplace_back("optval", static_cast<int64_t>(value));
    }
    return static_cast<int>(call.Return(std::move(outcome)).value);
}

int
WsaThread::ioctlsocket(SOCKET s, long cmd, uint32_t* argp)
{
    std::ostringstream arguments;
    arguments << "s=" << HandleText(s) << ", cmd=" << IoctlCommandText(cmd);
    if (argp && cmd != WS_FIONREAD)
    {
        arguments << ", *argp=" << *argp; // FIONREAD's *argp is an out-parameter only
    }
    Call call(this, "ioctlsocket", arguments.str());
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    // 5. Windows Sockets 1.1, ioctlsocket, WSAEINVAL: "cmd is not a valid command".
    if (cmd != WS_FIONBIO && cmd != WS_FIONREAD)
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEINVAL)).value);
    }
    // 6. ioctlsocket function, WSAEFAULT: "The argp parameter is not a valid part of the user
    //    address space."
    if (!argp)
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEFAULT)).value);
    }
    if (cmd == WS_FIONBIO && *argp == 0 && socket->HasEventSelect())
    {
        // 7. WSAEventSelect function: the socket cannot be made blocking while the association
        //    is in force (sock.c test_fionbio, ok: WSAEINVAL).
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEINVAL)).value);
    }
    if (cmd == WS_FIONBIO)
    {
        return static_cast<int>(call.Return(socket->SetNonBlocking(*argp != 0)).value);
    }
    // ioctlsocket function, FIONREAD: "the amount of data that can be read in a single call to
    // the recv function" (a datagram socket: the first datagram's size).
    *argp = socket->GetReadableBytes();
    call.SetOutput("argp", *argp);
    return static_cast<int>(call.Return(WsaOutcome::Ok()).value);
}

// --- Winsock 1.1 blocking hooks -------------------------------------------------------------

int
WsaThread::WSASetBlockingHook(std::function<void()> hook)
{
    Call call(this, "WSASetBlockingHook", hook ? "lpBlockFunc=<hook>" : "lpBlockFunc=NULL");
    if (auto error = CheckThread())
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(*error)).value);
    }
    if (m_provider->GetVersion() != MAKEWORD(1, 1))
    {
        // Removed in Winsock 2: WSAEOPNOTSUPP under version 2.x.
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEOPNOTSUPP)).value);
    }
    if (!hook)
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEFAULT)).value);
    }
    m_blockingHook = std::move(hook);
    return static_cast<int>(call.Return(WsaOutcome::Ok()).value);
}

int
WsaThread::WSAUnhookBlockingHook()
{
    Call call(this, "WSAUnhookBlockingHook", "");
    if (auto error = CheckThread())
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(*error)).value);
    }
    if (m_provider->GetVersion() != MAKEWORD(1, 1))
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEOPNOTSUPP)).value);
    }
    m_blockingHook = nullptr;
    return static_cast<int>(call.Return(WsaOutcome::Ok()).value);
}

BOOL
WsaThread::WSAIsBlocking() const
{
    return IsBlocked() ? 1 : 0;
}

int
WsaThread::WSACancelBlockingCall()
{
    Call call(this, "WSACancelBlockingCall", "");
    if (!m_provider->IsStarted())
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSANOTINITIALISED)).value);
    }
    if (!IsBlocked())
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEINVAL)).value);
    }
    // The cancelled call returns later, in an event of its own, with WSAEINTR.
    Simulator::ScheduleNow(&WsaThread::InterruptBlockingCall, Ptr<WsaThread>(this));
    return static_cast<int>(call.Return(WsaOutcome::Ok()).value);
}

void
WsaThread::InterruptBlockingCall()
{
    if (!IsBlocked())
    {
        return;
    }
    if (!m_blockedOn)
    {
        // select, WSAPoll and the other waits on several objects wait on the provider.
        m_provider->CancelWait(m_blockedTicket, WsaOutcome::Fail(WsaError::WSAEINTR));
        return;
    }
    Ptr<WsaSocket> socket = m_blockedOn;
    socket->CancelWait(m_blockedTicket, WsaOutcome::Fail(WsaError::WSAEINTR));
}

} // namespace ns3

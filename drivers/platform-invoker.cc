// A step's call made on a platform, one handler per call (see platform-invoker.h).
#include "platform-invoker.h"

#include <stdexcept>

namespace wsdsim::driver
{

int64_t
HandleBook::Resolve(const SocketRef& socket) const
{
    if (!socket.IsNamed())
    {
        return socket.number;
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_handles.find(socket.name);
    return it == m_handles.end() ? -1 : it->second;
}

void
HandleBook::Name(const std::string& name, int64_t handle)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_handles[name] = handle;
}

bool
HandleBook::FirstBind(int64_t handle)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_bound.insert(handle).second;
}

PlatformInvoker::PlatformInvoker(Platform& platform,
                                 const DriverCase& testCase,
                                 const DriverStep& step,
                                 uint32_t host,
                                 HandleBook& handles)
    : m_platform(platform)
    , m_case(testCase)
    , m_step(step)
    , m_host(host)
    , m_handles(handles)
{
}

CallResult
PlatformInvoker::Named(CallResult result)
{
    if (result.value != -1 && m_step.as)
    {
        m_handles.Name(*m_step.as, result.value);
    }
    return result;
}

uint16_t
PlatformInvoker::Port(int64_t port) const
{
    return static_cast<uint16_t>(port + m_case.portOffset);
}

CallResult
PlatformInvoker::operator()(const calls::WsaStartup& call)
{
    return m_platform.Startup(call.version, call.nullData);
}

CallResult
PlatformInvoker::operator()(const calls::WsaCleanup&)
{
    return m_platform.Cleanup();
}

CallResult
PlatformInvoker::operator()(const calls::Socket& call)
{
    CallResult r = m_platform.Socket(call.af, call.type, call.protocol);
    if (r.value != -1)
    {
        // the case's buffer sizes and MSS (the model's hosts have them for every socket)
        m_platform.SetBufferSizes(
            r.value, m_case.receiveBuffer, m_case.sendBuffer, m_case.segmentSize);
    }
    return Named(r);
}

CallResult
PlatformInvoker::operator()(const calls::Bind& call)
{
    const int64_t s = m_handles.Resolve(call.s);
    m_handles.FirstBind(s);
    const auto host = static_cast<uint32_t>(call.host.value_or(m_host));
    return m_platform.Bind(s, m_case.hosts.at(host), Port(call.port));
}

CallResult
PlatformInvoker::operator()(const calls::Listen& call)
{
    return m_platform.Listen(m_handles.Resolve(call.s), static_cast<int>(call.backlog));
}

CallResult
PlatformInvoker::operator()(const calls::Accept& call)
{
    return Named(m_platform.Accept(m_handles.Resolve(call.s)));
}

CallResult
PlatformInvoker::operator()(const calls::Connect& call)
{
    const int64_t s = m_handles.Resolve(call.s);
    if (m_handles.FirstBind(s))
    {
        // leave from the thread's host address, as the model's host does
        m_platform.Bind(s, m_case.hosts.at(m_host), 0);
    }
    return m_platform.Connect(s, m_case.hosts.at(static_cast<size_t>(call.host)), Port(call.port));
}

CallResult
PlatformInvoker::operator()(const calls::Send& call)
{
    return m_platform.Send(m_handles.Resolve(call.s), OfferedBytes(call));
}

CallResult
PlatformInvoker::operator()(const calls::Recv& call)
{
    return m_platform.Recv(m_handles.Resolve(call.s), static_cast<uint32_t>(call.len));
}

CallResult
PlatformInvoker::operator()(const calls::Shutdown& call)
{
    return m_platform.Shutdown(m_handles.Resolve(call.s), static_cast<int>(call.how));
}

CallResult
PlatformInvoker::operator()(const calls::WsaSendDisconnect& call)
{
    return m_platform.SendDisconnect(m_handles.Resolve(call.s), call.data);
}

CallResult
PlatformInvoker::operator()(const calls::WsaRecvDisconnect& call)
{
    return m_platform.RecvDisconnect(m_handles.Resolve(call.s), call.buffer);
}

CallResult
PlatformInvoker::operator()(const calls::CloseSocket& call)
{
    return m_platform.CloseSocket(m_handles.Resolve(call.s));
}

CallResult
PlatformInvoker::operator()(const calls::SetSockOpt& call)
{
    const int64_t s = m_handles.Resolve(call.s);
    if (call.option == WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_LINGER"))
    {
        return m_platform.SetLinger(s,
                                    static_cast<uint16_t>(call.onoff.value_or(0)),
                                    static_cast<uint16_t>(call.seconds.value_or(0)),
                                    call.optlen);
    }
    // SO_DONTLINGER and SO_KEEPALIVE take a BOOL
    return m_platform.SetBoolOption(s, call.option, call.value.value_or(false), call.optlen);
}

CallResult
PlatformInvoker::operator()(const calls::GetSockOpt& call)
{
    return m_platform.GetOption(m_handles.Resolve(call.s), call.option);
}

CallResult
PlatformInvoker::operator()(const calls::IoctlSocket& call)
{
    return m_platform.IoctlSocket(
        m_handles.Resolve(call.s), call.cmd, static_cast<uint32_t>(call.value.value_or(0)));
}

CallResult
PlatformInvoker::operator()(const calls::WsaSetBlockingHook&)
{
    // Never reached: every platform's CanExpress refuses the Winsock 1.1 blocking hooks.
    throw std::logic_error("WSASetBlockingHook reached a platform that cannot express it");
}

CallResult
PlatformInvoker::operator()(const calls::WsaCancelBlockingCall&)
{
    // Never reached: every platform's CanExpress refuses the Winsock 1.1 blocking hooks.
    throw std::logic_error("WSACancelBlockingCall reached a platform that cannot express it");
}

CallResult
PlatformInvoker::operator()(const calls::WsaSocket&)
{
    throw std::logic_error("issue 12: WsaSocket is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::SendTo&)
{
    throw std::logic_error("issue 12: SendTo is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::RecvFrom&)
{
    throw std::logic_error("issue 12: RecvFrom is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::GetPeerName&)
{
    throw std::logic_error("issue 12: GetPeerName is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::GetSockName&)
{
    throw std::logic_error("issue 12: GetSockName is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::Select&)
{
    throw std::logic_error("issue 12: Select is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaPoll&)
{
    throw std::logic_error("issue 12: WsaPoll is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaCreateEvent&)
{
    throw std::logic_error("issue 12: WsaCreateEvent is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaCloseEvent&)
{
    throw std::logic_error("issue 12: WsaCloseEvent is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaResetEvent&)
{
    throw std::logic_error("issue 12: WsaResetEvent is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaEventSelect&)
{
    throw std::logic_error("issue 12: WsaEventSelect is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaWaitForMultipleEvents&)
{
    throw std::logic_error("issue 12: WsaWaitForMultipleEvents is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaEnumNetworkEvents&)
{
    throw std::logic_error("issue 12: WsaEnumNetworkEvents is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaRecv&)
{
    throw std::logic_error("issue 12: WsaRecv is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaSend&)
{
    throw std::logic_error("issue 12: WsaSend is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaGetOverlappedResult&)
{
    throw std::logic_error("issue 12: WsaGetOverlappedResult is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::CancelIo&)
{
    throw std::logic_error("issue 12: CancelIo is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::CancelIoEx&)
{
    throw std::logic_error("issue 12: CancelIoEx is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::CreateIoCompletionPort&)
{
    throw std::logic_error("issue 12: CreateIoCompletionPort is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::GetQueuedCompletionStatus&)
{
    throw std::logic_error("issue 12: GetQueuedCompletionStatus is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::WsaIoctl&)
{
    throw std::logic_error("issue 12: WsaIoctl is not handed to the platform yet");
}

CallResult
PlatformInvoker::operator()(const calls::DisconnectEx&)
{
    throw std::logic_error("issue 12: DisconnectEx is not handed to the platform yet");
}

} // namespace wsdsim::driver

// A step's call made on a platform, one handler per call (see platform-invoker.h).
#include "platform-invoker.h"

#include <algorithm>
#include <set>
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
    if (!m_step.as)
    {
        return result;
    }
    if (result.handle)
    {
        m_handles.Name(*m_step.as, *result.handle);
    }
    else if (InfoOf(m_step.call).names == HandleKind::SOCKET && result.value != -1)
    {
        // socket, accept, WSASocket return the handle itself (INVALID_SOCKET: -1)
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
    if (call.nullOptval)
    {
        return m_platform.SetNullOption(s, call.option, call.optlen);
    }
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
PlatformInvoker::operator()(const calls::WsaSocket& call)
{
    CallResult r = m_platform.WsaSocket(call.af, call.type, call.protocol, call.flags);
    if (r.value != -1)
    {
        m_platform.SetBufferSizes(
            r.value, m_case.receiveBuffer, m_case.sendBuffer, m_case.segmentSize);
    }
    return Named(r);
}

CallResult
PlatformInvoker::operator()(const calls::SendTo& call)
{
    const int64_t s = m_handles.Resolve(call.s);
    std::optional<Endpoint> to;
    if (call.host)
    {
        to = Endpoint{m_case.hosts.at(static_cast<size_t>(*call.host)), Port(call.port)};
    }
    if (m_handles.FirstBind(s))
    {
        // An unbound socket is bound by sendto: from the thread's host address, as the model's
        // host does (as connect's implicit bind)
        m_platform.Bind(s, m_case.hosts.at(m_host), 0);
    }
    return m_platform.SendTo(s, OfferedBytes(call), to);
}

CallResult
PlatformInvoker::operator()(const calls::RecvFrom& call)
{
    std::optional<Endpoint> from;
    CallResult r
        = m_platform.RecvFrom(m_handles.Resolve(call.s), static_cast<uint32_t>(call.len), &from);
    AddAddress(r, "from", from);
    return r;
}

CallResult
PlatformInvoker::operator()(const calls::GetPeerName& call)
{
    std::optional<Endpoint> name;
    CallResult r = m_platform.GetPeerName(m_handles.Resolve(call.s), &name);
    AddAddress(r, "address", name);
    return r;
}

CallResult
PlatformInvoker::operator()(const calls::GetSockName& call)
{
    std::optional<Endpoint> name;
    CallResult r = m_platform.GetSockName(m_handles.Resolve(call.s), &name);
    AddAddress(r, "address", name);
    return r;
}

CallResult
PlatformInvoker::operator()(const calls::Select& call)
{
    SocketSets sets;
    SocketSets ready;
    const std::vector<SocketRef>* lists[] = {&call.read, &call.write, &call.except};
    std::vector<int64_t>* handles[] = {&sets.read, &sets.write, &sets.except};
    const std::vector<int64_t>* left[] = {&ready.read, &ready.write, &ready.except};
    for (size_t i = 0; i < 3; ++i)
    {
        for (const auto& socket : *lists[i])
        {
            handles[i]->push_back(m_handles.Resolve(socket));
        }
    }
    CallResult r = m_platform.Select(sets, call.timeoutNs, &ready);
    if (r.value == -1)
    {
        return r; // the sets are not the result's: Winsock leaves them as they were
    }
    const char* keys[] = {"read", "write", "except"};
    for (size_t i = 0; i < 3; ++i)
    {
        if (lists[i]->empty())
        {
            continue; // a NULL set has nothing to give back
        }
        std::set<std::string> names;
        for (const auto& socket : *lists[i])
        {
            const int64_t handle = m_handles.Resolve(socket);
            if (std::find(left[i]->begin(), left[i]->end(), handle) != left[i]->end())
            {
                names.insert(RefName(socket));
            }
        }
        r.outputs[keys[i]] = names;
    }
    return r;
}

CallResult
PlatformInvoker::operator()(const calls::WsaPoll& call)
{
    std::vector<PollEntry> entries;
    for (const auto& fd : call.fds)
    {
        entries.push_back({m_handles.Resolve(fd.s), fd.events, 0, 0});
    }
    CallResult r = m_platform.Poll(entries, call.timeoutNs);
    // The array as the call left it, also after a failure (WSAENOTSOCK sets every POLLNVAL).
    nlohmann::json revents = nlohmann::json::array();
    nlohmann::json raw = nlohmann::json::array();
    for (const auto& entry : entries)
    {
        revents.push_back(FlagNames(SymbolFamily::POLL_EVENT, entry.revents));
        raw.push_back(entry.rawRevents);
    }
    r.outputs["revents"] = revents;
    r.outputs["revents_raw"] = raw;
    return r;
}

CallResult
PlatformInvoker::operator()(const calls::WsaCreateEvent&)
{
    return Named(Async().NewEvent());
}

CallResult
PlatformInvoker::operator()(const calls::WsaCloseEvent& call)
{
    return Async().CloseEvent(m_handles.Resolve(call.event));
}

CallResult
PlatformInvoker::operator()(const calls::WsaResetEvent& call)
{
    return Async().ResetEvent(m_handles.Resolve(call.event));
}

CallResult
PlatformInvoker::operator()(const calls::WsaEventSelect& call)
{
    return Async().EventSelect(m_handles.Resolve(call.s), Resolve(call.event), call.events);
}

CallResult
PlatformInvoker::operator()(const calls::WsaWaitForMultipleEvents& call)
{
    std::vector<int64_t> events;
    for (const auto& event : call.events)
    {
        events.push_back(m_handles.Resolve(event));
    }
    CallResult r = Async().WaitForEvents(events, call.waitAll, call.timeoutNs);
    // WSA_WAIT_EVENT_0 + index names the event
    if (r.value >= 0 && static_cast<size_t>(r.value) < call.events.size())
    {
        r.outputs["signalled"] = RefName(call.events[static_cast<size_t>(r.value)]);
    }
    return r;
}

CallResult
PlatformInvoker::operator()(const calls::WsaEnumNetworkEvents& call)
{
    return Async().EnumNetworkEvents(m_handles.Resolve(call.s), Resolve(call.event));
}

CallResult
PlatformInvoker::operator()(const calls::WsaRecv& call)
{
    const int64_t s = m_handles.Resolve(call.s);
    const auto length = static_cast<uint32_t>(call.len);
    if (!call.overlapped)
    {
        return m_platform.WsaRecv(s, length);
    }
    return Async().OverlappedRecv(s, length, {*call.overlapped, Resolve(call.event)});
}

CallResult
PlatformInvoker::operator()(const calls::WsaSend& call)
{
    const int64_t s = m_handles.Resolve(call.s);
    if (!call.overlapped)
    {
        return m_platform.WsaSend(s, OfferedBytes(call));
    }
    return Async().OverlappedSend(s, OfferedBytes(call), {*call.overlapped, Resolve(call.event)});
}

CallResult
PlatformInvoker::operator()(const calls::WsaGetOverlappedResult& call)
{
    return Async().GetOverlappedResult(m_handles.Resolve(call.s), call.overlapped, call.wait);
}

CallResult
PlatformInvoker::operator()(const calls::CancelIo& call)
{
    return Async().CancelIo(m_handles.Resolve(call.s));
}

CallResult
PlatformInvoker::operator()(const calls::CancelIoEx& call)
{
    return Async().CancelIoEx(m_handles.Resolve(call.s), call.overlapped);
}

CallResult
PlatformInvoker::operator()(const calls::CreateIoCompletionPort& call)
{
    return Named(Async().CreateCompletionPort(Resolve(call.s), Resolve(call.port), call.key));
}

CallResult
PlatformInvoker::operator()(const calls::GetQueuedCompletionStatus& call)
{
    return Async().GetQueuedCompletion(m_handles.Resolve(call.port), call.timeoutNs);
}

CallResult
PlatformInvoker::operator()(const calls::WsaIoctl& call)
{
    return Named(Async().GetExtensionFunction(m_handles.Resolve(call.s), call.code, call.guid));
}

CallResult
PlatformInvoker::operator()(const calls::DisconnectEx& call)
{
    std::optional<OverlappedRef> overlapped;
    if (call.overlapped)
    {
        overlapped = OverlappedRef{*call.overlapped, Resolve(call.event)};
    }
    return Async().DisconnectEx(
        m_handles.Resolve(call.via), m_handles.Resolve(call.s), overlapped, call.flags);
}

AsyncPlatform&
PlatformInvoker::Async() const
{
    AsyncPlatform* async = m_platform.Async();
    if (async == nullptr)
    {
        // Never reached: a platform without asynchronous I/O refuses such a case in CanExpress.
        throw std::logic_error(std::string(CallName(m_step.call))
                               + " reached a platform without Windows' asynchronous I/O");
    }
    return *async;
}

std::optional<int64_t>
PlatformInvoker::Resolve(const std::optional<HandleRef>& handle) const
{
    if (!handle)
    {
        return std::nullopt;
    }
    return m_handles.Resolve(*handle);
}

std::string
PlatformInvoker::RefName(const SocketRef& handle)
{
    return handle.IsNamed() ? handle.name : std::to_string(handle.number);
}

void
PlatformInvoker::AddAddress(CallResult& result,
                            const std::string& key,
                            const std::optional<Endpoint>& address) const
{
    if (!address)
    {
        return;
    }
    // Scenarios name addresses by host (0 or 1) and their own port numbers. An address of no host
    // of the case (not bound to one) is host -1 with the port as given, as the model writes it,
    // and the address as the implementation gave it beside.
    const auto host = std::find(m_case.hosts.begin(), m_case.hosts.end(), address->address);
    const int64_t port = static_cast<int64_t>(address->port) - m_case.portOffset;
    if (host == m_case.hosts.end() || port < 0)
    {
        result.outputs[key] = {{"host", -1}, {"port", address->port}};
        result.outputs[key + "_raw"] = address->address + ":" + std::to_string(address->port);
        return;
    }
    result.outputs[key] = {{"host", host - m_case.hosts.begin()}, {"port", port}};
}

} // namespace wsdsim::driver

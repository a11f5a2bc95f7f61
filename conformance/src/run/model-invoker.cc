// A step's call made on the ns-3 Winsock model (see model-invoker.h).
#include "run/model-invoker.h"

#include "wsa-address-space.h"
#include "wsa-provider.h"

#include "ns3/inet-socket-address.h"

#include <stdexcept>
#include <vector>

namespace wsdsim
{

using namespace ns3;

namespace
{

/// An address of the model's unmapped region (no descriptor there is valid).
constexpr WsaAddress kUnmappedAddress = 0x7ffe0000;

} // namespace

SOCKET
ModelHandles::Resolve(const SocketRef& socket) const
{
    if (!socket.IsNamed())
    {
        return static_cast<SOCKET>(socket.number);
    }
    auto it = m_byName.find(socket.name);
    return it == m_byName.end() ? INVALID_SOCKET : it->second;
}

void
ModelHandles::Name(const std::string& name, uint32_t host, SOCKET handle)
{
    m_byName[name] = handle;
    m_byHandle[{host, handle}] = name;
}

std::string
ModelHandles::NameOf(uint32_t host, SOCKET handle) const
{
    auto it = m_byHandle.find({host, handle});
    return it == m_byHandle.end() ? "" : it->second;
}

ModelInvoker::ModelInvoker(const Step& step,
                           Ptr<WsaThread> thread,
                           uint32_t host,
                           WsaTwoHosts& net,
                           ModelHandles& handles,
                           std::function<void()> runHook)
    : m_step(step)
    , m_thread(thread)
    , m_host(host)
    , m_net(net)
    , m_handles(handles)
    , m_runHook(std::move(runHook))
{
}

WsaBlockingCall<int64_t>
ModelInvoker::Returned(int64_t value, bool failed) const
{
    WsaBlockingCall<int64_t> call;
    call.Complete(
        value, failed ? static_cast<WsaError>(m_thread->WSAGetLastError()) : WsaError::NO_ERROR_);
    return call;
}

template <typename T>
WsaBlockingCall<int64_t>
ModelInvoker::Adopt(WsaBlockingCall<T> call)
{
    WsaBlockingCall<int64_t> result;
    if constexpr (std::is_same_v<T, SOCKET>)
    {
        // accept's handle gets its name once the call returns one
        const std::optional<std::string> as = m_step.as;
        ModelHandles& handles = m_handles;
        const uint32_t host = m_host;
        call.OnDone(
            [call, result, as, &handles, host]()
            {
                if (as && call.GetResult() != INVALID_SOCKET)
                {
                    handles.Name(*as, host, call.GetResult());
                }
                result.Complete(static_cast<int64_t>(call.GetResult()), call.GetError());
            });
    }
    else
    {
        call.OnDone([call, result]()
                    { result.Complete(static_cast<int64_t>(call.GetResult()), call.GetError()); });
    }
    return result;
}

WSABUF
ModelInvoker::Buffer(const MemoryRef& memory) const
{
    Ptr<WsaAddressSpace> space = m_net.GetProvider(m_host)->GetAddressSpace();
    switch (memory.kind)
    {
        case MemoryRef::Kind::NONE:
            return WSABUF{0, 0}; // not used: NONE is passed as a NULL descriptor pointer
        case MemoryRef::Kind::TEXT:
            return space->Allocate(memory.text);
        case MemoryRef::Kind::CAPACITY:
            return space->AllocateZeroed(memory.capacity);
        case MemoryRef::Kind::PAST_END:
        {
            // starts inside a 4-byte buffer and runs 4 bytes past its end
            const WSABUF region = space->Allocate("abcd");
            return WSABUF{region.len + 4, region.buf};
        }
        case MemoryRef::Kind::NULL_ADDRESS:
            return WSABUF{4, 0};
        case MemoryRef::Kind::UNMAPPED:
            return WSABUF{4, kUnmappedAddress};
        case MemoryRef::Kind::BAD_DESCRIPTOR:
            throw std::logic_error("issue 12: the model takes no bad WSABUF pointer yet");
    }
    return WSABUF{0, 0};
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaStartup& call)
{
    // WSAStartup returns its error code itself.
    WSADATA data{};
    const auto major = static_cast<uint8_t>(call.version[0] - '0');
    const auto minor = static_cast<uint8_t>(call.version[2] - '0');
    const int code = m_thread->WSAStartup(MAKEWORD(major, minor), call.nullData ? nullptr : &data);
    WsaBlockingCall<int64_t> result;
    result.Complete(code, static_cast<WsaError>(code));
    return result;
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaCleanup&)
{
    const int r = m_thread->WSACleanup();
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Socket& call)
{
    const SOCKET s = m_thread->socket(
        static_cast<int>(call.af), static_cast<int>(call.type), static_cast<int>(call.protocol));
    if (m_step.as && s != INVALID_SOCKET)
    {
        m_handles.Name(*m_step.as, m_host, s);
    }
    return Returned(static_cast<int64_t>(s), s == INVALID_SOCKET);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Bind& call)
{
    const auto host = static_cast<uint32_t>(call.host.value_or(m_host));
    const int r = m_thread->bind(
        m_handles.Resolve(call.s),
        InetSocketAddress(m_net.GetAddress(host), static_cast<uint16_t>(call.port)));
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Listen& call)
{
    const int r = m_thread->listen(m_handles.Resolve(call.s), static_cast<int>(call.backlog));
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Accept& call)
{
    return Adopt(m_thread->accept(m_handles.Resolve(call.s)));
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Connect& call)
{
    return Adopt(
        m_thread->connect(m_handles.Resolve(call.s),
                          InetSocketAddress(m_net.GetAddress(static_cast<uint32_t>(call.host)),
                                            static_cast<uint16_t>(call.port))));
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Send& call)
{
    const std::string offered = OfferedBytes(call);
    return Adopt(m_thread->send(m_handles.Resolve(call.s),
                                std::vector<uint8_t>(offered.begin(), offered.end())));
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Recv& call)
{
    return Adopt(m_thread->recv(m_handles.Resolve(call.s), static_cast<uint32_t>(call.len)));
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Shutdown& call)
{
    const int r = m_thread->shutdown(m_handles.Resolve(call.s), static_cast<int>(call.how));
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaSendDisconnect& call)
{
    const WSABUF buffer = Buffer(call.data);
    const int r = m_thread->WSASendDisconnect(
        m_handles.Resolve(call.s), call.data.kind == MemoryRef::Kind::NONE ? nullptr : &buffer);
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaRecvDisconnect& call)
{
    WSABUF buffer = Buffer(call.buffer);
    const int r = m_thread->WSARecvDisconnect(
        m_handles.Resolve(call.s), call.buffer.kind == MemoryRef::Kind::NONE ? nullptr : &buffer);
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::CloseSocket& call)
{
    return Adopt(m_thread->closesocket(m_handles.Resolve(call.s)));
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::SetSockOpt& call)
{
    const SOCKET s = m_handles.Resolve(call.s);
    const auto option = static_cast<int>(call.option);
    int r = 0;
    if (option == WS_SO_LINGER)
    {
        const LINGER linger{static_cast<uint16_t>(call.onoff.value_or(0)),
                            static_cast<uint16_t>(call.seconds.value_or(0))};
        r = m_thread->setsockopt(s,
                                 WS_SOL_SOCKET,
                                 option,
                                 reinterpret_cast<const char*>(&linger),
                                 static_cast<int>(call.optlen.value_or(sizeof(LINGER))));
    }
    else
    {
        // SO_DONTLINGER and SO_KEEPALIVE take a BOOL
        const BOOL value = call.value.value_or(false) ? 1 : 0;
        r = m_thread->setsockopt(s,
                                 WS_SOL_SOCKET,
                                 option,
                                 reinterpret_cast<const char*>(&value),
                                 static_cast<int>(call.optlen.value_or(sizeof(BOOL))));
    }
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::GetSockOpt& call)
{
    char value[16] = {};
    int length = sizeof(value);
    const int r = m_thread->getsockopt(
        m_handles.Resolve(call.s), WS_SOL_SOCKET, static_cast<int>(call.option), value, &length);
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::IoctlSocket& call)
{
    // FIONBIO takes *argp; FIONREAD writes it
    auto argp = static_cast<uint32_t>(call.value.value_or(0));
    const int r
        = m_thread->ioctlsocket(m_handles.Resolve(call.s), static_cast<long>(call.cmd), &argp);
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaSetBlockingHook&)
{
    const int r = m_thread->WSASetBlockingHook(m_runHook);
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaCancelBlockingCall&)
{
    const int r = m_thread->WSACancelBlockingCall();
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaSocket&)
{
    throw std::logic_error("issue 12: the model does not make WsaSocket yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::SendTo&)
{
    throw std::logic_error("issue 12: the model does not make SendTo yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::RecvFrom&)
{
    throw std::logic_error("issue 12: the model does not make RecvFrom yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::GetPeerName&)
{
    throw std::logic_error("issue 12: the model does not make GetPeerName yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::GetSockName&)
{
    throw std::logic_error("issue 12: the model does not make GetSockName yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Select&)
{
    throw std::logic_error("issue 12: the model does not make Select yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaPoll&)
{
    throw std::logic_error("issue 12: the model does not make WsaPoll yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaCreateEvent&)
{
    throw std::logic_error("issue 12: the model does not make WsaCreateEvent yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaCloseEvent&)
{
    throw std::logic_error("issue 12: the model does not make WsaCloseEvent yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaResetEvent&)
{
    throw std::logic_error("issue 12: the model does not make WsaResetEvent yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaEventSelect&)
{
    throw std::logic_error("issue 12: the model does not make WsaEventSelect yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaWaitForMultipleEvents&)
{
    throw std::logic_error("issue 12: the model does not make WsaWaitForMultipleEvents yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaEnumNetworkEvents&)
{
    throw std::logic_error("issue 12: the model does not make WsaEnumNetworkEvents yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaRecv&)
{
    throw std::logic_error("issue 12: the model does not make WsaRecv yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaSend&)
{
    throw std::logic_error("issue 12: the model does not make WsaSend yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaGetOverlappedResult&)
{
    throw std::logic_error("issue 12: the model does not make WsaGetOverlappedResult yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::CancelIo&)
{
    throw std::logic_error("issue 12: the model does not make CancelIo yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::CancelIoEx&)
{
    throw std::logic_error("issue 12: the model does not make CancelIoEx yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::CreateIoCompletionPort&)
{
    throw std::logic_error("issue 12: the model does not make CreateIoCompletionPort yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::GetQueuedCompletionStatus&)
{
    throw std::logic_error("issue 12: the model does not make GetQueuedCompletionStatus yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaIoctl&)
{
    throw std::logic_error("issue 12: the model does not make WsaIoctl yet");
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::DisconnectEx&)
{
    throw std::logic_error("issue 12: the model does not make DisconnectEx yet");
}

} // namespace wsdsim

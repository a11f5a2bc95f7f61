// A step's call made on the ns-3 Winsock model (see model-invoker.h).
#include "run/model-invoker.h"

#include "ns3/inet-socket-address.h"
#include "ns3/wsa-address-space.h"
#include "ns3/wsa-provider.h"

#include <array>
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

uint64_t
ModelHandles::ResolveOr(const std::optional<HandleRef>& handle, uint64_t absent) const
{
    return handle ? Resolve(*handle) : absent;
}

std::string
ModelHandles::NameOf(uint32_t host, uint64_t handle) const
{
    auto it = m_byHandle.find({host, handle});
    return it == m_byHandle.end() ? "" : it->second;
}

WSAOVERLAPPED*
ModelHandles::Overlapped(const std::string& name, uint32_t host)
{
    auto& overlapped = m_overlapped[name];
    if (!overlapped)
    {
        overlapped = std::make_unique<WSAOVERLAPPED>(); // zeroed, as programs make them
        m_byHandle[{host, reinterpret_cast<uintptr_t>(overlapped.get())}] = name;
    }
    return overlapped.get();
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
            return WSABUF{0, 0}; // not used: the descriptor pointer itself is the fault
    }
    return WSABUF{0, 0};
}

const WSABUF*
ModelInvoker::Descriptor(const MemoryRef& memory, const WSABUF& buffer) const
{
    switch (memory.kind)
    {
        case MemoryRef::Kind::NONE:
            return nullptr;
        case MemoryRef::Kind::BAD_DESCRIPTOR:
            return WsaAddressSpace::UnmappedDescriptor(); // a pointer outside the address space
        case MemoryRef::Kind::TEXT:
        case MemoryRef::Kind::CAPACITY:
        case MemoryRef::Kind::PAST_END:
        case MemoryRef::Kind::NULL_ADDRESS:
        case MemoryRef::Kind::UNMAPPED:
            return &buffer; // a valid descriptor (its buf may be the fault)
    }
    return nullptr;
}

WSAOVERLAPPED*
ModelInvoker::Overlapped(const std::optional<std::string>& name,
                         const std::optional<HandleRef>& event)
{
    if (!name)
    {
        return nullptr;
    }
    WSAOVERLAPPED* overlapped = m_handles.Overlapped(*name, m_host);
    overlapped->hEvent = m_handles.ResolveOr(event, WSA_INVALID_EVENT);
    return overlapped;
}

void
ModelInvoker::NameResult(uint64_t handle, uint64_t invalid)
{
    if (m_step.as && handle != invalid)
    {
        m_handles.Name(*m_step.as, m_host, handle);
    }
}

template <typename T>
WsaBlockingCall<int64_t>
ModelInvoker::Adopt(WsaBlockingCall<T> call, std::shared_ptr<void> keep)
{
    WsaBlockingCall<int64_t> result;
    // A WAIT result (WSA_WAIT_FAILED) and a BOOL read as signed 32-bit numbers.
    call.OnDone([call, result, keep]()
                { result.Complete(static_cast<int32_t>(call.GetResult()), call.GetError()); });
    return result;
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
    const int r
        = m_thread->WSASendDisconnect(m_handles.Resolve(call.s), Descriptor(call.data, buffer));
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaRecvDisconnect& call)
{
    WSABUF buffer = Buffer(call.buffer);
    // The model reads no unmapped descriptor: WSARecvDisconnect fails before writing to it.
    const int r = m_thread->WSARecvDisconnect(m_handles.Resolve(call.s),
                                              const_cast<WSABUF*>(Descriptor(call.buffer, buffer)));
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
    // SO_LINGER takes a LINGER; SO_DONTLINGER and SO_KEEPALIVE a BOOL; "optval": null passes
    // NULL with the optlen given (or the value's size)
    const LINGER linger{static_cast<uint16_t>(call.onoff.value_or(0)),
                        static_cast<uint16_t>(call.seconds.value_or(0))};
    const BOOL value = call.value.value_or(false) ? 1 : 0;
    const bool isLinger = option == WS_SO_LINGER;
    const char* optval
        = isLinger ? reinterpret_cast<const char*>(&linger) : reinterpret_cast<const char*>(&value);
    const size_t size = isLinger ? sizeof(LINGER) : sizeof(BOOL);
    const int r = m_thread->setsockopt(s,
                                       WS_SOL_SOCKET,
                                       option,
                                       call.nullOptval ? nullptr : optval,
                                       static_cast<int>(call.optlen.value_or(size)));
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
ModelInvoker::operator()(const calls::WsaSocket& call)
{
    const SOCKET s = m_thread->WSASocket(static_cast<int>(call.af),
                                         static_cast<int>(call.type),
                                         static_cast<int>(call.protocol),
                                         static_cast<uint32_t>(call.flags));
    NameResult(s, INVALID_SOCKET);
    return Returned(static_cast<int64_t>(s), s == INVALID_SOCKET);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::SendTo& call)
{
    const std::string offered = OfferedBytes(call);
    std::optional<Address> to;
    if (call.host)
    {
        to = InetSocketAddress(m_net.GetAddress(static_cast<uint32_t>(*call.host)),
                               static_cast<uint16_t>(call.port));
    }
    return Adopt(m_thread->sendto(m_handles.Resolve(call.s),
                                  std::vector<uint8_t>(offered.begin(), offered.end()),
                                  to ? &*to : nullptr));
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::RecvFrom& call)
{
    // the sender is recorded as the out-parameter "from"
    return Adopt(
        m_thread->recvfrom(m_handles.Resolve(call.s), static_cast<uint32_t>(call.len), nullptr));
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::GetPeerName& call)
{
    Address name;
    const int r = m_thread->getpeername(m_handles.Resolve(call.s), &name);
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::GetSockName& call)
{
    Address name;
    const int r = m_thread->getsockname(m_handles.Resolve(call.s), &name);
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::Select& call)
{
    // Each set lives until select returns; an empty one is passed as NULL.
    auto sets = std::make_shared<std::array<WS_fd_set, 3>>();
    const std::array<const std::vector<SocketRef>*, 3> given{&call.read, &call.write, &call.except};
    std::array<WS_fd_set*, 3> pointers{};
    for (size_t i = 0; i < 3; ++i)
    {
        for (const auto& socket : *given[i])
        {
            (*sets)[i].fd_array.push_back(m_handles.Resolve(socket));
        }
        pointers[i] = given[i]->empty() ? nullptr : &(*sets)[i];
    }
    std::optional<TIMEVAL> timeout;
    if (call.timeoutNs)
    {
        timeout = TIMEVAL{static_cast<int32_t>(*call.timeoutNs / 1'000'000'000),
                          static_cast<int32_t>(*call.timeoutNs % 1'000'000'000 / 1000)};
    }
    return Adopt(
        m_thread->select(0, pointers[0], pointers[1], pointers[2], timeout ? &*timeout : nullptr),
        sets);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaPoll& call)
{
    auto fds = std::make_shared<std::vector<WSAPOLLFD>>();
    for (const auto& fd : call.fds)
    {
        fds->push_back(WSAPOLLFD{m_handles.Resolve(fd.s), static_cast<int16_t>(fd.events), 0});
    }
    // WSAPoll's timeout is in milliseconds; none is a negative one (for ever)
    const int timeout = call.timeoutNs ? static_cast<int>(*call.timeoutNs / 1'000'000) : -1;
    return Adopt(m_thread->WSAPoll(fds->data(), static_cast<uint32_t>(fds->size()), timeout), fds);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaCreateEvent&)
{
    const WSAEVENT event = m_thread->WSACreateEvent();
    NameResult(event, WSA_INVALID_EVENT);
    return Returned(static_cast<int64_t>(event), event == WSA_INVALID_EVENT);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaCloseEvent& call)
{
    const BOOL r = m_thread->WSACloseEvent(m_handles.Resolve(call.event));
    return Returned(r, r == 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaResetEvent& call)
{
    const BOOL r = m_thread->WSAResetEvent(m_handles.Resolve(call.event));
    return Returned(r, r == 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaEventSelect& call)
{
    const int r = m_thread->WSAEventSelect(m_handles.Resolve(call.s),
                                           m_handles.ResolveOr(call.event, WSA_INVALID_EVENT),
                                           static_cast<int32_t>(call.events));
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaWaitForMultipleEvents& call)
{
    auto events = std::make_shared<std::vector<WSAEVENT>>();
    for (const auto& event : call.events)
    {
        events->push_back(m_handles.Resolve(event));
    }
    const uint32_t timeout
        = call.timeoutNs ? static_cast<uint32_t>(*call.timeoutNs / 1'000'000) : WSA_INFINITE;
    return Adopt(m_thread->WSAWaitForMultipleEvents(static_cast<uint32_t>(events->size()),
                                                    events->data(),
                                                    call.waitAll ? 1 : 0,
                                                    timeout,
                                                    0),
                 events);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaEnumNetworkEvents& call)
{
    WSANETWORKEVENTS events;
    const int r = m_thread->WSAEnumNetworkEvents(
        m_handles.Resolve(call.s), m_handles.ResolveOr(call.event, WSA_INVALID_EVENT), &events);
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaRecv& call)
{
    auto bytes = std::make_shared<uint32_t>(0);
    return Adopt(m_thread->WSARecv(m_handles.Resolve(call.s),
                                   static_cast<uint32_t>(call.len),
                                   bytes.get(),
                                   Overlapped(call.overlapped, call.event)),
                 bytes);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaSend& call)
{
    const std::string offered = OfferedBytes(call);
    auto bytes = std::make_shared<uint32_t>(0);
    return Adopt(m_thread->WSASend(m_handles.Resolve(call.s),
                                   std::vector<uint8_t>(offered.begin(), offered.end()),
                                   bytes.get(),
                                   Overlapped(call.overlapped, call.event)),
                 bytes);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaGetOverlappedResult& call)
{
    auto results = std::make_shared<std::array<uint32_t, 2>>(); // cbTransfer, dwFlags
    return Adopt(m_thread->WSAGetOverlappedResult(m_handles.Resolve(call.s),
                                                  m_handles.Overlapped(call.overlapped, m_host),
                                                  &(*results)[0],
                                                  call.wait ? 1 : 0,
                                                  &(*results)[1]),
                 results);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::CancelIo& call)
{
    const BOOL r = m_thread->CancelIo(m_handles.Resolve(call.s));
    return Returned(r, r == 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::CancelIoEx& call)
{
    const WSAOVERLAPPED* overlapped
        = call.overlapped ? m_handles.Overlapped(*call.overlapped, m_host) : nullptr;
    const BOOL r = m_thread->CancelIoEx(m_handles.Resolve(call.s), overlapped);
    return Returned(r, r == 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::CreateIoCompletionPort& call)
{
    const HANDLE port = m_thread->CreateIoCompletionPort(call.s ? m_handles.Resolve(*call.s)
                                                                : INVALID_HANDLE_VALUE,
                                                         m_handles.ResolveOr(call.port, 0),
                                                         static_cast<uint64_t>(call.key),
                                                         0);
    NameResult(port, 0);
    return Returned(static_cast<int64_t>(port), port == 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::GetQueuedCompletionStatus& call)
{
    struct Packet
    {
        uint32_t bytes{0};
        uint64_t key{0};
        WSAOVERLAPPED* overlapped{nullptr};
    };
    auto packet = std::make_shared<Packet>();
    const uint32_t timeout
        = call.timeoutNs ? static_cast<uint32_t>(*call.timeoutNs / 1'000'000) : WSA_INFINITE;
    return Adopt(m_thread->GetQueuedCompletionStatus(m_handles.Resolve(call.port),
                                                     &packet->bytes,
                                                     &packet->key,
                                                     &packet->overlapped,
                                                     timeout),
                 packet);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::WsaIoctl& call)
{
    // the vocabulary's one GUID: WSAID_DISCONNECTEX
    LPFN_DISCONNECTEX function = 0;
    const int r = m_thread->WSAIoctl(
        m_handles.Resolve(call.s), static_cast<uint32_t>(call.code), WSAID_DISCONNECTEX, &function);
    if (r == 0)
    {
        NameResult(function, 0); // "as" names the pointer WSAIoctl gave
    }
    return Returned(r, r != 0);
}

WsaBlockingCall<int64_t>
ModelInvoker::operator()(const calls::DisconnectEx& call)
{
    if (m_handles.Resolve(call.via) != WsaThread::DisconnectExAddress())
    {
        // A real program would jump to whatever the pointer holds: no result to record.
        throw std::runtime_error("DisconnectEx is called through a pointer no WSAIoctl gave");
    }
    return Adopt(m_thread->DisconnectEx(m_handles.Resolve(call.s),
                                        Overlapped(call.overlapped, call.event),
                                        static_cast<uint32_t>(call.flags),
                                        0));
}

} // namespace wsdsim

// One Winsock socket over ns-3 TCP or UDP: shutdown, disconnect, linger and the other calls' rules.
#include "wsa-socket.h"

#include "wsa-provider.h"
#include "wsa-tcp-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("WsaSocket");
NS_OBJECT_ENSURE_REGISTERED(WsaSocket);

WsaOutcome
WsaOutcome::Ok(int64_t value)
{
    return WsaOutcome{value, WsaError::NO_ERROR_, {}, {}};
}

WsaOutcome
WsaOutcome::Fail(WsaError error)
{
    return WsaOutcome{SOCKET_ERROR, error, {}, {}};
}

TypeId
WsaSocket::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::WsaSocket")
              .SetParent<Object>()
              .SetGroupName("Wsd")
              .AddTraceSource("WinsockState",
                              "The socket's Winsock state: the handle's lifecycle, the sending and "
                              "receiving directions' disconnect progress and how the connection "
                              "ends; fired on every change, with the old and the new state.",
                              MakeTraceSourceAccessor(&WsaSocket::m_winsock),
                              "ns3::WsaSocket::WinsockStateTracedCallback");
    return tid;
}

WsaSocket::WsaSocket(Ptr<WsaProvider> provider, int type)
    : m_provider(provider)
    , m_type(type)
    , m_handle(INVALID_SOCKET)
    , m_tcpState(TcpSocket::CLOSED)
    , m_nonBlocking(false)
    , m_linger{0, 0}
    , m_backlog(0)
    , m_datagramBytes(0)
{
}

WsaSocket::~WsaSocket()
{
    m_wakeEvent.Cancel(); // the event points at this object
    DetachNs3Socket();
}

void
WsaSocket::DoDispose()
{
    m_wakeEvent.Cancel();
    m_waiters.Clear();
    m_overlapped.clear();
    m_selectEvent = nullptr;
    m_port = nullptr;
    m_acceptQueue.clear();
    m_embryonic.clear();
    DetachNs3Socket();
    m_socket = nullptr;
    m_tcp = nullptr;
    m_provider = nullptr;
    Object::DoDispose();
}

void
WsaSocket::DetachNs3Socket()
{
    // The ns-3 socket outlives this object in TcpL4Protocol's list: leave it no pointer here.
    if (m_tcp)
    {
        m_tcp->DisconnectStateTrace(MakeCallback(&WsaSocket::OnTcpState, this));
        m_tcp->DisconnectRxTrace(SharedRxCallback());
        m_tcp->SetForkCallback(MakeNullCallback<void, Ptr<WsaTcpSocket>>());
        m_tcp->SetOwner(nullptr);
    }
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        m_socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeNullCallback<void, Ptr<Socket>, const Address&>());
    }
}

const char*
WsaSocket::StateName(State state)
{
    switch (state)
    {
        case State::OPEN:
            return "OPEN";
        case State::BOUND:
            return "BOUND";
        case State::LISTENING:
            return "LISTENING";
        case State::CONNECTING:
            return "CONNECTING";
        case State::CONNECTED:
            return "CONNECTED";
        case State::LINGERING:
            return "LINGERING";
        case State::CLOSED:
            return "CLOSED";
    }
    return "?";
}

const char*
WsaSocket::StateName(SendState state)
{
    switch (state)
    {
        case SendState::OPEN:
            return "OPEN";
        case SendState::SHUTDOWN:
            return "SHUTDOWN";
        case SendState::FIN_REQUESTED:
            return "FIN_REQUESTED";
        case SendState::FIN_QUEUED:
            return "FIN_QUEUED";
        case SendState::CLOSE_REQUESTED:
            return "CLOSE_REQUESTED";
        case SendState::CLOSE_QUEUED:
            return "CLOSE_QUEUED";
    }
    return "?";
}

const char*
WsaSocket::StateName(ReceiveState state)
{
    switch (state)
    {
        case ReceiveState::OPEN:
            return "OPEN";
        case ReceiveState::SHUTDOWN:
            return "SHUTDOWN";
    }
    return "?";
}

const char*
WsaSocket::StateName(End end)
{
    switch (end)
    {
        case End::NONE:
            return "NONE";
        case End::PEER_FIN:
            return "PEER_FIN";
        case End::RST_ARRIVED:
            return "RST_ARRIVED";
        case End::FIN_RST_ARRIVED:
            return "FIN_RST_ARRIVED";
        case End::RESET_BY_PEER:
            return "RESET_BY_PEER";
        case End::RESET_REQUESTED:
            return "RESET_REQUESTED";
        case End::ABORTED:
            return "ABORTED";
        case End::CONNECT_REFUSED:
            return "CONNECT_REFUSED";
        case End::CONNECT_TIMED_OUT:
            return "CONNECT_TIMED_OUT";
    }
    return "?";
}

std::ostream&
operator<<(std::ostream& os, const WsaSocket::WinsockState& state)
{
    return os << WsaSocket::StateName(state.state) << " send=" << WsaSocket::StateName(state.send)
              << " receive=" << WsaSocket::StateName(state.receive)
              << " end=" << WsaSocket::StateName(state.end);
}

SOCKET
WsaSocket::GetHandle() const
{
    return m_handle;
}

void
WsaSocket::SetHandle(SOCKET handle)
{
    m_handle = handle;
}

WsaSocket::State
WsaSocket::GetState() const
{
    return m_winsock.Get().state;
}

WsaSocket::WinsockState
WsaSocket::GetWinsockState() const
{
    return m_winsock.Get();
}

int
WsaSocket::GetType() const
{
    return m_type;
}

bool
WsaSocket::IsNonBlocking() const
{
    return m_nonBlocking;
}

TcpSocket::TcpStates_t
WsaSocket::GetTcpState() const
{
    return m_tcpState;
}

LINGER
WsaSocket::GetLinger() const
{
    return m_linger;
}

bool
WsaSocket::IsSendShutdown() const
{
    return m_winsock.Get().send != SendState::OPEN;
}

bool
WsaSocket::IsReceiveShutdown() const
{
    return m_winsock.Get().receive == ReceiveState::SHUTDOWN;
}

bool
WsaSocket::WasResetByPeer() const
{
    return m_winsock.Get().end == End::RESET_BY_PEER;
}

Ptr<Socket>
WsaSocket::GetNs3Socket() const
{
    return m_socket;
}

void
WsaSocket::SetState(const WinsockState& next)
{
    if (next == m_winsock.Get())
    {
        return; // no change: nothing to record
    }
    NS_LOG_INFO("socket " << m_handle << " " << m_winsock.Get() << " => " << next);
    m_winsock = next;
}

void
WsaSocket::SetState(State state)
{
    WinsockState next = m_winsock;
    next.state = state;
    SetState(next);
}

void
WsaSocket::SetState(SendState send)
{
    WinsockState next = m_winsock;
    next.send = send;
    SetState(next);
}

void
WsaSocket::SetState(ReceiveState receive)
{
    WinsockState next = m_winsock;
    next.receive = receive;
    SetState(next);
}

void
WsaSocket::SetState(End end)
{
    WinsockState next = m_winsock;
    next.end = end;
    SetState(next);
}

bool
WsaSocket::IsStream() const
{
    return m_type == WS_SOCK_STREAM;
}

void
WsaSocket::EnsureNs3Socket()
{
    if (m_socket)
    {
        return;
    }
    if (IsStream())
    {
        AttachTcp(WsaTcpSocket::Create(m_provider->GetNode()));
        return;
    }
    m_socket = Socket::CreateSocket(m_provider->GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->SetRecvCallback(MakeCallback(&WsaSocket::OnReceive, this));
}

void
WsaSocket::AttachTcp(Ptr<WsaTcpSocket> tcp)
{
    m_tcp = tcp;
    m_socket = tcp;
    tcp->SetOwner(this);
    // The "State" trace's arguments do not name the socket: its callback is this object's own.
    tcp->ConnectStateTrace(MakeCallback(&WsaSocket::OnTcpState, this));
    tcp->ConnectRxTrace(SharedRxCallback());
    tcp->SetConnectCallback(SharedCallback<&WsaSocket::OnConnected>(),
                            SharedCallback<&WsaSocket::OnConnectFailed>());
    tcp->SetRecvCallback(SharedCallback<&WsaSocket::OnReceive>());
    tcp->SetSendCallback(SharedCallback<&WsaSocket::OnSendSpace, uint32_t>());
    tcp->SetCloseCallbacks(SharedCallback<&WsaSocket::OnNormalClose>(),
                           SharedCallback<&WsaSocket::OnErrorClose>());
}

template <auto Handler, typename... Args>
Callback<void, Ptr<Socket>, Args...>
WsaSocket::SharedCallback()
{
    static const Callback<void, Ptr<Socket>, Args...> shared = MakeCallback(
        +[](Ptr<Socket> socket, Args... args)
        {
            // Set only on WsaTcpSockets (AttachTcp).
            if (WsaSocket* owner = static_cast<WsaTcpSocket*>(PeekPointer(socket))->GetOwner())
            {
                (owner->*Handler)(socket, args...);
            }
        });
    return shared;
}

Callback<void, Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>
WsaSocket::SharedRxCallback()
{
    static const Callback<void, Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>
        shared = MakeCallback(
            +[](Ptr<const Packet> packet, const TcpHeader& header, Ptr<const TcpSocketBase> tcp)
            {
                // Connected only on WsaTcpSockets (AttachTcp).
                const auto* socket = static_cast<const WsaTcpSocket*>(PeekPointer(tcp));
                if (WsaSocket* owner = socket->GetOwner())
                {
                    owner->OnTcpRx(packet, header, tcp);
                }
            });
    return shared;
}

// --- connection state -------------------------------------------------------------------

bool
WsaSocket::IsConnected() const
{
    const WinsockState& now = m_winsock.Get();
    if (!IsStream())
    {
        return now.state == State::CONNECTED;
    }
    switch (now.state)
    {
        case State::CONNECTED:
        case State::LINGERING:
            break; // the connection's end decides
        case State::OPEN:
        case State::BOUND:
        case State::LISTENING:
        case State::CONNECTING:
        case State::CLOSED:
            return false; // never connected, or the handle is gone
    }
    // Winsock keeps a socket "connected" through half-close and after the connection ends
    // gracefully, until closesocket; a reset ends it (WSD-ERR-NOTCONN).
    return !IsReset(now.end);
}

bool
WsaSocket::IsReset(End end)
{
    switch (end)
    {
        case End::RESET_BY_PEER:
        case End::RESET_REQUESTED:
        case End::ABORTED:
            return true; // reset, by the peer or by this side
        case End::NONE:
        case End::PEER_FIN:
        case End::RST_ARRIVED:
        case End::FIN_RST_ARRIVED:
            return false; // alive, or half-closed by the peer
        case End::CONNECT_REFUSED:
        case End::CONNECT_TIMED_OUT:
            return false; // never connected (the lifecycle, BOUND, says so)
    }
    return false;
}

std::optional<WsaError>
WsaSocket::ConnectFailure() const
{
    switch (m_winsock.Get().end)
    {
        case End::CONNECT_REFUSED:
            return WsaError::WSAECONNREFUSED; // a RST answered the SYN
        case End::CONNECT_TIMED_OUT:
            return WsaError::WSAETIMEDOUT; // the SYNs went unanswered
        case End::NONE:
        case End::PEER_FIN:
        case End::RST_ARRIVED:
        case End::FIN_RST_ARRIVED:
        case End::RESET_BY_PEER:
        case End::RESET_REQUESTED:
        case End::ABORTED:
            return std::nullopt; // no failed attempt
    }
    return std::nullopt;
}

std::optional<WsaError>
WsaSocket::ConnectionError() const
{
    switch (m_winsock.Get().end)
    {
        case End::RESET_BY_PEER:
            // CLS-HARD-PEER-RESET: the peer's RST: recv and send fail, data discarded.
            // closesocket page, Remarks, hard close: "On Windows, any recv call on the remote
            // side of the circuit will fail with WSAECONNRESET", data unread or not; observed in
            // dotnet/runtime#57186 (Linux delivers the unread data first). Wine's
            // test_tcp_reset (ok, runs on Windows): recv and send after a RST give WSAECONNRESET.
            // sim/doc/windows-expectations.md, row 33.
            return WsaError::WSAECONNRESET;
        case End::RESET_REQUESTED:
        case End::ABORTED:
            return WsaError::WSAECONNABORTED; // this side's hard close ended the connection
        case End::NONE:
            // TCP gave up, its retransmissions unanswered (ConnectionLost): recv function,
            // WSAECONNABORTED, "The virtual circuit was terminated due to a time-out or other
            // failure. The application should close the socket as it is no longer usable."
            if (ConnectionLost())
            {
                return WsaError::WSAECONNABORTED;
            }
            return std::nullopt; // alive
        case End::PEER_FIN:
        case End::RST_ARRIVED:
        case End::FIN_RST_ARRIVED:
        case End::CONNECT_REFUSED:
        case End::CONNECT_TIMED_OUT:
            return std::nullopt; // not ended abnormally (a failed connect is WSAENOTCONN's)
    }
    return std::nullopt;
}

uint32_t
WsaSocket::UnreadBytes() const
{
    if (!m_socket)
    {
        return 0;
    }
    switch (m_provider->GetProfile())
    {
        case WsaProviderProfile::TCP_IP:
            return m_socket->GetRxAvailable(); // the byte stream stays in ns-3's receive buffer
        case WsaProviderProfile::ISO_TP_OVER_TCP:
            if (!IsStream())
            {
                return m_socket->GetRxAvailable();
            }
            return static_cast<uint32_t>(m_decoder.PeekData().size());
    }
    return 0;
}

uint32_t
WsaSocket::GetReadableBytes() const
{
    if (!IsStream())
    {
        // Windows Sockets 1.1, ioctlsocket, FIONREAD: "If s is of type SOCK_DGRAM, FIONREAD
        // returns the size of the first datagram queued on the socket."
        return m_datagramSizes.empty() ? 0 : m_datagramSizes.front();
    }
    if (ConnectionError())
    {
        // A reset discards the data not yet read: recv fails (CLS-HARD-PEER-RESET) and can
        // read nothing, though ns-3 keeps the bytes in its receive buffer.
        return 0;
    }
    // ioctlsocket function, FIONREAD: "the amount of data that can be read in a single call
    // to the recv function": every unread byte of the stream.
    return UnreadBytes();
}

bool
WsaSocket::AtEndOfStream() const
{
    switch (m_winsock.Get().end)
    {
        case End::PEER_FIN:
        case End::FIN_RST_ARRIVED:
            // SHD-SEND-PEER-RECV-ZERO: recv returns 0 once the data before the FIN is read.
            return UnreadBytes() == 0;
        case End::NONE:
        case End::RST_ARRIVED:
        case End::RESET_BY_PEER:
        case End::RESET_REQUESTED:
        case End::ABORTED:
        case End::CONNECT_REFUSED:
        case End::CONNECT_TIMED_OUT:
            return false; // no FIN from the peer (a reset is ConnectionError()'s)
    }
    return false;
}

std::vector<uint8_t>
WsaSocket::ReadBytes(uint32_t maxBytes)
{
    if (m_provider->GetProfile() == WsaProviderProfile::ISO_TP_OVER_TCP && IsStream())
    {
        auto bytes = m_decoder.TakeData(maxBytes);
        DrainIntoDecoder(); // room freed: take more from ns-3
        return bytes;
    }
    Ptr<Packet> packet = m_socket->Recv(maxBytes, 0);
    if (!packet)
    {
        return {};
    }
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    return bytes;
}

void
WsaSocket::DrainIntoDecoder()
{
    // The ISO-TP profile reads the TCP stream as it arrives to find TPDU boundaries; the
    // decoded bytes count as received data (flow control is the decoder's buffer plus ns-3's).
    while (m_tcp && m_tcp->GetRxAvailable() > 0)
    {
        Ptr<Packet> packet = m_tcp->Recv(m_tcp->GetRxAvailable(), 0);
        if (!packet || packet->GetSize() == 0)
        {
            break;
        }
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        if (!m_decoder.Feed(bytes))
        {
            // A stream that is not RFC 1006 framing cannot be read on: reset the connection.
            NS_LOG_WARN("socket " << m_handle << ": " << m_decoder.GetError() << "; resetting");
            ResetConnection();
            return;
        }
    }
}

// --- bind, listen, connect, accept --------------------------------------------------------

WsaOutcome
WsaSocket::Bind(const Address& address)
{
    if (!InetSocketAddress::IsMatchingType(address))
    {
        return WsaOutcome::Fail(WsaError::WSAEAFNOSUPPORT);
    }
    if (GetState() != State::OPEN)
    {
        return WsaOutcome::Fail(WsaError::WSAEINVAL); // bind function, WSAEINVAL: already bound
    }
    EnsureNs3Socket();
    if (m_socket->Bind(address) != 0)
    {
        switch (m_socket->GetErrno())
        {
            case Socket::ERROR_ADDRINUSE:
                return WsaOutcome::Fail(WsaError::WSAEADDRINUSE);
            case Socket::ERROR_ADDRNOTAVAIL:
                return WsaOutcome::Fail(WsaError::WSAEADDRNOTAVAIL);
            default:
                return WsaOutcome::Fail(WsaError::WSAEINVAL);
        }
    }
    SetState(State::BOUND);
    return WsaOutcome::Ok();
}

WsaOutcome
WsaSocket::Listen(int backlog)
{
    if (!IsStream())
    {
        return WsaOutcome::Fail(WsaError::WSAEOPNOTSUPP);
    }
    switch (GetState())
    {
        case State::OPEN:
            return WsaOutcome::Fail(WsaError::WSAEINVAL); // listen function, WSAEINVAL: not bound
        case State::BOUND:
            break; // listen
        case State::LISTENING:
            m_backlog = std::max(backlog, 1); // listen again: only the backlog changes
            return WsaOutcome::Ok();
        case State::CONNECTING:
        case State::CONNECTED:
        case State::LINGERING:
            return WsaOutcome::Fail(WsaError::WSAEISCONN); // listen function: "already connected"
        case State::CLOSED:
            return WsaOutcome::Fail(WsaError::WSAENOTSOCK); // released (the thread checks first)
    }
    m_backlog = std::max(backlog, 1);
    m_tcp->SetForkCallback(MakeCallback(&WsaSocket::OnFork, this));
    m_tcp->SetAcceptCallback(MakeCallback(&WsaSocket::OnConnectionRequest, this),
                             MakeCallback(&WsaSocket::OnNewConnection, this));
    m_tcp->Listen();
    SetState(State::LISTENING);
    return WsaOutcome::Ok();
}

WsaStep
WsaSocket::Connect(const Address& address)
{
    if (!InetSocketAddress::IsMatchingType(address))
    {
        return WsaOutcome::Fail(WsaError::WSAEAFNOSUPPORT);
    }
    switch (GetState())
    {
        case State::OPEN:
        case State::BOUND:
            break; // connect (a failed attempt is refused below)
        case State::LISTENING:
            return WsaOutcome::Fail(WsaError::WSAEINVAL); // connect function: "a listening socket"
        case State::CONNECTING:
            // connect function, WSAEALREADY: "A nonblocking connect call is in progress".
            return WsaOutcome::Fail(WsaError::WSAEALREADY);
        case State::CONNECTED:
        case State::LINGERING:
            // Also after WSASendDisconnect: "a Windows Sockets provider is not required to
            // support the use of connect/WSAConnect on such a socket"
            // (WSD-CONNECT-AFTER-NOT-REQUIRED).
            return WsaOutcome::Fail(WsaError::WSAEISCONN);
        case State::CLOSED:
            return WsaOutcome::Fail(WsaError::WSAENOTSOCK); // released (the thread checks first)
    }
    if (ConnectFailure())
    {
        return WsaOutcome::Fail(WsaError::WSAEINVAL); // a failed socket is not reusable
    }
    EnsureNs3Socket();
    m_remote = address;
    if (!IsStream())
    {
        // UDP connect only sets the default peer.
        if (m_socket->Connect(address) != 0)
        {
            return WsaOutcome::Fail(WsaError::WSAENETUNREACH);
        }
        SetState(State::CONNECTED);
        return WsaOutcome::Ok();
    }
    if (m_socket->Connect(address) != 0)
    {
        return WsaOutcome::Fail(m_socket->GetErrno() == Socket::ERROR_NOROUTETOHOST
                                    ? WsaError::WSAENETUNREACH
                                    : WsaError::WSAEINVAL);
    }
    SetState(State::CONNECTING);
    if (m_nonBlocking)
    {
        // connect function, WSAEWOULDBLOCK: a non-blocking connect completes later.
        return WsaOutcome::Fail(WsaError::WSAEWOULDBLOCK);
    }
    return WsaPoll(
        [this]() -> std::optional<WsaOutcome>
        {
            if (GetState() == State::CONNECTED)
            {
                return WsaOutcome::Ok();
            }
            if (auto failure = ConnectFailure())
            {
                return WsaOutcome::Fail(*failure);
            }
            return std::nullopt; // still connecting
        });
}

WsaStep
WsaSocket::Accept()
{
    if (!IsStream())
    {
        return WsaOutcome::Fail(WsaError::WSAEOPNOTSUPP);
    }
    if (GetState() != State::LISTENING)
    {
        // accept function, WSAEINVAL: listen was not invoked prior to accept.
        return WsaOutcome::Fail(WsaError::WSAEINVAL);
    }
    auto take = [this]() -> std::optional<WsaOutcome>
    {
        if (GetState() != State::LISTENING)
        {
            return WsaOutcome::Fail(WsaError::WSAEINTR);
        }
        if (m_acceptQueue.empty())
        {
            return std::nullopt;
        }
        Ptr<WsaSocket> child = m_acceptQueue.front();
        m_acceptQueue.pop_front();
        child->InheritAsync(*this);
        const SOCKET handle = m_provider->Register(child);
        return WsaOutcome::Ok(static_cast<int64_t>(handle));
    };
    if (auto now = take())
    {
        return *now;
    }
    if (m_nonBlocking)
    {
        return WsaOutcome::Fail(WsaError::WSAEWOULDBLOCK);
    }
    return WsaPoll(take);
}

bool
WsaSocket::IsBacklogFull() const
{
    return static_cast<int>(m_acceptQueue.size() + m_embryonic.size()) >= m_backlog;
}

bool
WsaSocket::OnConnectionRequest(Ptr<Socket>, const Address&)
{
    return GetState() == State::LISTENING && !IsBacklogFull();
}

void
WsaSocket::OnFork(Ptr<WsaTcpSocket> child)
{
    // A SYN reached the listening socket: the connection's socket exists from now on, so its
    // state changes and any data that arrives before accept() are recorded.
    // The copy made by Fork() carries the listening socket's trace connections (TracedValue and
    // TracedCallback copy their callbacks): take this listener's off the child, or the listener
    // would hear the child's state changes, and after it is gone call a freed object, and the
    // child would hear each of its segments twice (AttachTcp connects the shared "Rx" again).
    child->DisconnectStateTrace(MakeCallback(&WsaSocket::OnTcpState, this));
    child->DisconnectRxTrace(SharedRxCallback());
    Ptr<WsaSocket> socket = CreateObject<WsaSocket>(m_provider, WS_SOCK_STREAM);
    // accept function, Remarks: the new socket "has the same properties as socket s"; Windows
    // gives it the listener's SO_LINGER (Wine dlls/ws2_32/tests/sock.c,
    // test_accept_inheritance, an ok() that is not todo_wine, as sim/doc/windows-async-facts.md
    // reports it).
    socket->m_linger = m_linger;
    socket->m_tcpState = TcpSocket::LISTEN;
    socket->AttachTcp(child);
    socket->SetState(State::CONNECTING);
    m_embryonic.push_back(socket);
}

void
WsaSocket::OnNewConnection(Ptr<Socket> socket, const Address& from)
{
    auto it = std::find_if(m_embryonic.begin(),
                           m_embryonic.end(),
                           [&](const Ptr<WsaSocket>& s) { return s->m_socket == socket; });
    if (it == m_embryonic.end())
    {
        return;
    }
    Ptr<WsaSocket> child = *it;
    m_embryonic.erase(it);
    child->m_remote = from; // getpeername
    child->SetState(State::CONNECTED);
    m_acceptQueue.push_back(child);
    ScheduleWake();
}

// --- send and receive -------------------------------------------------------------------

uint32_t
WsaSocket::PushStreamData(const std::vector<uint8_t>& data, uint32_t offset)
{
    uint32_t pushed = 0;
    while (offset + pushed < data.size())
    {
        const uint32_t space = m_socket->GetTxAvailable();
        const uint32_t remaining = static_cast<uint32_t>(data.size()) - offset - pushed;
        const uint8_t* first = data.data() + offset + pushed;
        if (m_provider->GetProfile() == WsaProviderProfile::TCP_IP || !IsStream())
        {
            const uint32_t count = std::min(space, remaining);
            if (count == 0)
            {
                break;
            }
            m_socket->Send(Create<Packet>(first, count), 0);
            pushed += count;
            continue;
        }
        // ISO-TP: one DT TPDU per chunk that fits with its headers.
        const uint32_t overhead = tpkt::kHeaderSize + tpkt::kDataHeaderSize;
        if (space <= overhead)
        {
            break;
        }
        const uint32_t count = std::min({space - overhead, remaining, tpkt::kMaxDataPerPacket});
        const auto frame = tpkt::EncodeData(std::vector<uint8_t>(first, first + count));
        m_socket->Send(Create<Packet>(frame.data(), frame.size()), 0);
        pushed += count;
    }
    return pushed;
}

WsaStep
WsaSocket::Send(const std::vector<uint8_t>& data)
{
    // SHD-SEND-SENDS-FAIL, WSD-SENDS-DISALLOWED-AFTER: refused here, before ns-3: ns-3.37
    // TcpSocketBase::Send queues data sent after ShutdownSend while earlier data is
    // unacknowledged, and transmits it.
    switch (m_winsock.Get().send)
    {
        case SendState::OPEN:
            break; // sends allowed
        case SendState::SHUTDOWN:
        case SendState::FIN_REQUESTED:
        case SendState::FIN_QUEUED:
        case SendState::CLOSE_REQUESTED:
        case SendState::CLOSE_QUEUED:
            return WsaOutcome::Fail(WsaError::WSAESHUTDOWN); // sends disabled
    }
    if (auto error = ConnectionError())
    {
        return WsaOutcome::Fail(*error);
    }
    if (!IsConnected())
    {
        return WsaOutcome::Fail(WsaError::WSAENOTCONN);
    }
    if (!IsStream())
    {
        m_socket->Send(Create<Packet>(data.data(), data.size()), 0);
        return WsaOutcome::Ok(static_cast<int64_t>(data.size()));
    }
    const uint32_t pushed = PushStreamData(data, 0);
    TransmitNow(); // the first window leaves inside the call
    if (pushed == data.size())
    {
        return WsaOutcome::Ok(pushed);
    }
    if (m_nonBlocking)
    {
        // send function: a non-blocking send queues what fits, WSAEWOULDBLOCK when nothing
        // does.
        return pushed > 0 ? WsaOutcome::Ok(pushed) : WsaOutcome::Fail(WsaError::WSAEWOULDBLOCK);
    }
    // A blocking send returns once every byte is queued.
    auto sent = std::make_shared<uint32_t>(pushed);
    return WsaPoll(
        [this, data, sent]() -> std::optional<WsaOutcome>
        {
            if (auto error = ConnectionError())
            {
                return WsaOutcome::Fail(*error);
            }
            if (GetState() == State::CLOSED)
            {
                return WsaOutcome::Fail(WsaError::WSAEINTR);
            }
            *sent += PushStreamData(data, *sent);
            TransmitNow(); // the poll runs in an event of its own, never inside ns-3's TCP
            if (*sent == data.size())
            {
                return WsaOutcome::Ok(*sent);
            }
            return std::nullopt;
        });
}

WsaOutcome
WsaSocket::TakeDatagram(uint32_t maxBytes, bool withSender)
{
    Address from;
    Ptr<Packet> datagram = m_socket->RecvFrom(UINT32_MAX, 0, from);
    m_datagramBytes -= m_datagramSizes.front();
    m_datagramSizes.pop_front();
    WsaOutcome outcome = WsaOutcome::Ok(std::min(datagram->GetSize(), maxBytes));
    outcome.data.resize(outcome.value);
    datagram->CopyData(outcome.data.data(), outcome.data.size());
    if (datagram->GetSize() > maxBytes)
    {
        // recv function, WSAEMSGSIZE: the datagram is truncated and the call fails.
        outcome.value = SOCKET_ERROR;
        outcome.error = WsaError::WSAEMSGSIZE;
    }
    if (withSender && InetSocketAddress::IsMatchingType(from))
    {
        const InetSocketAddress sender = InetSocketAddress::ConvertFrom(from);
        outcome.outputs.emplace_back("from", WsaAddressOutput{sender.GetIpv4(), sender.GetPort()});
    }
    return outcome;
}

std::optional<WsaOutcome>
WsaSocket::ReceiveNow(uint32_t maxBytes, bool withSender)
{
    if (GetState() == State::CLOSED)
    {
        return WsaOutcome::Fail(WsaError::WSAEINTR);
    }
    if (auto error = ConnectionError())
    {
        return WsaOutcome::Fail(*error);
    }
    if (!IsConnected() && IsStream())
    {
        return WsaOutcome::Fail(WsaError::WSAENOTCONN);
    }
    if (!IsStream())
    {
        if (m_socket->GetRxAvailable() == 0)
        {
            return std::nullopt;
        }
        return TakeDatagram(maxBytes, withSender);
    }
    if (UnreadBytes() > 0 && maxBytes > 0)
    {
        auto bytes = ReadBytes(maxBytes);
        WsaOutcome outcome = WsaOutcome::Ok(static_cast<int64_t>(bytes.size()));
        outcome.data = std::move(bytes);
        return outcome;
    }
    if (AtEndOfStream())
    {
        return WsaOutcome::Ok(0); // SHD-SEND-PEER-RECV-ZERO: 0 after all the data
    }
    if (maxBytes == 0 && UnreadBytes() > 0)
    {
        return WsaOutcome::Ok(0);
    }
    return std::nullopt;
}

WsaStep
WsaSocket::Recv(uint32_t maxBytes, bool withSender)
{
    auto attempt = [this, maxBytes, withSender]() -> std::optional<WsaOutcome>
    {
        if (IsReceiveShutdown())
        {
            return WsaOutcome::Fail(WsaError::WSAESHUTDOWN); // SHD-RECEIVE-RECV-FAILS
        }
        return ReceiveNow(maxBytes, withSender);
    };
    if (!m_socket)
    {
        return WsaOutcome::Fail(IsStream() ? WsaError::WSAENOTCONN : WsaError::WSAEINVAL);
    }
    if (auto now = attempt())
    {
        return *now;
    }
    if (m_nonBlocking)
    {
        return WsaOutcome::Fail(WsaError::WSAEWOULDBLOCK);
    }
    return WsaPoll(attempt);
}

void
WsaSocket::OnReceive(Ptr<Socket>)
{
    if (!IsStream())
    {
        // One datagram was queued (ns-3.37 UdpSocketImpl::ForwardUp notifies once per
        // datagram it keeps): remember its size for FIONREAD.
        const uint32_t size = m_socket->GetRxAvailable() - m_datagramBytes;
        m_datagramSizes.push_back(size);
        m_datagramBytes += size;
        ScheduleWake();
        return;
    }
    if (m_provider->GetProfile() == WsaProviderProfile::ISO_TP_OVER_TCP)
    {
        DrainIntoDecoder();
    }
    // A pending overlapped receive takes the data first: after shutdown(SD_RECEIVE) it is not
    // cancelled and completes with the peer's bytes (Wine sock.c test_shutdown, ok).
    ServiceOverlapped(true);
    if ((IsReceiveShutdown() || GetState() == State::CLOSED) && UnreadBytes() > 0)
    {
        // SHD-RECEIVE-TCP-RESET: data arriving after SD_RECEIVE resets the connection. After
        // closesocket: RFC 9293 3.6.1 (RFC 1122 4.2.2.13), new data after CLOSE gets a RST.
        ResetConnection();
        return;
    }
    ScheduleWake();
}

void
WsaSocket::OnSendSpace(Ptr<Socket>, uint32_t)
{
    Dispatch(); // provider bytes waiting for room, and the FIN behind them
    ScheduleWake();
}

// --- shutdown and disconnect --------------------------------------------------------------

void
WsaSocket::DisableSends(const std::optional<std::vector<uint8_t>>& disconnectData)
{
    switch (m_winsock.Get().send)
    {
        case SendState::OPEN:
            break; // sends allowed until now: disable them
        case SendState::SHUTDOWN:
        case SendState::FIN_REQUESTED:
        case SendState::FIN_QUEUED:
        case SendState::CLOSE_REQUESTED:
        case SendState::CLOSE_QUEUED:
            return; // already disabled: no second disconnect
    }
    if (!IsStream() || !m_tcp || !IsConnected())
    {
        SetState(SendState::SHUTDOWN); // UDP: sends are refused; nothing goes on the wire
        return;
    }
    switch (m_provider->GetProfile())
    {
        case WsaProviderProfile::TCP_IP:
            break; // the FIN alone
        case WsaProviderProfile::ISO_TP_OVER_TCP:
        {
            // WSD-DISCONNECT-DATA-DELIVERED: the DR TPDU carries the disconnect data (possibly
            // none) ahead of the FIN.
            const auto dr = tpkt::EncodeDisconnect(disconnectData.value_or(std::vector<uint8_t>{}));
            m_pendingControl.insert(m_pendingControl.end(), dr.begin(), dr.end());
            break;
        }
    }
    SetState(SendState::FIN_REQUESTED); // WSD-INITIATES-TERMINATION, SHD-SEND-FIN-AFTER-DATA
    Dispatch();
    TransmitNow(); // shutdown and WSASendDisconnect are calls: the DR TPDU and the FIN go now
}

void
WsaSocket::DisableReceives()
{
    SetState(ReceiveState::SHUTDOWN);
    if (IsStream() && m_tcp && IsConnected() && UnreadBytes() > 0)
    {
        // SHD-RECEIVE-TCP-RESET: on TCP, data already queued resets the connection.
        ResetConnection();
    }
}

WsaOutcome
WsaSocket::Shutdown(int how)
{
    if (how != SD_RECEIVE && how != SD_SEND && how != SD_BOTH)
    {
        return WsaOutcome::Fail(WsaError::WSAEINVAL); // SHD-HOW-INVALID
    }
    if (IsStream() && !IsConnected())
    {
        if (auto error = ConnectionError())
        {
            return WsaOutcome::Fail(*error);
        }
        return WsaOutcome::Fail(WsaError::WSAENOTCONN); // connection-oriented only
    }
    if (how == SD_SEND || how == SD_BOTH)
    {
        DisableSends(std::nullopt);
    }
    if (how == SD_RECEIVE || how == SD_BOTH)
    {
        DisableReceives();
    }
    ScheduleWake();
    return WsaOutcome::Ok();
}

WsaOutcome
WsaSocket::SendDisconnect(const WSABUF* disconnectData)
{
    Ptr<WsaAddressSpace> space = m_provider->GetAddressSpace();
    // WSD-ERR-FAULT: the data, or the descriptor itself, is not wholly in the user address
    // space ("The lpOutboundDisconnectData parameter is not completely contained in a valid
    // part of the user address space").
    if (disconnectData && !space->ContainsDescriptor(disconnectData))
    {
        return WsaOutcome::Fail(WsaError::WSAEFAULT);
    }
    // WSD-ERR-NOPROTOOPT: data given and the provider cannot carry it.
    if (disconnectData && !SupportsDisconnectData(m_provider->GetProfile()))
    {
        return WsaOutcome::Fail(WsaError::WSAENOPROTOOPT);
    }
    // WSD-ERR-NOTCONN: connection-oriented sockets only.
    if (IsStream() && !IsConnected())
    {
        return WsaOutcome::Fail(WsaError::WSAENOTCONN);
    }
    std::optional<std::vector<uint8_t>> bytes;
    if (disconnectData)
    {
        if (disconnectData->len > tpkt::kMaxDisconnectData)
        {
            return WsaOutcome::Fail(WsaError::WSAEMSGSIZE);
        }
        bytes = space->Read(disconnectData->buf, disconnectData->len);
    }
    // WSD-DISABLES-SEND: "disable transmission, and initiate termination of the connection
    // along with the transmission of disconnect data" -- without blocking, whatever SO_LINGER
    // says (WSD-NO-BLOCK-LINGER).
    DisableSends(bytes);
    ScheduleWake();
    return WsaOutcome::Ok();
}

WsaOutcome
WsaSocket::RecvDisconnect(WSABUF* disconnectData)
{
    Ptr<WsaAddressSpace> space = m_provider->GetAddressSpace();
    // WSARecvDisconnect function, WSAEFAULT: the descriptor or its buffer is not in the user
    // address space.
    if (disconnectData && !space->ContainsDescriptor(disconnectData))
    {
        return WsaOutcome::Fail(WsaError::WSAEFAULT);
    }
    if (IsStream() && !IsConnected())
    {
        return WsaOutcome::Fail(WsaError::WSAENOTCONN);
    }
    std::vector<uint8_t> received;
    if (SupportsDisconnectData(m_provider->GetProfile()) && m_decoder.GetDisconnectData())
    {
        received = *m_decoder.GetDisconnectData();
    }
    if (disconnectData)
    {
        if (received.size() > disconnectData->len)
        {
            return WsaOutcome::Fail(WsaError::WSAEMSGSIZE); // nothing consumed
        }
        space->Write(disconnectData->buf, received);
        // A provider without disconnect data reports none: it is not required to fail with
        // WSAENOPROTOOPT (RCV-NO-DATA-NOT-REQUIRED-TO-FAIL).
        disconnectData->len = static_cast<uint32_t>(received.size());
    }
    DisableReceives();
    ScheduleWake();
    WsaOutcome outcome = WsaOutcome::Ok();
    outcome.data = std::move(received);
    return outcome;
}

// --- close and linger -----------------------------------------------------------------------

bool
WsaSocket::IsCloseComplete() const
{
    switch (m_tcpState)
    {
        case TcpSocket::CLOSED:
            return true; // nothing left to send: never connected, reset, or closed
        case TcpSocket::LISTEN:
        case TcpSocket::SYN_SENT:
            return true; // no connection to linger over
        case TcpSocket::SYN_RCVD:
        case TcpSocket::ESTABLISHED:
        case TcpSocket::CLOSE_WAIT:
            return false; // our FIN has not even been sent
        case TcpSocket::FIN_WAIT_1:
        case TcpSocket::CLOSING:
        case TcpSocket::LAST_ACK:
            return false; // our FIN (or data before it) is not acknowledged yet
        case TcpSocket::FIN_WAIT_2:
        case TcpSocket::TIME_WAIT:
            return true; // data and FIN acknowledged
        case TcpSocket::LAST_STATE:
            return true; // not a state (ns-3's count of them)
    }
    return true;
}

// --- the wire: the one dispatch -------------------------------------------------------------

void
WsaSocket::ResetConnection()
{
    if (!m_tcp || IsReset(m_winsock.Get().end))
    {
        return; // no connection, or reset already: no second reset
    }
    // A RST is owed (WsaTcpSocket::Abort() sends none where TCP has no peer yet or any more).
    SetState(End::RESET_REQUESTED);
    Dispatch();
}

void
WsaSocket::Dispatch()
{
    switch (m_winsock.Get().end)
    {
        case End::RESET_REQUESTED:
            DispatchReset(); // a RST goes alone: no FIN and no provider bytes after it
            return;
        case End::RESET_BY_PEER:
        case End::ABORTED:
            return; // the connection is gone: nothing more leaves, not even a FIN
        case End::CONNECT_REFUSED:
            if (m_tcp && m_tcpState == TcpSocket::SYN_SENT)
            {
                // ns-3.37 TcpSocketBase::ProcessSynSent ignores the RST|ACK and would retry
                // the SYN for minutes: drop the attempt. RFC 9293 3.10.5, ABORT in SYN-SENT:
                // no segment.
                m_tcp->Abort();
            }
            break;
        case End::NONE:
        case End::PEER_FIN:
        case End::RST_ARRIVED:
        case End::FIN_RST_ARRIVED:
        case End::CONNECT_TIMED_OUT:
            break; // the connection (if any) lives on: the sending direction decides
    }
    DispatchSend();
}

void
WsaSocket::DispatchReset()
{
    // The FIN a shutdown requested will never go now; sends stay refused.
    WinsockState next = m_winsock;
    next.end = End::ABORTED;
    if (next.send == SendState::FIN_REQUESTED || next.send == SendState::CLOSE_REQUESTED)
    {
        next.send = SendState::SHUTDOWN;
    }
    SetState(next);
    m_pendingControl.clear();
    // CLS-HARD-CLOSE, CLS-HARD-NO-TIMEWAIT: a RST in a synchronized state, nothing in LISTEN,
    // SYN-SENT or TIME-WAIT (RFC 9293 3.10.5, ABORT call); unsent data dropped, no TIME_WAIT.
    m_tcp->Abort();
    ScheduleWake();
}

bool
WsaSocket::PushControl()
{
    if (m_pendingControl.empty())
    {
        return true;
    }
    if (!m_tcp || m_tcp->GetTxAvailable() < m_pendingControl.size())
    {
        return false; // the DR TPDU goes whole; wait for room
    }
    Ptr<Packet> control = Create<Packet>(m_pendingControl.data(), m_pendingControl.size());
    m_pendingControl.clear();
    m_tcp->Send(control, 0);
    return true;
}

void
WsaSocket::DispatchSend()
{
    const bool controlOut = PushControl(); // the provider's own bytes go first, whole
    switch (m_winsock.Get().send)
    {
        case SendState::OPEN:
            return; // data leaves as the application sends it
        case SendState::SHUTDOWN:
            return; // nothing owed: a datagram socket, or a FIN given up (see CLOSE_REQUESTED)
        case SendState::FIN_REQUESTED:
            if (controlOut)
            {
                // SHD-SEND-FIN-AFTER-DATA: ns-3 sends the FIN now when nothing is queued, else
                // once the queue drains: the FIN follows all data already queued.
                SetState(SendState::FIN_QUEUED);
                m_tcp->ShutdownSend();
            }
            return;
        case SendState::FIN_QUEUED:
            return; // ns-3 has the FIN
        case SendState::CLOSE_REQUESTED:
            if (!controlOut)
            {
                // The provider's bytes did not fit at closesocket: they go when room frees,
                // but no FIN follows them (observed model behaviour, kept; see wsd.md).
                SetState(SendState::SHUTDOWN);
                return;
            }
            // CLS-DEFAULT-OFF, CLS-OFF-DATA-DELIVERED: ns-3's Close() sends the FIN after the
            // queued data and ends the connection in the background. A listening socket goes
            // to CLOSED; a socket without a connection sends nothing.
            SetState(SendState::CLOSE_QUEUED);
            if (m_tcp)
            {
                m_tcp->Close();
            }
            else if (m_socket)
            {
                m_socket->Close(); // UDP: no segment, the ns-3 socket lets go of its port
            }
            return;
        case SendState::CLOSE_QUEUED:
            return; // ns-3 has the close
    }
}

void
WsaSocket::TransmitNow()
{
    if (m_tcp)
    {
        // Real stacks transmit inside the send (or shutdown, or closesocket) call: the first
        // window leaves before the call returns, so a closesocket with linger {1,0} right after
        // a send resets a connection its data is already on. RFC 9293 3.10.2, SEND in
        // ESTABLISHED: "Segmentize the buffer and send it"; 3.10.4, CLOSE in ESTABLISHED:
        // "Queue this until all preceding SENDs have been segmentized, then form a FIN segment
        // and send it." ns-3.37's Send() waits one time step instead.
        m_tcp->SendQueuedNow();
    }
}

// --- close and linger -----------------------------------------------------------------------

void
WsaSocket::Release()
{
    CancelAllWaits();
    AbortOverlapped(); // the handle goes: pending overlapped operations end with it
    for (auto& child : m_acceptQueue)
    {
        // closesocket on a listening socket resets the connections not yet accepted.
        child->ResetConnection();
        child->SetState(State::CLOSED);
    }
    for (auto& child : m_embryonic)
    {
        child->ResetConnection();
        child->SetState(State::CLOSED);
    }
    m_acceptQueue.clear();
    m_embryonic.clear();
    const SOCKET handle = m_handle;
    SetState(State::CLOSED);
    Ptr<WsaSocket> self(this);
    if (m_tcp && m_tcpState != TcpSocket::CLOSED)
    {
        m_provider->KeepClosing(self); // record the rest of the close
    }
    if (handle != INVALID_SOCKET)
    {
        m_provider->Unregister(handle);
    }
}

void
WsaSocket::ResetAndRelease()
{
    switch (GetState())
    {
        case State::OPEN:
        case State::BOUND:
            RequestGracefulClose(); // no connection: the ns-3 socket just closes
            break;
        case State::LISTENING:
        case State::CONNECTING:
        case State::CONNECTED:
        case State::LINGERING:
            // STU-LAST-CLEANUP-CLOSES: open sockets "are reset and automatically deallocated"
            // (WSACleanup function); a datagram socket has nothing to reset.
            if (m_tcp)
            {
                ResetConnection();
            }
            else
            {
                RequestGracefulClose();
            }
            break;
        case State::CLOSED:
            return; // released already
    }
    Release();
}

void
WsaSocket::RequestGracefulClose()
{
    SetState(SendState::CLOSE_REQUESTED);
    Dispatch();
}

WsaOutcome
WsaSocket::CloseGracefully()
{
    RequestGracefulClose();
    TransmitNow(); // closesocket and WSACleanup are calls: the DR TPDU and the FIN go now
    Release();
    return WsaOutcome::Ok();
}

WsaOutcome
WsaSocket::CloseHard()
{
    ResetConnection();
    Release();
    return WsaOutcome::Ok();
}

WsaStep
WsaSocket::Close()
{
    if (!IsStream() || !m_tcp)
    {
        return CloseGracefully(); // no connection: UDP, or a stream socket never bound
    }
    switch (GetState())
    {
        case State::OPEN:
        case State::BOUND:
            return CloseGracefully(); // no connection: ns-3's Close() sends nothing
        case State::LISTENING:
            return CloseGracefully(); // LISTEN -> CLOSED; Release() resets the unaccepted
        case State::CONNECTING:
            // RFC 9293 3.10.4, CLOSE in SYN-SENT: delete the TCB, no segment; the attempt
            // stops (ns-3's Close() would send a RST there).
            return CloseHard();
        case State::CONNECTED:
            return CloseConnected(); // SO_LINGER decides
        case State::LINGERING:
            return WsaOutcome::Fail(WsaError::WSAEINPROGRESS); // closesocket blocked already
        case State::CLOSED:
            return WsaOutcome::Fail(WsaError::WSAENOTSOCK); // released (the thread checks first)
    }
    return WsaOutcome::Fail(WsaError::WSAENOTSOCK);
}

WsaStep
WsaSocket::CloseConnected()
{
    if (IsReset(m_winsock.Get().end))
    {
        Release(); // the connection is gone already: nothing on the wire
        return WsaOutcome::Ok();
    }
    if (UnreadBytes() > 0)
    {
        // RFC 9293 3.6.1 (RFC 1122 4.2.2.13): CLOSE with received data still pending SHOULD
        // send a RST, whatever the linger setting.
        return CloseHard();
    }
    if (m_linger.l_onoff == 0)
    {
        // CLS-DEFAULT-OFF, CLS-OFF-RETURNS-AT-ONCE: graceful, completed in the background;
        // returns now, blocking socket or not, and never WSAEWOULDBLOCK.
        return CloseGracefully();
    }
    if (m_linger.l_linger == 0)
    {
        // CLS-HARD-CLOSE: linger {1,0}: hard close, connection reset, unsent data lost.
        return CloseHard();
    }
    return CloseLingering();
}

WsaStep
WsaSocket::CloseLingering()
{
    if (IsCloseComplete())
    {
        return CloseGracefully(); // CLS-TIMEOUT-GRACEFUL: nothing left to wait for
    }
    if (m_nonBlocking)
    {
        // CLS-NB-WOULDBLOCK, CLS-NB-HANDLE-VALID, CLS-NB-NO-DISCONNECT: the close cannot
        // complete at once on a non-blocking socket; the handle stays valid and no disconnect
        // is initiated.
        return WsaOutcome::Fail(WsaError::WSAEWOULDBLOCK);
    }
    // CLS-TIMEOUT-BLOCKS: start the graceful close, then wait until data and FIN are
    // acknowledged or the timeout passes; CLS-TIMEOUT-RESET: on timeout, reset. closesocket
    // returns 0 either way.
    switch (m_winsock.Get().send)
    {
        case SendState::OPEN:
        case SendState::FIN_QUEUED:
            SetState(SendState::CLOSE_REQUESTED); // ns-3's Close(), after the FIN if one went
            break;
        case SendState::SHUTDOWN:
        case SendState::CLOSE_REQUESTED:
        case SendState::CLOSE_QUEUED:
            // Not on a live connected stream socket (a datagram socket, or one closed
            // already); Close() all the same, as before.
            SetState(SendState::CLOSE_REQUESTED);
            break;
        case SendState::FIN_REQUESTED:
            // The provider's bytes still wait for room: the FIN follows them by ShutdownSend
            // and ns-3's Close() is not called (observed model behaviour, kept; see wsd.md).
            break;
    }
    Dispatch();
    TransmitNow();
    SetState(State::LINGERING);
    const Time deadline = Simulator::Now() + Seconds(m_linger.l_linger);
    Simulator::Schedule(Seconds(m_linger.l_linger), &WsaSocket::ScheduleWake, Ptr<WsaSocket>(this));
    return WsaPoll(
        [this, deadline]() -> std::optional<WsaOutcome>
        {
            if (IsReset(m_winsock.Get().end) || IsCloseComplete())
            {
                Release(); // the connection was reset meanwhile, or the close is complete
                return WsaOutcome::Ok();
            }
            if (Simulator::Now() >= deadline)
            {
                return CloseHard(); // CLS-TIMEOUT-RESET
            }
            return std::nullopt;
        });
}

// --- options ------------------------------------------------------------------------------

WsaOutcome
WsaSocket::SetOption(int level, int name, const char* value, int length)
{
    if (level != WS_SOL_SOCKET)
    {
        return WsaOutcome::Fail(WsaError::WSAEINVAL);
    }
    switch (name)
    {
        case WS_SO_LINGER:
        {
            if (!IsStream())
            {
                return WsaOutcome::Fail(WsaError::WSAENOPROTOOPT); // not for datagram sockets
            }
            if (!value || length < static_cast<int>(sizeof(LINGER)))
            {
                return WsaOutcome::Fail(WsaError::WSAEFAULT);
            }
            std::memcpy(&m_linger, value, sizeof(LINGER));
            return WsaOutcome::Ok();
        }
        case WS_SO_DONTLINGER:
        {
            if (!IsStream())
            {
                return WsaOutcome::Fail(WsaError::WSAENOPROTOOPT);
            }
            if (!value || length < static_cast<int>(sizeof(BOOL)))
            {
                return WsaOutcome::Fail(WsaError::WSAEFAULT);
            }
            BOOL dontLinger = 0;
            std::memcpy(&dontLinger, value, sizeof(BOOL));
            // CLS-DONTLINGER: TRUE sets l_onoff = 0; FALSE turns lingering on with the timeout
            // set earlier.
            m_linger.l_onoff = dontLinger ? 0 : 1;
            return WsaOutcome::Ok();
        }
        case WS_SO_KEEPALIVE:
        {
            // setsockopt function, SO_KEEPALIVE (BOOL): kept and read back; the model sends no
            // keep-alive probes (ns-3.37's TCP has none). WSAEFAULT: optval "is not in a valid
            // part of the process address space or the optlen parameter is too small".
            if (!value || length < static_cast<int>(sizeof(BOOL)))
            {
                return WsaOutcome::Fail(WsaError::WSAEFAULT);
            }
            BOOL keepAlive = 0;
            std::memcpy(&keepAlive, value, sizeof(BOOL));
            m_keepAlive = keepAlive != 0;
            return WsaOutcome::Ok();
        }
        default:
            return WsaOutcome::Fail(WsaError::WSAENOPROTOOPT);
    }
}

WsaOutcome
WsaSocket::GetOption(int level, int name, char* value, int* length) const
{
    if (level != WS_SOL_SOCKET)
    {
        return WsaOutcome::Fail(WsaError::WSAEINVAL);
    }
    switch (name)
    {
        case WS_SO_LINGER:
            if (!IsStream())
            {
                return WsaOutcome::Fail(WsaError::WSAENOPROTOOPT);
            }
            if (!value || !length || *length < static_cast<int>(sizeof(LINGER)))
            {
                return WsaOutcome::Fail(WsaError::WSAEFAULT);
            }
            std::memcpy(value, &m_linger, sizeof(LINGER));
            *length = sizeof(LINGER);
            return WsaOutcome::Ok();
        case WS_SO_DONTLINGER:
        {
            if (!IsStream())
            {
                return WsaOutcome::Fail(WsaError::WSAENOPROTOOPT);
            }
            if (!value || !length || *length < static_cast<int>(sizeof(BOOL)))
            {
                return WsaOutcome::Fail(WsaError::WSAEFAULT);
            }
            const BOOL dontLinger = m_linger.l_onoff == 0 ? 1 : 0;
            std::memcpy(value, &dontLinger, sizeof(BOOL));
            *length = sizeof(BOOL);
            return WsaOutcome::Ok();
        }
        case WS_SO_KEEPALIVE:
        case WS_SO_ERROR:
        case WS_SO_TYPE:
        {
            // getsockopt function: a BOOL or an int. Wine sock.c test_set_getsockopt (ok):
            // SO_ERROR with optlen 1 fails with WSAEFAULT.
            if (!value || !length || *length < static_cast<int>(sizeof(int32_t)))
            {
                return WsaOutcome::Fail(WsaError::WSAEFAULT);
            }
            const int32_t read = name == WS_SO_TYPE    ? m_type
                                 : name == WS_SO_ERROR ? SocketError()
                                                       : (m_keepAlive ? 1 : 0);
            std::memcpy(value, &read, sizeof(int32_t));
            *length = sizeof(int32_t);
            return WsaOutcome::Ok();
        }
        default:
            return WsaOutcome::Fail(WsaError::WSAENOPROTOOPT);
    }
}

WsaOutcome
WsaSocket::SetNonBlocking(bool nonBlocking)
{
    m_nonBlocking = nonBlocking;
    return WsaOutcome::Ok();
}

// --- waiting --------------------------------------------------------------------------------

uint64_t
WsaSocket::Wait(WsaPoll poll, std::function<void(WsaOutcome)> done)
{
    return m_waiters.Add(std::move(poll), std::move(done));
}

void
WsaSocket::CancelWait(uint64_t ticket, WsaOutcome outcome)
{
    m_waiters.Cancel(ticket, std::move(outcome));
}

void
WsaSocket::CancelAllWaits()
{
    m_waiters.CancelAll(WsaOutcome::Fail(WsaError::WSAEINTR));
}

void
WsaSocket::ScheduleWake()
{
    if (m_provider)
    {
        m_provider->ScheduleWake(); // select, WSAPoll and the other waits on several objects
    }
    if ((m_waiters.IsEmpty() && !HasAsyncWork()) || m_wakeEvent.IsRunning())
    {
        return;
    }
    // Waiters run in an event of their own, never inside ns-3's TCP processing.
    // `this`, not a Ptr: m_wakeEvent keeps the event alive after it ran, and a Ptr in it made a
    // cycle (socket -> m_wakeEvent -> event -> socket) that leaked the socket, its provider and
    // node. The destructor cancels the event.
    m_wakeEvent = Simulator::ScheduleNow(&WsaSocket::ServiceWaiters, this);
}

void
WsaSocket::ServiceWaiters()
{
    Ptr<WsaSocket> self(this); // a waiter may release the socket
    ServiceOverlapped();       // pending overlapped operations first, in the order issued
    // One completion can unblock another: pass again until nothing moves.
    while (m_waiters.PollEach())
    {
    }
    UpdateNetworkEvents(); // what the waiters left: WSAEventSelect's conditions
}

// --- ns-3 notifications -----------------------------------------------------------------------

void
WsaSocket::OnConnected(Ptr<Socket>)
{
    SetState(State::CONNECTED);
    ScheduleWake();
}

void
WsaSocket::OnConnectFailed(Ptr<Socket>)
{
    // ns-3.37 TcpSocketBase::SendEmptyPacket: the SYN (or SYN|ACK) retries ran out.
    WinsockState next = m_winsock;
    next.end = EndAfterConnectFailed(next.end);
    next.state = m_handle == INVALID_SOCKET ? State::CLOSED : State::BOUND;
    SetState(next);
    ScheduleWake();
}

void
WsaSocket::OnNormalClose(Ptr<Socket>)
{
    ScheduleWake();
}

void
WsaSocket::OnErrorClose(Ptr<Socket>)
{
    ScheduleWake();
}

void
WsaSocket::OnTcpRx(Ptr<const Packet>, const TcpHeader& header, Ptr<const TcpSocketBase>)
{
    if (!(header.GetFlags() & TcpHeader::RST))
    {
        return;
    }
    SetState(EndAfterRst(m_winsock.Get().end));
    if (m_tcpState == TcpSocket::SYN_SENT)
    {
        // ns-3.37 TcpSocketBase::ProcessSynSent ignores a RST|ACK and retries the SYN for
        // minutes; RFC 9293 3.10.7.3 (SYN-SENT, RST with an acceptable ACK) ends the attempt,
        // which Winsock reports as WSAECONNREFUSED. Stop it, outside of ns-3's processing of
        // this segment.
        Simulator::ScheduleNow(&WsaSocket::OnConnectRefused, Ptr<WsaSocket>(this));
    }
}

void
WsaSocket::OnConnectRefused()
{
    if (m_tcpState != TcpSocket::SYN_SENT || !m_tcp)
    {
        return; // the attempt ended otherwise meanwhile
    }
    SetState(End::CONNECT_REFUSED);
    Dispatch(); // drops the attempt in SYN_SENT
    SetState(State::BOUND);
    ScheduleWake();
}

WsaSocket::End
WsaSocket::EndAfterPeerFin(End end)
{
    switch (end)
    {
        case End::NONE:
            return End::PEER_FIN; // end of stream once the data before the FIN is read
        case End::RST_ARRIVED:
            return End::FIN_RST_ARRIVED; // a RST TCP did not close on, then the FIN
        case End::PEER_FIN:
        case End::FIN_RST_ARRIVED:
            return end; // the FIN is known already
        case End::RESET_BY_PEER:
        case End::RESET_REQUESTED:
        case End::ABORTED:
        case End::CONNECT_REFUSED:
        case End::CONNECT_TIMED_OUT:
            return end; // the connection has ended: a reset or a failed attempt stands
    }
    return end;
}

WsaSocket::End
WsaSocket::EndAfterRst(End end)
{
    switch (end)
    {
        case End::NONE:
            return End::RST_ARRIVED; // a reset once TCP closes on it
        case End::PEER_FIN:
            return End::FIN_RST_ARRIVED; // after the FIN (ns-3 ignores it in TIME_WAIT)
        case End::RST_ARRIVED:
        case End::FIN_RST_ARRIVED:
            return end; // a RST is known already
        case End::RESET_BY_PEER:
        case End::RESET_REQUESTED:
        case End::ABORTED:
        case End::CONNECT_REFUSED:
        case End::CONNECT_TIMED_OUT:
            return end; // the connection has ended: a reset or a failed attempt stands
    }
    return end;
}

WsaSocket::End
WsaSocket::EndAfterTcpClosed(End end, TcpSocket::TcpStates_t from)
{
    switch (end)
    {
        case End::RST_ARRIVED:
        case End::FIN_RST_ARRIVED:
            // The peer's RST ended the connection; from SYN_SENT it refused an attempt, which
            // the attempt's failure reports.
            return from == TcpSocket::SYN_SENT ? end : End::RESET_BY_PEER;
        case End::NONE:
        case End::PEER_FIN:
            return end; // closed gracefully, or by a timeout: no reset
        case End::RESET_BY_PEER:
        case End::RESET_REQUESTED:
        case End::ABORTED:
        case End::CONNECT_REFUSED:
        case End::CONNECT_TIMED_OUT:
            return end; // the connection has ended: a reset or a failed attempt stands
    }
    return end;
}

WsaSocket::End
WsaSocket::EndAfterConnectFailed(End end)
{
    switch (end)
    {
        case End::NONE:
        case End::PEER_FIN:
            return End::CONNECT_TIMED_OUT; // no RST came back: the SYNs went unanswered
        case End::RST_ARRIVED:
        case End::FIN_RST_ARRIVED:
            return End::CONNECT_REFUSED; // a RST came back
        case End::CONNECT_REFUSED:
        case End::CONNECT_TIMED_OUT:
            return end; // failed already
        case End::RESET_BY_PEER:
        case End::RESET_REQUESTED:
        case End::ABORTED:
            return end; // reset already (TCP has no timer left to fail the attempt)
    }
    return end;
}

void
WsaSocket::OnTcpState(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
{
    m_tcpState = to;
    switch (to)
    {
        case TcpSocket::CLOSE_WAIT:
        case TcpSocket::CLOSING:
        case TcpSocket::TIME_WAIT:
            // Entered on the peer's FIN: end of stream once the data before it is read.
            if (from != TcpSocket::CLOSING)
            {
                SetState(EndAfterPeerFin(m_winsock.Get().end));
            }
            break;
        case TcpSocket::CLOSED:
            SetState(EndAfterTcpClosed(m_winsock.Get().end, from));
            break;
        case TcpSocket::LISTEN:
        case TcpSocket::SYN_SENT:
        case TcpSocket::SYN_RCVD:
        case TcpSocket::ESTABLISHED:
        case TcpSocket::LAST_ACK:
        case TcpSocket::FIN_WAIT_1:
        case TcpSocket::FIN_WAIT_2:
        case TcpSocket::LAST_STATE:
            // No Winsock-visible consequence of its own.
            break;
    }
    WsaTcpStateRecord record;
    record.nodeId = m_provider->GetNode()->GetId();
    record.handle = m_handle;
    if (m_tcp)
    {
        Address local;
        Address remote;
        if (m_tcp->GetSockName(local) == 0 && InetSocketAddress::IsMatchingType(local))
        {
            record.local = InetSocketAddress::ConvertFrom(local);
            if (record.local.GetPort() != 0)
            {
                m_localName = record.local; // getsockname after TCP has let the name go
            }
        }
        if (m_tcp->GetPeerName(remote) == 0 && InetSocketAddress::IsMatchingType(remote))
        {
            record.remote = InetSocketAddress::ConvertFrom(remote);
        }
    }
    record.from = from;
    record.to = to;
    m_provider->NotifyTcpState(record);
    if (to == TcpSocket::CLOSED && GetState() == State::CLOSED)
    {
        Simulator::ScheduleNow(&WsaProvider::ForgetClosing, m_provider, this);
    }
    ScheduleWake();
}

} // namespace ns3

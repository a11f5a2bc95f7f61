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
    return WsaOutcome{value, WsaError::NO_ERROR_, {}};
}

WsaOutcome
WsaOutcome::Fail(WsaError error)
{
    return WsaOutcome{SOCKET_ERROR, error, {}};
}

TypeId
WsaSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::WsaSocket").SetParent<Object>().SetGroupName("Wsd");
    return tid;
}

WsaSocket::WsaSocket(Ptr<WsaProvider> provider, int type)
    : m_provider(provider)
    , m_type(type)
    , m_handle(INVALID_SOCKET)
    , m_state(State::OPEN)
    , m_tcpState(TcpSocket::CLOSED)
    , m_nonBlocking(false)
    , m_linger{0, 0}
    , m_sendShutdown(false)
    , m_receiveShutdown(false)
    , m_peerFinReceived(false)
    , m_rstReceived(false)
    , m_resetByPeer(false)
    , m_abortedLocally(false)
    , m_connectFailed(false)
    , m_backlog(0)
    , m_finAfterControl(false)
    , m_nextTicket(1)
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
    m_waiters.clear();
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
        m_tcp->TraceDisconnectWithoutContext("State", MakeCallback(&WsaSocket::OnTcpState, this));
        m_tcp->TraceDisconnectWithoutContext("Rx", MakeCallback(&WsaSocket::OnTcpRx, this));
        m_tcp->SetForkCallback(MakeNullCallback<void, Ptr<WsaTcpSocket>>());
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
    return m_state;
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
    return m_sendShutdown;
}

bool
WsaSocket::IsReceiveShutdown() const
{
    return m_receiveShutdown;
}

bool
WsaSocket::WasResetByPeer() const
{
    return m_resetByPeer;
}

Ptr<Socket>
WsaSocket::GetNs3Socket() const
{
    return m_socket;
}

void
WsaSocket::SetState(State state)
{
    NS_LOG_INFO("socket " << m_handle << " " << StateName(m_state) << " => " << StateName(state));
    m_state = state;
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
    tcp->TraceConnectWithoutContext("State", MakeCallback(&WsaSocket::OnTcpState, this));
    tcp->TraceConnectWithoutContext("Rx", MakeCallback(&WsaSocket::OnTcpRx, this));
    tcp->SetConnectCallback(MakeCallback(&WsaSocket::OnConnected, this),
                            MakeCallback(&WsaSocket::OnConnectFailed, this));
    tcp->SetRecvCallback(MakeCallback(&WsaSocket::OnReceive, this));
    tcp->SetSendCallback(MakeCallback(&WsaSocket::OnSendSpace, this));
    tcp->SetCloseCallbacks(MakeCallback(&WsaSocket::OnNormalClose, this),
                           MakeCallback(&WsaSocket::OnErrorClose, this));
}

// --- connection state -------------------------------------------------------------------

bool
WsaSocket::IsConnected() const
{
    if (!IsStream())
    {
        return m_state == State::CONNECTED;
    }
    // Winsock keeps a socket "connected" through half-close and after the connection ends
    // gracefully, until closesocket; a reset or a failed connect ends it.
    return (m_state == State::CONNECTED || m_state == State::LINGERING) && !m_resetByPeer
           && !m_abortedLocally;
}

std::optional<WsaError>
WsaSocket::ConnectionError() const
{
    if (m_resetByPeer)
    {
        return WsaError::WSAECONNRESET; // the peer's RST: recv and send fail, data discarded
    }
    if (m_abortedLocally)
    {
        return WsaError::WSAECONNABORTED; // this side's hard close ended the connection
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

bool
WsaSocket::AtEndOfStream() const
{
    return m_peerFinReceived && UnreadBytes() == 0;
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
            NS_LOG_WARN("socket " << m_handle << ": " << m_decoder.GetError() << "; resetting");
            Abort();
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
    if (m_state != State::OPEN)
    {
        return WsaOutcome::Fail(WsaError::WSAEINVAL); // bind docs: already bound
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
    switch (m_state)
    {
        case State::OPEN:
            return WsaOutcome::Fail(WsaError::WSAEINVAL); // listen docs: not bound
        case State::BOUND:
            break;
        case State::LISTENING:
            m_backlog = std::max(backlog, 1); // listen again: only the backlog changes
            return WsaOutcome::Ok();
        case State::CONNECTING:
        case State::CONNECTED:
        case State::LINGERING:
            return WsaOutcome::Fail(WsaError::WSAEISCONN);
        case State::CLOSED:
            return WsaOutcome::Fail(WsaError::WSAENOTSOCK);
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
    switch (m_state)
    {
        case State::OPEN:
        case State::BOUND:
            break;
        case State::LISTENING:
            return WsaOutcome::Fail(WsaError::WSAEINVAL);
        case State::CONNECTING:
            return WsaOutcome::Fail(WsaError::WSAEALREADY);
        case State::CONNECTED:
        case State::LINGERING:
            // Also after WSASendDisconnect: "a Windows Sockets provider is not required to
            // support the use of connect/WSAConnect on such a socket" (WSASendDisconnect.txt).
            return WsaOutcome::Fail(WsaError::WSAEISCONN);
        case State::CLOSED:
            return WsaOutcome::Fail(WsaError::WSAENOTSOCK);
    }
    if (m_connectFailed)
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
        return WsaOutcome::Fail(WsaError::WSAEWOULDBLOCK); // connect docs: completes later
    }
    return WsaPoll(
        [this]() -> std::optional<WsaOutcome>
        {
            if (m_state == State::CONNECTED)
            {
                return WsaOutcome::Ok();
            }
            if (m_connectFailed)
            {
                return WsaOutcome::Fail(m_rstReceived ? WsaError::WSAECONNREFUSED
                                                      : WsaError::WSAETIMEDOUT);
            }
            return std::nullopt;
        });
}

WsaStep
WsaSocket::Accept()
{
    if (!IsStream())
    {
        return WsaOutcome::Fail(WsaError::WSAEOPNOTSUPP);
    }
    if (m_state != State::LISTENING)
    {
        return WsaOutcome::Fail(WsaError::WSAEINVAL); // accept docs: listen was not called
    }
    auto take = [this]() -> std::optional<WsaOutcome>
    {
        if (m_state != State::LISTENING)
        {
            return WsaOutcome::Fail(WsaError::WSAEINTR);
        }
        if (m_acceptQueue.empty())
        {
            return std::nullopt;
        }
        Ptr<WsaSocket> child = m_acceptQueue.front();
        m_acceptQueue.pop_front();
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
    return m_state == State::LISTENING && !IsBacklogFull();
}

void
WsaSocket::OnFork(Ptr<WsaTcpSocket> child)
{
    // A SYN reached the listening socket: the connection's socket exists from now on, so its
    // state changes and any data that arrives before accept() are recorded.
    // The copy made by Fork() carries the listening socket's trace connections (TracedValue and
    // TracedCallback copy their callbacks): take this listener's off the child, or the listener
    // would hear the child's state changes and segments, and after it is gone call a freed object.
    child->TraceDisconnectWithoutContext("State", MakeCallback(&WsaSocket::OnTcpState, this));
    child->TraceDisconnectWithoutContext("Rx", MakeCallback(&WsaSocket::OnTcpRx, this));
    Ptr<WsaSocket> socket = CreateObject<WsaSocket>(m_provider, WS_SOCK_STREAM);
    socket->m_tcpState = TcpSocket::LISTEN;
    socket->AttachTcp(child);
    socket->SetState(State::CONNECTING);
    m_embryonic.push_back(socket);
}

void
WsaSocket::OnNewConnection(Ptr<Socket> socket, const Address&)
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
    // Refused here, before ns-3: TcpSocketBase queues data sent after ShutdownSend while
    // earlier data is unacknowledged (ns3-notes.md). shutdown docs: WSAESHUTDOWN.
    if (m_sendShutdown)
    {
        return WsaOutcome::Fail(WsaError::WSAESHUTDOWN);
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
    if (pushed == data.size())
    {
        return WsaOutcome::Ok(pushed);
    }
    if (m_nonBlocking)
    {
        // send docs: a non-blocking send queues what fits, WSAEWOULDBLOCK when nothing does.
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
            if (m_state == State::CLOSED)
            {
                return WsaOutcome::Fail(WsaError::WSAEINTR);
            }
            *sent += PushStreamData(data, *sent);
            if (*sent == data.size())
            {
                return WsaOutcome::Ok(*sent);
            }
            return std::nullopt;
        });
}

WsaStep
WsaSocket::Recv(uint32_t maxBytes)
{
    auto attempt = [this, maxBytes]() -> std::optional<WsaOutcome>
    {
        if (m_receiveShutdown)
        {
            return WsaOutcome::Fail(WsaError::WSAESHUTDOWN); // shutdown docs, SD_RECEIVE
        }
        if (m_state == State::CLOSED)
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
            Ptr<Packet> datagram = m_socket->Recv(UINT32_MAX, 0);
            WsaOutcome outcome = WsaOutcome::Ok(std::min(datagram->GetSize(), maxBytes));
            outcome.data.resize(outcome.value);
            datagram->CopyData(outcome.data.data(), outcome.data.size());
            if (datagram->GetSize() > maxBytes)
            {
                // recv docs: the datagram is truncated and the call fails with WSAEMSGSIZE.
                outcome.value = SOCKET_ERROR;
                outcome.error = WsaError::WSAEMSGSIZE;
            }
            return outcome;
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
            return WsaOutcome::Ok(0); // graceful close: recv returns 0 after all the data
        }
        if (maxBytes == 0 && UnreadBytes() > 0)
        {
            return WsaOutcome::Ok(0);
        }
        return std::nullopt;
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
    if (IsStream() && m_provider->GetProfile() == WsaProviderProfile::ISO_TP_OVER_TCP)
    {
        DrainIntoDecoder();
    }
    if (IsStream() && (m_receiveShutdown || m_state == State::CLOSED) && UnreadBytes() > 0)
    {
        // shutdown docs, SD_RECEIVE on TCP: data arriving later resets the connection.
        // After closesocket: RFC 1122 4.2.2.13, new data after CLOSE gets a RST.
        Abort();
        return;
    }
    ScheduleWake();
}

void
WsaSocket::OnSendSpace(Ptr<Socket>, uint32_t)
{
    FlushControl();
    ScheduleWake();
}

// --- shutdown and disconnect --------------------------------------------------------------

void
WsaSocket::QueueDisconnect(const std::vector<uint8_t>& disconnectBytes)
{
    m_pendingControl.insert(m_pendingControl.end(), disconnectBytes.begin(), disconnectBytes.end());
    m_finAfterControl = true;
    FlushControl();
}

void
WsaSocket::FlushControl()
{
    if (!m_tcp || m_abortedLocally || m_resetByPeer)
    {
        return;
    }
    if (!m_pendingControl.empty())
    {
        const uint32_t space = m_tcp->GetTxAvailable();
        if (space < m_pendingControl.size())
        {
            return; // the DR TPDU goes whole; wait for room
        }
        m_tcp->Send(Create<Packet>(m_pendingControl.data(), m_pendingControl.size()), 0);
        m_pendingControl.clear();
    }
    if (m_finAfterControl)
    {
        m_finAfterControl = false;
        // ns-3 sends the FIN now when nothing is queued, else once the queue drains: the FIN
        // follows all data already queued (shutdown docs, SD_SEND).
        m_tcp->ShutdownSend();
    }
}

void
WsaSocket::DisableSends(const std::optional<std::vector<uint8_t>>& disconnectData)
{
    if (m_sendShutdown)
    {
        return; // already disabled: no second disconnect
    }
    m_sendShutdown = true;
    if (!IsStream() || !m_tcp || !IsConnected())
    {
        return; // UDP: sends are refused from now on; nothing goes on the wire
    }
    switch (m_provider->GetProfile())
    {
        case WsaProviderProfile::TCP_IP:
            QueueDisconnect({});
            return;
        case WsaProviderProfile::ISO_TP_OVER_TCP:
            // The DR TPDU carries the disconnect data (possibly none) ahead of the FIN.
            QueueDisconnect(
                tpkt::EncodeDisconnect(disconnectData.value_or(std::vector<uint8_t>{})));
            return;
    }
}

void
WsaSocket::DisableReceives()
{
    m_receiveShutdown = true;
    if (IsStream() && m_tcp && IsConnected() && UnreadBytes() > 0)
    {
        // shutdown docs, SD_RECEIVE on TCP: data already queued resets the connection.
        Abort();
    }
}

WsaOutcome
WsaSocket::Shutdown(int how)
{
    if (how != SD_RECEIVE && how != SD_SEND && how != SD_BOTH)
    {
        return WsaOutcome::Fail(WsaError::WSAEINVAL); // shutdown docs
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
    // WSASendDisconnect.txt, WSAEFAULT: the data is not wholly in the user address space.
    if (disconnectData && !space->Contains(disconnectData->buf, disconnectData->len))
    {
        return WsaOutcome::Fail(WsaError::WSAEFAULT);
    }
    // WSASendDisconnect.txt, WSAENOPROTOOPT: data given and the provider cannot carry it.
    if (disconnectData && !SupportsDisconnectData(m_provider->GetProfile()))
    {
        return WsaOutcome::Fail(WsaError::WSAENOPROTOOPT);
    }
    // WSASendDisconnect.txt, WSAENOTCONN: connection-oriented sockets only.
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
    // "disable transmission, and initiate termination of the connection along with the
    // transmission of disconnect data" -- without blocking, whatever SO_LINGER says.
    DisableSends(bytes);
    ScheduleWake();
    return WsaOutcome::Ok();
}

WsaOutcome
WsaSocket::RecvDisconnect(WSABUF* disconnectData)
{
    Ptr<WsaAddressSpace> space = m_provider->GetAddressSpace();
    if (disconnectData && !space->Contains(disconnectData->buf, disconnectData->len))
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
        // A provider without disconnect data reports none (closesocket-shutdown-linger.md:
        // it is not required to fail with WSAENOPROTOOPT).
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
            return true;
    }
    return true;
}

void
WsaSocket::Abort()
{
    if (m_abortedLocally || m_resetByPeer || !m_tcp)
    {
        return;
    }
    m_abortedLocally = true;
    m_pendingControl.clear();
    m_finAfterControl = false;
    m_tcp->Abort();
    ScheduleWake();
}

void
WsaSocket::Release()
{
    CancelAllWaits();
    for (auto& child : m_acceptQueue)
    {
        // closesocket on a listening socket resets the connections not yet accepted.
        child->Abort();
        child->SetState(State::CLOSED);
    }
    for (auto& child : m_embryonic)
    {
        child->Abort();
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
    if (m_state == State::CLOSED)
    {
        return;
    }
    if (m_tcp)
    {
        switch (m_state)
        {
            case State::OPEN:
            case State::BOUND:
                m_tcp->Close();
                break;
            case State::LISTENING:
            case State::CONNECTING:
            case State::CONNECTED:
            case State::LINGERING:
                Abort();
                break;
            case State::CLOSED:
                break;
        }
    }
    else if (m_socket)
    {
        m_socket->Close();
    }
    Release();
}

WsaStep
WsaSocket::Close()
{
    if (!IsStream() || !m_tcp)
    {
        if (m_socket)
        {
            m_socket->Close();
        }
        Release();
        return WsaOutcome::Ok();
    }
    switch (m_state)
    {
        case State::OPEN:
        case State::BOUND:
            m_tcp->Close();
            Release();
            return WsaOutcome::Ok();
        case State::LISTENING:
            m_tcp->Close();
            Release();
            return WsaOutcome::Ok();
        case State::CONNECTING:
            // RFC 793 ABORT in SYN_SENT: no segment; the attempt just stops.
            m_tcp->Abort();
            Release();
            return WsaOutcome::Ok();
        case State::CONNECTED:
            break;
        case State::LINGERING:
            return WsaOutcome::Fail(WsaError::WSAEINPROGRESS);
        case State::CLOSED:
            return WsaOutcome::Fail(WsaError::WSAENOTSOCK);
    }

    if (m_resetByPeer || m_abortedLocally)
    {
        Release(); // the connection is gone already
        return WsaOutcome::Ok();
    }
    if (UnreadBytes() > 0)
    {
        // RFC 1122 4.2.2.13: CLOSE with received data still pending SHOULD send a RST.
        Abort();
        Release();
        return WsaOutcome::Ok();
    }
    if (m_linger.l_onoff == 0)
    {
        // closesocket docs, linger off: graceful, completed in the background; returns now,
        // blocking socket or not, and never WSAEWOULDBLOCK.
        m_sendShutdown = true;
        if (!m_pendingControl.empty() || m_finAfterControl)
        {
            m_finAfterControl = false; // Close() below sends the FIN after the queued bytes
            FlushControl();
        }
        if (m_pendingControl.empty())
        {
            m_tcp->Close();
        }
        Release();
        return WsaOutcome::Ok();
    }
    if (m_linger.l_linger == 0)
    {
        // closesocket docs, linger {1,0}: hard close, connection reset, unsent data lost.
        Abort();
        Release();
        return WsaOutcome::Ok();
    }
    // Linger with a timeout.
    if (IsCloseComplete())
    {
        m_tcp->Close();
        Release();
        return WsaOutcome::Ok();
    }
    if (m_nonBlocking)
    {
        // closesocket docs: the close cannot complete at once on a non-blocking socket:
        // WSAEWOULDBLOCK; the handle stays valid and no disconnect is initiated.
        return WsaOutcome::Fail(WsaError::WSAEWOULDBLOCK);
    }
    // Blocking: start the graceful close, then wait until data and FIN are acknowledged or
    // the timeout passes; on timeout, reset. closesocket returns 0 either way.
    m_sendShutdown = true;
    if (m_pendingControl.empty())
    {
        m_tcp->Close();
    }
    SetState(State::LINGERING);
    const Time deadline = Simulator::Now() + Seconds(m_linger.l_linger);
    Simulator::Schedule(Seconds(m_linger.l_linger), &WsaSocket::ScheduleWake, Ptr<WsaSocket>(this));
    return WsaPoll(
        [this, deadline]() -> std::optional<WsaOutcome>
        {
            if (m_resetByPeer || m_abortedLocally || IsCloseComplete())
            {
                Release();
                return WsaOutcome::Ok();
            }
            if (Simulator::Now() >= deadline)
            {
                Abort(); // linger timeout: the connection is reset
                Release();
                return WsaOutcome::Ok();
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
            // closesocket-shutdown-linger.md: TRUE sets l_onoff = 0; FALSE turns lingering on
            // with the timeout set earlier.
            m_linger.l_onoff = dontLinger ? 0 : 1;
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
    const uint64_t ticket = m_nextTicket++;
    m_waiters.emplace(ticket, Waiter{std::move(poll), std::move(done)});
    return ticket;
}

void
WsaSocket::CancelWait(uint64_t ticket, WsaOutcome outcome)
{
    auto it = m_waiters.find(ticket);
    if (it == m_waiters.end())
    {
        return;
    }
    auto done = std::move(it->second.done);
    m_waiters.erase(it);
    done(std::move(outcome));
}

void
WsaSocket::CancelAllWaits()
{
    auto waiters = std::move(m_waiters);
    m_waiters.clear();
    for (auto& [ticket, waiter] : waiters)
    {
        waiter.done(WsaOutcome::Fail(WsaError::WSAEINTR));
    }
}

void
WsaSocket::ScheduleWake()
{
    if (m_waiters.empty() || m_wakeEvent.IsRunning())
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
    // Each waiter leaves the list while it runs, so that it may release the socket or wait
    // again; one completion can unblock another, so pass again until nothing moves.
    bool progress = true;
    while (progress)
    {
        progress = false;
        std::vector<uint64_t> tickets;
        for (const auto& [ticket, waiter] : m_waiters)
        {
            tickets.push_back(ticket);
        }
        for (const uint64_t ticket : tickets)
        {
            auto it = m_waiters.find(ticket);
            if (it == m_waiters.end())
            {
                continue;
            }
            Waiter waiter = std::move(it->second);
            m_waiters.erase(it);
            auto outcome = waiter.poll();
            if (!outcome)
            {
                m_waiters.emplace(ticket, std::move(waiter));
                continue;
            }
            waiter.done(std::move(*outcome));
            progress = true;
        }
    }
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
    m_connectFailed = true;
    SetState(m_handle == INVALID_SOCKET ? State::CLOSED : State::BOUND);
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
    m_rstReceived = true;
    if (m_tcpState == TcpSocket::SYN_SENT)
    {
        // ns-3.37 ignores a RST|ACK in SYN_SENT and retries the SYN for minutes
        // (ns3-notes.md); RFC 793 says the connection is refused. Stop the attempt, outside
        // of ns-3's processing of this segment.
        Simulator::ScheduleNow(&WsaSocket::OnConnectRefused, Ptr<WsaSocket>(this));
    }
}

void
WsaSocket::OnConnectRefused()
{
    if (m_tcpState != TcpSocket::SYN_SENT || !m_tcp)
    {
        return;
    }
    m_tcp->Abort();
    m_connectFailed = true;
    SetState(State::BOUND);
    ScheduleWake();
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
                m_peerFinReceived = true;
            }
            break;
        case TcpSocket::CLOSED:
            if (m_rstReceived && !m_abortedLocally && from != TcpSocket::SYN_SENT)
            {
                m_resetByPeer = true; // the peer's RST ended the connection
            }
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
        }
        if (m_tcp->GetPeerName(remote) == 0 && InetSocketAddress::IsMatchingType(remote))
        {
            record.remote = InetSocketAddress::ConvertFrom(remote);
        }
    }
    record.from = from;
    record.to = to;
    m_provider->NotifyTcpState(record);
    if (to == TcpSocket::CLOSED && m_state == State::CLOSED)
    {
        Simulator::ScheduleNow(&WsaProvider::ForgetClosing, m_provider, this);
    }
    ScheduleWake();
}

} // namespace ns3

// The asynchronous half of a Winsock socket: what select and WSAPoll see, WSAEventSelect's network
// events, overlapped operations, DisconnectEx, and sendto, getpeername, getsockname. Each rule
// cites its source; sim/doc/windows-async-facts.md collects them ("sock.c" is Wine's
// dlls/ws2_32/tests/sock.c, whose ok() checks run on Windows; "todo_wine" checks are Windows
// behaviour Wine does not match yet).
#include "wsa-provider.h"
#include "wsa-socket.h"
#include "wsa-tcp-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"

namespace ns3
{

// --- conditions -----------------------------------------------------------------------------

bool
WsaSocket::PeerClosed() const
{
    switch (m_winsock.Get().end)
    {
        case End::PEER_FIN:
        case End::FIN_RST_ARRIVED:
            return true; // the peer's FIN arrived (a RST after it changes nothing Winsock shows)
        case End::NONE:
        case End::RST_ARRIVED:
        case End::RESET_BY_PEER:
        case End::RESET_REQUESTED:
        case End::ABORTED:
        case End::CONNECT_REFUSED:
        case End::CONNECT_TIMED_OUT:
            return false; // no FIN: alive, reset, or never connected
    }
    return false;
}

bool
WsaSocket::ConnectionLost() const
{
    if (!IsStream())
    {
        return false; // no connection to lose
    }
    switch (m_winsock.Get().end)
    {
        case End::RESET_BY_PEER:
            return true; // the peer's RST
        case End::NONE:
            // TCP closed with neither FIN nor RST while connected: it gave up (retransmissions
            // ran out), "terminated due to a time-out or other failure" (WSAEnumNetworkEvents).
            return m_tcp && m_tcpState == TcpSocket::CLOSED && GetState() == State::CONNECTED;
        case End::PEER_FIN:
        case End::RST_ARRIVED:
        case End::FIN_RST_ARRIVED:
        case End::RESET_REQUESTED:
        case End::ABORTED:
        case End::CONNECT_REFUSED:
        case End::CONNECT_TIMED_OUT:
            return false; // closed gracefully, not yet closed, ended here, or never connected
    }
    return false;
}

bool
WsaSocket::HasDataToRead() const
{
    if (GetState() == State::LISTENING)
    {
        return !m_acceptQueue.empty(); // a connection to accept
    }
    if (!IsStream())
    {
        return !m_datagramSizes.empty(); // a datagram queued
    }
    // Bytes before the FIN (the FIN itself is not data). A reset discards the bytes not yet read
    // (CLS-HARD-PEER-RESET: recv fails at once; FIONREAD gives 0, GetReadableBytes), so they are
    // no longer readable data: no POLLRDNORM, no FD_READ for them (sock.c test_tcp_reset, ok:
    // POLLERR|POLLHUP|POLLWRNORM after the peer's RST).
    return GetReadableBytes() > 0;
}

bool
WsaSocket::CanSend() const
{
    if (!IsStream())
    {
        // sock.c test_select (ok): an unbound UDP socket is writable at once; test_UDP (ok): a
        // connected one stays writable after every send.
        return true;
    }
    if (GetState() != State::CONNECTED)
    {
        return false; // no connection to send on (connecting, failed, listening, closing)
    }
    if (ConnectionLost())
    {
        // sock.c test_tcp_reset (ok): after the peer's RST, select finds the socket readable
        // and writable (a send then fails at once).
        return true;
    }
    // sock.c test_select (ok): a full send buffer is not writable.
    return m_socket && m_socket->GetTxAvailable() > 0;
}

WsaSocket::SelectReadiness
WsaSocket::GetSelectReadiness() const
{
    SelectReadiness ready;
    // select function, Remarks, readfds: "If listen has been called and a connection is
    // pending", "Data is available for reading", "Connection has been closed/reset/terminated";
    // sock.c test_select (ok): readable after the peer's FIN; test_tcp_reset (ok): after a RST.
    ready.read = HasDataToRead() || PeerClosed() || ConnectionLost();
    // writefds: "If processing a connect call (nonblocking), connection has succeeded", "Data
    // can be sent".
    ready.write = CanSend();
    // exceptfds: "If processing a connect call (nonblocking), connection attempt failed";
    // sock.c test_select (ok): a refused connect, blocking or not, is in exceptfds only.
    ready.except = ConnectFailure().has_value();
    return ready;
}

int16_t
WsaSocket::GetPollEvents(int16_t events) const
{
    const bool failed = ConnectFailure().has_value();
    int16_t revents = 0;
    // sock.c test_WSAPoll (ok): data, or a pending connection on a listener, is POLLRDNORM; the
    // peer's FIN is not (POLLWRNORM|POLLHUP only after the peer's closesocket).
    if ((events & WS_POLLRDNORM) && HasDataToRead())
    {
        revents |= WS_POLLRDNORM;
    }
    // WSAPoll function, Remarks: "As of Windows 10 version 2004, when a TCP socket fails to
    // connect, (POLLHUP | POLLERR | POLLWRNORM) is indicated."
    if ((events & WS_POLLWRNORM) && (CanSend() || failed))
    {
        revents |= WS_POLLWRNORM;
    }
    // WSAPoll function, Remarks: POLLHUP "when a remote peer shuts down a send operation (a
    // TCP FIN was received)", POLLHUP and POLLERR "when a remote peer suddenly disconnects";
    // both are reported whether asked for or not (sock.c test_WSAPoll, test_tcp_reset, ok).
    if (PeerClosed() || ConnectionLost() || failed)
    {
        revents |= WS_POLLHUP;
    }
    if (ConnectionLost() || failed)
    {
        revents |= WS_POLLERR;
    }
    return revents;
}

// --- WSAEventSelect ------------------------------------------------------------------------

bool
WsaSocket::HasEventSelect() const
{
    return m_eventMask != 0;
}

bool
WsaSocket::HasAsyncWork() const
{
    return !m_overlapped.empty() || m_eventMask != 0;
}

int32_t
WsaSocket::NetworkConditions(std::array<int32_t, FD_MAX_EVENTS>& errors) const
{
    int32_t conditions = 0;
    auto hold = [&conditions, &errors](int32_t event, WsaError error)
    {
        conditions |= event;
        errors[NetworkEventBit(event)] = static_cast<int32_t>(error);
    };
    const State state = GetState();
    if (state == State::LISTENING)
    {
        if (!m_acceptQueue.empty())
        {
            hold(FD_ACCEPT, WsaError::NO_ERROR_); // sock.c test_accept_events (ok)
        }
        return conditions;
    }
    if (HasDataToRead())
    {
        hold(FD_READ, WsaError::NO_ERROR_); // sock.c test_read_events (ok)
    }
    if (!IsStream())
    {
        // sock.c test_WSAEnumNetworkEvents (ok): a bound UDP socket reports FD_WRITE; an
        // unbound one nothing; test_connect_events (todo_wine): a connected one FD_CONNECT too.
        if (state == State::BOUND || state == State::CONNECTED)
        {
            hold(FD_WRITE, WsaError::NO_ERROR_);
        }
        if (state == State::CONNECTED)
        {
            hold(FD_CONNECT, WsaError::NO_ERROR_);
        }
        return conditions;
    }
    if (CanSend() && !ConnectionLost())
    {
        hold(FD_WRITE, WsaError::NO_ERROR_); // sock.c test_write_events (ok)
    }
    if (!m_accepted && state == State::CONNECTED)
    {
        // sock.c test_connect_events (ok): FD_CONNECT with FD_WRITE, also when the socket
        // connected before WSAEventSelect.
        hold(FD_CONNECT, WsaError::NO_ERROR_);
    }
    else if (auto failure = ConnectFailure())
    {
        // WSAEnumNetworkEvents function: FD_CONNECT's iErrorCode WSAECONNREFUSED or
        // WSAETIMEDOUT; afd.c test_get_events (ok): a refused connect is signalled.
        hold(FD_CONNECT, *failure);
    }
    if (PeerClosed())
    {
        // sock.c test_close_events (ok): the peer's closesocket or shutdown(SD_SEND) records
        // FD_CLOSE with 0, before the data is read (todo_wine: Windows does not wait for it).
        hold(FD_CLOSE, WsaError::NO_ERROR_);
    }
    else if (ConnectionLost())
    {
        // sock.c test_close_events (ok): the peer's RST records FD_CLOSE with WSAECONNABORTED,
        // not WSAECONNRESET; WSAEnumNetworkEvents function: WSAECONNABORTED also for "a
        // time-out or other failure".
        hold(FD_CLOSE, WsaError::WSAECONNABORTED);
    }
    return conditions;
}

void
WsaSocket::UpdateNetworkEvents()
{
    const uint32_t unread = IsStream() ? UnreadBytes() : m_datagramBytes;
    if (unread > m_unreadSeen)
    {
        // More data arrived: event mode records FD_READ again (sock.c test_read_events,
        // todo_wine: Windows does).
        m_reportedEvents &= ~FD_READ;
    }
    m_unreadSeen = unread;
    if (m_eventMask == 0)
    {
        return; // nothing selected: nothing recorded (the conditions stay for a later select)
    }
    std::array<int32_t, FD_MAX_EVENTS> errors{};
    const int32_t conditions = NetworkConditions(errors);
    // WSAEventSelect function: an event is recorded once, and again only after its re-enabling
    // function; FD_CONNECT and FD_CLOSE have none (sock.c test_close_events (ok): FD_CLOSE is
    // reported once, even when WSAEventSelect is called again).
    const int32_t newly = conditions & m_eventMask & ~m_reportedEvents;
    if (newly == 0)
    {
        return;
    }
    m_recordedEvents |= newly;
    m_reportedEvents |= newly;
    for (int bit = 0; bit < FD_MAX_EVENTS; ++bit)
    {
        if (newly & (1 << bit))
        {
            m_eventErrors[bit] = errors[bit];
        }
    }
    if (m_selectEvent)
    {
        m_selectEvent->Set();
    }
}

WsaOutcome
WsaSocket::EventSelect(Ptr<WsaEvent> event, int32_t mask)
{
    // WSAEventSelect function: "Issuing a WSAEventSelect for a socket cancels any previous
    // WSAAsyncSelect or WSAEventSelect for the same socket"; it "automatically sets socket s
    // to nonblocking mode, regardless of the value of lNetworkEvents". Events recorded stay
    // recorded, and the event is not reset (sock.c test_accept_events, ok).
    m_selectEvent = event;
    m_eventMask = mask;
    m_nonBlocking = true;
    // Conditions that hold already are recorded now: the peer closed before the select
    // (sock.c test_close_events, ok), data arrived while nothing was selected (test_read_events,
    // ok).
    UpdateNetworkEvents();
    ScheduleWake();
    return WsaOutcome::Ok();
}

WsaOutcome
WsaSocket::EnumNetworkEvents(Ptr<WsaEvent> reset, WSANETWORKEVENTS* events)
{
    // WSAEnumNetworkEvents function: copying the record, clearing it and resetting the event
    // are one atomic step. iErrorCode is written only for the events reported; the other slots
    // keep what they held (sock.c test_WSAEnumNetworkEvents, ok).
    WsaOutcome outcome = WsaOutcome::Ok();
    std::map<int32_t, int32_t> errors;
    events->lNetworkEvents = m_recordedEvents;
    for (int bit = 0; bit < FD_MAX_EVENTS; ++bit)
    {
        if (m_recordedEvents & (1 << bit))
        {
            events->iErrorCode[bit] = m_eventErrors[bit];
            errors[1 << bit] = m_eventErrors[bit];
        }
    }
    outcome.outputs.emplace_back("events", static_cast<int64_t>(m_recordedEvents));
    outcome.outputs.emplace_back("errors", errors);
    m_recordedEvents = 0;
    if (reset)
    {
        reset->Reset();
    }
    return outcome;
}

void
WsaSocket::Reenable(int32_t events)
{
    // WSAEventSelect function: "Any call to the reenabling routine, even one that fails,
    // results in reenabling of recording and signaling for the relevant network event and
    // event object."
    m_reportedEvents &= ~events;
    UpdateNetworkEvents();
}

void
WsaSocket::InheritAsync(const WsaSocket& listener)
{
    // accept function: the new socket "has the same properties as socket s, including the
    // asynchronous events registered with the WSAAsyncSelect or WSAEventSelect functions";
    // sock.c test_accept_events (ok): the accepted socket reports FD_WRITE.
    m_accepted = true;
    m_overlappedAttribute = listener.m_overlappedAttribute;
    m_selectEvent = listener.m_selectEvent;
    m_eventMask = listener.m_eventMask;
    if (m_eventMask != 0)
    {
        m_nonBlocking = true; // WSAEventSelect's non-blocking mode comes with the association
    }
    UpdateNetworkEvents();
}

void
WsaSocket::NoteNonBlockingConnect()
{
    m_nonBlockingConnect = true;
}

int32_t
WsaSocket::SocketError() const
{
    // sock.c test_select, test_WSAPoll (ok, interactive): after a failed non-blocking connect
    // SO_ERROR reads WSAECONNREFUSED, and reading it does not clear it; after a failed blocking
    // connect it reads 0 (todo_wine: Windows); test_tcp_reset (ok): after the peer's RST, 0.
    if (!m_nonBlockingConnect)
    {
        return 0;
    }
    const auto failure = ConnectFailure();
    return failure ? static_cast<int32_t>(*failure) : 0;
}

// --- overlapped operations ---------------------------------------------------------------------

bool
WsaSocket::IsOverlapped() const
{
    return m_overlappedAttribute;
}

void
WsaSocket::SetOverlapped(bool overlapped)
{
    m_overlappedAttribute = overlapped;
}

bool
WsaSocket::AssociatePort(Ptr<WsaCompletionPort> port, uint64_t key)
{
    if (m_port)
    {
        return false; // CreateIoCompletionPort function: "associated with one I/O completion port"
    }
    m_port = port;
    m_completionKey = key;
    return true;
}

void
WsaSocket::CompleteOverlapped(WSAOVERLAPPED* overlapped, const WsaOutcome& outcome)
{
    const bool failed = outcome.error != WsaError::NO_ERROR_;
    const WsaIoStatus status = failed ? StatusOf(outcome.error) : WsaIoStatus::SUCCESS;
    const uint32_t bytes = failed ? 0 : static_cast<uint32_t>(outcome.value);
    overlapped->Internal = static_cast<uint64_t>(status);
    overlapped->InternalHigh = bytes;
    overlapped->received = outcome.data;
    // WSARecv function: "the event object specified by hEvent ... will be signaled" on
    // completion; sock.c test_completion_port (ok): a socket associated with a port gets a
    // packet for each overlapped operation that completes, at once or later.
    if (Ptr<WsaEvent> event = m_provider->LookupEvent(overlapped->hEvent))
    {
        event->Set();
    }
    if (m_port)
    {
        m_port->Post(WsaCompletionPacket{status, bytes, m_completionKey, overlapped});
    }
    m_provider->ScheduleWake(); // WSAGetOverlappedResult waits on the OVERLAPPED itself
}

WsaStep
WsaSocket::StartOverlapped(WsaStep first,
                           WSAOVERLAPPED* overlapped,
                           const WsaThread* thread,
                           bool send)
{
    // OVERLAPPED structure, hEvent: functions "set this handle to the nonsignaled state before
    // they begin an I/O operation".
    if (Ptr<WsaEvent> event = m_provider->LookupEvent(overlapped->hEvent))
    {
        event->Reset();
    }
    if (auto* outcome = std::get_if<WsaOutcome>(&first))
    {
        if (outcome->error == WsaError::NO_ERROR_)
        {
            // WSARecv function: 0 means it completed at once; the completion is signalled all
            // the same (sock.c test_completion_port, ok: a packet is queued).
            CompleteOverlapped(overlapped, *outcome);
        }
        // A call that fails at once signals nothing and queues no packet (sock.c
        // test_completion_port, test_tcp_reset, ok).
        return *outcome;
    }
    WsaPoll progress = std::get<WsaPoll>(std::move(first));
    overlapped->Internal = static_cast<uint64_t>(WsaIoStatus::PENDING);
    overlapped->InternalHigh = 0;
    if (!m_overlappedAttribute)
    {
        // sock.c test_nonblocking_async_recv (ok): on a socket made without
        // WSA_FLAG_OVERLAPPED the call waits until it completes, even with FIONBIO set.
        return WsaPoll(
            [this, progress, overlapped]() -> std::optional<WsaOutcome>
            {
                auto outcome = progress();
                if (outcome)
                {
                    CompleteOverlapped(overlapped, *outcome);
                }
                return outcome;
            });
    }
    // WSARecv function: WSA_IO_PENDING, "An overlapped operation was successfully initiated
    // and completion will be indicated at a later time".
    m_overlapped.push_back(OverlappedOp{std::move(progress), overlapped, thread, send});
    return WsaOutcome::Fail(WsaError::WSA_IO_PENDING);
}

void
WsaSocket::ServiceOverlapped(bool receivesOnly)
{
    // Each direction's operations end in the order issued (sock.c
    // test_simultaneous_async_recv, ok: two receives are filled in order): the first pending
    // receive holds back the receives behind it, the first send (or DisconnectEx) the sends.
    // Inside an ns-3 callback only receives run: a send transmits (TransmitNow), and ns-3's
    // SendPendingData is not re-entrant.
    bool receiveHeld = false;
    bool sendHeld = receivesOnly;
    for (auto it = m_overlapped.begin(); it != m_overlapped.end();)
    {
        bool& held = it->send ? sendHeld : receiveHeld;
        if (held)
        {
            ++it;
            continue;
        }
        auto outcome = it->progress();
        if (!outcome)
        {
            held = true;
            ++it;
            continue;
        }
        WSAOVERLAPPED* overlapped = it->overlapped;
        it = m_overlapped.erase(it);
        CompleteOverlapped(overlapped, *outcome);
    }
}

void
WsaSocket::AbortOverlapped()
{
    // sock.c test_iocp, iocp_async_read_closesocket (Windows; todo_wine): closesocket with a
    // TCP receive pending completes it with STATUS_CONNECTION_ABORTED; afd.c test_recv
    // (todo_wine): a UDP one with STATUS_CANCELLED. closesocket function: completion may come
    // after closesocket returns.
    const WsaError error = IsStream() ? WsaError::WSAECONNABORTED : WsaError::WSA_OPERATION_ABORTED;
    auto pending = std::move(m_overlapped);
    m_overlapped.clear();
    for (auto& op : pending)
    {
        CompleteOverlapped(op.overlapped, WsaOutcome::Fail(error));
    }
    // The association ends with the handle: our own closesocket records nothing (sock.c
    // iocp_async_read_closesocket, ok: no FD_CLOSE; WSAAsyncSelect function: "FD_CLOSE is not
    // posted after closesocket is called").
    m_selectEvent = nullptr;
    m_eventMask = 0;
    // sock.c test_select, test_WSAPoll (ok): a select or WSAPoll waiting on the handle wakes.
    m_provider->ScheduleWake();
}

uint32_t
WsaSocket::CancelOverlapped(const WsaThread* thread, const WSAOVERLAPPED* overlapped)
{
    uint32_t cancelled = 0;
    for (auto it = m_overlapped.begin(); it != m_overlapped.end();)
    {
        const bool mine = !thread || it->thread == thread;
        const bool chosen = !overlapped || it->overlapped == overlapped;
        if (!mine || !chosen)
        {
            ++it;
            continue;
        }
        // CancelIoEx function: a cancelled operation completes with ERROR_OPERATION_ABORTED
        // (STATUS_CANCELLED; afd.c test_async_thread_termination, ok), and a packet is queued.
        WSAOVERLAPPED* target = it->overlapped;
        it = m_overlapped.erase(it);
        CompleteOverlapped(target, WsaOutcome::Fail(WsaError::WSA_OPERATION_ABORTED));
        ++cancelled;
    }
    return cancelled;
}

WsaStep
WsaSocket::RecvOverlapped(uint32_t len, WSAOVERLAPPED* overlapped, WsaThread* thread)
{
    // WSARecv function, WSAESHUTDOWN: checked when the call is made only: a receive already
    // pending is not cancelled by shutdown(SD_RECEIVE) (sock.c test_shutdown, ok).
    if (IsReceiveShutdown())
    {
        return WsaOutcome::Fail(WsaError::WSAESHUTDOWN);
    }
    if (!m_socket)
    {
        return WsaOutcome::Fail(IsStream() ? WsaError::WSAENOTCONN : WsaError::WSAEINVAL);
    }
    // sock.c test_nonblocking_async_recv (ok): with an OVERLAPPED a receive that cannot
    // complete is WSA_IO_PENDING, FIONBIO or not.
    auto now = ReceiveNow(len);
    WsaStep first = now ? WsaStep(std::move(*now))
                        : WsaStep(WsaPoll([this, len]() { return ReceiveNow(len); }));
    return StartOverlapped(std::move(first), overlapped, thread, false);
}

WsaStep
WsaSocket::SendOverlapped(const std::vector<uint8_t>& data,
                          WSAOVERLAPPED* overlapped,
                          WsaThread* thread)
{
    // An overlapped send takes every byte or pends, whatever FIONBIO says (sock.c
    // test_nonblocking_async_recv, ok, for receives; test_send (ok): an overlapped WSASend to a
    // slow reader pends, then completes with the whole count). Send()'s rules, blocking.
    const bool nonBlocking = m_nonBlocking;
    m_nonBlocking = false;
    WsaStep first = Send(data);
    m_nonBlocking = nonBlocking;
    return StartOverlapped(std::move(first), overlapped, thread, true);
}

WsaStep
WsaSocket::Disconnect(bool reuse, WSAOVERLAPPED* overlapped, WsaThread* thread)
{
    // DisconnectEx function, Remarks: "does not support datagram sockets" (no code given:
    // WSAEOPNOTSUPP is Winsock's for an operation the socket type does not support).
    if (!IsStream())
    {
        return WsaOutcome::Fail(WsaError::WSAEOPNOTSUPP);
    }
    // WSAENOTCONN: "the socket s parameter is not in a connected state" (sock.c
    // test_DisconnectEx, ok: an unconnected TCP socket). A second call without TF_REUSE_SOCKET
    // succeeds again (test_DisconnectEx, ok), though the page allows WSAENOTCONN for it.
    if (!IsConnected())
    {
        return WsaOutcome::Fail(WsaError::WSAENOTCONN);
    }
    // sock.c test_DisconnectEx (ok): the FIN follows the data, as shutdown(SD_SEND): the
    // peer's recv returns 0, send fails with WSAESHUTDOWN, receives still work.
    DisableSends(std::nullopt);
    ScheduleWake();
    auto progress = [this, reuse]() -> std::optional<WsaOutcome>
    {
        if (auto error = ConnectionError())
        {
            return WsaOutcome::Fail(*error);
        }
        if (!reuse)
        {
            // Done once our FIN is acknowledged (test_DisconnectEx, ok: it completes, the
            // connection half-closed).
            return IsCloseComplete() ? std::optional<WsaOutcome>(WsaOutcome::Ok(0)) : std::nullopt;
        }
        // TF_REUSE_SOCKET: "a TCP socket may be subject to the TCP TIME_WAIT state, causing
        // the DisconnectEx call to be delayed": done once TCP has closed.
        if (m_tcpState != TcpSocket::CLOSED)
        {
            return std::nullopt;
        }
        ReadyForReuse();
        return WsaOutcome::Ok(0);
    };
    auto now = progress();
    WsaStep first = now ? WsaStep(std::move(*now)) : WsaStep(WsaPoll(progress));
    if (!overlapped)
    {
        return first; // lpOverlapped NULL: the call returns once the disconnect is done
    }
    return StartOverlapped(std::move(first), overlapped, thread, true);
}

void
WsaSocket::ReadyForReuse()
{
    // DisconnectEx function, TF_REUSE_SOCKET: "When the DisconnectEx request completes, the
    // socket handle can be passed to the AcceptEx or ConnectEx function." The model lets
    // connect (and bind) use it: the handle is a fresh socket again; the closed ns-3 socket
    // stays behind.
    DetachNs3Socket();
    m_socket = nullptr;
    m_tcp = nullptr;
    m_tcpState = TcpSocket::CLOSED;
    m_remote = Address();
    m_decoder = tpkt::Decoder();
    m_pendingControl.clear();
    m_nonBlockingConnect = false;
    m_reportedEvents = 0;
    m_unreadSeen = 0;
    SetState(WinsockState{});
}

WsaStep
WsaSocket::SendTo(const std::vector<uint8_t>& data, const Address* to)
{
    if (IsStream() || !to)
    {
        // sock.c test_tcp_sendto_recvfrom (ok): a TCP socket ignores the address; without one
        // sendto is send (test_connect_udp, ok: an unconnected UDP socket fails WSAENOTCONN).
        return Send(data);
    }
    if (m_winsock.Get().send != SendState::OPEN)
    {
        return WsaOutcome::Fail(WsaError::WSAESHUTDOWN); // sock.c test_shutdown (ok): UDP too
    }
    if (!InetSocketAddress::IsMatchingType(*to))
    {
        return WsaOutcome::Fail(WsaError::WSAEAFNOSUPPORT);
    }
    EnsureNs3Socket();
    if (GetState() == State::OPEN)
    {
        // sock.c test_WSASendTo (ok): sendto binds an unbound socket (getsockname works then).
        m_socket->Bind();
        SetState(State::BOUND);
    }
    m_socket->SendTo(Create<Packet>(data.data(), data.size()), 0, *to);
    return WsaOutcome::Ok(static_cast<int64_t>(data.size()));
}

WsaOutcome
WsaSocket::GetPeerName() const
{
    // getpeername function, WSAENOTCONN: "The socket is not connected". It keeps working after
    // shutdown and after the peer's FIN (sock.c test_shutdown, test_DisconnectEx, ok); after a
    // reset the model says WSAENOTCONN (no test reads it: windows-async-facts.md section 13).
    if (GetState() != State::CONNECTED || !IsConnected()
        || !InetSocketAddress::IsMatchingType(m_remote))
    {
        return WsaOutcome::Fail(WsaError::WSAENOTCONN);
    }
    const InetSocketAddress peer = InetSocketAddress::ConvertFrom(m_remote);
    WsaOutcome outcome = WsaOutcome::Ok();
    outcome.outputs.emplace_back("address", WsaAddressOutput{peer.GetIpv4(), peer.GetPort()});
    return outcome;
}

WsaOutcome
WsaSocket::GetSockName() const
{
    // getsockname function, WSAEINVAL: "The socket has not been bound to an address with
    // bind" (sock.c test_getsockname, ok).
    if (!m_socket || GetState() == State::OPEN)
    {
        return WsaOutcome::Fail(WsaError::WSAEINVAL);
    }
    Address local;
    m_socket->GetSockName(local);
    InetSocketAddress name = InetSocketAddress::ConvertFrom(local);
    if (name.GetPort() == 0 && m_localName)
    {
        name = *m_localName; // ns-3 forgets the name with the endpoint once TCP has closed
    }
    WsaOutcome outcome = WsaOutcome::Ok();
    outcome.outputs.emplace_back("address", WsaAddressOutput{name.GetIpv4(), name.GetPort()});
    return outcome;
}

} // namespace ns3

// Event objects, completion ports, and the mapping of an overlapped operation's NTSTATUS.
#include "wsa-async-objects.h"

#include <utility>

namespace ns3
{

WsaError
Win32ErrorOf(WsaIoStatus status)
{
    // RtlNtStatusToDosError, as GetOverlappedResult and GetQueuedCompletionStatus apply it
    // (sim/doc/windows-async-facts.md section 5, "Contrast with GetOverlappedResult").
    switch (status)
    {
        case WsaIoStatus::SUCCESS:
        case WsaIoStatus::PENDING:
            return WsaError::NO_ERROR_; // no failure to report
        case WsaIoStatus::CANCELLED:
            // Wine afd.c test_async_thread_termination (ok): STATUS_CANCELLED is
            // ERROR_OPERATION_ABORTED.
            return WsaError::WSA_OPERATION_ABORTED;
        case WsaIoStatus::CONNECTION_RESET:
            // Wine sock.c test_WSARecv, test_tcp_reset (ok): a recv pending at the peer's RST
            // fails with ERROR_NETNAME_DELETED.
            return WsaError::ERROR_NETNAME_DELETED;
        case WsaIoStatus::CONNECTION_ABORTED:
            // Wine sock.c test_iocp, iocp_async_read_closesocket (Windows; todo_wine): our
            // closesocket with a recv pending gives ERROR_CONNECTION_ABORTED.
            return WsaError::ERROR_CONNECTION_ABORTED;
    }
    return WsaError::NO_ERROR_;
}

WsaError
WsaErrorOf(WsaIoStatus status)
{
    // Wine sock.c test_WSAGetOverlappedResult, map_status (ok, Windows 10 1809 and later).
    switch (status)
    {
        case WsaIoStatus::SUCCESS:
        case WsaIoStatus::PENDING:
            return WsaError::NO_ERROR_; // no failure to report
        case WsaIoStatus::CANCELLED:
            return WsaError::WSA_OPERATION_ABORTED; // STATUS_CANCELLED: ERROR_OPERATION_ABORTED
        case WsaIoStatus::CONNECTION_RESET:
            return WsaError::WSAECONNRESET; // STATUS_CONNECTION_RESET: WSAECONNRESET
        case WsaIoStatus::CONNECTION_ABORTED:
            return WsaError::WSAECONNABORTED; // STATUS_CONNECTION_ABORTED: WSAECONNABORTED
    }
    return WsaError::NO_ERROR_;
}

WsaIoStatus
StatusOf(WsaError error)
{
    if (error == WsaError::NO_ERROR_)
    {
        return WsaIoStatus::SUCCESS;
    }
    if (error == WsaError::WSAECONNRESET)
    {
        return WsaIoStatus::CONNECTION_RESET; // the peer's RST (test_tcp_reset)
    }
    if (error == WsaError::WSA_OPERATION_ABORTED)
    {
        return WsaIoStatus::CANCELLED; // CancelIo, CancelIoEx; a datagram socket's closesocket
    }
    // WSAECONNABORTED (this host ended the connection), and every other end of a running
    // operation: the socket's handle or connection went away under it.
    return WsaIoStatus::CONNECTION_ABORTED;
}

WsaEvent::WsaEvent(std::function<void()> onSet)
    : m_onSet(std::move(onSet))
{
}

bool
WsaEvent::IsSet() const
{
    return m_set;
}

void
WsaEvent::Set()
{
    m_set = true;
    if (m_onSet)
    {
        m_onSet();
    }
}

void
WsaEvent::Reset()
{
    m_set = false;
}

WsaCompletionPort::WsaCompletionPort(std::function<void()> onPost)
    : m_onPost(std::move(onPost))
{
}

void
WsaCompletionPort::Post(const WsaCompletionPacket& packet)
{
    m_packets.push_back(packet);
    if (m_onPost)
    {
        m_onPost();
    }
}

std::optional<WsaCompletionPacket>
WsaCompletionPort::Take()
{
    if (m_packets.empty())
    {
        return std::nullopt;
    }
    WsaCompletionPacket packet = m_packets.front();
    m_packets.pop_front();
    return packet;
}

} // namespace ns3

// The kernel objects of the asynchronous calls: event objects, completion ports, and the NTSTATUS
// an overlapped operation ends with (and the errors each reader maps it to).
#ifndef WSA_ASYNC_OBJECTS_H
#define WSA_ASYNC_OBJECTS_H

#include "wsa-error.h"
#include "wsa-types.h"

#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief The NTSTATUS an overlapped operation leaves in OVERLAPPED.Internal (ntstatus.h values).
 *
 * Windows keeps the kernel's status there; each reader maps it on its own: GetOverlappedResult
 * and GetQueuedCompletionStatus to a Win32 error (Win32ErrorOf), WSAGetOverlappedResult to a
 * Winsock error (WsaErrorOf). The model's operations end with these five only.
 */
enum class WsaIoStatus : uint64_t
{
    SUCCESS = 0x00000000,            //!< STATUS_SUCCESS: done, InternalHigh bytes moved
    PENDING = 0x00000103,            //!< STATUS_PENDING: still running
    CANCELLED = 0xC0000120,          //!< STATUS_CANCELLED: CancelIo, CancelIoEx
    CONNECTION_RESET = 0xC000020D,   //!< STATUS_CONNECTION_RESET: the peer's RST
    CONNECTION_ABORTED = 0xC0000241, //!< STATUS_CONNECTION_ABORTED: ended on this host
};

/**
 * \brief The Win32 error GetOverlappedResult and GetQueuedCompletionStatus report for a status
 *        (RtlNtStatusToDosError).
 * \param status a failure status \return the error (NO_ERROR_ for SUCCESS)
 */
WsaError Win32ErrorOf(WsaIoStatus status);

/**
 * \brief The Winsock error WSAGetOverlappedResult reports for a status.
 * \param status a failure status \return the error (NO_ERROR_ for SUCCESS)
 */
WsaError WsaErrorOf(WsaIoStatus status);

/**
 * \brief The status an operation ends with when the socket's rules fail it with an error.
 * \param error what a synchronous call would have failed with \return the status
 */
WsaIoStatus StatusOf(WsaError error);

/**
 * \ingroup wsd
 * \brief An event object (WSACreateEvent: manual reset, created not signalled).
 */
class WsaEvent : public SimpleRefCount<WsaEvent>
{
  public:
    /// \param onSet what to run each time the event becomes signalled (the provider's wake)
    explicit WsaEvent(std::function<void()> onSet);

    /// \return whether the event is signalled
    bool IsSet() const;
    /// Signal the event (SetEvent); waiters see it in their next pass.
    void Set();
    /// Make the event not signalled (ResetEvent, WSAEnumNetworkEvents).
    void Reset();

  private:
    bool m_set{false};             //!< signalled
    std::function<void()> m_onSet; //!< the provider's wake
};

/**
 * \ingroup wsd
 * \brief One completion packet: an overlapped operation's end, queued on a port.
 */
struct WsaCompletionPacket
{
    WsaIoStatus status{WsaIoStatus::SUCCESS}; //!< how it ended
    uint32_t bytes{0};                        //!< lpNumberOfBytesTransferred
    uint64_t key{0};                          //!< the socket's completion key
    WSAOVERLAPPED* overlapped{nullptr};       //!< the operation's OVERLAPPED
};

/**
 * \ingroup wsd
 * \brief An I/O completion port (CreateIoCompletionPort): a queue of completion packets.
 */
class WsaCompletionPort : public SimpleRefCount<WsaCompletionPort>
{
  public:
    /// \param onPost what to run each time a packet is queued (the provider's wake)
    explicit WsaCompletionPort(std::function<void()> onPost);

    /// \param packet a packet to queue, behind the others
    void Post(const WsaCompletionPacket& packet);
    /// \return the first packet, taken off the queue; nothing when the queue is empty
    std::optional<WsaCompletionPacket> Take();

  private:
    std::deque<WsaCompletionPacket> m_packets; //!< in the order the operations ended
    std::function<void()> m_onPost;            //!< the provider's wake
};

} // namespace ns3

#endif // WSA_ASYNC_OBJECTS_H

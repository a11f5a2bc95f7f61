// The vocabulary's asynchronous calls: how a program learns of a disconnect without a blocking
// recv (select, WSAPoll, event objects and WSAEventSelect, overlapped I/O, completion ports,
// DisconnectEx). See call-vocabulary.h for how a call is described and dispatched.
#ifndef WSDSIM_CALLS_ASYNC_H
#define WSDSIM_CALLS_ASYNC_H

#include <array>

#include "wsdsim/call-framework.h"

namespace wsdsim::calls
{

/// select's out-parameters: the sockets left in each set.
inline constexpr std::array<OutputSpec, 3> kSelectOutputs{
    {{"read", OutputKind::SOCKETS, {}, "the sockets left in readfds"},
     {"write", OutputKind::SOCKETS, {}, "the sockets left in writefds"},
     {"except", OutputKind::SOCKETS, {}, "the sockets left in exceptfds"}}};
/// WSAPoll's out-parameter.
inline constexpr std::array<OutputSpec, 1> kPollOutputs{
    {{"revents",
      OutputKind::FLAG_LISTS,
      SymbolFamily::POLL_EVENT,
      "each entry's revents, in the order of fds"}}};
/// WSAWaitForMultipleEvents' out-parameter.
inline constexpr std::array<OutputSpec, 1> kWaitOutputs{
    {{"signalled", OutputKind::NAME, {}, "the event the result's index names"}}};
/// WSAEnumNetworkEvents' out-parameters.
inline constexpr std::array<OutputSpec, 2> kNetworkEventsOutputs{
    {{"events", OutputKind::FLAGS, SymbolFamily::NETWORK_EVENT, "lNetworkEvents"},
     {"errors",
      OutputKind::ERRORS,
      SymbolFamily::NETWORK_EVENT,
      "iErrorCode of each event recorded: FD_CLOSE's is 0 (NO_ERROR) for a graceful close"}}};
/// The out-parameters of an overlapped send or receive, and of its result.
inline constexpr std::array<OutputSpec, 1> kBytesOutputs{
    {{"bytes", OutputKind::INTEGER, {}, "the bytes transferred (when it completed)"}}};
/// GetQueuedCompletionStatus' out-parameters.
inline constexpr std::array<OutputSpec, 3> kCompletionOutputs{
    {{"bytes", OutputKind::INTEGER, {}, "lpNumberOfBytesTransferred"},
     {"key", OutputKind::INTEGER, {}, "lpCompletionKey"},
     {"overlapped", OutputKind::NAME, {}, "the OVERLAPPED of the packet (absent: NULL)"}}};
/// The extension functions WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) can give.
inline constexpr std::array<std::string_view, 1> kExtensionGuids{"WSAID_DISCONNECTEX"};

/// select(0, readfds, writefds, exceptfds, timeout).
struct Select
{
    static constexpr CallInfo kInfo{"select",
                                    ReturnKind::COUNT,
                                    HandleKind::NONE,
                                    true,
                                    false,
                                    kSelectOutputs,
                                    "waits until sockets of its sets are ready, or the timeout"};
    std::vector<SocketRef> read;      //!< readfds (empty: NULL)
    std::vector<SocketRef> write;     //!< writefds (empty: NULL)
    std::vector<SocketRef> except;    //!< exceptfds (empty: NULL)
    std::optional<int64_t> timeoutNs; //!< the timeout (none: NULL, wait for ever)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(PlainArg("read", ArgKind::HANDLE_LIST, false, "readfds"), &Select::read),
            Field(PlainArg("write", ArgKind::HANDLE_LIST, false, "writefds"), &Select::write),
            Field(PlainArg("except", ArgKind::HANDLE_LIST, false, "exceptfds"), &Select::except),
            Field(PlainArg("timeout", ArgKind::DURATION, false, "the timeout; null: none"),
                  &Select::timeoutNs)};
    }
    bool operator==(const Select&) const = default;
};

/// WSAPoll(fdArray, fds, timeout).
struct WsaPoll
{
    static constexpr CallInfo kInfo{
        "WSAPoll",
        ReturnKind::COUNT,
        HandleKind::NONE,
        true,
        false,
        kPollOutputs,
        "waits until sockets have the events asked for, or the timeout"};
    std::vector<PollFd> fds;          //!< the array
    std::optional<int64_t> timeoutNs; //!< the timeout (none: a negative timeout, for ever)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(FlagsArg("fds",
                           ArgKind::POLL_FDS,
                           true,
                           SymbolFamily::POLL_EVENT,
                           "the WSAPOLLFD array: each {s, events}"),
                  &WsaPoll::fds),
            Field(PlainArg("timeout", ArgKind::DURATION, false, "the timeout; null: none"),
                  &WsaPoll::timeoutNs)};
    }
    bool operator==(const WsaPoll&) const = default;
};

/// WSACreateEvent().
struct WsaCreateEvent
{
    static constexpr CallInfo kInfo{"WSACreateEvent",
                                    ReturnKind::HANDLE,
                                    HandleKind::EVENT,
                                    false,
                                    false,
                                    {},
                                    "creates a manual-reset event object, not signalled"};
    /// \return the arguments (none)
    static constexpr auto Fields()
    {
        return std::tuple{};
    }
    bool operator==(const WsaCreateEvent&) const = default;
};

/// WSACloseEvent(hEvent).
struct WsaCloseEvent
{
    static constexpr CallInfo kInfo
        = Info("WSACloseEvent", ReturnKind::BOOL, false, false, "closes an event object");
    HandleRef event; //!< the event

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("event", "the event", HandleKind::EVENT), &WsaCloseEvent::event)};
    }
    bool operator==(const WsaCloseEvent&) const = default;
};

/// WSAResetEvent(hEvent).
struct WsaResetEvent
{
    static constexpr CallInfo kInfo
        = Info("WSAResetEvent", ReturnKind::BOOL, false, false, "makes an event not signalled");
    HandleRef event; //!< the event

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("event", "the event", HandleKind::EVENT), &WsaResetEvent::event)};
    }
    bool operator==(const WsaResetEvent&) const = default;
};

/// WSAEventSelect(s, hEventObject, lNetworkEvents).
struct WsaEventSelect
{
    static constexpr CallInfo kInfo
        = Info("WSAEventSelect",
               ReturnKind::STATUS,
               false,
               false,
               "asks for network events to be recorded and an event set");
    SocketRef s;                    //!< the socket
    std::optional<HandleRef> event; //!< the event (none: NULL)
    int64_t events{0};              //!< FD_* bits

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &WsaEventSelect::s),
            Field(HandleArg("event", "the event object (absent: NULL)", HandleKind::EVENT, false),
                  &WsaEventSelect::event),
            Field(FlagsArg("events",
                           ArgKind::FLAGS,
                           true,
                           SymbolFamily::NETWORK_EVENT,
                           "lNetworkEvents, e.g. [\"FD_READ\", \"FD_CLOSE\"]"),
                  &WsaEventSelect::events)};
    }
    bool operator==(const WsaEventSelect&) const = default;
};

/// WSAWaitForMultipleEvents(cEvents, lphEvents, fWaitAll, dwTimeout, FALSE).
struct WsaWaitForMultipleEvents
{
    static constexpr CallInfo kInfo{"WSAWaitForMultipleEvents",
                                    ReturnKind::WAIT,
                                    HandleKind::NONE,
                                    true,
                                    false,
                                    kWaitOutputs,
                                    "waits until one (or all) of the events is signalled"};
    std::vector<HandleRef> events;    //!< the events
    bool waitAll{false};              //!< wait for all of them
    std::optional<int64_t> timeoutNs; //!< the timeout (none: WSA_INFINITE)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(
                PlainArg("events", ArgKind::HANDLE_LIST, true, "the events", {}, HandleKind::EVENT),
                &WsaWaitForMultipleEvents::events),
            Field(PlainArg("waitAll", ArgKind::BOOLEAN, false, "fWaitAll"),
                  &WsaWaitForMultipleEvents::waitAll),
            Field(PlainArg("timeout", ArgKind::DURATION, false, "dwTimeout; null: WSA_INFINITE"),
                  &WsaWaitForMultipleEvents::timeoutNs)};
    }
    bool operator==(const WsaWaitForMultipleEvents&) const = default;
};

/// WSAEnumNetworkEvents(s, hEventObject, lpNetworkEvents).
struct WsaEnumNetworkEvents
{
    static constexpr CallInfo kInfo{
        "WSAEnumNetworkEvents",
        ReturnKind::STATUS,
        HandleKind::NONE,
        false,
        false,
        kNetworkEventsOutputs,
        "reads and clears the network events recorded, resetting the event"};
    SocketRef s;                    //!< the socket
    std::optional<HandleRef> event; //!< the event to reset (none: NULL)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &WsaEnumNetworkEvents::s),
            Field(HandleArg("event", "the event to reset (absent: NULL)", HandleKind::EVENT, false),
                  &WsaEnumNetworkEvents::event)};
    }
    bool operator==(const WsaEnumNetworkEvents&) const = default;
};

/// WSARecv(s, &wsabuf, 1, &bytes, &flags, lpOverlapped, NULL).
struct WsaRecv
{
    static constexpr CallInfo kInfo{"WSARecv",
                                    ReturnKind::STATUS,
                                    HandleKind::NONE,
                                    true,
                                    true,
                                    kBytesOutputs,
                                    "receives; with an OVERLAPPED it may complete later"};
    SocketRef s;                           //!< the socket
    int64_t len{65536};                    //!< the buffer's size
    std::optional<std::string> overlapped; //!< the OVERLAPPED's name (none: not overlapped)
    std::optional<HandleRef> event;        //!< the OVERLAPPED's hEvent (none: NULL)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &WsaRecv::s),
            Field(IntegerArg("len", false, 0, kMaxCount, "the buffer's size"), &WsaRecv::len),
            Field(PlainArg("overlapped", ArgKind::NAME, false, "the OVERLAPPED (absent: NULL)"),
                  &WsaRecv::overlapped),
            Field(HandleArg(
                      "event", "the OVERLAPPED's hEvent (absent: NULL)", HandleKind::EVENT, false),
                  &WsaRecv::event)};
    }
    bool operator==(const WsaRecv&) const = default;
};

/// WSASend(s, &wsabuf, 1, &bytes, 0, lpOverlapped, NULL).
struct WsaSend
{
    static constexpr CallInfo kInfo{"WSASend",
                                    ReturnKind::STATUS,
                                    HandleKind::NONE,
                                    true,
                                    false,
                                    kBytesOutputs,
                                    "sends; with an OVERLAPPED it may complete later"};
    SocketRef s;                           //!< the socket
    std::optional<std::string> data;       //!< the bytes, as text
    std::optional<int64_t> size;           //!< or this many bytes of "abc...z" repeated
    std::optional<std::string> overlapped; //!< the OVERLAPPED's name (none: not overlapped)
    std::optional<HandleRef> event;        //!< the OVERLAPPED's hEvent (none: NULL)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &WsaSend::s),
            Field(PlainArg("data", ArgKind::TEXT, false, "the bytes to send"), &WsaSend::data),
            Field(IntegerArg(
                      "size", false, 0, kMaxCount, "send this many bytes of \"abc...z\" repeated"),
                  &WsaSend::size),
            Field(PlainArg("overlapped", ArgKind::NAME, false, "the OVERLAPPED (absent: NULL)"),
                  &WsaSend::overlapped),
            Field(HandleArg(
                      "event", "the OVERLAPPED's hEvent (absent: NULL)", HandleKind::EVENT, false),
                  &WsaSend::event)};
    }
    bool operator==(const WsaSend&) const = default;
};

/// WSAGetOverlappedResult(s, lpOverlapped, &bytes, fWait, &flags).
struct WsaGetOverlappedResult
{
    static constexpr CallInfo kInfo{
        "WSAGetOverlappedResult",
        ReturnKind::BOOL,
        HandleKind::NONE,
        true,
        false,
        kBytesOutputs,
        "reads an overlapped operation's result, waiting for it or not"};
    SocketRef s;            //!< the socket
    std::string overlapped; //!< the OVERLAPPED's name
    bool wait{false};       //!< fWait

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{Field(HandleArg("s", "the socket"), &WsaGetOverlappedResult::s),
                          Field(PlainArg("overlapped", ArgKind::NAME, true, "the OVERLAPPED"),
                                &WsaGetOverlappedResult::overlapped),
                          Field(PlainArg("wait", ArgKind::BOOLEAN, false, "fWait"),
                                &WsaGetOverlappedResult::wait)};
    }
    bool operator==(const WsaGetOverlappedResult&) const = default;
};

/// CancelIo(hFile): the calling thread's pending operations on the socket.
struct CancelIo
{
    static constexpr CallInfo kInfo = Info("CancelIo",
                                           ReturnKind::BOOL,
                                           false,
                                           false,
                                           "cancels the thread's pending operations on a socket");
    SocketRef s; //!< the socket

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{Field(HandleArg("s", "the socket"), &CancelIo::s)};
    }
    bool operator==(const CancelIo&) const = default;
};

/// CancelIoEx(hFile, lpOverlapped): any thread's pending operations, or the one given.
struct CancelIoEx
{
    static constexpr CallInfo kInfo = Info("CancelIoEx",
                                           ReturnKind::BOOL,
                                           false,
                                           false,
                                           "cancels a pending operation, or all of a socket's");
    SocketRef s;                           //!< the socket
    std::optional<std::string> overlapped; //!< the OVERLAPPED (none: NULL, all of them)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &CancelIoEx::s),
            Field(PlainArg("overlapped", ArgKind::NAME, false, "the OVERLAPPED (absent: NULL)"),
                  &CancelIoEx::overlapped)};
    }
    bool operator==(const CancelIoEx&) const = default;
};

/// CreateIoCompletionPort(FileHandle, ExistingCompletionPort, CompletionKey, 0).
struct CreateIoCompletionPort
{
    static constexpr CallInfo kInfo{"CreateIoCompletionPort",
                                    ReturnKind::HANDLE,
                                    HandleKind::PORT,
                                    false,
                                    false,
                                    {},
                                    "creates a completion port, or associates a socket with one"};
    std::optional<SocketRef> s;    //!< the socket to associate (none: INVALID_HANDLE_VALUE)
    std::optional<HandleRef> port; //!< the existing port (none: NULL, a new port)
    int64_t key{0};                //!< the completion key

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg(
                      "s", "the socket (absent: INVALID_HANDLE_VALUE)", HandleKind::SOCKET, false),
                  &CreateIoCompletionPort::s),
            Field(HandleArg(
                      "port", "the existing port (absent: a new port)", HandleKind::PORT, false),
                  &CreateIoCompletionPort::port),
            Field(IntegerArg("key", false, 0, 0x7fffffff, "the completion key"),
                  &CreateIoCompletionPort::key)};
    }
    bool operator==(const CreateIoCompletionPort&) const = default;
};

/// GetQueuedCompletionStatus(port, &bytes, &key, &lpOverlapped, dwMilliseconds).
struct GetQueuedCompletionStatus
{
    static constexpr CallInfo kInfo{"GetQueuedCompletionStatus",
                                    ReturnKind::BOOL,
                                    HandleKind::NONE,
                                    true,
                                    false,
                                    kCompletionOutputs,
                                    "takes the next completion packet of a port, waiting for one"};
    HandleRef port;                   //!< the port
    std::optional<int64_t> timeoutNs; //!< the timeout (none: INFINITE)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("port", "the completion port", HandleKind::PORT),
                  &GetQueuedCompletionStatus::port),
            Field(PlainArg("timeout", ArgKind::DURATION, false, "dwMilliseconds; null: INFINITE"),
                  &GetQueuedCompletionStatus::timeoutNs)};
    }
    bool operator==(const GetQueuedCompletionStatus&) const = default;
};

/// WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, ...): names the function it gives.
struct WsaIoctl
{
    static constexpr CallInfo kInfo{"WSAIoctl",
                                    ReturnKind::STATUS,
                                    HandleKind::FUNCTION,
                                    false,
                                    false,
                                    {},
                                    "gets an extension function's pointer (DisconnectEx)"};
    SocketRef s;                            //!< the socket
    int64_t code{0};                        //!< SIO_GET_EXTENSION_FUNCTION_POINTER
    std::string guid{"WSAID_DISCONNECTEX"}; //!< the function asked for

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &WsaIoctl::s),
            Field(SymbolArg("code", true, SymbolFamily::IOCTL_CODE, {}, false, "dwIoControlCode"),
                  &WsaIoctl::code),
            Field(PlainArg("guid",
                           ArgKind::CHOICE,
                           true,
                           "the extension function's GUID",
                           kExtensionGuids),
                  &WsaIoctl::guid)};
    }
    bool operator==(const WsaIoctl&) const = default;
};

/// DisconnectEx(s, lpOverlapped, dwFlags, 0), called through the pointer WSAIoctl gave.
struct DisconnectEx
{
    static constexpr CallInfo kInfo{
        "DisconnectEx",
        ReturnKind::BOOL,
        HandleKind::NONE,
        true,
        false,
        {},
        "closes the connection (FIN) and, with TF_REUSE_SOCKET, readies "
        "the socket for reuse"};
    HandleRef via;                         //!< the function pointer WSAIoctl gave
    SocketRef s;                           //!< the socket
    std::optional<std::string> overlapped; //!< the OVERLAPPED (none: NULL, a synchronous call)
    std::optional<HandleRef> event;        //!< the OVERLAPPED's hEvent (none: NULL)
    int64_t flags{0};                      //!< TF_REUSE_SOCKET or nothing

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("via", "the pointer WSAIoctl gave", HandleKind::FUNCTION),
                  &DisconnectEx::via),
            Field(HandleArg("s", "the socket"), &DisconnectEx::s),
            Field(PlainArg("overlapped", ArgKind::NAME, false, "the OVERLAPPED (absent: NULL)"),
                  &DisconnectEx::overlapped),
            Field(HandleArg(
                      "event", "the OVERLAPPED's hEvent (absent: NULL)", HandleKind::EVENT, false),
                  &DisconnectEx::event),
            Field(
                FlagsArg("flags", ArgKind::FLAGS, false, SymbolFamily::DISCONNECT_FLAG, "dwFlags"),
                &DisconnectEx::flags)};
    }
    bool operator==(const DisconnectEx&) const = default;
};

} // namespace wsdsim::calls

#endif // WSDSIM_CALLS_ASYNC_H

// The Winsock calls a driver makes, as one narrow interface that each platform implements, chosen
// in one place (CreatePlatform).
#ifndef WSDSIM_DRIVER_PLATFORM_H
#define WSDSIM_DRIVER_PLATFORM_H

#include "driver-case.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "wsdsim/call-vocabulary.h"

namespace wsdsim::driver
{

/// What a call returned: its value, the Winsock error name and the raw error number.
struct CallResult
{
    int64_t value{0};              //!< return value (-1 for SOCKET_ERROR / INVALID_SOCKET)
    std::string error{"NO_ERROR"}; //!< Winsock error name (the symbol table's)
    int64_t rawError{0};           //!< errno, or the WSAGetLastError() number
    std::string data;              //!< bytes received (recv, WSARecvDisconnect)
    bool hasData{false};           //!< data is meaningful
    nlohmann::json outputs
        = nlohmann::json::object(); //!< out-parameters by name (CallInfo::outputs), on success
    std::optional<int64_t> handle;  //!< the handle a step's "as" names, when it is not the
                                    //!< return value (an event, a port, a function pointer)
};

/// An IPv4 address and port as the implementation gave them.
struct Endpoint
{
    std::string address; //!< dotted quad
    uint16_t port{0};    //!< the port
};

/// select's three sets, as handles.
struct SocketSets
{
    std::vector<int64_t> read;   //!< readfds (empty: NULL)
    std::vector<int64_t> write;  //!< writefds (empty: NULL)
    std::vector<int64_t> except; //!< exceptfds (empty: NULL)
};

/// One WSAPOLLFD: the socket, the events asked for and what came back.
struct PollEntry
{
    int64_t s{-1};         //!< the socket
    int64_t events{0};     //!< Winsock's POLL* bits asked for
    int64_t revents{0};    //!< Winsock's POLL* bits returned (the implementation's, mapped)
    int64_t rawRevents{0}; //!< revents as the implementation wrote them
};

/// An OVERLAPPED a step names, and the event it carries.
struct OverlappedRef
{
    std::string name;             //!< the scenario's name for it
    std::optional<int64_t> event; //!< hEvent (none: NULL)
};

/**
 * Windows' asynchronous I/O: event objects and WSAEventSelect, overlapped operations, completion
 * ports and extension functions. Only a platform that has them offers it (Platform::Async); the
 * others refuse such a case in CanExpress, with the reason.
 */
class AsyncPlatform
{
  public:
    virtual ~AsyncPlatform() = default;
    /// WSACreateEvent(): the event in `handle` (not "CreateEvent": windows.h makes that a macro)
    virtual CallResult NewEvent() = 0;
    /// WSACloseEvent(event)
    virtual CallResult CloseEvent(int64_t event) = 0;
    /// WSAResetEvent(event)
    virtual CallResult ResetEvent(int64_t event) = 0;
    /// WSAEventSelect(s, event, events)
    virtual CallResult EventSelect(int64_t s, std::optional<int64_t> event, int64_t events) = 0;
    /// WSAWaitForMultipleEvents(events, waitAll, timeout, FALSE)
    virtual CallResult WaitForEvents(const std::vector<int64_t>& events,
                                     bool waitAll,
                                     std::optional<int64_t> timeoutNs)
        = 0;
    /// WSAEnumNetworkEvents(s, event): outputs "events" and "errors"
    virtual CallResult EnumNetworkEvents(int64_t s, std::optional<int64_t> event) = 0;
    /// WSARecv with an OVERLAPPED
    virtual CallResult OverlappedRecv(int64_t s, uint32_t length, const OverlappedRef& overlapped)
        = 0;
    /// WSASend with an OVERLAPPED
    virtual CallResult OverlappedSend(int64_t s,
                                      const std::string& bytes,
                                      const OverlappedRef& overlapped)
        = 0;
    /// WSAGetOverlappedResult(s, overlapped, &bytes, wait, &flags)
    virtual CallResult GetOverlappedResult(int64_t s, const std::string& overlapped, bool wait) = 0;
    /// CancelIo(s)
    virtual CallResult CancelIo(int64_t s) = 0;
    /// CancelIoEx(s, overlapped or NULL)
    virtual CallResult CancelIoEx(int64_t s, const std::optional<std::string>& overlapped) = 0;
    /// CreateIoCompletionPort(s or INVALID_HANDLE_VALUE, port or NULL, key, 0): the port in
    /// `handle`
    virtual CallResult CreateCompletionPort(std::optional<int64_t> s,
                                            std::optional<int64_t> port,
                                            int64_t key)
        = 0;
    /// GetQueuedCompletionStatus(port, ...): outputs "bytes", "key", "overlapped" (its name)
    virtual CallResult GetQueuedCompletion(int64_t port, std::optional<int64_t> timeoutNs) = 0;
    /// WSAIoctl(s, code, &guid, ...): the function pointer in `handle`
    virtual CallResult GetExtensionFunction(int64_t s, int64_t code, const std::string& guid) = 0;
    /// DisconnectEx(s, overlapped or NULL, flags, 0) through the pointer `function`
    virtual CallResult DisconnectEx(int64_t function,
                                    int64_t s,
                                    const std::optional<OverlappedRef>& overlapped,
                                    int64_t flags)
        = 0;
    /// Close the event objects and completion ports the case made and left open.
    virtual void ReleaseCase() = 0;
};

/// One implementation of the Winsock calls (POSIX sockets with a mapping, or real Winsock).
class Platform
{
  public:
    virtual ~Platform() = default;
    /// \return the implementation's name for traces ("linux", "wine")
    virtual std::string Name() const = 0;
    /**
     * \brief Whether the platform can run a case as written (else the case is UNSUPPORTED).
     * \param testCase the case \param reason set to why not
     * \return true when it can
     */
    virtual bool CanExpress(const DriverCase& testCase, std::string* reason) const = 0;
    /**
     * \brief After the case ended, every thread done: close every handle its calls made and left
     *        open, and undo the process-wide state they left (WSAStartup's count), so that the
     *        next case this process serves starts as in a new process (docs/driver-contract.md,
     *        "Serving cases"). A socket lingering with a timeout is closed without waiting for it,
     *        as the end of a process closes it.
     */
    virtual void ReleaseCase() = 0;

    virtual CallResult Startup(const std::string& version, bool nullData) = 0;
    virtual CallResult Cleanup() = 0;
    virtual CallResult Socket(int64_t af, int64_t type, int64_t protocol) = 0;
    virtual CallResult Bind(int64_t s, const std::string& address, uint16_t port) = 0;
    virtual CallResult Listen(int64_t s, int backlog) = 0;
    virtual CallResult Accept(int64_t s) = 0;
    virtual CallResult Connect(int64_t s, const std::string& address, uint16_t port) = 0;
    virtual CallResult Send(int64_t s, const std::string& bytes) = 0;
    virtual CallResult Recv(int64_t s, uint32_t length) = 0;
    virtual CallResult Shutdown(int64_t s, int how) = 0;
    virtual CallResult SendDisconnect(int64_t s, const MemoryRef& data) = 0;
    virtual CallResult RecvDisconnect(int64_t s, const MemoryRef& buffer) = 0;
    virtual CallResult CloseSocket(int64_t s) = 0;
    /// setsockopt(SOL_SOCKET, SO_LINGER) with {onoff, seconds}; optlen as the step gives it
    virtual CallResult SetLinger(int64_t s,
                                 uint16_t onoff,
                                 uint16_t seconds,
                                 std::optional<int64_t> optlen)
        = 0;
    /// setsockopt(SOL_SOCKET, SO_DONTLINGER or SO_KEEPALIVE) with a BOOL
    virtual CallResult SetBoolOption(int64_t s,
                                     int64_t option,
                                     bool value,
                                     std::optional<int64_t> optlen)
        = 0;
    /// getsockopt(SOL_SOCKET, option)
    virtual CallResult GetOption(int64_t s, int64_t option) = 0;
    /// ioctlsocket(cmd, &value): FIONBIO sets the mode, FIONREAD sets the result's output
    virtual CallResult IoctlSocket(int64_t s, int64_t cmd, uint32_t value) = 0;
    /// The case's buffer and segment sizes, on a new socket (not a Winsock call of the case)
    virtual CallResult SetBufferSizes(int64_t s, uint32_t receive, uint32_t send, uint32_t segment)
        = 0;
    /// WSASocket(af, type, protocol, NULL, 0, flags)
    virtual CallResult WsaSocket(int64_t af, int64_t type, int64_t protocol, int64_t flags) = 0;
    /// sendto(s, bytes, to or NULL)
    virtual CallResult SendTo(int64_t s,
                              const std::string& bytes,
                              const std::optional<Endpoint>& to)
        = 0;
    /// recvfrom(s, length, &from, &fromlen): `from` set when the implementation wrote it
    virtual CallResult RecvFrom(int64_t s, uint32_t length, std::optional<Endpoint>* from) = 0;
    /// getpeername(s): `name` set on success
    virtual CallResult GetPeerName(int64_t s, std::optional<Endpoint>* name) = 0;
    /// getsockname(s): `name` set on success
    virtual CallResult GetSockName(int64_t s, std::optional<Endpoint>* name) = 0;
    /// setsockopt(SOL_SOCKET, option, NULL, optlen); optlen default: the option value's size
    virtual CallResult SetNullOption(int64_t s, int64_t option, std::optional<int64_t> optlen) = 0;
    /// select(0, read, write, except, timeout): `ready` holds what the sets hold after it
    virtual CallResult Select(const SocketSets& sets,
                              std::optional<int64_t> timeoutNs,
                              SocketSets* ready)
        = 0;
    /// WSAPoll(fds, timeout): each entry's revents and rawRevents set
    virtual CallResult Poll(std::vector<PollEntry>& fds, std::optional<int64_t> timeoutNs) = 0;
    /// WSARecv without an OVERLAPPED: 0 with the output "bytes", and the data
    virtual CallResult WsaRecv(int64_t s, uint32_t length) = 0;
    /// WSASend without an OVERLAPPED: 0 with the output "bytes"
    virtual CallResult WsaSend(int64_t s, const std::string& bytes) = 0;
    /// \return Windows' asynchronous I/O, or null on a platform without it
    virtual AsyncPlatform* Async()
    {
        return nullptr;
    }
};

/**
 * \brief The names of the flags set in a value, by the symbol table; a bit it does not name is
 *        written as its number ("0x4000").
 * \param family the flags' family \param bits the value \return the names, in the table's order
 */
inline nlohmann::json
FlagNames(SymbolFamily family, int64_t bits)
{
    nlohmann::json names = nlohmann::json::array();
    for (const auto& constant : kWinsockConstants)
    {
        if (constant.family == family && constant.value != 0
            && (bits & constant.value) == constant.value)
        {
            names.push_back(constant.name);
            bits &= ~constant.value;
        }
    }
    for (int64_t bit = 1; bits != 0 && bit <= 0x40000000; bit <<= 1)
    {
        if ((bits & bit) != 0)
        {
            char text[24];
            std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(bit));
            names.push_back(text);
            bits &= ~bit;
        }
    }
    return names;
}

/// \return the platform this driver was built for
std::unique_ptr<Platform> CreatePlatform();

/**
 * \brief Whether a case needs the network to misbehave, which a real stack on loopback cannot
 *        (on the scenario's link, wsdsim-link applies the faults).
 * \param testCase the case \param reason set to why, when it does
 * \return true when the case has faults or a loss rate and runs on loopback
 */
inline bool
NeedsNetworkFaults(const DriverCase& testCase, std::string* reason)
{
    if (!testCase.hasFaults || testCase.onLink)
    {
        return false;
    }
    *reason = "fault injection (interface down, dropped segments, loss) is not available on "
              "loopback";
    return true;
}

} // namespace wsdsim::driver

#endif // WSDSIM_DRIVER_PLATFORM_H

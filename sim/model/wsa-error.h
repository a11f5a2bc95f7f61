// The Windows Sockets error codes the model can report; names, numbers and meanings come from the
// one Winsock symbol table (vocabulary/wsdsim/winsock-symbols.h).
#ifndef WSA_ERROR_H
#define WSA_ERROR_H

#include <cstdint>
#include <optional>
#include <string_view>

#include "wsdsim/winsock-symbols.h"

namespace ns3
{

/**
 * \ingroup wsd
 * \brief A Windows Sockets error code, with the number WSAGetLastError() returns on Windows.
 *
 * The numbers are winsock2.h's, taken from the symbol table by name, so that a name the table
 * does not know does not compile.
 */
enum class WsaError : int32_t
{
    /// no error (NO_ERROR is a macro on Windows)
    NO_ERROR_ = wsdsim::WinsockErrorNumber("NO_ERROR"),
    /// a blocking call was cancelled
    WSAEINTR = wsdsim::WinsockErrorNumber("WSAEINTR"),
    /// a pointer argument is not in the user address space
    WSAEFAULT = wsdsim::WinsockErrorNumber("WSAEFAULT"),
    /// an invalid argument
    WSAEINVAL = wsdsim::WinsockErrorNumber("WSAEINVAL"),
    /// a non-blocking call cannot complete at once
    WSAEWOULDBLOCK = wsdsim::WinsockErrorNumber("WSAEWOULDBLOCK"),
    /// a blocking call is in progress, or the provider is in a callback
    WSAEINPROGRESS = wsdsim::WinsockErrorNumber("WSAEINPROGRESS"),
    /// a non-blocking connect is already in progress
    WSAEALREADY = wsdsim::WinsockErrorNumber("WSAEALREADY"),
    /// the descriptor is not a socket
    WSAENOTSOCK = wsdsim::WinsockErrorNumber("WSAENOTSOCK"),
    /// a message is larger than the buffer
    WSAEMSGSIZE = wsdsim::WinsockErrorNumber("WSAEMSGSIZE"),
    /// wrong protocol type for the socket
    WSAEPROTOTYPE = wsdsim::WinsockErrorNumber("WSAEPROTOTYPE"),
    /// option or disconnect data not supported
    WSAENOPROTOOPT = wsdsim::WinsockErrorNumber("WSAENOPROTOOPT"),
    /// protocol not supported
    WSAEPROTONOSUPPORT = wsdsim::WinsockErrorNumber("WSAEPROTONOSUPPORT"),
    /// socket type not supported
    WSAESOCKTNOSUPPORT = wsdsim::WinsockErrorNumber("WSAESOCKTNOSUPPORT"),
    /// operation not supported on this socket
    WSAEOPNOTSUPP = wsdsim::WinsockErrorNumber("WSAEOPNOTSUPP"),
    /// address family not supported
    WSAEAFNOSUPPORT = wsdsim::WinsockErrorNumber("WSAEAFNOSUPPORT"),
    /// address already in use
    WSAEADDRINUSE = wsdsim::WinsockErrorNumber("WSAEADDRINUSE"),
    /// address not available
    WSAEADDRNOTAVAIL = wsdsim::WinsockErrorNumber("WSAEADDRNOTAVAIL"),
    /// the network subsystem has failed
    WSAENETDOWN = wsdsim::WinsockErrorNumber("WSAENETDOWN"),
    /// the network cannot be reached
    WSAENETUNREACH = wsdsim::WinsockErrorNumber("WSAENETUNREACH"),
    /// the connection was aborted by this host
    WSAECONNABORTED = wsdsim::WinsockErrorNumber("WSAECONNABORTED"),
    /// the connection was reset by the peer
    WSAECONNRESET = wsdsim::WinsockErrorNumber("WSAECONNRESET"),
    /// the socket is already connected
    WSAEISCONN = wsdsim::WinsockErrorNumber("WSAEISCONN"),
    /// the socket is not connected
    WSAENOTCONN = wsdsim::WinsockErrorNumber("WSAENOTCONN"),
    /// the direction was shut down
    WSAESHUTDOWN = wsdsim::WinsockErrorNumber("WSAESHUTDOWN"),
    /// the connection attempt timed out
    WSAETIMEDOUT = wsdsim::WinsockErrorNumber("WSAETIMEDOUT"),
    /// the connection was refused
    WSAECONNREFUSED = wsdsim::WinsockErrorNumber("WSAECONNREFUSED"),
    /// the requested Winsock version is not supported
    WSAVERNOTSUPPORTED = wsdsim::WinsockErrorNumber("WSAVERNOTSUPPORTED"),
    /// no successful WSAStartup
    WSANOTINITIALISED = wsdsim::WinsockErrorNumber("WSANOTINITIALISED"),
    /// a destination address is required
    WSAEDESTADDRREQ = wsdsim::WinsockErrorNumber("WSAEDESTADDRREQ"),

    // Win32 errors of the asynchronous calls: on Windows GetLastError() and WSAGetLastError()
    // read the same per-thread value, so the thread's last error holds these too.

    /// not a valid handle of an event or a port (ERROR_INVALID_HANDLE)
    WSA_INVALID_HANDLE = wsdsim::WinsockErrorNumber("WSA_INVALID_HANDLE"),
    /// a parameter is not valid (ERROR_INVALID_PARAMETER)
    WSA_INVALID_PARAMETER = wsdsim::WinsockErrorNumber("WSA_INVALID_PARAMETER"),
    /// the connection was reset: an overlapped operation's failure (GetOverlappedResult, GQCS)
    ERROR_NETNAME_DELETED = wsdsim::WinsockErrorNumber("ERROR_NETNAME_DELETED"),
    /// the wait timed out (GetQueuedCompletionStatus)
    WAIT_TIMEOUT = wsdsim::WinsockErrorNumber("WAIT_TIMEOUT"),
    /// the overlapped operation was cancelled (ERROR_OPERATION_ABORTED)
    WSA_OPERATION_ABORTED = wsdsim::WinsockErrorNumber("WSA_OPERATION_ABORTED"),
    /// the overlapped operation has not completed (ERROR_IO_INCOMPLETE)
    WSA_IO_INCOMPLETE = wsdsim::WinsockErrorNumber("WSA_IO_INCOMPLETE"),
    /// the overlapped operation will complete later (ERROR_IO_PENDING)
    WSA_IO_PENDING = wsdsim::WinsockErrorNumber("WSA_IO_PENDING"),
    /// no pending operation was found (CancelIoEx)
    ERROR_NOT_FOUND = wsdsim::WinsockErrorNumber("ERROR_NOT_FOUND"),
    /// the peer refused the connection: an overlapped operation's failure
    ERROR_CONNECTION_REFUSED = wsdsim::WinsockErrorNumber("ERROR_CONNECTION_REFUSED"),
    /// our own closesocket aborted the connection: an overlapped operation's failure
    ERROR_CONNECTION_ABORTED = wsdsim::WinsockErrorNumber("ERROR_CONNECTION_ABORTED"),
};

/**
 * \brief The winsock2.h name of an error code ("WSAENOTSOCK"; "NO_ERROR" for 0).
 * \param error the error code
 * \return its name
 */
std::string_view WsaErrorName(WsaError error);

/**
 * \brief The one-line meaning of an error code, from the symbol table.
 * \param error the error code
 * \return its meaning
 */
std::string_view WsaErrorMeaning(WsaError error);

/**
 * \brief The error code with a given winsock2.h name.
 * \param name a name such as "WSAENOTCONN" or "NO_ERROR"
 * \return the code, or nothing when no error has that name
 */
std::optional<WsaError> WsaErrorFromName(std::string_view name);

/**
 * \brief The error code with a given number.
 * \param number a number such as 10057
 * \return the code, or nothing when the symbol table has no error of that number
 */
std::optional<WsaError> WsaErrorFromNumber(int32_t number);

} // namespace ns3

#endif // WSA_ERROR_H

// The one Winsock symbol table: every error code and every named constant a scenario, a trace,
// the model or a driver may use, with its winsock2.h name and number.
//
// In the style of packetdrill's symbols table and libuv's one translation point: names and
// numbers live here and nowhere else. The table is plain data, so that it compiles anywhere
// (Linux, mingw beside <winsock2.h>): no identifier below is one that winsock2.h or a POSIX header
// defines as a macro.
#ifndef WSDSIM_WINSOCK_SYMBOLS_H
#define WSDSIM_WINSOCK_SYMBOLS_H

#include <cstdint>
#include <string>
#include <string_view>

namespace wsdsim
{

/// A Winsock error code (winsock2.h, winerror.h; Microsoft's "Windows Sockets Error Codes").
struct WinsockError
{
    std::string_view name;      //!< "WSAECONNRESET"; "NO_ERROR" for 0
    int32_t number;             //!< what WSAGetLastError() returns on Windows
    std::string_view meaning;   //!< one line, for narration and reports
    std::string_view errnoName; //!< the POSIX errno of the same meaning ("ECONNRESET"), or ""
    bool endsConnection;        //!< the connection is gone and data in flight may be lost
};

/// Every Winsock error code, by number.
inline constexpr WinsockError kWinsockErrors[] = {
    {"NO_ERROR", 0, "success", "", false},
    {"WSA_INVALID_HANDLE", 6, "an event object handle is not valid", "", false},
    {"ERROR_NOT_SUPPORTED", 50, "the request is not supported", "", false},
    {"ERROR_NETNAME_DELETED",
     64,
     "the network name is no longer available: the connection was reset (Win32, overlapped I/O)",
     "",
     true},
    {"WSA_NOT_ENOUGH_MEMORY", 8, "not enough memory is available", "", false},
    {"WSA_INVALID_PARAMETER", 87, "one or more parameters are not valid", "", false},
    {"WAIT_TIMEOUT", 258, "the wait timed out (GetQueuedCompletionStatus)", "", false},
    {"ERROR_ABANDONED_WAIT_0", 735, "the completion port was closed during the wait", "", false},
    {"WSA_OPERATION_ABORTED", 995, "an overlapped operation was cancelled", "", false},
    {"WSA_IO_INCOMPLETE", 996, "the overlapped operation has not completed yet", "", false},
    {"WSA_IO_PENDING", 997, "the overlapped operation will complete later", "", false},
    {"ERROR_NOT_FOUND",
     1168,
     "no pending operation of that handle was found (CancelIoEx)",
     "",
     false},
    {"ERROR_CONNECTION_REFUSED",
     1225,
     "the peer refused the connection (Win32, overlapped I/O)",
     "",
     false},
    {"ERROR_CONNECTION_ABORTED",
     1236,
     "the connection was aborted on this host: our own closesocket (Win32, overlapped I/O)",
     "",
     true},
    {"WSAEINTR", 10004, "the blocking call was cancelled", "EINTR", false},
    {"WSAEBADF", 10009, "the file handle is not valid", "EBADF", false},
    {"WSAEACCES", 10013, "access to the socket or address is forbidden", "EACCES", false},
    {"WSAEFAULT",
     10014,
     "a buffer pointer does not point into the application's memory",
     "EFAULT",
     false},
    {"WSAEINVAL",
     10022,
     "an argument, or the socket's state, is not valid for this call",
     "EINVAL",
     false},
    {"WSAEMFILE", 10024, "too many open sockets", "EMFILE", false},
    {"WSAEWOULDBLOCK",
     10035,
     "the call would have to block on a non-blocking socket: try later",
     "EWOULDBLOCK",
     false},
    {"WSAEINPROGRESS",
     10036,
     "a blocking Winsock 1.1 call is still in progress on this thread",
     "EINPROGRESS",
     false},
    {"WSAEALREADY",
     10037,
     "an operation is already in progress on this non-blocking socket",
     "EALREADY",
     false},
    {"WSAENOTSOCK", 10038, "the handle is not a socket", "ENOTSOCK", false},
    {"WSAEDESTADDRREQ", 10039, "a destination address is required", "EDESTADDRREQ", false},
    {"WSAEMSGSIZE", 10040, "the message is larger than the buffer or the limit", "EMSGSIZE", false},
    {"WSAEPROTOTYPE", 10041, "the protocol does not suit the socket type", "EPROTOTYPE", false},
    {"WSAENOPROTOOPT",
     10042,
     "the operation or option is not supported by this provider",
     "ENOPROTOOPT",
     false},
    {"WSAEPROTONOSUPPORT", 10043, "the protocol is not supported", "EPROTONOSUPPORT", false},
    {"WSAESOCKTNOSUPPORT",
     10044,
     "the socket type is not supported in this address family",
     "ESOCKTNOSUPPORT",
     false},
    {"WSAEOPNOTSUPP",
     10045,
     "the operation is not supported on this kind of socket",
     "EOPNOTSUPP",
     false},
    {"WSAEPFNOSUPPORT", 10046, "the protocol family is not supported", "EPFNOSUPPORT", false},
    {"WSAEAFNOSUPPORT",
     10047,
     "the address family is not supported by the protocol",
     "EAFNOSUPPORT",
     false},
    {"WSAEADDRINUSE", 10048, "the local address is already in use", "EADDRINUSE", false},
    {"WSAEADDRNOTAVAIL", 10049, "the address is not valid on this host", "EADDRNOTAVAIL", false},
    {"WSAENETDOWN",
     10050,
     "the network subsystem has failed (the host's interface is down)",
     "ENETDOWN",
     true},
    {"WSAENETUNREACH", 10051, "the network cannot be reached", "ENETUNREACH", false},
    {"WSAENETRESET",
     10052,
     "the connection broke: keep-alive found a failure while the call was in progress",
     "ENETRESET",
     true},
    {"WSAECONNABORTED",
     10053,
     "the connection was aborted on this host (time-out or protocol error)",
     "ECONNABORTED",
     true},
    {"WSAECONNRESET",
     10054,
     "the peer reset the connection: an RST arrived, unread data is gone",
     "ECONNRESET",
     true},
    {"WSAENOBUFS", 10055, "no buffer space is available", "ENOBUFS", false},
    {"WSAEISCONN", 10056, "the socket is already connected", "EISCONN", false},
    {"WSAENOTCONN", 10057, "the socket is not connected", "ENOTCONN", false},
    {"WSAESHUTDOWN",
     10058,
     "that direction was already shut down on this socket",
     "ESHUTDOWN",
     false},
    {"WSAETOOMANYREFS", 10059, "too many references to a kernel object", "ETOOMANYREFS", false},
    {"WSAETIMEDOUT", 10060, "the connection timed out: the peer did not answer", "ETIMEDOUT", true},
    {"WSAECONNREFUSED", 10061, "the peer refused the connection", "ECONNREFUSED", false},
    {"WSAELOOP", 10062, "a name cannot be translated", "ELOOP", false},
    {"WSAENAMETOOLONG", 10063, "a name is too long", "ENAMETOOLONG", false},
    {"WSAEHOSTDOWN", 10064, "the destination host is down", "EHOSTDOWN", false},
    {"WSAEHOSTUNREACH", 10065, "no route to the host", "EHOSTUNREACH", false},
    {"WSAENOTEMPTY", 10066, "the directory is not empty", "ENOTEMPTY", false},
    {"WSAEPROCLIM", 10067, "too many processes use Winsock", "", false},
    {"WSAEUSERS", 10068, "the user quota is exhausted", "EUSERS", false},
    {"WSAEDQUOT", 10069, "the disk quota is exhausted", "EDQUOT", false},
    {"WSAESTALE", 10070, "the file handle is no longer available", "ESTALE", false},
    {"WSAEREMOTE", 10071, "the item is not available locally", "EREMOTE", false},
    {"WSASYSNOTREADY", 10091, "the network subsystem is not ready", "", false},
    {"WSAVERNOTSUPPORTED", 10092, "the requested Winsock version is not supported", "", false},
    {"WSANOTINITIALISED", 10093, "no successful WSAStartup has been made yet", "", false},
    {"WSAEDISCON", 10101, "the peer has closed the connection gracefully", "", false},
    {"WSAENOMORE", 10102, "no more results", "", false},
    {"WSAECANCELLED", 10103, "the call was cancelled", "", false},
    {"WSAEINVALIDPROCTABLE", 10104, "the procedure call table is not valid", "", false},
    {"WSAEINVALIDPROVIDER", 10105, "the service provider is not valid", "", false},
    {"WSAEPROVIDERFAILEDINIT", 10106, "the service provider failed to start", "", false},
    {"WSASYSCALLFAILURE", 10107, "a system call that should never fail failed", "", false},
    {"WSASERVICE_NOT_FOUND", 10108, "no such service is known", "", false},
    {"WSATYPE_NOT_FOUND", 10109, "the class type was not found", "", false},
    {"WSA_E_NO_MORE", 10110, "no more results", "", false},
    {"WSA_E_CANCELLED", 10111, "the lookup was cancelled", "", false},
    {"WSAEREFUSED", 10112, "the database query was refused", "", false},
    {"WSAHOST_NOT_FOUND", 11001, "no such host is known", "", false},
    {"WSATRY_AGAIN", 11002, "the name server did not answer: try again", "", false},
    {"WSANO_RECOVERY", 11003, "a name server error that cannot be recovered", "", false},
    {"WSANO_DATA", 11004, "the name is valid but has no data of the type asked", "", false},
};

/**
 * \param name a name such as "WSAENOTCONN" or "NO_ERROR"
 * \return its entry, or null when no Winsock error has that name
 */
constexpr const WinsockError*
FindWinsockError(std::string_view name)
{
    for (const auto& error : kWinsockErrors)
    {
        if (error.name == name)
        {
            return &error;
        }
    }
    return nullptr;
}

/**
 * \param number a number such as 10057
 * \return its entry, or null when no Winsock error has that number
 */
constexpr const WinsockError*
FindWinsockError(int32_t number)
{
    for (const auto& error : kWinsockErrors)
    {
        if (error.number == number)
        {
            return &error;
        }
    }
    return nullptr;
}

/**
 * \param errnoName a POSIX errno name such as "ECONNRESET"
 * \return the Winsock error whose counterpart it is, or null
 */
constexpr const WinsockError*
FindWinsockErrorOfErrno(std::string_view errnoName)
{
    for (const auto& error : kWinsockErrors)
    {
        if (!errnoName.empty() && error.errnoName == errnoName)
        {
            return &error;
        }
    }
    return nullptr;
}

/**
 * \param number an error number
 * \return its name, or "WSA_ERRNO_<number>" for a number the table does not know (the trace keeps
 *         the number itself beside it)
 */
inline std::string
WinsockErrorName(int32_t number)
{
    const WinsockError* error = FindWinsockError(number);
    return error ? std::string(error->name) : "WSA_ERRNO_" + std::to_string(number);
}

/**
 * \param name a consteval-known error name
 * \return its number; a name not in the table does not compile
 */
consteval int32_t
WinsockErrorNumber(std::string_view name)
{
    // Compared by value, with no pointer: GCC 12 cannot evaluate a pointer's null test at
    // compile time once -fsanitize=undefined instruments it (scripts/sanitize.sh).
    for (const auto& error : kWinsockErrors)
    {
        if (error.name == name)
        {
            return error.number;
        }
    }
    throw "not a Winsock error name";
}

/// The argument a named constant belongs to.
enum class SymbolFamily : uint8_t
{
    ADDRESS_FAMILY,  //!< socket()'s af
    SOCKET_TYPE,     //!< socket()'s type
    PROTOCOL,        //!< socket()'s protocol
    SHUTDOWN_HOW,    //!< shutdown()'s how
    OPTION_LEVEL,    //!< setsockopt() / getsockopt()'s level
    SOCKET_OPTION,   //!< SOL_SOCKET options
    IOCTL_COMMAND,   //!< ioctlsocket()'s cmd
    IOCTL_CODE,      //!< WSAIoctl()'s dwIoControlCode
    POLL_EVENT,      //!< WSAPOLLFD's events and revents
    NETWORK_EVENT,   //!< WSAEventSelect's lNetworkEvents (FD_*)
    SOCKET_FLAG,     //!< WSASocket()'s dwFlags
    DISCONNECT_FLAG, //!< DisconnectEx()'s dwFlags
};

/// A named constant of winsock2.h.
struct WinsockConstant
{
    SymbolFamily family;      //!< the argument it belongs to
    std::string_view name;    //!< "SO_LINGER"
    int64_t value;            //!< its value as Winsock defines it
    std::string_view meaning; //!< one line
};

/// Every named constant a scenario may use, with winsock2.h's values.
inline constexpr WinsockConstant kWinsockConstants[] = {
    {SymbolFamily::ADDRESS_FAMILY, "AF_UNSPEC", 0, "unspecified address family"},
    {SymbolFamily::ADDRESS_FAMILY, "AF_INET", 2, "IPv4"},
    {SymbolFamily::ADDRESS_FAMILY, "AF_INET6", 23, "IPv6"},
    {SymbolFamily::SOCKET_TYPE, "SOCK_STREAM", 1, "a connection-oriented byte stream (TCP)"},
    {SymbolFamily::SOCKET_TYPE, "SOCK_DGRAM", 2, "connectionless datagrams (UDP)"},
    {SymbolFamily::SOCKET_TYPE, "SOCK_RAW", 3, "raw packets"},
    {SymbolFamily::PROTOCOL, "IPPROTO_TCP", 6, "TCP"},
    {SymbolFamily::PROTOCOL, "IPPROTO_UDP", 17, "UDP"},
    {SymbolFamily::SHUTDOWN_HOW, "SD_RECEIVE", 0, "disable receives"},
    {SymbolFamily::SHUTDOWN_HOW, "SD_SEND", 1, "disable sends (TCP sends FIN)"},
    {SymbolFamily::SHUTDOWN_HOW, "SD_BOTH", 2, "disable sends and receives"},
    {SymbolFamily::OPTION_LEVEL, "SOL_SOCKET", 0xffff, "socket-level options"},
    {SymbolFamily::SOCKET_OPTION, "SO_KEEPALIVE", 0x0008, "send keep-alives (a BOOL)"},
    {SymbolFamily::SOCKET_OPTION, "SO_LINGER", 0x0080, "linger on close (a LINGER)"},
    {SymbolFamily::SOCKET_OPTION,
     "SO_DONTLINGER",
     ~int64_t{0x0080},
     "do not linger on close (a BOOL: the complement of l_onoff)"},
    {SymbolFamily::SOCKET_OPTION, "SO_ERROR", 0x1007, "the socket's pending error (an int)"},
    {SymbolFamily::SOCKET_OPTION, "SO_TYPE", 0x1008, "the socket's type (an int)"},
    {SymbolFamily::IOCTL_COMMAND, "FIONBIO", 0x8004667E, "set or clear non-blocking mode"},
    {SymbolFamily::IOCTL_COMMAND, "FIONREAD", 0x4004667F, "how many bytes recv can read now"},
    {SymbolFamily::IOCTL_CODE,
     "SIO_GET_EXTENSION_FUNCTION_POINTER",
     0xC8000006,
     "get the address of an extension function (mswsock.h)"},
    {SymbolFamily::POLL_EVENT, "POLLERR", 0x0001, "an error occurred (revents only)"},
    {SymbolFamily::POLL_EVENT, "POLLHUP", 0x0002, "the peer closed or reset (revents only)"},
    {SymbolFamily::POLL_EVENT, "POLLNVAL", 0x0004, "the socket is not valid (revents only)"},
    {SymbolFamily::POLL_EVENT, "POLLWRNORM", 0x0010, "normal data can be sent"},
    {SymbolFamily::POLL_EVENT, "POLLWRBAND", 0x0020, "priority data can be sent"},
    {SymbolFamily::POLL_EVENT, "POLLRDNORM", 0x0100, "normal data can be read"},
    {SymbolFamily::POLL_EVENT, "POLLRDBAND", 0x0200, "priority band data can be read"},
    {SymbolFamily::POLL_EVENT, "POLLPRI", 0x0400, "priority data can be read"},
    {SymbolFamily::NETWORK_EVENT, "FD_READ", 0x01, "data can be read"},
    {SymbolFamily::NETWORK_EVENT, "FD_WRITE", 0x02, "data can be sent"},
    {SymbolFamily::NETWORK_EVENT, "FD_OOB", 0x04, "out-of-band data can be read"},
    {SymbolFamily::NETWORK_EVENT, "FD_ACCEPT", 0x08, "a connection can be accepted"},
    {SymbolFamily::NETWORK_EVENT, "FD_CONNECT", 0x10, "a connect completed"},
    {SymbolFamily::NETWORK_EVENT, "FD_CLOSE", 0x20, "the connection closed, with its error"},
    {SymbolFamily::SOCKET_FLAG, "WSA_FLAG_OVERLAPPED", 0x01, "the socket supports overlapped I/O"},
    {SymbolFamily::DISCONNECT_FLAG,
     "TF_REUSE_SOCKET",
     0x02,
     "prepare the socket to be reused (AcceptEx, ConnectEx)"},
};

/**
 * \param family the argument \param name a name such as "SD_SEND"
 * \return its entry, or null when the family has no constant of that name
 */
constexpr const WinsockConstant*
FindWinsockConstant(SymbolFamily family, std::string_view name)
{
    for (const auto& constant : kWinsockConstants)
    {
        if (constant.family == family && constant.name == name)
        {
            return &constant;
        }
    }
    return nullptr;
}

/**
 * \param family the argument \param value a value
 * \return the first entry of the family with that value, or null
 */
constexpr const WinsockConstant*
FindWinsockConstant(SymbolFamily family, int64_t value)
{
    for (const auto& constant : kWinsockConstants)
    {
        if (constant.family == family && constant.value == value)
        {
            return &constant;
        }
    }
    return nullptr;
}

/**
 * \param family the argument \param name a consteval-known name
 * \return its value; a name not in the table does not compile
 */
consteval int64_t
WinsockConstantValue(SymbolFamily family, std::string_view name)
{
    // Compared by value, with no pointer: GCC 12 cannot evaluate a pointer's null test at
    // compile time once -fsanitize=undefined instruments it (scripts/sanitize.sh).
    for (const auto& constant : kWinsockConstants)
    {
        if (constant.family == family && constant.name == name)
        {
            return constant.value;
        }
    }
    throw "not a Winsock constant of that family";
}

} // namespace wsdsim

#endif // WSDSIM_WINSOCK_SYMBOLS_H

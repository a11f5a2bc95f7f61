// The Windows Sockets types and constants the simulated API takes and returns (winsock2.h values).
#ifndef WSA_TYPES_H
#define WSA_TYPES_H

#include <cstdint>
#include <string_view>
#include <vector>

#include "wsdsim/winsock-symbols.h"

namespace ns3
{

/**
 * \ingroup wsd
 * \brief A socket handle as Winsock hands it out (UINT_PTR on Windows).
 */
using SOCKET = uint64_t;

/// The handle socket() and accept() return on failure (~0).
constexpr SOCKET INVALID_SOCKET = ~static_cast<SOCKET>(0);
/// The value other calls return on failure.
constexpr int SOCKET_ERROR = -1;

// The constants below that POSIX headers define as macros (AF_INET, SOL_SOCKET, SO_LINGER,
// FIONBIO, ...) carry Wine's WS_ prefix (its USE_WS_PREFIX convention), so that a unit may include
// <sys/socket.h> and this header in either order; their values are the symbol table's.

/// Address family IPv4 (AF_INET).
constexpr int WS_AF_INET
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::ADDRESS_FAMILY, "AF_INET");
/// Address family IPv6 (AF_INET6).
constexpr int WS_AF_INET6
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::ADDRESS_FAMILY, "AF_INET6");
/// Stream (connection-oriented) sockets (SOCK_STREAM).
constexpr int WS_SOCK_STREAM
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SOCKET_TYPE, "SOCK_STREAM");
/// Datagram (connectionless) sockets (SOCK_DGRAM).
constexpr int WS_SOCK_DGRAM
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SOCKET_TYPE, "SOCK_DGRAM");
/// TCP (IPPROTO_TCP).
constexpr int WS_IPPROTO_TCP
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::PROTOCOL, "IPPROTO_TCP");
/// UDP (IPPROTO_UDP).
constexpr int WS_IPPROTO_UDP
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::PROTOCOL, "IPPROTO_UDP");

/// shutdown(): disable receives.
constexpr int SD_RECEIVE
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SHUTDOWN_HOW, "SD_RECEIVE");
/// shutdown(): disable sends.
constexpr int SD_SEND = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SHUTDOWN_HOW, "SD_SEND");
/// shutdown(): disable both.
constexpr int SD_BOTH = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SHUTDOWN_HOW, "SD_BOTH");

/// Socket-level options (SOL_SOCKET).
constexpr int WS_SOL_SOCKET
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::OPTION_LEVEL, "SOL_SOCKET");
/// Linger on close, a LINGER structure (SO_LINGER).
constexpr int WS_SO_LINGER
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SOCKET_OPTION, "SO_LINGER");
/// Do not linger on close, a BOOL: the complement of l_onoff (SO_DONTLINGER).
constexpr int WS_SO_DONTLINGER
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SOCKET_OPTION, "SO_DONTLINGER");
/// Send keep-alives, a BOOL (SO_KEEPALIVE).
constexpr int WS_SO_KEEPALIVE
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SOCKET_OPTION, "SO_KEEPALIVE");

/// ioctlsocket(): set or clear non-blocking mode (FIONBIO).
constexpr long WS_FIONBIO = static_cast<long>(
    wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::IOCTL_COMMAND, "FIONBIO"));
/// ioctlsocket(): how many bytes recv can read now (FIONREAD).
constexpr long WS_FIONREAD = static_cast<long>(
    wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::IOCTL_COMMAND, "FIONREAD"));

/// SO_ERROR: the socket's pending error, an int (getsockopt only in the model).
constexpr int WS_SO_ERROR
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SOCKET_OPTION, "SO_ERROR");
/// SO_TYPE: the socket's type, an int (getsockopt only).
constexpr int WS_SO_TYPE
    = wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SOCKET_OPTION, "SO_TYPE");

/// WSASocket(): the socket supports overlapped I/O (WSA_FLAG_OVERLAPPED).
constexpr uint32_t WSA_FLAG_OVERLAPPED = static_cast<uint32_t>(
    wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::SOCKET_FLAG, "WSA_FLAG_OVERLAPPED"));
/// DisconnectEx(): ready the socket to be reused (TF_REUSE_SOCKET).
constexpr uint32_t TF_REUSE_SOCKET = static_cast<uint32_t>(
    wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::DISCONNECT_FLAG, "TF_REUSE_SOCKET"));
/// WSAIoctl(): get an extension function's address (SIO_GET_EXTENSION_FUNCTION_POINTER).
constexpr uint32_t SIO_GET_EXTENSION_FUNCTION_POINTER
    = static_cast<uint32_t>(wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::IOCTL_CODE,
                                                         "SIO_GET_EXTENSION_FUNCTION_POINTER"));

/// \return the value of a network event (FD_*) by name
consteval int32_t
NetworkEvent(std::string_view name)
{
    return static_cast<int32_t>(
        wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::NETWORK_EVENT, name));
}

/// Network events (WSAEventSelect's lNetworkEvents).
constexpr int32_t FD_READ = NetworkEvent("FD_READ");       //!< data can be read
constexpr int32_t FD_WRITE = NetworkEvent("FD_WRITE");     //!< data can be sent
constexpr int32_t FD_OOB = NetworkEvent("FD_OOB");         //!< out-of-band data
constexpr int32_t FD_ACCEPT = NetworkEvent("FD_ACCEPT");   //!< a connection can be accepted
constexpr int32_t FD_CONNECT = NetworkEvent("FD_CONNECT"); //!< a connect completed
constexpr int32_t FD_CLOSE = NetworkEvent("FD_CLOSE");     //!< the connection closed
/// The number of iErrorCode slots (winsock2.h FD_MAX_EVENTS).
constexpr int FD_MAX_EVENTS = 10;

/// \param event one FD_* bit \return its bit number, the index of its iErrorCode (FD_READ_BIT...)
constexpr int
NetworkEventBit(int32_t event)
{
    int bit = 0;
    while (bit < FD_MAX_EVENTS && (event >> bit) != 1)
    {
        ++bit;
    }
    return bit;
}

/// \return the value of a WSAPoll event (POLL*) by name
consteval int16_t
PollEvent(std::string_view name)
{
    return static_cast<int16_t>(
        wsdsim::WinsockConstantValue(wsdsim::SymbolFamily::POLL_EVENT, name));
}

// WSAPoll's events, with the WS_ prefix: <poll.h> defines POLLIN... as macros.
constexpr int16_t WS_POLLERR = PollEvent("POLLERR");       //!< an error (revents only)
constexpr int16_t WS_POLLHUP = PollEvent("POLLHUP");       //!< closed or reset (revents only)
constexpr int16_t WS_POLLNVAL = PollEvent("POLLNVAL");     //!< not a socket (revents only)
constexpr int16_t WS_POLLWRNORM = PollEvent("POLLWRNORM"); //!< normal data can be sent
constexpr int16_t WS_POLLWRBAND = PollEvent("POLLWRBAND"); //!< priority data can be sent
constexpr int16_t WS_POLLRDNORM = PollEvent("POLLRDNORM"); //!< normal data can be read
constexpr int16_t WS_POLLRDBAND = PollEvent("POLLRDBAND"); //!< priority band data can be read
constexpr int16_t WS_POLLPRI = PollEvent("POLLPRI");       //!< priority data can be read

/// A Winsock BOOL.
using BOOL = int32_t;

/**
 * \ingroup wsd
 * \brief The SO_LINGER option value (winsock2.h: two u_short members).
 */
struct LINGER
{
    uint16_t l_onoff;  //!< non-zero: linger on close
    uint16_t l_linger; //!< linger time in seconds
    /// \param other another \return whether both members are the same
    bool operator==(const LINGER& other) const = default;
};

/**
 * \ingroup wsd
 * \brief An address in a simulated application's address space (see WsaAddressSpace).
 */
using WsaAddress = uint64_t;

/**
 * \ingroup wsd
 * \brief A buffer descriptor (winsock2.h WSABUF) whose buf is an address in the node's
 *        simulated address space, so that a descriptor outside it can be written down.
 */
struct WSABUF
{
    uint32_t len;   //!< length of the buffer in bytes
    WsaAddress buf; //!< address of the buffer in the application's simulated address space
};

/**
 * \ingroup wsd
 * \brief An event object's handle (WSAEVENT; a HANDLE on Windows). WSA_INVALID_EVENT is NULL.
 */
using WSAEVENT = uint64_t;
/// A kernel object's handle: here a completion port (HANDLE). NULL is 0.
using HANDLE = uint64_t;
/// WSACreateEvent's failure, and "no event" (NULL).
constexpr WSAEVENT WSA_INVALID_EVENT = 0;
/// CreateIoCompletionPort's FileHandle for "no file": a new port only.
constexpr HANDLE INVALID_HANDLE_VALUE = ~static_cast<HANDLE>(0);

/// WSAWaitForMultipleEvents: the first event's index (WSA_WAIT_EVENT_0 + i is the i-th).
constexpr uint32_t WSA_WAIT_EVENT_0 = 0;
/// WSAWaitForMultipleEvents: the timeout passed (WAIT_TIMEOUT).
constexpr uint32_t WSA_WAIT_TIMEOUT = 258;
/// WSAWaitForMultipleEvents: the call failed (WAIT_FAILED).
constexpr uint32_t WSA_WAIT_FAILED = 0xFFFFFFFF;
/// An infinite timeout (WSA_INFINITE, INFINITE).
constexpr uint32_t WSA_INFINITE = 0xFFFFFFFF;
/// The most events WSAWaitForMultipleEvents waits for (WSA_MAXIMUM_WAIT_EVENTS).
constexpr uint32_t WSA_MAXIMUM_WAIT_EVENTS = 64;

/**
 * \ingroup wsd
 * \brief The OVERLAPPED an overlapped operation reports through (winsock2.h WSAOVERLAPPED).
 *
 * Internal holds the operation's NTSTATUS (STATUS_PENDING while it runs) and InternalHigh the
 * bytes it moved, as on Windows; WSAGetOverlappedResult and GetQueuedCompletionStatus read them.
 * Where Windows writes the received bytes to the caller's WSABUF, the model keeps them in
 * `received` (its own member).
 */
struct WSAOVERLAPPED
{
    uint64_t Internal{0};          //!< the NTSTATUS (WsaIoStatus)
    uint64_t InternalHigh{0};      //!< the bytes transferred
    WSAEVENT hEvent{0};            //!< set when the operation completes (NULL: none)
    std::vector<uint8_t> received; //!< model only: the bytes an overlapped receive took
};

/**
 * \ingroup wsd
 * \brief What WSAEnumNetworkEvents reports (winsock2.h WSANETWORKEVENTS).
 */
struct WSANETWORKEVENTS
{
    int32_t lNetworkEvents{0};               //!< the FD_* recorded since the last call
    int32_t iErrorCode[FD_MAX_EVENTS] = {0}; //!< by bit (FD_CLOSE_BIT...): the error of each
};

/**
 * \ingroup wsd
 * \brief One entry of WSAPoll's array (winsock2.h WSAPOLLFD).
 */
struct WSAPOLLFD
{
    uint64_t fd{0};     //!< the socket (SOCKET)
    int16_t events{0};  //!< the POLLRDNORM, POLLRDBAND, POLLWRNORM asked for
    int16_t revents{0}; //!< what WSAPoll found
};

/**
 * \ingroup wsd
 * \brief A set of sockets for select (winsock2.h fd_set: fd_count and fd_array).
 */
struct WS_fd_set
{
    std::vector<uint64_t> fd_array; //!< the sockets (fd_count is its size)
};

/**
 * \ingroup wsd
 * \brief select's timeout (winsock2.h TIMEVAL).
 */
struct TIMEVAL
{
    int32_t tv_sec{0};  //!< seconds
    int32_t tv_usec{0}; //!< and microseconds
};

/**
 * \ingroup wsd
 * \brief A GUID, as WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) takes it.
 */
struct GUID
{
    uint32_t Data1;   //!< first 8 hex digits
    uint16_t Data2;   //!< next 4
    uint16_t Data3;   //!< next 4
    uint8_t Data4[8]; //!< the last 16
    /// \param other a GUID \return whether both are the same
    bool operator==(const GUID& other) const = default;
};

/// DisconnectEx's GUID (mswsock.h WSAID_DISCONNECTEX).
constexpr GUID WSAID_DISCONNECTEX{
    0x7fda2e11, 0x8630, 0x436f, {0xa0, 0x31, 0xf5, 0x36, 0xa6, 0xee, 0xc1, 0x57}};

/**
 * \ingroup wsd
 * \brief The address WSAIoctl gives for an extension function (LPFN_DISCONNECTEX): in the model
 *        a token that WsaThread::DisconnectEx is called through.
 */
using LPFN_DISCONNECTEX = uint64_t;

/**
 * \ingroup wsd
 * \brief What WSAStartup reports (the members of winsock2.h WSADATA the model fills in).
 */
struct WSADATA
{
    uint16_t wVersion;     //!< the version the application will use
    uint16_t wHighVersion; //!< the highest version the provider supports
};

/**
 * \brief A Winsock version word: low byte major, high byte minor.
 * \param major major version
 * \param minor minor version
 * \return the version word
 */
constexpr uint16_t
MAKEWORD(uint8_t major, uint8_t minor)
{
    return static_cast<uint16_t>(major | (minor << 8));
}

} // namespace ns3

#endif // WSA_TYPES_H

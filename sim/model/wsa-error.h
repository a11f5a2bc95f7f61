// The Windows Sockets error codes the model can report, with their real numbers and names.
#ifndef WSA_ERROR_H
#define WSA_ERROR_H

#include <cstdint>
#include <optional>
#include <string_view>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief A Windows Sockets error code, with the number WSAGetLastError() returns on Windows.
 *
 * The numbers are those of winsock2.h (see the "Error numbers" list in
 * spec/closesocket-shutdown-linger.md).
 */
enum class WsaError : int32_t
{
    NO_ERROR_ = 0,          //!< no error (NO_ERROR is a macro on Windows)
    WSAEINTR = 10004,       //!< a blocking call was cancelled
    WSAEFAULT = 10014,      //!< a pointer argument is not in the user address space
    WSAEINVAL = 10022,      //!< an invalid argument
    WSAEWOULDBLOCK = 10035, //!< a non-blocking call cannot complete at once
    WSAEINPROGRESS = 10036, //!< a blocking call is in progress, or the provider is in a callback
    WSAEALREADY = 10037,    //!< a non-blocking connect is already in progress
    WSAENOTSOCK = 10038,    //!< the descriptor is not a socket
    WSAEMSGSIZE = 10040,    //!< a message is larger than the buffer
    WSAEPROTOTYPE = 10041,  //!< wrong protocol type for the socket
    WSAENOPROTOOPT = 10042, //!< option or disconnect data not supported
    WSAEPROTONOSUPPORT = 10043, //!< protocol not supported
    WSAESOCKTNOSUPPORT = 10044, //!< socket type not supported
    WSAEOPNOTSUPP = 10045,      //!< operation not supported on this socket
    WSAEAFNOSUPPORT = 10047,    //!< address family not supported
    WSAEADDRINUSE = 10048,      //!< address already in use
    WSAEADDRNOTAVAIL = 10049,   //!< address not available
    WSAENETDOWN = 10050,        //!< the network subsystem has failed
    WSAENETUNREACH = 10051,     //!< the network cannot be reached
    WSAECONNABORTED = 10053,    //!< the connection was aborted by this host
    WSAECONNRESET = 10054,      //!< the connection was reset by the peer
    WSAEISCONN = 10056,         //!< the socket is already connected
    WSAENOTCONN = 10057,        //!< the socket is not connected
    WSAESHUTDOWN = 10058,       //!< the direction was shut down
    WSAETIMEDOUT = 10060,       //!< the connection attempt timed out
    WSAECONNREFUSED = 10061,    //!< the connection was refused
    WSAVERNOTSUPPORTED = 10092, //!< the requested Winsock version is not supported
    WSANOTINITIALISED = 10093,  //!< no successful WSAStartup
};

/**
 * \brief The winsock2.h name of an error code ("WSAENOTSOCK"; "NO_ERROR" for 0).
 * \param error the error code
 * \return its name
 */
std::string_view WsaErrorName(WsaError error);

/**
 * \brief The error code with a given winsock2.h name.
 * \param name a name such as "WSAENOTCONN" or "NO_ERROR"
 * \return the code, or nothing when no error has that name
 */
std::optional<WsaError> WsaErrorFromName(std::string_view name);

/**
 * \brief The error code with a given number.
 * \param number a number such as 10057
 * \return the code, or nothing when the model knows no error of that number
 */
std::optional<WsaError> WsaErrorFromNumber(int32_t number);

} // namespace ns3

#endif // WSA_ERROR_H

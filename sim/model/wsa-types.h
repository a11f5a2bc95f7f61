// The Windows Sockets types and constants the simulated API takes and returns (winsock2.h values).
#ifndef WSA_TYPES_H
#define WSA_TYPES_H

#include <cstdint>

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

// The Windows Sockets types and constants the simulated API takes and returns (winsock2.h values).
#ifndef WSA_TYPES_H
#define WSA_TYPES_H

#include <cstdint>

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

/// Address family IPv4.
constexpr int AF_INET = 2;
/// Stream (connection-oriented) sockets.
constexpr int SOCK_STREAM = 1;
/// Datagram (connectionless) sockets.
constexpr int SOCK_DGRAM = 2;
/// TCP.
constexpr int IPPROTO_TCP = 6;
/// UDP.
constexpr int IPPROTO_UDP = 17;

/// shutdown(): disable receives.
constexpr int SD_RECEIVE = 0;
/// shutdown(): disable sends.
constexpr int SD_SEND = 1;
/// shutdown(): disable both.
constexpr int SD_BOTH = 2;

/// Socket-level options.
constexpr int SOL_SOCKET = 0xffff;
/// Linger on close (a LINGER structure).
constexpr int SO_LINGER = 0x0080;
/// Do not linger on close (a BOOL; the complement of l_onoff).
constexpr int SO_DONTLINGER = ~SO_LINGER;

/// ioctlsocket(): set or clear non-blocking mode.
constexpr long FIONBIO = static_cast<long>(0x8004667EL);

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

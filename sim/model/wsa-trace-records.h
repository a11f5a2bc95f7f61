// What the provider's trace sources report: API calls and returns, TCP state changes, segments.
#ifndef WSA_TRACE_RECORDS_H
#define WSA_TRACE_RECORDS_H

#include "wsa-error.h"
#include "wsa-types.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/tcp-socket.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief An address an out-parameter reports (getpeername, getsockname, recvfrom).
 */
struct WsaAddressOutput
{
    Ipv4Address ip;   //!< the IPv4 address
    uint16_t port{0}; //!< the port
    /// \param other another \return whether both are the same
    bool operator==(const WsaAddressOutput& other) const = default;
};

/**
 * \ingroup wsd
 * \brief The value of one out-parameter, in numbers (a harness names handles and flags):
 *        a number, a flag mask, a handle or an OVERLAPPED's address; a list (handles: select's
 *        sets; flag masks: WSAPoll's revents); flag bit -> error (WSAEnumNetworkEvents'
 *        iErrorCode); an address; a LINGER.
 */
using WsaOutputValue = std::
    variant<int64_t, std::vector<int64_t>, std::map<int32_t, int32_t>, WsaAddressOutput, LINGER>;

/// The out-parameters of a call, by name, in the order the call set them.
using WsaOutputs = std::vector<std::pair<std::string, WsaOutputValue>>;

/**
 * \ingroup wsd
 * \brief One Winsock call, as the "ApiCall" (on entry) and "ApiReturn" trace sources report it.
 */
struct WsaApiRecord
{
    uint32_t nodeId{0};                  //!< the node (simulated host) making the call
    std::string thread;                  //!< the simulated thread's name
    uint64_t callId{0};                  //!< numbers the calls of one provider, from 1
    std::string call;                    //!< the function, e.g. "WSASendDisconnect"
    std::string arguments;               //!< the arguments, as "s=0x100, lpData=NULL"
    Time calledAt;                       //!< simulated time of the call
    bool returned{false};                //!< false on entry, true on return
    bool blocked{false};                 //!< the call blocked (returned later than called)
    int64_t result{0};                   //!< the return value (SOCKET values as unsigned bits)
    WsaError error{WsaError::NO_ERROR_}; //!< the error set when the call failed
    std::vector<uint8_t> data;           //!< bytes returned (recv; WSARecvDisconnect's data)
    /// out-parameters, by name ("argp": what ioctlsocket(FIONREAD) stored), as each call's
    /// vocabulary entry names them
    WsaOutputs outputs;
};

/**
 * \ingroup wsd
 * \brief A TCP state change of a socket, as the "TcpState" trace source reports it.
 */
struct WsaTcpStateRecord
{
    uint32_t nodeId{0};            //!< the node
    SOCKET handle{INVALID_SOCKET}; //!< the socket (INVALID_SOCKET before accept)
    InetSocketAddress local{Ipv4Address::GetAny(), 0};  //!< local endpoint
    InetSocketAddress remote{Ipv4Address::GetAny(), 0}; //!< remote endpoint
    TcpSocket::TcpStates_t from{TcpSocket::CLOSED};     //!< the old state
    TcpSocket::TcpStates_t to{TcpSocket::CLOSED};       //!< the new state
};

/**
 * \ingroup wsd
 * \brief A TCP segment or UDP datagram leaving or reaching a node's IP layer ("Segment").
 */
struct WsaSegmentRecord
{
    uint32_t nodeId{0};          //!< the node
    bool outgoing{true};         //!< true as it leaves, false as it arrives
    uint8_t protocol{6};         //!< 6 TCP, 17 UDP
    Ipv4Address source;          //!< IP source
    Ipv4Address destination;     //!< IP destination
    uint16_t sourcePort{0};      //!< transport source port
    uint16_t destinationPort{0}; //!< transport destination port
    uint8_t flags{0};            //!< TCP flags (TcpHeader::Flags_t bits)
    uint32_t sequence{0};        //!< TCP sequence number
    uint32_t acknowledgement{0}; //!< TCP acknowledgement number
    uint16_t window{0};          //!< TCP window field
    uint32_t payloadSize{0};     //!< bytes after the transport header
};

/**
 * \brief Flags as tcpdump prints them ("SYN|ACK", "FIN|ACK", "RST").
 * \param flags TcpHeader flag bits
 * \return the text
 */
std::string TcpFlagsToString(uint8_t flags);

/**
 * \brief An endpoint as a segment record's trace gives it: "10.0.0.1:49153" (the address as
 * Ipv4Address prints it).
 * \param address the address \param port the port
 * \return the text
 */
std::string EndpointToString(Ipv4Address address, uint16_t port);

} // namespace ns3

#endif // WSA_TRACE_RECORDS_H

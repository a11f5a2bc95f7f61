// The vocabulary's synchronous calls: start-up, sockets, connections, data, disconnects, options,
// names (see call-vocabulary.h for how a call is described and dispatched).
#ifndef WSDSIM_CALLS_SOCKETS_H
#define WSDSIM_CALLS_SOCKETS_H

#include <array>

#include "wsdsim/call-framework.h"

namespace wsdsim::calls
{

/// The SYMBOL names setsockopt and getsockopt allow (a subset of their family).
inline constexpr std::array<std::string_view, 3> kSetOptionNames{
    "SO_LINGER", "SO_DONTLINGER", "SO_KEEPALIVE"};
/// The options getsockopt reads.
inline constexpr std::array<std::string_view, 5> kGetOptionNames{
    "SO_LINGER", "SO_DONTLINGER", "SO_KEEPALIVE", "SO_ERROR", "SO_TYPE"};
/// The Winsock versions WSAStartup may be asked for.
inline constexpr std::array<std::string_view, 6> kVersions{
    "1.0", "1.1", "2.0", "2.1", "2.2", "3.0"};
/// ioctlsocket's out-parameter.
inline constexpr std::array<OutputSpec, 1> kArgpOutput{
    {{"argp", OutputKind::INTEGER, {}, "FIONREAD: the bytes a recv could read now"}}};
/// getsockopt's out-parameters: one of them, as the option's type says.
inline constexpr std::array<OutputSpec, 2> kOptionOutputs{
    {{"linger", OutputKind::LINGER, {}, "SO_LINGER: the LINGER read"},
     {"optval", OutputKind::INTEGER, {}, "SO_DONTLINGER, SO_KEEPALIVE (BOOL), SO_ERROR, SO_TYPE"}}};
/// getpeername's and getsockname's out-parameter.
inline constexpr std::array<OutputSpec, 1> kAddressOutput{
    {{"address", OutputKind::ADDRESS, {}, "the address: host (0 or 1) and port"}}};
/// recvfrom's out-parameter.
inline constexpr std::array<OutputSpec, 1> kFromOutput{
    {{"from", OutputKind::ADDRESS, {}, "the sender's address: host (0 or 1) and port"}}};

/// WSAStartup(wVersionRequested, lpWSAData).
struct WsaStartup
{
    static constexpr CallInfo kInfo = Info(
        "WSAStartup", ReturnKind::ERROR_CODE, false, false, "starts Winsock for the application");
    std::string version{"2.2"}; //!< "major.minor"
    bool nullData{false};       //!< pass lpWSAData = NULL

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(PlainArg("version", ArgKind::CHOICE, false, "the version asked for", kVersions),
                  &WsaStartup::version),
            Field(PlainArg("nullData", ArgKind::BOOLEAN, false, "pass lpWSAData = NULL"),
                  &WsaStartup::nullData)};
    }
    bool operator==(const WsaStartup&) const = default;
};

/// WSACleanup().
struct WsaCleanup
{
    static constexpr CallInfo kInfo = Info(
        "WSACleanup", ReturnKind::STATUS, false, false, "ends the application's use of Winsock");
    /// \return the arguments (none)
    static constexpr auto Fields()
    {
        return std::tuple{};
    }
    bool operator==(const WsaCleanup&) const = default;
};

/// socket(af, type, protocol).
struct Socket
{
    static constexpr CallInfo kInfo{
        "socket", ReturnKind::HANDLE, HandleKind::SOCKET, false, false, {}, "creates a socket"};
    int64_t af{2};       //!< address family (AF_INET)
    int64_t type{1};     //!< socket type (SOCK_STREAM)
    int64_t protocol{0}; //!< protocol (0: the type's default)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(SymbolArg("af", false, SymbolFamily::ADDRESS_FAMILY, {}, false, "address family"),
                  &Socket::af),
            Field(SymbolArg("type", true, SymbolFamily::SOCKET_TYPE, {}, false, "socket type"),
                  &Socket::type),
            Field(SymbolArg("protocol",
                            false,
                            SymbolFamily::PROTOCOL,
                            {},
                            true,
                            "protocol; 0 for the type's default"),
                  &Socket::protocol)};
    }
    bool operator==(const Socket&) const = default;
};

/// WSASocket(af, type, protocol, NULL, 0, dwFlags).
struct WsaSocket
{
    static constexpr CallInfo kInfo{
        "WSASocket",
        ReturnKind::HANDLE,
        HandleKind::SOCKET,
        false,
        false,
        {},
        "creates a socket, overlapped when WSA_FLAG_OVERLAPPED is given"};
    int64_t af{2};       //!< address family (AF_INET)
    int64_t type{1};     //!< socket type (SOCK_STREAM)
    int64_t protocol{0}; //!< protocol (0: the type's default)
    int64_t flags{0};    //!< WSA_FLAG_* bits

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(SymbolArg("af", false, SymbolFamily::ADDRESS_FAMILY, {}, false, "address family"),
                  &WsaSocket::af),
            Field(SymbolArg("type", true, SymbolFamily::SOCKET_TYPE, {}, false, "socket type"),
                  &WsaSocket::type),
            Field(SymbolArg("protocol",
                            false,
                            SymbolFamily::PROTOCOL,
                            {},
                            true,
                            "protocol; 0 for the type's default"),
                  &WsaSocket::protocol),
            Field(FlagsArg("flags",
                           ArgKind::FLAGS,
                           false,
                           SymbolFamily::SOCKET_FLAG,
                           "dwFlags, e.g. [\"WSA_FLAG_OVERLAPPED\"]"),
                  &WsaSocket::flags)};
    }
    bool operator==(const WsaSocket&) const = default;
};

/// bind(s, {host's address, port}).
struct Bind
{
    static constexpr CallInfo kInfo
        = Info("bind", ReturnKind::STATUS, false, false, "gives a socket its local address");
    SocketRef s;                 //!< the socket
    int64_t port{0};             //!< the local port
    std::optional<int64_t> host; //!< whose address (default: the calling thread's host)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &Bind::s),
            Field(IntegerArg("port", true, 0, 65535, "the local port"), &Bind::port),
            Field(IntegerArg("host", false, 0, 1, "whose address: 0 is 10.0.0.1, 1 is 10.0.0.2"),
                  &Bind::host)};
    }
    bool operator==(const Bind&) const = default;
};

/// listen(s, backlog).
struct Listen
{
    static constexpr CallInfo kInfo
        = Info("listen", ReturnKind::STATUS, false, false, "makes a socket accept connections");
    SocketRef s;        //!< the socket
    int64_t backlog{5}; //!< queue length

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &Listen::s),
            Field(IntegerArg("backlog", false, 0, kMaxCount, "the accept queue's length"),
                  &Listen::backlog)};
    }
    bool operator==(const Listen&) const = default;
};

/// accept(s, NULL, NULL).
struct Accept
{
    static constexpr CallInfo kInfo{"accept",
                                    ReturnKind::HANDLE,
                                    HandleKind::SOCKET,
                                    true,
                                    false,
                                    {},
                                    "takes an established connection, on a new socket"};
    SocketRef s; //!< the listening socket

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{Field(HandleArg("s", "the listening socket"), &Accept::s)};
    }
    bool operator==(const Accept&) const = default;
};

/// connect(s, {host's address, port}).
struct Connect
{
    static constexpr CallInfo kInfo
        = Info("connect", ReturnKind::STATUS, true, false, "opens a connection to a peer");
    SocketRef s;     //!< the socket
    int64_t host{0}; //!< the peer's host
    int64_t port{0}; //!< the peer's port

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &Connect::s),
            Field(IntegerArg("host", true, 0, 1, "the peer: 0 is 10.0.0.1, 1 is 10.0.0.2"),
                  &Connect::host),
            Field(IntegerArg("port", true, 0, 65535, "the peer's port"), &Connect::port)};
    }
    bool operator==(const Connect&) const = default;
};

/// send(s, buf, len, 0).
struct Send
{
    static constexpr CallInfo kInfo
        = Info("send", ReturnKind::COUNT, true, false, "queues bytes to send");
    SocketRef s;                     //!< the socket
    std::optional<std::string> data; //!< the bytes, as text
    std::optional<int64_t> size;     //!< or this many bytes of "abc...z" repeated

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &Send::s),
            Field(PlainArg("data", ArgKind::TEXT, false, "the bytes to send"), &Send::data),
            Field(IntegerArg(
                      "size", false, 0, kMaxCount, "send this many bytes of \"abc...z\" repeated"),
                  &Send::size)};
    }
    bool operator==(const Send&) const = default;
};

/// sendto(s, buf, len, 0, {host's address, port}, namelen).
struct SendTo
{
    static constexpr CallInfo kInfo = Info(
        "sendto", ReturnKind::COUNT, true, false, "sends a datagram to an address, or bytes");
    SocketRef s;                     //!< the socket
    std::optional<std::string> data; //!< the bytes, as text
    std::optional<int64_t> size;     //!< or this many bytes of "abc...z" repeated
    std::optional<int64_t> host;     //!< the destination's host (none: a NULL address)
    int64_t port{0};                 //!< the destination's port

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &SendTo::s),
            Field(PlainArg("data", ArgKind::TEXT, false, "the bytes to send"), &SendTo::data),
            Field(IntegerArg(
                      "size", false, 0, kMaxCount, "send this many bytes of \"abc...z\" repeated"),
                  &SendTo::size),
            Field(IntegerArg("host",
                             false,
                             0,
                             1,
                             "the destination: 0 is 10.0.0.1, 1 is 10.0.0.2 (absent: NULL to)"),
                  &SendTo::host),
            Field(IntegerArg("port", false, 0, 65535, "the destination's port"), &SendTo::port)};
    }
    bool operator==(const SendTo&) const = default;
};

/// recv(s, buf, len, 0).
struct Recv
{
    static constexpr CallInfo kInfo
        = Info("recv", ReturnKind::COUNT, true, true, "reads received bytes");
    SocketRef s;        //!< the socket
    int64_t len{65536}; //!< the buffer's size

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &Recv::s),
            Field(IntegerArg("len", false, 0, kMaxCount, "the buffer's size"), &Recv::len)};
    }
    bool operator==(const Recv&) const = default;
};

/// recvfrom(s, buf, len, 0, &from, &fromlen).
struct RecvFrom
{
    static constexpr CallInfo kInfo{"recvfrom",
                                    ReturnKind::COUNT,
                                    HandleKind::NONE,
                                    true,
                                    true,
                                    kFromOutput,
                                    "reads a datagram (or bytes) and who sent it"};
    SocketRef s;        //!< the socket
    int64_t len{65536}; //!< the buffer's size

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &RecvFrom::s),
            Field(IntegerArg("len", false, 0, kMaxCount, "the buffer's size"), &RecvFrom::len)};
    }
    bool operator==(const RecvFrom&) const = default;
};

/// shutdown(s, how).
struct Shutdown
{
    static constexpr CallInfo kInfo
        = Info("shutdown", ReturnKind::STATUS, false, false, "disables sends, receives or both");
    SocketRef s;    //!< the socket
    int64_t how{1}; //!< SD_RECEIVE, SD_SEND, SD_BOTH, or any integer

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{Field(HandleArg("s", "the socket"), &Shutdown::s),
                          Field(SymbolArg("how",
                                          true,
                                          SymbolFamily::SHUTDOWN_HOW,
                                          {},
                                          true,
                                          "SD_RECEIVE, SD_SEND, SD_BOTH, or an invalid number"),
                                &Shutdown::how)};
    }
    bool operator==(const Shutdown&) const = default;
};

/// WSASendDisconnect(s, lpOutboundDisconnectData).
struct WsaSendDisconnect
{
    static constexpr CallInfo kInfo = Info("WSASendDisconnect",
                                           ReturnKind::STATUS,
                                           false,
                                           false,
                                           "starts the disconnect and sends disconnect data");
    SocketRef s;    //!< the socket
    MemoryRef data; //!< the disconnect data (NONE: NULL)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &WsaSendDisconnect::s),
            Field(PlainArg("data", ArgKind::DATA, false, "lpOutboundDisconnectData's bytes"),
                  &WsaSendDisconnect::data)};
    }
    bool operator==(const WsaSendDisconnect&) const = default;
};

/// WSARecvDisconnect(s, lpInboundDisconnectData).
struct WsaRecvDisconnect
{
    static constexpr CallInfo kInfo
        = Info("WSARecvDisconnect",
               ReturnKind::STATUS,
               false,
               true,
               "disables receives and takes the peer's disconnect data");
    SocketRef s;      //!< the socket
    MemoryRef buffer; //!< where the disconnect data goes (NONE: NULL)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &WsaRecvDisconnect::s),
            Field(PlainArg("buffer", ArgKind::BUFFER, false, "lpInboundDisconnectData"),
                  &WsaRecvDisconnect::buffer)};
    }
    bool operator==(const WsaRecvDisconnect&) const = default;
};

/// closesocket(s).
struct CloseSocket
{
    static constexpr CallInfo kInfo = Info("closesocket",
                                           ReturnKind::STATUS,
                                           true,
                                           false,
                                           "releases the handle; SO_LINGER decides how TCP closes");
    SocketRef s; //!< the socket

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{Field(HandleArg("s", "the socket"), &CloseSocket::s)};
    }
    bool operator==(const CloseSocket&) const = default;
};

/// setsockopt(s, SOL_SOCKET, option, value, optlen).
struct SetSockOpt
{
    static constexpr CallInfo kInfo
        = Info("setsockopt", ReturnKind::STATUS, false, false, "sets a socket option");
    SocketRef s;                    //!< the socket
    int64_t option{0};              //!< SO_LINGER, SO_DONTLINGER or SO_KEEPALIVE
    std::optional<int64_t> onoff;   //!< SO_LINGER: l_onoff (default 0)
    std::optional<int64_t> seconds; //!< SO_LINGER: l_linger (default 0)
    std::optional<bool> value;      //!< SO_DONTLINGER, SO_KEEPALIVE: the BOOL (default FALSE)
    std::optional<int64_t> optlen;  //!< the length passed (default: the value's size)
    bool nullOptval{false};         //!< pass optval = NULL

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &SetSockOpt::s),
            Field(SymbolArg("option",
                            true,
                            SymbolFamily::SOCKET_OPTION,
                            kSetOptionNames,
                            false,
                            "the option (level SOL_SOCKET)"),
                  &SetSockOpt::option),
            Field(IntegerArg("onoff", false, 0, 65535, "SO_LINGER: l_onoff"), &SetSockOpt::onoff),
            Field(IntegerArg("seconds", false, 0, 65535, "SO_LINGER: l_linger, in seconds"),
                  &SetSockOpt::seconds),
            Field(
                PlainArg("value", ArgKind::BOOLEAN, false, "SO_DONTLINGER, SO_KEEPALIVE: the BOOL"),
                &SetSockOpt::value),
            Field(IntegerArg("optlen", false, 0, kMaxCount, "optlen, when not the value's size"),
                  &SetSockOpt::optlen),
            Field(PlainArg("optval", ArgKind::NULL_VALUE, false, "null: pass optval = NULL"),
                  &SetSockOpt::nullOptval)};
    }
    bool operator==(const SetSockOpt&) const = default;
};

/// getsockopt(s, SOL_SOCKET, option, value, &optlen).
struct GetSockOpt
{
    static constexpr CallInfo kInfo{"getsockopt",
                                    ReturnKind::STATUS,
                                    HandleKind::NONE,
                                    false,
                                    false,
                                    kOptionOutputs,
                                    "reads a socket option"};
    SocketRef s;       //!< the socket
    int64_t option{0}; //!< SO_LINGER, SO_DONTLINGER, SO_KEEPALIVE, SO_ERROR or SO_TYPE

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{Field(HandleArg("s", "the socket"), &GetSockOpt::s),
                          Field(SymbolArg("option",
                                          true,
                                          SymbolFamily::SOCKET_OPTION,
                                          kGetOptionNames,
                                          false,
                                          "the option (level SOL_SOCKET)"),
                                &GetSockOpt::option)};
    }
    bool operator==(const GetSockOpt&) const = default;
};

/// getpeername(s, &name, &namelen).
struct GetPeerName
{
    static constexpr CallInfo kInfo{"getpeername",
                                    ReturnKind::STATUS,
                                    HandleKind::NONE,
                                    false,
                                    false,
                                    kAddressOutput,
                                    "reads the address of the peer a socket is connected to"};
    SocketRef s; //!< the socket

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{Field(HandleArg("s", "the socket"), &GetPeerName::s)};
    }
    bool operator==(const GetPeerName&) const = default;
};

/// getsockname(s, &name, &namelen).
struct GetSockName
{
    static constexpr CallInfo kInfo{"getsockname",
                                    ReturnKind::STATUS,
                                    HandleKind::NONE,
                                    false,
                                    false,
                                    kAddressOutput,
                                    "reads a socket's local address"};
    SocketRef s; //!< the socket

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{Field(HandleArg("s", "the socket"), &GetSockName::s)};
    }
    bool operator==(const GetSockName&) const = default;
};

/// ioctlsocket(s, cmd, argp).
struct IoctlSocket
{
    static constexpr CallInfo kInfo{"ioctlsocket",
                                    ReturnKind::STATUS,
                                    HandleKind::NONE,
                                    false,
                                    false,
                                    kArgpOutput,
                                    "controls a socket's mode (FIONBIO) or asks what it holds "
                                    "(FIONREAD)"};
    SocketRef s;                  //!< the socket
    int64_t cmd{0};               //!< FIONBIO or FIONREAD
    std::optional<int64_t> value; //!< FIONBIO: *argp (default 0)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &IoctlSocket::s),
            Field(SymbolArg("cmd", true, SymbolFamily::IOCTL_COMMAND, {}, false, "the command"),
                  &IoctlSocket::cmd),
            Field(IntegerArg(
                      "value", false, 0, 0xffffffff, "FIONBIO: *argp, non-zero for non-blocking"),
                  &IoctlSocket::value)};
    }
    bool operator==(const IoctlSocket&) const = default;
};

/// WSASetBlockingHook(hook): the hook runs the thread's steps whose context is "blocking-hook".
struct WsaSetBlockingHook
{
    static constexpr CallInfo kInfo = Info("WSASetBlockingHook",
                                           ReturnKind::STATUS,
                                           false,
                                           false,
                                           "installs the thread's Winsock 1.1 blocking hook");
    /// \return the arguments (none)
    static constexpr auto Fields()
    {
        return std::tuple{};
    }
    bool operator==(const WsaSetBlockingHook&) const = default;
};

/// WSACancelBlockingCall().
struct WsaCancelBlockingCall
{
    static constexpr CallInfo kInfo = Info("WSACancelBlockingCall",
                                           ReturnKind::STATUS,
                                           false,
                                           false,
                                           "cancels the thread's blocking call in progress");
    /// \return the arguments (none)
    static constexpr auto Fields()
    {
        return std::tuple{};
    }
    bool operator==(const WsaCancelBlockingCall&) const = default;
};

} // namespace wsdsim::calls

#endif // WSDSIM_CALLS_SOCKETS_H

// The one call vocabulary: every Winsock call a scenario step can make, with its typed arguments,
// what it returns, and which outcome fields a step of that call may expect.
//
// A call is a struct in namespace wsdsim::calls; `Call` is the variant of them all. Each struct
// names itself (kInfo) and describes its arguments (Fields()): the loader decodes a step's JSON
// into it once (call-json.h), the schema is generated from it, and every stage that runs or
// explains a call (the model backend, the drivers, narration, diagrams) dispatches over the
// variant with std::visit, so that the compiler refuses a call that one of them forgets.
// A new call is one struct here, listed in `Call`, plus one handler in each of those stages.
//
// No ns-3, no platform header: this compiles beside <winsock2.h> (mingw) as well as on Linux.
#ifndef WSDSIM_CALL_VOCABULARY_H
#define WSDSIM_CALL_VOCABULARY_H

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "wsdsim/winsock-symbols.h"

namespace wsdsim
{

/// How a call's return value reads.
enum class ReturnKind : uint8_t
{
    STATUS,     //!< 0, or SOCKET_ERROR (-1) with the error in WSAGetLastError()
    HANDLE,     //!< a socket handle, or INVALID_SOCKET (written -1)
    BYTE_COUNT, //!< bytes moved (0: end of stream), or SOCKET_ERROR (-1)
    ERROR_CODE, //!< the error code itself, 0 on success (WSAStartup)
};

/// What a call is and what a step of it may expect.
struct CallInfo
{
    std::string_view name;    //!< the Winsock function's name, as scenarios and traces write it
    ReturnKind returns;       //!< how its result reads
    bool mayBlock;            //!< it can wait in simulated time: `returnsAfter` may be expected
    bool returnsData;         //!< it hands back bytes: `data` and `dataLength` may be expected
    std::string_view output;  //!< the integer out-parameter a trace records ("" for none)
    std::string_view summary; //!< one line: what the call does
};

/// The kinds of argument, each with one JSON form (docs/scenario-format.md).
enum class ArgKind : uint8_t
{
    HANDLE,  //!< a handle named by an earlier step's "as", or a raw number
    INTEGER, //!< an integer within a range
    TEXT,    //!< a string
    CHOICE,  //!< one string of a fixed list
    BOOLEAN, //!< true or false
    SYMBOL,  //!< a winsock2.h name of one family (or, where allowed, a raw integer)
    DATA,    //!< bytes to send: null, a string, or {"fault": ...}
    BUFFER,  //!< a buffer to receive into: null, {"len": n}, or {"fault": ...}
};

/// One argument: its name, kind and range.
struct ArgSpec
{
    std::string_view name;                     //!< the key in a step's "args"
    ArgKind kind;                              //!< its JSON form
    bool required;                             //!< the step must give it
    int64_t minimum;                           //!< INTEGER, raw SYMBOL integers: the least
    int64_t maximum;                           //!< INTEGER, raw SYMBOL integers: the most
    SymbolFamily family;                       //!< SYMBOL: the family of its names
    bool rawIntegers;                          //!< SYMBOL: an integer may stand for a name
    std::span<const std::string_view> choices; //!< CHOICE: the strings; SYMBOL: the names
                                               //!< allowed (empty: the whole family)
    std::string_view meaning;                  //!< one line, for the schema
};

/// The largest size or count an argument may have (100 MB).
inline constexpr int64_t kMaxCount = 100'000'000;

/// \return a required handle argument
constexpr ArgSpec
HandleArg(std::string_view name, std::string_view meaning)
{
    return {name, ArgKind::HANDLE, true, 0, 0, {}, false, {}, meaning};
}

/// \return an integer argument in [minimum, maximum]
constexpr ArgSpec
IntegerArg(std::string_view name,
           bool required,
           int64_t minimum,
           int64_t maximum,
           std::string_view meaning)
{
    return {name, ArgKind::INTEGER, required, minimum, maximum, {}, false, {}, meaning};
}

/// \return a symbolic argument: a name of a family (a subset when `names` is not empty), or, with
/// rawIntegers, an integer in [minimum, maximum]
constexpr ArgSpec
SymbolArg(std::string_view name,
          bool required,
          SymbolFamily family,
          std::span<const std::string_view> names,
          bool rawIntegers,
          std::string_view meaning)
{
    return {name,
            ArgKind::SYMBOL,
            required,
            -0x80000000LL,
            0x7fffffff,
            family,
            rawIntegers,
            names,
            meaning};
}

/// \return an argument of another kind
constexpr ArgSpec
PlainArg(std::string_view name,
         ArgKind kind,
         bool required,
         std::string_view meaning,
         std::span<const std::string_view> choices = {})
{
    return {name, kind, required, 0, 0, {}, false, choices, meaning};
}

/// A socket argument: the handle an earlier step named with "as", or a raw handle number.
struct SocketRef
{
    std::string name;   //!< the handle's name ("" when a number is given)
    int64_t number{-1}; //!< the raw number, when no name is given

    /// \return whether the step names the handle (else it gives a number)
    bool IsNamed() const
    {
        return !name.empty();
    }
    bool operator==(const SocketRef&) const = default;
};

/// A memory argument: what a buffer pointer points at, including the deliberately bad ones.
struct MemoryRef
{
    /// What the pointer is.
    enum class Kind : uint8_t
    {
        NONE,         //!< NULL (no buffer)
        TEXT,         //!< these bytes
        CAPACITY,     //!< an empty buffer of `capacity` bytes
        PAST_END,     //!< starts inside a 4-byte buffer and runs 4 bytes past its end
        NULL_ADDRESS, //!< a descriptor whose buf is address 0, len 4
        UNMAPPED,     //!< a descriptor whose buf is an address never mapped, len 4
    };
    Kind kind{Kind::NONE}; //!< what it is
    std::string text;      //!< TEXT: the bytes
    uint32_t capacity{0};  //!< CAPACITY: the size

    /// \return whether the pointer is one of the deliberate faults
    bool IsFault() const
    {
        return kind == Kind::PAST_END || kind == Kind::NULL_ADDRESS || kind == Kind::UNMAPPED;
    }
    bool operator==(const MemoryRef&) const = default;
};

/// One argument of a call struct: its spec and the member that holds its value.
template <class Owner, class Value>
struct ArgField
{
    ArgSpec spec;         //!< name, kind, range
    Value Owner::*member; //!< where the value goes
};

/// \return the field of a call struct's member
template <class Owner, class Value>
constexpr ArgField<Owner, Value>
Field(ArgSpec spec, Value Owner::*member)
{
    return {spec, member};
}

namespace calls
{

/// The SYMBOL names a few arguments allow (a subset of their family).
inline constexpr std::array<std::string_view, 3> kOptionNames{
    "SO_LINGER", "SO_DONTLINGER", "SO_KEEPALIVE"};
/// The Winsock versions WSAStartup may be asked for.
inline constexpr std::array<std::string_view, 6> kVersions{
    "1.0", "1.1", "2.0", "2.1", "2.2", "3.0"};

/// WSAStartup(wVersionRequested, lpWSAData).
struct WsaStartup
{
    static constexpr CallInfo kInfo{"WSAStartup",
                                    ReturnKind::ERROR_CODE,
                                    false,
                                    false,
                                    "",
                                    "starts Winsock for the application"};
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
    static constexpr CallInfo kInfo{"WSACleanup",
                                    ReturnKind::STATUS,
                                    false,
                                    false,
                                    "",
                                    "ends the application's use of Winsock"};
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
        "socket", ReturnKind::HANDLE, false, false, "", "creates a socket"};
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

/// bind(s, {host's address, port}).
struct Bind
{
    static constexpr CallInfo kInfo{
        "bind", ReturnKind::STATUS, false, false, "", "gives a socket its local address"};
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
    static constexpr CallInfo kInfo{
        "listen", ReturnKind::STATUS, false, false, "", "makes a socket accept connections"};
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
                                    true,
                                    false,
                                    "",
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
    static constexpr CallInfo kInfo{
        "connect", ReturnKind::STATUS, true, false, "", "opens a connection to a peer"};
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
    static constexpr CallInfo kInfo{
        "send", ReturnKind::BYTE_COUNT, true, false, "", "queues bytes to send"};
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

/// recv(s, buf, len, 0).
struct Recv
{
    static constexpr CallInfo kInfo{
        "recv", ReturnKind::BYTE_COUNT, true, true, "", "reads received bytes"};
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

/// shutdown(s, how).
struct Shutdown
{
    static constexpr CallInfo kInfo{
        "shutdown", ReturnKind::STATUS, false, false, "", "disables sends, receives or both"};
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
    static constexpr CallInfo kInfo{"WSASendDisconnect",
                                    ReturnKind::STATUS,
                                    false,
                                    false,
                                    "",
                                    "starts the disconnect and sends disconnect data"};
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
    static constexpr CallInfo kInfo{"WSARecvDisconnect",
                                    ReturnKind::STATUS,
                                    false,
                                    true,
                                    "",
                                    "disables receives and takes the peer's disconnect data"};
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
    static constexpr CallInfo kInfo{"closesocket",
                                    ReturnKind::STATUS,
                                    true,
                                    false,
                                    "",
                                    "releases the handle; SO_LINGER decides how TCP closes"};
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
    static constexpr CallInfo kInfo{
        "setsockopt", ReturnKind::STATUS, false, false, "", "sets a socket option"};
    SocketRef s;                    //!< the socket
    int64_t option{0};              //!< SO_LINGER, SO_DONTLINGER or SO_KEEPALIVE
    std::optional<int64_t> onoff;   //!< SO_LINGER: l_onoff (default 0)
    std::optional<int64_t> seconds; //!< SO_LINGER: l_linger (default 0)
    std::optional<bool> value;      //!< SO_DONTLINGER, SO_KEEPALIVE: the BOOL (default FALSE)
    std::optional<int64_t> optlen;  //!< the length passed (default: the value's size)

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{
            Field(HandleArg("s", "the socket"), &SetSockOpt::s),
            Field(SymbolArg("option",
                            true,
                            SymbolFamily::SOCKET_OPTION,
                            kOptionNames,
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
                  &SetSockOpt::optlen)};
    }
    bool operator==(const SetSockOpt&) const = default;
};

/// getsockopt(s, SOL_SOCKET, option, value, &optlen).
struct GetSockOpt
{
    static constexpr CallInfo kInfo{
        "getsockopt", ReturnKind::STATUS, false, false, "", "reads a socket option"};
    SocketRef s;       //!< the socket
    int64_t option{0}; //!< SO_LINGER, SO_DONTLINGER or SO_KEEPALIVE

    /// \return the arguments
    static constexpr auto Fields()
    {
        return std::tuple{Field(HandleArg("s", "the socket"), &GetSockOpt::s),
                          Field(SymbolArg("option",
                                          true,
                                          SymbolFamily::SOCKET_OPTION,
                                          kOptionNames,
                                          false,
                                          "the option (level SOL_SOCKET)"),
                                &GetSockOpt::option)};
    }
    bool operator==(const GetSockOpt&) const = default;
};

/// ioctlsocket(s, cmd, argp).
struct IoctlSocket
{
    static constexpr CallInfo kInfo{"ioctlsocket",
                                    ReturnKind::STATUS,
                                    false,
                                    false,
                                    "argp",
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
            Field(IntegerArg("value",
                             false,
                             0,
                             0xffffffff,
                             "FIONBIO: *argp, non-zero for "
                             "non-blocking"),
                  &IoctlSocket::value)};
    }
    bool operator==(const IoctlSocket&) const = default;
};

/// WSASetBlockingHook(hook): the hook runs the thread's steps whose context is "blocking-hook".
struct WsaSetBlockingHook
{
    static constexpr CallInfo kInfo{"WSASetBlockingHook",
                                    ReturnKind::STATUS,
                                    false,
                                    false,
                                    "",
                                    "installs the thread's Winsock 1.1 blocking hook"};
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
    static constexpr CallInfo kInfo{"WSACancelBlockingCall",
                                    ReturnKind::STATUS,
                                    false,
                                    false,
                                    "",
                                    "cancels the thread's blocking call in progress"};
    /// \return the arguments (none)
    static constexpr auto Fields()
    {
        return std::tuple{};
    }
    bool operator==(const WsaCancelBlockingCall&) const = default;
};

} // namespace calls

/// Any call a step can make.
using Call = std::variant<calls::WsaStartup,
                          calls::WsaCleanup,
                          calls::Socket,
                          calls::Bind,
                          calls::Listen,
                          calls::Accept,
                          calls::Connect,
                          calls::Send,
                          calls::Recv,
                          calls::Shutdown,
                          calls::WsaSendDisconnect,
                          calls::WsaRecvDisconnect,
                          calls::CloseSocket,
                          calls::SetSockOpt,
                          calls::GetSockOpt,
                          calls::IoctlSocket,
                          calls::WsaSetBlockingHook,
                          calls::WsaCancelBlockingCall>;

/**
 * \brief Apply a function to a value-less tag of every call type, in the variant's order:
 *        `f(std::type_identity<calls::Listen>{})`.
 */
template <class Function>
constexpr void
ForEachCallType(Function&& function)
{
    [&]<size_t... Index>(std::index_sequence<Index...>)
    {
        (function(std::type_identity<std::variant_alternative_t<Index, Call>>{}), ...);
    }
    (std::make_index_sequence<std::variant_size_v<Call>>{});
}

/// \return what a call is
inline const CallInfo&
InfoOf(const Call& call)
{
    return std::visit([](const auto& c) -> const CallInfo& { return c.kInfo; }, call);
}

/// \return the Winsock name of a call ("shutdown")
inline std::string_view
CallName(const Call& call)
{
    return InfoOf(call).name;
}

/// \return the description of the call with a given name, or null when there is none
inline const CallInfo*
FindCallInfo(std::string_view name)
{
    const CallInfo* found = nullptr;
    ForEachCallType(
        [&](auto tag)
        {
            using C = typename decltype(tag)::type;
            if (C::kInfo.name == name)
            {
                found = &C::kInfo;
            }
        });
    return found;
}

/// Apply a function to each argument field of a call: `f(spec, value)`, value by reference.
template <class C, class Function>
constexpr void
ForEachArgument(C& call, Function&& function)
{
    std::apply([&](const auto&... field) { (function(field.spec, call.*(field.member)), ...); },
               std::remove_const_t<C>::Fields());
}

/// \return the socket arguments of a call that name a handle ("s": "listener"), with their specs
inline std::vector<std::pair<std::string_view, std::string>>
NamedSockets(const Call& call)
{
    std::vector<std::pair<std::string_view, std::string>> names;
    std::visit(
        [&](const auto& c)
        {
            ForEachArgument(
                c,
                [&](const ArgSpec& spec, const auto& value)
                {
                    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, SocketRef>)
                    {
                        if (value.IsNamed())
                        {
                            names.emplace_back(spec.name, value.name);
                        }
                    }
                });
        },
        call);
    return names;
}

/// \return the socket a call acts on (its "s" argument), or null for a call without one
inline const SocketRef*
SocketOf(const Call& call)
{
    const SocketRef* socket = nullptr;
    std::visit(
        [&](const auto& c)
        {
            ForEachArgument(
                c,
                [&](const ArgSpec& spec, const auto& value)
                {
                    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, SocketRef>)
                    {
                        if (spec.name == "s")
                        {
                            socket = &value;
                        }
                    }
                });
        },
        call);
    return socket;
}

/// \return the bytes a send offers: its data, or `size` bytes of "abc...z" repeated
inline std::string
OfferedBytes(const calls::Send& send)
{
    if (send.data)
    {
        return *send.data;
    }
    std::string bytes(static_cast<size_t>(send.size.value_or(0)), 'a');
    for (size_t i = 0; i < bytes.size(); ++i)
    {
        bytes[i] = static_cast<char>('a' + i % 26);
    }
    return bytes;
}

} // namespace wsdsim

#endif // WSDSIM_CALL_VOCABULARY_H

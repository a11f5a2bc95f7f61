// The parts every call of the vocabulary is described with: what it returns, its arguments (their
// JSON forms and typed values), its out-parameters, and the handles it names.
#ifndef WSDSIM_CALL_FRAMEWORK_H
#define WSDSIM_CALL_FRAMEWORK_H

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "wsdsim/winsock-symbols.h"

namespace wsdsim
{

/// How a call's return value reads.
enum class ReturnKind : uint8_t
{
    STATUS,     //!< 0, or SOCKET_ERROR (-1) with the error in WSAGetLastError()
    HANDLE,     //!< a handle (socket, event, port), or the invalid one (written -1 or 0)
    COUNT,      //!< bytes moved or sockets ready (0: end of stream, timeout), or SOCKET_ERROR
    ERROR_CODE, //!< the error code itself, 0 on success (WSAStartup)
    BOOL,       //!< TRUE (1), or FALSE (0) with the error in GetLastError()
    WAIT,       //!< WSA_WAIT_EVENT_0 + index, WSA_WAIT_TIMEOUT (258) or WSA_WAIT_FAILED (-1)
};

/// The kinds of handle a scenario names with "as" and passes back by that name.
enum class HandleKind : uint8_t
{
    NONE,     //!< the call returns no handle
    SOCKET,   //!< socket, accept, WSASocket
    EVENT,    //!< WSACreateEvent's WSAEVENT
    PORT,     //!< CreateIoCompletionPort's completion port
    FUNCTION, //!< an extension function pointer (WSAIoctl SIO_GET_EXTENSION_FUNCTION_POINTER)
};

/// The kinds of out-parameter a trace records and an outcome may expect, each with one JSON form.
enum class OutputKind : uint8_t
{
    INTEGER,    //!< a number: 3
    SOCKETS,    //!< socket names, compared as a set: ["a", "c"]
    FLAGS,      //!< names of a symbol family, compared as a set: ["FD_CLOSE", "FD_READ"]
    FLAG_LISTS, //!< one set of flag names per entry, in order: [["POLLHUP", "POLLWRNORM"]]
    ERRORS,     //!< flag name -> Winsock error name: {"FD_CLOSE": "WSAECONNABORTED"}
    ADDRESS,    //!< {"host": 1, "port": 5000} (host 0 or 1, as scenarios number them)
    LINGER,     //!< {"onoff": 1, "seconds": 5}
    NAME,       //!< a name the scenario gave: an event, an OVERLAPPED
};

/// One out-parameter of a call.
struct OutputSpec
{
    std::string_view name;    //!< the key in a trace's "out" and in an outcome
    OutputKind kind;          //!< its JSON form
    SymbolFamily family;      //!< FLAGS, FLAG_LISTS, ERRORS: the family of the flag names
    std::string_view meaning; //!< one line, for the schema
};

/// What a call is and what a step of it may expect.
struct CallInfo
{
    std::string_view name; //!< the function's name, as scenarios and traces write it
    ReturnKind returns;    //!< how its result reads
    HandleKind names;      //!< what a step's "as" names (NONE: no "as")
    bool mayBlock;         //!< it can wait: `returnsAfter` may be expected
    bool returnsData;      //!< it hands back bytes: `data`, `dataLength` may be expected
    std::span<const OutputSpec> outputs; //!< the out-parameters a trace records on success
    std::string_view summary;            //!< one line: what the call does
};

/// The kinds of argument, each with one JSON form (docs/scenario-format.md).
enum class ArgKind : uint8_t
{
    HANDLE,      //!< a handle named by an earlier step's "as", or a raw number
    HANDLE_LIST, //!< an array of handles
    INTEGER,     //!< an integer within a range
    TEXT,        //!< a string
    NAME,        //!< an identifier the scenario makes up (an OVERLAPPED structure)
    CHOICE,      //!< one string of a fixed list
    BOOLEAN,     //!< true or false
    SYMBOL,      //!< a winsock2.h name of one family (or, where allowed, a raw integer)
    FLAGS,       //!< an array of winsock2.h names of one family, OR-ed
    DURATION,    //!< a time ("10ms"), or null for an infinite wait
    POLL_FDS,    //!< WSAPoll's array: [{"s": handle, "events": [flag names]}]
    DATA,        //!< bytes to send: null, a string, or {"fault": ...}
    BUFFER,      //!< a buffer to receive into: null, {"len": n}, or {"fault": ...}
    NULL_VALUE,  //!< only null: a pointer argument passed as NULL
};

/// One argument: its name, kind and range.
struct ArgSpec
{
    std::string_view name;                     //!< the key in a step's "args"
    ArgKind kind;                              //!< its JSON form
    bool required;                             //!< the step must give it
    int64_t minimum;                           //!< INTEGER, raw SYMBOL integers: the least
    int64_t maximum;                           //!< INTEGER, raw SYMBOL integers: the most
    SymbolFamily family;                       //!< SYMBOL, FLAGS, POLL_FDS: the family of names
    bool rawIntegers;                          //!< SYMBOL: an integer may stand for a name
    std::span<const std::string_view> choices; //!< CHOICE: the strings; SYMBOL: the names
                                               //!< allowed (empty: the whole family)
    std::string_view meaning;                  //!< one line, for the schema
    HandleKind handle{HandleKind::SOCKET};     //!< HANDLE, HANDLE_LIST, POLL_FDS: whose names
};

/// The largest size or count an argument may have (100 MB).
inline constexpr int64_t kMaxCount = 100'000'000;

/// \return a required handle argument of a kind (a socket unless told)
constexpr ArgSpec
HandleArg(std::string_view name,
          std::string_view meaning,
          HandleKind handle = HandleKind::SOCKET,
          bool required = true)
{
    return {name, ArgKind::HANDLE, required, 0, 0, {}, false, {}, meaning, handle};
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
/// rawIntegers, an integer of 32 bits
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

/// \return an argument holding a set of flags of a family (or, for POLL_FDS, entries of them)
constexpr ArgSpec
FlagsArg(std::string_view name,
         ArgKind kind,
         bool required,
         SymbolFamily family,
         std::string_view meaning,
         HandleKind handle = HandleKind::SOCKET)
{
    return {name, kind, required, 0, 0, family, false, {}, meaning, handle};
}

/// \return an argument of another kind
constexpr ArgSpec
PlainArg(std::string_view name,
         ArgKind kind,
         bool required,
         std::string_view meaning,
         std::span<const std::string_view> choices = {},
         HandleKind handle = HandleKind::SOCKET)
{
    return {name, kind, required, 0, 0, {}, false, choices, meaning, handle};
}

/// A handle argument: the handle an earlier step named with "as", or a raw handle number.
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

/// A handle argument of a kind other than a socket (the same forms).
using HandleRef = SocketRef;

/// One entry of WSAPoll's array.
struct PollFd
{
    SocketRef s;       //!< the socket
    int64_t events{0}; //!< the POLL* flags asked for
    bool operator==(const PollFd&) const = default;
};

/// A memory argument: what a buffer pointer points at, including the deliberately bad ones.
struct MemoryRef
{
    /// What the pointer is.
    enum class Kind : uint8_t
    {
        NONE,           //!< NULL (no buffer)
        TEXT,           //!< these bytes
        CAPACITY,       //!< an empty buffer of `capacity` bytes
        PAST_END,       //!< starts inside a 4-byte buffer and runs 4 bytes past its end
        NULL_ADDRESS,   //!< a descriptor whose buf is address 0, len 4
        UNMAPPED,       //!< a descriptor whose buf is an address never mapped, len 4
        BAD_DESCRIPTOR, //!< the descriptor pointer itself points at an address never mapped
    };
    Kind kind{Kind::NONE}; //!< what it is
    std::string text;      //!< TEXT: the bytes
    uint32_t capacity{0};  //!< CAPACITY: the size

    /// \return whether the pointer is one of the deliberate faults
    bool IsFault() const
    {
        return kind == Kind::PAST_END || kind == Kind::NULL_ADDRESS || kind == Kind::UNMAPPED
               || kind == Kind::BAD_DESCRIPTOR;
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

/// Apply a function to each argument field of a call: `f(spec, value)`, value by reference.
template <class C, class Function>
constexpr void
ForEachArgument(C& call, Function&& function)
{
    std::apply([&](const auto&... field) { (function(field.spec, call.*(field.member)), ...); },
               std::remove_const_t<C>::Fields());
}

/// \return a call's info for a call that returns no handle and has no out-parameter
constexpr CallInfo
Info(std::string_view name,
     ReturnKind returns,
     bool mayBlock,
     bool returnsData,
     std::string_view summary)
{
    return {name, returns, HandleKind::NONE, mayBlock, returnsData, {}, summary};
}

} // namespace wsdsim

#endif // WSDSIM_CALL_FRAMEWORK_H

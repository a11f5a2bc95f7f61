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
// The calls themselves are in calls-sockets.h and calls-async.h, what describes them in
// call-framework.h. No ns-3, no platform header: this compiles beside <winsock2.h> (mingw) as well
// as on Linux.
#ifndef WSDSIM_CALL_VOCABULARY_H
#define WSDSIM_CALL_VOCABULARY_H

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "wsdsim/call-framework.h"
#include "wsdsim/calls-async.h"
#include "wsdsim/calls-sockets.h"

namespace wsdsim
{

/// Any call a step can make.
using Call = std::variant<calls::WsaStartup,
                          calls::WsaCleanup,
                          calls::Socket,
                          calls::WsaSocket,
                          calls::Bind,
                          calls::Listen,
                          calls::Accept,
                          calls::Connect,
                          calls::Send,
                          calls::SendTo,
                          calls::Recv,
                          calls::RecvFrom,
                          calls::Shutdown,
                          calls::WsaSendDisconnect,
                          calls::WsaRecvDisconnect,
                          calls::CloseSocket,
                          calls::SetSockOpt,
                          calls::GetSockOpt,
                          calls::GetPeerName,
                          calls::GetSockName,
                          calls::IoctlSocket,
                          calls::WsaSetBlockingHook,
                          calls::WsaCancelBlockingCall,
                          calls::Select,
                          calls::WsaPoll,
                          calls::WsaCreateEvent,
                          calls::WsaCloseEvent,
                          calls::WsaResetEvent,
                          calls::WsaEventSelect,
                          calls::WsaWaitForMultipleEvents,
                          calls::WsaEnumNetworkEvents,
                          calls::WsaRecv,
                          calls::WsaSend,
                          calls::WsaGetOverlappedResult,
                          calls::CancelIo,
                          calls::CancelIoEx,
                          calls::CreateIoCompletionPort,
                          calls::GetQueuedCompletionStatus,
                          calls::WsaIoctl,
                          calls::DisconnectEx>;

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

/// A handle an argument names: the argument, the kind of handle, and the name.
struct NamedHandle
{
    std::string argument; //!< the argument ("s", "read/1", "fds/0/s")
    HandleKind kind;      //!< whose names it takes
    std::string name;     //!< the name
};

namespace vocabulary_names
{

/// Add a handle argument's name, if it gives one.
inline void
Collect(const ArgSpec& spec,
        const SocketRef& value,
        const std::string& at,
        std::vector<NamedHandle>& out)
{
    if (value.IsNamed())
    {
        out.push_back({at, spec.handle, value.name});
    }
}

/// Add an optional handle argument's name.
inline void
Collect(const ArgSpec& spec,
        const std::optional<SocketRef>& value,
        const std::string& at,
        std::vector<NamedHandle>& out)
{
    if (value)
    {
        Collect(spec, *value, at, out);
    }
}

/// Add the names of a list of handles.
inline void
Collect(const ArgSpec& spec,
        const std::vector<SocketRef>& values,
        const std::string& at,
        std::vector<NamedHandle>& out)
{
    for (size_t i = 0; i < values.size(); ++i)
    {
        Collect(spec, values[i], at + "/" + std::to_string(i), out);
    }
}

/// Add the names of WSAPoll's entries.
inline void
Collect(const ArgSpec& spec,
        const std::vector<PollFd>& values,
        const std::string& at,
        std::vector<NamedHandle>& out)
{
    for (size_t i = 0; i < values.size(); ++i)
    {
        Collect(spec, values[i].s, at + "/" + std::to_string(i) + "/s", out);
    }
}

/// Any other argument names no handle.
template <class T>
void
Collect(const ArgSpec&, const T&, const std::string&, std::vector<NamedHandle>&)
{
}

} // namespace vocabulary_names

/// \return every handle a call's arguments name (by "as" names), with where and of which kind
inline std::vector<NamedHandle>
NamedHandles(const Call& call)
{
    std::vector<NamedHandle> names;
    std::visit(
        [&](const auto& c)
        {
            ForEachArgument(
                c,
                [&](const ArgSpec& spec, const auto& value)
                { vocabulary_names::Collect(spec, value, std::string(spec.name), names); });
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

/// \return the bytes a send offers (send, sendto, WSASend): its data, or `size` bytes of "abc...z"
/// repeated
template <class C>
std::string
OfferedBytes(const C& send)
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

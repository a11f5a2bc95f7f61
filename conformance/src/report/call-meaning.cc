// What a call's return means, one explanation per call of the vocabulary (see call-meaning.h).
#include "report/call-meaning.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "wsdsim/winsock-symbols.h"

namespace wsdsim
{

namespace
{

/// \return a return's out-parameters as a JSON object (empty when it has none)
nlohmann::json
OutputsOf(const TraceEvent& ret)
{
    auto out = ret.outputs.empty() ? nlohmann::json::object()
                                   : nlohmann::json::parse(ret.outputs, nullptr, false);
    return out.is_object() ? out : nlohmann::json::object();
}

/// \return the strings of a JSON array joined ("c, d")
std::string
JoinNames(const nlohmann::json& list, const std::string& separator = ", ")
{
    std::string text;
    for (const auto& item : list)
    {
        text += (text.empty() ? "" : separator)
                + (item.is_string() ? item.get<std::string>() : item.dump());
    }
    return text;
}

/// \return an address out-parameter as text: {"host": 1, "port": 5000} is "10.0.0.2:5000"
std::string
AddressText(const nlohmann::json& address)
{
    if (!address.is_object() || !address.contains("host") || !address["host"].is_number())
    {
        return address.dump();
    }
    return "10.0.0." + std::to_string(address["host"].get<int64_t>() + 1) + ":"
           + std::to_string(address.value("port", 0));
}

/// \return the network events WSAEnumNetworkEvents gave, each with its error: "FD_CLOSE(0)"
std::string
NetworkEventsText(const nlohmann::json& out)
{
    std::string text;
    const auto errors = out.value("errors", nlohmann::json::object());
    for (const auto& event : out.value("events", nlohmann::json::array()))
    {
        const std::string name = event.is_string() ? event.get<std::string>() : event.dump();
        const std::string error = errors.is_object() ? errors.value(name, "NO_ERROR") : "NO_ERROR";
        text += (text.empty() ? "" : " ") + name + "(" + (error == "NO_ERROR" ? "0" : error) + ")";
    }
    return text.empty() ? "no events" : text;
}

/// \return one network event in a learner's words
std::string
NetworkEventWords(const std::string& event, const std::string& error)
{
    const bool ok = error == "NO_ERROR";
    if (event == "FD_CLOSE")
    {
        return ok ? "FD_CLOSE arrived with iErrorCode 0: the peer closed gracefully; recv returns "
                    "0 once the data before its FIN is read"
                  : "FD_CLOSE arrived with iErrorCode " + error
                        + ": the connection ended abortively (reset or aborted)";
    }
    if (event == "FD_CONNECT")
    {
        return ok ? "FD_CONNECT with iErrorCode 0: the connection is established"
                  : "FD_CONNECT with iErrorCode " + error + ": the connect failed";
    }
    const WinsockConstant* constant = FindWinsockConstant(SymbolFamily::NETWORK_EVENT, event);
    return event + ": " + (constant ? std::string(constant->meaning) : std::string("recorded"));
}

/// \return what WSAPoll's revents for one entry say
std::string
ReventsWords(const nlohmann::json& flags)
{
    std::string text;
    for (const auto& flag : flags)
    {
        const std::string name = flag.is_string() ? flag.get<std::string>() : flag.dump();
        std::string words = name == "POLLHUP"   ? "the peer closed (its FIN) or the connection was "
                                                  "aborted"
                            : name == "POLLERR" ? "an error: the connection was reset or aborted"
                                                : "";
        if (words.empty())
        {
            const WinsockConstant* constant = FindWinsockConstant(SymbolFamily::POLL_EVENT, name);
            words = constant ? std::string(constant->meaning) : std::string();
        }
        text += (text.empty() ? "" : "; ") + name + (words.empty() ? "" : " (" + words + ")");
    }
    return text.empty() ? "nothing" : text;
}

/// \return "N bytes", and what 0 bytes means for a receive
std::string
BytesWords(const nlohmann::json& out)
{
    const int64_t bytes = out.value("bytes", int64_t{0});
    return std::to_string(bytes) + " bytes"
           + (bytes == 0 ? " (for a receive: the peer's FIN, end of stream)" : "");
}

/// One explanation per call: the success of each, for the application and for TCP.
struct SuccessExplainer
{
    const TraceEvent& ret; //!< the return

    std::string operator()(const calls::WsaStartup&) const
    {
        return "Winsock is ready for this application";
    }
    std::string operator()(const calls::WsaCleanup&) const
    {
        return "the application has finished with Winsock";
    }
    std::string operator()(const calls::Socket&) const
    {
        return "a new socket handle";
    }
    std::string operator()(const calls::Bind&) const
    {
        return "the socket has its local address";
    }
    std::string operator()(const calls::Listen&) const
    {
        return "the socket now accepts connections";
    }
    std::string operator()(const calls::Accept&) const
    {
        return "a connection has been accepted, on a new socket";
    }
    std::string operator()(const calls::Connect&) const
    {
        return "the connection is established (the three-way handshake is done)";
    }
    std::string operator()(const calls::Send&) const
    {
        return std::to_string(ret.result)
               + " bytes are queued; TCP sends them as the peer's window allows";
    }
    std::string operator()(const calls::Recv&) const
    {
        return ret.result == 0
                   ? "end of stream: the peer sent FIN and every byte before it has been read"
                   : std::to_string(ret.result) + " bytes read";
    }
    std::string operator()(const calls::Shutdown& call) const
    {
        const WinsockConstant* how = FindWinsockConstant(SymbolFamily::SHUTDOWN_HOW, call.how);
        const std::string name = how ? std::string(how->name) : "";
        if (name == "SD_BOTH")
        {
            return "sends and receives are now disabled; TCP sends FIN after the queued data";
        }
        if (name == "SD_RECEIVE")
        {
            return "receives are now disabled; nothing is sent";
        }
        if (name == "SD_SEND")
        {
            return "sends are now disabled; TCP sends FIN after the queued data";
        }
        return "the socket is shut down as asked";
    }
    std::string operator()(const calls::WsaSendDisconnect&) const
    {
        return "sends are now disabled; TCP sends FIN after the queued data, and the socket stays "
               "open";
    }
    std::string operator()(const calls::WsaRecvDisconnect&) const
    {
        return ret.data && !ret.data->empty()
                   ? "receives are now disabled; the peer's disconnect data is returned"
                   : "receives are now disabled";
    }
    std::string operator()(const calls::CloseSocket&) const
    {
        return ret.blocked ? "the handle is released, after SO_LINGER kept the call waiting"
                           : "the handle is released at once; what TCP does next (FIN, or RST "
                             "for linger {1,0}) follows below";
    }
    std::string operator()(const calls::SetSockOpt& call) const
    {
        if (call.option != WinsockConstantValue(SymbolFamily::SOCKET_OPTION, "SO_LINGER"))
        {
            return "the option is set";
        }
        if (call.onoff.value_or(0) != 0 && call.seconds.value_or(0) == 0)
        {
            return "linger {1,0}: closesocket will abort the connection with RST (a hard close)";
        }
        if (call.onoff.value_or(0) != 0)
        {
            return "linger on: a blocking closesocket will wait up to l_linger seconds for the "
                   "queued data to be sent and acknowledged";
        }
        return "linger off: closesocket returns at once and TCP closes gracefully in the "
               "background";
    }
    std::string operator()(const calls::GetSockOpt&) const
    {
        return "the option's value is read";
    }
    std::string operator()(const calls::IoctlSocket& call) const
    {
        if (call.cmd == WinsockConstantValue(SymbolFamily::IOCTL_COMMAND, "FIONREAD"))
        {
            return "the bytes a recv could read now are counted";
        }
        return call.value.value_or(0) != 0 ? "the socket is now non-blocking"
                                           : "the socket is now blocking";
    }
    std::string operator()(const calls::WsaSetBlockingHook&) const
    {
        return "the thread's blocking hook is installed";
    }
    std::string operator()(const calls::WsaCancelBlockingCall&) const
    {
        return "the blocking call in progress is cancelled";
    }
    std::string operator()(const calls::WsaSocket& call) const
    {
        return call.flags & WinsockConstantValue(SymbolFamily::SOCKET_FLAG, "WSA_FLAG_OVERLAPPED")
                   ? "a new socket handle that supports overlapped I/O"
                   : "a new socket handle";
    }
    std::string operator()(const calls::SendTo&) const
    {
        return std::to_string(ret.result) + " bytes are sent to the address given";
    }
    std::string operator()(const calls::RecvFrom&) const
    {
        return ret.result == 0
                   ? "end of stream, or an empty datagram"
                   : std::to_string(ret.result) + " bytes read, with the sender's address";
    }
    std::string operator()(const calls::GetPeerName&) const
    {
        return "the peer's address is read: the socket is still connected as far as Winsock knows";
    }
    std::string operator()(const calls::GetSockName&) const
    {
        return "the socket's local address is read";
    }
    std::string operator()(const calls::Select&) const
    {
        if (ret.result == 0)
        {
            return "the timeout passed with no socket ready";
        }
        const auto out = OutputsOf(ret);
        std::string text;
        auto add = [&](const char* set, const char* words)
        {
            const auto names = out.value(set, nlohmann::json::array());
            if (!names.empty())
            {
                text += (text.empty() ? "" : "; ") + JoinNames(names) + " " + words;
            }
        };
        add("read",
            "readable (data, a connection to accept, or the connection closed, reset or "
            "terminated: recv will not block)");
        add("write", "writable (it can send)");
        add("except", "exceptional (its connect failed: SO_ERROR says why)");
        return "select woke: " + (text.empty() ? std::to_string(ret.result) + " ready" : text);
    }
    std::string operator()(const calls::WsaPoll&) const
    {
        if (ret.result == 0)
        {
            return "the timeout passed with no event";
        }
        std::string text;
        for (const auto& entry : OutputsOf(ret).value("revents", nlohmann::json::array()))
        {
            text += (text.empty() ? "" : "; then ") + ReventsWords(entry);
        }
        return "revents: " + text;
    }
    std::string operator()(const calls::WsaCreateEvent&) const
    {
        return "a new event object, not signalled (manual reset)";
    }
    std::string operator()(const calls::WsaCloseEvent&) const
    {
        return "the event object is closed";
    }
    std::string operator()(const calls::WsaResetEvent&) const
    {
        return "the event object is no longer signalled";
    }
    std::string operator()(const calls::WsaEventSelect&) const
    {
        return "the socket's network events will be recorded and signal the event (the socket is "
               "now non-blocking)";
    }
    std::string operator()(const calls::WsaWaitForMultipleEvents&) const
    {
        const std::string name = OutputsOf(ret).value("signalled", std::string("an event"));
        return ret.result == 258 ? "the timeout passed with no event signalled"
                                 : name
                                       + " is signalled: a network event was recorded (ask "
                                         "WSAEnumNetworkEvents which) or an overlapped "
                                         "operation completed";
    }
    std::string operator()(const calls::WsaEnumNetworkEvents&) const
    {
        const auto out = OutputsOf(ret);
        const auto errors = out.value("errors", nlohmann::json::object());
        std::string text;
        for (const auto& event : out.value("events", nlohmann::json::array()))
        {
            const std::string name = event.is_string() ? event.get<std::string>() : event.dump();
            text += (text.empty() ? "" : "; ")
                    + NetworkEventWords(
                        name, errors.is_object() ? errors.value(name, "NO_ERROR") : "NO_ERROR");
        }
        return text.empty() ? "no network event was recorded since the last call"
                            : text + " (the record is now cleared)";
    }
    std::string operator()(const calls::WsaRecv& call) const
    {
        return Overlapped(call.overlapped,
                          "the receive is pending: it completes when data, the "
                          "peer's FIN (0 bytes) or a reset arrives");
    }
    std::string operator()(const calls::WsaSend& call) const
    {
        return Overlapped(call.overlapped,
                          "the send is pending: it completes when the bytes are "
                          "queued");
    }
    std::string operator()(const calls::WsaGetOverlappedResult& call) const
    {
        return "the overlapped operation (" + call.overlapped + ") has completed with "
               + BytesWords(OutputsOf(ret));
    }
    std::string operator()(const calls::CancelIo&) const
    {
        return "the thread's pending operations on the socket are cancelled";
    }
    std::string operator()(const calls::CancelIoEx&) const
    {
        return "the pending operation is cancelled: it completes with ERROR_OPERATION_ABORTED";
    }
    std::string operator()(const calls::CreateIoCompletionPort& call) const
    {
        return call.s ? "the socket's completions will be queued on the port, with its key"
                      : "a new completion port";
    }
    std::string operator()(const calls::GetQueuedCompletionStatus&) const
    {
        const auto out = OutputsOf(ret);
        return "a completion packet: " + out.value("overlapped", std::string("an operation"))
               + " (key " + std::to_string(out.value("key", int64_t{0})) + ") completed with "
               + BytesWords(out);
    }
    std::string operator()(const calls::WsaIoctl&) const
    {
        return "the extension function's pointer is read";
    }
    std::string operator()(const calls::DisconnectEx& call) const
    {
        const bool reuse
            = call.flags & WinsockConstantValue(SymbolFamily::DISCONNECT_FLAG, "TF_REUSE_SOCKET");
        return std::string(reuse ? "the connection is closed (FIN) and the socket can be reused "
                                   "once it completes"
                                 : "sends are disabled and TCP sends FIN, as shutdown(SD_SEND)")
               + (call.overlapped && ret.result == 0 ? "; the call completes later" : "");
    }

  private:
    /// \return what an overlapped call's return means: pending (the words) or done at once
    std::string Overlapped(const std::optional<std::string>& overlapped,
                           const std::string& pending) const
    {
        if (ret.result == 0)
        {
            return "done at once, with " + BytesWords(OutputsOf(ret))
                   + std::string(overlapped ? "; its completion is still signalled (event, "
                                              "completion port)"
                                            : "");
        }
        return pending;
    }
};

} // namespace

std::string
SuccessMeaning(const Call& call, const TraceEvent& ret)
{
    return std::visit(SuccessExplainer{ret}, call);
}

std::string
ErrorMeaning(const std::string& error)
{
    const WinsockError* entry = FindWinsockError(error);
    return entry ? std::string(entry->meaning) : std::string();
}

std::string
OutputsText(const TraceEvent& ret)
{
    const auto out = OutputsOf(ret);
    std::vector<std::string> parts;
    if (out.contains("events"))
    {
        parts.push_back(NetworkEventsText(out));
    }
    for (const auto& entry : out.value("revents", nlohmann::json::array()))
    {
        parts.push_back(entry.empty() ? "no revents" : JoinNames(entry, "|"));
    }
    for (const char* set : {"read", "write", "except"})
    {
        if (out.contains(set) && !out[set].empty())
        {
            parts.push_back(std::string(set) + "[" + JoinNames(out[set]) + "]");
        }
    }
    for (const char* name : {"signalled", "overlapped"})
    {
        if (out.contains(name) && out[name].is_string())
        {
            parts.push_back(out[name].get<std::string>());
        }
    }
    for (const char* number : {"bytes", "key", "optval", "argp"})
    {
        if (out.contains(number))
        {
            parts.push_back(std::string(number) + " " + out[number].dump());
        }
    }
    if (out.contains("linger") && out["linger"].is_object())
    {
        parts.push_back("linger {" + std::to_string(out["linger"].value("onoff", 0)) + ","
                        + std::to_string(out["linger"].value("seconds", 0)) + "}");
    }
    for (const char* address : {"address", "from"})
    {
        if (out.contains(address))
        {
            parts.push_back(AddressText(out[address]));
        }
    }
    std::string text;
    for (const auto& part : parts)
    {
        text += (text.empty() ? "" : " ") + part;
    }
    return text;
}

std::string
FailureDetail(const TraceEvent& ret)
{
    if (ret.call != "GetQueuedCompletionStatus")
    {
        return "";
    }
    const auto out = OutputsOf(ret);
    return out.contains("overlapped")
               ? "; the packet of " + out.value("overlapped", std::string()) + " (key "
                     + std::to_string(out.value("key", int64_t{0})) + "): its operation failed"
               : "; no packet was dequeued (the OVERLAPPED out-parameter is NULL)";
}

} // namespace wsdsim

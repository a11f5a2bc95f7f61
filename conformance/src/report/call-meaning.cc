// What a call's return means, one explanation per call of the vocabulary (see call-meaning.h).
#include "report/call-meaning.h"

#include "wsdsim/winsock-symbols.h"

namespace wsdsim
{

namespace
{

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

} // namespace wsdsim

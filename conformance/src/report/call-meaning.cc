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
        return ret.result == 0 ? "the timeout passed with no socket ready"
                               : std::to_string(ret.result)
                                     + " socket(s) ready: a closed or reset connection is readable";
    }
    std::string operator()(const calls::WsaPoll&) const
    {
        return ret.result == 0 ? "the timeout passed with no event"
                               : std::to_string(ret.result)
                                     + " socket(s) with events: POLLHUP says the peer closed, "
                                       "POLLERR that it reset";
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
        return ret.result == 258 ? "the timeout passed with no event signalled"
                                 : "an event is signalled: the program should ask "
                                   "WSAEnumNetworkEvents what happened";
    }
    std::string operator()(const calls::WsaEnumNetworkEvents&) const
    {
        return "the events recorded are read and cleared; FD_CLOSE with error 0 is a graceful "
               "close, with an error a reset";
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
    std::string operator()(const calls::WsaGetOverlappedResult&) const
    {
        return "the overlapped operation has completed; its byte count is read";
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
        return "a completion packet is taken from the port";
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
            return "done at once"
                   + std::string(overlapped ? " (a completion is still queued "
                                              "where one is asked for)"
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

} // namespace wsdsim

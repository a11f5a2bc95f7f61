// A simulated thread's asynchronous Winsock entry points: names and datagrams, select and
// WSAPoll, event objects and network events, overlapped I/O, completion ports, DisconnectEx.
// Each runs the same prolog as wsa-thread.cc's (Call -> Enter -> socket -> Return); a call that
// waits (select, WSAPoll, WSAWaitForMultipleEvents, WSAGetOverlappedResult,
// GetQueuedCompletionStatus) waits on the provider in simulated time.
#include "wsa-provider.h"
#include "wsa-thread-call.h"
#include "wsa-thread.h"

#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

using wsathread::AddressText;
using wsathread::HandleText;

namespace
{

/// The model's DisconnectEx "address": a token WSAIoctl hands out (not a real pointer).
constexpr LPFN_DISCONNECTEX kDisconnectExAddress = 0x7ff0'0000'd15cULL;

/// FALSE (a BOOL call's failure).
constexpr BOOL FALSE_ = 0;

/// \return a BOOL call's failure: FALSE with the error
WsaOutcome
FailBool(WsaError error)
{
    return WsaOutcome{0, error, {}, {}};
}

/// \return an outcome as a BOOL call returns it: TRUE, or FALSE with the error
WsaOutcome
AsBool(WsaOutcome outcome)
{
    outcome.value = outcome.error == WsaError::NO_ERROR_ ? 1 : 0;
    return outcome;
}

/// \return a step whose outcome (now or after the wait) goes through a function first
WsaStep
MapStep(WsaStep step, std::function<WsaOutcome(WsaOutcome)> map)
{
    if (auto* outcome = std::get_if<WsaOutcome>(&step))
    {
        return map(std::move(*outcome));
    }
    WsaPoll poll = std::get<WsaPoll>(std::move(step));
    return WsaPoll(
        [poll, map]() -> std::optional<WsaOutcome>
        {
            auto outcome = poll();
            if (!outcome)
            {
                return std::nullopt;
            }
            return map(std::move(*outcome));
        });
}

/// \return WSARecv's or WSASend's outcome from a count: 0, the count in *bytes and "bytes"
std::function<WsaOutcome(WsaOutcome)>
CountToBytes(uint32_t* bytes)
{
    return [bytes](WsaOutcome outcome)
    {
        if (outcome.error == WsaError::NO_ERROR_)
        {
            if (bytes)
            {
                *bytes = static_cast<uint32_t>(outcome.value);
            }
            outcome.outputs.emplace_back("bytes", outcome.value);
            outcome.value = 0;
        }
        return outcome;
    };
}

/// \return the handles of a set, each once (sock.c test_select, ok: a socket listed twice in
/// writefds counts once)
std::vector<SOCKET>
Distinct(const WS_fd_set* set)
{
    std::vector<SOCKET> handles;
    for (const SOCKET handle : set ? set->fd_array : std::vector<SOCKET>{})
    {
        if (std::find(handles.begin(), handles.end(), handle) == handles.end())
        {
            handles.push_back(handle);
        }
    }
    return handles;
}

/// \return a time in milliseconds, or nothing for an infinite wait
std::optional<Time>
Milliseconds(uint32_t ms)
{
    return ms == WSA_INFINITE ? std::nullopt : std::optional<Time>(MilliSeconds(ms));
}

} // namespace

LPFN_DISCONNECTEX
WsaThread::DisconnectExAddress()
{
    return kDisconnectExAddress;
}

template <typename T>
WsaBlockingCall<T>
WsaThread::FinishWait(Call& call,
                      std::function<std::optional<WsaOutcome>(bool)> poll,
                      std::optional<Time> timeout)
{
    WsaBlockingCall<T> result;
    // A zero timeout looks once and returns (select: "To effect a poll, the timeout parameter
    // must not be a null pointer, and must be set to zero").
    if (auto now = poll(timeout && timeout->IsZero()))
    {
        WsaOutcome returned = call.Return(std::move(*now));
        result.Complete(static_cast<T>(returned.value), returned.error, std::move(returned.data));
        return result;
    }
    // The call blocks on the provider: its poll runs again after each change of the node's
    // sockets, events and ports, and once at the timeout, all in simulated time.
    m_blockingCall = call.GetName();
    m_blockedOn = nullptr;
    const Time deadline = timeout ? Simulator::Now() + *timeout : Time::Max();
    EventId timer = timeout ? m_provider->ScheduleWakeIn(*timeout) : EventId();
    auto done = [thread = Ptr<WsaThread>(this), call = std::move(call), result, timer](
                    WsaOutcome outcome) mutable
    {
        timer.Cancel();
        thread->m_blockingCall.clear();
        thread->m_blockedTicket = 0;
        WsaOutcome returned = call.Return(std::move(outcome));
        result.Complete(static_cast<T>(returned.value), returned.error, std::move(returned.data));
    };
    m_blockedTicket = m_provider->Wait(
        [poll, deadline]() { return poll(Simulator::Now() >= deadline); }, std::move(done));
    return result;
}

Ptr<WsaSocket>
WsaThread::EnterHandle(Call& call, HANDLE h)
{
    // A kernel32 call (CancelIo, CancelIoEx, CreateIoCompletionPort) on a socket handle: no
    // WSAStartup check; a handle that is not a socket's is ERROR_INVALID_HANDLE.
    Ptr<WsaSocket> socket = m_provider->Lookup(h);
    if (!socket)
    {
        call.Return(FailBool(WsaError::WSA_INVALID_HANDLE));
    }
    return socket;
}

// --- names and datagrams -------------------------------------------------------------------

WsaBlockingCall<int>
WsaThread::sendto(SOCKET s, const std::vector<uint8_t>& data, const Address* to)
{
    Call call(this,
              "sendto",
              "s=" + HandleText(s) + ", len=" + std::to_string(data.size())
                  + ", to=" + (to ? AddressText(*to) : "NULL"));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    // 5. The socket's rules: send()'s, or a datagram to the address (WsaSocket::SendTo).
    return Finish<int>(call, socket, socket->SendTo(data, to));
}

WsaBlockingCall<int>
WsaThread::recvfrom(SOCKET s, uint32_t len, Address* from)
{
    Call call(this, "recvfrom", "s=" + HandleText(s) + ", len=" + std::to_string(len));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    // 5. recv()'s rules; a datagram's sender is the out-parameter "from". sock.c
    //    test_tcp_sendto_recvfrom (ok): on TCP, from is left untouched.
    WsaStep step = MapStep(socket->Recv(len, true),
                           [from](WsaOutcome outcome)
                           {
                               for (const auto& [name, value] : outcome.outputs)
                               {
                                   const auto* sender = std::get_if<WsaAddressOutput>(&value);
                                   if (from && sender && name == "from")
                                   {
                                       *from = InetSocketAddress(sender->ip, sender->port);
                                   }
                               }
                               return outcome;
                           });
    WsaBlockingCall<int> result = Finish<int>(call, socket, std::move(step));
    result.OnDone([socket]() { socket->Reenable(FD_READ); }); // WSAEventSelect: re-enables
    return result;
}

int
WsaThread::getpeername(SOCKET s, Address* name)
{
    Call call(this, "getpeername", "s=" + HandleText(s));
    // 6. WSAENOTCONN, then the peer's address (WsaSocket::GetPeerName).
    return ReadName(call, s, name, &WsaSocket::GetPeerName);
}

int
WsaThread::getsockname(SOCKET s, Address* name)
{
    Call call(this, "getsockname", "s=" + HandleText(s));
    // 6. WSAEINVAL for an unbound socket, then the address (WsaSocket::GetSockName).
    return ReadName(call, s, name, &WsaSocket::GetSockName);
}

int
WsaThread::ReadName(Call& call, SOCKET s, Address* name, WsaOutcome (WsaSocket::*read)() const)
{
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    // 5. getpeername, getsockname functions, WSAEFAULT: "The name or the namelen parameter is
    //    not in a valid part of the user address space" (sock.c test_getpeername, ok: NULL).
    if (!name)
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEFAULT)).value);
    }
    WsaOutcome outcome = (*socket.*read)();
    for (const auto& [key, value] : outcome.outputs)
    {
        if (const auto* address = std::get_if<WsaAddressOutput>(&value))
        {
            *name = InetSocketAddress(address->ip, address->port);
        }
    }
    return static_cast<int>(call.Return(std::move(outcome)).value);
}

// --- readiness ---------------------------------------------------------------------------------

namespace
{

/// select's sets: readfds, writefds, exceptfds (null: not given), each socket once.
struct SelectSets
{
    std::array<WS_fd_set*, 3> given;          //!< the caller's sets
    std::array<std::vector<SOCKET>, 3> asked; //!< their sockets at the call
};

/// \return select's arguments as text
std::string
SetsText(const SelectSets& sets, const TIMEVAL* timeout)
{
    std::ostringstream text;
    const char* names[] = {"readfds", "writefds", "exceptfds"};
    for (size_t i = 0; i < 3; ++i)
    {
        text << names[i] << "=";
        if (!sets.given[i])
        {
            text << "NULL, ";
            continue;
        }
        text << "{";
        for (size_t j = 0; j < sets.asked[i].size(); ++j)
        {
            text << (j ? " " : "") << HandleText(sets.asked[i][j]);
        }
        text << "}, ";
    }
    text << "timeout=";
    if (!timeout)
    {
        text << "NULL";
    }
    else
    {
        text << "{" << timeout->tv_sec << ", " << timeout->tv_usec << "}";
    }
    return text.str();
}

} // namespace

namespace
{

/// \return select's outcome now: the sets with their ready sockets, the timeout's 0, a
/// failure, or nothing yet
std::optional<WsaOutcome>
SelectNow(const Ptr<WsaProvider>& provider, const SelectSets& sets, bool timedOut)
{
    std::array<std::vector<SOCKET>, 3> ready;
    for (size_t i = 0; i < 3; ++i)
    {
        for (const SOCKET handle : sets.asked[i])
        {
            Ptr<WsaSocket> socket = provider->Lookup(handle);
            if (!socket)
            {
                // sock.c test_select (ok): a socket closed during the select is reported in
                // readfds; one only in exceptfds fails the call with WSAENOTSOCK.
                const auto& read = sets.asked[0];
                if (i == 0)
                {
                    ready[0].push_back(handle);
                }
                else if (std::find(read.begin(), read.end(), handle) == read.end())
                {
                    return WsaOutcome::Fail(WsaError::WSAENOTSOCK);
                }
                continue;
            }
            const WsaSocket::SelectReadiness now = socket->GetSelectReadiness();
            if ((i == 0 && now.read) || (i == 1 && now.write) || (i == 2 && now.except))
            {
                ready[i].push_back(handle);
            }
        }
    }
    // select function: "the total number of socket handles that are ready and contained in the
    // fd_set structures" (a socket in two sets counts twice: sock.c test_tcp_reset, ok, 2);
    // "zero if the time limit expired".
    const size_t total = ready[0].size() + ready[1].size() + ready[2].size();
    if (total == 0 && !timedOut)
    {
        return std::nullopt;
    }
    WsaOutcome outcome = WsaOutcome::Ok(static_cast<int64_t>(total));
    const char* names[] = {"read", "write", "except"};
    for (size_t i = 0; i < 3; ++i)
    {
        if (sets.given[i])
        {
            sets.given[i]->fd_array = ready[i]; // each set keeps its ready sockets
            outcome.outputs.emplace_back(names[i],
                                         std::vector<int64_t>(ready[i].begin(), ready[i].end()));
        }
    }
    return outcome;
}

} // namespace

WsaBlockingCall<int>
WsaThread::select(
    int, WS_fd_set* readfds, WS_fd_set* writefds, WS_fd_set* exceptfds, const TIMEVAL* timeout)
{
    const SelectSets sets{{readfds, writefds, exceptfds},
                          {Distinct(readfds), Distinct(writefds), Distinct(exceptfds)}};
    Call call(this, "select", SetsText(sets, timeout));
    auto fail = [&call](WsaError error)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, call.Return(WsaOutcome::Fail(error)).error);
        return failed;
    };
    // 1-2. WSANOTINITIALISED, WSAEINPROGRESS (the prolog's first two checks).
    if (auto error = CheckThread())
    {
        return fail(*error);
    }
    // 3. select function, WSAEINVAL: "The time-out value is not valid, or all three descriptor
    //    parameters were null" (sock.c test_select, ok: all NULL or all empty).
    const size_t count = sets.asked[0].size() + sets.asked[1].size() + sets.asked[2].size();
    if (count == 0 || (timeout && (timeout->tv_sec < 0 || timeout->tv_usec < 0)))
    {
        return fail(WsaError::WSAEINVAL);
    }
    // 4. WSAENOTSOCK: "One of the descriptor sets contains an entry that is not a socket"
    //    (sock.c test_select, ok: the sets are left unchanged).
    for (const auto& set : sets.asked)
    {
        for (const SOCKET handle : set)
        {
            if (!m_provider->Lookup(handle))
            {
                return fail(WsaError::WSAENOTSOCK);
            }
        }
    }
    // 5. WSAENETDOWN: "The network subsystem has failed."
    if (m_provider->IsNetworkDown())
    {
        return fail(WsaError::WSAENETDOWN);
    }
    // 6. Wait until a socket is ready, or the timeout ("A time-out value of NULL ... blocking
    //    until at least one descriptor meets the specified criteria").
    std::optional<Time> wait;
    if (timeout)
    {
        wait = Seconds(timeout->tv_sec) + MicroSeconds(timeout->tv_usec);
    }
    return FinishWait<int>(
        call,
        [provider = m_provider, sets](bool timedOut)
        { return SelectNow(provider, sets, timedOut); },
        wait);
}

namespace
{

/// \return WSAPoll's outcome now: the entries with revents, the timeout's 0, or nothing yet
std::optional<WsaOutcome>
PollNow(const Ptr<WsaProvider>& provider,
        WSAPOLLFD* fdArray,
        uint32_t fds,
        const std::vector<bool>& valid,
        bool timedOut)
{
    int64_t ready = 0;
    std::vector<int64_t> revents;
    for (uint32_t i = 0; i < fds; ++i)
    {
        Ptr<WsaSocket> socket = provider->Lookup(fdArray[i].fd);
        // sock.c test_WSAPoll (ok): an entry that was never a socket gets POLLNVAL and is not
        // counted; a socket closed during the wait is (WSAPoll returns 1).
        fdArray[i].revents = socket ? socket->GetPollEvents(fdArray[i].events) : WS_POLLNVAL;
        ready += fdArray[i].revents != 0 && (socket || valid[i]) ? 1 : 0;
        revents.push_back(fdArray[i].revents);
    }
    if (ready == 0 && !timedOut)
    {
        return std::nullopt;
    }
    WsaOutcome outcome = WsaOutcome::Ok(ready);
    outcome.outputs.emplace_back("revents", revents);
    return outcome;
}

} // namespace

WsaBlockingCall<int>
WsaThread::WSAPoll(WSAPOLLFD* fdArray, uint32_t fds, int timeout)
{
    std::ostringstream arguments;
    arguments << "fds=" << fds << ", timeout=" << timeout;
    Call call(this, "WSAPoll", arguments.str());
    auto fail = [&call](WsaError error)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, call.Return(WsaOutcome::Fail(error)).error);
        return failed;
    };
    // 1-2. WSANOTINITIALISED, WSAEINPROGRESS.
    if (auto error = CheckThread())
    {
        return fail(*error);
    }
    // 3. sock.c test_WSAPoll (ok): WSAPoll(NULL, 0) fails with WSAEINVAL, WSAPoll(NULL, 1)
    //    with WSAEFAULT.
    if (fds == 0)
    {
        return fail(WsaError::WSAEINVAL);
    }
    if (!fdArray)
    {
        return fail(WsaError::WSAEFAULT);
    }
    // 4. WSAPoll function: WSAEINVAL "if the POLLPRI flag is set"; sock.c test_WSAPoll
    //    (todo_wine: Windows): any events bit but POLLRDNORM, POLLRDBAND, POLLWRNORM.
    constexpr int16_t kAllowed = WS_POLLRDNORM | WS_POLLRDBAND | WS_POLLWRNORM;
    // 5. sock.c test_WSAPoll (ok): when no entry is a socket, WSAENOTSOCK and each POLLNVAL.
    auto valid = std::make_shared<std::vector<bool>>(fds);
    bool any = false;
    for (uint32_t i = 0; i < fds; ++i)
    {
        if (fdArray[i].events & ~kAllowed)
        {
            return fail(WsaError::WSAEINVAL);
        }
        (*valid)[i] = m_provider->Lookup(fdArray[i].fd) != nullptr;
        any = any || (*valid)[i];
    }
    if (!any)
    {
        for (uint32_t i = 0; i < fds; ++i)
        {
            fdArray[i].revents = WS_POLLNVAL;
        }
        return fail(WsaError::WSAENOTSOCK);
    }
    // 6. WSAENETDOWN.
    if (m_provider->IsNetworkDown())
    {
        return fail(WsaError::WSAENETDOWN);
    }
    // 7. Wait ("a value less than zero: the wait is indefinite").
    const std::optional<Time> wait
        = timeout < 0 ? std::nullopt : std::optional<Time>(MilliSeconds(timeout));
    return FinishWait<int>(
        call,
        [provider = m_provider, fdArray, fds, valid](bool timedOut)
        { return PollNow(provider, fdArray, fds, *valid, timedOut); },
        wait);
}

// --- event objects and network events ----------------------------------------------------------

WSAEVENT
WsaThread::WSACreateEvent()
{
    Call call(this, "WSACreateEvent", "");
    // 1-2. WSACreateEvent function, Error codes: WSANOTINITIALISED, WSAEINPROGRESS.
    if (auto error = CheckThread())
    {
        call.Return(WsaOutcome{static_cast<int64_t>(WSA_INVALID_EVENT), *error, {}, {}});
        return WSA_INVALID_EVENT;
    }
    // 3. "The event object created by this function is manual reset, with an initial state of
    //    nonsignaled."
    const WSAEVENT event = m_provider->CreateEvent();
    call.Return(WsaOutcome::Ok(static_cast<int64_t>(event)));
    return event;
}

BOOL
WsaThread::WSACloseEvent(WSAEVENT hEvent)
{
    Call call(this, "WSACloseEvent", "hEvent=" + HandleText(hEvent));
    return EventCall(call, hEvent, [this, hEvent](WsaEvent&) { m_provider->CloseEvent(hEvent); });
}

BOOL
WsaThread::WSAResetEvent(WSAEVENT hEvent)
{
    Call call(this, "WSAResetEvent", "hEvent=" + HandleText(hEvent));
    return EventCall(call, hEvent, [](WsaEvent& event) { event.Reset(); });
}

BOOL
WsaThread::WSASetEvent(WSAEVENT hEvent)
{
    Call call(this, "WSASetEvent", "hEvent=" + HandleText(hEvent));
    return EventCall(call, hEvent, [](WsaEvent& event) { event.Set(); });
}

BOOL
WsaThread::EventCall(Call& call, WSAEVENT hEvent, const std::function<void(WsaEvent&)>& action)
{
    // 1-2. WSANOTINITIALISED, WSAEINPROGRESS.
    if (auto error = CheckThread())
    {
        return static_cast<BOOL>(call.Return(FailBool(*error)).value);
    }
    // 3. WSACloseEvent, WSAResetEvent, WSASetEvent functions, WSA_INVALID_HANDLE: "hEvent is not
    //    a valid event object handle."
    Ptr<WsaEvent> event = m_provider->LookupEvent(hEvent);
    if (!event)
    {
        return static_cast<BOOL>(call.Return(FailBool(WsaError::WSA_INVALID_HANDLE)).value);
    }
    action(*event);
    return static_cast<BOOL>(call.Return(AsBool(WsaOutcome::Ok())).value);
}

int
WsaThread::WSAEventSelect(SOCKET s, WSAEVENT hEventObject, int32_t lNetworkEvents)
{
    std::ostringstream arguments;
    arguments << "s=" << HandleText(s) << ", hEventObject=" << HandleText(hEventObject)
              << ", lNetworkEvents=0x" << std::hex << lNetworkEvents;
    Call call(this, "WSAEventSelect", arguments.str());
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    // 5. WSAEventSelect function, WSAEINVAL: "One of the specified parameters was invalid":
    //    an event handle that is not an event's, or bits that are no network event.
    Ptr<WsaEvent> event = m_provider->LookupEvent(hEventObject);
    constexpr int32_t kEvents = FD_READ | FD_WRITE | FD_OOB | FD_ACCEPT | FD_CONNECT | FD_CLOSE;
    if ((hEventObject != WSA_INVALID_EVENT && !event) || (lNetworkEvents & ~kEvents))
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEINVAL)).value);
    }
    // 6. The association (WsaSocket::EventSelect).
    return static_cast<int>(call.Return(socket->EventSelect(event, lNetworkEvents)).value);
}

WsaBlockingCall<uint32_t>
WsaThread::WSAWaitForMultipleEvents(
    uint32_t cEvents, const WSAEVENT* lphEvents, BOOL fWaitAll, uint32_t dwTimeout, BOOL)
{
    std::ostringstream arguments;
    arguments << "cEvents=" << cEvents << ", fWaitAll=" << (fWaitAll ? "TRUE" : "FALSE")
              << ", dwTimeout=" << dwTimeout;
    Call call(this, "WSAWaitForMultipleEvents", arguments.str());
    auto fail = [&call](WsaError error)
    {
        WsaBlockingCall<uint32_t> failed;
        failed.Complete(WSA_WAIT_FAILED, call.Return(WsaOutcome::Fail(error)).error);
        return failed;
    };
    // 1-2. WSANOTINITIALISED, WSAEINPROGRESS.
    if (auto error = CheckThread())
    {
        return fail(*error);
    }
    // 3. WSA_INVALID_PARAMETER: "The cEvents parameter does not contain a valid handle count"
    //    (0, or more than WSA_MAXIMUM_WAIT_EVENTS).
    if (cEvents == 0 || cEvents > WSA_MAXIMUM_WAIT_EVENTS || !lphEvents)
    {
        return fail(WsaError::WSA_INVALID_PARAMETER);
    }
    // 4. WSA_INVALID_HANDLE: "One or more of the values in the lphEvents array is not a valid
    //    event object handle."
    std::vector<WSAEVENT> handles(lphEvents, lphEvents + cEvents);
    for (const WSAEVENT handle : handles)
    {
        if (!m_provider->LookupEvent(handle))
        {
            return fail(WsaError::WSA_INVALID_HANDLE);
        }
    }
    // 5. Wait: "WSA_WAIT_EVENT_0 to (WSA_WAIT_EVENT_0 + cEvents - 1)": with fWaitAll FALSE the
    //    lowest index signalled; WSA_WAIT_TIMEOUT once dwTimeout has passed.
    const bool all = fWaitAll != 0;
    return FinishWait<uint32_t>(
        call,
        [provider = m_provider, handles, all](bool timedOut) -> std::optional<WsaOutcome>
        {
            size_t set = 0;
            size_t first = handles.size();
            for (size_t i = 0; i < handles.size(); ++i)
            {
                Ptr<WsaEvent> event = provider->LookupEvent(handles[i]);
                if (event && event->IsSet())
                {
                    ++set;
                    first = std::min(first, i);
                }
            }
            if (all ? set == handles.size() : set > 0)
            {
                WsaOutcome outcome = WsaOutcome::Ok(WSA_WAIT_EVENT_0 + (all ? 0 : first));
                if (!all)
                {
                    outcome.outputs.emplace_back("signalled", static_cast<int64_t>(handles[first]));
                }
                return outcome;
            }
            if (timedOut)
            {
                return WsaOutcome::Ok(WSA_WAIT_TIMEOUT);
            }
            return std::nullopt;
        },
        Milliseconds(dwTimeout));
}

int
WsaThread::WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject, WSANETWORKEVENTS* lpNetworkEvents)
{
    Call call(this,
              "WSAEnumNetworkEvents",
              "s=" + HandleText(s) + ", hEventObject=" + HandleText(hEventObject));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    // 5. WSAEnumNetworkEvents function, WSAEFAULT: "The lpNetworkEvents parameter is not a
    //    valid part of the user address space."
    if (!lpNetworkEvents)
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEFAULT)).value);
    }
    // 6. WSAEINVAL: "One of the specified parameters was invalid" (an event handle that is not
    //    an event's); on failure nothing is reset (sock.c test_WSAEnumNetworkEvents, ok).
    Ptr<WsaEvent> event = m_provider->LookupEvent(hEventObject);
    if (hEventObject != WSA_INVALID_EVENT && !event)
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEINVAL)).value);
    }
    // 7. The record, cleared, and the event reset (WsaSocket::EnumNetworkEvents).
    return static_cast<int>(call.Return(socket->EnumNetworkEvents(event, lpNetworkEvents)).value);
}

// --- overlapped I/O ----------------------------------------------------------------------------

namespace
{

/// \return an OVERLAPPED argument as text
std::string
OverlappedText(const WSAOVERLAPPED* overlapped)
{
    if (!overlapped)
    {
        return "NULL";
    }
    std::ostringstream text;
    text << "0x" << std::hex << reinterpret_cast<uintptr_t>(overlapped);
    return text.str();
}

} // namespace

WsaBlockingCall<int>
WsaThread::WSARecv(SOCKET s,
                   uint32_t len,
                   uint32_t* lpNumberOfBytesRecvd,
                   WSAOVERLAPPED* lpOverlapped)
{
    Call call(this,
              "WSARecv",
              "s=" + HandleText(s) + ", len=" + std::to_string(len)
                  + ", lpOverlapped=" + OverlappedText(lpOverlapped));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    // 5. WSARecv function, WSAEFAULT: lpNumberOfBytesRecvd may be NULL only with an OVERLAPPED
    //    (sock.c test_WSASendTo, ok, for the same rule of WSASendTo).
    if (!lpOverlapped && !lpNumberOfBytesRecvd)
    {
        return Finish<int>(call, socket, WsaOutcome::Fail(WsaError::WSAEFAULT));
    }
    // 6. recv()'s rules without an OVERLAPPED; with one, done now, failed now, or
    //    WSA_IO_PENDING (WsaSocket::RecvOverlapped).
    WsaStep step
        = lpOverlapped ? socket->RecvOverlapped(len, lpOverlapped, this) : socket->Recv(len);
    WsaBlockingCall<int> result
        = Finish<int>(call, socket, MapStep(std::move(step), CountToBytes(lpNumberOfBytesRecvd)));
    // WSAEventSelect function: WSARecv re-enables FD_READ.
    result.OnDone([socket]() { socket->Reenable(FD_READ); });
    return result;
}

WsaBlockingCall<int>
WsaThread::WSASend(SOCKET s,
                   const std::vector<uint8_t>& data,
                   uint32_t* lpNumberOfBytesSent,
                   WSAOVERLAPPED* lpOverlapped)
{
    Call call(this,
              "WSASend",
              "s=" + HandleText(s) + ", len=" + std::to_string(data.size())
                  + ", lpOverlapped=" + OverlappedText(lpOverlapped));
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<int> failed;
        failed.Complete(SOCKET_ERROR, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    // 5. WSAEFAULT: lpNumberOfBytesSent may be NULL only with an OVERLAPPED (sock.c
    //    test_WSASendTo, ok).
    if (!lpOverlapped && !lpNumberOfBytesSent)
    {
        return Finish<int>(call, socket, WsaOutcome::Fail(WsaError::WSAEFAULT));
    }
    // 6. send()'s rules without an OVERLAPPED; with one, every byte now, a failure now, or
    //    WSA_IO_PENDING (WsaSocket::SendOverlapped).
    WsaStep step
        = lpOverlapped ? socket->SendOverlapped(data, lpOverlapped, this) : socket->Send(data);
    const auto* now = std::get_if<WsaOutcome>(&step);
    if (now && now->error == WsaError::WSAEWOULDBLOCK)
    {
        socket->Reenable(FD_WRITE); // WSAEventSelect function: the re-enabling failure
    }
    return Finish<int>(call, socket, MapStep(std::move(step), CountToBytes(lpNumberOfBytesSent)));
}

WsaBlockingCall<BOOL>
WsaThread::WSAGetOverlappedResult(
    SOCKET s, WSAOVERLAPPED* lpOverlapped, uint32_t* lpcbTransfer, BOOL fWait, uint32_t* lpdwFlags)
{
    Call call(this,
              "WSAGetOverlappedResult",
              "s=" + HandleText(s) + ", lpOverlapped=" + OverlappedText(lpOverlapped)
                  + ", fWait=" + (fWait ? "TRUE" : "FALSE"));
    auto fail = [&call](WsaError error)
    {
        WsaBlockingCall<BOOL> failed;
        failed.Complete(0, call.Return(FailBool(error)).error);
        return failed;
    };
    // 1-4. The prolog (the function's Error codes list WSANOTINITIALISED, WSAENETDOWN and
    //      WSAENOTSOCK).
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<BOOL> failed;
        failed.Complete(0, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    // 5. WSAEFAULT: "One or more of the lpOverlapped, lpcbTransfer, or lpdwFlags parameters are
    //    not in a valid part of the user address space."
    if (!lpOverlapped || !lpcbTransfer || !lpdwFlags)
    {
        return fail(WsaError::WSAEFAULT);
    }
    // 6. The OVERLAPPED's status: WSA_IO_INCOMPLETE while pending and fWait is FALSE (sock.c
    //    test_WSAGetOverlappedResult, ok); with fWait TRUE the call waits for the operation;
    //    then TRUE with the bytes, or FALSE with the status mapped (map_status, ok).
    const bool wait = fWait != 0;
    return FinishWait<BOOL>(
        call,
        [lpOverlapped, lpcbTransfer, lpdwFlags, wait](bool) -> std::optional<WsaOutcome>
        {
            const auto status = static_cast<WsaIoStatus>(lpOverlapped->Internal);
            if (status == WsaIoStatus::PENDING)
            {
                return wait ? std::nullopt
                            : std::optional<WsaOutcome>(FailBool(WsaError::WSA_IO_INCOMPLETE));
            }
            *lpcbTransfer = static_cast<uint32_t>(lpOverlapped->InternalHigh);
            *lpdwFlags = 0;
            if (status != WsaIoStatus::SUCCESS)
            {
                return FailBool(WsaErrorOf(status));
            }
            WsaOutcome outcome = AsBool(WsaOutcome::Ok());
            outcome.outputs.emplace_back("bytes", static_cast<int64_t>(*lpcbTransfer));
            return outcome;
        },
        std::nullopt);
}

BOOL
WsaThread::CancelIo(HANDLE hFile)
{
    Call call(this, "CancelIo", "hFile=" + HandleText(hFile));
    Ptr<WsaSocket> socket = EnterHandle(call, hFile);
    if (!socket)
    {
        return FALSE_;
    }
    // CancelIoEx function, Remarks: CancelIo cancels the calling thread's requests only. sock.c
    // test_send_buffering (ok): TRUE when nothing was pending.
    socket->CancelOverlapped(this, nullptr);
    return static_cast<BOOL>(call.Return(AsBool(WsaOutcome::Ok())).value);
}

BOOL
WsaThread::CancelIoEx(HANDLE hFile, const WSAOVERLAPPED* lpOverlapped)
{
    Call call(this,
              "CancelIoEx",
              "hFile=" + HandleText(hFile) + ", lpOverlapped=" + OverlappedText(lpOverlapped));
    Ptr<WsaSocket> socket = EnterHandle(call, hFile);
    if (!socket)
    {
        return FALSE_;
    }
    // CancelIoEx function: any thread's requests, or the one given; "If this function cannot
    // find a request to cancel, the return value is 0 (zero), and GetLastError returns
    // ERROR_NOT_FOUND" (sock.c test_send_buffering, ok).
    if (socket->CancelOverlapped(nullptr, lpOverlapped) == 0)
    {
        return static_cast<BOOL>(call.Return(FailBool(WsaError::ERROR_NOT_FOUND)).value);
    }
    return static_cast<BOOL>(call.Return(AsBool(WsaOutcome::Ok())).value);
}

// --- completion ports --------------------------------------------------------------------------

HANDLE
WsaThread::CreateIoCompletionPort(HANDLE FileHandle,
                                  HANDLE ExistingCompletionPort,
                                  uint64_t CompletionKey,
                                  uint32_t)
{
    std::ostringstream arguments;
    arguments << "FileHandle=" << HandleText(FileHandle)
              << ", ExistingCompletionPort=" << HandleText(ExistingCompletionPort)
              << ", CompletionKey=" << CompletionKey;
    Call call(this, "CreateIoCompletionPort", arguments.str());
    auto fail = [&call](WsaError error)
    {
        call.Return(FailBool(error)); // NULL
        return HANDLE{0};
    };
    auto created = [&call](HANDLE port)
    {
        call.Return(WsaOutcome::Ok(static_cast<int64_t>(port)));
        return port;
    };
    // 1. CreateIoCompletionPort function: with FileHandle INVALID_HANDLE_VALUE, "the
    //    ExistingCompletionPort parameter must be NULL": a new port, no file.
    if (FileHandle == INVALID_HANDLE_VALUE)
    {
        return ExistingCompletionPort ? fail(WsaError::WSA_INVALID_PARAMETER)
                                      : created(m_provider->CreateCompletionPort());
    }
    // 2. FileHandle "must be a handle to an object that supports overlapped I/O": a socket,
    //    else ERROR_INVALID_HANDLE.
    Ptr<WsaSocket> socket = m_provider->Lookup(FileHandle);
    if (!socket)
    {
        return fail(WsaError::WSA_INVALID_HANDLE);
    }
    // 3. ExistingCompletionPort: NULL makes a new port; otherwise it must be a port.
    const HANDLE port
        = ExistingCompletionPort ? ExistingCompletionPort : m_provider->CreateCompletionPort();
    Ptr<WsaCompletionPort> target = m_provider->LookupPort(port);
    if (!target)
    {
        return fail(WsaError::WSA_INVALID_PARAMETER);
    }
    // 4. "A handle can be associated with only one I/O completion port": a second association
    //    fails (the page names no code; ERROR_INVALID_PARAMETER).
    if (!socket->AssociatePort(target, CompletionKey))
    {
        return fail(WsaError::WSA_INVALID_PARAMETER);
    }
    return created(port);
}

WsaBlockingCall<BOOL>
WsaThread::GetQueuedCompletionStatus(HANDLE CompletionPort,
                                     uint32_t* lpNumberOfBytes,
                                     uint64_t* lpCompletionKey,
                                     WSAOVERLAPPED** lpOverlapped,
                                     uint32_t dwMilliseconds)
{
    std::ostringstream arguments;
    arguments << "CompletionPort=" << HandleText(CompletionPort)
              << ", dwMilliseconds=" << dwMilliseconds;
    Call call(this, "GetQueuedCompletionStatus", arguments.str());
    Ptr<WsaCompletionPort> port = m_provider->LookupPort(CompletionPort);
    // 1. A handle that is not a port's: ERROR_INVALID_HANDLE.
    if (!port || !lpNumberOfBytes || !lpCompletionKey || !lpOverlapped)
    {
        WsaBlockingCall<BOOL> failed;
        const WsaError error
            = port ? WsaError::WSA_INVALID_PARAMETER : WsaError::WSA_INVALID_HANDLE;
        failed.Complete(0, call.Return(FailBool(error)).error);
        return failed;
    }
    // 2. Take the first packet, waiting up to dwMilliseconds (GetQueuedCompletionStatus
    //    function): TRUE for a successful operation; FALSE with *lpOverlapped set and the
    //    operation's error for a failed one (sock.c test_completion_port, ok:
    //    ERROR_NETNAME_DELETED after a RST); FALSE with WAIT_TIMEOUT and *lpOverlapped NULL at
    //    the timeout, the other outputs untouched (ok).
    return FinishWait<BOOL>(
        call,
        [port, lpNumberOfBytes, lpCompletionKey, lpOverlapped](
            bool timedOut) -> std::optional<WsaOutcome>
        {
            const auto packet = port->Take();
            if (!packet)
            {
                if (!timedOut)
                {
                    return std::nullopt;
                }
                *lpOverlapped = nullptr;
                return FailBool(WsaError::WAIT_TIMEOUT);
            }
            *lpNumberOfBytes = packet->bytes;
            *lpCompletionKey = packet->key;
            *lpOverlapped = packet->overlapped;
            WsaOutcome outcome = packet->status == WsaIoStatus::SUCCESS
                                     ? AsBool(WsaOutcome::Ok())
                                     : FailBool(Win32ErrorOf(packet->status));
            outcome.outputs.emplace_back("bytes", static_cast<int64_t>(packet->bytes));
            outcome.outputs.emplace_back("key", static_cast<int64_t>(packet->key));
            outcome.outputs.emplace_back(
                "overlapped",
                static_cast<int64_t>(reinterpret_cast<uintptr_t>(packet->overlapped)));
            return outcome;
        },
        Milliseconds(dwMilliseconds));
}

// --- DisconnectEx ------------------------------------------------------------------------------

int
WsaThread::WSAIoctl(SOCKET s, uint32_t dwIoControlCode, const GUID& guid, LPFN_DISCONNECTEX* lpfn)
{
    std::ostringstream arguments;
    arguments << "s=" << HandleText(s) << ", dwIoControlCode=0x" << std::hex << dwIoControlCode;
    Call call(this, "WSAIoctl", arguments.str());
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        return SOCKET_ERROR;
    }
    // 5. WSAIoctl function, WSAEOPNOTSUPP: "The specified IOCTL command is not supported" (the
    //    model supports SIO_GET_EXTENSION_FUNCTION_POINTER only).
    if (dwIoControlCode != SIO_GET_EXTENSION_FUNCTION_POINTER)
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEOPNOTSUPP)).value);
    }
    // 6. sock.c test_get_extension_func (ok): an unknown GUID fails with WSAEINVAL.
    if (!(guid == WSAID_DISCONNECTEX))
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEINVAL)).value);
    }
    // 7. WSAEFAULT: the output buffer is not in the user address space.
    if (!lpfn)
    {
        return static_cast<int>(call.Return(WsaOutcome::Fail(WsaError::WSAEFAULT)).value);
    }
    // DisconnectEx function, Remarks: "the output returned by the WSAIoctl function contains a
    // pointer to the DisconnectEx function".
    *lpfn = kDisconnectExAddress;
    return static_cast<int>(call.Return(WsaOutcome::Ok()).value);
}

WsaBlockingCall<BOOL>
WsaThread::DisconnectEx(SOCKET s,
                        WSAOVERLAPPED* lpOverlapped,
                        uint32_t dwFlags,
                        uint32_t dwReserved)
{
    std::ostringstream arguments;
    arguments << "s=" << HandleText(s) << ", lpOverlapped=" << OverlappedText(lpOverlapped)
              << ", dwFlags=" << dwFlags << ", reserved=" << dwReserved;
    Call call(this, "DisconnectEx", arguments.str());
    Ptr<WsaSocket> socket = Enter(call, s);
    if (!socket)
    {
        WsaBlockingCall<BOOL> failed;
        failed.Complete(0, static_cast<WsaError>(WSAGetLastError()));
        return failed;
    }
    // 5. DisconnectEx function, WSAEINVAL: "Reserved. Must be zero. If nonzero, WSAEINVAL is
    //    returned"; "if the dwFlags parameter specified a value other than TF_REUSE_SOCKET".
    if (dwReserved != 0 || (dwFlags & ~TF_REUSE_SOCKET) != 0)
    {
        return Finish<int>(call, socket, FailBool(WsaError::WSAEINVAL));
    }
    // 6. WSAENOTCONN, then the FIN and the completion (WsaSocket::Disconnect): TRUE when done,
    //    FALSE with ERROR_IO_PENDING for an overlapped call that completes later (sock.c
    //    test_DisconnectEx, ok).
    WsaStep step = socket->Disconnect((dwFlags & TF_REUSE_SOCKET) != 0, lpOverlapped, this);
    return Finish<int>(call, socket, MapStep(std::move(step), AsBool));
}

} // namespace ns3

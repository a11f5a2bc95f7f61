// The Wine platform's asynchronous half: event objects and WSAEventSelect, overlapped WSARecv and
// WSASend, WSAGetOverlappedResult, CancelIo(Ex), completion ports, WSAIoctl and DisconnectEx, each
// the real Win32 or Winsock call of that name (built with mingw, run by Wine).
//
// The scenario names each OVERLAPPED; the platform owns the structures (with their buffers) and
// keeps every one until the process ends, since the implementation may write into one after the
// step that issued it returned. A name used again gets a new structure.
#include "open-handles.h"
#include "platform-winsock.h"

#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <vector>
// after winsock2.h (platform-winsock.h)
#include <mswsock.h>

namespace wsdsim::driver::winsock
{

namespace
{

/// An OVERLAPPED a scenario named, with what its operation reads or writes.
struct OverlappedSlot
{
    OVERLAPPED overlapped{}; //!< the structure the implementation completes
    std::string name;        //!< the scenario's name for it
    std::vector<char> bytes; //!< the buffer of its operation
    WSABUF buffer{};         //!< the descriptor of that buffer
    DWORD flags{0};          //!< WSARecv's lpFlags
    DWORD transferred{0};    //!< lpNumberOfBytesRecvd / Sent of an immediate completion
};

/// The name of each FD_*_BIT, by the symbol table (a bit it does not name: its number).
std::string
NetworkEventName(int bit)
{
    const auto names = FlagNames(SymbolFamily::NETWORK_EVENT, int64_t{1} << bit);
    return names.empty() ? std::to_string(bit) : names.front().get<std::string>();
}

class WinsockAsync : public AsyncPlatform
{
  public:
    CallResult NewEvent() override
    {
        // WSA_INVALID_EVENT (NULL) on failure, with WSAGetLastError()
        const WSAEVENT event = WSACreateEvent();
        if (event == WSA_INVALID_EVENT)
        {
            return Failed(0, WSAGetLastError());
        }
        CallResult r = Ok(HandleNumber(event));
        r.handle = r.value;
        m_events.Add(r.value);
        return r;
    }

    CallResult CloseEvent(int64_t event) override
    {
        m_events.Remove(event);
        return CheckBool(WSACloseEvent(AsHandle(event)));
    }

    CallResult ResetEvent(int64_t event) override
    {
        return CheckBool(WSAResetEvent(AsHandle(event)));
    }

    CallResult EventSelect(int64_t s, std::optional<int64_t> event, int64_t events) override
    {
        return Check(WSAEventSelect(
            Handle(s), event ? AsHandle(*event) : nullptr, static_cast<long>(events)));
    }

    CallResult WaitForEvents(const std::vector<int64_t>& events,
                             bool waitAll,
                             std::optional<int64_t> timeoutNs) override
    {
        std::vector<WSAEVENT> handles;
        for (const int64_t event : events)
        {
            handles.push_back(AsHandle(event));
        }
        const DWORD result
            = WSAWaitForMultipleEvents(static_cast<DWORD>(handles.size()),
                                       handles.data(),
                                       waitAll ? TRUE : FALSE,
                                       timeoutNs ? Milliseconds(timeoutNs) : WSA_INFINITE,
                                       FALSE);
        // WSA_WAIT_EVENT_0 + index, WSA_WAIT_TIMEOUT, or WSA_WAIT_FAILED (written -1)
        return result == WSA_WAIT_FAILED ? Failed(-1, WSAGetLastError()) : Ok(result);
    }

    CallResult EnumNetworkEvents(int64_t s, std::optional<int64_t> event) override
    {
        WSANETWORKEVENTS recorded{};
        CallResult r
            = Check(WSAEnumNetworkEvents(Handle(s), event ? AsHandle(*event) : nullptr, &recorded));
        if (r.value != 0)
        {
            return r;
        }
        // iErrorCode is written for the events recorded only (the others keep what they held)
        r.outputs["events"] = FlagNames(SymbolFamily::NETWORK_EVENT, recorded.lNetworkEvents);
        nlohmann::json errors = nlohmann::json::object();
        for (int bit = 0; bit < FD_MAX_EVENTS; ++bit)
        {
            if ((recorded.lNetworkEvents & (1L << bit)) != 0)
            {
                errors[NetworkEventName(bit)] = WinsockErrorName(recorded.iErrorCode[bit]);
            }
        }
        r.outputs["errors"] = errors;
        return r;
    }

    CallResult OverlappedRecv(int64_t s, uint32_t length, const OverlappedRef& overlapped) override
    {
        OverlappedSlot& slot = NewSlot(overlapped);
        slot.bytes.assign(length == 0 ? 1 : length, '\0');
        slot.buffer = {length, slot.bytes.data()};
        CallResult r = Check(WSARecv(
            Handle(s), &slot.buffer, 1, &slot.transferred, &slot.flags, &slot.overlapped, nullptr));
        if (r.value == 0)
        {
            // completed at once (the completion is still queued and signalled)
            r.outputs["bytes"] = slot.transferred;
            r.data.assign(slot.bytes.data(), slot.transferred);
            r.hasData = true;
        }
        return r;
    }

    CallResult OverlappedSend(int64_t s,
                              const std::string& bytes,
                              const OverlappedRef& overlapped) override
    {
        OverlappedSlot& slot = NewSlot(overlapped);
        slot.bytes.assign(bytes.begin(), bytes.end());
        slot.buffer = {static_cast<ULONG>(slot.bytes.size()), slot.bytes.data()};
        CallResult r = Check(
            WSASend(Handle(s), &slot.buffer, 1, &slot.transferred, 0, &slot.overlapped, nullptr));
        if (r.value == 0)
        {
            r.outputs["bytes"] = slot.transferred;
        }
        return r;
    }

    CallResult GetOverlappedResult(int64_t s, const std::string& overlapped, bool wait) override
    {
        OverlappedSlot& slot = Slot(overlapped);
        DWORD transferred = 0;
        DWORD flags = 0;
        CallResult r = CheckBool(WSAGetOverlappedResult(
            Handle(s), &slot.overlapped, &transferred, wait ? TRUE : FALSE, &flags));
        // cbTransfer on success, as the vocabulary records out-parameters
        if (r.value == 1)
        {
            r.outputs["bytes"] = transferred;
        }
        return r;
    }

    CallResult CancelIo(int64_t s) override
    {
        return CheckBool(::CancelIo(AsHandle(s)));
    }

    CallResult CancelIoEx(int64_t s, const std::optional<std::string>& overlapped) override
    {
        return CheckBool(
            ::CancelIoEx(AsHandle(s), overlapped ? &Slot(*overlapped).overlapped : nullptr));
    }

    CallResult CreateCompletionPort(std::optional<int64_t> s,
                                    std::optional<int64_t> port,
                                    int64_t key) override
    {
        // NULL on failure, with GetLastError()
        const HANDLE result = CreateIoCompletionPort(s ? AsHandle(*s) : INVALID_HANDLE_VALUE,
                                                     port ? AsHandle(*port) : nullptr,
                                                     static_cast<ULONG_PTR>(key),
                                                     0);
        if (result == nullptr)
        {
            return Failed(0, static_cast<int>(GetLastError()));
        }
        CallResult r = Ok(HandleNumber(result));
        r.handle = r.value;
        if (!port)
        {
            m_ports.Add(r.value); // a new port (given one, the call returns that one)
        }
        return r;
    }

    CallResult GetQueuedCompletion(int64_t port, std::optional<int64_t> timeoutNs) override
    {
        DWORD transferred = 0;
        ULONG_PTR key = 0;
        OVERLAPPED* completed = nullptr;
        CallResult r = CheckBool(GetQueuedCompletionStatus(
            AsHandle(port), &transferred, &key, &completed, Milliseconds(timeoutNs)));
        // A packet was taken when it succeeded or names its OVERLAPPED (a failed operation's
        // packet); a timeout leaves the outputs untouched and lpOverlapped NULL.
        if (r.value == 1 || completed != nullptr)
        {
            r.outputs["bytes"] = transferred;
            r.outputs["key"] = static_cast<int64_t>(key);
            if (completed != nullptr)
            {
                r.outputs["overlapped"] = NameOf(completed);
            }
        }
        return r;
    }

    CallResult GetExtensionFunction(int64_t s, int64_t code, const std::string&) override
    {
        // The vocabulary's one GUID: WSAID_DISCONNECTEX (calls-async.h, kExtensionGuids)
        GUID guid = WSAID_DISCONNECTEX;
        LPFN_DISCONNECTEX function = nullptr;
        DWORD returned = 0;
        CallResult r = Check(WSAIoctl(Handle(s),
                                      static_cast<DWORD>(code),
                                      &guid,
                                      sizeof(guid),
                                      &function,
                                      sizeof(function),
                                      &returned,
                                      nullptr,
                                      nullptr));
        if (r.value == 0)
        {
            r.handle = HandleNumber(reinterpret_cast<void*>(function));
            std::lock_guard<std::mutex> lock(m_mutex);
            m_functions.insert(*r.handle);
        }
        return r;
    }

    CallResult DisconnectEx(int64_t function,
                            int64_t s,
                            const std::optional<OverlappedRef>& overlapped,
                            int64_t flags) override
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_functions.count(function) == 0)
            {
                // A program calling through a pointer it never got crashes; the driver stops
                // the case instead (an ERROR with this reason).
                throw std::runtime_error("DisconnectEx through a pointer WSAIoctl did not give");
            }
        }
        const auto disconnect
            = reinterpret_cast<LPFN_DISCONNECTEX>(static_cast<intptr_t>(function));
        OVERLAPPED* structure = overlapped ? &NewSlot(*overlapped).overlapped : nullptr;
        return CheckBool(disconnect(Handle(s), structure, static_cast<DWORD>(flags), 0));
    }

    void ReleaseCase() override
    {
        // The sockets are closed first (WinsockPlatform::ReleaseCase): their pending operations
        // complete, and the OVERLAPPEDs stay allocated with this object, which the serving
        // driver keeps.
        for (const int64_t event : m_events.Take())
        {
            WSACloseEvent(AsHandle(event));
        }
        for (const int64_t port : m_ports.Take())
        {
            CloseHandle(AsHandle(port));
        }
    }

  private:
    /// \return a new OVERLAPPED for an operation, named (and with the event) as the step says
    OverlappedSlot& NewSlot(const OverlappedRef& overlapped)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_slots.push_back(std::make_unique<OverlappedSlot>());
        OverlappedSlot& slot = *m_slots.back();
        slot.name = overlapped.name;
        slot.overlapped.hEvent = overlapped.event ? AsHandle(*overlapped.event) : nullptr;
        m_byName[overlapped.name] = &slot;
        return slot;
    }

    /// \return the OVERLAPPED of a name (a name no operation used: a zeroed one, as a program
    /// passing such a structure would)
    OverlappedSlot& Slot(const std::string& name)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        OverlappedSlot*& slot = m_byName[name];
        if (slot == nullptr)
        {
            m_slots.push_back(std::make_unique<OverlappedSlot>());
            slot = m_slots.back().get();
            slot->name = name;
        }
        return *slot;
    }

    /// \return the name of an OVERLAPPED of the case (its address when it is none of them)
    std::string NameOf(const OVERLAPPED* overlapped)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (const auto& slot : m_slots)
        {
            if (&slot->overlapped == overlapped)
            {
                return slot->name;
            }
        }
        return std::to_string(HandleNumber(overlapped));
    }

    OpenHandles m_events; //!< event objects the case made and has not closed
    OpenHandles m_ports;  //!< completion ports the case made (none is closed by a step)
    std::mutex m_mutex;   //!< the threads share what follows
    std::vector<std::unique_ptr<OverlappedSlot>> m_slots; //!< every OVERLAPPED, kept to the end
    std::map<std::string, OverlappedSlot*> m_byName;      //!< the latest of each name
    std::set<int64_t> m_functions;                        //!< pointers WSAIoctl gave
};

} // namespace

std::unique_ptr<AsyncPlatform>
CreateWinsockAsync()
{
    return std::make_unique<WinsockAsync>();
}

} // namespace wsdsim::driver::winsock

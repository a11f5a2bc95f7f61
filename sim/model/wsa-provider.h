// A node's Windows Sockets: WSAStartup reference count, socket handles, the provider profile,
// traces.
#ifndef WSA_PROVIDER_H
#define WSA_PROVIDER_H

#include "wsa-address-space.h"
#include "wsa-async-objects.h"
#include "wsa-error.h"
#include "wsa-provider-profile.h"
#include "wsa-socket.h"
#include "wsa-trace-records.h"
#include "wsa-types.h"
#include "wsa-wait-list.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

class Node;
class Ipv4;
class Packet;
class WsaThread;

/**
 * \ingroup wsd
 * \brief The Windows Sockets installed on a node: one per simulated host (process).
 *
 * Holds what Winsock keeps per process: the WSAStartup reference count and negotiated
 * version, the socket handle table, the application's address space and its threads, and
 * the provider profile (TCP/IP, or a provider with disconnect data). Its trace sources are
 * everything a harness records: API calls and returns, TCP state changes and segments.
 */
class WsaProvider : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    WsaProvider();
    ~WsaProvider() override;

    /**
     * \brief Attach to a node that has the internet stack (WsaHelper does this).
     * \param node the node
     */
    void SetNode(Ptr<Node> node);
    /// \return the node
    Ptr<Node> GetNode() const;

    /**
     * \brief A new simulated thread of this node's application.
     * \param name its name in traces
     * \return the thread
     */
    Ptr<WsaThread> CreateThread(const std::string& name);

    /// \return the provider profile
    WsaProviderProfile GetProfile() const;
    /// \param profile the provider profile (before sockets are created)
    void SetProfile(WsaProviderProfile profile);
    /// \return the application's address space
    Ptr<WsaAddressSpace> GetAddressSpace() const;

    /// \return whether a WSAStartup is in force
    bool IsStarted() const;
    /// \return the version negotiated by the last WSAStartup
    uint16_t GetVersion() const;
    /**
     * \brief WSAStartup's provider part: negotiate and count.
     * \param requested the version asked for \param data filled in
     * \return the error (WSAStartup returns it directly)
     */
    WsaError Startup(uint16_t requested, WSADATA* data);
    /**
     * \brief WSACleanup's provider part: count down; the last one resets every socket.
     */
    void Cleanup();

    /**
     * \brief Whether the network subsystem has failed: no IPv4 interface other than loopback
     *        is up.
     * \return true when the node's network is down
     */
    bool IsNetworkDown() const;

    /**
     * \brief Whether the provider is running an application callback (a blocking hook).
     * \return true inside one
     */
    bool IsInCallback() const;
    /**
     * \brief Run an application callback, marking the provider as inside it.
     * \param callback the callback
     */
    void RunCallback(const std::function<void()>& callback);

    /**
     * \brief Give a socket a handle.
     * \param socket the socket
     * \return its handle
     */
    SOCKET Register(Ptr<WsaSocket> socket);
    /**
     * \brief Release a handle; it never denotes a socket again.
     * \param handle the handle
     */
    void Unregister(SOCKET handle);
    /**
     * \brief Keep a released socket until its connection has finished closing.
     * \param socket the socket
     */
    void KeepClosing(Ptr<WsaSocket> socket);
    /**
     * \brief Forget a released socket whose connection is over.
     * \param socket the socket
     */
    void ForgetClosing(WsaSocket* socket);
    /**
     * \brief The socket a handle denotes.
     * \param handle the handle
     * \return the socket, or null when the handle is not a socket
     */
    Ptr<WsaSocket> Lookup(SOCKET handle) const;

    /**
     * \brief WSACreateEvent's kernel part: a manual-reset event, not signalled, with a handle
     *        from the one handle space of the process (sockets, events and ports).
     * \return its handle
     */
    WSAEVENT CreateEvent();
    /**
     * \brief Close an event's handle (WSACloseEvent).
     * \param handle the handle \return false when it is not an event's
     */
    bool CloseEvent(WSAEVENT handle);
    /**
     * \param handle a handle \return the event it denotes, or null
     */
    Ptr<WsaEvent> LookupEvent(WSAEVENT handle) const;
    /**
     * \brief CreateIoCompletionPort's kernel part: a new, empty port.
     * \return its handle
     */
    HANDLE CreateCompletionPort();
    /**
     * \param handle a handle \return the completion port it denotes, or null
     */
    Ptr<WsaCompletionPort> LookupPort(HANDLE handle) const;

    /**
     * \brief Wait on any of the node's objects (select, WSAPoll, WSAWaitForMultipleEvents,
     *        WSAGetOverlappedResult, GetQueuedCompletionStatus): the poll runs again after each
     *        change of a socket, an event or a port of the node, and after ScheduleWake(),
     *        until it returns an outcome, which goes to done.
     * \param poll the wait's condition \param done gets the outcome
     * \return a ticket for CancelWait()
     */
    uint64_t Wait(WsaPoll poll, std::function<void(WsaOutcome)> done);
    /**
     * \brief Stop a wait; its done gets the outcome given.
     * \param ticket from Wait() \param outcome what the waiting call returns
     */
    void CancelWait(uint64_t ticket, WsaOutcome outcome);
    /// Schedule a pass over the waits (coalesced, zero simulated time).
    void ScheduleWake();
    /**
     * \brief Schedule a pass over the waits after a delay (a wait's timeout).
     * \param delay from now \return the event, to cancel once the wait has ended
     */
    EventId ScheduleWakeIn(Time delay);

    /// \return the next call number for traces
    uint64_t NextCallId();

    /// \param record a call on entry
    void NotifyApiCall(const WsaApiRecord& record);
    /// \param record a call on return
    void NotifyApiReturn(const WsaApiRecord& record);
    /// \param record a TCP state change
    void NotifyTcpState(const WsaTcpStateRecord& record);

    /**
     * TracedCallback signature for API records.
     * \param record the record
     */
    typedef void (*ApiTracedCallback)(const WsaApiRecord& record);
    /**
     * TracedCallback signature for TCP state records.
     * \param record the record
     */
    typedef void (*TcpStateTracedCallback)(const WsaTcpStateRecord& record);
    /**
     * TracedCallback signature for segment records.
     * \param record the record
     */
    typedef void (*SegmentTracedCallback)(const WsaSegmentRecord& record);

  protected:
    void DoDispose() override;

  private:
    /// The "Profile" attribute's setter. \param profile a WsaProviderProfile value
    void SetProfileNumber(int profile);
    /// The "Profile" attribute's getter. \return a WsaProviderProfile value
    int GetProfileNumber() const;
    /// Poll each wait.
    void ServiceWaiters();
    /// \return a new handle of the process's one handle space
    uint64_t NextHandle();

    /// Record a packet leaving or reaching the IP layer.
    void TraceIpPacket(bool outgoing, Ptr<const Packet> packet);
    /// Ipv4L3Protocol "Tx"
    void OnIpTx(Ptr<const Packet> packet, Ptr<Ipv4> ipv4, uint32_t interface);
    /// Ipv4L3Protocol "Rx"
    void OnIpRx(Ptr<const Packet> packet, Ptr<Ipv4> ipv4, uint32_t interface);

    Ptr<Node> m_node;                                       //!< the node
    WsaProviderProfile m_profile;                           //!< provider profile
    Ptr<WsaAddressSpace> m_addressSpace;                    //!< application address space
    uint32_t m_startupCount;                                //!< WSAStartup reference count
    uint16_t m_version;                                     //!< negotiated version
    std::map<SOCKET, Ptr<WsaSocket>> m_sockets;             //!< the handle table
    std::map<uint64_t, Ptr<WsaSocket>> m_closing;           //!< released, still closing, in order
    std::unordered_map<WsaSocket*, uint64_t> m_closingKeys; //!< socket -> its key in m_closing
    uint64_t m_nextClosingKey{0};                           //!< key of the next one kept
    SOCKET m_nextHandle;                                    //!< handles are never reused
    int m_callbackDepth;                                    //!< >0 inside an application callback
    uint64_t m_nextCallId;                                  //!< numbers calls for traces
    std::vector<Ptr<WsaThread>> m_threads;                  //!< the application's threads
    std::map<WSAEVENT, Ptr<WsaEvent>> m_events;             //!< event objects by handle
    std::map<HANDLE, Ptr<WsaCompletionPort>> m_ports;       //!< completion ports by handle
    WsaWaitList<WsaOutcome> m_waiters;                      //!< waits on several objects
    EventId m_wakeEvent;                                    //!< the scheduled pass over them

    TracedCallback<const WsaApiRecord&> m_apiCallTrace;       //!< "ApiCall"
    TracedCallback<const WsaApiRecord&> m_apiReturnTrace;     //!< "ApiReturn"
    TracedCallback<const WsaTcpStateRecord&> m_tcpStateTrace; //!< "TcpState"
    TracedCallback<const WsaSegmentRecord&> m_segmentTrace;   //!< "Segment"
};

} // namespace ns3

#endif // WSA_PROVIDER_H

// Shared fixtures of the wsd tests: two hosts with Winsock started, trace logs, a connected pair.
#ifndef WSA_TEST_FIXTURE_H
#define WSA_TEST_FIXTURE_H

#include "ns3/inet-socket-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket.h"
#include "ns3/wsa-error.h"
#include "ns3/wsa-provider-profile.h"
#include "ns3/wsa-provider.h"
#include "ns3/wsa-task.h"
#include "ns3/wsa-thread.h"
#include "ns3/wsa-trace-records.h"
#include "ns3/wsa-two-hosts.h"
#include "ns3/wsa-types.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace Catch
{
/// Print Winsock errors by name in failed assertions ("WSAENOTCONN (10057)").
template <>
struct StringMaker<ns3::WsaError>
{
    /// \param error the error \return its name and number
    static std::string convert(ns3::WsaError error)
    {
        return std::string(ns3::WsaErrorName(error)) + " ("
               + std::to_string(static_cast<int>(error)) + ")";
    }
};
} // namespace Catch

namespace wsdtest
{

using namespace ns3;

/// The port the server host listens on.
constexpr uint16_t kPort = 5000;

/**
 * \brief Make a socket non-blocking: ioctlsocket(s, FIONBIO, &1).
 * \param thread the thread \param s the socket
 */
void MakeNonBlocking(const Ptr<WsaThread>& thread, SOCKET s);

/**
 * \brief setsockopt(s, SOL_SOCKET, SO_LINGER, {onoff, seconds}).
 * \param thread the thread \param s the socket \param onoff l_onoff \param seconds l_linger
 */
void SetLinger(const Ptr<WsaThread>& thread, SOCKET s, uint16_t onoff, uint16_t seconds);

/// The TCP flag bits as ns-3's TcpHeader defines them.
constexpr uint8_t kFin = TcpHeader::FIN;
constexpr uint8_t kSyn = TcpHeader::SYN;
constexpr uint8_t kRst = TcpHeader::RST;
constexpr uint8_t kAck = TcpHeader::ACK;

/**
 * \brief The thread's last error as a WsaError (so failed checks print its name).
 * \param thread the thread
 * \return WSAGetLastError()
 */
WsaError LastError(const Ptr<WsaThread>& thread);

/**
 * \brief Recognisable bytes: byte i is (i + seed) mod 251.
 * \param size how many
 * \param seed the first byte
 * \return the bytes
 */
std::vector<uint8_t> Pattern(size_t size, uint8_t seed = 0);

/// A segment record with the simulated time it was seen.
struct TimedSegment
{
    Time at;                  //!< when the trace fired
    WsaSegmentRecord segment; //!< what it reported
};

/// A TCP state record with the simulated time it was seen.
struct TimedState
{
    Time at;                  //!< when the trace fired
    WsaTcpStateRecord change; //!< what it reported
};

/**
 * \brief Everything the providers' "Segment" and "TcpState" trace sources reported.
 */
class TraceLog
{
  public:
    /// \param provider a provider whose traces to record
    void Attach(Ptr<WsaProvider> provider);

    /// \return every segment seen, in order
    const std::vector<TimedSegment>& Segments() const;
    /// \return every TCP state change seen, in order
    const std::vector<TimedState>& States() const;

    /**
     * \brief TCP segments a node sent from a time on.
     * \param nodeId the node \param from the earliest time
     * \return the segments, in order
     */
    std::vector<WsaSegmentRecord> Sent(uint32_t nodeId, Time from = Seconds(0)) const;
    /**
     * \brief How many TCP segments a node sent with a flag set.
     * \param nodeId the node \param flag a TcpHeader flag bit \param from the earliest time
     * \return the count
     */
    size_t CountSent(uint32_t nodeId, uint8_t flag, Time from = Seconds(0)) const;
    /**
     * \brief How many TCP segments with a flag set reached a node.
     * \param nodeId the node \param flag a TcpHeader flag bit \param from the earliest time
     * \return the count
     */
    size_t CountReceived(uint32_t nodeId, uint8_t flag, Time from = Seconds(0)) const;
    /**
     * \brief Payload bytes of the TCP segments a node sent.
     * \param nodeId the node \param from the earliest time
     * \return the byte count (retransmissions included)
     */
    uint64_t PayloadSent(uint32_t nodeId, Time from = Seconds(0)) const;
    /**
     * \brief Whether a node's TCP entered a state.
     * \param nodeId the node \param to the state
     * \return true when some change went to it
     */
    bool Entered(uint32_t nodeId, TcpSocket::TcpStates_t to) const;

  private:
    void OnSegment(const WsaSegmentRecord& record);
    void OnTcpState(const WsaTcpStateRecord& record);

    std::vector<TimedSegment> m_segments; //!< "Segment"
    std::vector<TimedState> m_states;     //!< "TcpState"
};

/// What ReadUntilEnd saw.
struct ReadOutcome
{
    std::vector<uint8_t> bytes;          //!< everything read
    bool finished{false};                //!< the loop ended (end of stream or error)
    bool endOfStream{false};             //!< recv returned 0
    WsaError error{WsaError::NO_ERROR_}; //!< the error of the recv that failed
    Time endedAt;                        //!< when the last recv returned
};

/// What SendAll saw.
struct SendOutcome
{
    uint64_t sent{0};                    //!< bytes send() accepted
    bool finished{false};                //!< the loop ended
    WsaError error{WsaError::NO_ERROR_}; //!< the error of the send that failed
};

/**
 * \brief recv() until it returns 0 or fails.
 * \param thread the thread \param s the socket \param out where to record
 * \return the body
 */
WsaTask ReadUntilEnd(Ptr<WsaThread> thread, SOCKET s, std::shared_ptr<ReadOutcome> out);

/**
 * \brief send() until every byte is accepted or a send fails.
 * \param thread the thread \param s the socket \param data the bytes
 * \param out where to record
 * \return the body
 */
WsaTask SendAll(Ptr<WsaThread> thread,
                SOCKET s,
                std::vector<uint8_t> data,
                std::shared_ptr<SendOutcome> out);

/// A connected TCP pair: host 0 connected to host 1.
struct ConnectedPair
{
    SOCKET client{INVALID_SOCKET};   //!< host 0's socket
    SOCKET server{INVALID_SOCKET};   //!< host 1's accepted socket
    SOCKET listener{INVALID_SOCKET}; //!< host 1's listening socket
};

/// How to build a test bed.
struct BedOptions
{
    WsaProviderProfile profile{WsaProviderProfile::TCP_IP}; //!< both hosts' provider
    uint32_t rcvBufSize{0};           //!< both hosts' TCP receive buffer, when non-zero
    bool startup{true};               //!< WSAStartup on both hosts
    uint16_t version{MAKEWORD(2, 2)}; //!< the version WSAStartup asks for
};

/**
 * \brief Two hosts with Winsock: host 0 is the client, host 1 the server.
 *
 * The destructor calls Simulator::Destroy() and resets the ns-3 defaults, so every test
 * starts from a fresh simulation.
 */
class WsaTestBed
{
  public:
    /// \param options how to build it
    explicit WsaTestBed(BedOptions options = {});
    ~WsaTestBed();

    WsaTestBed(const WsaTestBed&) = delete;
    WsaTestBed& operator=(const WsaTestBed&) = delete;

    /// \param host 0 or 1 \return its node id (as trace records give it)
    uint32_t NodeId(uint32_t host) const;
    /// \param host 0 or 1 \return its provider
    Ptr<WsaProvider> Provider(uint32_t host) const;

    /**
     * \brief Run the simulation for a while of simulated time.
     * \param duration how long
     */
    void RunFor(Time duration);

    /**
     * \brief Run a function inside the simulation.
     * \param delay from now \param function what to run
     */
    template <typename F>
    void At(Time delay, F function)
    {
        Simulator::Schedule(delay, function);
    }

    /**
     * \brief A listening TCP socket on host 1, port kPort (nothing runs).
     * \return its handle
     */
    SOCKET Listen();

    /**
     * \brief Make a connected TCP pair and run the simulation until the handshake is over.
     * \return the sockets
     */
    ConnectedPair ConnectPair();

    /**
     * \brief Start a thread on a host that reads a socket until the end.
     * \param host 0 or 1 \param s the socket \param delay when it starts
     * \return what it reads (filled in as the simulation runs)
     */
    std::shared_ptr<ReadOutcome> StartReader(uint32_t host, SOCKET s, Time delay = Seconds(0));

    /**
     * \brief Start a thread on a host that sends bytes.
     * \param host 0 or 1 \param s the socket \param data the bytes \param delay when
     * \return what it sent (filled in as the simulation runs)
     */
    std::shared_ptr<SendOutcome> StartSender(uint32_t host,
                                             SOCKET s,
                                             std::vector<uint8_t> data,
                                             Time delay = Seconds(0));

    /// Rethrow what escaped a body of any thread created through the bed.
    void RethrowIfFailed() const;

    WsaTwoHosts net;       //!< the topology
    Ptr<WsaThread> client; //!< the main thread of host 0
    Ptr<WsaThread> server; //!< the main thread of host 1
    TraceLog trace;        //!< both providers' traces

  private:
    std::vector<Ptr<WsaThread>> m_threads; //!< every thread created by the bed
};

} // namespace wsdtest

#endif // WSA_TEST_FIXTURE_H

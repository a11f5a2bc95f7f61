// Captures a case's TCP segments on the loopback interface with libpcap, as trace segment events.
#ifndef WSDSIM_LOOPBACK_CAPTURE_H
#define WSDSIM_LOOPBACK_CAPTURE_H

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "link/segment-numbering.h"
#include "trace/trace-event.h"

struct pcap;

namespace wsdsim
{

/**
 * Records the TCP segments between a case's two host addresses on "lo" while the case runs.
 * Each packet seen once on loopback becomes two events: "tx" on the sending host and "rx" on
 * the receiving one, at the capture time. Needs the rights to capture (root or CAP_NET_RAW);
 * without them Start() fails and the wire is reported as not observed. The process's capture
 * handle stays open between cases (one capture at a time per process); each Start sets the
 * case's filter and drops what the handle held before it.
 */
class LoopbackCapture
{
  public:
    LoopbackCapture() = default;
    ~LoopbackCapture();
    LoopbackCapture(const LoopbackCapture&) = delete;
    LoopbackCapture& operator=(const LoopbackCapture&) = delete;

    /**
     * \brief Start capturing.
     * \param hosts host 0's and host 1's addresses \param startEpochNs the case start
     * \param pcapPath also write a pcap here ("" for none)
     * \param error set to why not
     * \return whether capturing started
     */
    bool Start(const std::array<std::string, 2>& hosts,
               int64_t startEpochNs,
               const std::string& pcapPath,
               std::string* error);

    /// Stop, after the packets in flight are in. \return the segment events, in time order
    std::vector<TraceEvent> Stop();

  private:
    void Loop();
    /// Hand the packets the capture has now to OnPacket (and the pcap file), or drop them.
    /// \param keep whether to keep them \return how many, or a negative pcap_dispatch status
    int DispatchPending(bool keep);
    /// Dispatch until the non-blocking handle holds nothing more. \param keep as DispatchPending
    void DrainPending(bool keep);
    void OnPacket(int64_t epochNs, const uint8_t* bytes, uint32_t length);

    pcap* m_handle{nullptr}; //!< the process's capture on lo (SharedLoopbackHandle), while started
    bool m_keep{true};       //!< whether dispatched packets are the case's
    void* m_dumper{nullptr};
    int m_linkOffset{14};
    std::array<std::string, 2> m_hosts;
    int64_t m_start{0};
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::vector<TraceEvent> m_events;
    link::SegmentNumbering m_numbering; //!< sequence numbers relative to each direction's SYN
};

} // namespace wsdsim

#endif // WSDSIM_LOOPBACK_CAPTURE_H

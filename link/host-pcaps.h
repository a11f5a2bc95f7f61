// Writes what each host's device saw into a pcap of its own.
#ifndef WSDSIM_LINK_HOST_PCAPS_H
#define WSDSIM_LINK_HOST_PCAPS_H

#include <array>
#include <cstdint>
#include <string>

#include "link/packet-observer.h"

struct pcap;
struct pcap_dumper;

namespace wsdsim::link
{

/**
 * \brief Two pcaps, PREFIX-host0.pcap and PREFIX-host1.pcap: the packets host N's device saw,
 *        those it sent and those that reached it (a packet the link lost is in its sender's
 *        pcap only), as raw IP (LINKTYPE_RAW), stamped with the real time in nanoseconds: the
 *        case's time zero (CLOCK_REALTIME) plus the case's time. The files are closed on exec.
 */
class HostPcaps : public PacketObserver
{
  public:
    /**
     * \brief Create both files and write their headers.
     * \param prefix the files' prefix \param startEpochNs the case's time zero, CLOCK_REALTIME ns
     * \throws std::runtime_error naming a file that cannot be written, and why
     */
    HostPcaps(const std::string& prefix, int64_t startEpochNs);
    ~HostPcaps() override;
    HostPcaps(const HostPcaps&) = delete;
    HostPcaps& operator=(const HostPcaps&) = delete;

    /// \param prefix the files' prefix \param host 0 or 1 \return PREFIX-hostN.pcap
    static std::string PathOf(const std::string& prefix, uint32_t host);

    void Sent(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs) override;
    void Arrived(uint32_t to, std::span<const uint8_t> packet, int64_t nowNs) override;

    /// Write out and close both files. \throws std::runtime_error naming one not written whole
    void Close();

  private:
    /// Add a packet to host `host`'s pcap.
    void Write(uint32_t host, std::span<const uint8_t> packet, int64_t nowNs);
    /// Close what is open, without a word. \return the files that could not be written whole
    std::string CloseQuietly();

    int64_t m_startEpochNs;                  //!< the case's time zero
    pcap* m_writer{nullptr};                 //!< libpcap's handle for writing raw IP
    std::array<pcap_dumper*, 2> m_dumpers{}; //!< per host
    std::array<std::string, 2> m_paths;      //!< per host
};

} // namespace wsdsim::link

#endif // WSDSIM_LINK_HOST_PCAPS_H

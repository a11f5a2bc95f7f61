// What wsdsim-link records of the link when asked: the segments as trace events, the pcaps.
#ifndef WSDSIM_LINK_RECORDERS_H
#define WSDSIM_LINK_RECORDERS_H

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "link/host-pcaps.h"
#include "link/packet-observer.h"
#include "link/segment-log.h"

namespace wsdsim::link
{

/**
 * \brief The records a run asked for: `--segments PATH` (the TCP segments as trace segment
 *        events, SegmentLog) and `--pcap PREFIX` (HostPcaps). Opened before the command starts
 *        (closed on exec), closed once it has ended.
 */
class LinkRecorders
{
  public:
    /**
     * \param segmentsPath the segment events' file ("": none)
     * \param pcapPrefix the pcaps' prefix ("": none)
     * \param startEpochNs the case's time zero, CLOCK_REALTIME ns (the pcaps' time stamps)
     * \throws std::runtime_error naming a file that cannot be written, and why
     */
    LinkRecorders(const std::string& segmentsPath,
                  const std::string& pcapPrefix,
                  int64_t startEpochNs);
    ~LinkRecorders();
    LinkRecorders(const LinkRecorders&) = delete;
    LinkRecorders& operator=(const LinkRecorders&) = delete;

    /// \return what the link shows its packets to
    std::vector<PacketObserver*> Observers();

    /// Write out and close every file. \throws std::runtime_error naming one not written whole
    void Close();

  private:
    std::string m_segmentsPath;           //!< the segment events' file
    std::FILE* m_segmentsFile{nullptr};   //!< open while recording
    std::optional<SegmentLog> m_segments; //!< with --segments
    std::optional<HostPcaps> m_pcaps;     //!< with --pcap
};

} // namespace wsdsim::link

#endif // WSDSIM_LINK_RECORDERS_H

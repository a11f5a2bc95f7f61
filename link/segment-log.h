// Writes the link's TCP segments as a trace's segment events, one JSON line each.
#ifndef WSDSIM_LINK_SEGMENT_LOG_H
#define WSDSIM_LINK_SEGMENT_LOG_H

#include <cstdio>
#include <optional>

#include "link/packet-observer.h"
#include "link/segment-numbering.h"

namespace wsdsim::link
{

/**
 * \brief Records every TCP segment the link carries as the model's traces record segments
 *        (docs/trace-format.md, `segment`): "tx" at the sending host when it leaves, "rx" at the
 *        receiving host when it arrives, sequence numbers relative to each direction's SYN. A
 *        segment the link loses has its "tx" and no "rx", as in the model's traces, whose "rx"
 *        is the receiving host's IPv4 taking the packet. Other packets are not recorded.
 */
class SegmentLog : public PacketObserver
{
  public:
    /// \param out where the lines go (one JSON object a line, keys sorted); not closed here
    explicit SegmentLog(std::FILE* out);

    void Sent(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs) override;
    void Arrived(uint32_t to, std::span<const uint8_t> packet, int64_t nowNs) override;

  private:
    /// Write the segment event of a packet, if it is a TCP segment.
    void Write(uint32_t host,
               const char* direction,
               std::span<const uint8_t> packet,
               int64_t nowNs);

    std::FILE* m_out;             //!< the lines
    SegmentNumbering m_numbering; //!< relative numbers
};

} // namespace wsdsim::link

#endif // WSDSIM_LINK_SEGMENT_LOG_H

// The link's TCP segments as trace segment events (see segment-log.h).
#include "link/segment-log.h"

#include <nlohmann/json.hpp>
#include <string>

namespace wsdsim::link
{

namespace
{

/**
 * \brief The segment event of a TCP segment, as a trace line's JSON.
 * \param segment the segment \param relative its relative numbers
 * \param host where it was seen \param direction "tx" or "rx" \param nowNs when
 */
nlohmann::json
SegmentEvent(const TcpSegment& segment,
             const SegmentNumbering::Relative& relative,
             uint32_t host,
             const char* direction,
             int64_t nowNs)
{
    // The fields of docs/trace-format.md's `segment`; nlohmann::json sorts the keys.
    return {{"kind", "segment"},
            {"time_ns", nowNs},
            {"host", host},
            {"dir", direction},
            {"proto", "tcp"},
            {"flags", TcpFlagsText(segment.flags)},
            {"seq", relative.sequence},
            {"ack", relative.acknowledgement},
            {"len", segment.payloadBytes},
            {"src", EndpointText(segment.source, segment.sourcePort)},
            {"dst", EndpointText(segment.destination, segment.destinationPort)}};
}

} // namespace

SegmentLog::SegmentLog(std::FILE* out)
    : m_out(out)
{
}

void
SegmentLog::Sent(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs)
{
    Write(from, "tx", packet, nowNs);
}

void
SegmentLog::Arrived(uint32_t to, std::span<const uint8_t> packet, int64_t nowNs)
{
    Write(to, "rx", packet, nowNs);
}

void
SegmentLog::Write(uint32_t host,
                  const char* direction,
                  std::span<const uint8_t> packet,
                  int64_t nowNs)
{
    const auto segment = ReadTcpSegment(packet);
    if (!segment)
    {
        return;
    }
    // A segment arrives after it was sent, so its numbers are those of its "tx" line.
    const std::string line
        = SegmentEvent(*segment, m_numbering.Number(*segment), host, direction, nowNs).dump()
          + "\n";
    std::fputs(line.c_str(), m_out);
}

} // namespace wsdsim::link

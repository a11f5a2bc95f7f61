// Numbers segments relative to each direction's SYN (see segment-numbering.h).
#include "link/segment-numbering.h"

namespace wsdsim::link
{

SegmentNumbering::Relative
SegmentNumbering::Number(const TcpSegment& segment)
{
    const Direction forward{
        segment.source, segment.sourcePort, segment.destination, segment.destinationPort};
    const Direction backward{
        segment.destination, segment.destinationPort, segment.source, segment.sourcePort};
    if (segment.flags & kTcpSyn)
    {
        m_initialSequence.emplace(forward, segment.sequence); // the first SYN's only
    }
    Relative relative;
    relative.sequence = segment.sequence - InitialSequence(forward);
    relative.acknowledgement
        = (segment.flags & kTcpAck) ? segment.acknowledgement - InitialSequence(backward) : 0;
    return relative;
}

uint32_t
SegmentNumbering::InitialSequence(const Direction& direction) const
{
    const auto found = m_initialSequence.find(direction);
    return found == m_initialSequence.end() ? 0 : found->second;
}

} // namespace wsdsim::link

// Sequence and acknowledgement numbers relative to each direction's SYN, as traces write them.
#ifndef WSDSIM_LINK_SEGMENT_NUMBERING_H
#define WSDSIM_LINK_SEGMENT_NUMBERING_H

#include <array>
#include <cstdint>
#include <map>
#include <tuple>

#include "link/tcp-segment.h"

namespace wsdsim::link
{

/**
 * \brief Numbers a connection's segments as docs/trace-format.md says: the sequence number
 *        relative to the initial sequence number of its direction (its first SYN's), the
 *        acknowledgement number (ACK set; else 0) relative to that of the other direction. A
 *        direction whose SYN was not seen counts from 0. Segments must be numbered in the
 *        order they were sent.
 */
class SegmentNumbering
{
  public:
    /// A segment's numbers, relative.
    struct Relative
    {
        uint32_t sequence{0};        //!< relative to its direction's ISN
        uint32_t acknowledgement{0}; //!< relative to the other direction's ISN (0 without ACK)
    };

    /// \param segment the next segment sent \return its relative numbers
    Relative Number(const TcpSegment& segment);

  private:
    /// A direction: source address and port, destination address and port.
    using Direction
        = std::tuple<std::array<uint8_t, 4>, uint16_t, std::array<uint8_t, 4>, uint16_t>;

    /// \return the ISN of a direction (0 when its SYN was not seen)
    uint32_t InitialSequence(const Direction& direction) const;

    std::map<Direction, uint32_t> m_initialSequence; //!< each direction's first SYN's number
};

} // namespace wsdsim::link

#endif // WSDSIM_LINK_SEGMENT_NUMBERING_H

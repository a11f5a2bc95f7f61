// A case's timeline drawn as an SVG sequence diagram.
#ifndef WSDSIM_SEQUENCE_DIAGRAM_H
#define WSDSIM_SEQUENCE_DIAGRAM_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trace/timeline.h"

namespace wsdsim
{

/// How to draw a diagram.
struct DiagramOptions
{
    std::string title;                     //!< drawn above the lifelines ("" for none)
    std::optional<size_t> divergenceEvent; //!< event index to mark as the first divergence
    std::string divergenceText;            //!< what the mark says
    bool standalone{true}; //!< an .svg file (with xmlns); false: inline in an HTML page
};

/**
 * \brief Draw a timeline as an SVG sequence diagram: a lifeline per host, API calls as boxes
 * beside their host's lifeline (blocking calls as a bar from call to return), segments as arrows
 * from send to arrival labelled with flags, seq, ack and length (a lost one ends in an X half-way),
 * TCP states as labels on the lifeline. Time runs downwards in event order; idle gaps are
 * compressed and marked on the time axis. The SVG scales down to its container (viewBox).
 * \param timeline the timeline \param options title and divergence mark
 * \return the `<svg>` element, all text escaped
 */
std::string RenderSequenceDiagram(const Timeline& timeline, const DiagramOptions& options);

} // namespace wsdsim

#endif // WSDSIM_SEQUENCE_DIAGRAM_H

// Reads the segments wsdsim-link recorded of a case's link (its --segments file).
#ifndef WSDSIM_LINK_SEGMENTS_H
#define WSDSIM_LINK_SEGMENTS_H

#include <string>
#include <vector>

#include "trace/trace-event.h"

namespace wsdsim
{

/**
 * \brief Read the segments of a case's link: the JSON Lines file `wsdsim-link --segments` wrote,
 *        one trace segment event a line (docs/trace-format.md), "tx" as a segment left its host
 *        and "rx" as it reached the other; a segment the link lost has no "rx".
 * \param path the file
 * \return the segments, in the order the link recorded them
 * \throws InputError naming the file and line when it cannot be read or a line is not a segment
 *         event
 */
std::vector<TraceEvent> ReadLinkSegments(const std::string& path);

} // namespace wsdsim

#endif // WSDSIM_LINK_SEGMENTS_H

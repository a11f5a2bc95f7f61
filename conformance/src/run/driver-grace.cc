// How long a real implementation's driver keeps a case's sockets open after its last call.
#include "run/driver-grace.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <map>
#include <vector>

#include "trace/trace-io.h"

namespace wsdsim
{

namespace
{

/// A reference segment: when, and the interval since the previous one in its direction.
struct TimedSegment
{
    int64_t timeNs{0};     //!< its time
    int64_t intervalNs{0}; //!< since the previous segment from the same source to the same place
};

} // namespace

std::optional<int64_t>
DriverGraceNs(const std::string& referencePath, int64_t floorNs, double share)
{
    if (!std::filesystem::exists(referencePath))
    {
        return std::nullopt;
    }
    int64_t lastReturn = 0;
    std::vector<TimedSegment> segments;
    std::map<std::string, int64_t> previous; // direction -> its previous segment's time
    try
    {
        TraceReader reader(referencePath);
        TraceEvent event;
        while (reader.Next(&event))
        {
            if (event.kind == EventKind::RETURN)
            {
                lastReturn = std::max(lastReturn, event.timeNs);
            }
            if (event.kind == EventKind::SEGMENT)
            {
                const std::string direction
                    = event.direction + " " + event.source + ">" + event.destination;
                const auto before = previous.find(direction);
                segments.push_back(
                    {event.timeNs, before == previous.end() ? 0 : event.timeNs - before->second});
                previous[direction] = event.timeNs;
            }
        }
    }
    catch (const std::exception&)
    {
        // The comparison reports a reference that does not read; the driver keeps its default.
        return std::nullopt;
    }
    int64_t grace = floorNs;
    for (const auto& segment : segments)
    {
        if (segment.timeNs > lastReturn)
        {
            const auto allowed = std::max<int64_t>(
                floorNs, static_cast<int64_t>(share * static_cast<double>(segment.intervalNs)));
            grace = std::max(grace, segment.timeNs - lastReturn + allowed);
        }
    }
    return grace + kDriverGraceSlackNs;
}

} // namespace wsdsim

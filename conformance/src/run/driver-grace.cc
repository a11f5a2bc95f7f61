// How long a real implementation's driver keeps a case's sockets open after its last call.
#include "run/driver-grace.h"

#include <algorithm>
#include <exception>
#include <filesystem>

#include "trace/trace-io.h"

namespace wsdsim
{

std::optional<int64_t>
DriverGraceNs(const std::string& referencePath)
{
    if (!std::filesystem::exists(referencePath))
    {
        return std::nullopt;
    }
    int64_t lastEvent = 0;
    int64_t lastReturn = 0;
    try
    {
        TraceReader reader(referencePath);
        TraceEvent event;
        while (reader.Next(&event))
        {
            lastEvent = std::max(lastEvent, event.timeNs);
            if (event.kind == EventKind::RETURN)
            {
                lastReturn = std::max(lastReturn, event.timeNs);
            }
        }
    }
    catch (const std::exception&)
    {
        // The comparison reports a reference that does not read; the driver keeps its default.
        return std::nullopt;
    }
    return lastEvent - lastReturn + kDriverGraceMarginNs;
}

} // namespace wsdsim

// Reads the segments wsdsim-link recorded (see link-segments.h).
#include "run/link-segments.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/input-error.h"

namespace wsdsim
{

std::vector<TraceEvent>
ReadLinkSegments(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw InputError(path, 0, 0, "", "cannot be read: wsdsim-link wrote no segments");
    }
    std::vector<TraceEvent> segments;
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number)
    {
        const nlohmann::json object = nlohmann::json::parse(line, nullptr, false);
        std::string error = "not JSON";
        std::optional<TraceEvent> event;
        if (!object.is_discarded())
        {
            event = TraceEvent::FromJson(object, &error);
        }
        if (event && event->kind != EventKind::SEGMENT)
        {
            error = std::string("a line of kind \"") + EventKindName(event->kind) + "\"";
            event.reset();
        }
        if (!event)
        {
            throw InputError(
                path, number, 1, "", "expected a segment event (docs/trace-format.md): " + error);
        }
        segments.push_back(std::move(*event));
    }
    return segments;
}

} // namespace wsdsim

// Fuzz entry for the trace reader: bytes -> trace file -> TraceReader to the end, round trips.
#include "fuzz-entries.h"
#include "fuzz-files.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "common/input-error.h"
#include "trace/trace-io.h"

namespace
{
/// An event read from a trace, written as a line and read back, must give the same line.
void
CheckRoundTrip(const wsdsim::TraceEvent& event)
{
    const std::string line = event.ToLine();
    std::string problem;
    const auto again = wsdsim::TraceEvent::FromJson(nlohmann::json::parse(line), &problem);
    if (!again || again->ToLine() != line)
    {
        std::fprintf(stderr,
                     "trace round trip broken: %s\n  -> %s\n",
                     line.c_str(),
                     again ? again->ToLine().c_str() : problem.c_str());
        std::abort();
    }
}
} // namespace

int
WsdsimFuzzTraceReader(const uint8_t* data, size_t size)
{
    const std::string path = wsdsim::WriteScratchFile("trace.jsonl", data, size);
    try
    {
        wsdsim::TraceReader reader(path);
        CheckRoundTrip(reader.Header());
        while (auto event = reader.Next())
        {
            CheckRoundTrip(*event);
        }
        (void)reader.LineNumber();
    }
    catch (const wsdsim::InputError& error)
    {
        (void)error.what();
    }
    return 0;
}

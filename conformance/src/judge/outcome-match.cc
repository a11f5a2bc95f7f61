// Whether a step's return is one of its acceptable outcomes (see outcome-match.h).
#include "judge/outcome-match.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace wsdsim
{

namespace
{

/// \return whether the return value matches the expected result
bool
ResultMatches(const ExpectedResult& expected, int64_t result)
{
    switch (expected.kind)
    {
        case ExpectedResult::Kind::EXACT:
            return result == expected.value;
        case ExpectedResult::Kind::HANDLE:
            return result != -1; // INVALID_SOCKET is written -1
        case ExpectedResult::Kind::POSITIVE:
            return result > 0;
    }
    return false;
}

} // namespace

std::optional<int64_t>
ReturnOutput(const TraceEvent& ret, const std::string& name)
{
    if (ret.outputs.empty())
    {
        return std::nullopt;
    }
    const auto outputs = nlohmann::json::parse(ret.outputs, nullptr, false);
    if (!outputs.is_object() || !outputs.contains(name) || !outputs.at(name).is_number_integer())
    {
        return std::nullopt;
    }
    return outputs.at(name).get<int64_t>();
}

TraceClock
ClockOf(const TraceEvent& header)
{
    // docs/trace-format.md: "time_ns is simulated time for the model; a real implementation
    // writes the time since the case started".
    return header.implementation == "model" ? TraceClock::SIMULATED : TraceClock::REAL;
}

bool
CallBlocked(const TraceEvent& ret, int64_t blockedNs, int64_t floorNs, TraceClock clock)
{
    switch (clock)
    {
        case TraceClock::SIMULATED:
            return ret.blocked; // simulated time passed in the call: exact, no floor
        case TraceClock::REAL:
            // longer than scheduling alone can make a call take
            return blockedNs > std::max(floorNs, kLeastBlockingNs);
    }
    return ret.blocked;
}

bool
OutcomeMatches(const Outcome& outcome,
               const TraceEvent& ret,
               int64_t blockedNs,
               int64_t floorNs,
               TraceClock clock)
{
    if (outcome.result && !ResultMatches(*outcome.result, ret.result))
    {
        return false;
    }
    if (outcome.error && *outcome.error != ret.error)
    {
        return false;
    }
    if (outcome.data && (!ret.data || *ret.data != *outcome.data))
    {
        return false;
    }
    if (outcome.dataLength && (ret.data ? ret.data->size() : 0u) != *outcome.dataLength)
    {
        return false;
    }
    if (outcome.blocks && *outcome.blocks != CallBlocked(ret, blockedNs, floorNs, clock))
    {
        return false;
    }
    if (outcome.output && ReturnOutput(ret, outcome.outputName) != outcome.output)
    {
        return false;
    }
    if (outcome.returnsAfterNs)
    {
        const int64_t allowed = std::max<int64_t>(floorNs, *outcome.returnsAfterNs / 20);
        if (std::llabs(blockedNs - *outcome.returnsAfterNs) > allowed)
        {
            return false;
        }
    }
    return true;
}

} // namespace wsdsim

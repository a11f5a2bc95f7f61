// Whether a step's return is one of its acceptable outcomes (see outcome-match.h).
#include "judge/outcome-match.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "wsdsim/call-json.h"

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
            return result != expected.value; // INVALID_SOCKET is written -1, a NULL handle 0
        case ExpectedResult::Kind::POSITIVE:
            return result > 0;
    }
    return false;
}

} // namespace

nlohmann::json
ReturnOutputs(const TraceEvent& ret)
{
    if (ret.outputs.empty())
    {
        return nlohmann::json::object();
    }
    auto outputs = nlohmann::json::parse(ret.outputs, nullptr, false);
    return outputs.is_object() ? outputs : nlohmann::json::object();
}

/// \return whether every out-parameter an outcome expects is the return's (sets in any order)
bool
OutputsMatch(const Outcome& outcome, const TraceEvent& ret)
{
    if (outcome.outputs.empty())
    {
        return true;
    }
    const CallInfo* call = FindCallInfo(ret.call);
    const nlohmann::json actual = ReturnOutputs(ret);
    for (const auto& [name, expected] : outcome.outputs)
    {
        const OutputSpec* spec = call ? FindOutput(*call, name) : nullptr;
        if (!spec || !actual.contains(name) || CanonicalOutput(*spec, actual.at(name)) != expected)
        {
            return false;
        }
    }
    return true;
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
    if (!OutputsMatch(outcome, ret))
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

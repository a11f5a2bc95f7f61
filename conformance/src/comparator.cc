// Judges a trace: each step's return against its acceptable outcomes, the wire against the
// reference.
#include "comparator.h"

#include "input-error.h"
#include "trace-io.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>

namespace wsdsim
{

namespace
{

/// Lines kept before a divergence, for its context.
constexpr size_t kContextBefore = 3;

/// Text of an outcome, for "Expected:".
std::string
OutcomeText(const Outcome& outcome)
{
    std::string text;
    auto add = [&text](const std::string& part)
    {
        text += text.empty() ? "" : ", ";
        text += part;
    };
    if (outcome.result)
    {
        switch (outcome.result->kind)
        {
            case ExpectedResult::Kind::EXACT:
                add("result " + std::to_string(outcome.result->value));
                break;
            case ExpectedResult::Kind::HANDLE:
                add("result a socket handle");
                break;
            case ExpectedResult::Kind::POSITIVE:
                add("result > 0");
                break;
        }
    }
    if (outcome.error)
    {
        add("error " + *outcome.error);
    }
    if (outcome.data)
    {
        add("data \"" + *outcome.data + "\"");
    }
    if (outcome.dataLength)
    {
        add(std::to_string(*outcome.dataLength) + " bytes");
    }
    if (outcome.blocks)
    {
        add(*outcome.blocks ? "blocks" : "does not block");
    }
    if (outcome.returnsAfterNs)
    {
        add("returns after " + std::to_string(*outcome.returnsAfterNs) + " ns");
    }
    return "[" + std::string(LevelName(outcome.level)) + "] " + (text.empty() ? "anything" : text);
}

/// Text of a return, for "Actual:".
std::string
ReturnText(const TraceEvent& event, int64_t blockedNs)
{
    std::string text
        = event.call + " returned " + std::to_string(event.result) + ", error " + event.error;
    if (event.data)
    {
        constexpr size_t kShown = 48;
        const std::string shown
            = event.data->size() > kShown ? event.data->substr(0, kShown) + "..." : *event.data;
        text += ", data \"" + shown + "\" (" + std::to_string(event.data->size()) + " bytes)";
    }
    text += event.blocked ? ", blocked " + std::to_string(blockedNs) + " ns" : ", did not block";
    return text;
}

/// Whether a return matches an outcome.
bool
Matches(const Outcome& outcome,
        const TraceEvent& event,
        int64_t blockedNs,
        const Tolerance& tolerance)
{
    if (outcome.result)
    {
        switch (outcome.result->kind)
        {
            case ExpectedResult::Kind::EXACT:
                if (event.result != outcome.result->value)
                {
                    return false;
                }
                break;
            case ExpectedResult::Kind::HANDLE:
                if (event.result == -1)
                {
                    return false;
                }
                break;
            case ExpectedResult::Kind::POSITIVE:
                if (event.result <= 0)
                {
                    return false;
                }
                break;
        }
    }
    if (outcome.error && *outcome.error != event.error)
    {
        return false;
    }
    if (outcome.data && (!event.data || *event.data != *outcome.data))
    {
        return false;
    }
    if (outcome.dataLength && (!event.data ? 0u : event.data->size()) != *outcome.dataLength)
    {
        return false;
    }
    if (outcome.blocks && *outcome.blocks != event.blocked)
    {
        return false;
    }
    if (outcome.returnsAfterNs)
    {
        // Within max(floor, 5 % of the expected duration): the model returns exactly on time
        // (its reference traces pin that); a real stack's timers are coarser.
        const int64_t allowed = std::max<int64_t>(tolerance.floorNs, *outcome.returnsAfterNs / 20);
        if (std::llabs(blockedNs - *outcome.returnsAfterNs) > allowed)
        {
            return false;
        }
    }
    return true;
}

/// The strongest level among a step's outcomes.
Level
StrongestLevel(const Step& step)
{
    Level level = Level::IMPLEMENTATION_DEFINED;
    for (const auto& outcome : step.outcomes)
    {
        if (outcome.level == Level::MUST)
        {
            return Level::MUST;
        }
        if (outcome.level == Level::SHOULD)
        {
            level = Level::SHOULD;
        }
    }
    return level;
}

/// A segment's identity for wire comparison.
std::string
SegmentText(const TraceEvent& event)
{
    return "host " + std::to_string(event.host) + " " + event.direction + " " + event.protocol + " "
           + (event.flags.empty() ? "-" : event.flags) + " len=" + std::to_string(event.length)
           + " at " + std::to_string(event.timeNs) + " ns";
}

/// Whether two segments agree in kind.
bool
SameSegment(const TraceEvent& actual, const TraceEvent& expected)
{
    return actual.host == expected.host && actual.direction == expected.direction
           && actual.protocol == expected.protocol && actual.flags == expected.flags
           && actual.length == expected.length;
}

/// Reads the segments of a trace, one at a time, with their event index.
class SegmentStream
{
  public:
    explicit SegmentStream(const std::string& path)
        : m_reader(path)
    {
    }

    std::optional<std::pair<size_t, TraceEvent>> Next()
    {
        while (auto event = m_reader.Next())
        {
            const size_t index = m_index++;
            if (event->kind == EventKind::SEGMENT)
            {
                return std::make_pair(index, *event);
            }
        }
        return std::nullopt;
    }

  private:
    TraceReader m_reader;
    size_t m_index{0};
};

/// The lines around an event of a trace, read again from the file.
std::vector<std::string>
ContextLines(const std::string& path, size_t eventIndex)
{
    std::vector<std::string> lines;
    TraceReader reader(path);
    size_t index = 0;
    const size_t first = eventIndex > kContextBefore ? eventIndex - kContextBefore : 0;
    while (auto event = reader.Next())
    {
        if (index >= first && index <= eventIndex + kContextBefore)
        {
            lines.push_back((index == eventIndex ? ">> " : "   ") + event->ToLine());
        }
        if (index > eventIndex + kContextBefore)
        {
            break;
        }
        ++index;
    }
    return lines;
}

/// The reference's error per step (only kept for steps without outcomes).
std::map<int64_t, std::string>
ReferenceErrors(const ScenarioCase& scenarioCase, const std::string& referencePath)
{
    std::set<int64_t> wanted;
    for (const auto& step : scenarioCase.steps)
    {
        if (step.outcomes.empty())
        {
            wanted.insert(static_cast<int64_t>(step.index));
        }
    }
    std::map<int64_t, std::string> errors;
    TraceReader reader(referencePath);
    while (auto event = reader.Next())
    {
        if (event->kind == EventKind::RETURN && wanted.count(event->step)
            && !errors.count(event->step))
        {
            errors[event->step] = event->error;
        }
    }
    return errors;
}

/// The SYN, FIN and RST bits of a flags text, in a fixed order.
std::string
ControlFlags(const std::string& flags)
{
    std::string control;
    for (const char* bit : {"SYN", "FIN", "RST"})
    {
        if (flags.find(bit) != std::string::npos)
        {
            control += control.empty() ? bit : std::string("|") + bit;
        }
    }
    return control;
}

/// The control segments (SYN, FIN, RST) of a trace, per host and direction.
std::map<std::pair<uint32_t, std::string>, std::vector<std::pair<size_t, TraceEvent>>>
ControlSegments(const std::string& path)
{
    std::map<std::pair<uint32_t, std::string>, std::vector<std::pair<size_t, TraceEvent>>> streams;
    SegmentStream stream(path);
    while (auto segment = stream.Next())
    {
        if (segment->second.protocol == "tcp" && !ControlFlags(segment->second.flags).empty())
        {
            streams[{segment->second.host, segment->second.direction}].push_back(*segment);
        }
    }
    return streams;
}

/// Compare the control segments of each host and direction with the reference's.
template <typename Note>
void
CompareControlSegments(const std::string& tracePath,
                       const std::string& referencePath,
                       const Tolerance& tolerance,
                       Level level,
                       size_t lastIndex,
                       Note& note)
{
    const auto actual = ControlSegments(tracePath);
    const auto expected = ControlSegments(referencePath);
    std::set<std::pair<uint32_t, std::string>> keys;
    for (const auto& [key, list] : actual)
    {
        keys.insert(key);
    }
    for (const auto& [key, list] : expected)
    {
        keys.insert(key);
    }
    for (const auto& key : keys)
    {
        static const std::vector<std::pair<size_t, TraceEvent>> kNone;
        const auto& a = actual.count(key) ? actual.at(key) : kNone;
        const auto& e = expected.count(key) ? expected.at(key) : kNone;
        const std::string stream = "host " + std::to_string(key.first) + " " + key.second;
        int64_t previousNs = 0;
        for (size_t i = 0; i < std::max(a.size(), e.size()); ++i)
        {
            Divergence divergence;
            divergence.eventIndex = i < a.size() ? a[i].first : lastIndex + 1;
            if (i >= a.size() || i >= e.size())
            {
                divergence.what
                    = stream + ": "
                      + (i < a.size() ? "a control segment the reference does not have"
                                      : "a control segment of the reference is missing");
                divergence.expected
                    = i < e.size() ? SegmentText(e[i].second) : "no more SYN, FIN or RST";
                divergence.actual
                    = i < a.size() ? SegmentText(a[i].second) : "no more SYN, FIN or RST";
                note(divergence, level);
                break;
            }
            if (ControlFlags(a[i].second.flags) != ControlFlags(e[i].second.flags))
            {
                divergence.what = stream + ": control segment " + std::to_string(i + 1)
                                  + " differs from the reference's";
                divergence.expected = SegmentText(e[i].second);
                divergence.actual = SegmentText(a[i].second);
                note(divergence, level);
                break;
            }
            const int64_t allowed = std::max<int64_t>(
                tolerance.floorNs,
                static_cast<int64_t>(tolerance.share
                                     * static_cast<double>(e[i].second.timeNs - previousNs)));
            if (std::llabs(a[i].second.timeNs - e[i].second.timeNs) > allowed)
            {
                divergence.what = stream + ": control segment " + std::to_string(i + 1)
                                  + " is off the reference's time by more than "
                                  + std::to_string(allowed) + " ns";
                divergence.expected = SegmentText(e[i].second);
                divergence.actual = SegmentText(a[i].second);
                note(divergence, level);
                break;
            }
            previousNs = e[i].second.timeNs;
        }
    }
}

} // namespace

Comparison
CompareTrace(const ScenarioCase& scenarioCase,
             const std::string& tracePath,
             const std::string& referencePath,
             const Tolerance& tolerance,
             bool wireObserved)
{
    return CompareTrace(scenarioCase,
                        tracePath,
                        referencePath,
                        tolerance,
                        wireObserved ? WireDetail::ALL : WireDetail::NONE);
}

Comparison
CompareTrace(const ScenarioCase& scenarioCase,
             const std::string& tracePath,
             const std::string& referencePath,
             const Tolerance& tolerance,
             WireDetail wire)
{
    Comparison comparison;
    std::optional<Divergence> mustBreach;
    std::optional<Divergence> shouldBreach;
    std::set<std::string> passed;
    std::set<std::string> failed;
    auto note = [&](Divergence divergence, Level level)
    {
        divergence.level = LevelName(level);
        auto& slot = level == Level::MUST ? mustBreach : shouldBreach;
        if (!slot || divergence.eventIndex < slot->eventIndex)
        {
            slot = std::move(divergence);
        }
    };

    // --- API: every step's return against its outcomes --------------------------------------
    const std::map<int64_t, std::string> referenceErrors
        = referencePath.empty() ? std::map<int64_t, std::string>{}
                                : ReferenceErrors(scenarioCase, referencePath);
    std::map<int64_t, int64_t> callTime; // step -> time of its call
    std::set<int64_t> returned;
    size_t lastIndex = 0;
    {
        TraceReader reader(tracePath);
        const TraceEvent& header = reader.Header();
        if (header.caseId != scenarioCase.id)
        {
            throw InputError(tracePath,
                             1,
                             1,
                             "/case",
                             "the trace is of case \"" + header.caseId + "\", not \""
                                 + scenarioCase.id + "\"");
        }
        size_t index = 0;
        while (auto event = reader.Next())
        {
            lastIndex = index;
            const size_t eventIndex = index++;
            if (event->kind == EventKind::CALL)
            {
                if (event->step >= 0 && !callTime.count(event->step))
                {
                    callTime[event->step] = event->timeNs;
                }
                continue;
            }
            if (event->kind != EventKind::RETURN || event->step < 0
                || event->step >= static_cast<int64_t>(scenarioCase.steps.size())
                || returned.count(event->step))
            {
                continue;
            }
            returned.insert(event->step);
            const Step& step = scenarioCase.steps[static_cast<size_t>(event->step)];
            if (event->call != step.call)
            {
                Divergence divergence;
                divergence.eventIndex = eventIndex;
                divergence.what = "step " + step.id + " should call " + step.call
                                  + " but the trace has " + event->call;
                divergence.expected = step.call;
                divergence.actual = event->call;
                note(divergence, Level::MUST);
                continue;
            }
            const int64_t blockedNs
                = event->timeNs
                  - (callTime.count(event->step) ? callTime.at(event->step) : event->timeNs);
            if (step.outcomes.empty())
            {
                auto it = referenceErrors.find(event->step);
                if (it != referenceErrors.end() && it->second != event->error)
                {
                    Divergence divergence;
                    divergence.eventIndex = eventIndex;
                    divergence.what = "step " + step.id + " (" + step.call
                                      + ", set-up) gave another error than the reference";
                    divergence.expected
                        = step.call + " with error " + it->second + " (the reference)";
                    divergence.actual = ReturnText(*event, blockedNs);
                    note(divergence, Level::MUST);
                }
                continue;
            }
            auto match = std::find_if(step.outcomes.begin(),
                                      step.outcomes.end(),
                                      [&](const Outcome& outcome)
                                      { return Matches(outcome, *event, blockedNs, tolerance); });
            if (match != step.outcomes.end())
            {
                passed.insert(match->requirements.begin(), match->requirements.end());
                continue;
            }
            const Level level = StrongestLevel(step);
            for (const auto& outcome : step.outcomes)
            {
                if (outcome.level != Level::IMPLEMENTATION_DEFINED)
                {
                    failed.insert(outcome.requirements.begin(), outcome.requirements.end());
                }
            }
            if (level == Level::IMPLEMENTATION_DEFINED)
            {
                continue; // any behaviour conforms
            }
            Divergence divergence;
            divergence.eventIndex = eventIndex;
            divergence.what = "step " + step.id + " (" + step.call
                              + ") matched none of its acceptable outcomes";
            for (const auto& outcome : step.outcomes)
            {
                divergence.expected
                    += (divergence.expected.empty() ? "" : " or ") + OutcomeText(outcome);
                divergence.requirements.insert(divergence.requirements.end(),
                                               outcome.requirements.begin(),
                                               outcome.requirements.end());
            }
            divergence.actual = ReturnText(*event, blockedNs);
            note(divergence, level);
        }
    }
    for (const auto& step : scenarioCase.steps)
    {
        if (step.outcomes.empty() || returned.count(static_cast<int64_t>(step.index)))
        {
            continue;
        }
        const Level level = StrongestLevel(step);
        for (const auto& outcome : step.outcomes)
        {
            failed.insert(outcome.requirements.begin(), outcome.requirements.end());
        }
        if (level == Level::IMPLEMENTATION_DEFINED)
        {
            continue;
        }
        Divergence divergence;
        divergence.eventIndex = lastIndex + 1;
        divergence.what
            = "step " + step.id + " (" + step.call + ") never returned before the case ended";
        for (const auto& outcome : step.outcomes)
        {
            divergence.expected
                += (divergence.expected.empty() ? "" : " or ") + OutcomeText(outcome);
            divergence.requirements.insert(divergence.requirements.end(),
                                           outcome.requirements.begin(),
                                           outcome.requirements.end());
        }
        divergence.actual = "no return (the thread was still blocked, or never reached the step)";
        note(divergence, level);
    }

    // --- Wire: segments against the reference's ----------------------------------------------
    if (!referencePath.empty() && wire == WireDetail::CONTROL && scenarioCase.wire != "ignore")
    {
        CompareControlSegments(tracePath,
                               referencePath,
                               tolerance,
                               scenarioCase.wire == "SHOULD" ? Level::SHOULD : Level::MUST,
                               lastIndex,
                               note);
    }
    if (!referencePath.empty() && wire == WireDetail::ALL && scenarioCase.wire != "ignore")
    {
        const Level level = scenarioCase.wire == "SHOULD" ? Level::SHOULD : Level::MUST;
        SegmentStream actual(tracePath);
        SegmentStream expected(referencePath);
        int64_t previousExpectedNs = 0;
        size_t count = 0;
        while (true)
        {
            auto a = actual.Next();
            auto e = expected.Next();
            if (!a && !e)
            {
                break;
            }
            Divergence divergence;
            divergence.eventIndex = a ? a->first : lastIndex + 1;
            if (!a || !e)
            {
                divergence.what = a ? "a segment the reference does not have (after "
                                          + std::to_string(count) + " agreeing)"
                                    : "a segment of the reference is missing (after "
                                          + std::to_string(count) + " agreeing)";
                divergence.expected = e ? SegmentText(e->second) : "no more segments";
                divergence.actual = a ? SegmentText(a->second) : "no more segments";
                note(divergence, level);
                break;
            }
            if (!SameSegment(a->second, e->second))
            {
                divergence.what
                    = "segment " + std::to_string(count + 1) + " differs from the reference's";
                divergence.expected = SegmentText(e->second);
                divergence.actual = SegmentText(a->second);
                note(divergence, level);
                break;
            }
            const int64_t interval = e->second.timeNs - previousExpectedNs;
            const int64_t allowed = std::max<int64_t>(
                tolerance.floorNs,
                static_cast<int64_t>(tolerance.share * static_cast<double>(interval)));
            if (std::llabs(a->second.timeNs - e->second.timeNs) > allowed)
            {
                divergence.what = "segment " + std::to_string(count + 1)
                                  + " is off the reference's time by more than "
                                  + std::to_string(allowed) + " ns";
                divergence.expected = SegmentText(e->second);
                divergence.actual = SegmentText(a->second);
                note(divergence, level);
                break;
            }
            previousExpectedNs = e->second.timeNs;
            ++count;
        }
    }

    for (const auto& id : failed)
    {
        passed.erase(id);
    }
    comparison.passedRequirements.assign(passed.begin(), passed.end());
    comparison.failedRequirements.assign(failed.begin(), failed.end());
    if (mustBreach)
    {
        comparison.verdict = Verdict::FAIL;
        comparison.divergence = mustBreach;
    }
    else if (shouldBreach)
    {
        comparison.verdict = Verdict::NON_STRICT;
        comparison.divergence = shouldBreach;
    }
    if (comparison.divergence)
    {
        comparison.divergence->context = ContextLines(tracePath, comparison.divergence->eventIndex);
        comparison.summary = comparison.divergence->what;
    }
    return comparison;
}

} // namespace wsdsim

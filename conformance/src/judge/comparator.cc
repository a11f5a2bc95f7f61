// Judges a trace: each step's return against its acceptable outcomes, the wire against the
// reference.
#include "judge/comparator.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <exception>
#include <iterator>
#include <map>
#include <set>
#include <unordered_map>

#include "common/input-error.h"
#include "common/time-text.h"
#include "judge/flag-equivalence.h"
#include "judge/outcome-match.h"
#include "trace/trace-io.h"

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
        add("returns after " + FormatDuration(*outcome.returnsAfterNs));
    }
    for (const auto& [name, value] : outcome.outputs)
    {
        add(name + " " + value.dump());
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
    if (!event.outputs.empty())
    {
        text += ", out " + event.outputs;
    }
    text += event.blocked ? ", blocked " + FormatDuration(blockedNs) : ", did not block";
    return text;
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
           + " at " + FormatSimTime(event.timeNs);
}

/// Whether two segments agree in kind: the model's wire against its own reference, so the flag
/// set exactly, with no alternative.
bool
SameSegment(const TraceEvent& actual, const TraceEvent& expected)
{
    return actual.host == expected.host && actual.direction == expected.direction
           && actual.protocol == expected.protocol && SameFlagSet(actual.flags, expected.flags)
           && actual.length == expected.length;
}

/**
 * \brief Give each divergence its context: the lines around its event, read again from the
 * trace in one pass, the event itself marked ">> ".
 * \param path the trace \param divergences the divergences
 */
void
AddContexts(const std::string& path, std::vector<Divergence>& divergences)
{
    if (divergences.empty())
    {
        return;
    }
    size_t lastWanted = 0;
    for (const auto& divergence : divergences)
    {
        lastWanted = std::max(lastWanted, divergence.eventIndex + kContextBefore);
    }
    TraceReader reader(path);
    for (size_t index = 0; index <= lastWanted; ++index)
    {
        const auto event = reader.Next();
        if (!event)
        {
            break;
        }
        const std::string line = event->ToLine();
        for (auto& divergence : divergences)
        {
            if (index + kContextBefore >= divergence.eventIndex
                && index <= divergence.eventIndex + kContextBefore)
            {
                divergence.context.push_back((index == divergence.eventIndex ? ">> " : "   ")
                                             + line);
            }
        }
    }
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

/// A trace read once, front to back, into one event whose storage is reused.
class TraceCursor
{
  public:
    /// \param path the trace \throws InputError as TraceReader
    explicit TraceCursor(const std::string& path)
        : m_reader(path)
    {
    }

    /// \return the reader
    const TraceReader& Reader() const
    {
        return m_reader;
    }

    /**
     * \brief Read on to the next segment, handing every other event to `other`.
     * \param other called with the index and the event of each event that is not a segment
     * \return whether there is one (then Event() and Index()); false at the end line
     * \throws InputError for a malformed trace
     */
    template <typename Other>
    bool NextSegment(Other&& other)
    {
        while (m_reader.Next(&m_event))
        {
            m_index = m_count++;
            if (m_event.kind == EventKind::SEGMENT)
            {
                return true;
            }
            other(m_index, m_event);
        }
        return false;
    }

    /// \return the event last read
    const TraceEvent& Event() const
    {
        return m_event;
    }

    /// \return the index of the event last read (0 is the line after the header)
    size_t Index() const
    {
        return m_index;
    }

    /// \return the number of events read
    size_t Count() const
    {
        return m_count;
    }

  private:
    TraceReader m_reader; //!< the trace
    TraceEvent m_event;   //!< the event last read
    size_t m_index{0};    //!< its index
    size_t m_count{0};    //!< events read
};

/// An event of a trace and its index, kept.
struct IndexedEvent
{
    size_t index{0};  //!< the index (0 is the line after the header)
    TraceEvent event; //!< the event
};

/// Every divergence noted, each with the level it breaks; the verdict follows the strongest.
class Breaches
{
  public:
    /// Note a divergence at a level (MUST or SHOULD).
    void Note(Divergence divergence, Level level)
    {
        divergence.level = LevelName(level);
        m_mustBroken = m_mustBroken || level == Level::MUST;
        m_divergences.push_back(std::move(divergence));
    }

    /// \return FAIL when a MUST broke, else NON-STRICT when a SHOULD did, else PASS
    Verdict VerdictOf() const
    {
        if (m_mustBroken)
        {
            return Verdict::FAIL;
        }
        return m_divergences.empty() ? Verdict::PASS : Verdict::NON_STRICT;
    }

    /// \return every divergence, in the order reports list them (OrderDivergences())
    std::vector<Divergence> Ordered() const
    {
        std::vector<Divergence> ordered = m_divergences;
        OrderDivergences(ordered);
        return ordered;
    }

  private:
    std::vector<Divergence> m_divergences; //!< as noted
    bool m_mustBroken{false};              //!< whether one breaks a MUST
};

/// A set-up step's return (a step without outcomes), judged once the reference has been read.
struct SetUpReturn
{
    size_t eventIndex{0}; //!< its index in the trace
    TraceEvent event;     //!< the return
    int64_t blockedNs{0}; //!< time since its call
};

/// The reference's error for each set-up step: the error of the step's first return.
class ReferenceErrors
{
  public:
    /// \param scenarioCase the case, whose steps without outcomes are the set-up steps
    explicit ReferenceErrors(const ScenarioCase& scenarioCase)
    {
        for (const auto& step : scenarioCase.steps)
        {
            if (step.outcomes.empty())
            {
                m_wanted.insert(static_cast<int64_t>(step.index));
            }
        }
    }

    /// Take a reference event.
    void Add(const TraceEvent& event)
    {
        if (event.kind == EventKind::RETURN && m_wanted.count(event.step)
            && !m_errors.count(event.step))
        {
            m_errors[event.step] = event.error;
        }
    }

    /// \return the error per set-up step that returned in the reference
    const std::map<int64_t, std::string>& Errors() const
    {
        return m_errors;
    }

  private:
    std::set<int64_t> m_wanted;              //!< the set-up steps
    std::map<int64_t, std::string> m_errors; //!< step -> its first return's error
};

/// Judges the API of a trace, event by event: every step's return against its outcomes.
class ApiJudge
{
  public:
    /**
     * \param scenarioCase the case \param tolerance for outcomes with a duration
     * \param breaches where divergences are noted
     */
    ApiJudge(const ScenarioCase& scenarioCase, const Tolerance& tolerance, Breaches& breaches)
        : m_case(scenarioCase)
        , m_tolerance(tolerance)
        , m_breaches(breaches)
    {
    }

    /// Take the trace's next event (segments are not the API's).
    void Add(size_t eventIndex, const TraceEvent& event)
    {
        if (event.kind == EventKind::CALL)
        {
            if (event.step >= 0 && !m_callTime.count(event.step))
            {
                m_callTime[event.step] = event.timeNs;
            }
            return;
        }
        if (event.kind != EventKind::RETURN || event.step < 0
            || event.step >= static_cast<int64_t>(m_case.steps.size())
            || m_returned.count(event.step))
        {
            return;
        }
        m_returned.insert(event.step);
        const Step& step = m_case.steps[static_cast<size_t>(event.step)];
        if (event.call != step.CallName())
        {
            Divergence divergence;
            divergence.eventIndex = eventIndex;
            divergence.what = "step " + step.id + " should call " + step.CallName()
                              + " but the trace has " + event.call;
            divergence.expected = step.CallName();
            divergence.actual = event.call;
            m_breaches.Note(divergence, Level::MUST);
            return;
        }
        const int64_t blockedNs
            = event.timeNs
              - (m_callTime.count(event.step) ? m_callTime.at(event.step) : event.timeNs);
        if (step.outcomes.empty())
        {
            m_setUpReturns.push_back({eventIndex, event, blockedNs});
            return;
        }
        auto match = std::find_if(
            step.outcomes.begin(),
            step.outcomes.end(),
            [&](const Outcome& outcome)
            { return OutcomeMatches(outcome, event, blockedNs, m_tolerance.floorNs, m_clock); });
        if (match != step.outcomes.end())
        {
            m_passed.insert(match->requirements.begin(), match->requirements.end());
            return;
        }
        const Level level = StrongestLevel(step);
        for (const auto& outcome : step.outcomes)
        {
            if (outcome.level != Level::IMPLEMENTATION_DEFINED)
            {
                m_failed.insert(outcome.requirements.begin(), outcome.requirements.end());
            }
        }
        if (level == Level::IMPLEMENTATION_DEFINED)
        {
            return; // any behaviour conforms
        }
        Divergence divergence;
        divergence.eventIndex = eventIndex;
        divergence.what = "step " + step.id + " (" + step.CallName()
                          + ") matched none of its acceptable outcomes";
        AddOutcomes(step, &divergence);
        divergence.actual = ReturnText(event, blockedNs);
        m_breaches.Note(divergence, level);
    }

    /**
     * \brief Judge what needs the whole trace: the set-up steps' errors against the
     * reference's, then the steps with outcomes that never returned.
     * \param referenceErrors the reference's error per set-up step
     * \param lastIndex the index of the trace's last event (0 for none)
     */
    void Finish(const std::map<int64_t, std::string>& referenceErrors, size_t lastIndex)
    {
        for (const auto& setUp : m_setUpReturns)
        {
            const Step& step = m_case.steps[static_cast<size_t>(setUp.event.step)];
            auto it = referenceErrors.find(setUp.event.step);
            if (it != referenceErrors.end() && it->second != setUp.event.error)
            {
                Divergence divergence;
                divergence.eventIndex = setUp.eventIndex;
                divergence.what = "step " + step.id + " (" + step.CallName()
                                  + ", set-up) gave another error than the reference";
                divergence.expected
                    = step.CallName() + " with error " + it->second + " (the reference)";
                divergence.actual = ReturnText(setUp.event, setUp.blockedNs);
                m_breaches.Note(divergence, Level::MUST);
            }
        }
        for (const auto& step : m_case.steps)
        {
            if (step.outcomes.empty() || m_returned.count(static_cast<int64_t>(step.index)))
            {
                continue;
            }
            const Level level = StrongestLevel(step);
            for (const auto& outcome : step.outcomes)
            {
                m_failed.insert(outcome.requirements.begin(), outcome.requirements.end());
            }
            if (level == Level::IMPLEMENTATION_DEFINED)
            {
                continue;
            }
            Divergence divergence;
            divergence.eventIndex = lastIndex + 1;
            divergence.what = "step " + step.id + " (" + step.CallName()
                              + ") never returned before the case ended";
            AddOutcomes(step, &divergence);
            divergence.actual
                = "no return (the thread was still blocked, or never reached the step)";
            m_breaches.Note(divergence, level);
        }
    }

    /// Set the trace's clock, which decides what "blocked" means (read from its header).
    void SetClock(TraceClock clock)
    {
        m_clock = clock;
    }

    /// \return the requirements whose outcomes held and never broke
    std::vector<std::string> Passed() const
    {
        std::vector<std::string> passed;
        std::set_difference(m_passed.begin(),
                            m_passed.end(),
                            m_failed.begin(),
                            m_failed.end(),
                            std::back_inserter(passed));
        return passed;
    }

    /// \return the requirements whose outcomes broke
    std::vector<std::string> Failed() const
    {
        return {m_failed.begin(), m_failed.end()};
    }

  private:
    /// Add a step's outcomes to a divergence: as expected, and their requirements.
    static void AddOutcomes(const Step& step, Divergence* divergence)
    {
        for (const auto& outcome : step.outcomes)
        {
            divergence->expected
                += (divergence->expected.empty() ? "" : " or ") + OutcomeText(outcome);
            divergence->requirements.insert(divergence->requirements.end(),
                                            outcome.requirements.begin(),
                                            outcome.requirements.end());
        }
    }

    const ScenarioCase& m_case;              //!< the case
    const Tolerance& m_tolerance;            //!< for outcomes with a duration
    Breaches& m_breaches;                    //!< where divergences go
    std::map<int64_t, int64_t> m_callTime;   //!< step -> time of its first call
    std::set<int64_t> m_returned;            //!< steps whose first return was judged
    std::vector<SetUpReturn> m_setUpReturns; //!< set-up returns, judged at the end
    std::set<std::string> m_passed;          //!< requirements whose outcomes held
    std::set<std::string> m_failed;          //!< requirements whose outcomes broke
    /// the trace's clock, which decides what "blocked" means
    TraceClock m_clock{TraceClock::SIMULATED};
};

/// A wire divergence found during the pass, noted at its end (after the API's, as before).
struct WireBreach
{
    Divergence divergence; //!< the divergence
    bool afterLastEvent;   //!< its event is the one after the trace's last
};

/// Compares every segment, in order, with the reference's: flags, length, time (WireDetail::ALL).
class SegmentMatcher
{
  public:
    /// \param tolerance the time tolerance
    explicit SegmentMatcher(const Tolerance& tolerance)
        : m_tolerance(tolerance)
    {
    }

    /// Take the next segment of each trace (nothing where a trace has no more), until the first
    /// divergence.
    void Add(const TraceCursor* actual, const TraceCursor* expected)
    {
        if (m_breach || (!actual && !expected))
        {
            return;
        }
        Divergence divergence;
        divergence.eventIndex = actual ? actual->Index() : 0;
        if (!actual || !expected)
        {
            divergence.what = actual ? "a segment the reference does not have (after "
                                           + std::to_string(m_count) + " agreeing)"
                                     : "a segment of the reference is missing (after "
                                           + std::to_string(m_count) + " agreeing)";
            divergence.expected = expected ? SegmentText(expected->Event()) : "no more segments";
            divergence.actual = actual ? SegmentText(actual->Event()) : "no more segments";
            m_breach = WireBreach{divergence, !actual};
            return;
        }
        if (!SameSegment(actual->Event(), expected->Event()))
        {
            divergence.what
                = "segment " + std::to_string(m_count + 1) + " differs from the reference's";
            divergence.expected = SegmentText(expected->Event());
            divergence.actual = SegmentText(actual->Event());
            m_breach = WireBreach{divergence, false};
            return;
        }
        const int64_t interval = expected->Event().timeNs - m_previousExpectedNs;
        const int64_t allowed = std::max<int64_t>(
            m_tolerance.floorNs,
            static_cast<int64_t>(m_tolerance.share * static_cast<double>(interval)));
        const int64_t gap = actual->Event().timeNs - expected->Event().timeNs;
        if (std::llabs(gap) > allowed)
        {
            divergence.what
                = "segment " + std::to_string(m_count + 1) + " is " + FormatLateness(gap, allowed);
            divergence.expected = SegmentText(expected->Event());
            divergence.actual = SegmentText(actual->Event());
            m_breach = WireBreach{divergence, false};
            return;
        }
        m_previousExpectedNs = expected->Event().timeNs;
        ++m_count;
    }

    /// \return the divergence found, if any
    std::vector<WireBreach> Found() const
    {
        return m_breach ? std::vector<WireBreach>{*m_breach} : std::vector<WireBreach>{};
    }

  private:
    const Tolerance& m_tolerance;       //!< time tolerance
    int64_t m_previousExpectedNs{0};    //!< the reference's previous segment's time
    size_t m_count{0};                  //!< segments that agreed
    std::optional<WireBreach> m_breach; //!< the divergence, which ends the comparison
};

/// A call: the step and when it was made.
struct CallAnchor
{
    int64_t step{-1};  //!< the step
    int64_t timeNs{0}; //!< its call's time
};

/// The calls of a trace, in the order it is read. A real implementation's segments are timed
/// from a call before them: a call that starts late (the implementation's scheduling, not its
/// TCP) then does not count against the segments after it.
class CallLog
{
  public:
    /// Follow an event of the trace.
    void Note(const TraceEvent& event)
    {
        if (event.kind == EventKind::CALL && event.step >= 0
            && m_positionOfStep.emplace(event.step, m_calls.size()).second)
        {
            m_calls.push_back(CallAnchor{event.step, event.timeNs});
        }
    }

    /// \return how many calls have been read so far
    size_t Count() const
    {
        return m_calls.size();
    }

    /**
     * \brief The call of the reference's, made last before its segment, that this trace also
     *        made before its own.
     * \param mineBefore how many of this trace's calls came before its segment
     * \param reference the reference's calls
     * \param referenceBefore how many of them came before its segment
     * \return this trace's call and the reference's, or nothing when they share none
     */
    std::optional<std::pair<CallAnchor, CallAnchor>> LastCommon(size_t mineBefore,
                                                                const CallLog& reference,
                                                                size_t referenceBefore) const
    {
        for (size_t i = std::min(referenceBefore, reference.m_calls.size()); i-- > 0;)
        {
            const CallAnchor& theirs = reference.m_calls[i];
            const auto mine = m_positionOfStep.find(theirs.step);
            if (mine != m_positionOfStep.end() && mine->second < mineBefore)
            {
                return std::make_pair(m_calls[mine->second], theirs);
            }
        }
        return std::nullopt;
    }

  private:
    std::vector<CallAnchor> m_calls;                      //!< each step's call, in trace order
    std::unordered_map<int64_t, size_t> m_positionOfStep; //!< step -> its place in m_calls
};

/// Compares the control segments (SYN, FIN, RST) of each host and direction with the
/// reference's, in order (WireDetail::CONTROL): the flag set exactly, or an alternative of
/// flag-equivalence.cc's table (a real stack's RST|ACK for the model's RST). Holds only those not
/// yet paired. A segment is timed from the call the reference made last before it among the calls
/// both traces made before their segments (a SYN from its connect, the SYN|ACK from that connect
/// too, a FIN from its WSASendDisconnect).
///
/// A SYN or FIN the trace sends again (the same control bits ending at the same sequence number as
/// the stream's last paired one) where the reference sends none is TCP's retransmission, not a
/// divergence: TCP resends any segment not acknowledged in time (RFC 9293 3.8.1), and a real
/// stack does so when the peer's acknowledgement is slow to come: Linux's tail loss probe resends
/// a FIN 10 ms after it when the receiving thread has not yet run. The wire of the resend is still
/// in the trace and its diagram. Where the reference resends too, the two pair as usual. An RST
/// occupies no sequence space, so nothing acknowledges or resends it (RFC 9293 3.4): an extra one
/// stays a divergence.
class ControlMatcher
{
  public:
    /**
     * \param tolerance the time tolerance
     * \param actualCalls the trace's calls, as they are read
     * \param expectedCalls the reference's calls, as they are read
     */
    ControlMatcher(const Tolerance& tolerance,
                   const CallLog& actualCalls,
                   const CallLog& expectedCalls)
        : m_tolerance(tolerance)
        , m_actualCalls(actualCalls)
        , m_expectedCalls(expectedCalls)
    {
    }

    /// Take the next segment of each trace (nothing where a trace has no more).
    void Add(const TraceCursor* actual, const TraceCursor* expected)
    {
        if (actual && IsControl(actual->Event()))
        {
            StreamOf(actual->Event())
                .actual.push_back({actual->Index(), actual->Event(), m_actualCalls.Count()});
        }
        if (expected && IsControl(expected->Event()))
        {
            StreamOf(expected->Event())
                .expected.push_back(
                    {expected->Index(), expected->Event(), m_expectedCalls.Count()});
        }
        for (auto& [key, stream] : m_streams)
        {
            Pair(key, stream);
        }
    }

    /// \return the divergences found, one at most per host and direction, in their order
    std::vector<WireBreach> Found() const
    {
        std::vector<WireBreach> breaches;
        for (const auto& [key, stream] : m_streams)
        {
            if (stream.breach)
            {
                breaches.push_back(*stream.breach);
            }
            else if (const auto extraOne = FirstNotResent(stream);
                     extraOne != stream.actual.end() || !stream.expected.empty())
            {
                // One trace has more control segments than the other.
                const bool extra = extraOne != stream.actual.end();
                Divergence divergence;
                divergence.eventIndex = extra ? extraOne->index : 0;
                divergence.what = Name(key) + ": "
                                  + (extra ? "a control segment the reference does not have"
                                           : "a control segment of the reference is missing");
                divergence.expected = stream.expected.empty()
                                          ? "no more SYN, FIN or RST"
                                          : SegmentText(stream.expected.front().event);
                divergence.actual
                    = extra ? SegmentText(extraOne->event) : "no more SYN, FIN or RST";
                breaches.push_back(WireBreach{divergence, !extra});
            }
        }
        return breaches;
    }

  private:
    /// A host and direction.
    using StreamKey = std::pair<uint32_t, std::string>;

    /// A control segment, its index and the last call of its sending host before it.
    struct ControlSegment
    {
        size_t index{0};       //!< the index (0 is the line after the header)
        TraceEvent event;      //!< the segment
        size_t callsBefore{0}; //!< how many calls its trace made before it
    };

    /// The control segments of one host and direction not yet paired.
    struct Stream
    {
        std::deque<ControlSegment> actual;   //!< the trace's
        std::deque<ControlSegment> expected; //!< the reference's
        size_t paired{0};                    //!< pairs that agreed
        int64_t previousNs{0};               //!< the reference's previous control segment's time
        std::optional<WireBreach> breach;    //!< the divergence, which ends the stream's comparison
        std::optional<TraceEvent> lastActual;   //!< the trace's last paired control segment
        std::optional<TraceEvent> lastExpected; //!< the reference's last paired control segment
    };

    /**
     * \return whether a control segment is a retransmission of the stream's last paired one: a
     * SYN or FIN with the same control bits, ending at the same sequence number (a resend may
     * carry less of the data before its FIN)
     */
    static bool Resends(const TraceEvent& segment, const std::optional<TraceEvent>& last)
    {
        const std::string control = ControlFlags(segment.flags);
        return last && control.find("RST") == std::string::npos
               && control == ControlFlags(last->flags)
               && segment.sequence + segment.length == last->sequence + last->length;
    }

    /**
     * \return the first of the trace's segments left unpaired that is not a resend of its last
     * paired one, when the reference has none left (a resend there has nothing to pair with)
     */
    static std::deque<ControlSegment>::const_iterator FirstNotResent(const Stream& stream)
    {
        if (!stream.expected.empty())
        {
            return stream.actual.begin();
        }
        return std::find_if(stream.actual.begin(),
                            stream.actual.end(),
                            [&stream](const ControlSegment& segment)
                            { return !Resends(segment.event, stream.lastActual); });
    }

    /// \return whether a segment is a TCP one with SYN, FIN or RST
    static bool IsControl(const TraceEvent& segment)
    {
        return segment.protocol == "tcp" && !ControlFlags(segment.flags).empty();
    }

    /// \return "host H DIR"
    static std::string Name(const StreamKey& key)
    {
        return "host " + std::to_string(key.first) + " " + key.second;
    }

    /// \return the stream of a segment's host and direction
    Stream& StreamOf(const TraceEvent& segment)
    {
        return m_streams[{segment.host, segment.direction}];
    }

    /// Compare the stream's pairs, front to back, until one side runs dry or they diverge.
    void Pair(const StreamKey& key, Stream& stream)
    {
        while (!stream.breach && !stream.actual.empty() && !stream.expected.empty())
        {
            if (Resends(stream.actual.front().event, stream.lastActual)
                && !Resends(stream.expected.front().event, stream.lastExpected))
            {
                stream.actual.pop_front(); // TCP's retransmission, where the reference has none
                continue;
            }
            const TraceEvent& a = stream.actual.front().event;
            const TraceEvent& e = stream.expected.front().event;
            // How late the trace made the call the segment is timed from.
            const auto calls = m_actualCalls.LastCommon(stream.actual.front().callsBefore,
                                                        m_expectedCalls,
                                                        stream.expected.front().callsBefore);
            const int64_t callLateness = calls ? calls->first.timeNs - calls->second.timeNs : 0;
            Divergence divergence;
            divergence.eventIndex = stream.actual.front().index;
            divergence.expected = SegmentText(e);
            divergence.actual = SegmentText(a);
            const int64_t allowed = std::max<int64_t>(
                m_tolerance.floorNs,
                static_cast<int64_t>(m_tolerance.share
                                     * static_cast<double>(e.timeNs - stream.previousNs)));
            if (!FlagsAgree(a.flags, e.flags))
            {
                // The flag set exactly, or one flag-equivalence.cc accepts in its place.
                divergence.what = Name(key) + ": control segment "
                                  + std::to_string(stream.paired + 1)
                                  + " differs from the reference's: " + a.flags + " where it has "
                                  + e.flags + " (accepted: " + AgreeingFlagSets(e.flags) + ")";
                stream.breach = WireBreach{divergence, false};
            }
            else if (std::llabs(a.timeNs - callLateness - e.timeNs) > allowed)
            {
                divergence.what = Name(key) + ": control segment "
                                  + std::to_string(stream.paired + 1) + " (" + a.flags + ") is "
                                  + FormatLateness(a.timeNs - callLateness - e.timeNs, allowed)
                                  + (calls ? ", timed from step "
                                                 + std::to_string(calls->second.step) + "'s call"
                                           : "");
                stream.breach = WireBreach{divergence, false};
            }
            else
            {
                stream.previousNs = e.timeNs;
                ++stream.paired;
                stream.lastActual = a;
                stream.lastExpected = e;
                stream.actual.pop_front();
                stream.expected.pop_front();
            }
        }
        if (stream.breach)
        {
            stream.actual.clear();
            stream.expected.clear();
        }
    }

    const Tolerance& m_tolerance;          //!< time tolerance
    const CallLog& m_actualCalls;          //!< the trace's calls
    const CallLog& m_expectedCalls;        //!< the reference's calls
    std::map<StreamKey, Stream> m_streams; //!< by host and direction, in that order
};

/// Check that a trace's header is of the case. \throws InputError when it is not
void
CheckCase(const TraceReader& trace, const ScenarioCase& scenarioCase)
{
    const TraceEvent& header = trace.Header();
    if (header.caseId != scenarioCase.id)
    {
        throw InputError(trace.Path(),
                         1,
                         1,
                         "/case",
                         "the trace is of case \"" + header.caseId + "\", not \"" + scenarioCase.id
                             + "\"");
    }
}

/// Compares one trace with a case's expectations and its reference, reading both files once.
class TraceComparison
{
  public:
    TraceComparison(const ScenarioCase& scenarioCase,
                    const Tolerance& tolerance,
                    WireDetail wire,
                    bool haveReference)
        : m_case(scenarioCase)
        , m_wire(wire)
        , m_wireCompared(haveReference && wire != WireDetail::NONE && scenarioCase.wire != "ignore")
        , m_api(scenarioCase, tolerance, m_breaches)
        , m_referenceErrors(scenarioCase)
        , m_segments(tolerance)
        , m_controls(tolerance, m_traceCalls, m_referenceCalls)
    {
    }

    /**
     * \brief One pass over each file, segment by segment in lockstep: the API judged on the way
     * through the trace, the set-up steps' errors gathered on the way through the reference. A
     * fault of the reference is reported before one of the trace, as when the reference was read
     * first. \throws InputError for a malformed trace or reference, or one of another case
     */
    void Walk(const std::string& tracePath, const std::string& referencePath)
    {
        std::optional<TraceCursor> reference;
        if (!referencePath.empty())
        {
            reference.emplace(referencePath);
        }
        OpenTrace(tracePath);
        bool traceOpen = !m_traceFault;
        bool referenceOpen = reference.has_value();
        while (traceOpen || referenceOpen)
        {
            traceOpen = traceOpen && StepTrace();
            if (referenceOpen)
            {
                referenceOpen = reference->NextSegment(
                    [this](size_t, const TraceEvent& event)
                    {
                        m_referenceErrors.Add(event);
                        m_referenceCalls.Note(event);
                    });
            }
            if (m_wireCompared && !m_traceFault)
            {
                CompareWire(traceOpen ? &*m_trace : nullptr, referenceOpen ? &*reference : nullptr);
            }
        }
        if (m_traceFault)
        {
            std::rethrow_exception(m_traceFault);
        }
    }

    /// \return the verdict and every divergence, once both files have been walked
    Comparison Result(const std::string& tracePath)
    {
        // What needs both files whole, noted in the order the separate passes noted it.
        const size_t lastIndex = m_trace->Count() == 0 ? 0 : m_trace->Count() - 1;
        m_api.Finish(m_referenceErrors.Errors(), lastIndex);
        for (auto& breach : m_wire == WireDetail::ALL ? m_segments.Found() : m_controls.Found())
        {
            if (breach.afterLastEvent)
            {
                breach.divergence.eventIndex = lastIndex + 1;
            }
            breach.divergence.kind = DivergenceKind::WIRE;
            m_breaches.Note(breach.divergence,
                            m_case.wire == "SHOULD" ? Level::SHOULD : Level::MUST);
        }
        Comparison comparison;
        comparison.passedRequirements = m_api.Passed();
        comparison.failedRequirements = m_api.Failed();
        comparison.verdict = m_breaches.VerdictOf();
        comparison.divergences = m_breaches.Ordered();
        AddContexts(tracePath, comparison.divergences);
        if (!comparison.divergences.empty())
        {
            comparison.summary = comparison.divergences.front().what;
        }
        return comparison;
    }

  private:
    /// Open the trace and check it is of the case; a fault is kept for after the reference's.
    void OpenTrace(const std::string& tracePath)
    {
        try
        {
            m_trace.emplace(tracePath);
            CheckCase(m_trace->Reader(), m_case);
            m_api.SetClock(ClockOf(m_trace->Reader().Header()));
        }
        catch (...)
        {
            m_traceFault = std::current_exception();
        }
    }

    /// Read the trace up to its next segment, judging its calls. \return whether it goes on
    bool StepTrace()
    {
        try
        {
            return m_trace->NextSegment(
                [this](size_t index, const TraceEvent& event)
                {
                    m_api.Add(index, event);
                    m_traceCalls.Note(event);
                });
        }
        catch (...)
        {
            m_traceFault = std::current_exception();
            return false;
        }
    }

    /// Compare the segments the two cursors stand at (null: that file has ended).
    void CompareWire(const TraceCursor* actual, const TraceCursor* expected)
    {
        if (m_wire == WireDetail::ALL)
        {
            m_segments.Add(actual, expected);
        }
        else
        {
            m_controls.Add(actual, expected);
        }
    }

    const ScenarioCase& m_case;         //!< the case
    WireDetail m_wire;                  //!< how much of the wire the trace shows
    bool m_wireCompared;                //!< whether the wire is compared at all
    Breaches m_breaches;                //!< what was broken
    ApiJudge m_api;                     //!< the steps' returns against their outcomes
    ReferenceErrors m_referenceErrors;  //!< the set-up steps' errors in the reference
    CallLog m_traceCalls;               //!< the trace's calls
    CallLog m_referenceCalls;           //!< the reference's calls
    SegmentMatcher m_segments;          //!< every segment, for the model
    ControlMatcher m_controls;          //!< SYN, FIN and RST, for real stacks
    std::optional<TraceCursor> m_trace; //!< the trace being read
    std::exception_ptr m_traceFault;    //!< the trace's fault, reported after the reference's
};

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
    TraceComparison comparison(scenarioCase, tolerance, wire, !referencePath.empty());
    comparison.Walk(tracePath, referencePath);
    return comparison.Result(tracePath);
}

} // namespace wsdsim

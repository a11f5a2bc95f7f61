// A case's timeline told in plain words, with the spec's clauses (see narration.h).
#include "report/narration.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "common/time-text.h"
#include "judge/outcome-match.h"
#include "report/call-meaning.h"
#include "report/markup.h"
#include "trace/traced-call.h"

namespace wsdsim
{

namespace
{

/// The least tolerance for returnsAfter when narrating (the comparator's default floor).
constexpr int64_t kReturnsAfterFloorNs = 5'000'000;

/// \return what a segment does, in a few words
std::string
SegmentMeaning(const TraceEvent& segment)
{
    if (segment.protocol == "udp")
    {
        return "a datagram";
    }
    const auto has = [&segment](const char* flag)
    {
        return segment.flags.find(flag) != std::string::npos;
    };
    if (has("RST"))
    {
        return "an abort: the peer forgets the connection and its calls fail with WSAECONNRESET";
    }
    if (has("SYN") && has("ACK"))
    {
        return "accepts the connection";
    }
    if (has("SYN"))
    {
        return "asks to open a connection";
    }
    std::string meaning;
    if (segment.length > 0)
    {
        meaning = "carries " + std::to_string(segment.length) + " bytes of data";
    }
    if (has("FIN"))
    {
        meaning += std::string(meaning.empty() ? "" : " and ") + "says this side will send no more";
    }
    if (meaning.empty() && has("ACK"))
    {
        meaning = "acknowledges what arrived";
    }
    return meaning;
}

/// \return what being in a TCP state means
std::string
StateMeaning(const std::string& state)
{
    static const std::map<std::string, std::string> kMeanings = {
        {"CLOSED", "no connection"},
        {"LISTEN", "waiting for connections"},
        {"SYN_SENT", "SYN sent, waiting for the answer"},
        {"SYN_RCVD", "SYN received and answered, waiting for the final ACK"},
        {"ESTABLISHED", "the connection is open both ways"},
        {"FIN_WAIT_1", "our FIN is sent; waiting for its acknowledgement"},
        {"FIN_WAIT_2", "our FIN is acknowledged; waiting for the peer's FIN"},
        {"CLOSE_WAIT", "the peer has sent FIN; this side may still send"},
        {"CLOSING", "both sides sent FIN at once; waiting for the acknowledgement"},
        {"LAST_ACK", "our FIN is sent after the peer's; waiting for its acknowledgement"},
        {"TIME_WAIT", "both FINs done; waiting 2 MSL so that late segments die out"},
    };
    auto it = kMeanings.find(state);
    return it == kMeanings.end() ? std::string() : it->second;
}

/// \return an outcome in words: "result 0, does not block"
std::string
OutcomeWords(const Outcome& outcome)
{
    std::string text;
    auto add = [&text](const std::string& part)
    {
        text += (text.empty() ? "" : ", ") + part;
    };
    if (outcome.result)
    {
        switch (outcome.result->kind)
        {
            case ExpectedResult::Kind::EXACT:
                add("returns " + std::to_string(outcome.result->value));
                break;
            case ExpectedResult::Kind::HANDLE:
                add("returns a socket handle");
                break;
            case ExpectedResult::Kind::POSITIVE:
                add("returns a positive count");
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
        add(std::to_string(*outcome.dataLength) + " bytes of data");
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
    return std::string(LevelName(outcome.level)) + ": " + (text.empty() ? "anything" : text);
}

/// \return whether a catalogue entry (an object) has an id; an id that is not a string throws
/// as json::value("id", "") does
bool
HasId(const nlohmann::json& entry, const std::string& id)
{
    const auto found = entry.find("id");
    if (found == entry.end())
    {
        return id.empty();
    }
    // compared in place: a narration looks up every clause it cites in the whole catalogue
    return found->is_string() ? found->get_ref<const std::string&>() == id
                              : found->get<std::string>() == id;
}

/// \return the catalogue's clause for an id (no catalogue: the id alone)
NarrationClause
ClauseOf(const nlohmann::json* catalogue, const std::string& id)
{
    NarrationClause clause{id, "", ""};
    if (catalogue == nullptr || !catalogue->is_array())
    {
        return clause;
    }
    for (const auto& entry : *catalogue)
    {
        if (entry.is_object() && HasId(entry, id))
        {
            clause.level = entry.value("level", "");
            clause.text = entry.value("text", "");
            break;
        }
    }
    return clause;
}

/// \return a return in words: "returns -1, error WSAECONNRESET", "returns 7 with \"request\""
std::string
ReturnWords(const TraceEvent& ret)
{
    std::string text = "returns " + std::to_string(ret.result);
    if (ret.error != "NO_ERROR" && !ret.error.empty())
    {
        text += ", error " + ret.error;
    }
    if (ret.data && !ret.data->empty())
    {
        constexpr size_t kShown = 40;
        text += " with \""
                + (ret.data->size() > kShown ? ret.data->substr(0, kShown) + "..." : *ret.data)
                + "\"";
    }
    const std::string outputs = OutputsText(ret);
    if (!outputs.empty())
    {
        text += " [" + outputs + "]";
    }
    return text;
}

/// A line waiting to be put in event order.
struct Pending
{
    size_t eventIndex;  //!< the event it tells
    NarrationLine line; //!< the line
};

/// Tells a timeline's items, line by line.
class Narrator
{
  public:
    Narrator(const Timeline& timeline, const NarrationContext& context)
        : m_timeline(timeline)
        , m_context(context)
    {
    }

    /// \return the lines of every item, in event order, the divergence marked
    std::vector<NarrationLine> Tell()
    {
        for (const auto& item : m_timeline.items)
        {
            switch (item.kind)
            {
                case TimelineItem::Kind::CALL:
                    TellCall(item);
                    break;
                case TimelineItem::Kind::SEGMENT:
                    TellSegment(item);
                    break;
                case TimelineItem::Kind::STATE:
                    TellState(item);
                    break;
            }
        }
        std::stable_sort(m_pending.begin(),
                         m_pending.end(),
                         [](const Pending& a, const Pending& b)
                         { return a.eventIndex < b.eventIndex; });
        std::vector<NarrationLine> lines;
        for (auto& entry : m_pending)
        {
            lines.push_back(std::move(entry.line));
        }
        MarkDivergence(lines);
        return lines;
    }

  private:
    /// \return a new line at an event
    static NarrationLine LineAt(const TraceEvent& event, size_t eventIndex)
    {
        NarrationLine line;
        line.timeNs = event.timeNs;
        line.eventIndex = eventIndex;
        return line;
    }

    /// \return "host 0 (client)"
    static std::string HostName(const TraceEvent& event)
    {
        return "host " + std::to_string(event.host)
               + (event.thread.empty() ? std::string() : " (" + event.thread + ")");
    }

    /// \return the case's step of an index, or null
    const Step* StepOf(int64_t index) const
    {
        if (m_context.scenarioCase == nullptr)
        {
            return nullptr;
        }
        for (const auto& step : m_context.scenarioCase->steps)
        {
            if (static_cast<int64_t>(step.index) == index)
            {
                return &step;
            }
        }
        return nullptr;
    }

    /// Tell a call: at once when it returned at once, else at its call and at its return.
    void TellCall(const TimelineItem& item)
    {
        const TraceEvent& event = item.event;
        NarrationLine line = LineAt(event, item.eventIndex);
        const std::optional<Call>& typed = item.call; // decoded once, in LoadTimeline
        line.text = HostName(event) + " calls " + TracedCallSignature(event, typed);
        if (!item.completion)
        {
            line.text += ", which blocks and never returns in the run";
            m_pending.push_back({item.eventIndex, line});
            return;
        }
        const TraceEvent& ret = *item.completion;
        if (!ret.blocked)
        {
            line.text += ": ";
            TellReturn(event, typed, ret, line);
            m_pending.push_back({item.eventIndex, line});
            return;
        }
        line.text += ", which blocks";
        m_pending.push_back({item.eventIndex, line});
        NarrationLine done = LineAt(ret, *item.completionIndex);
        done.text = HostName(event) + ": " + event.call + " blocked "
                    + FormatDuration(ret.timeNs - event.timeNs) + " and ";
        TellReturn(event, typed, ret, done);
        m_pending.push_back({*item.completionIndex, done});
    }

    /// Tell a return: what it means, and the step's outcome it matched with its clauses.
    /// \param call the call \param typed TracedCall(call) \param ret its return \param line
    void TellReturn(const TraceEvent& call,
                    const std::optional<Call>& typed,
                    const TraceEvent& ret,
                    NarrationLine& line) const
    {
        const bool failed = ret.error != "NO_ERROR" && !ret.error.empty();
        const std::string meaning = failed  ? ErrorMeaning(ret.error) + FailureDetail(ret)
                                    : typed ? SuccessMeaning(*typed, ret)
                                            : std::string();
        line.text += ReturnWords(ret);
        if (!meaning.empty())
        {
            line.text += " \u2014 " + meaning;
        }
        const Step* step = StepOf(ret.step);
        if (step != nullptr && !step->outcomes.empty())
        {
            CiteOutcome(*step, ret.timeNs - call.timeNs, ret, line);
        }
    }

    /// Cite the clauses of the outcome a return matched, or say it matched none.
    void CiteOutcome(const Step& step,
                     int64_t blockedNs,
                     const TraceEvent& ret,
                     NarrationLine& line) const
    {
        for (const auto& outcome : step.outcomes)
        {
            if (OutcomeMatches(outcome, ret, blockedNs, kReturnsAfterFloorNs))
            {
                for (const auto& id : outcome.requirements)
                {
                    line.clauses.push_back(ClauseOf(m_context.catalogue, id));
                }
                line.note = outcome.note;
                return;
            }
        }
        line.unexpected = true;
        std::string expected;
        for (const auto& outcome : step.outcomes)
        {
            expected += (expected.empty() ? "" : "; or ") + OutcomeWords(outcome);
            for (const auto& id : outcome.requirements)
            {
                if (std::none_of(line.clauses.begin(),
                                 line.clauses.end(),
                                 [&id](const NarrationClause& c) { return c.id == id; }))
                {
                    line.clauses.push_back(ClauseOf(m_context.catalogue, id));
                }
            }
        }
        line.text += ". \u2717 Not what the spec allows here (" + expected + ")";
    }

    /// Tell a segment: what it carries and means, and where it went.
    void TellSegment(const TimelineItem& item)
    {
        const TraceEvent& event = item.event;
        NarrationLine line = LineAt(event, item.eventIndex);
        const std::string host = "host " + std::to_string(event.host);
        const std::string what
            = event.protocol == "udp"
                  ? "a UDP datagram of " + std::to_string(event.length) + " bytes"
                  : event.flags + " seq " + std::to_string(event.sequence) + " ack "
                        + std::to_string(event.acknowledgement) + " len "
                        + std::to_string(event.length);
        if (item.arrivalOnly)
        {
            line.text = host + " receives " + what + " (its sending is not recorded)";
            m_pending.push_back({item.eventIndex, line});
            return;
        }
        line.text = host + (event.protocol == "udp" ? " sends " : " TCP sends ") + what;
        const std::string meaning = SegmentMeaning(event);
        if (!meaning.empty())
        {
            line.text += " (" + meaning + ")";
        }
        if (item.lost)
        {
            line.text += "; it is lost and never arrives";
        }
        else
        {
            const int64_t flightNs = item.completion->timeNs - event.timeNs;
            line.text += "; it arrives at host " + std::to_string(item.completion->host)
                         + (flightNs < 1000 ? std::string(" at once")
                                            : " " + FormatDuration(flightNs) + " later");
        }
        m_pending.push_back({item.eventIndex, line});
    }

    /// Tell a TCP state change and what the new state means.
    void TellState(const TimelineItem& item)
    {
        const TraceEvent& event = item.event;
        NarrationLine line = LineAt(event, item.eventIndex);
        line.text = "host " + std::to_string(event.host) + " TCP"
                    + (event.socket.empty() ? std::string() : " (socket " + event.socket + ")")
                    + ": " + event.from + " \u2192 " + event.to;
        const std::string meaning = StateMeaning(event.to);
        if (!meaning.empty())
        {
            line.text += " \u2014 " + meaning;
        }
        m_pending.push_back({item.eventIndex, line});
    }

    /// Mark the first line at or after the divergence (or add one at the trace's end).
    void MarkDivergence(std::vector<NarrationLine>& lines) const
    {
        if (!m_context.divergenceEvent)
        {
            return;
        }
        auto marked = std::find_if(lines.begin(),
                                   lines.end(),
                                   [this](const NarrationLine& line)
                                   { return line.eventIndex >= *m_context.divergenceEvent; });
        if (marked == lines.end())
        {
            NarrationLine end;
            end.timeNs = m_timeline.endNs;
            end.eventIndex = m_timeline.eventCount;
            end.text = "the trace ends here";
            lines.push_back(end);
            marked = std::prev(lines.end());
        }
        marked->divergence = true;
        marked->text += "  \u25c0 FIRST DIVERGENCE"
                        + (m_context.divergenceText.empty() ? std::string()
                                                            : ": " + m_context.divergenceText);
    }

    const Timeline& m_timeline;        //!< what is told
    const NarrationContext& m_context; //!< the case and catalogue
    std::vector<Pending> m_pending;    //!< lines so far
};

} // namespace

std::vector<NarrationLine>
Narrate(const Timeline& timeline, const NarrationContext& context)
{
    return Narrator(timeline, context).Tell();
}

std::string
NarrationText(const std::vector<NarrationLine>& lines)
{
    std::ostringstream out;
    std::string previous;
    for (const auto& line : lines)
    {
        std::string time = FormatSimTime(line.timeNs);
        if (time == previous)
        {
            time.clear();
        }
        else
        {
            previous = time;
        }
        out << std::string(time.size() < 12 ? 12 - time.size() : 0, ' ') << time << "  "
            << line.text << "\n";
        for (const auto& clause : line.clauses)
        {
            out << std::string(16, ' ') << "[" << clause.id;
            if (!clause.level.empty())
            {
                out << ", " << clause.level;
            }
            out << "]";
            if (!clause.text.empty())
            {
                out << " '" << clause.text << "'";
            }
            out << "\n";
        }
        if (!line.note.empty())
        {
            out << std::string(16, ' ') << "(" << line.note << ")\n";
        }
    }
    return out.str();
}

std::string
NarrationHtml(const std::vector<NarrationLine>& lines)
{
    // appended to one string: a report tells every case
    std::string out = "<ol class=\"narration\">\n";
    for (const auto& line : lines)
    {
        out += "<li";
        out += line.divergence   ? " class=\"diverges\""
               : line.unexpected ? " class=\"unexpected\""
                                 : "";
        out += "><span class=\"t\">";
        AppendMarkupEscaped(out, FormatSimTime(line.timeNs));
        out += "</span> ";
        AppendMarkupEscaped(out, line.text);
        for (const auto& clause : line.clauses)
        {
            out += "<div class=\"clause\"><code>";
            AppendMarkupEscaped(out, clause.id);
            out += "</code>";
            if (!clause.level.empty())
            {
                out += " <span class=\"lvl\">";
                AppendMarkupEscaped(out, clause.level);
                out += "</span>";
            }
            if (!clause.text.empty())
            {
                out += " <q>";
                AppendMarkupEscaped(out, clause.text);
                out += "</q>";
            }
            out += "</div>";
        }
        if (!line.note.empty())
        {
            out += "<div class=\"clause note\">";
            AppendMarkupEscaped(out, line.note);
            out += "</div>";
        }
        out += "</li>\n";
    }
    out += "</ol>\n";
    return out;
}

} // namespace wsdsim

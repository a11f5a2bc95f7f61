// A case's timeline told in plain words, with the spec's clauses (see narration.h).
#include "report/narration.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "common/time-text.h"
#include "report/markup.h"

namespace wsdsim
{

namespace
{

/// \return what an error means, in a few words ("" when not known)
std::string
ErrorMeaning(const std::string& error)
{
    static const std::map<std::string, std::string> kMeanings = {
        {"WSANOTINITIALISED", "no successful WSAStartup has been made yet"},
        {"WSAENETDOWN", "the network subsystem has failed (the host's interface is down)"},
        {"WSAENOPROTOOPT", "the operation or option is not supported by this provider"},
        {"WSAEINPROGRESS", "a blocking Winsock 1.1 call is still in progress on this thread"},
        {"WSAENOTCONN", "the socket is not connected"},
        {"WSAENOTSOCK", "the handle is not a socket"},
        {"WSAEFAULT", "a buffer pointer does not point into the application's memory"},
        {"WSAECONNRESET", "the peer reset the connection: an RST arrived, unread data is gone"},
        {"WSAECONNABORTED", "the connection was aborted on this host"},
        {"WSAESHUTDOWN", "that direction was already shut down on this socket"},
        {"WSAEWOULDBLOCK", "the call would have to block on a non-blocking socket: try later"},
        {"WSAEINVAL", "an argument, or the socket's state, is not valid for this call"},
        {"WSAEISCONN", "the socket is already connected"},
        {"WSAEADDRINUSE", "the local address is already in use"},
        {"WSAECONNREFUSED", "the peer refused the connection"},
        {"WSAETIMEDOUT", "the connection timed out"},
        {"WSAEINTR", "the blocking call was cancelled"},
        {"WSAEOPNOTSUPP", "the operation is not supported on this kind of socket"},
        {"WSAEDISCON", "the peer has closed the connection gracefully"},
    };
    auto it = kMeanings.find(error);
    return it == kMeanings.end() ? std::string() : it->second;
}

/// \return whether the call's arguments contain a word
bool
Has(const TraceEvent& call, const std::string& word)
{
    return call.arguments.find(word) != std::string::npos;
}

/// \return what a successful return means for the application and for TCP
std::string
SuccessMeaning(const TraceEvent& call, const TraceEvent& ret)
{
    const std::string& name = ret.call;
    if (name == "WSAStartup")
    {
        return "Winsock is ready for this application";
    }
    if (name == "WSACleanup")
    {
        return "the application has finished with Winsock";
    }
    if (name == "socket")
    {
        return "a new socket handle";
    }
    if (name == "bind")
    {
        return "the socket has its local address";
    }
    if (name == "listen")
    {
        return "the socket now accepts connections";
    }
    if (name == "accept")
    {
        return "a connection has been accepted, on a new socket";
    }
    if (name == "connect")
    {
        return "the connection is established (the three-way handshake is done)";
    }
    if (name == "send")
    {
        return std::to_string(ret.result)
               + " bytes are queued; TCP sends them as the peer's window allows";
    }
    if (name == "recv")
    {
        if (ret.result == 0)
        {
            return "end of stream: the peer sent FIN and every byte before it has been read";
        }
        return std::to_string(ret.result) + " bytes read";
    }
    if (name == "WSASendDisconnect")
    {
        return "sends are now disabled; TCP sends FIN after the queued data, and the socket stays "
               "open";
    }
    if (name == "WSARecvDisconnect")
    {
        return ret.data && !ret.data->empty()
                   ? "receives are now disabled; the peer's disconnect data is returned"
                   : "receives are now disabled";
    }
    if (name == "shutdown")
    {
        if (Has(call, "SD_BOTH"))
        {
            return "sends and receives are now disabled; TCP sends FIN after the queued data";
        }
        if (Has(call, "SD_RECEIVE"))
        {
            return "receives are now disabled; nothing is sent";
        }
        if (Has(call, "SD_SEND"))
        {
            return "sends are now disabled; TCP sends FIN after the queued data";
        }
        return "the socket is shut down as asked";
    }
    if (name == "closesocket")
    {
        if (ret.blocked)
        {
            return "the handle is released, after SO_LINGER kept the call waiting";
        }
        return "the handle is released at once; what TCP does next (FIN, or RST for linger {1,0}) "
               "follows below";
    }
    if (name == "setsockopt")
    {
        // the model writes "{l_onoff=1, l_linger=0}", a driver the scenario's JSON arguments
        const bool on = Has(call, "l_onoff=1") || Has(call, "\"onoff\":1");
        const bool off = Has(call, "l_onoff=0") || Has(call, "\"onoff\":0");
        const bool zero = Has(call, "l_linger=0}") || Has(call, "\"seconds\":0");
        if (on && zero)
        {
            return "linger {1,0}: closesocket will abort the connection with RST (a hard close)";
        }
        if (on)
        {
            return "linger on: a blocking closesocket will wait up to l_linger seconds for the "
                   "queued data to be sent and acknowledged";
        }
        if (off)
        {
            return "linger off: closesocket returns at once and TCP closes gracefully in the "
                   "background";
        }
        return "the option is set";
    }
    if (name == "getsockopt")
    {
        return "the option's value is read";
    }
    if (name == "ioctlsocket")
    {
        return Has(call, "*argp=1")   ? "the socket is now non-blocking"
               : Has(call, "*argp=0") ? "the socket is now blocking"
                                      : "done";
    }
    if (name == "WSASetBlockingHook")
    {
        return "the thread's blocking hook is installed";
    }
    if (name == "WSACancelBlockingCall")
    {
        return "the blocking call in progress is cancelled";
    }
    return "";
}

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

/// Whether a return matches an outcome (the comparator's rule, with a 5 ms floor for timing).
bool
OutcomeMatches(const Outcome& outcome, const TraceEvent& ret, int64_t blockedNs)
{
    if (outcome.result)
    {
        switch (outcome.result->kind)
        {
            case ExpectedResult::Kind::EXACT:
                if (ret.result != outcome.result->value)
                {
                    return false;
                }
                break;
            case ExpectedResult::Kind::HANDLE:
                if (ret.result == -1)
                {
                    return false;
                }
                break;
            case ExpectedResult::Kind::POSITIVE:
                if (ret.result <= 0)
                {
                    return false;
                }
                break;
        }
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
    if (outcome.blocks && *outcome.blocks != ret.blocked)
    {
        return false;
    }
    if (outcome.returnsAfterNs)
    {
        const int64_t allowed = std::max<int64_t>(5'000'000, *outcome.returnsAfterNs / 20);
        if (std::llabs(blockedNs - *outcome.returnsAfterNs) > allowed)
        {
            return false;
        }
    }
    return true;
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
    return std::string(LevelName(outcome.level)) + ": " + (text.empty() ? "anything" : text);
}

/// \return the catalogue's clause for an id
NarrationClause
ClauseOf(const nlohmann::json& catalogue, const std::string& id)
{
    NarrationClause clause{id, "", ""};
    if (!catalogue.is_array())
    {
        return clause;
    }
    for (const auto& entry : catalogue)
    {
        if (entry.is_object() && entry.value("id", "") == id)
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
    return text;
}

} // namespace

std::vector<NarrationLine>
Narrate(const Timeline& timeline, const NarrationContext& context)
{
    struct Pending
    {
        size_t eventIndex;
        int64_t timeNs;
        NarrationLine line;
    };
    std::vector<Pending> pending;
    auto hostName = [&timeline](const TraceEvent& event)
    {
        std::string name = "host " + std::to_string(event.host);
        if (!event.thread.empty())
        {
            name += " (" + event.thread + ")";
        }
        return name;
    };
    auto stepOf = [&context](int64_t index) -> const Step*
    {
        if (context.scenarioCase == nullptr)
        {
            return nullptr;
        }
        for (const auto& step : context.scenarioCase->steps)
        {
            if (static_cast<int64_t>(step.index) == index)
            {
                return &step;
            }
        }
        return nullptr;
    };
    // The return's meaning, and the step's matched outcome with its clauses.
    auto tellReturn = [&](const TraceEvent& call, const TraceEvent& ret, NarrationLine& line)
    {
        const bool failed = ret.error != "NO_ERROR" && !ret.error.empty();
        const std::string meaning = failed ? ErrorMeaning(ret.error) : SuccessMeaning(call, ret);
        line.text += ReturnWords(ret);
        if (!meaning.empty())
        {
            line.text += " \u2014 " + meaning;
        }
        const Step* step = stepOf(ret.step);
        if (step == nullptr || step->outcomes.empty())
        {
            return;
        }
        const int64_t blockedNs = ret.timeNs - call.timeNs;
        for (const auto& outcome : step->outcomes)
        {
            if (OutcomeMatches(outcome, ret, blockedNs))
            {
                for (const auto& id : outcome.requirements)
                {
                    line.clauses.push_back(ClauseOf(context.catalogue, id));
                }
                line.note = outcome.note;
                return;
            }
        }
        line.unexpected = true;
        std::string expected;
        for (const auto& outcome : step->outcomes)
        {
            expected += (expected.empty() ? "" : "; or ") + OutcomeWords(outcome);
            for (const auto& id : outcome.requirements)
            {
                if (std::none_of(line.clauses.begin(),
                                 line.clauses.end(),
                                 [&id](const NarrationClause& c) { return c.id == id; }))
                {
                    line.clauses.push_back(ClauseOf(context.catalogue, id));
                }
            }
        }
        line.text += ". \u2717 Not what the spec allows here (" + expected + ")";
    };

    for (const auto& item : timeline.items)
    {
        const TraceEvent& event = item.event;
        switch (item.kind)
        {
            case TimelineItem::Kind::CALL:
            {
                const std::string signature
                    = event.call + "("
                      + (event.kind == EventKind::RETURN ? std::string("...") : event.arguments)
                      + ")";
                NarrationLine line;
                line.timeNs = event.timeNs;
                line.eventIndex = item.eventIndex;
                line.text = hostName(event) + " calls " + signature;
                if (!item.completion)
                {
                    line.text += ", which blocks and never returns in the run";
                    pending.push_back({item.eventIndex, event.timeNs, line});
                    break;
                }
                const TraceEvent& ret = *item.completion;
                if (!ret.blocked)
                {
                    line.text += ": ";
                    tellReturn(event, ret, line);
                    pending.push_back({item.eventIndex, event.timeNs, line});
                    break;
                }
                line.text += ", which blocks";
                pending.push_back({item.eventIndex, event.timeNs, line});
                NarrationLine done;
                done.timeNs = ret.timeNs;
                done.eventIndex = *item.completionIndex;
                done.text = hostName(event) + ": " + event.call + " "
                            + (ret.blocked ? "blocked " + FormatDuration(ret.timeNs - event.timeNs)
                                                 + " and "
                                           : std::string())
                            + "";
                tellReturn(event, ret, done);
                pending.push_back({*item.completionIndex, ret.timeNs, done});
                break;
            }
            case TimelineItem::Kind::SEGMENT:
            {
                NarrationLine line;
                line.timeNs = event.timeNs;
                line.eventIndex = item.eventIndex;
                const std::string what
                    = event.protocol == "udp"
                          ? "a UDP datagram of " + std::to_string(event.length) + " bytes"
                          : event.flags + " seq " + std::to_string(event.sequence) + " ack "
                                + std::to_string(event.acknowledgement) + " len "
                                + std::to_string(event.length);
                const std::string meaning = SegmentMeaning(event);
                if (item.arrivalOnly)
                {
                    line.text = "host " + std::to_string(event.host) + " receives " + what
                                + " (its sending is not recorded)";
                }
                else
                {
                    line.text = "host " + std::to_string(event.host) + " TCP sends " + what;
                    if (event.protocol == "udp")
                    {
                        line.text = "host " + std::to_string(event.host) + " sends " + what;
                    }
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
                        line.text
                            += "; it arrives at host " + std::to_string(item.completion->host)
                               + (flightNs < 1000 ? std::string(" at once")
                                                  : " " + FormatDuration(flightNs) + " later");
                    }
                }
                pending.push_back({item.eventIndex, event.timeNs, line});
                break;
            }
            case TimelineItem::Kind::STATE:
            {
                NarrationLine line;
                line.timeNs = event.timeNs;
                line.eventIndex = item.eventIndex;
                line.text
                    = "host " + std::to_string(event.host) + " TCP"
                      + (event.socket.empty() ? std::string() : " (socket " + event.socket + ")")
                      + ": " + event.from + " \u2192 " + event.to;
                const std::string meaning = StateMeaning(event.to);
                if (!meaning.empty())
                {
                    line.text += " \u2014 " + meaning;
                }
                pending.push_back({item.eventIndex, event.timeNs, line});
                break;
            }
        }
    }
    std::stable_sort(pending.begin(),
                     pending.end(),
                     [](const Pending& a, const Pending& b)
                     { return a.eventIndex < b.eventIndex; });
    std::vector<NarrationLine> lines;
    bool marked = false;
    for (auto& entry : pending)
    {
        if (context.divergenceEvent && !marked && entry.eventIndex >= *context.divergenceEvent)
        {
            entry.line.divergence = true;
            marked = true;
        }
        lines.push_back(std::move(entry.line));
    }
    if (context.divergenceEvent && !marked)
    {
        NarrationLine end;
        end.timeNs = timeline.endNs;
        end.eventIndex = timeline.eventCount;
        end.text = "the trace ends here";
        end.divergence = true;
        lines.push_back(end);
    }
    if (context.divergenceEvent)
    {
        for (auto& line : lines)
        {
            if (line.divergence)
            {
                line.text += "  \u25c0 FIRST DIVERGENCE"
                             + (context.divergenceText.empty() ? std::string()
                                                               : ": " + context.divergenceText);
            }
        }
    }
    return lines;
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
    std::ostringstream out;
    out << "<ol class=\"narration\">\n";
    for (const auto& line : lines)
    {
        out << "<li"
            << (line.divergence   ? " class=\"diverges\""
                : line.unexpected ? " class=\"unexpected\""
                                  : "")
            << "><span class=\"t\">" << MarkupEscape(FormatSimTime(line.timeNs)) << "</span> "
            << MarkupEscape(line.text);
        for (const auto& clause : line.clauses)
        {
            out << "<div class=\"clause\"><code>" << MarkupEscape(clause.id) << "</code>";
            if (!clause.level.empty())
            {
                out << " <span class=\"lvl\">" << MarkupEscape(clause.level) << "</span>";
            }
            if (!clause.text.empty())
            {
                out << " <q>" << MarkupEscape(clause.text) << "</q>";
            }
            out << "</div>";
        }
        if (!line.note.empty())
        {
            out << "<div class=\"clause note\">" << MarkupEscape(line.note) << "</div>";
        }
        out << "</li>\n";
    }
    out << "</ol>\n";
    return out.str();
}

} // namespace wsdsim

// Writing and streaming-reading JSON Lines traces, with the header and end lines checked.
#include "trace/trace-io.h"

#include <nlohmann/json.hpp>

#include "common/input-error.h"
#include "trace/trace-line-scanner.h"
#include "trace/trace-line-writer.h"

namespace wsdsim
{

namespace
{
/// Longest line a reader accepts: a trace line is a few hundred bytes.
constexpr size_t kMaxLineBytes = 1 << 20;
} // namespace

TraceWriter::TraceWriter(const std::string& path, const TraceEvent& header)
    : m_out(path, std::ios::binary | std::ios::trunc)
    , m_count(0)
    , m_closed(false)
{
    if (!m_out)
    {
        throw InputError(path, 0, 0, "", "cannot write the trace file");
    }
    m_out << header.ToLine() << '\n';
}

TraceWriter::~TraceWriter()
{
    if (!m_closed)
    {
        Close();
    }
}

void
TraceWriter::Write(const TraceEvent& event)
{
    m_line.clear();
    AppendTraceLine(event, m_line);
    m_line += '\n';
    m_out << m_line;
    ++m_count;
}

void
TraceWriter::Close()
{
    TraceEvent end;
    end.kind = EventKind::END;
    end.eventCount = m_count;
    m_out << end.ToLine() << '\n';
    m_out.close();
    m_closed = true;
}

uint64_t
TraceWriter::Count() const
{
    return m_count;
}

TraceReader::TraceReader(const std::string& path)
    : m_path(path)
    , m_in(path, std::ios::binary)
    , m_line(0)
    , m_events(0)
    , m_done(false)
{
    if (!m_in)
    {
        throw InputError(path, 0, 0, "", "cannot open the trace file");
    }
    if (!ReadLine(&m_header))
    {
        throw InputError(path, 1, 1, "", "empty trace; expected a header line");
    }
    if (m_header.kind != EventKind::HEADER)
    {
        throw InputError(
            path, 1, 1, "/kind", "the first line must be the header (\"kind\": \"header\")");
    }
    if (m_header.format != kTraceFormat)
    {
        throw InputError(path,
                         1,
                         1,
                         "/format",
                         "unknown trace format \"" + m_header.format + "\"; expected \""
                             + kTraceFormat + "\"");
    }
}

const TraceEvent&
TraceReader::Header() const
{
    return m_header;
}

bool
TraceReader::ReadLine(TraceEvent* event)
{
    std::string& line = m_lineText;
    if (!std::getline(m_in, line))
    {
        return false;
    }
    ++m_line;
    if (line.size() > kMaxLineBytes)
    {
        throw InputError(m_path, m_line, 1, "", "line longer than 1 MiB; not a trace line");
    }
    // The common line is read without a JSON document; any other is parsed with nlohmann/json,
    // which says what is wrong and where.
    if (ScanTraceLine(line, event))
    {
        return true;
    }
    nlohmann::json object;
    try
    {
        object = nlohmann::json::parse(line);
    }
    catch (const nlohmann::json::parse_error& error)
    {
        std::string message = error.what();
        const auto colon = message.find(": ", message.find("parse error"));
        throw InputError(m_path,
                         m_line,
                         error.byte > 0 ? error.byte : 1,
                         "",
                         "invalid JSON: "
                             + (colon == std::string::npos ? message : message.substr(colon + 2)));
    }
    catch (const nlohmann::json::out_of_range& error)
    {
        // A number beyond a double ("1e400"): nlohmann names the token, not its place.
        const std::string message = error.what();
        const auto first = message.find('\'');
        const auto last = message.rfind('\'');
        const size_t column = first == std::string::npos || last <= first + 1
                                  ? 1
                                  : line.find(message.substr(first + 1, last - first - 1)) + 1;
        const auto end = message.find("] ");
        throw InputError(m_path,
                         m_line,
                         column == 0 ? 1 : column,
                         "",
                         "invalid JSON: "
                             + (end == std::string::npos ? message : message.substr(end + 2)));
    }
    std::string problem;
    auto parsed = TraceEvent::FromJson(object, &problem);
    if (!parsed)
    {
        throw InputError(m_path, m_line, 1, "", problem);
    }
    *event = std::move(*parsed);
    return true;
}

std::optional<TraceEvent>
TraceReader::Next()
{
    std::optional<TraceEvent> event(std::in_place);
    if (!Next(&*event))
    {
        return std::nullopt;
    }
    return event;
}

bool
TraceReader::Next(TraceEvent* event)
{
    if (m_done)
    {
        return false;
    }
    if (!ReadLine(event))
    {
        throw InputError(m_path,
                         m_line + 1,
                         1,
                         "",
                         "the trace stops without its end line: truncated after "
                             + std::to_string(m_events) + " events");
    }
    if (event->kind == EventKind::HEADER)
    {
        throw InputError(m_path, m_line, 1, "/kind", "a second header line");
    }
    if (event->kind == EventKind::END)
    {
        if (event->eventCount != m_events)
        {
            throw InputError(m_path,
                             m_line,
                             1,
                             "/events",
                             "the end line counts " + std::to_string(event->eventCount)
                                 + " events but " + std::to_string(m_events) + " came before it");
        }
        m_done = true;
        std::string rest;
        while (std::getline(m_in, rest))
        {
            ++m_line;
            if (rest.find_first_not_of(" \t\r") != std::string::npos)
            {
                throw InputError(m_path, m_line, 1, "", "text after the end line");
            }
        }
        return false;
    }
    ++m_events;
    return true;
}

uint64_t
TraceReader::LineNumber() const
{
    return m_line;
}

const std::string&
TraceReader::Path() const
{
    return m_path;
}

} // namespace wsdsim

// Writes a trace event's line straight into a string, without building a JSON document.
#include "trace/trace-line-writer.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "trace/trace-line-scanner.h"

namespace wsdsim
{

namespace
{

using nlohmann::json;

/// Appends one JSON object's members in the order they are given (the caller sorts them).
class LineBuilder
{
  public:
    explicit LineBuilder(std::string& out)
        : m_out(out)
    {
        m_out += '{';
    }

    void String(const char* key, const std::string& value)
    {
        Key(key);
        AppendString(value);
    }

    template <typename Integer>
    void Number(const char* key, Integer value)
    {
        Key(key);
        char digits[24];
        const auto written = std::to_chars(digits, digits + sizeof(digits), value);
        m_out.append(digits, written.ptr);
    }

    void Bool(const char* key, bool value)
    {
        Key(key);
        m_out += value ? "true" : "false";
    }

    /// A member whose value is JSON text, written again in nlohmann/json's compact form.
    void Json(const char* key, const std::string& text)
    {
        Key(key);
        if (text.empty())
        {
            m_out += "{}";
        }
        else if (IsCompactSortedFlatObject(text))
        {
            m_out += text; // as the recorder writes a call's arguments: dump's own text
        }
        else
        {
            m_out += Dump(json::parse(text));
        }
    }

    void End()
    {
        m_out += '}';
    }

  private:
    void Key(const char* key)
    {
        if (m_out.back() != '{')
        {
            m_out += ',';
        }
        m_out += '"';
        m_out += key;
        m_out += "\":";
    }

    void AppendString(const std::string& value)
    {
        for (const char byte : value)
        {
            if (byte < 0x20 || byte > 0x7e || byte == '"' || byte == '\\')
            {
                m_out += Dump(json(value)); // escapes and UTF-8: nlohmann/json's own text
                return;
            }
        }
        m_out += '"';
        m_out += value;
        m_out += '"';
    }

    static std::string Dump(const json& value)
    {
        return value.dump(-1, ' ', false, json::error_handler_t::replace);
    }

    std::string& m_out;
};

void
AppendCall(const TraceEvent& event, LineBuilder& line)
{
    line.Json("args", event.arguments);
    line.String("call", event.call);
    line.Number("host", event.host);
    line.String("kind", "call");
    line.Number("step", event.step);
    line.String("thread", event.thread);
    line.Number("time_ns", event.timeNs);
}

void
AppendReturn(const TraceEvent& event, LineBuilder& line)
{
    line.Bool("blocked", event.blocked);
    line.String("call", event.call);
    if (event.data)
    {
        line.String("data", *event.data);
    }
    line.Number("errno", event.errorNumber);
    line.String("error", event.error);
    line.Number("host", event.host);
    line.String("kind", "return");
    if (!event.outputs.empty())
    {
        line.Json("out", event.outputs);
    }
    line.Number("result", event.result);
    line.Number("step", event.step);
    line.String("thread", event.thread);
    line.Number("time_ns", event.timeNs);
}

void
AppendSegment(const TraceEvent& event, LineBuilder& line)
{
    line.Number("ack", event.acknowledgement);
    line.String("dir", event.direction);
    line.String("dst", event.destination);
    line.String("flags", event.flags);
    line.Number("host", event.host);
    line.String("kind", "segment");
    line.Number("len", event.length);
    line.String("proto", event.protocol);
    line.Number("seq", event.sequence);
    line.String("src", event.source);
    line.Number("time_ns", event.timeNs);
}

} // namespace

void
AppendTraceLine(const TraceEvent& event, std::string& out)
{
    // Each kind's keys in the byte order nlohmann/json's std::map sorts them in.
    LineBuilder line(out);
    switch (event.kind)
    {
        case EventKind::HEADER:
            line.String("case", event.caseId);
            line.String("format", event.format);
            line.String("implementation", event.implementation);
            line.String("kind", "header");
            line.String("scenario", event.scenario);
            break;
        case EventKind::END:
            line.Number("events", event.eventCount);
            line.String("kind", "end");
            break;
        case EventKind::CALL:
            AppendCall(event, line);
            break;
        case EventKind::RETURN:
            AppendReturn(event, line);
            break;
        case EventKind::SEGMENT:
            AppendSegment(event, line);
            break;
        case EventKind::TCP_STATE:
            line.String("from", event.from);
            line.Number("host", event.host);
            line.String("kind", "tcp-state");
            line.String("socket", event.socket);
            line.Number("time_ns", event.timeNs);
            line.String("to", event.to);
            break;
    }
    line.End();
}

} // namespace wsdsim

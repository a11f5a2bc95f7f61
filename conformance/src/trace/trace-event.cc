// One trace line to and from JSON.
#include "trace/trace-event.h"

#include <limits>
#include <map>

#include "trace/trace-line-writer.h"

namespace wsdsim
{

using nlohmann::json;

const char*
EventKindName(EventKind kind)
{
    switch (kind)
    {
        case EventKind::HEADER:
            return "header";
        case EventKind::CALL:
            return "call";
        case EventKind::RETURN:
            return "return";
        case EventKind::SEGMENT:
            return "segment";
        case EventKind::TCP_STATE:
            return "tcp-state";
        case EventKind::END:
            return "end";
    }
    return "?";
}

json
TraceEvent::ToJson() const
{
    json object;
    object["kind"] = EventKindName(kind);
    switch (kind)
    {
        case EventKind::HEADER:
            object["format"] = format;
            object["scenario"] = scenario;
            object["case"] = caseId;
            object["implementation"] = implementation;
            return object;
        case EventKind::END:
            object["events"] = eventCount;
            return object;
        case EventKind::CALL:
            object["time_ns"] = timeNs;
            object["host"] = host;
            object["thread"] = thread;
            object["step"] = step;
            object["call"] = call;
            object["args"] = arguments.empty() ? json::object() : json::parse(arguments);
            return object;
        case EventKind::RETURN:
            object["time_ns"] = timeNs;
            object["host"] = host;
            object["thread"] = thread;
            object["step"] = step;
            object["call"] = call;
            object["result"] = result;
            object["error"] = error;
            object["errno"] = errorNumber;
            object["blocked"] = blocked;
            if (data)
            {
                object["data"] = *data;
            }
            if (!outputs.empty())
            {
                object["out"] = json::parse(outputs);
            }
            return object;
        case EventKind::SEGMENT:
            object["time_ns"] = timeNs;
            object["host"] = host;
            object["dir"] = direction;
            object["proto"] = protocol;
            object["flags"] = flags;
            object["seq"] = sequence;
            object["ack"] = acknowledgement;
            object["len"] = length;
            object["src"] = source;
            object["dst"] = destination;
            return object;
        case EventKind::TCP_STATE:
            object["time_ns"] = timeNs;
            object["host"] = host;
            object["socket"] = socket;
            object["from"] = from;
            object["to"] = to;
            return object;
    }
    return object;
}

void
TraceEvent::Clear()
{
    // Field by field, as declared (a test checks the result equals TraceEvent{}).
    kind = EventKind::CALL;
    timeNs = 0;
    host = 0;
    format.clear();
    scenario.clear();
    caseId.clear();
    implementation.clear();
    thread.clear();
    step = -1;
    call.clear();
    arguments.clear();
    result = 0;
    error.clear();
    errorNumber = 0;
    blocked = false;
    data.reset();
    outputs.clear();
    direction.clear();
    protocol.clear();
    flags.clear();
    sequence = 0;
    acknowledgement = 0;
    length = 0;
    source.clear();
    destination.clear();
    socket.clear();
    from.clear();
    to.clear();
    eventCount = 0;
}

std::string
TraceEvent::ToLine() const
{
    // Invalid UTF-8 in received bytes is replaced, so that every trace is valid JSON.
    std::string line;
    AppendTraceLine(*this, line);
    return line;
}

namespace
{

/// Reads typed fields, remembering the first problem.
class FieldReader
{
  public:
    FieldReader(const json& object, std::string* error)
        : m_object(object)
        , m_error(error)
    {
    }

    bool Ok() const
    {
        return m_ok;
    }

    template <typename T>
    void Read(const char* key, T& target)
    {
        if (!m_ok)
        {
            return;
        }
        auto it = m_object.find(key);
        if (it == m_object.end())
        {
            Fail(std::string("missing field \"") + key + "\"");
            return;
        }
        try
        {
            if constexpr (std::is_same_v<T, std::string>)
            {
                if (!it->is_string())
                {
                    Fail(std::string("field \"") + key + "\" must be a string");
                    return;
                }
            }
            else if constexpr (std::is_same_v<T, bool>)
            {
                if (!it->is_boolean())
                {
                    Fail(std::string("field \"") + key + "\" must be true or false");
                    return;
                }
            }
            else
            {
                if (!it->is_number_integer())
                {
                    Fail(std::string("field \"") + key + "\" must be an integer");
                    return;
                }
                if constexpr (std::is_unsigned_v<T>)
                {
                    if (it->template get<int64_t>() < 0 && !it->is_number_unsigned())
                    {
                        Fail(std::string("field \"") + key + "\" must not be negative");
                        return;
                    }
                    if (it->template get<uint64_t>() > std::numeric_limits<T>::max())
                    {
                        Fail(std::string("field \"") + key + "\" must be at most "
                             + std::to_string(std::numeric_limits<T>::max()));
                        return;
                    }
                }
            }
            target = it->template get<T>();
        }
        catch (const json::exception&)
        {
            Fail(std::string("field \"") + key + "\" has the wrong type");
        }
    }

    /// Read a JSON object member as its compact text (the vocabulary's one form).
    void ReadObject(const char* key, std::string& target)
    {
        if (!m_ok)
        {
            return;
        }
        auto it = m_object.find(key);
        if (it == m_object.end())
        {
            Fail(std::string("missing field \"") + key + "\"");
            return;
        }
        if (!it->is_object())
        {
            Fail(std::string("field \"") + key + "\" must be an object");
            return;
        }
        target = it->dump(-1, ' ', false, json::error_handler_t::replace);
    }

    void Known(std::initializer_list<const char*> keys)
    {
        if (!m_ok)
        {
            return;
        }
        for (const auto& [key, value] : m_object.items())
        {
            bool known = false;
            for (const char* name : keys)
            {
                known = known || key == name;
            }
            if (!known)
            {
                Fail("unknown field \"" + key + "\"");
                return;
            }
        }
    }

    void Fail(const std::string& message)
    {
        if (m_ok)
        {
            *m_error = message;
            m_ok = false;
        }
    }

  private:
    const json& m_object;
    std::string* m_error;
    bool m_ok{true};
};

/// Read a header line's fields.
void
ReadHeader(FieldReader& reader, TraceEvent& event)
{
    reader.Known({"kind", "format", "scenario", "case", "implementation"});
    reader.Read("format", event.format);
    reader.Read("scenario", event.scenario);
    reader.Read("case", event.caseId);
    reader.Read("implementation", event.implementation);
}

/// Read a call line's fields.
void
ReadCall(FieldReader& reader, TraceEvent& event)
{
    reader.Known({"kind", "time_ns", "host", "thread", "step", "call", "args"});
    reader.Read("time_ns", event.timeNs);
    reader.Read("host", event.host);
    reader.Read("thread", event.thread);
    reader.Read("step", event.step);
    reader.Read("call", event.call);
    reader.ReadObject("args", event.arguments);
}

/// Read a return line's fields.
void
ReadReturn(FieldReader& reader, const json& object, TraceEvent& event)
{
    reader.Known({"kind",
                  "time_ns",
                  "host",
                  "thread",
                  "step",
                  "call",
                  "result",
                  "error",
                  "errno",
                  "blocked",
                  "data",
                  "out"});
    reader.Read("time_ns", event.timeNs);
    reader.Read("host", event.host);
    reader.Read("thread", event.thread);
    reader.Read("step", event.step);
    reader.Read("call", event.call);
    reader.Read("result", event.result);
    reader.Read("error", event.error);
    reader.Read("errno", event.errorNumber);
    reader.Read("blocked", event.blocked);
    if (object.contains("data"))
    {
        reader.Read("data", event.data.emplace());
    }
    if (object.contains("out"))
    {
        reader.ReadObject("out", event.outputs);
    }
}

/// Read a segment line's fields.
void
ReadSegment(FieldReader& reader, TraceEvent& event)
{
    reader.Known(
        {"kind", "time_ns", "host", "dir", "proto", "flags", "seq", "ack", "len", "src", "dst"});
    reader.Read("time_ns", event.timeNs);
    reader.Read("host", event.host);
    reader.Read("dir", event.direction);
    reader.Read("proto", event.protocol);
    reader.Read("flags", event.flags);
    reader.Read("seq", event.sequence);
    reader.Read("ack", event.acknowledgement);
    reader.Read("len", event.length);
    reader.Read("src", event.source);
    reader.Read("dst", event.destination);
    if (reader.Ok() && event.direction != "tx" && event.direction != "rx")
    {
        reader.Fail("field \"dir\" must be \"tx\" or \"rx\"");
    }
}

/// Read a TCP state line's fields.
void
ReadTcpState(FieldReader& reader, TraceEvent& event)
{
    reader.Known({"kind", "time_ns", "host", "socket", "from", "to"});
    reader.Read("time_ns", event.timeNs);
    reader.Read("host", event.host);
    reader.Read("socket", event.socket);
    reader.Read("from", event.from);
    reader.Read("to", event.to);
}

/// \return whether the kind is known, its fields read into the event
bool
ReadKind(const std::string& kind, const json& object, FieldReader& reader, TraceEvent& event)
{
    static const std::map<std::string, EventKind> kKinds{{"header", EventKind::HEADER},
                                                         {"end", EventKind::END},
                                                         {"call", EventKind::CALL},
                                                         {"return", EventKind::RETURN},
                                                         {"segment", EventKind::SEGMENT},
                                                         {"tcp-state", EventKind::TCP_STATE}};
    const auto it = kKinds.find(kind);
    if (it == kKinds.end())
    {
        return false;
    }
    event.kind = it->second;
    switch (event.kind)
    {
        case EventKind::HEADER:
            ReadHeader(reader, event);
            break;
        case EventKind::END:
            reader.Known({"kind", "events"});
            reader.Read("events", event.eventCount);
            break;
        case EventKind::CALL:
            ReadCall(reader, event);
            break;
        case EventKind::RETURN:
            ReadReturn(reader, object, event);
            break;
        case EventKind::SEGMENT:
            ReadSegment(reader, event);
            break;
        case EventKind::TCP_STATE:
            ReadTcpState(reader, event);
            break;
    }
    return true;
}

} // namespace

std::optional<TraceEvent>
TraceEvent::FromJson(const json& object, std::string* error)
{
    if (!object.is_object())
    {
        *error = "expected a JSON object";
        return std::nullopt;
    }
    auto kindIt = object.find("kind");
    if (kindIt == object.end() || !kindIt->is_string())
    {
        *error = "missing string field \"kind\"";
        return std::nullopt;
    }
    TraceEvent event;
    FieldReader reader(object, error);
    const std::string kind = kindIt->get<std::string>();
    if (!ReadKind(kind, object, reader, event))
    {
        *error = "unknown kind \"" + kind
                 + "\"; expected header, call, return, segment, tcp-state or end";
        return std::nullopt;
    }
    if (!reader.Ok())
    {
        return std::nullopt;
    }
    const bool timed = event.kind != EventKind::HEADER && event.kind != EventKind::END;
    if (timed && event.timeNs < 0)
    {
        *error = "field \"time_ns\" must not be negative";
        return std::nullopt;
    }
    if (timed && event.host > 1)
    {
        *error = "field \"host\" must be 0 or 1";
        return std::nullopt;
    }
    return event;
}

} // namespace wsdsim

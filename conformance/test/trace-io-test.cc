// Tests of trace writing and reading: round trips, checked header and end lines, exact line bytes,
// the line scanner against nlohmann/json.
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "common/input-error.h"
#include "trace/trace-event.h"
#include "trace/trace-io.h"
#include "trace/trace-line-scanner.h"

/// Events in Catch's messages as their trace lines.
template <>
struct Catch::StringMaker<wsdsim::TraceEvent>
{
    static std::string convert(const wsdsim::TraceEvent& event)
    {
        return event.ToLine();
    }
};

namespace
{

using namespace wsdsim;
namespace fs = std::filesystem;

/// A fresh empty directory for one test, removed with everything in it afterwards.
class TraceFolder
{
  public:
    TraceFolder()
    {
        static std::atomic<unsigned> sequence{0};
        m_path = fs::temp_directory_path()
                 / ("wsdsim-trace-io-test-" + std::to_string(::getpid()) + "-"
                    + std::to_string(sequence++));
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }

    ~TraceFolder()
    {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }

    TraceFolder(const TraceFolder&) = delete;
    TraceFolder& operator=(const TraceFolder&) = delete;

    /// \return the path of a file in the folder
    std::string File(const std::string& name) const
    {
        return (m_path / name).string();
    }

    /// Write lines, each followed by "\n". \return the file's path
    std::string WriteLines(const std::string& name, const std::vector<std::string>& lines) const
    {
        const std::string path = File(name);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        for (const auto& line : lines)
        {
            out << line << '\n';
        }
        return path;
    }

  private:
    fs::path m_path; //!< the folder
};

/// The header line every hand-written trace starts with.
const std::string kHeaderLine
    = R"({"case":"f/s","format":"wsdsim-trace/2","implementation":"model",)"
      R"("kind":"header","scenario":"f/s"})";
/// A valid call line.
const std::string kCallLine = R"({"args":{},"call":"WSAStartup","host":0,"kind":"call","step":0,)"
                              R"("thread":"client","time_ns":0})";
/// A valid return line.
const std::string kReturnLine
    = R"({"blocked":false,"call":"WSAStartup","errno":0,"error":"NO_ERROR",)"
      R"("host":0,"kind":"return","result":0,"step":0,"thread":"client",)"
      R"("time_ns":0})";

/// \return a header event
TraceEvent
Header()
{
    TraceEvent header;
    header.kind = EventKind::HEADER;
    header.format = kTraceFormat;
    header.scenario = "feature/sequence";
    header.caseId = "feature/sequence[mode=a]";
    header.implementation = "model";
    return header;
}

/// \return one event of every kind between header and end
std::vector<TraceEvent>
EveryKind()
{
    TraceEvent call;
    call.kind = EventKind::CALL;
    call.timeNs = 1'000;
    call.host = 1;
    call.thread = "server";
    call.step = 3;
    call.call = "recv";
    call.arguments = R"({"len":64,"s":256})";

    TraceEvent returned;
    returned.kind = EventKind::RETURN;
    returned.timeNs = 2'000'000;
    returned.host = 1;
    returned.thread = "server";
    returned.step = 3;
    returned.call = "recv";
    returned.result = 5;
    returned.error = "NO_ERROR";
    returned.errorNumber = 0;
    returned.blocked = true;
    returned.data = "hello";

    TraceEvent failed;
    failed.kind = EventKind::RETURN;
    failed.timeNs = 3'000'000;
    failed.host = 0;
    failed.thread = "client";
    failed.step = 4;
    failed.call = "WSASendDisconnect";
    failed.result = -1;
    failed.error = "WSAENOTCONN";
    failed.errorNumber = 10057;

    TraceEvent segment;
    segment.kind = EventKind::SEGMENT;
    segment.timeNs = 4'000'000;
    segment.host = 0;
    segment.direction = "tx";
    segment.protocol = "tcp";
    segment.flags = "FIN|ACK";
    segment.sequence = 21;
    segment.acknowledgement = 7;
    segment.length = 0;
    segment.source = "10.0.0.1:49153";
    segment.destination = "10.0.0.2:5000";

    TraceEvent state;
    state.kind = EventKind::TCP_STATE;
    state.timeNs = 4'000'000;
    state.host = 0;
    state.socket = "c";
    state.from = "ESTABLISHED";
    state.to = "FIN_WAIT_1";

    return {call, returned, failed, segment, state};
}

/// Read a whole trace. \return the reader's error, or nothing when the trace is good
std::optional<InputError>
ReadError(const std::string& path)
{
    try
    {
        TraceReader reader(path);
        while (reader.Next())
        {
        }
    }
    catch (const InputError& error)
    {
        return error;
    }
    return std::nullopt;
}

/// \return the file's text
std::string
ReadText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("written_trace_read_back_gives_the_same_events", "[trace-io]")
{
    TraceFolder folder;
    const auto path = folder.File("trace.jsonl");
    const auto events = EveryKind();
    {
        TraceWriter writer(path, Header());
        for (const auto& event : events)
        {
            writer.Write(event);
        }
        CHECK(writer.Count() == events.size());
        writer.Close();
    }

    TraceReader reader(path);
    CHECK(reader.Header().ToLine() == Header().ToLine());
    CHECK(reader.Header().caseId == "feature/sequence[mode=a]");
    CHECK(reader.LineNumber() == 1);
    for (const auto& expected : events)
    {
        const auto actual = reader.Next();
        REQUIRE(actual);
        CHECK(actual->ToLine() == expected.ToLine());
    }
    CHECK_FALSE(reader.Next());
    CHECK(reader.LineNumber() == events.size() + 2);
    CHECK_FALSE(reader.Next()); // stays at the end
}

TEST_CASE("written_trace_ends_with_an_end_line_counting_its_events", "[trace-io]")
{
    TraceFolder folder;
    const auto path = folder.File("trace.jsonl");
    {
        TraceWriter writer(path, Header());
        for (const auto& event : EveryKind())
        {
            writer.Write(event);
        }
        // The destructor writes the end line.
    }
    const std::string text = ReadText(path);
    REQUIRE_FALSE(text.empty());
    CHECK(text.back() == '\n');
    const std::string last = R"({"events":5,"kind":"end"})"
                             "\n";
    REQUIRE(text.size() > last.size());
    CHECK(text.substr(text.size() - last.size()) == last);
    CHECK_FALSE(ReadError(path));
}

TEST_CASE("trace_without_end_line_is_refused_as_truncated", "[trace-io]")
{
    TraceFolder folder;
    const auto path = folder.WriteLines("trace.jsonl", {kHeaderLine, kCallLine, kReturnLine});
    TraceReader reader(path);
    REQUIRE(reader.Next());
    REQUIRE(reader.Next());
    try
    {
        reader.Next();
        FAIL("a trace without its end line was read to the end");
    }
    catch (const InputError& error)
    {
        CHECK(error.File() == path);
        CHECK(error.Line() == 4);
        CHECK_THAT(error.Message(), Catch::Contains("truncated"));
        CHECK_THAT(error.Message(), Catch::Contains("end line"));
    }
}

TEST_CASE("trace_with_end_line_counting_other_than_its_events_is_refused_at_that_line",
          "[trace-io]")
{
    TraceFolder folder;
    const auto path = folder.WriteLines(
        "trace.jsonl", {kHeaderLine, kCallLine, kReturnLine, R"({"events":3,"kind":"end"})"});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK(error->Line() == 4);
    CHECK(error->Pointer() == "/events");
    CHECK_THAT(error->Message(), Catch::Contains("3"));
    CHECK_THAT(error->Message(), Catch::Contains("2"));
}

TEST_CASE("trace_with_a_line_that_is_not_json_is_refused_at_that_line", "[trace-io]")
{
    TraceFolder folder;
    const auto path = folder.WriteLines(
        "trace.jsonl",
        {kHeaderLine, kCallLine, R"({"kind": "return", oops})", R"({"events":2,"kind":"end"})"});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK(error->File() == path);
    CHECK(error->Line() == 3);
    CHECK_THAT(error->Message(), Catch::Contains("invalid JSON"));
    CHECK_THAT(error->what(), Catch::StartsWith(path + ":3:"));
}

TEST_CASE("trace_whose_first_line_is_not_a_header_is_refused_at_line_one", "[trace-io]")
{
    TraceFolder folder;
    const auto path = folder.WriteLines("trace.jsonl",
                                        {kCallLine, kReturnLine, R"({"events":1,"kind":"end"})"});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK(error->Line() == 1);
    CHECK(error->Pointer() == "/kind");
    CHECK_THAT(error->Message(), Catch::Contains("header"));
}

TEST_CASE("trace_with_another_format_is_refused_naming_the_expected_one", "[trace-io]")
{
    TraceFolder folder;
    const auto path
        = folder.WriteLines("trace.jsonl",
                            {R"({"case":"f/s","format":"wsdsim-trace/9","implementation":"model",)"
                             R"("kind":"header","scenario":"f/s"})",
                             R"({"events":0,"kind":"end"})"});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK(error->Line() == 1);
    CHECK(error->Pointer() == "/format");
    CHECK_THAT(error->Message(), Catch::Contains("wsdsim-trace/2"));
}

TEST_CASE("empty_trace_is_refused_expecting_a_header", "[trace-io]")
{
    TraceFolder folder;
    const auto path = folder.WriteLines("trace.jsonl", {});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK_THAT(error->Message(), Catch::Contains("header"));
}

TEST_CASE("trace_with_unknown_kind_is_refused_naming_the_kinds", "[trace-io]")
{
    TraceFolder folder;
    const auto path = folder.WriteLines("trace.jsonl",
                                        {kHeaderLine,
                                         kCallLine,
                                         R"({"host":0,"kind":"packet","time_ns":5})",
                                         R"({"events":2,"kind":"end"})"});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK(error->Line() == 3);
    CHECK_THAT(error->Message(), Catch::Contains("unknown kind \"packet\""));
    CHECK_THAT(error->Message(), Catch::Contains("segment"));
}

TEST_CASE("trace_with_a_field_of_the_wrong_type_is_refused_naming_the_field", "[trace-io]")
{
    TraceFolder folder;
    const auto path
        = folder.WriteLines("trace.jsonl",
                            {kHeaderLine,
                             R"({"args":{},"call":"WSAStartup","host":0,"kind":"call","step":0,)"
                             R"("thread":"client","time_ns":"soon"})",
                             R"({"events":1,"kind":"end"})"});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK(error->Line() == 2);
    CHECK_THAT(error->Message(), Catch::Contains("\"time_ns\""));
    CHECK_THAT(error->Message(), Catch::Contains("integer"));
}

TEST_CASE("trace_with_blocked_of_the_wrong_type_is_refused_naming_the_field", "[trace-io]")
{
    TraceFolder folder;
    const auto path
        = folder.WriteLines("trace.jsonl",
                            {kHeaderLine,
                             R"({"blocked":"no","call":"WSAStartup","errno":0,"error":"NO_ERROR",)"
                             R"("host":0,"kind":"return","result":0,"step":0,"thread":"client",)"
                             R"("time_ns":0})",
                             R"({"events":1,"kind":"end"})"});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK(error->Line() == 2);
    CHECK_THAT(error->Message(), Catch::Contains("\"blocked\""));
}

TEST_CASE("trace_with_a_missing_field_is_refused_naming_the_field", "[trace-io]")
{
    TraceFolder folder;
    const auto path
        = folder.WriteLines("trace.jsonl",
                            {kHeaderLine,
                             R"({"args":{},"call":"WSAStartup","host":0,"kind":"call","step":0,)"
                             R"("time_ns":0})",
                             R"({"events":1,"kind":"end"})"});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK(error->Line() == 2);
    CHECK_THAT(error->Message(), Catch::Contains("\"thread\""));
}

TEST_CASE("trace_with_text_after_the_end_line_is_refused_at_that_line", "[trace-io]")
{
    TraceFolder folder;
    const auto path = folder.WriteLines(
        "trace.jsonl", {kHeaderLine, kCallLine, R"({"events":1,"kind":"end"})", kReturnLine});
    const auto error = ReadError(path);
    REQUIRE(error);
    CHECK(error->Line() == 4);
    CHECK_THAT(error->Message(), Catch::Contains("after the end line"));
}

TEST_CASE("event_to_line_gives_sorted_keys_byte_for_byte", "[trace-io]")
{
    const auto events = EveryKind();
    CHECK(Header().ToLine()
          == R"({"case":"feature/sequence[mode=a]","format":"wsdsim-trace/2",)"
             R"("implementation":"model","kind":"header",)"
             R"("scenario":"feature/sequence"})");
    CHECK(events[0].ToLine()
          == R"({"args":{"len":64,"s":256},"call":"recv","host":1,"kind":"call",)"
             R"("step":3,"thread":"server","time_ns":1000})");
    CHECK(events[1].ToLine()
          == R"({"blocked":true,"call":"recv","data":"hello","errno":0,)"
             R"("error":"NO_ERROR","host":1,"kind":"return","result":5,"step":3,)"
             R"("thread":"server","time_ns":2000000})");
    CHECK(events[2].ToLine()
          == R"({"blocked":false,"call":"WSASendDisconnect","errno":10057,)"
             R"("error":"WSAENOTCONN","host":0,"kind":"return","result":-1,)"
             R"("step":4,"thread":"client","time_ns":3000000})");
    CHECK(events[3].ToLine()
          == R"({"ack":7,"dir":"tx","dst":"10.0.0.2:5000","flags":"FIN|ACK",)"
             R"("host":0,"kind":"segment","len":0,"proto":"tcp","seq":21,)"
             R"("src":"10.0.0.1:49153","time_ns":4000000})");
    CHECK(events[4].ToLine()
          == R"({"from":"ESTABLISHED","host":0,"kind":"tcp-state","socket":"c",)"
             R"("time_ns":4000000,"to":"FIN_WAIT_1"})");
    TraceEvent end;
    end.kind = EventKind::END;
    end.eventCount = 12;
    CHECK(end.ToLine() == R"({"events":12,"kind":"end"})");
}

TEST_CASE("line_writer_gives_nlohmanns_bytes_for_every_kind_and_awkward_text", "[trace-io]")
{
    // The writer's line must be the JSON document's dump, byte for byte, whatever the text:
    // each string field of each kind set in turn to text that must be escaped or replaced.
    const std::vector<std::string> texts = {"",
                                            "plain text",
                                            "quote\"inside",
                                            "back\\slash",
                                            std::string("nul\0byte", 8),
                                            "tab\tnew\nline\r",
                                            "\x01\x1f\x7f",
                                            "caf\xc3\xa9 \xe2\x82\xac",
                                            "ab\xff\xfe",
                                            "\xc3"};
    const auto expected = [](const TraceEvent& event)
    {
        return event.ToJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    std::vector<TraceEvent> events = EveryKind();
    events.push_back(Header());
    TraceEvent end;
    end.kind = EventKind::END;
    end.eventCount = UINT64_MAX;
    events.push_back(end);
    TraceEvent extremes = EveryKind()[1];
    extremes.timeNs = INT64_MIN;
    extremes.result = INT64_MAX;
    extremes.step = -1;
    extremes.outputs = R"({ "z" : [1, 2.5, null], "a" : {"y": true, "b": "\u00e9"} })";
    events.push_back(extremes);
    TraceEvent unsortedArguments = EveryKind()[0];
    unsortedArguments.arguments = R"({"s" : 256,  "len":64, "flags": ["MSG_PEEK"]})";
    events.push_back(unsortedArguments);
    size_t lines = 0;
    for (const auto& event : events)
    {
        CHECK(event.ToLine() == expected(event));
        for (const auto& text : texts)
        {
            for (std::string TraceEvent::*field : {&TraceEvent::format,
                                                   &TraceEvent::scenario,
                                                   &TraceEvent::caseId,
                                                   &TraceEvent::implementation,
                                                   &TraceEvent::thread,
                                                   &TraceEvent::call,
                                                   &TraceEvent::error,
                                                   &TraceEvent::direction,
                                                   &TraceEvent::protocol,
                                                   &TraceEvent::flags,
                                                   &TraceEvent::source,
                                                   &TraceEvent::destination,
                                                   &TraceEvent::socket,
                                                   &TraceEvent::from,
                                                   &TraceEvent::to})
            {
                TraceEvent changed = event;
                changed.*field = text;
                INFO(expected(changed));
                CHECK(changed.ToLine() == expected(changed));
                ++lines;
            }
            TraceEvent withData = event;
            withData.data = text;
            CHECK(withData.ToLine() == expected(withData));
        }
    }
    CHECK(lines > 1'000);
}

TEST_CASE("event_to_line_twice_gives_the_same_bytes", "[trace-io]")
{
    for (const auto& event : EveryKind())
    {
        const std::string first = event.ToLine();
        const TraceEvent copy = event;
        CHECK(copy.ToLine() == first);
        std::string problem;
        const auto parsed = TraceEvent::FromJson(nlohmann::json::parse(first), &problem);
        REQUIRE(parsed);
        CHECK(parsed->ToLine() == first);
    }
}

TEST_CASE("return_with_invalid_utf8_data_is_written_as_valid_json", "[trace-io]")
{
    TraceEvent returned = EveryKind()[1];
    returned.data = std::string("ab\xff\xfe", 4);
    const std::string line = returned.ToLine();
    CHECK(line.find('\n') == std::string::npos);
    CHECK_NOTHROW(nlohmann::json::parse(line));
}

namespace
{

/// \return the event nlohmann/json and TraceEvent::FromJson read from a line (the reader's path
/// for a line the scanner declines), or nothing when they refuse it
std::optional<TraceEvent>
ParsedWithJson(const std::string& line)
{
    try
    {
        std::string problem;
        return TraceEvent::FromJson(nlohmann::json::parse(line), &problem);
    }
    catch (const nlohmann::json::exception&)
    {
        return std::nullopt;
    }
}

/// \return the event the scanner reads from a line, or nothing when it declines it
std::optional<TraceEvent>
Scanned(const std::string& line)
{
    TraceEvent event;
    if (!ScanTraceLine(line, &event))
    {
        return std::nullopt;
    }
    return event;
}

/// Write a trace of the header, one line and an end line counting one event. \return its path
std::string
WriteOneLineTrace(const TraceFolder& folder, const std::string& line)
{
    return folder.WriteLines("trace.jsonl", {kHeaderLine, line, R"({"events":1,"kind":"end"})"});
}

/// A line, and whether the scanner reads it (else nlohmann/json does).
struct LineCase
{
    std::string what; //!< what the line shows
    std::string line; //!< the line
    bool scanned;     //!< whether the scanner reads it
};

/// Lines that are valid events, written every way JSON allows and the trace writer does not.
std::vector<LineCase>
ValidLines()
{
    const auto events = EveryKind();
    return {
        {"a call as written", events[0].ToLine(), true},
        {"a return with data as written", events[1].ToLine(), true},
        {"a return without data as written", events[2].ToLine(), true},
        {"a segment as written", events[3].ToLine(), true},
        {"a TCP state change as written", events[4].ToLine(), true},
        {"a header as written", Header().ToLine(), true},
        {"an end line as written", R"({"events":12,"kind":"end"})", true},
        {"keys in another order",
         R"({"time_ns":1000,"thread":"server","step":3,"kind":"call","host":1,)"
         R"("call":"recv","args":{"len":64,"s":256}})",
         true},
        {"the kind last and numbers at the line's end", R"({"events":7,"kind":"end"})", true},
        {"whitespace around every token",
         " {\t\"args\" : {} ,\r\"call\":\"WSAStartup\" , \"host\" :0, \"kind\"\t:\"call\","
         "\"step\": 0 ,\"thread\":\"client\",\"time_ns\":0 } \r",
         true},
        {"negative numbers",
         R"({"blocked":false,"call":"WSASendDisconnect","errno":-10057,"error":"WSAENOTCONN",)"
         R"("host":0,"kind":"return","result":-1,"step":-1,"thread":"client","time_ns":5})",
         true},
        {"minus zero",
         R"({"blocked":true,"call":"recv","errno":-0,"error":"NO_ERROR",)"
         R"("host":1,"kind":"return","result":-0,"step":0,"thread":"t","time_ns":0})",
         true},
        {"64-bit extremes",
         R"({"blocked":true,"call":"recv","errno":9223372036854775807,"error":"NO_ERROR",)"
         R"("host":1,"kind":"return","result":-9223372036854775808,"step":1234567890123,)"
         R"("thread":"t","time_ns":9223372036854775807})",
         true},
        {"the largest end count", R"({"events":18446744073709551615,"kind":"end"})", true},
        {"32-bit extremes and numbers of 8 and 9 digits",
         R"({"ack":4294967295,"dir":"rx","dst":"10.0.0.1:49153","flags":"","host":1,)"
         R"("kind":"segment","len":12345678,"proto":"udp","seq":123456789,)"
         R"("src":"10.0.0.2:5000","time_ns":100000000})",
         true},
        {"empty strings",
         R"({"from":"","host":0,"kind":"tcp-state","socket":"","time_ns":0,"to":""})",
         true},
        {"a long string and a DEL byte",
         "{\"args\":{},\"call\":\"send\",\"host\":0,\"kind\":\"call\",\"step\":2,\"thread\":\""
             + std::string(100, 'x') + "\x7f" + std::string(9, 'y') + "\",\"time_ns\":1}",
         true},
        {"escapes in a string",
         R"({"args":{},"call":"send","host":0,"kind":"call","step":2,)"
         R"("thread":"a\"b\\c\/d\n\t\u0041","time_ns":1})",
         false},
        {"an escape in a key",
         R"({"\u0061rgs":{},"call":"send","host":0,"kind":"call","step":2,)"
         R"("thread":"c","time_ns":1})",
         false},
        {"escapes beyond ASCII",
         R"({"blocked":false,"call":"recv","data":"\u00e9\ud83d\ude00","errno":0,)"
         R"("error":"NO_ERROR","host":1,"kind":"return","result":6,"step":3,"thread":"s",)"
         R"("time_ns":2})",
         false},
        {"raw UTF-8",
         "{\"blocked\":false,\"call\":\"recv\",\"data\":\"caf\xc3\xa9\",\"errno\":0,"
         "\"error\":\"NO_ERROR\",\"host\":1,\"kind\":\"return\",\"result\":5,\"step\":3,"
         "\"thread\":\"s\",\"time_ns\":2}",
         false},
        {"a key twice (JSON keeps the last)",
         R"({"args":{},"call":"send","host":0,"kind":"call","step":2,"thread":"a",)"
         R"("thread":"b","time_ns":1})",
         false},
        {"a signed field beyond 64 bits with sign (JSON wraps it)",
         R"({"args":{},"call":"send","host":0,"kind":"call","step":9223372036854775808,)"
         R"("thread":"c","time_ns":1})",
         false},
        {"a byte order mark", "\xef\xbb\xbf{\"events\":0,\"kind\":\"end\"}", false},
    };
}

/// A malformed line and the located error the reader gives for it as a trace's second line.
struct BadLine
{
    std::string line;     //!< the line
    std::string location; //!< what() after the file's name
};

/// Malformed lines, with the errors the reader gave before it had a scanner.
std::vector<BadLine>
BadLines()
{
    const std::string call
        = R"({"args":{},"call":"c","host":0,"kind":"call","step":0,"thread":"t",)";
    return {
        {R"({"kind": "return", oops})",
         ":2:20: invalid JSON: syntax error while parsing object key - invalid literal; last "
         "read: '\"return\", o'; expected string literal"},
        {call + R"("time_ns":1e400})", ":2:78: invalid JSON: number overflow parsing '1e400'"},
        {call + R"("time_ns":1.5})", ":2:1: field \"time_ns\" must be an integer"},
        {call + R"("time_ns":1e3})", ":2:1: field \"time_ns\" must be an integer"},
        {call + R"("time_ns":-1})", ":2:1: field \"time_ns\" must not be negative"},
        {call + R"("time_ns":18446744073709551615})",
         ":2:1: field \"time_ns\" must not be negative"},
        {call + R"("time_ns":18446744073709551616})", ":2:1: field \"time_ns\" must be an integer"},
        {call + R"("time_ns":01})",
         ":2:79: invalid JSON: syntax error while parsing object - unexpected number literal; "
         "expected '}'"},
        {call + R"("time_ns":tru})",
         ":2:81: invalid JSON: syntax error while parsing value - invalid literal; last read: "
         "'\"time_ns\":tru}'"},
        {R"({"args":{},"call":"c","host":2,"kind":"call","step":0,"thread":"t","time_ns":0})",
         ":2:1: field \"host\" must be 0 or 1"},
        {R"({"args":{},"call":"c","host":4294967296,"kind":"call","step":0,"thread":"t",)"
         R"("time_ns":0})",
         ":2:1: field \"host\" must be at most 4294967295"},
        {R"({"args":{},"call":"c","host":-1,"kind":"call","step":0,"thread":"t","time_ns":0})",
         ":2:1: field \"host\" must not be negative"},
        {R"({"args":{},"call":"c","host":0,"kind":"call","step":-9223372036854775809,)"
         R"("thread":"t","time_ns":0})",
         ":2:1: field \"step\" must be an integer"},
        {R"({"args":{},"call":"c","host":0,"kind":"call","step":true,"thread":"t","time_ns":0})",
         ":2:1: field \"step\" must be an integer"},
        {call + R"("time_ns":0,"window":5})", ":2:1: unknown field \"window\""},
        {R"({"args":{},"call":"c","host":0,"kind":"call","step":0,"time_ns":0})",
         ":2:1: missing field \"thread\""},
        {R"({"args":null,"call":"c","host":0,"kind":"call","step":0,"thread":"t","time_ns":0})",
         ":2:1: field \"args\" must be an object"},
        {R"({"args":"s=1","call":"c","host":0,"kind":"call","step":0,"thread":"t",)"
         R"("time_ns":0})",
         ":2:1: field \"args\" must be an object"},
        {R"({"args":{},"call":"c","host":0,"kind":null,"step":0,"thread":"t","time_ns":0})",
         ":2:1: missing string field \"kind\""},
        {R"({"args":{},"call":"c","host":0,"kind":"syscall","step":0,"thread":"t",)"
         R"("time_ns":0})",
         ":2:1: unknown kind \"syscall\"; expected header, call, return, segment, tcp-state or "
         "end"},
        {call + R"("time_ns":0},)",
         ":2:80: invalid JSON: syntax error while parsing value - unexpected ','; expected end "
         "of input"},
        {call + R"("time_ns":0} x)",
         ":2:81: invalid JSON: syntax error while parsing value - invalid literal; last read: "
         "'0} x'; expected end of input"},
        {call + R"("time_ns":0,})",
         ":2:80: invalid JSON: syntax error while parsing object key - unexpected '}'; expected "
         "string literal"},
        {call + R"("time_ns":0)",
         ":2:79: invalid JSON: syntax error while parsing object - unexpected end of input; "
         "expected '}'"},
        {"{\"call\":\"a\tb\",\"args\":{},\"host\":0,\"kind\":\"call\",\"step\":0,"
         "\"thread\":\"t\",\"time_ns\":0}",
         ":2:11: invalid JSON: syntax error while parsing value - invalid string: control "
         "character U+0009 (HT) must be escaped to \\u0009 or \\t; last read: '\"a<U+0009>'"},
        {std::string("{\"call\":\"a\0b\",\"args\":{},\"host\":0,\"kind\":\"call\",\"step\":0,"
                     "\"thread\":\"t\",\"time_ns\":0}",
                     81),
         ":2:11: invalid JSON: syntax error while parsing value - invalid string: control "
         "character U+0000 (NUL) must be escaped to \\u0000; last read: '\"a<U+0000>'"},
        {"{\"call\":\"a\xff"
         "b\",\"args\":{},\"host\":0,\"kind\":\"call\",\"step\":0,\"thread\":\"t\","
         "\"time_ns\":0}",
         ":2:11: invalid JSON: syntax error while parsing value - invalid string: ill-formed "
         "UTF-8 byte; last read: '\"a\xff'"},
        {R"({"call":"a\qb","args":{},"host":0,"kind":"call","step":0,"thread":"t","time_ns":0})",
         ":2:12: invalid JSON: syntax error while parsing value - invalid string: forbidden "
         "character after backslash; last read: '\"a\\q'"},
        {R"({"blocked":"no","call":"c","errno":0,"error":"NO_ERROR","host":0,"kind":"return",)"
         R"("result":0,"step":0,"thread":"t","time_ns":0})",
         ":2:1: field \"blocked\" must be true or false"},
        {R"({"blocked":false,"call":"c","data":null,"errno":0,"error":"NO_ERROR","host":0,)"
         R"("kind":"return","result":0,"step":0,"thread":"t","time_ns":0})",
         ":2:1: field \"data\" must be a string"},
        {R"({"ack":0,"dir":"up","dst":"b","flags":"","host":0,"kind":"segment","len":0,)"
         R"("proto":"tcp","seq":0,"src":"a","time_ns":0})",
         ":2:1: field \"dir\" must be \"tx\" or \"rx\""},
        {R"({"ack":0,"dir":"tx","dst":"b","flags":"","host":0,"kind":"segment","len":-1,)"
         R"("proto":"tcp","seq":0,"src":"a","time_ns":0})",
         ":2:1: field \"len\" must not be negative"},
        {R"({"ack":0,"dir":"tx","dst":"b","flags":"","host":0,"kind":"segment","len":0,)"
         R"("proto":"tcp","seq":4294967296,"src":"a","time_ns":0})",
         ":2:1: field \"seq\" must be at most 4294967295"},
        {R"({"events":-1,"kind":"end"})", ":2:1: field \"events\" must not be negative"},
        {"[1,2]", ":2:1: expected a JSON object"},
        {"{}", ":2:1: missing string field \"kind\""},
        {"",
         ":2:1: invalid JSON: syntax error while parsing value - unexpected end of input; "
         "expected '[', '{', or a literal"},
    };
}

} // namespace

TEST_CASE("scanner_reads_valid_lines_as_the_json_parser_does_and_declines_the_rest", "[trace-io]")
{
    TraceFolder folder;
    for (const auto& [what, line, scanned] : ValidLines())
    {
        INFO(what << ": " << line);
        const auto parsed = ParsedWithJson(line);
        REQUIRE(parsed);
        const auto quick = Scanned(line);
        CHECK(quick.has_value() == scanned);
        if (quick)
        {
            CHECK(*quick == *parsed);
        }
        if (parsed->kind != EventKind::HEADER && parsed->kind != EventKind::END)
        {
            TraceReader reader(WriteOneLineTrace(folder, line));
            const auto read = reader.Next();
            REQUIRE(read);
            CHECK(*read == *parsed);
        }
    }
}

TEST_CASE("malformed_line_is_declined_by_the_scanner_and_refused_with_its_error_as_before",
          "[trace-io]")
{
    TraceFolder folder;
    for (const auto& [line, location] : BadLines())
    {
        INFO(line);
        CHECK_FALSE(Scanned(line));
        const std::string path = WriteOneLineTrace(folder, line);
        const auto error = ReadError(path);
        REQUIRE(error);
        CHECK(std::string(error->what()) == path + location);
    }
}

namespace
{
/// \return objects in many forms, as arguments or outputs: unsorted, spaced, duplicated keys,
/// -0, a leading zero, fractions, 19 digits, escapes, non-ASCII, nesting, keys by byte order
std::vector<std::string>
ObjectForms()
{
    return {R"({})",
            R"({"len":64,"s":256})",
            R"({"s":256,"len":64})",
            R"({"len":64,"len":65})",
            R"({"len": 64,"s":256})",
            R"({ "len":64,"s":256})",
            R"({"a":-0})",
            R"({"a":0,"b":-1,"c":007})",
            R"({"a":1.0})",
            R"({"a":1e2})",
            R"({"a":1234567890123456789})",
            R"({"a":-123456789012345678})",
            R"({"a":18446744073709551616})",
            R"({"a":"x\u0041"})",
            R"({"a":"\/"})",
            "{\"a\":\"caf\xc3\xa9\"}",
            R"({"a":true,"b":false,"c":null})",
            R"({"a":[1,2]})",
            R"({"a":{"c":1,"b":2}})",
            R"({"\u0061":1})",
            R"({"B":1,"a":2})",
            R"({"a":1,"B":2})"};
}
} // namespace

TEST_CASE("scanner_keeps_an_arguments_text_only_where_the_json_path_writes_the_same", "[trace-io]")
{
    // The scanner copies an object written as nlohmann/json writes it and parses any other:
    // both must give the event the JSON path gives, whatever the object's form.
    const std::vector<std::string> objects = ObjectForms();
    for (const auto& object : objects)
    {
        for (const std::string& line :
             {R"({"args":)" + object
                  + R"(,"call":"recv","host":1,"kind":"call","step":3,"thread":"t","time_ns":1})",
              R"({"blocked":false,"call":"WSAPoll","errno":0,"error":"NO_ERROR","host":0,)"
              R"("kind":"return","out":)"
                  + object + R"(,"result":1,"step":2,"thread":"t","time_ns":5})"})
        {
            INFO(line);
            const auto parsed = ParsedWithJson(line);
            const auto quick = Scanned(line);
            if (quick)
            {
                REQUIRE(parsed);
                CHECK(*quick == *parsed);
            }
        }
    }
    // The usual arguments are taken as they are, not declined.
    CHECK(Scanned(R"({"args":{"len":64,"s":256},"call":"recv","host":1,"kind":"call",)"
                  R"("step":3,"thread":"t","time_ns":1})")
              ->arguments
          == R"({"len":64,"s":256})");
}

TEST_CASE("line_writer_gives_nlohmanns_bytes_for_arguments_and_outputs_of_every_form", "[trace-io]")
{
    // The writer copies an object already in nlohmann/json's compact sorted form and writes any
    // other again: both must give the document's dump, byte for byte.
    const std::vector<std::string> objects = ObjectForms();
    size_t copied = 0;
    for (const auto& object : objects)
    {
        INFO(object);
        if (!nlohmann::json::accept(object))
        {
            continue; // not JSON: no line to write
        }
        TraceEvent call = EveryKind()[0];
        call.arguments = object;
        TraceEvent ret = EveryKind()[1];
        ret.outputs = object;
        for (const TraceEvent& event : {call, ret})
        {
            CHECK(event.ToLine()
                  == event.ToJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
        copied += IsCompactSortedFlatObject(object) ? 1 : 0;
    }
    // Copied: {}, the sorted pair, 18 digits with a sign, true/false/null, "B" before "a".
    CHECK(copied == 5);
}

TEST_CASE("scanner_reads_no_mutated_line_otherwise_than_the_json_parser", "[trace-io]")
{
    // Every line one byte away from a valid one (deleted, replaced, inserted): whatever the
    // scanner reads, the JSON parser must read too, as the same event.
    std::vector<std::string> lines;
    for (const auto& event : EveryKind())
    {
        lines.push_back(event.ToLine());
    }
    lines.push_back(Header().ToLine());
    lines.push_back(R"({"events":12,"kind":"end"})");
    lines.push_back(R"( { "ack" : 7 , "dir" : "tx" , "dst" : "b" , "flags" : "" , "host" : 0 ,)"
                    R"( "kind" : "segment" , "len" : 0 , "proto" : "tcp" , "seq" : 21 ,)"
                    R"( "src" : "a" , "time_ns" : 4000000 } )");
    const std::string bytes("\"\\{}[],:-+.0129eEtfnu \t\r\x7f\x80\xff\0", 28);
    size_t mutants = 0;
    size_t scanned = 0;
    std::vector<std::string> misread;
    const auto check = [&](const std::string& mutant)
    {
        ++mutants;
        const auto quick = Scanned(mutant);
        if (!quick)
        {
            return;
        }
        ++scanned;
        const auto parsed = ParsedWithJson(mutant);
        if (!parsed || !(*parsed == *quick))
        {
            misread.push_back(mutant);
        }
    };
    for (const auto& line : lines)
    {
        for (size_t at = 0; at <= line.size(); ++at)
        {
            if (at < line.size())
            {
                check(line.substr(0, at) + line.substr(at + 1));
            }
            for (const char byte : bytes)
            {
                if (at < line.size())
                {
                    std::string replaced = line;
                    replaced[at] = byte;
                    check(replaced);
                }
                check(line.substr(0, at) + byte + line.substr(at));
            }
        }
    }
    INFO((misread.empty() ? std::string("none") : misread.front()));
    CHECK(misread.empty());
    // The mutants it reads (other digits, spaces, letters in strings) make the test bite.
    CHECK(mutants > 30'000);
    CHECK(scanned > mutants / 10);
}

TEST_CASE("event_cleared_equals_a_default_event", "[trace-io]")
{
    TraceEvent event = EveryKind()[1];
    event.kind = EventKind::SEGMENT;
    event.format = "f";
    event.scenario = "s";
    event.caseId = "c";
    event.implementation = "i";
    event.arguments = std::string(64, 'a'); // beyond the small-string buffer
    event.direction = "tx";
    event.protocol = "tcp";
    event.flags = "ACK";
    event.sequence = 1;
    event.acknowledgement = 2;
    event.length = 3;
    event.source = "a";
    event.destination = "b";
    event.socket = "s";
    event.from = "CLOSED";
    event.to = "LISTEN";
    event.eventCount = 4;
    event.Clear();
    CHECK(event == TraceEvent{});
    CHECK(event.ToLine() == TraceEvent{}.ToLine());
}

TEST_CASE("reader_reusing_one_event_gives_each_line_only_its_own_fields", "[trace-io]")
{
    TraceFolder folder;
    const auto events = EveryKind();
    // A return with data, then events of other kinds, then a return without data.
    const std::vector<TraceEvent> order{events[1], events[3], events[4], events[0], events[2]};
    std::vector<std::string> lines{kHeaderLine};
    for (const auto& event : order)
    {
        lines.push_back(event.ToLine());
    }
    lines.push_back(R"({"events":5,"kind":"end"})");
    TraceReader reader(folder.WriteLines("trace.jsonl", lines));
    TraceEvent reused;
    for (const auto& expected : order)
    {
        REQUIRE(reader.Next(&reused));
        CHECK(reused == expected);
    }
    CHECK_FALSE(reader.Next(&reused));
    CHECK_FALSE(reader.Next(&reused));
}

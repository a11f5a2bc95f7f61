// Tests of trace writing and reading: round trips, checked header and end lines, exact line bytes.
#include "input-error.h"
#include "trace-event.h"
#include "trace-io.h"

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
    = R"({"case":"f/s","format":"wsdsim-trace/1","implementation":"model",)"
      R"("kind":"header","scenario":"f/s"})";
/// A valid call line.
const std::string kCallLine = R"({"args":"","call":"WSAStartup","host":0,"kind":"call","step":0,)"
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
    call.arguments = "s=256, len=64";

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
    CHECK_THAT(error->Message(), Catch::Contains("wsdsim-trace/1"));
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
                             R"({"args":"","call":"WSAStartup","host":0,"kind":"call","step":0,)"
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
                             R"({"args":"","call":"WSAStartup","host":0,"kind":"call","step":0,)"
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
          == R"({"case":"feature/sequence[mode=a]","format":"wsdsim-trace/1",)"
             R"("implementation":"model","kind":"header",)"
             R"("scenario":"feature/sequence"})");
    CHECK(events[0].ToLine()
          == R"({"args":"s=256, len=64","call":"recv","host":1,"kind":"call",)"
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

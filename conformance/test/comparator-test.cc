// Tests of the comparator: outcomes by level, missing returns, the wire and its time tolerance,
// every divergence listed (API first) and how the reports list them.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "common/input-error.h"
#include "common/time-text.h"
#include "judge/comparator.h"
#include "judge/flag-equivalence.h"
#include "report/report-writer.h"
#include "scenario/scenario-loader.h"
#include "scenario/scenario.h"
#include "trace/trace-event.h"
#include "trace/trace-io.h"

namespace
{

using namespace wsdsim;
namespace fs = std::filesystem;

/// A fresh scenarios root (it holds scenario.schema.json), removed with everything in it
/// afterwards.
class ComparatorFolder
{
  public:
    ComparatorFolder()
    {
        static std::atomic<unsigned> sequence{0};
        m_path = fs::temp_directory_path()
                 / ("wsdsim-comparator-test-" + std::to_string(::getpid()) + "-"
                    + std::to_string(sequence++));
        fs::remove_all(m_path);
        fs::create_directories(m_path / "comparator");
        std::ofstream(m_path / "scenario.schema.json") << "{}\n";
    }

    ~ComparatorFolder()
    {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }

    ComparatorFolder(const ComparatorFolder&) = delete;
    ComparatorFolder& operator=(const ComparatorFolder&) = delete;

    /// \return the path of a file in the folder
    std::string File(const std::string& name) const
    {
        return (m_path / name).string();
    }

  private:
    fs::path m_path; //!< the root
};

/// How to write the sample scenario.
struct ScenarioOptions
{
    std::string disconnectLevel{"MUST"}; //!< level of the disconnect step's outcome
    std::string wire{"MUST"};            //!< the scenario's wire level
};

/// Write comparator/sample.json and load its one case.
///
/// Steps: 0 startup (set-up, no outcome), 1 socket (REQ-HANDLE), 2 WSASendDisconnect on an
/// unconnected socket (REQ-NOTCONN: SOCKET_ERROR, WSAENOTCONN).
ScenarioCase
SampleCase(const ComparatorFolder& folder, const ScenarioOptions& options = {})
{
    const std::string path = folder.File("comparator/sample.json");
    std::ofstream(path)
        << "{\n"
           "  \"description\": \"WSASendDisconnect on an unconnected socket fails.\",\n"
           "  \"wire\": \""
        << options.wire
        << "\",\n"
           "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
           "  \"steps\": [\n"
           "    { \"id\": \"startup\", \"thread\": \"client\", \"call\": \"WSAStartup\" },\n"
           "    { \"id\": \"socket\", \"thread\": \"client\", \"call\": \"socket\",\n"
           "      \"args\": { \"type\": \"SOCK_STREAM\" }, \"as\": \"c\",\n"
           "      \"expect\": { \"result\": \"handle\", \"requirements\": [\"REQ-HANDLE\"] } },\n"
           "    { \"id\": \"disconnect\", \"thread\": \"client\", \"call\": "
           "\"WSASendDisconnect\",\n"
           "      \"args\": { \"s\": \"c\" },\n"
           "      \"expect\": { \"result\": \"SOCKET_ERROR\", \"error\": \"WSAENOTCONN\",\n"
           "                  \"level\": \""
        << options.disconnectLevel
        << "\", \"requirements\": [\"REQ-NOTCONN\"] } }\n"
           "  ]\n"
           "}\n";
    auto cases = LoadScenario(path).cases;
    REQUIRE(cases.size() == 1);
    REQUIRE(cases[0].id == "comparator/sample");
    return cases[0];
}

/// How a hand-made trace departs from the reference one.
struct TraceOptions
{
    std::string caseId{"comparator/sample"};    //!< the header's case
    std::string startupError{"NO_ERROR"};       //!< step 0's error
    std::string disconnectError{"WSAENOTCONN"}; //!< step 2's error
    bool disconnectReturns{true};               //!< whether step 2 returns
    std::string synAckFlags{"SYN|ACK"};         //!< flags of the second segment
    int64_t synShiftNs{0};                      //!< added to the first segment's time (100 ms)
    int64_t synAckShiftNs{0};                   //!< added to the second segment's time (102 ms)
};

/// The index (after the header) of step 2's return in a trace written by WriteTrace.
constexpr size_t kDisconnectReturnIndex = 5;
/// The index of the second segment.
constexpr size_t kSynAckIndex = 7;

/// An API event.
TraceEvent
ApiEvent(EventKind kind, int64_t step, const std::string& call, int64_t timeNs)
{
    TraceEvent event;
    event.kind = kind;
    event.timeNs = timeNs;
    event.host = 0;
    event.thread = "client";
    event.step = step;
    event.call = call;
    return event;
}

/// A return.
TraceEvent
Return(
    int64_t step, const std::string& call, int64_t timeNs, int64_t result, const std::string& error)
{
    TraceEvent event = ApiEvent(EventKind::RETURN, step, call, timeNs);
    event.result = result;
    event.error = error;
    event.errorNumber = error == "NO_ERROR" ? 0 : 10057;
    return event;
}

/// A TCP segment.
TraceEvent
Segment(uint32_t host, const std::string& direction, const std::string& flags, int64_t timeNs)
{
    TraceEvent event;
    event.kind = EventKind::SEGMENT;
    event.timeNs = timeNs;
    event.host = host;
    event.direction = direction;
    event.protocol = "tcp";
    event.flags = flags;
    event.source = "10.0.0.1:49153";
    event.destination = "10.0.0.2:5000";
    return event;
}

/// Write a trace of the sample case with the events given. \return its path
std::string
WriteEvents(const ComparatorFolder& folder,
            const std::string& name,
            const std::vector<TraceEvent>& events,
            const std::string& caseId = "comparator/sample")
{
    TraceEvent header;
    header.kind = EventKind::HEADER;
    header.format = kTraceFormat;
    header.scenario = "comparator/sample";
    header.caseId = caseId;
    header.implementation = "model";
    const std::string path = folder.File(name);
    TraceWriter writer(path, header);
    for (const auto& event : events)
    {
        writer.Write(event);
    }
    writer.Close();
    return path;
}

/// The API events of the sample case (the reference's with default options): 0 call startup,
/// 1 return startup, 2 call socket, 3 return socket, 4 call disconnect, 5 return disconnect
/// (10 ms).
std::vector<TraceEvent>
SampleApi(const TraceOptions& options = {})
{
    std::vector<TraceEvent> events{ApiEvent(EventKind::CALL, 0, "WSAStartup", 0),
                                   Return(0, "WSAStartup", 0, 0, options.startupError),
                                   ApiEvent(EventKind::CALL, 1, "socket", 0),
                                   Return(1, "socket", 0, 256, "NO_ERROR"),
                                   ApiEvent(EventKind::CALL, 2, "WSASendDisconnect", 10'000'000)};
    if (options.disconnectReturns)
    {
        events.push_back(Return(2, "WSASendDisconnect", 10'000'000, -1, options.disconnectError));
    }
    return events;
}

/// Write a trace of the sample case (the reference with default options).
///
/// Events: SampleApi(), then 6 segment SYN (100 ms), 7 segment SYN|ACK (102 ms).
std::string
WriteTrace(const ComparatorFolder& folder,
           const std::string& name,
           const TraceOptions& options = {})
{
    auto events = SampleApi(options);
    events.push_back(Segment(0, "tx", "SYN", 100'000'000 + options.synShiftNs));
    events.push_back(Segment(0, "rx", options.synAckFlags, 102'000'000 + options.synAckShiftNs));
    return WriteEvents(folder, name, events, options.caseId);
}

/// Compare with the default tolerance (5 ms floor, 25 %), the wire observed.
Comparison
Compare(const ScenarioCase& scenarioCase, const std::string& trace, const std::string& reference)
{
    return CompareTrace(scenarioCase, trace, reference, Tolerance{}, true);
}

/// \return whether a list holds a string
bool
Has(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

/// \return the scenarios folder of the source tree
fs::path
ScenariosFolder()
{
    return fs::absolute(fs::path(__FILE__)).parent_path().parent_path().parent_path() / "scenarios";
}

} // namespace

TEST_CASE("reference_compared_with_itself_passes_with_every_requirement_held", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    const auto comparison = Compare(scenarioCase, reference, reference);
    CHECK(comparison.verdict == Verdict::PASS);
    CHECK(comparison.divergences.empty());
    CHECK(comparison.passedRequirements == std::vector<std::string>{"REQ-HANDLE", "REQ-NOTCONN"});
    CHECK(comparison.failedRequirements.empty());
}

TEST_CASE("project_reference_compared_with_itself_passes", "[comparator]")
{
    const fs::path file = ScenariosFolder() / "linger" / "closesocket-linger-timeout-expires.json";
    REQUIRE(fs::exists(file));
    const auto cases = LoadScenario(file.string()).cases;
    REQUIRE(cases.size() == 1);
    const std::string reference = cases[0].ReferencePath();
    REQUIRE(fs::exists(reference));
    const auto comparison = Compare(cases[0], reference, reference);
    CHECK(comparison.verdict == Verdict::PASS);
    CHECK(comparison.divergences.empty());
    CHECK(Has(comparison.passedRequirements, "CLS-TIMEOUT-RESET"));
    CHECK(comparison.failedRequirements.empty());
}

TEST_CASE("return_with_another_error_than_its_must_outcome_fails_at_that_return", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.disconnectError = "WSAESHUTDOWN";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().eventIndex == kDisconnectReturnIndex);
    CHECK(comparison.divergences.front().level == "MUST");
    CHECK_THAT(comparison.divergences.front().expected, Catch::Contains("WSAENOTCONN"));
    CHECK_THAT(comparison.divergences.front().actual, Catch::Contains("WSAESHUTDOWN"));
    CHECK_THAT(comparison.divergences.front().what, Catch::Contains("disconnect"));
    CHECK(Has(comparison.divergences.front().requirements, "REQ-NOTCONN"));
    CHECK_FALSE(comparison.summary.empty());
    // The context shows the diverging line, marked.
    const bool marked = std::any_of(comparison.divergences.front().context.begin(),
                                    comparison.divergences.front().context.end(),
                                    [](const std::string& line) {
                                        return line.rfind(">> ", 0) == 0
                                               && line.find("WSAESHUTDOWN") != std::string::npos;
                                    });
    CHECK(marked);
}

TEST_CASE("return_with_another_error_than_its_should_outcome_is_non_strict", "[comparator]")
{
    ComparatorFolder folder;
    ScenarioOptions scenario;
    scenario.disconnectLevel = "SHOULD";
    const auto scenarioCase = SampleCase(folder, scenario);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.disconnectError = "WSAESHUTDOWN";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::NON_STRICT);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().level == "SHOULD");
    CHECK(comparison.divergences.front().eventIndex == kDisconnectReturnIndex);
    CHECK_THAT(comparison.divergences.front().expected, Catch::Contains("WSAENOTCONN"));
    CHECK_THAT(comparison.divergences.front().actual, Catch::Contains("WSAESHUTDOWN"));
}

TEST_CASE("return_with_another_error_than_its_implementation_defined_outcome_passes",
          "[comparator]")
{
    ComparatorFolder folder;
    ScenarioOptions scenario;
    scenario.disconnectLevel = "IMPLEMENTATION-DEFINED";
    const auto scenarioCase = SampleCase(folder, scenario);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.disconnectError = "WSAESHUTDOWN";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::PASS);
    CHECK(comparison.divergences.empty());
}

TEST_CASE("step_with_outcomes_that_never_returns_fails_as_never_returned", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.disconnectReturns = false;
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK_THAT(comparison.divergences.front().what, Catch::Contains("never returned"));
    CHECK_THAT(comparison.divergences.front().what, Catch::Contains("disconnect"));
    CHECK_THAT(comparison.divergences.front().expected, Catch::Contains("WSAENOTCONN"));
    CHECK(Has(comparison.failedRequirements, "REQ-NOTCONN"));
}

TEST_CASE("set_up_step_with_another_error_than_the_reference_fails", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.startupError = "WSASYSNOTREADY";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().eventIndex == 1);
    CHECK_THAT(comparison.divergences.front().expected, Catch::Contains("NO_ERROR"));
    CHECK_THAT(comparison.divergences.front().actual, Catch::Contains("WSASYSNOTREADY"));
}

TEST_CASE("step_with_several_outcomes_matching_a_later_one_passes", "[comparator]")
{
    ComparatorFolder folder;
    auto scenarioCase = SampleCase(folder);
    Outcome shutdown = scenarioCase.steps[2].outcomes[0];
    shutdown.error = "WSAESHUTDOWN";
    shutdown.level = Level::SHOULD;
    shutdown.requirements = {"REQ-SHUTDOWN"};
    scenarioCase.steps[2].outcomes.push_back(shutdown);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.disconnectError = "WSAESHUTDOWN";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::PASS);
    CHECK(comparison.divergences.empty());
    CHECK(Has(comparison.passedRequirements, "REQ-SHUTDOWN"));
}

TEST_CASE("broken_outcome_lists_its_requirement_as_failed_and_held_ones_as_passed", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.disconnectError = "WSAESHUTDOWN";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.passedRequirements == std::vector<std::string>{"REQ-HANDLE"});
    CHECK(comparison.failedRequirements == std::vector<std::string>{"REQ-NOTCONN"});
}

TEST_CASE("segment_with_other_flags_than_the_reference_fails_at_that_segment", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.synAckFlags = "RST|ACK";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().eventIndex == kSynAckIndex);
    CHECK_THAT(comparison.divergences.front().expected, Catch::Contains("SYN|ACK"));
    CHECK_THAT(comparison.divergences.front().actual, Catch::Contains("RST|ACK"));
    // The API outcomes all held.
    CHECK(comparison.passedRequirements == std::vector<std::string>{"REQ-HANDLE", "REQ-NOTCONN"});
}

TEST_CASE("segment_with_other_flags_on_a_should_wire_is_non_strict", "[comparator]")
{
    ComparatorFolder folder;
    ScenarioOptions scenario;
    scenario.wire = "SHOULD";
    const auto scenarioCase = SampleCase(folder, scenario);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.synAckFlags = "RST|ACK";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::NON_STRICT);
}

TEST_CASE("segment_with_other_flags_on_an_ignored_wire_passes", "[comparator]")
{
    ComparatorFolder folder;
    ScenarioOptions scenario;
    scenario.wire = "ignore";
    const auto scenarioCase = SampleCase(folder, scenario);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.synAckFlags = "RST|ACK";
    options.synShiftNs = 50'000'000;
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::PASS);
    CHECK(comparison.divergences.empty());
}

TEST_CASE("segment_with_other_flags_from_a_backend_without_wire_passes", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.synAckFlags = "RST|ACK";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = CompareTrace(scenarioCase, trace, reference, Tolerance{}, false);
    CHECK(comparison.verdict == Verdict::PASS);
}

TEST_CASE("segment_shifted_within_the_interval_share_passes", "[comparator]")
{
    // The first segment comes 100 ms after the start: 25 % of that is 25 ms, above the 5 ms floor.
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.synShiftNs = -24'000'000;
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    CHECK(Compare(scenarioCase, trace, reference).verdict == Verdict::PASS);
}

TEST_CASE("segment_shifted_beyond_the_interval_share_fails", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.synShiftNs = -26'000'000;
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().eventIndex == kSynAckIndex - 1);
    // The gap and the tolerance (25 % of the 100 ms interval), not the tolerance alone in ns.
    CHECK(comparison.divergences.front().what == "segment 1 is 26 ms early (tolerance 25 ms)");
    CHECK_THAT(comparison.divergences.front().actual, Catch::EndsWith("at 0.074000 s"));
}

TEST_CASE("segment_shifted_within_the_floor_passes", "[comparator]")
{
    // The second segment comes 2 ms after the first: 25 % is 0.5 ms, so the 5 ms floor applies.
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.synAckShiftNs = 4'900'000;
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    CHECK(Compare(scenarioCase, trace, reference).verdict == Verdict::PASS);
}

TEST_CASE("segment_shifted_beyond_the_floor_fails", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.synAckShiftNs = 5'100'000;
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().eventIndex == kSynAckIndex);
    CHECK(comparison.divergences.front().what == "segment 2 is 5.1 ms late (tolerance 5 ms)");
}

TEST_CASE("segment_shifted_beyond_a_custom_floor_fails_and_within_it_passes", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.synAckShiftNs = 1'500'000;
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    Tolerance tight;
    tight.floorNs = 1'000'000;
    Tolerance loose;
    loose.floorNs = 2'000'000;
    CHECK(CompareTrace(scenarioCase, trace, reference, tight, true).verdict == Verdict::FAIL);
    CHECK(CompareTrace(scenarioCase, trace, reference, loose, true).verdict == Verdict::PASS);
}

TEST_CASE("trace_of_another_case_is_refused_as_input_error", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    TraceOptions options;
    options.caseId = "comparator/other";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    try
    {
        Compare(scenarioCase, trace, reference);
        FAIL("a trace of another case was compared");
    }
    catch (const InputError& error)
    {
        CHECK(error.File() == trace);
        CHECK(error.Pointer() == "/case");
        CHECK_THAT(error.Message(), Catch::Contains("comparator/other"));
        CHECK_THAT(error.Message(), Catch::Contains("comparator/sample"));
    }
}

TEST_CASE("trace_compared_without_reference_is_judged_by_its_outcomes_alone", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    TraceOptions options;
    options.synAckFlags = "RST|ACK";
    options.startupError = "WSASYSNOTREADY";
    const auto trace = WriteTrace(folder, "trace.jsonl", options);
    CHECK(Compare(scenarioCase, trace, "").verdict == Verdict::PASS);
    options.disconnectError = "WSAESHUTDOWN";
    const auto failing = WriteTrace(folder, "failing.jsonl", options);
    CHECK(Compare(scenarioCase, failing, "").verdict == Verdict::FAIL);
}

namespace
{

/// `count` data segments, host 0 sending and host 1 receiving, 10 us apart from 100 ms.
std::vector<TraceEvent>
DataSegments(size_t count)
{
    std::vector<TraceEvent> segments;
    for (size_t i = 0; i < count; ++i)
    {
        TraceEvent segment = Segment(static_cast<uint32_t>(i % 2),
                                     i % 2 == 0 ? "tx" : "rx",
                                     "ACK",
                                     100'000'000 + static_cast<int64_t>(i / 2) * 10'000);
        segment.length = 1000;
        segments.push_back(segment);
    }
    return segments;
}

/// \return the events of all the lists, in order
std::vector<TraceEvent>
Joined(std::initializer_list<std::vector<TraceEvent>> lists)
{
    std::vector<TraceEvent> events;
    for (const auto& list : lists)
    {
        events.insert(events.end(), list.begin(), list.end());
    }
    return events;
}

/// Overwrite a trace's last line with a line cut short: a trace without its end line.
void
Truncate(const std::string& path)
{
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
    {
        lines.push_back(line);
    }
    in.close();
    std::ofstream out(path, std::ios::trunc);
    for (size_t i = 0; i + 1 < lines.size(); ++i)
    {
        out << lines[i] << '\n';
    }
}

} // namespace

TEST_CASE("set_up_step_fails_against_a_reference_return_far_behind_the_trace_s", "[comparator]")
{
    // The trace and its reference are read once, together: the reference's return of the
    // set-up step comes 2,000 segments after the trace's, and still decides.
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto segments = DataSegments(2'000);
    TraceOptions startupFails;
    startupFails.startupError = "WSASYSNOTREADY";
    const auto reference = WriteEvents(folder, "reference.jsonl", Joined({segments, SampleApi()}));
    const auto trace
        = WriteEvents(folder, "trace.jsonl", Joined({SampleApi(startupFails), segments}));
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().eventIndex == 1);
    CHECK_THAT(comparison.divergences.front().what, Catch::Contains("set-up"));
    CHECK_THAT(comparison.divergences.front().expected, Catch::Contains("NO_ERROR"));
    CHECK_THAT(comparison.divergences.front().actual, Catch::Contains("WSASYSNOTREADY"));
    const auto same = WriteEvents(folder, "same.jsonl", Joined({SampleApi(), segments}));
    CHECK(Compare(scenarioCase, same, reference).verdict == Verdict::PASS);
}

TEST_CASE("reference_with_a_segment_more_fails_after_the_trace_s_last_event", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference
        = WriteEvents(folder, "reference.jsonl", Joined({SampleApi(), DataSegments(5)}));
    const auto trace = WriteEvents(folder, "trace.jsonl", Joined({SampleApi(), DataSegments(4)}));
    const auto comparison = Compare(scenarioCase, trace, reference);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().eventIndex == 10); // 6 API events and 4 segments before it
    CHECK_THAT(comparison.divergences.front().what, Catch::Contains("missing (after 4 agreeing)"));
    CHECK(comparison.divergences.front().actual == "no more segments");
}

namespace
{
/// \return host 0's SYN and host 1's SYN|ACK, each sent and arriving
std::vector<TraceEvent>
Handshake()
{
    return {Segment(0, "tx", "SYN", 100'000'000),
            Segment(1, "rx", "SYN", 101'000'000),
            Segment(1, "tx", "SYN|ACK", 101'000'000),
            Segment(0, "rx", "SYN|ACK", 102'000'000)};
}
} // namespace

TEST_CASE("control_wire_compares_syn_fin_rst_per_host_and_direction_only", "[comparator]")
{
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const std::vector<TraceEvent> handshake = Handshake();
    const std::vector<TraceEvent> close{Segment(0, "tx", "FIN|ACK", 200'000'000),
                                        Segment(1, "rx", "FIN|ACK", 201'000'000)};
    const auto reference
        = WriteEvents(folder, "reference.jsonl", Joined({SampleApi(), handshake, close}));
    const auto compare = [&](const std::string& trace)
    {
        return CompareTrace(scenarioCase, trace, reference, Tolerance{}, WireDetail::CONTROL);
    };

    // Data segmented otherwise, and the streams interleaved otherwise: the same control.
    const std::vector<TraceEvent> otherOrder{
        handshake[0], handshake[2], handshake[1], handshake[3]};
    const auto segmented = WriteEvents(
        folder, "segmented.jsonl", Joined({SampleApi(), otherOrder, DataSegments(7), close}));
    CHECK(compare(segmented).verdict == Verdict::PASS);

    // No FIN from host 0: its stream misses one, after the trace's last event.
    const auto noFin
        = WriteEvents(folder, "no-fin.jsonl", Joined({SampleApi(), handshake, {close[1]}}));
    auto comparison = compare(noFin);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().eventIndex == 11);
    CHECK_THAT(comparison.divergences.front().what,
               Catch::StartsWith("host 0 tx: a control segment of the reference is missing"));

    // A reset the reference does not have, on host 1: found at its place.
    const auto reset = WriteEvents(
        folder,
        "reset.jsonl",
        Joined({SampleApi(), handshake, close, {Segment(1, "tx", "RST|ACK", 202'000'000)}}));
    comparison = compare(reset);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK(comparison.divergences.front().eventIndex == 12);
    CHECK_THAT(comparison.divergences.front().what,
               Catch::StartsWith("host 1 tx: a control segment the reference does not have"));
}

namespace
{
/// \return a segment with a sequence number and a length
TraceEvent
Sequenced(TraceEvent segment, uint32_t sequence, uint32_t length)
{
    segment.sequence = sequence;
    segment.length = length;
    return segment;
}

/// \return a FIN|ACK of host 0 sent at a time, and its arrival at host 1 a millisecond later
std::vector<TraceEvent>
FinBothWays(uint32_t sequence, uint32_t length, int64_t timeNs)
{
    return {Sequenced(Segment(0, "tx", "FIN|ACK", timeNs), sequence, length),
            Sequenced(Segment(1, "rx", "FIN|ACK", timeNs + 1'000'000), sequence, length)};
}
} // namespace

TEST_CASE("a_fin_resent_where_the_reference_has_none_is_tcp_s_retransmission", "[comparator]")
{
    // Linux's tail loss probe, as recorded on loopback: 1,660 bytes with the FIN, then after
    // 10 ms without an ACK the last 88 of them with the FIN again (the same FIN sequence number).
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const std::vector<TraceEvent> handshake = Handshake();
    const auto fin = FinBothWays(1, 1660, 200'000'000);
    const auto reference
        = WriteEvents(folder, "reference.jsonl", Joined({SampleApi(), handshake, fin}));
    const auto compare = [&](const std::string& name, const std::vector<TraceEvent>& wire)
    {
        const auto trace = WriteEvents(folder, name, Joined({SampleApi(), handshake, wire}));
        return CompareTrace(scenarioCase, trace, reference, Tolerance{}, WireDetail::CONTROL);
    };

    // Resent on the sender's wire and arriving again at the peer: both streams take it.
    CHECK(compare("probe.jsonl", Joined({fin, FinBothWays(1573, 88, 210'500'000)})).verdict
          == Verdict::PASS);
    // Resent twice, the second time whole.
    CHECK(compare(
              "twice.jsonl",
              Joined({fin, FinBothWays(1573, 88, 210'500'000), FinBothWays(1, 1660, 230'000'000)}))
              .verdict
          == Verdict::PASS);

    // A SYN resent (the peer's SYN|ACK slow to come) is TCP's as well.
    const auto synAgain = WriteEvents(folder,
                                      "syn-again.jsonl",
                                      Joined({SampleApi(),
                                              {handshake[0], Segment(0, "tx", "SYN", 100'500'000)},
                                              {handshake[1], handshake[2], handshake[3]},
                                              fin}));
    CHECK(CompareTrace(scenarioCase, synAgain, reference, Tolerance{}, WireDetail::CONTROL).verdict
          == Verdict::PASS);

    // A FIN ending one byte earlier is another FIN, not a resend: extra, at its place.
    auto comparison = compare("other.jsonl", Joined({fin, FinBothWays(1573, 87, 210'500'000)}));
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 2);
    CHECK(comparison.divergences.front().eventIndex == 12);
    CHECK_THAT(comparison.divergences.front().what,
               Catch::StartsWith("host 0 tx: a control segment the reference does not have"));

    // An RST is never resent: a second one stays a divergence.
    const std::vector<TraceEvent> reset{Segment(1, "tx", "RST|ACK", 202'000'000)};
    const auto resetReference = WriteEvents(
        folder, "reset-reference.jsonl", Joined({SampleApi(), handshake, fin, reset}));
    const auto twoResets = WriteEvents(
        folder,
        "two-resets.jsonl",
        Joined({SampleApi(), handshake, fin, reset, {Segment(1, "tx", "RST|ACK", 212'000'000)}}));
    comparison
        = CompareTrace(scenarioCase, twoResets, resetReference, Tolerance{}, WireDetail::CONTROL);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    CHECK_THAT(comparison.divergences.front().what,
               Catch::StartsWith("host 1 tx: a control segment the reference does not have"));
}

TEST_CASE("a_fin_the_reference_resends_too_pairs_with_the_trace_s_resend", "[comparator]")
{
    // A loss scenario: both resend the FIN. The trace's resend is read before the reference's
    // (the reference sends data first): it must wait for it, not be passed over as TCP's own.
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto fin = FinBothWays(1, 100, 200'000'000);
    const auto resend = FinBothWays(1, 100, 500'000'000);
    const auto reference = WriteEvents(
        folder, "reference.jsonl", Joined({SampleApi(), fin, DataSegments(6), resend}));
    const auto trace
        = WriteEvents(folder, "trace.jsonl", Joined({SampleApi(), fin, resend, DataSegments(6)}));
    const auto comparison
        = CompareTrace(scenarioCase, trace, reference, Tolerance{}, WireDetail::CONTROL);
    CHECK(comparison.verdict == Verdict::PASS);
    // And a reference's resend the trace lacks is missing.
    const auto once
        = WriteEvents(folder, "once.jsonl", Joined({SampleApi(), fin, DataSegments(6)}));
    CHECK(CompareTrace(scenarioCase, once, reference, Tolerance{}, WireDetail::CONTROL).verdict
          == Verdict::FAIL);
}

TEST_CASE("malformed_reference_is_reported_before_a_malformed_or_foreign_trace", "[comparator]")
{
    // As when the reference was read whole before the trace: its fault comes first.
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteTrace(folder, "reference.jsonl");
    Truncate(reference);
    const auto truncated = WriteTrace(folder, "trace.jsonl");
    Truncate(truncated);
    TraceOptions other;
    other.caseId = "comparator/other";
    const auto foreign = WriteTrace(folder, "foreign.jsonl", other);
    for (const auto& trace : {truncated, foreign})
    {
        try
        {
            Compare(scenarioCase, trace, reference);
            FAIL("a truncated reference was used");
        }
        catch (const InputError& error)
        {
            CHECK(error.File() == reference);
            CHECK_THAT(error.Message(), Catch::Contains("truncated"));
        }
    }
    // With a good reference, the trace's own fault.
    const auto good = WriteTrace(folder, "good.jsonl");
    try
    {
        Compare(scenarioCase, truncated, good);
        FAIL("a truncated trace was judged");
    }
    catch (const InputError& error)
    {
        CHECK(error.File() == truncated);
    }
}

TEST_CASE("control_segment_after_a_late_call_is_timed_from_that_call", "[comparator]")
{
    // A real implementation may make a call late (its scheduling); the segment the call causes
    // is judged by its time after that call, when the last call before it on its sending host
    // is the same step in both traces.
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto reference = WriteEvents(
        folder, "reference.jsonl", Joined({SampleApi(), {Segment(0, "tx", "SYN", 10'100'000)}}));
    const auto compare = [&](const std::string& trace)
    {
        return CompareTrace(scenarioCase, trace, reference, Tolerance{}, WireDetail::CONTROL);
    };
    auto lateCall = SampleApi();
    REQUIRE(lateCall.size() == 6);
    lateCall[4].timeNs = 70'000'000; // step 2's call, 60 ms late, and its return
    lateCall[5].timeNs = 70'000'000;
    const auto late = WriteEvents(
        folder, "late.jsonl", Joined({lateCall, {Segment(0, "tx", "SYN", 70'100'000)}}));
    CHECK(compare(late).verdict == Verdict::PASS);

    // The call on time and the segment 60 ms late: the segment is late.
    const auto onTime = WriteEvents(
        folder, "on-time.jsonl", Joined({SampleApi(), {Segment(0, "tx", "SYN", 70'100'000)}}));
    auto comparison = compare(onTime);
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 1);
    // The gap and the tolerance, in units a person reads.
    CHECK(comparison.divergences.front().what
          == "host 0 tx: control segment 1 (SYN) is 60 ms late (tolerance 5 ms), timed from "
             "step 2's call");

    // The full model wire is still timed from the case's start.
    CHECK(CompareTrace(scenarioCase, late, reference, Tolerance{}, WireDetail::ALL).verdict
          == Verdict::FAIL);
}

TEST_CASE("lateness_reads_as_the_gap_and_the_tolerance_in_a_person_s_units", "[comparator]")
{
    CHECK(FormatLateness(4'980'000'000, 1'274'750'000) == "4.98 s late (tolerance 1.27 s)");
    CHECK(FormatLateness(-12'000'000, 5'000'000) == "12 ms early (tolerance 5 ms)");
    // Just over the tolerance: both in a finer unit, not "5 ms late (tolerance 5 ms)".
    CHECK(FormatLateness(5'004'000, 5'000'000) == "5004 us late (tolerance 5000 us)");
    CHECK(FormatLateness(5'000'001, 5'000'000) == "5000001 ns late (tolerance 5000000 ns)");
}

namespace
{

/// The sample case's API, step 2 (WSASendDisconnect, which must fail with WSAENOTCONN)
/// returning 0 instead, after a FIN the reference does not have: 0 call startup, 1 return,
/// 2 call socket, 3 return, 4 call disconnect (10 ms), 5 FIN|ACK (10 ms), 6 return 0 (11 ms).
/// As Wine does for WSASendDisconnect with disconnect data on TCP (issue 13).
std::vector<TraceEvent>
DisconnectSucceedsWithAFin()
{
    auto events = SampleApi();
    events.pop_back();
    events.push_back(Segment(0, "tx", "FIN|ACK", 10'000'000));
    events.push_back(Return(2, "WSASendDisconnect", 11'000'000, 0, "NO_ERROR"));
    return events;
}

/// The sample case compared, on the control wire as for a real stack, with the reference's API
/// alone and a trace of DisconnectSucceedsWithAFin().
struct DisconnectWithAFin
{
    ComparatorFolder folder;                       //!< where the files are
    ScenarioCase scenarioCase{SampleCase(folder)}; //!< the case
    std::string reference{WriteEvents(folder, "reference.jsonl", SampleApi())}; //!< its reference
    std::string trace{WriteEvents(folder, "trace.jsonl", DisconnectSucceedsWithAFin())}; //!< trace
    Comparison comparison{
        CompareTrace(scenarioCase, trace, reference, Tolerance{}, WireDetail::CONTROL)}; //!< result
};

} // namespace

TEST_CASE("api_divergence_is_listed_before_an_earlier_extra_control_segment", "[comparator]")
{
    const DisconnectWithAFin fixture;
    const Comparison& comparison = fixture.comparison;
    CHECK(comparison.verdict == Verdict::FAIL);
    REQUIRE(comparison.divergences.size() == 2);
    const Divergence& api = comparison.divergences[0];
    const Divergence& wire = comparison.divergences[1];
    CHECK(api.kind == DivergenceKind::API);
    CHECK(api.eventIndex == 6);
    CHECK(api.level == "MUST");
    CHECK_THAT(api.what, Catch::StartsWith("step disconnect (WSASendDisconnect) matched none"));
    CHECK_THAT(api.expected, Catch::Contains("WSAENOTCONN"));
    CHECK_THAT(api.actual, Catch::StartsWith("WSASendDisconnect returned 0, error NO_ERROR"));
    CHECK(wire.kind == DivergenceKind::WIRE);
    CHECK(wire.eventIndex == 5); // earlier in the trace than the API's
    CHECK_THAT(wire.what,
               Catch::StartsWith("host 0 tx: a control segment the reference does not have"));
    // Each has its own context, its own event marked.
    const auto marked = [](const Divergence& divergence)
    {
        std::vector<std::string> lines;
        std::copy_if(divergence.context.begin(),
                     divergence.context.end(),
                     std::back_inserter(lines),
                     [](const std::string& line) { return line.rfind(">> ", 0) == 0; });
        return lines;
    };
    REQUIRE(marked(api).size() == 1);
    CHECK_THAT(marked(api)[0], Catch::Contains("\"kind\":\"return\""));
    REQUIRE(marked(wire).size() == 1);
    CHECK_THAT(marked(wire)[0], Catch::Contains("\"kind\":\"segment\""));
    CHECK(comparison.summary == api.what);
}

namespace
{

/// \return where a text first occurs in another, npos when it does not (for order checks)
size_t
At(const std::string& text, const std::string& part)
{
    return text.find(part);
}

/// \return what a writer writes for a run
template <typename Writer>
std::string
Written(Writer&& write)
{
    std::ostringstream out;
    write(out);
    return out.str();
}

} // namespace

TEST_CASE("api_divergence_leads_every_report_format_before_an_earlier_wire_one", "[comparator]")
{
    // Issue 13's acceptance, with hand-made traces: Wine's WSASendDisconnect returns 0 and sends
    // a FIN where the spec wants an error; the report leads with the API divergence.
    const DisconnectWithAFin fixture;
    const auto& [folder, scenarioCase, reference, trace, comparison] = fixture;
    RunReport report;
    report.implementations = {"wine"};
    CaseResult result;
    result.id = scenarioCase.id;
    result.implementation = "wine";
    result.verdict = comparison.verdict;
    result.divergences = comparison.divergences;
    result.reason = comparison.summary;
    result.tracePath = trace;
    result.referencePath = reference;
    report.cases = {result};
    report.scenarioCases.emplace(scenarioCase.id, scenarioCase);
    const std::string apiWhat = "step disconnect (WSASendDisconnect) matched none";
    const std::string apiHeading = "API divergence at event 6: " + apiWhat;
    const std::string wireHeading = "Wire divergence at event 5: host 0 tx: a control segment";

    // index.json: both, the API one first, each with its kind; read back in the same order.
    const auto index = IndexJson(report);
    const auto& listed = index["cases"][0]["divergences"];
    REQUIRE(listed.size() == 2);
    CHECK(listed[0]["kind"] == "api");
    CHECK(listed[1]["kind"] == "wire");
    const auto copy = RunReportFromIndex(index);
    REQUIRE(copy.cases[0].divergences.size() == 2);
    CHECK(copy.cases[0].divergences[0].kind == DivergenceKind::API);

    // junit.xml: the failure's message starts with the API divergence, its body lists both.
    const auto junit = Written([&](std::ostream& out) { WriteJUnit(report, out); });
    CHECK(At(junit, "<failure message=\"" + apiWhat) != std::string::npos);
    CHECK_THAT(junit, Catch::Contains("(and 1 more divergence)"));
    CHECK(At(junit, "[1/2] " + apiHeading) < At(junit, "[2/2] " + wireHeading));
    CHECK(At(junit, wireHeading) != std::string::npos);

    // summary.md: the case's row leads with the API divergence; the details list both.
    const auto md = Written([&](std::ostream& out) { WriteSummaryMarkdown(report, out); });
    CHECK_THAT(md, Catch::Contains("| event 6: " + apiWhat));
    CHECK(At(md, "\\[1/2\\] " + apiHeading) < At(md, "\\[2/2\\] " + wireHeading));
    CHECK(At(md, wireHeading) != std::string::npos);

    // summary.html: the same, and the diagrams mark the API divergence.
    const auto html = Written([&](std::ostream& out)
                              { WriteSummaryHtml(report, out, fs::temp_directory_path()); });
    CHECK(At(html, "[1/2] " + apiHeading) < At(html, "[2/2] " + wireHeading));
    CHECK(At(html, wireHeading) != std::string::npos);
    CHECK(At(html, "<td>" + apiWhat) != std::string::npos);
    CHECK_THAT(html, Catch::Contains("<title>first divergence: " + apiWhat));
    CHECK_FALSE(html.find("<title>first divergence: host 0 tx") != std::string::npos);
}

TEST_CASE("flag_sets_agree_exactly_or_by_an_alternative_of_the_table", "[comparator]")
{
    CHECK(SameFlagSet("SYN|ACK", "ACK|SYN"));
    CHECK_FALSE(SameFlagSet("RST|ACK", "RST"));
    CHECK(FlagsAgree("FIN|ACK", "FIN|ACK"));
    // A real stack's abortive reset carries ACK; the model's does not (RFC 9293 3.1, 3.10.7.4).
    CHECK(FlagsAgree("RST|ACK", "RST"));
    // Not the converse: a reset answering a SYN must carry ACK (RFC 9293 3.5.2, 3.10.7.3).
    CHECK_FALSE(FlagsAgree("RST", "RST|ACK"));
    CHECK(FlagsAgree("FIN|PSH|ACK", "FIN|ACK"));
    CHECK_FALSE(FlagsAgree("FIN|ACK", "FIN|PSH|ACK"));
    CHECK_FALSE(FlagsAgree("SYN|ACK", "SYN"));
    CHECK_FALSE(FlagsAgree("FIN|RST|ACK", "RST"));
    CHECK(AgreeingFlagSets("RST") == "RST or RST|ACK");
    CHECK(AgreeingFlagSets("ACK") == "ACK");
    // Every entry says why, names its source, and is documented where real stacks' judging is.
    std::ifstream in(ScenariosFolder().parent_path() / "docs" / "findings.md");
    const std::string findings{std::istreambuf_iterator<char>(in), {}};
    REQUIRE_FALSE(findings.empty());
    for (const auto& alternative : FlagAlternatives())
    {
        CHECK_FALSE(SameFlagSet(alternative.reference, alternative.accepted));
        CHECK_THAT(std::string(alternative.why), Catch::Contains("RFC "));
        CHECK_THAT(findings,
                   Catch::Contains("`" + std::string(alternative.accepted) + "` for `"
                                   + std::string(alternative.reference) + "`"));
    }
}

TEST_CASE("control_segment_is_compared_by_its_exact_flag_set_or_an_accepted_alternative",
          "[comparator]")
{
    // On the control wire, the flags are compared as a set, exactly: before, only the SYN, FIN
    // and RST bits were, so RST matched RST|ACK either way and SYN|ACK matched SYN.
    ComparatorFolder folder;
    const auto scenarioCase = SampleCase(folder);
    const auto compare = [&](const std::string& referenceFlags, const std::string& traceFlags)
    {
        const std::string name = referenceFlags + "-" + traceFlags;
        const auto reference
            = WriteEvents(folder,
                          "reference-" + name + ".jsonl",
                          Joined({SampleApi(), {Segment(0, "tx", referenceFlags, 10'100'000)}}));
        const auto trace
            = WriteEvents(folder,
                          "trace-" + name + ".jsonl",
                          Joined({SampleApi(), {Segment(0, "tx", traceFlags, 10'100'000)}}));
        return CompareTrace(scenarioCase, trace, reference, Tolerance{}, WireDetail::CONTROL);
    };
    CHECK(compare("RST", "RST|ACK").verdict == Verdict::PASS);
    CHECK(compare("SYN|ACK", "ACK|SYN").verdict == Verdict::PASS);
    const auto converse = compare("RST|ACK", "RST");
    CHECK(converse.verdict == Verdict::FAIL);
    REQUIRE(converse.divergences.size() == 1);
    CHECK(converse.divergences[0].what
          == "host 0 tx: control segment 1 differs from the reference's: RST where it has RST|ACK "
             "(accepted: RST|ACK)");
    CHECK(compare("SYN", "SYN|ACK").verdict == Verdict::FAIL);
    CHECK_THAT(compare("RST", "FIN|ACK").divergences.at(0).what,
               Catch::EndsWith("FIN|ACK where it has RST (accepted: RST or RST|ACK)"));
    // The model's own full wire has no alternative: RST|ACK is not its reference's RST.
    const auto reference = WriteEvents(
        folder, "reference.jsonl", Joined({SampleApi(), {Segment(0, "tx", "RST", 10'100'000)}}));
    const auto trace = WriteEvents(
        folder, "trace.jsonl", Joined({SampleApi(), {Segment(0, "tx", "RST|ACK", 10'100'000)}}));
    CHECK(CompareTrace(scenarioCase, trace, reference, Tolerance{}, WireDetail::ALL).verdict
          == Verdict::FAIL);
}

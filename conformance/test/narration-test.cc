// Tests of the narration: what was called and returned, what TCP did, and the clause of the spec
// behind each step's matched outcome.
#include "trace-file-fixture.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "report/narration.h"
#include "report/report-writer.h"
#include "wsdsim/call-json.h"

namespace
{

using namespace wsdsim;
namespace fs = std::filesystem;
using nlohmann::json;

const char* const kDisablesSend = "WSASendDisconnect is used on connection-oriented sockets to "
                                  "disable transmission, and to initiate termination of the "
                                  "connection along with the transmission of disconnect data, if "
                                  "any.";
const char* const kReturnsZero = "If no error occurs, WSASendDisconnect returns zero.";

using test::TraceFile;

json
CallEvent(int64_t t, int step, const std::string& call, const json& args)
{
    return {{"kind", "call"},
            {"time_ns", t},
            {"host", 0},
            {"thread", "client"},
            {"step", step},
            {"call", call},
            {"args", args}};
}

json
Return(int64_t t,
       int step,
       const std::string& call,
       int64_t result,
       const std::string& error,
       bool blocked)
{
    return {{"kind", "return"},
            {"time_ns", t},
            {"host", 0},
            {"thread", "client"},
            {"step", step},
            {"call", call},
            {"result", result},
            {"error", error},
            {"errno", 0},
            {"blocked", blocked}};
}

json
Catalogue()
{
    return json::array({{{"id", "WSD-DISABLES-SEND"}, {"level", "MUST"}, {"text", kDisablesSend}},
                        {{"id", "WSD-RETURNS-ZERO"}, {"level", "MUST"}, {"text", kReturnsZero}}});
}

/// A case of one step (index 0) with the given outcomes.
ScenarioCase
OneStep(const std::string& call, const std::vector<Outcome>& outcomes)
{
    ScenarioCase scenarioCase;
    scenarioCase.id = "test/s";
    scenarioCase.threads = {{"client", 0}};
    Step step;
    step.index = 0;
    step.thread = "client";
    step.call = DecodeCall(call,
                           call == "WSASendDisconnect" || call == "recv" || call == "closesocket"
                               ? json{{"s", "c"}}
                               : json::object());
    step.outcomes = outcomes;
    scenarioCase.steps = {step};
    return scenarioCase;
}

Outcome
Expect(int64_t result, std::vector<std::string> requirements, std::optional<std::string> error = {})
{
    Outcome outcome;
    outcome.result = ExpectedResult{ExpectedResult::Kind::EXACT, result};
    outcome.error = std::move(error);
    outcome.requirements = std::move(requirements);
    return outcome;
}

std::vector<NarrationLine>
Tell(const std::vector<json>& events, const ScenarioCase* scenarioCase)
{
    TraceFile file(events);
    const json catalogue = Catalogue();
    NarrationContext context;
    context.scenarioCase = scenarioCase;
    context.catalogue = &catalogue;
    return Narrate(LoadTimeline(file.Path()), context);
}

} // namespace

TEST_CASE("send_disconnect_returning_zero_is_told_with_its_requirements", "[narration]")
{
    const auto scenarioCase
        = OneStep("WSASendDisconnect", {Expect(0, {"WSD-RETURNS-ZERO", "WSD-DISABLES-SEND"})});
    const auto lines
        = Tell({CallEvent(21'000'000, 0, "WSASendDisconnect", {{"s", "c"}, {"data", nullptr}}),
                Return(21'000'000, 0, "WSASendDisconnect", 0, "NO_ERROR", false)},
               &scenarioCase);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].timeNs == 21'000'000);
    CHECK(lines[0].text.find("host 0 (client) calls WSASendDisconnect(s=c, data=NULL): returns 0")
          == 0);
    CHECK(lines[0].text.find("sends are now disabled") != std::string::npos);
    REQUIRE(lines[0].clauses.size() == 2);
    CHECK(lines[0].clauses[0].id == "WSD-RETURNS-ZERO");
    CHECK(lines[0].clauses[0].text == kReturnsZero);
    CHECK(lines[0].clauses[1].id == "WSD-DISABLES-SEND");
    CHECK(lines[0].clauses[1].level == "MUST");
    CHECK_FALSE(lines[0].unexpected);

    const std::string text = NarrationText(lines);
    CHECK(text.find("0.021000 s  host 0 (client) calls WSASendDisconnect") != std::string::npos);
    CHECK(text.find(std::string("[WSD-DISABLES-SEND, MUST] '") + kDisablesSend + "'")
          != std::string::npos);
}

TEST_CASE("the_matching_outcome_gives_the_clauses_not_the_others", "[narration]")
{
    const auto scenarioCase = OneStep(
        "recv",
        {Expect(0, {"WSD-RETURNS-ZERO"}), Expect(-1, {"WSD-DISABLES-SEND"}, "WSAESHUTDOWN")});
    const auto lines = Tell({CallEvent(0, 0, "recv", json{{"s", "c"}}),
                             Return(0, 0, "recv", -1, "WSAESHUTDOWN", false)},
                            &scenarioCase);
    REQUIRE(lines.size() == 1);
    REQUIRE(lines[0].clauses.size() == 1);
    CHECK(lines[0].clauses[0].id == "WSD-DISABLES-SEND");
    CHECK(lines[0].text.find("returns -1, error WSAESHUTDOWN") != std::string::npos);
    CHECK(lines[0].text.find("already shut down") != std::string::npos);
}

TEST_CASE("return_matching_no_outcome_is_told_as_not_allowed", "[narration]")
{
    const auto scenarioCase
        = OneStep("recv", {Expect(-1, {"WSD-DISABLES-SEND"}, std::string("WSAECONNRESET"))});
    const auto lines = Tell(
        {CallEvent(0, 0, "recv", json{{"s", "c"}}), Return(0, 0, "recv", 0, "NO_ERROR", false)},
        &scenarioCase);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].unexpected);
    CHECK(lines[0].text.find("Not what the spec allows here (MUST: returns -1, error "
                             "WSAECONNRESET)")
          != std::string::npos);
    REQUIRE(lines[0].clauses.size() == 1);
    CHECK(lines[0].clauses[0].id == "WSD-DISABLES-SEND");
}

TEST_CASE("network_events_are_told_with_what_their_error_codes_mean", "[narration]")
{
    auto enumReturn = [](const json& out)
    {
        json ret = Return(0, 0, "WSAEnumNetworkEvents", 0, "NO_ERROR", false);
        ret["out"] = out;
        return ret;
    };
    const json call = CallEvent(0, 0, "WSAEnumNetworkEvents", json{{"s", "c"}});
    const auto graceful = Tell(
        {call, enumReturn({{"events", {"FD_CLOSE"}}, {"errors", {{"FD_CLOSE", "NO_ERROR"}}}})},
        nullptr);
    REQUIRE(graceful.size() == 1);
    CHECK(graceful[0].text.find("returns 0 [FD_CLOSE(0)]") != std::string::npos);
    CHECK(graceful[0].text.find("FD_CLOSE arrived with iErrorCode 0: the peer closed gracefully")
          != std::string::npos);
    const auto reset = Tell(
        {call,
         enumReturn({{"events", {"FD_CLOSE"}}, {"errors", {{"FD_CLOSE", "WSAECONNABORTED"}}}})},
        nullptr);
    CHECK(reset[0].text.find("FD_CLOSE arrived with iErrorCode WSAECONNABORTED: the connection "
                             "ended abortively")
          != std::string::npos);
    const auto nothing = Tell({call, enumReturn({{"events", json::array()}})}, nullptr);
    CHECK(nothing[0].text.find("no network event was recorded") != std::string::npos);
}

TEST_CASE("a_failed_completion_packet_is_told_with_its_overlapped", "[narration]")
{
    json ret = Return(0, 0, "GetQueuedCompletionStatus", 0, "ERROR_NETNAME_DELETED", false);
    ret["out"] = {{"bytes", 0}, {"key", 125}, {"overlapped", "ov"}};
    const auto lines
        = Tell({CallEvent(0, 0, "GetQueuedCompletionStatus", json{{"port", "p"}}), ret}, nullptr);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].text.find("error ERROR_NETNAME_DELETED [ov bytes 0 key 125]")
          != std::string::npos);
    CHECK(lines[0].text.find("the packet of ov (key 125): its operation failed")
          != std::string::npos);
}

TEST_CASE("blocking_call_is_told_at_its_call_and_at_its_return", "[narration]")
{
    const auto lines = Tell({CallEvent(0, 0, "closesocket", json{{"s", "c"}}),
                             Return(2'000'000'000, 0, "closesocket", 0, "NO_ERROR", true)},
                            nullptr);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].text == "host 0 (client) calls closesocket(s=c), which blocks");
    CHECK(lines[1].timeNs == 2'000'000'000);
    CHECK(lines[1].text.find("closesocket blocked 2 s and returns 0") != std::string::npos);
}

TEST_CASE("segment_sent_and_not_received_is_told_lost", "[narration]")
{
    const json fin = {{"kind", "segment"},
                      {"time_ns", 5},
                      {"host", 0},
                      {"dir", "tx"},
                      {"proto", "tcp"},
                      {"flags", "FIN|ACK"},
                      {"seq", 8},
                      {"ack", 1},
                      {"len", 0},
                      {"src", "10.0.0.1:49153"},
                      {"dst", "10.0.0.2:5000"}};
    json arrival = fin;
    arrival["dir"] = "rx";
    arrival["host"] = 1;
    arrival["time_ns"] = 1'046'405;
    const auto lost = Tell({fin}, nullptr);
    REQUIRE(lost.size() == 1);
    CHECK(lost[0].text.find("host 0 TCP sends FIN|ACK seq 8 ack 1 len 0") == 0);
    CHECK(lost[0].text.find("send no more") != std::string::npos);
    CHECK(lost[0].text.find("it is lost and never arrives") != std::string::npos);
    const auto delivered = Tell({fin, arrival}, nullptr);
    REQUIRE(delivered.size() == 1);
    CHECK(delivered[0].text.find("it arrives at host 1 1.05 ms later") != std::string::npos);
}

TEST_CASE("tcp_state_change_is_told_with_its_meaning", "[narration]")
{
    const json state = {{"kind", "tcp-state"},
                        {"time_ns", 0},
                        {"host", 1},
                        {"socket", "a"},
                        {"from", "ESTABLISHED"},
                        {"to", "CLOSE_WAIT"}};
    const auto lines = Tell({state}, nullptr);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].text.find("host 1 TCP (socket a): ESTABLISHED \u2192 CLOSE_WAIT") == 0);
    CHECK(lines[0].text.find("the peer has sent FIN") != std::string::npos);
}

TEST_CASE("html_narration_escapes_the_trace_text", "[narration]")
{
    NarrationLine line;
    line.text = "calls send(<b>&)";
    line.clauses.push_back({"X-1", "MUST", "a < b"});
    const auto html = NarrationHtml({line});
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("calls send(&lt;b&gt;&amp;)") != std::string::npos);
    CHECK(html.find("<q>a &lt; b</q>") != std::string::npos);
}

TEST_CASE("html_report_cites_the_clauses_of_the_cases_the_runner_handed_over", "[narration]")
{
    // The report writer does not load scenarios: it narrates with the cases it is given.
    TraceFile file({CallEvent(0, 0, "WSASendDisconnect", json{{"s", "c"}}),
                    Return(0, 0, "WSASendDisconnect", 0, "NO_ERROR", false)});
    RunReport report;
    report.implementations = {"model"};
    report.requirements = Catalogue();
    CaseResult result;
    result.id = "test/s";
    result.verdict = Verdict::PASS;
    result.tracePath = file.Path();
    report.cases = {result};

    std::ostringstream without;
    WriteSummaryHtml(report, without);
    CHECK(without.str().find("<q>" + std::string(kReturnsZero)) == std::string::npos);

    report.scenarioCases.emplace("test/s",
                                 OneStep("WSASendDisconnect", {Expect(0, {"WSD-RETURNS-ZERO"})}));
    std::ostringstream with;
    WriteSummaryHtml(report, with);
    CHECK(with.str().find("<q>" + std::string(kReturnsZero)) != std::string::npos);
}

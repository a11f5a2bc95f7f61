// Tests of the delivery invariant: whole and in order before end of stream, or an error.
#include "trace-file-fixture.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "judge/delivery-check.h"
#include "scenario/scenario.h"
#include "wsdsim/call-json.h"

namespace
{

using namespace wsdsim;
using nlohmann::json;

/// A server on host 1 accepting one connection from a client on host 0, which sends, disconnects
/// and sends once more; the server reads twice. Step indexes are the trace's `step`.
ScenarioCase
OneConnectionCase(const json& sendArgs)
{
    ScenarioCase scenarioCase;
    scenarioCase.id = "test/s";
    scenarioCase.threads = {{"client", 0}, {"server", 1}};
    auto step = [&](const std::string& thread,
                    const std::string& call,
                    const json& args,
                    std::optional<std::string> as = std::nullopt)
    {
        Step s;
        s.index = scenarioCase.steps.size();
        s.thread = thread;
        s.call = DecodeCall(call, args);
        s.as = as;
        scenarioCase.steps.push_back(s);
    };
    step("server", "socket", json{{"type", "SOCK_STREAM"}}, "ls");            // 0
    step("server", "bind", json{{"s", "ls"}, {"port", 5000}});                // 1
    step("server", "listen", json{{"s", "ls"}});                              // 2
    step("server", "accept", json{{"s", "ls"}}, "a");                         // 3
    step("client", "socket", json{{"type", "SOCK_STREAM"}}, "c");             // 4
    step("client", "connect", json{{"s", "c"}, {"host", 1}, {"port", 5000}}); // 5
    step("client", "send", sendArgs);                                         // 6
    step("client", "WSASendDisconnect", json{{"s", "c"}});                    // 7
    step("server", "recv", json{{"s", "a"}});                                 // 8
    step("server", "recv", json{{"s", "a"}});                                 // 9
    step("client", "send", json{{"s", "c"}, {"data", "late"}});               // 10
    return scenarioCase;
}

/// A call event of a step.
json
CallOf(const ScenarioCase& scenarioCase, size_t step, int64_t timeNs)
{
    const Step& s = scenarioCase.steps.at(step);
    return json{{"kind", "call"},
                {"time_ns", timeNs},
                {"host", s.thread == "client" ? 0 : 1},
                {"thread", s.thread},
                {"step", step},
                {"call", s.CallName()},
                {"args", EncodeArguments(s.call)}};
}

/// A return event of a step.
json
Return(const ScenarioCase& scenarioCase,
       size_t step,
       int64_t timeNs,
       int64_t result,
       const std::string& error = "NO_ERROR",
       std::optional<std::string> data = std::nullopt)
{
    const Step& s = scenarioCase.steps.at(step);
    json event{{"kind", "return"},
               {"time_ns", timeNs},
               {"host", s.thread == "client" ? 0 : 1},
               {"thread", s.thread},
               {"step", step},
               {"call", s.CallName()},
               {"result", result},
               {"error", error},
               {"errno", 0},
               {"blocked", false}};
    if (data)
    {
        event["data"] = *data;
    }
    return event;
}

/// The set-up of the one connection, the accept returning before the connect (as real stacks
/// often record it) unless connectFirst.
std::vector<json>
SetUp(const ScenarioCase& c, bool connectFirst = false)
{
    std::vector<json> events{CallOf(c, 0, 0),
                             Return(c, 0, 0, 100),
                             CallOf(c, 1, 1),
                             Return(c, 1, 1, 0),
                             CallOf(c, 2, 2),
                             Return(c, 2, 2, 0),
                             CallOf(c, 3, 3),
                             CallOf(c, 4, 4),
                             Return(c, 4, 4, 104),
                             CallOf(c, 5, 5)};
    if (connectFirst)
    {
        events.push_back(Return(c, 5, 6, 0));
        events.push_back(Return(c, 3, 7, 108));
    }
    else
    {
        events.push_back(Return(c, 3, 6, 108));
        events.push_back(Return(c, 5, 7, 0));
    }
    return events;
}

/// \return events followed by more
std::vector<json>
Then(std::vector<json> events, const std::vector<json>& more)
{
    events.insert(events.end(), more.begin(), more.end());
    return events;
}

} // namespace

TEST_CASE("bytes_read_whole_and_in_order_before_end_of_stream_hold_the_invariant", "[delivery]")
{
    const auto c = OneConnectionCase(json{{"s", "c"}, {"data", "hello world"}});
    const test::TraceFile trace(Then(SetUp(c),
                                     {CallOf(c, 6, 10),
                                      Return(c, 6, 11, 11),
                                      CallOf(c, 7, 12),
                                      Return(c, 7, 13, 0),
                                      CallOf(c, 8, 14),
                                      Return(c, 8, 15, 6, "NO_ERROR", "hello "),
                                      CallOf(c, 9, 16),
                                      Return(c, 9, 17, 5, "NO_ERROR", "world")}));
    auto check = CheckDelivery(c, trace.Path());
    CHECK_FALSE(check.violation);
    CHECK(check.bytesChecked == 11);
}

TEST_CASE("end_of_stream_before_every_sent_byte_arrived_is_silent_data_loss", "[delivery]")
{
    const auto c = OneConnectionCase(json{{"s", "c"}, {"data", "hello world"}});
    const test::TraceFile trace(Then(SetUp(c, true),
                                     {CallOf(c, 6, 10),
                                      Return(c, 6, 11, 11),
                                      CallOf(c, 7, 12),
                                      Return(c, 7, 13, 0),
                                      CallOf(c, 8, 14),
                                      Return(c, 8, 15, 5, "NO_ERROR", "hello"),
                                      CallOf(c, 9, 16),
                                      Return(c, 9, 17, 0)}));
    auto check = CheckDelivery(c, trace.Path());
    REQUIRE(check.violation);
    CHECK(check.violation->what.find("silent data loss") != std::string::npos);
    CHECK(check.violation->eventIndex == 19); // the end-of-stream return
    CHECK(check.violation->actual.find("6 missing") != std::string::npos);
    CHECK(check.streamsChecked == 1);
}

TEST_CASE("bytes_read_out_of_order_break_the_invariant_at_the_first_wrong_byte", "[delivery]")
{
    const auto c = OneConnectionCase(json{{"s", "c"}, {"data", "hello world"}});
    const test::TraceFile trace(Then(SetUp(c),
                                     {CallOf(c, 6, 10),
                                      Return(c, 6, 11, 11),
                                      CallOf(c, 8, 14),
                                      Return(c, 8, 15, 11, "NO_ERROR", "hello wrold")}));
    auto check = CheckDelivery(c, trace.Path());
    REQUIRE(check.violation);
    CHECK(check.violation->what.find("out of order or corrupted") != std::string::npos);
    CHECK(check.violation->expected.find("byte 7 ") != std::string::npos);
}

TEST_CASE("bytes_read_that_were_never_sent_break_the_invariant", "[delivery]")
{
    const auto c = OneConnectionCase(json{{"s", "c"}, {"data", "hi"}});
    const test::TraceFile trace(Then(SetUp(c),
                                     {CallOf(c, 6, 10),
                                      Return(c, 6, 11, 2),
                                      CallOf(c, 8, 14),
                                      Return(c, 8, 15, 3, "NO_ERROR", "hi!")}));
    auto check = CheckDelivery(c, trace.Path());
    REQUIRE(check.violation);
    CHECK(check.violation->what.find("never sent") != std::string::npos);
}

TEST_CASE("missing_bytes_after_a_reported_connection_error_are_not_silent_loss", "[delivery]")
{
    const auto c = OneConnectionCase(json{{"s", "c"}, {"data", "hello world"}});
    const test::TraceFile trace(Then(SetUp(c),
                                     {CallOf(c, 6, 10),
                                      Return(c, 6, 11, 11),
                                      CallOf(c, 8, 14),
                                      Return(c, 8, 15, 5, "NO_ERROR", "hello"),
                                      CallOf(c, 10, 16),
                                      Return(c, 10, 17, -1, "WSAECONNRESET"),
                                      CallOf(c, 9, 18),
                                      Return(c, 9, 19, 0)}));
    auto check = CheckDelivery(c, trace.Path());
    CHECK_FALSE(check.violation);
}

TEST_CASE("a_send_still_under_way_when_the_peer_reads_end_of_stream_is_not_counted", "[delivery]")
{
    // A send after WSASendDisconnect fails, but real threads may record the peer's end of
    // stream between that send's call and its return.
    const auto c = OneConnectionCase(json{{"s", "c"}, {"data", "hello"}});
    const test::TraceFile trace(Then(SetUp(c),
                                     {CallOf(c, 6, 10),
                                      Return(c, 6, 11, 5),
                                      CallOf(c, 7, 12),
                                      Return(c, 7, 13, 0),
                                      CallOf(c, 8, 14),
                                      Return(c, 8, 15, 5, "NO_ERROR", "hello"),
                                      CallOf(c, 10, 16),
                                      CallOf(c, 9, 17),
                                      Return(c, 9, 18, 0),
                                      Return(c, 10, 19, -1, "WSAESHUTDOWN")}));
    auto check = CheckDelivery(c, trace.Path());
    CHECK_FALSE(check.violation);
    CHECK(check.streamsChecked == 1);
}

TEST_CASE("a_send_of_size_bytes_is_checked_against_the_abc_pattern", "[delivery]")
{
    const auto c = OneConnectionCase(json{{"s", "c"}, {"size", 30}});
    const std::string pattern = "abcdefghijklmnopqrstuvwxyzabcd";
    const test::TraceFile good(Then(SetUp(c),
                                    {CallOf(c, 6, 10),
                                     Return(c, 6, 11, 30),
                                     CallOf(c, 8, 14),
                                     Return(c, 8, 15, 30, "NO_ERROR", pattern),
                                     CallOf(c, 9, 16),
                                     Return(c, 9, 17, 0)}));
    CHECK_FALSE(CheckDelivery(c, good.Path()).violation);
    const test::TraceFile shifted(
        Then(SetUp(c),
             {CallOf(c, 6, 10),
              Return(c, 6, 11, 30),
              CallOf(c, 8, 14),
              Return(c, 8, 15, 30, "NO_ERROR", pattern.substr(1) + "e")}));
    CHECK(CheckDelivery(c, shifted.Path()).violation);
}

TEST_CASE("a_partial_send_counts_only_the_bytes_it_returned", "[delivery]")
{
    const auto c = OneConnectionCase(json{{"s", "c"}, {"data", "hello world"}});
    const test::TraceFile trace(Then(SetUp(c),
                                     {CallOf(c, 6, 10),
                                      Return(c, 6, 11, 5),
                                      CallOf(c, 7, 12),
                                      Return(c, 7, 13, 0),
                                      CallOf(c, 8, 14),
                                      Return(c, 8, 15, 5, "NO_ERROR", "hello"),
                                      CallOf(c, 9, 16),
                                      Return(c, 9, 17, 0)}));
    CHECK_FALSE(CheckDelivery(c, trace.Path()).violation);
}

namespace
{

/// The one connection of OneConnectionCase, its bytes moved by the overlapped calls: the client
/// WSASends, the server WSARecvs (steps 8 and 9), or leaves a WSARecv pending (10) and recvs (11).
ScenarioCase
OverlappedConnectionCase()
{
    ScenarioCase scenarioCase = OneConnectionCase(json{{"s", "c"}, {"data", "unused"}});
    scenarioCase.steps.resize(6);
    auto step = [&](const std::string& thread, const std::string& call, const json& args)
    {
        Step s;
        s.index = scenarioCase.steps.size();
        s.thread = thread;
        s.call = DecodeCall(call, args);
        scenarioCase.steps.push_back(s);
    };
    step("client", "WSASend", json{{"s", "c"}, {"data", "hello"}, {"overlapped", "ov"}}); // 6
    step("client", "WSASendDisconnect", json{{"s", "c"}});                                // 7
    step("server", "WSARecv", json{{"s", "a"}, {"len", 100}});                            // 8
    step("server", "WSARecv", json{{"s", "a"}, {"len", 100}});                            // 9
    step("server", "WSARecv", json{{"s", "a"}, {"overlapped", "ov2"}});                   // 10
    step("server", "recv", json{{"s", "a"}});                                             // 11
    return scenarioCase;
}

/// \return a return event with its out-parameters
json
WithOut(json event, const json& out)
{
    event["out"] = out;
    return event;
}

} // namespace

TEST_CASE("bytes_moved_by_wsasend_and_wsarecv_are_followed_to_end_of_stream", "[delivery]")
{
    const auto c = OverlappedConnectionCase();
    auto trace = [&](const std::string& read)
    {
        return Then(SetUp(c),
                    {CallOf(c, 6, 10),
                     WithOut(Return(c, 6, 11, 0), json{{"bytes", 5}}),
                     CallOf(c, 7, 12),
                     Return(c, 7, 13, 0),
                     CallOf(c, 8, 14),
                     WithOut(Return(c, 8, 15, 0, "NO_ERROR", read), json{{"bytes", 5}}),
                     CallOf(c, 9, 16),
                     WithOut(Return(c, 9, 17, 0, "NO_ERROR", ""), json{{"bytes", 0}})});
    };
    const test::TraceFile good(trace("hello"));
    const auto check = CheckDelivery(c, good.Path());
    CHECK_FALSE(check.violation);
    CHECK(check.bytesChecked == 5);
    CHECK(check.streamsChecked == 1);
    const test::TraceFile corrupted(trace("hellx"));
    REQUIRE(CheckDelivery(c, corrupted.Path()).violation);
    CHECK(CheckDelivery(c, corrupted.Path()).violation->what.find("out of order or corrupted")
          != std::string::npos);
}

TEST_CASE("a_pending_wsarecv_takes_bytes_unseen_so_its_stream_is_no_longer_followed", "[delivery]")
{
    // The pending receive completes with the 5 bytes (its completion gives their count, not
    // them); the recv after it reads end of stream. Nothing was lost, nothing can be checked.
    const auto c = OverlappedConnectionCase();
    const test::TraceFile trace(Then(SetUp(c),
                                     {CallOf(c, 6, 10),
                                      WithOut(Return(c, 6, 11, 0), json{{"bytes", 5}}),
                                      CallOf(c, 10, 12),
                                      Return(c, 10, 13, -1, "WSA_IO_PENDING"),
                                      CallOf(c, 7, 14),
                                      Return(c, 7, 15, 0),
                                      CallOf(c, 11, 16),
                                      Return(c, 11, 17, 0)}));
    CHECK_FALSE(CheckDelivery(c, trace.Path()).violation);
}

// Tests of the SVG sequence diagram: lifelines, call boxes, send -> arrival arrows, lost
// segments, TCP states, compressed gaps, the divergence mark and escaping.
#include "trace-file-fixture.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <unistd.h>
#include <vector>

#include "common/time-text.h"
#include "report/markup.h"
#include "report/sequence-diagram.h"

namespace
{

using namespace wsdsim;
namespace fs = std::filesystem;
using nlohmann::json;

using test::TraceFile;

json
CallLine(int64_t t,
         uint32_t host,
         const std::string& thread,
         int step,
         const std::string& call,
         const json& args)
{
    return {{"kind", "call"},
            {"time_ns", t},
            {"host", host},
            {"thread", thread},
            {"step", step},
            {"call", call},
            {"args", args}};
}

json
Return(int64_t t,
       uint32_t host,
       const std::string& thread,
       int step,
       const std::string& call,
       int64_t result,
       const std::string& error,
       bool blocked)
{
    return {{"kind", "return"},
            {"time_ns", t},
            {"host", host},
            {"thread", thread},
            {"step", step},
            {"call", call},
            {"result", result},
            {"error", error},
            {"errno", 0},
            {"blocked", blocked}};
}

json
Segment(int64_t t,
        uint32_t host,
        const std::string& dir,
        const std::string& flags,
        uint32_t seq,
        uint32_t ack,
        uint32_t len,
        bool fromHost0)
{
    const std::string a = "10.0.0.1:49153";
    const std::string b = "10.0.0.2:5000";
    return {{"kind", "segment"},
            {"time_ns", t},
            {"host", host},
            {"dir", dir},
            {"proto", "tcp"},
            {"flags", flags},
            {"seq", seq},
            {"ack", ack},
            {"len", len},
            {"src", fromHost0 ? a : b},
            {"dst", fromHost0 ? b : a}};
}

json
State(int64_t t, uint32_t host, const std::string& from, const std::string& to)
{
    return {{"kind", "tcp-state"},
            {"time_ns", t},
            {"host", host},
            {"socket", "c"},
            {"from", from},
            {"to", to}};
}

/// \return how often a pattern occurs
size_t
Count(const std::string& text, const std::string& pattern)
{
    size_t count = 0;
    for (size_t at = text.find(pattern); at != std::string::npos; at = text.find(pattern, at + 1))
    {
        ++count;
    }
    return count;
}

/// \return the <g> element whose class attribute starts with cls (the first one)
std::string
Group(const std::string& svg, const std::string& cls)
{
    const auto start = svg.find("<g class=\"" + cls);
    if (start == std::string::npos)
    {
        return "";
    }
    return svg.substr(start, svg.find("</g>", start) - start);
}

/// \return a numeric attribute of the first element named `element` in some markup
double
Attribute(const std::string& markup, const std::string& element, const std::string& name)
{
    const auto at = markup.find("<" + element + " ");
    REQUIRE(at != std::string::npos);
    std::smatch match;
    const std::string rest = markup.substr(at, markup.find('>', at) - at);
    REQUIRE(std::regex_search(rest, match, std::regex(" " + name + "=\"([-0-9.]+)\"")));
    return std::stod(match[1]);
}

std::string
Draw(const std::vector<json>& events, const DiagramOptions& options = {})
{
    TraceFile file(events);
    return RenderSequenceDiagram(LoadTimeline(file.Path()), options);
}

} // namespace

TEST_CASE("any_trace_draws_one_lifeline_per_host", "[diagram]")
{
    const auto svg = Draw({CallLine(0, 0, "client", 0, "WSAStartup", json{{"version", "2.2"}}),
                           Return(0, 0, "client", 0, "WSAStartup", 0, "NO_ERROR", false)});
    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    CHECK(Count(svg, "class=\"lifeline\"") == 2);
    CHECK(svg.find("host 0 (client)") != std::string::npos);
    CHECK(svg.find("host 1") != std::string::npos);
    CHECK(svg.find("viewBox=\"0 0 ") != std::string::npos);
}

TEST_CASE("fin_sent_and_received_is_an_arrow_from_send_time_to_arrival_time", "[diagram]")
{
    const auto svg = Draw({Segment(1'000'000, 0, "tx", "FIN|ACK", 1, 1, 7, true),
                           State(1'000'000, 0, "ESTABLISHED", "FIN_WAIT_1"),
                           Segment(2'046'400, 1, "rx", "FIN|ACK", 1, 1, 7, true)});
    CHECK(Count(svg, "<g class=\"arrow ") == 1);
    CHECK(Count(svg, "<g class=\"lost") == 0);
    const auto arrow = Group(svg, "arrow fin host-0");
    REQUIRE_FALSE(arrow.empty());
    CHECK(arrow.find(">FIN|ACK seq 1 ack 1 len 7</text>") != std::string::npos);
    // from host 0's lifeline (left) down to host 1's (right)
    CHECK(Attribute(arrow, "line", "x1") < Attribute(arrow, "line", "x2"));
    CHECK(Attribute(arrow, "line", "y1") < Attribute(arrow, "line", "y2"));
    CHECK(arrow.find("<polygon") != std::string::npos);
}

TEST_CASE("segment_sent_and_never_received_is_drawn_lost_with_an_x", "[diagram]")
{
    const auto svg = Draw({Segment(1'000'000, 1, "tx", "RST|ACK", 9, 8, 0, false),
                           State(1'000'000, 1, "ESTABLISHED", "CLOSED")});
    CHECK(Count(svg, "<g class=\"arrow ") == 0);
    const auto lost = Group(svg, "lost host-1");
    REQUIRE_FALSE(lost.empty());
    CHECK(lost.find(">RST|ACK seq 9 ack 8 len 0</text>") != std::string::npos);
    CHECK(lost.find(">lost</text>") != std::string::npos);
    CHECK(lost.find("<path d=\"M") != std::string::npos); // the X
    // it stops half-way between the lifelines, going from host 1 (right) leftwards
    CHECK(Attribute(lost, "line", "x2") < Attribute(lost, "line", "x1"));
}

TEST_CASE("repeated_identical_segments_pair_with_their_own_arrivals", "[diagram]")
{
    const auto svg = Draw({Segment(100, 1, "tx", "ACK", 1, 9, 0, false),
                           Segment(100, 1, "tx", "ACK", 1, 9, 0, false),
                           Segment(1'100, 0, "rx", "ACK", 1, 9, 0, false),
                           Segment(1'200, 0, "rx", "ACK", 1, 9, 0, false)});
    CHECK(Count(svg, "<g class=\"arrow data host-1\"") == 2);
    CHECK(Count(svg, "<g class=\"lost") == 0);
}

TEST_CASE("call_returning_at_once_is_one_box_with_its_result", "[diagram]")
{
    const auto svg = Draw({CallLine(0, 0, "client", 0, "closesocket", json{{"s", "c"}}),
                           Return(0, 0, "client", 0, "closesocket", 0, "NO_ERROR", false)});
    const auto call = Group(svg, "call host-0");
    REQUIRE_FALSE(call.empty());
    CHECK(call.find(">closesocket(s=c) = 0</text>") != std::string::npos);
    CHECK(Count(svg, "class=\"bar") == 0);
}

TEST_CASE("failed_call_shows_its_error_and_is_marked", "[diagram]")
{
    const auto svg = Draw({CallLine(5, 1, "server", 3, "recv", json{{"s", "a"}, {"len", 65536}}),
                           Return(5, 1, "server", 3, "recv", -1, "WSAECONNRESET", false)});
    const auto call = Group(svg, "call err host-1");
    REQUIRE_FALSE(call.empty());
    CHECK(call.find("= -1 WSAECONNRESET</text>") != std::string::npos);
}

TEST_CASE("notification_calls_show_what_they_report_beside_their_result", "[diagram]")
{
    // The FD_CLOSE and its error, a pending receive's completion, the sets select left.
    json enumEvents = Return(7, 0, "client", 4, "WSAEnumNetworkEvents", 0, "NO_ERROR", false);
    enumEvents["out"] = {{"events", {"FD_CLOSE"}}, {"errors", {{"FD_CLOSE", "WSAECONNABORTED"}}}};
    json packet = Return(8, 0, "client", 5, "GetQueuedCompletionStatus", 1, "NO_ERROR", false);
    packet["out"] = {{"bytes", 0}, {"key", 125}, {"overlapped", "ov"}};
    json select = Return(9, 0, "client", 6, "select", 2, "NO_ERROR", false);
    select["out"] = {{"read", {"c"}}, {"write", {"c"}}, {"except", json::array()}};
    const auto svg
        = Draw({CallLine(7, 0, "client", 4, "WSAEnumNetworkEvents", json{{"s", "c"}}),
                enumEvents,
                CallLine(8, 0, "client", 5, "GetQueuedCompletionStatus", json{{"port", "p"}}),
                packet,
                CallLine(9, 0, "client", 6, "select", json{{"read", {"c"}}}),
                select});
    // A long name gives way to what the call reported; the tooltip keeps the whole.
    CHECK(svg.find("= 0 FD_CLOSE(WSAECONNABORTED)</text>") != std::string::npos);
    CHECK(svg.find("= 1 ov bytes 0 key 125</text>") != std::string::npos);
    CHECK(svg.find("= 2 read[c] write[c]</text>") != std::string::npos);
}

TEST_CASE("blocking_call_is_a_bar_from_call_to_return", "[diagram]")
{
    const auto svg
        = Draw({CallLine(0, 0, "client", 0, "closesocket", json{{"s", "c"}}),
                Segment(1'000, 0, "tx", "ACK", 1, 1, 536, true),
                Return(2'000'000'000, 0, "client", 0, "closesocket", 0, "NO_ERROR", true)});
    const auto call = Group(svg, "call host-0");
    REQUIRE_FALSE(call.empty());
    const auto bar = call.substr(call.find("<rect class=\"bar\""));
    CHECK(Attribute(bar, "rect", "height") > 2 * 19);
    CHECK(call.find(">closesocket(s=c) \u2026</text>") != std::string::npos);
    CHECK(call.find(">\u21b3 closesocket = 0 after 2 s</text>") != std::string::npos);
}

TEST_CASE("tcp_state_change_is_a_label_on_its_host_lifeline", "[diagram]")
{
    const auto svg = Draw({State(7, 1, "ESTABLISHED", "CLOSE_WAIT")});
    const auto state = Group(svg, "state host-1");
    REQUIRE_FALSE(state.empty());
    CHECK(state.find(">CLOSE_WAIT</text>") != std::string::npos);
    const auto lifeline = Group(svg, "lifeline-group host-1");
    CHECK(Attribute(state, "text", "x") == Attribute(lifeline, "line", "x1"));
}

TEST_CASE("time_wait_of_240_s_is_compressed_and_marked_on_the_axis", "[diagram]")
{
    const auto svg = Draw(
        {State(0, 0, "FIN_WAIT_2", "TIME_WAIT"), State(240'000'000'000, 0, "TIME_WAIT", "CLOSED")});
    const auto gap = Group(svg, "gap");
    REQUIRE_FALSE(gap.empty());
    CHECK(gap.find("+240 s</text>") != std::string::npos);
    // two rows and a gap mark: far from 240 s at any linear scale
    std::smatch match;
    REQUIRE(std::regex_search(svg, match, std::regex("height=\"([0-9.]+)\"")));
    CHECK(std::stod(match[1]) < 300);
}

TEST_CASE("first_divergence_is_marked_on_its_event_row", "[diagram]")
{
    DiagramOptions options;
    options.divergenceEvent = 1;
    options.divergenceText = "expected result 0";
    const auto svg = Draw({State(0, 0, "CLOSED", "SYN_SENT"),
                           CallLine(10, 0, "client", 0, "recv", json{{"s", "c"}}),
                           Return(10, 0, "client", 0, "recv", -1, "WSAENOTCONN", false)},
                          options);
    const auto mark = Group(svg, "divergence");
    REQUIRE_FALSE(mark.empty());
    CHECK(mark.find("expected result 0") != std::string::npos);
    // the mark's band covers the call's row (the second row), not the first
    const auto call = Group(svg, "call err host-0");
    const double callTop = Attribute(call, "rect", "y");
    const double bandTop = Attribute(mark, "rect", "y");
    const double bandHeight = Attribute(mark, "rect", "height");
    CHECK(bandTop <= callTop);
    CHECK(bandTop + bandHeight >= callTop + 16);
    CHECK(bandTop > Attribute(Group(svg, "state host-0"), "rect", "y"));
}

TEST_CASE("text_from_the_trace_is_escaped", "[diagram]")
{
    const auto svg
        = Draw({CallLine(0, 0, "cl<i>ent", 0, "send", json{{"s", "c"}, {"data", "<script>&"}}),
                Return(0, 0, "cl<i>ent", 0, "send", 3, "NO_ERROR", false)});
    CHECK(svg.find("<script>") == std::string::npos);
    CHECK(svg.find("<i>") == std::string::npos);
    CHECK(svg.find("&lt;script&gt;&amp;") != std::string::npos);
}

TEST_CASE("markup_escape_replaces_invalid_utf8_and_control_characters", "[diagram]")
{
    CHECK(MarkupEscape("a\xff"
                       "b")
          == "a\uFFFDb");
    CHECK(MarkupEscape("\xc3\xa9") == "\xc3\xa9");
    CHECK(MarkupEscape("x\x01y") == "x\u00b7y");
    CHECK(MarkupEscape("'\"") == "&#39;&quot;");
    std::string appended = "<q>";
    AppendMarkupEscaped(appended, "a\xff<\x01");
    CHECK(appended == "<q>" + MarkupEscape("a\xff<\x01"));
}

TEST_CASE("sim_times_and_durations_read_as_seconds", "[diagram]")
{
    CHECK(FormatSimTime(21'000'000) == "0.021000 s");
    CHECK(FormatSimTime(240'000'000'000) == "240.000000 s");
    CHECK(FormatDuration(1'046'400) == "1.05 ms");
    CHECK(FormatDuration(2'000'000'000) == "2 s");
}

TEST_CASE("sim_times_read_as_printf_writes_them", "[diagram]")
{
    // FormatSimTime writes without printf, for speed: the text must stay printf's to the byte
    // (sign, seconds, six digits of microseconds, truncated), or every report would change.
    for (const int64_t timeNs : {int64_t{0},
                                 int64_t{999},
                                 int64_t{1'000},
                                 int64_t{-1},
                                 int64_t{-999},
                                 int64_t{-1'500'000'000},
                                 int64_t{3'093'999},
                                 int64_t{300'000'000'000},
                                 int64_t{9'223'372'036'854'775'807}})
    {
        char expected[64];
        std::snprintf(expected,
                      sizeof expected,
                      "%s%lld.%06lld s",
                      timeNs < 0 ? "-" : "",
                      static_cast<long long>(std::llabs(timeNs) / 1'000'000'000),
                      static_cast<long long>((std::llabs(timeNs) % 1'000'000'000) / 1000));
        CHECK(FormatSimTime(timeNs) == expected);
    }
}

TEST_CASE("numbers_appended_read_as_format_number_writes_them", "[diagram]")
{
    std::string out = "x=";
    AppendNumber(out, 12.5);
    AppendNumber(out, -0.004);
    AppendNumber(out, 100);
    CHECK(out == "x=" + FormatNumber(12.5) + FormatNumber(-0.004) + FormatNumber(100));
    CHECK(FormatNumber(12.5) == "12.5");
    CHECK(FormatNumber(100) == "100");
    CHECK(FormatNumber(2.675) == "2.67"); // to_chars rounds the binary value, as "%.2f" does
}

TEST_CASE("numbers_appended_are_what_printf_writes_trimmed", "[diagram]")
{
    // The quick path for hundredths against printf's "%.2f", trailing zeros and point trimmed:
    // whole numbers, halves, ties in binary (2.675, 0.125), values just either side of a tie,
    // negative values rounding to zero, and a sweep of coordinates.
    std::vector<double> values
        = {0,      -0.0,   1,        -1,    0.5,    0.125,  0.375,   2.675, -2.675, 1.005,
           -0.004, -0.005, 0.004999, 0.005, 99.99,  99.995, 99.999,  1e11,  1.5e12, -3e15,
           1e300,  0.01,   0.1,      0.29,  1234.5, 110.65, -110.65, 5e-324};
    for (int i = -20'000; i <= 20'000; ++i)
    {
        values.push_back(i / 8.0);
        values.push_back(i * 0.01);
        values.push_back(i * 0.001);
        values.push_back(i * 1.7 / 3.0);
    }
    for (const double value : values)
    {
        char printed[400];
        std::snprintf(printed, sizeof printed, "%.2f", value);
        std::string expected = printed;
        expected.erase(expected.find_last_not_of('0') + 1);
        if (expected.back() == '.')
        {
            expected.pop_back();
        }
        INFO(printed);
        CHECK(FormatNumber(value) == expected);
    }
}

TEST_CASE("diagram_inline_in_html_names_no_namespace_address", "[diagram]")
{
    DiagramOptions options;
    options.standalone = false;
    const auto svg = Draw({State(0, 0, "CLOSED", "LISTEN")}, options);
    CHECK(svg.rfind("<svg class=\"seq\"", 0) == 0);
    CHECK(svg.find("http://") == std::string::npos);
}

// Tests of a real driver's grace: how long it keeps a case's sockets open after its last call.
#include "trace-file-fixture.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run/driver-grace.h"

namespace
{

using namespace wsdsim;
using nlohmann::json;

/// \return a return event of host 0 at a time
json
ReturnAt(int64_t timeNs)
{
    return {{"kind", "return"},
            {"host", 0},
            {"thread", "t"},
            {"step", 0},
            {"call", "closesocket"},
            {"result", 0},
            {"error", "NO_ERROR"},
            {"errno", 0},
            {"blocked", false},
            {"time_ns", timeNs}};
}

/// \return a segment event at a time
json
SegmentAt(int64_t timeNs, const std::string& flags)
{
    return {{"kind", "segment"},
            {"host", 1},
            {"dir", "rx"},
            {"proto", "tcp"},
            {"flags", flags},
            {"src", "10.0.0.1:49153"},
            {"dst", "10.0.0.2:5000"},
            {"seq", 2},
            {"ack", 6},
            {"len", 0},
            {"time_ns", timeNs}};
}

TEST_CASE("driver_grace_lets_the_last_segment_come_as_late_as_the_comparison_allows")
{
    // shutdown-how's SD_SEND reference ends so: its last return at 102,133,600 ns, then a FIN at
    // 103,000,000 and a delayed ACK at 303,176,800, in the same direction. The delayed ACK may
    // come 25 % of its 200,176,800 ns interval late (50,044,200 ns): 201,043,200 + 50,044,200
    // after the last return, plus the 10 ms of slack.
    const test::TraceFile trace({ReturnAt(1000000),
                                 SegmentAt(2000000, "SYN"),
                                 ReturnAt(102133600),
                                 SegmentAt(103000000, "FIN|ACK"),
                                 SegmentAt(303176800, "ACK")});
    REQUIRE(DriverGraceNs(trace.Path(), 5000000, 0.25) == 201043200 + 50044200 + 10000000);
}

TEST_CASE("driver_grace_of_a_segment_soon_after_the_last_return_is_the_floor_late")
{
    // A segment 1 ms after the last return, 3 ms after the previous one of its direction: 25 %
    // of 3 ms is below the floor (25 ms, Wine's), so it may come 1 ms + 25 ms after.
    const test::TraceFile trace(
        {SegmentAt(2000000, "SYN"), ReturnAt(4000000), SegmentAt(5000000, "SYN|ACK")});
    REQUIRE(DriverGraceNs(trace.Path(), 25000000, 0.25) == 1000000 + 25000000 + 10000000);
}

TEST_CASE("driver_grace_after_a_reference_ending_on_a_return_is_the_floor")
{
    const test::TraceFile trace({SegmentAt(2000000, "SYN"), ReturnAt(5000000)});
    REQUIRE(DriverGraceNs(trace.Path(), 5000000, 0.25) == 5000000 + 10000000);
}

TEST_CASE("driver_grace_without_a_reference_that_reads_is_the_drivers_default")
{
    REQUIRE_FALSE(DriverGraceNs("/nonexistent/reference.jsonl", 5000000, 0.25).has_value());
    const std::string garbage
        = (std::filesystem::temp_directory_path()
           / ("wsdsim-test-grace-garbage-" + std::to_string(::getpid()) + ".jsonl"))
              .string();
    std::ofstream(garbage) << "not a trace\n";
    REQUIRE_FALSE(DriverGraceNs(garbage, 5000000, 0.25).has_value());
    std::remove(garbage.c_str());
}

} // namespace

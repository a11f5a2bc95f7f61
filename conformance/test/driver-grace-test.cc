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

TEST_CASE("driver_grace_is_the_reference_tail_and_a_margin")
{
    // A delayed ACK 201.0432 ms after the last return (shutdown-how's SD_SEND reference ends so:
    // its last return at 102,133,600 ns, its last segment at 303,176,800 ns).
    const test::TraceFile trace({ReturnAt(1000000),
                                 SegmentAt(2000000, "SYN"),
                                 ReturnAt(102133600),
                                 SegmentAt(103000000, "FIN|ACK"),
                                 SegmentAt(303176800, "ACK")});
    REQUIRE(DriverGraceNs(trace.Path()) == 201043200 + kDriverGraceMarginNs);
}

TEST_CASE("driver_grace_after_a_reference_ending_on_a_return_is_the_margin")
{
    const test::TraceFile trace({SegmentAt(2000000, "SYN"), ReturnAt(5000000)});
    REQUIRE(DriverGraceNs(trace.Path()) == kDriverGraceMarginNs);
}

TEST_CASE("driver_grace_without_a_reference_that_reads_is_the_drivers_default")
{
    REQUIRE_FALSE(DriverGraceNs("/nonexistent/reference.jsonl").has_value());
    const std::string garbage
        = (std::filesystem::temp_directory_path()
           / ("wsdsim-test-grace-garbage-" + std::to_string(::getpid()) + ".jsonl"))
              .string();
    std::ofstream(garbage) << "not a trace\n";
    REQUIRE_FALSE(DriverGraceNs(garbage).has_value());
    std::remove(garbage.c_str());
}

} // namespace

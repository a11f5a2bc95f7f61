// Benchmark of trace comparison: a long trace and its reference (TraceWriter), then CompareTrace.
//
//   compare-bench generate SCENARIO EVENTS DIR   write DIR/trace.jsonl and DIR/reference.jsonl
//   compare-bench compare SCENARIO DIR           compare them; print events/s and peak RSS, then
//                                                the comparison's CPU time and events per CPU
//                                                second
//
// SCENARIO is a scenario file under the scenarios root; its first case's reference trace is
// the start of both files, followed by data segments (the bulk of a long real trace) up to
// EVENTS events. Generating and comparing are separate processes so that the peak RSS measured
// (getrusage, or /usr/bin/time -v around `compare`) is the comparison's alone.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <sys/resource.h>
#include <time.h>
#include <vector>

#include "judge/comparator.h"
#include "scenario/scenario-loader.h"
#include "trace/trace-io.h"

namespace
{

using namespace wsdsim;
namespace fs = std::filesystem;

/// The first case of a scenario file.
ScenarioCase
FirstCase(const std::string& scenario)
{
    const auto cases = LoadCases({scenario});
    if (cases.empty())
    {
        throw std::runtime_error(scenario + ": no case");
    }
    return cases.front();
}

/// \return the CPU time (user and system) the process has used, in seconds
double
CpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

/// Write trace.jsonl and reference.jsonl of `events` events each.
int
Generate(const std::string& scenario, uint64_t events, const fs::path& directory)
{
    const ScenarioCase scenarioCase = FirstCase(scenario);
    TraceReader reader(scenarioCase.ReferencePath());
    std::vector<TraceEvent> start;
    while (auto event = reader.Next())
    {
        start.push_back(*event);
    }
    TraceEvent segment;
    segment.kind = EventKind::SEGMENT;
    segment.protocol = "tcp";
    segment.source = "10.0.0.1:49153";
    segment.destination = "10.0.0.2:5000";
    for (const auto& event : start)
    {
        if (event.kind == EventKind::SEGMENT)
        {
            segment = event;
        }
    }
    segment.flags = "ACK";
    segment.length = 1000;
    const int64_t startNs = start.empty() ? 0 : start.back().timeNs;
    fs::create_directories(directory);
    for (const char* name : {"trace.jsonl", "reference.jsonl"})
    {
        TraceWriter writer((directory / name).string(), reader.Header());
        for (uint64_t i = 0; i < events; ++i)
        {
            if (i < start.size())
            {
                writer.Write(start[i]);
                continue;
            }
            // data one way, its acknowledgement the other, 10 us apart
            const uint64_t n = i - start.size();
            segment.timeNs = startNs + static_cast<int64_t>(n + 1) * 10'000;
            segment.host = static_cast<uint32_t>(n % 2);
            segment.direction = n % 4 < 2 ? "tx" : "rx";
            segment.sequence = static_cast<uint32_t>(1 + n * 1000);
            segment.acknowledgement = 1;
            writer.Write(segment);
        }
        writer.Close();
    }
    std::cout << "wrote " << events << " events to " << directory.string()
              << "/{trace,reference}.jsonl\n";
    return 0;
}

/// Compare trace.jsonl with reference.jsonl; print the figures as one line.
int
Compare(const std::string& scenario, const fs::path& directory)
{
    const ScenarioCase scenarioCase = FirstCase(scenario);
    const std::string trace = (directory / "trace.jsonl").string();
    uint64_t events = 0;
    {
        TraceReader reader(trace);
        while (reader.Next())
        {
            ++events;
        }
    }
    const double cpuStarted = CpuSeconds();
    const auto started = std::chrono::steady_clock::now();
    const Comparison comparison = CompareTrace(scenarioCase,
                                               trace,
                                               (directory / "reference.jsonl").string(),
                                               Tolerance{},
                                               WireDetail::ALL);
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double cpuSeconds = CpuSeconds() - cpuStarted;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::cout << "events " << events << " seconds " << seconds << " events_per_second "
              << static_cast<uint64_t>(static_cast<double>(events) / seconds) << " peak_rss_kib "
              << usage.ru_maxrss << " verdict " << VerdictName(comparison.verdict) << "\n";
    // A second line (scripts/bench.sh reads the first): the comparison's CPU time, which other
    // processes sharing the cores do not change.
    std::cout << "cpu_seconds " << cpuSeconds << " events_per_cpu_second "
              << static_cast<uint64_t>(static_cast<double>(events) / cpuSeconds) << "\n";
    return comparison.verdict == Verdict::PASS ? 0 : 1;
}

} // namespace

int
main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    try
    {
        if (args.size() == 4 && args[0] == "generate")
        {
            return Generate(args[1], std::stoull(args[2]), args[3]);
        }
        if (args.size() == 3 && args[0] == "compare")
        {
            return Compare(args[1], args[2]);
        }
    }
    catch (const std::exception& error)
    {
        std::cerr << "compare-bench: " << error.what() << "\n";
        return 2;
    }
    std::cerr << "usage: compare-bench generate SCENARIO EVENTS DIR\n"
                 "       compare-bench compare SCENARIO DIR\n";
    return 2;
}

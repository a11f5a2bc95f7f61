// A real implementation under test, driven through an external driver program
// (docs/driver-contract.md).
#include "run/driver-backend.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "common/input-error.h"
#include "run/case-export.h"
#include "run/loopback-capture.h"
#include "trace/trace-io.h"

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
/// Seconds a driver may run: its own cap is 30 s of real time.
constexpr int kDriverTimeoutSeconds = 45;

int64_t
NowEpochNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}
} // namespace

std::string
ExecutableFolder()
{
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    return error ? std::string(".") : self.parent_path().string();
}

DriverBackend::DriverBackend(std::string name,
                             std::vector<std::string> command,
                             std::vector<std::string> environment,
                             std::vector<std::string> prepare)
    : m_name(std::move(name))
    , m_command(std::move(command))
    , m_environment(std::move(environment))
    , m_prepare(std::move(prepare))
{
}

void
DriverBackend::PrepareProcess()
{
    if (m_prepare.empty())
    {
        return;
    }
    const pid_t pid = fork();
    if (pid == 0)
    {
        for (const auto& variable : m_environment)
        {
            putenv(const_cast<char*>(variable.c_str()));
        }
        std::vector<char*> argv;
        for (auto& argument : m_prepare)
        {
            argv.push_back(argument.data());
        }
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    if (pid > 0)
    {
        int status = 0;
        waitpid(pid, &status, 0);
    }
}

std::string
DriverBackend::Name() const
{
    return m_name;
}

void
DriverBackend::SetTimingFloorNs(int64_t floorNs)
{
    m_timingFloorNs = floorNs;
}

void
DriverBackend::SetStartMarginNs(int64_t marginNs)
{
    m_startMarginNs = marginNs;
}

int64_t
DriverBackend::TimingFloorNs() const
{
    return m_timingFloorNs;
}

BackendRun
DriverBackend::Run(const ScenarioCase& scenarioCase,
                   const RunOptions& options,
                   const std::string& tracePath)
{
    BackendRun run;
    run.wireDetail = WireDetail::CONTROL;
    // Each case gets its own pair of loopback addresses (127.a.b.1 and .2), so that no port of an
    // earlier case, lingering in the kernel after its process (TIME_WAIT, FIN_WAIT_2), collides.
    const uint64_t spread
        = std::hash<std::string>{}(scenarioCase.id + std::to_string(NowEpochNs())) + options.slot;
    const std::string prefix = "127." + std::to_string(16 + spread % 240) + "."
                               + std::to_string((spread / 240) % 256) + ".";
    const std::array<std::string, 2> hosts{prefix + "1", prefix + "2"};
    const std::string casePath = tracePath + ".case.json";
    const std::string rawTrace = tracePath + ".driver.jsonl";
    const std::string outputPath = tracePath + ".driver.out";
    {
        std::ofstream out(casePath);
        out << ExportCase(scenarioCase, hosts, 0).dump(2) << "\n";
    }

    LoopbackCapture capture;
    std::string captureError;
    const std::string pcap = options.pcapPrefix.empty() ? "" : options.pcapPrefix + "-lo.pcap";
    // The case starts a little in the future, once the capture runs, so that the driver's start-up
    // is not counted in the case's times (the driver waits for the start).
    const int64_t start = NowEpochNs() + m_startMarginNs;
    run.wireObserved = capture.Start(hosts, start, pcap, &captureError);
    if (run.wireObserved && !pcap.empty())
    {
        run.pcapFiles.push_back(pcap);
    }

    std::vector<std::string> arguments = m_command;
    arguments.push_back(casePath);
    arguments.push_back(rawTrace);
    arguments.push_back(std::to_string(start));
    const pid_t pid = fork();
    if (pid < 0)
    {
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0)
    {
        prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the case's process
        const int out = ::open(outputPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out >= 0)
        {
            dup2(out, STDOUT_FILENO);
            dup2(out, STDERR_FILENO);
        }
        for (const auto& variable : m_environment)
        {
            putenv(const_cast<char*>(variable.c_str()));
        }
        std::vector<char*> argv;
        for (auto& argument : arguments)
        {
            argv.push_back(argument.data());
        }
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    bool timedOut = false;
    const auto deadline
        = std::chrono::steady_clock::now() + std::chrono::seconds(kDriverTimeoutSeconds);
    while (waitpid(pid, &status, WNOHANG) == 0)
    {
        if (std::chrono::steady_clock::now() > deadline)
        {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            timedOut = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::vector<TraceEvent> segments = capture.Stop();
    const std::string output = ReadFile(outputPath);
    if (timedOut)
    {
        throw std::runtime_error("the " + m_name + " driver hung: killed after "
                                 + std::to_string(kDriverTimeoutSeconds) + " s");
    }
    if (WIFSIGNALED(status))
    {
        throw std::runtime_error("the " + m_name + " driver crashed: signal "
                                 + std::to_string(WTERMSIG(status)) + " ("
                                 + strsignal(WTERMSIG(status)) + ")");
    }
    const int code = WEXITSTATUS(status);
    if (code == 3 && output.rfind("UNSUPPORTED: ", 0) == 0)
    {
        // The reason is the rest of the first line; a Windows program ends its lines with CR LF.
        const size_t lineEnd = output.find('\n');
        std::string reason
            = output.substr(13, lineEnd == std::string::npos ? lineEnd : lineEnd - 13);
        while (!reason.empty() && (reason.back() == '\r' || reason.back() == ' '))
        {
            reason.pop_back();
        }
        run.supported = false;
        run.unsupportedReason = reason;
        return run;
    }
    if (code != 0)
    {
        throw std::runtime_error("the " + m_name + " driver exited with status "
                                 + std::to_string(code) + ": " + output.substr(0, 400));
    }

    // The driver says where its case ended; what its process's exit did to the sockets (FIN or
    // RST on close) comes after and is not part of the case.
    const auto ended = output.rfind("ENDED ");
    if (ended != std::string::npos)
    {
        const int64_t endNs = std::strtoll(output.c_str() + ended + 6, nullptr, 10);
        segments.erase(std::remove_if(segments.begin(),
                                      segments.end(),
                                      [endNs](const TraceEvent& segment)
                                      { return segment.timeNs > endNs; }),
                       segments.end());
    }
    // Merge the captured segments into the driver's trace, by time (driver events first at a tie).
    TraceReader reader(rawTrace);
    TraceEvent header = reader.Header();
    if (header.caseId != scenarioCase.id)
    {
        throw std::runtime_error("the " + m_name + " driver wrote the trace of case \""
                                 + header.caseId + "\", not \"" + scenarioCase.id + "\"");
    }
    header.implementation = m_name;
    std::vector<TraceEvent> events;
    while (auto event = reader.Next())
    {
        events.push_back(*event);
    }
    std::stable_sort(segments.begin(),
                     segments.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return a.timeNs < b.timeNs; });
    std::vector<TraceEvent> merged;
    merged.reserve(events.size() + segments.size());
    std::merge(events.begin(),
               events.end(),
               segments.begin(),
               segments.end(),
               std::back_inserter(merged),
               [](const TraceEvent& a, const TraceEvent& b) { return a.timeNs < b.timeNs; });
    TraceWriter writer(tracePath, header);
    for (const auto& event : merged)
    {
        writer.Write(event);
    }
    writer.Close();
    fs::remove(rawTrace);
    fs::remove(outputPath);
    return run;
}

} // namespace wsdsim

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
#include <optional>
#include <sstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "common/input-error.h"
#include "run/case-export.h"
#include "run/driver-grace.h"
#include "run/driver-session.h"
#include "run/exec-program.h"
#include "run/link-segments.h"
#include "run/loopback-capture.h"
#include "trace/trace-io.h"

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
/// Seconds a driver may run: its own cap is 30 s of real time.
constexpr int kDriverTimeoutSeconds = 45;

/// How a driver's process ended.
struct DriverExit
{
    int status{0};        //!< its wait status
    bool timedOut{false}; //!< killed after kDriverTimeoutSeconds
};

/// The files of a driver's run, beside the case's trace.
struct DriverFiles
{
    std::string casePath;     //!< the case as the driver reads it (wsdsim-case/1)
    std::string rawTrace;     //!< the driver's own trace, without the captured segments
    std::string outputPath;   //!< the driver's stdout and stderr
    std::string linkSegments; //!< on the link: the segments wsdsim-link records
    std::string linkPcaps;    //!< on the link: the prefix of the hosts' pcaps ("": none)
};

/// \return the time now, in nanoseconds since the epoch (the driver's clock)
int64_t
NowEpochNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// \return a file's bytes ("" when it cannot be read)
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// \return the case's own pair of loopback addresses (127.a.b.1 and .2)
std::array<std::string, 2>
CaseHosts(const std::string& caseId, unsigned slot)
{
    // So that no port of an earlier case, lingering in the kernel after its process (TIME_WAIT,
    // FIN_WAIT_2), collides.
    const uint64_t spread = std::hash<std::string>{}(caseId + std::to_string(NowEpochNs())) + slot;
    const std::string prefix = "127." + std::to_string(16 + spread % 240) + "."
                               + std::to_string((spread / 240) % 256) + ".";
    return {prefix + "1", prefix + "2"};
}

/// The time a driver that is not served has to start before its case begins, on loopback.
constexpr int64_t kStartMarginNs = 100'000'000;

/// The scenario's own addresses: on the link, each case has a namespace of its own to use them in.
const std::array<std::string, 2> kLinkHosts{"10.0.0.1", "10.0.0.2"};
/// \return why a case cannot run on the link here ("" when it can)
std::string
LinkUnavailableReason(const std::string& linkRunner)
{
    if (geteuid() != 0)
    {
        return "the scenario's link needs root (a network namespace and TUN devices per case): "
               "run as root, or with --network loopback";
    }
    if (access(linkRunner.c_str(), X_OK) != 0)
    {
        return "the namespace runner was not built (no " + linkRunner + ")";
    }
    return "";
}

/// \return the pcaps `wsdsim-link --pcap PREFIX` writes: each host's device's view
std::vector<std::string>
LinkPcaps(const std::string& prefix)
{
    return {prefix + "-host0.pcap", prefix + "-host1.pcap"};
}

/**
 * \brief The driver's command line: its program and arguments, then the contract's three; on
 *        the link, all of it under the namespace runner with the case's time zero, recording
 *        the link's segments (and pcaps, with a prefix for them).
 * \param command the driver's program and first arguments \param files the case's files
 * \param start the case's time zero, or "ready" \param link the namespace runner (null: on
 * loopback)
 */
std::vector<std::string>
DriverArguments(const std::vector<std::string>& command,
                const DriverFiles& files,
                const std::string& start,
                const LinkRunner* link)
{
    std::vector<std::string> arguments;
    if (link != nullptr)
    {
        arguments = {link->path,
                     "--case",
                     files.casePath,
                     "--start",
                     start,
                     "--segments",
                     files.linkSegments};
        if (!files.linkPcaps.empty())
        {
            arguments.insert(arguments.end(), {"--pcap", files.linkPcaps});
        }
        for (const auto& folder :
             link->privateDirs ? link->privateDirs() : std::vector<std::string>{})
        {
            arguments.insert(arguments.end(), {"--private-dir", folder});
        }
        arguments.push_back("--");
    }
    arguments.insert(arguments.end(), command.begin(), command.end());
    arguments.push_back(files.casePath);
    arguments.push_back(files.rawTrace);
    arguments.push_back(start);
    return arguments;
}

/// Start the driver on its arguments, its output into outputPath; it dies with this process.
/// \return its process id
pid_t
StartDriver(std::vector<std::string>& arguments,
            const std::vector<std::string>& environment,
            const std::string& outputPath)
{
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
        ExecWithEnvironment(arguments, environment);
    }
    return pid;
}

/// Wait for the driver to end, killing it after kDriverTimeoutSeconds. \return how it ended
DriverExit
WaitForDriver(pid_t pid)
{
    DriverExit ended;
    const auto deadline
        = std::chrono::steady_clock::now() + std::chrono::seconds(kDriverTimeoutSeconds);
    while (waitpid(pid, &ended.status, WNOHANG) == 0)
    {
        if (std::chrono::steady_clock::now() > deadline)
        {
            kill(pid, SIGKILL);
            waitpid(pid, &ended.status, 0);
            ended.timedOut = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return ended;
}

/// \return the reason of an "UNSUPPORTED: reason" output: the rest of its first line
std::string
UnsupportedReason(const std::string& output)
{
    // A Windows program ends its lines with CR LF.
    const size_t lineEnd = output.find('\n');
    std::string reason = output.substr(13, lineEnd == std::string::npos ? lineEnd : lineEnd - 13);
    while (!reason.empty() && (reason.back() == '\r' || reason.back() == ' '))
    {
        reason.pop_back();
    }
    return reason;
}

/**
 * \brief Judge how the driver ended: hung, crashed or failed is an error of the case's run.
 * \param name the implementation \param ended how it ended \param output what it printed
 * \return the reason it gave for not expressing the case (exit status 3), or nothing when it
 *         ran the case
 * \throws std::runtime_error when it hung, crashed, or exited with a status other than 0 (or
 *         with 3 without "UNSUPPORTED: ")
 */
std::optional<std::string>
CheckDriverExit(const std::string& name, const DriverExit& ended, const std::string& output)
{
    if (ended.timedOut)
    {
        throw std::runtime_error("the " + name + " driver hung: killed after "
                                 + std::to_string(kDriverTimeoutSeconds) + " s");
    }
    if (WIFSIGNALED(ended.status))
    {
        throw std::runtime_error("the " + name + " driver crashed: signal "
                                 + std::to_string(WTERMSIG(ended.status)) + " ("
                                 + strsignal(WTERMSIG(ended.status)) + ")");
    }
    const int code = WEXITSTATUS(ended.status);
    if (code == 3 && output.rfind("UNSUPPORTED: ", 0) == 0)
    {
        return UnsupportedReason(output);
    }
    if (code != 0)
    {
        throw std::runtime_error("the " + name + " driver exited with status "
                                 + std::to_string(code) + ": " + output.substr(0, 400));
    }
    return std::nullopt;
}

/// Drop the segments after the driver's "ENDED <ns>" line: what its process's exit did to the
/// sockets (FIN or RST on close) comes after the case and is not part of it.
void
DropSegmentsAfterEnd(std::vector<TraceEvent>& segments, const std::string& output)
{
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
}

/**
 * \brief The case start a driver that starts when ready printed: "STARTED <epoch ns>", the
 *        first line of its output.
 * \param name the implementation \param output what the driver printed
 * \throws std::runtime_error when it printed none
 */
int64_t
ReadyStart(const std::string& name, const std::string& output)
{
    if (output.rfind("STARTED ", 0) != 0)
    {
        throw std::runtime_error("the " + name
                                 + " driver did not say when the case started (its output does "
                                   "not begin with \"STARTED <epoch ns>\"): "
                                 + output.substr(0, 400));
    }
    return std::strtoll(output.c_str() + 8, nullptr, 10);
}

/// Count the captured segments' times from the case start, `shiftNs` after the capture's start.
void
ShiftSegments(std::vector<TraceEvent>& segments, int64_t shiftNs)
{
    for (auto& segment : segments)
    {
        segment.timeNs -= shiftNs;
    }
}

/// \return whether event `a` comes before `b` in a trace
bool
EarlierEvent(const TraceEvent& a, const TraceEvent& b)
{
    return a.timeNs < b.timeNs;
}

/**
 * \brief Write the case's trace: the driver's trace with the captured segments merged in by
 *        time (driver events first at a tie), under the implementation's name.
 * \param name the implementation \param caseId the case the driver must have run
 * \param rawTrace the driver's trace \param segments the captured segments
 * \param tracePath the trace to write
 * \throws std::runtime_error when the driver's trace is of another case
 */
void
MergeSegmentsIntoTrace(const std::string& name,
                       const std::string& caseId,
                       const std::string& rawTrace,
                       std::vector<TraceEvent> segments,
                       const std::string& tracePath)
{
    TraceReader reader(rawTrace);
    TraceEvent header = reader.Header();
    if (header.caseId != caseId)
    {
        throw std::runtime_error("the " + name + " driver wrote the trace of case \""
                                 + header.caseId + "\", not \"" + caseId + "\"");
    }
    header.implementation = name;
    std::vector<TraceEvent> events;
    while (auto event = reader.Next())
    {
        events.push_back(*event);
    }
    std::stable_sort(segments.begin(), segments.end(), EarlierEvent);
    std::vector<TraceEvent> merged;
    merged.reserve(events.size() + segments.size());
    std::merge(events.begin(),
               events.end(),
               segments.begin(),
               segments.end(),
               std::back_inserter(merged),
               EarlierEvent);
    TraceWriter writer(tracePath, header);
    for (const auto& event : merged)
    {
        writer.Write(event);
    }
    writer.Close();
}
/// Write the case as the driver reads it (wsdsim-case/1), with the grace its reference gives.
void
WriteCaseFile(const ScenarioCase& scenarioCase,
              const std::array<std::string, 2>& hosts,
              const RunOptions& options,
              bool onLink,
              const std::string& casePath)
{
    nlohmann::json exported = ExportCase(scenarioCase, hosts, 0);
    if (onLink)
    {
        exported["network"] = "link"; // the driver may then run cases with faults
    }
    if (const auto grace = DriverGraceNs(
            scenarioCase.ReferencePath(), options.toleranceFloorNs, options.toleranceShare))
    {
        exported["grace_ns"] = *grace;
    }
    std::ofstream out(casePath);
    out << exported.dump(2) << "\n";
}
/// What a driver answered for a case: how it ended and what it printed.
struct DriverAnswer
{
    DriverExit exit;    //!< how it ended
    std::string output; //!< its standard output and error
};

/// Run a case in a driver process of its own. \param command the driver's program and first
/// arguments \param environment extra environment \param files the case's files
/// \param start the case start \param link the namespace runner (null: on loopback)
DriverAnswer
RunProcess(const std::vector<std::string>& command,
           const std::vector<std::string>& environment,
           const DriverFiles& files,
           const std::string& start,
           const LinkRunner* link)
{
    std::vector<std::string> arguments = DriverArguments(command, files, start, link);
    DriverAnswer answer;
    answer.exit = WaitForDriver(StartDriver(arguments, environment, files.outputPath));
    answer.output = ReadFile(files.outputPath);
    fs::remove(files.outputPath);
    return answer;
}

/// Run a case on the driver serving this process's cases (started on first use).
DriverAnswer
RunServed(const std::vector<std::string>& command,
          const std::vector<std::string>& environment,
          const DriverFiles& files)
{
    const ServedCase served = DriverSession::For(command, environment)
                                  .Run(files.casePath, files.rawTrace, kDriverTimeoutSeconds);
    DriverAnswer answer;
    answer.exit.status = served.status;
    answer.exit.timedOut = served.timedOut;
    answer.output = served.output;
    // What the driver's process printed before the case's first line (Wine's own messages on a
    // first start) is not the case's: its answer begins with STARTED or UNSUPPORTED.
    for (const char* first : {"STARTED ", "UNSUPPORTED: "})
    {
        const size_t at = answer.output.find(std::string("\n") + first);
        if (answer.output.rfind(first, 0) != 0 && at != std::string::npos)
        {
            answer.output.erase(0, at + 1);
            break;
        }
    }
    return answer;
}
} // namespace

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
DriverBackend::RequireFile(std::string path, std::string reason)
{
    m_required.emplace_back(std::move(path), std::move(reason));
}

void
DriverBackend::SetLinkRunner(LinkRunner runner)
{
    m_linkRunner = std::move(runner);
}

void
DriverBackend::SetFirstUse(std::function<void()> firstUse)
{
    m_firstUse = std::move(firstUse);
}

void
DriverBackend::PrepareProcess()
{
    // Without what the implementation needs, its cases are UNSUPPORTED: nothing to prepare.
    for (const auto& required : m_required)
    {
        if (access(required.first.c_str(), F_OK) != 0)
        {
            return;
        }
    }
    if (m_firstUse)
    {
        m_firstUse();
    }
}

void
DriverBackend::PrepareLoopback()
{
    // Only before a case on loopback: Wine's persistent server outlives its last client by 30 s,
    // but one that never has a client (every case on the link, each with a wineserver of its
    // own) would stay for ever.
    if (m_prepare.empty() || m_loopbackPrepared)
    {
        return;
    }
    m_loopbackPrepared = true;
    const pid_t pid = fork();
    if (pid == 0)
    {
        // A daemon: it must not hold the run's output open (a pipe's reader would wait for it).
        const int devNull = open("/dev/null", O_RDWR);
        dup2(devNull, STDIN_FILENO);
        dup2(devNull, STDOUT_FILENO);
        dup2(devNull, STDERR_FILENO);
        ExecWithEnvironment(m_prepare, m_environment);
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
DriverBackend::SetServesCases()
{
    m_servesCases = true;
}

int64_t
DriverBackend::TimingFloorNs() const
{
    return m_timingFloorNs;
}

std::string
DriverBackend::UnavailableReason(bool onLink) const
{
    for (const auto& [path, reason] : m_required)
    {
        if (access(path.c_str(), F_OK) != 0)
        {
            return reason;
        }
    }
    return onLink ? LinkUnavailableReason(m_linkRunner.path) : "";
}

BackendRun
DriverBackend::Run(const ScenarioCase& scenarioCase,
                   const RunOptions& options,
                   const std::string& tracePath)
{
    BackendRun run;
    run.wireDetail = WireDetail::CONTROL;
    const bool onLink = !m_linkRunner.path.empty()
                        && (options.network == Network::LINK
                            || (options.network == Network::AUTO && NeedsLink(scenarioCase)));
    run.unsupportedReason = UnavailableReason(onLink);
    if (!run.unsupportedReason.empty())
    {
        run.supported = false;
        return run;
    }
    const std::array<std::string, 2> hosts
        = onLink ? kLinkHosts : CaseHosts(scenarioCase.id, options.slot);
    const DriverFiles files{tracePath + ".case.json",
                            tracePath + ".driver.jsonl",
                            tracePath + ".driver.out",
                            tracePath + ".link.jsonl",
                            options.pcapPrefix};
    WriteCaseFile(scenarioCase, hosts, options, onLink, files.casePath);

    // On loopback, the capture records the wire; on the link, wsdsim-link does.
    LoopbackCapture capture;
    std::string captureError;
    const std::string pcap = options.pcapPrefix.empty() ? "" : options.pcapPrefix + "-lo.pcap";
    // The capture runs before the case starts: a served case starts when the driver reads it,
    // and the driver says when; any other gets a start a little in the future, so that the
    // driver's start-up is not counted in the case's times (it waits for the start).
    const bool served = m_servesCases && !onLink;
    if (!onLink)
    {
        PrepareLoopback();
    }
    const int64_t captureStart = NowEpochNs();
    const int64_t start = captureStart
                          + (served   ? 0
                             : onLink ? m_linkRunner.startMarginNs
                                      : kStartMarginNs);
    run.wireObserved = onLink || capture.Start(hosts, start, pcap, &captureError);
    if (run.wireObserved && !pcap.empty())
    {
        run.pcapFiles = onLink ? LinkPcaps(options.pcapPrefix) : std::vector<std::string>{pcap};
    }
    const DriverAnswer answer = served ? RunServed(m_command, m_environment, files)
                                       : RunProcess(m_command,
                                                    m_environment,
                                                    files,
                                                    std::to_string(start),
                                                    onLink ? &m_linkRunner : nullptr);
    std::vector<TraceEvent> segments = capture.Stop();
    if (const auto reason = CheckDriverExit(m_name, answer.exit, answer.output))
    {
        run.supported = false;
        run.unsupportedReason = *reason;
        return run;
    }
    if (served)
    {
        ShiftSegments(segments, ReadyStart(m_name, answer.output) - start);
    }
    if (onLink)
    {
        segments = ReadLinkSegments(files.linkSegments);
        fs::remove(files.linkSegments);
    }
    DropSegmentsAfterEnd(segments, answer.output);
    MergeSegmentsIntoTrace(m_name, scenarioCase.id, files.rawTrace, std::move(segments), tracePath);
    fs::remove(files.rawTrace);
    return run;
}

} // namespace wsdsim

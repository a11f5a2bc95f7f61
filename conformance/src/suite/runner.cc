// Runs cases on backends, each in a process of its own with a timeout, and judges their traces.
#include "suite/runner.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "judge/delivery-check.h"
#include "judge/known-divergences.h"
#include "run/backend.h"

namespace wsdsim
{

namespace fs = std::filesystem;
using nlohmann::json;

namespace
{

/// One case to run on one implementation.
struct Job
{
    const ScenarioCase* scenarioCase; //!< the case
    std::string implementation;       //!< the implementation to run it on
};

/// A running child.
struct Child
{
    pid_t pid;                                     //!< its process
    size_t slot;                                   //!< its job's index
    unsigned lane;                                 //!< which of the parallel lanes it runs in
    std::chrono::steady_clock::time_point started; //!< when it started
    std::string resultPath;                        //!< where it writes its result
};

/// \return how a child that wrote no result ended: its signal, or its exit status
std::string
SignalText(int status)
{
    if (WIFSIGNALED(status))
    {
        return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " ("
               + strsignal(WTERMSIG(status)) + ")";
    }
    return "exited with status " + std::to_string(WEXITSTATUS(status)) + " without a result";
}

/// \return the seconds since `started`
double
SecondsSince(std::chrono::steady_clock::time_point started)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

/// \return every case on every implementation: the implementations' order, then the cases'
std::vector<Job>
JobsOf(const std::vector<ScenarioCase>& cases, const std::vector<std::string>& implementations)
{
    std::vector<Job> jobs;
    for (const auto& implementation : implementations)
    {
        for (const auto& scenarioCase : cases)
        {
            jobs.push_back({&scenarioCase, implementation});
        }
    }
    return jobs;
}

/// Let each implementation's backend do, once in this process, what every case would repeat.
void
PrepareBackends(const std::vector<std::string>& implementations)
{
    for (const auto& implementation : implementations)
    {
        if (auto backend = CreateBackend(implementation))
        {
            backend->PrepareProcess();
        }
    }
}

/// Name a result after its case and implementation (what even a result without a run shows).
void
IdentifyResult(CaseResult& result,
               const ScenarioCase& scenarioCase,
               const std::string& implementation)
{
    result.id = scenarioCase.id;
    result.scenario = scenarioCase.scenarioName;
    result.description = scenarioCase.description;
    result.implementation = implementation;
    result.requirements = scenarioCase.RequirementIds();
}

/// \return the options of a case's run: its lane and, with --pcap, where its pcaps go
RunOptions
CaseRunOptions(const RunConfig& config,
               const std::string& implementation,
               const std::string& stem,
               const std::string& directory,
               unsigned slot)
{
    RunOptions options;
    options.slot = slot;
    if (config.pcap)
    {
        const std::string pcap = "pcap/" + implementation + "/" + stem;
        fs::create_directories((fs::path(directory) / pcap).parent_path());
        options.pcapPrefix = (fs::path(directory) / pcap).string();
    }
    return options;
}

/// Judge a trace that ran against its reference: the comparison's verdict and why.
void
CompareWithReference(CaseResult& result,
                     const ScenarioCase& scenarioCase,
                     const std::string& trace,
                     const Tolerance& tolerance,
                     const BackendRun& run)
{
    const Comparison comparison
        = CompareTrace(scenarioCase,
                       trace,
                       result.referencePath,
                       tolerance,
                       run.wireObserved ? run.wireDetail : WireDetail::NONE);
    result.verdict = comparison.verdict;
    result.divergences = comparison.divergences;
    result.passedRequirements = comparison.passedRequirements;
    result.failedRequirements = comparison.failedRequirements;
    result.reason = comparison.summary;
}

/// Check the harness's own invariant, whatever the scenario expects: nothing sent is silently
/// lost before end of stream. A loss makes the result a FAIL (data lost).
void
CheckNothingLost(CaseResult& result, const ScenarioCase& scenarioCase, const std::string& trace)
{
    const DeliveryCheck delivery = CheckDelivery(scenarioCase, trace);
    result.deliveryStreamsChecked = delivery.streamsChecked;
    result.deliveryBytesChecked = delivery.bytesChecked;
    if (delivery.violation)
    {
        result.verdict = Verdict::FAIL;
        result.dataLost = true;
        result.divergences.push_back(*delivery.violation);
        OrderDivergences(result.divergences);
        result.reason = "data lost: " + delivery.violation->what;
    }
}

/// Judge what a backend ran: UNSUPPORTED, ERROR when its reference is missing, else the comparison
/// (with the reference, or by the outcomes alone when its path is "") and the delivery check.
void
JudgeRun(CaseResult& result,
         const ScenarioCase& scenarioCase,
         const std::string& trace,
         const Tolerance& tolerance,
         const BackendRun& run)
{
    if (!run.supported)
    {
        result.verdict = Verdict::UNSUPPORTED;
        result.reason = run.unsupportedReason;
    }
    else if (!result.referencePath.empty() && !fs::exists(result.referencePath))
    {
        result.verdict = Verdict::ERROR;
        result.reason = "no reference trace " + result.referencePath
                        + " (record it with: wsdsim update-reference " + scenarioCase.scenarioPath
                        + ")";
    }
    else
    {
        CompareWithReference(result, scenarioCase, trace, tolerance, run);
        CheckNothingLost(result, scenarioCase, trace);
    }
}

/// Run a case on its backend, writing its trace, and judge it.
void
RunAndJudge(CaseResult& result,
            Backend& backend,
            const ScenarioCase& scenarioCase,
            const RunConfig& config,
            const std::string& directory,
            unsigned slot,
            const fs::path& trace)
{
    const RunOptions options = CaseRunOptions(
        config, result.implementation, CaseFileStem(scenarioCase.id), directory, slot);
    const BackendRun run = backend.Run(scenarioCase, options, trace.string());
    for (const auto& file : run.pcapFiles)
    {
        result.pcapPath += (result.pcapPath.empty() ? "" : " ")
                           + fs::relative(file, directory).generic_string();
    }
    result.wireObserved = run.wireObserved;
    Tolerance tolerance = config.tolerance;
    tolerance.floorNs = std::max(tolerance.floorNs, backend.TimingFloorNs());
    JudgeRun(result, scenarioCase, trace.string(), tolerance, run);
}

/// Write a result where the parent reads it, whole or not at all (renamed into place).
void
WriteResultFile(const CaseResult& result, const std::string& resultPath)
{
    const std::string temporary = resultPath + ".tmp";
    {
        std::ofstream out(temporary);
        out << result.ToJson().dump(-1, ' ', false, json::error_handler_t::replace);
    }
    fs::rename(temporary, resultPath);
}

/// \return the result a child wrote, or nothing when it wrote none that reads
std::optional<CaseResult>
ReadResultFile(const std::string& resultPath)
{
    std::ifstream in(resultPath);
    if (!in)
    {
        return std::nullopt;
    }
    try
    {
        return CaseResult::FromJson(json::parse(in));
    }
    catch (const std::exception&)
    {
        return std::nullopt;
    }
}

/**
 * Runs jobs in child processes, at most config.jobs at once, each killed when it outlives the
 * case timeout, and collects their results (with the known divergences applied).
 */
class CaseProcesses
{
  public:
    /**
     * \param jobs what to run \param config how \param directory where traces go
     * \param known the known divergences
     */
    CaseProcesses(const std::vector<Job>& jobs,
                  const RunConfig& config,
                  const std::string& directory,
                  const std::vector<KnownDivergence>& known);

    /// Run every job. \return one result per job, in the jobs' order
    std::vector<CaseResult> RunAll();

  private:
    /// Start the next job in a child process, in the first free lane.
    void StartNext();
    /// The child: run and judge the job, write its result, and leave without running the
    /// destructors of the parent's state.
    [[noreturn]] void RunInChild(size_t slot, const std::string& resultPath) const;
    /// \return the lowest lane no running child holds
    unsigned FreeLane() const;
    /// Collect the children that ended and kill those past the timeout.
    /// \return whether any child was collected
    bool CollectEnded();
    /// Record a child's result (an ERROR when it wrote none or timed out) and show progress.
    void Finish(const Child& child, int status, const std::string& timeoutReason);
    /// \return the ERROR result of a child that left no result
    CaseResult ErrorResult(const Child& child, int status, const std::string& timeoutReason) const;
    /// Show one finished case on stderr, when asked to.
    void ShowProgress(const CaseResult& result) const;

    const std::vector<Job>& m_jobs;              //!< what to run
    const RunConfig& m_config;                   //!< how
    const std::string& m_directory;              //!< where traces go
    const std::vector<KnownDivergence>& m_known; //!< the known divergences
    const fs::path m_work;                       //!< where children leave their results
    std::vector<CaseResult> m_results;           //!< one per job
    std::vector<Child> m_running;                //!< the running children
    size_t m_next{0};                            //!< the next job to start
    size_t m_finished{0};                        //!< how many jobs have finished
    sigset_t m_childSignal;                      //!< SIGCHLD alone
    sigset_t m_previousMask;                     //!< the signal mask before the run
};

CaseProcesses::CaseProcesses(const std::vector<Job>& jobs,
                             const RunConfig& config,
                             const std::string& directory,
                             const std::vector<KnownDivergence>& known)
    : m_jobs(jobs)
    , m_config(config)
    , m_directory(directory)
    , m_known(known)
    , m_work(fs::path(directory) / ".results")
    , m_results(jobs.size())
{
    sigemptyset(&m_childSignal);
    sigaddset(&m_childSignal, SIGCHLD);
    sigemptyset(&m_previousMask);
}

std::vector<CaseResult>
CaseProcesses::RunAll()
{
    fs::create_directories(m_work);
    const unsigned parallel = std::max(1u, m_config.jobs);
    std::cout.flush();
    std::cerr.flush();
    // SIGCHLD stays blocked while children run, so that sigtimedwait() can wait for it.
    sigprocmask(SIG_BLOCK, &m_childSignal, &m_previousMask);
    while (m_next < m_jobs.size() || !m_running.empty())
    {
        while (m_running.size() < parallel && m_next < m_jobs.size())
        {
            StartNext();
        }
        if (!CollectEnded() && !m_running.empty())
        {
            // Sleep until a child ends (SIGCHLD is blocked, so it waits here) or 50 ms pass,
            // for the timeouts.
            const timespec wait{0, 50'000'000};
            sigtimedwait(&m_childSignal, nullptr, &wait);
        }
    }
    sigprocmask(SIG_SETMASK, &m_previousMask, nullptr);
    fs::remove_all(m_work);
    return std::move(m_results);
}

void
CaseProcesses::StartNext()
{
    const size_t slot = m_next++;
    const unsigned lane = FreeLane();
    const std::string resultPath = (m_work / (std::to_string(slot) + ".json")).string();
    const pid_t pid = fork();
    if (pid < 0)
    {
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0)
    {
        RunInChild(slot, resultPath);
    }
    m_running.push_back({pid, slot, lane, std::chrono::steady_clock::now(), resultPath});
}

void
CaseProcesses::RunInChild(size_t slot, const std::string& resultPath) const
{
    sigprocmask(SIG_SETMASK, &m_previousMask, nullptr);
    int code = 0;
    try
    {
        WriteResultFile(
            RunCaseHere(
                *m_jobs[slot].scenarioCase, m_jobs[slot].implementation, m_config, m_directory),
            resultPath);
    }
    catch (...)
    {
        code = 3;
    }
    std::cout.flush();
    std::cerr.flush();
    _exit(code);
}

unsigned
CaseProcesses::FreeLane() const
{
    unsigned lane = 0;
    while (std::any_of(
        m_running.begin(), m_running.end(), [lane](const Child& c) { return c.lane == lane; }))
    {
        ++lane;
    }
    return lane;
}

bool
CaseProcesses::CollectEnded()
{
    bool reaped = false;
    for (auto it = m_running.begin(); it != m_running.end();)
    {
        int status = 0;
        const pid_t done = waitpid(it->pid, &status, WNOHANG);
        if (done == it->pid)
        {
            Finish(*it, status, "");
            it = m_running.erase(it);
            reaped = true;
            continue;
        }
        if (SecondsSince(it->started) > m_config.caseTimeoutSeconds)
        {
            kill(it->pid, SIGKILL);
            waitpid(it->pid, &status, 0);
            std::ostringstream reason;
            reason << "timed out after " << m_config.caseTimeoutSeconds << " s (killed)";
            Finish(*it, status, reason.str());
            it = m_running.erase(it);
            reaped = true;
            continue;
        }
        ++it;
    }
    return reaped;
}

void
CaseProcesses::Finish(const Child& child, int status, const std::string& timeoutReason)
{
    std::optional<CaseResult> written;
    if (timeoutReason.empty())
    {
        written = ReadResultFile(child.resultPath);
    }
    CaseResult& result = m_results[child.slot];
    result = written ? std::move(*written) : ErrorResult(child, status, timeoutReason);
    fs::remove(child.resultPath);
    ApplyKnownDivergences(result, m_known);
    ++m_finished;
    ShowProgress(result);
}

CaseResult
CaseProcesses::ErrorResult(const Child& child, int status, const std::string& timeoutReason) const
{
    const Job& job = m_jobs[child.slot];
    CaseResult result;
    IdentifyResult(result, *job.scenarioCase, job.implementation);
    result.verdict = Verdict::ERROR;
    result.reason
        = timeoutReason.empty() ? "the case's process " + SignalText(status) : timeoutReason;
    result.durationSeconds = SecondsSince(child.started);
    return result;
}

void
CaseProcesses::ShowProgress(const CaseResult& result) const
{
    if (m_config.progress)
    {
        std::cerr << "\r\033[K[" << m_finished << "/" << m_jobs.size() << "] "
                  << VerdictName(result.verdict) << "  " << result.implementation << "  "
                  << result.id << (m_finished == m_jobs.size() ? "\n" : "") << std::flush;
    }
}

/// Run one implementation's FAIL and ERROR cases again (config.retries - 1 more times after
/// that); a case's retry result replaces its first, saying what the first was when they differ.
void
RetryImplementation(const std::string& implementation,
                    const std::vector<Job>& jobs,
                    std::vector<CaseResult>& results,
                    const RunConfig& config,
                    const std::string& directory)
{
    std::vector<ScenarioCase> again;
    std::vector<size_t> where;
    for (size_t i = 0; i < results.size(); ++i)
    {
        if (jobs[i].implementation == implementation
            && (results[i].verdict == Verdict::FAIL || results[i].verdict == Verdict::ERROR))
        {
            again.push_back(*jobs[i].scenarioCase);
            where.push_back(i);
        }
    }
    if (again.empty())
    {
        return;
    }
    RunConfig retry = config;
    retry.implementations = {implementation};
    retry.retries = config.retries - 1;
    auto rerun = RunCases(again, retry, directory);
    for (size_t k = 0; k < where.size(); ++k)
    {
        CaseResult& first = results[where[k]];
        if (rerun[k].verdict != first.verdict)
        {
            rerun[k].reason = "on retry (first run: " + std::string(VerdictName(first.verdict))
                              + ", " + first.reason + "): " + rerun[k].reason;
        }
        first = rerun[k];
    }
}

/// A real implementation runs in real time on a shared machine: a FAIL or ERROR is run again,
/// and counts only if it happens again. The model is deterministic and never retried.
void
RetryFailures(const std::vector<Job>& jobs,
              std::vector<CaseResult>& results,
              const RunConfig& config,
              const std::string& directory)
{
    if (config.retries == 0)
    {
        return;
    }
    for (const auto& implementation : config.implementations)
    {
        if (implementation != "model")
        {
            RetryImplementation(implementation, jobs, results, config, directory);
        }
    }
}

} // namespace

std::string
CaseFileStem(const std::string& id)
{
    std::string stem;
    for (const char c : id)
    {
        const bool safe = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_'
                          || c == '=' || c == ',' || c == '/' || c == '-' || c == '[' || c == ']';
        stem += safe ? c : '_';
    }
    return stem;
}

CaseResult
RunCaseHere(const ScenarioCase& scenarioCase,
            const std::string& implementation,
            const RunConfig& config,
            const std::string& directory,
            unsigned slot)
{
    CaseResult result;
    IdentifyResult(result, scenarioCase, implementation);
    result.referencePath = config.withoutReference ? "" : scenarioCase.ReferencePath();
    result.scenarioPath = scenarioCase.scenarioPath;
    result.tracePath = "traces/" + implementation + "/" + CaseFileStem(scenarioCase.id) + ".jsonl";
    const fs::path trace = fs::path(directory) / result.tracePath;
    fs::create_directories(trace.parent_path());
    const auto started = std::chrono::steady_clock::now();
    try
    {
        auto backend = CreateBackend(implementation);
        if (!backend)
        {
            result.verdict = Verdict::ERROR;
            result.reason = "unknown implementation \"" + implementation + "\"";
            return result;
        }
        RunAndJudge(result, *backend, scenarioCase, config, directory, slot, trace);
    }
    catch (const std::exception& error)
    {
        result.verdict = Verdict::ERROR;
        result.reason = error.what();
    }
    result.durationSeconds = SecondsSince(started);
    return result;
}

std::vector<CaseResult>
RunCases(const std::vector<ScenarioCase>& cases,
         const RunConfig& config,
         const std::string& directory)
{
    const auto known = LoadKnownDivergences(config.knownDivergencesPath);
    const std::vector<Job> jobs = JobsOf(cases, config.implementations);
    PrepareBackends(config.implementations);
    std::vector<CaseResult> results = CaseProcesses(jobs, config, directory, known).RunAll();
    RetryFailures(jobs, results, config, directory);
    return results;
}

} // namespace wsdsim

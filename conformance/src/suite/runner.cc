// Runs cases on backends in worker processes, each case with a timeout, and judges their traces.
#include "suite/runner.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <optional>
#include <poll.h>
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

/// A worker process and the job it is running.
struct Worker
{
    pid_t pid;                                     //!< its process
    unsigned lane;                                 //!< which of the parallel lanes it runs in
    int commands;                                  //!< where the parent writes job indices
    int answers;                                   //!< where the worker writes finished ones
    std::optional<size_t> slot;                    //!< the job it runs, if any
    std::chrono::steady_clock::time_point started; //!< when that job started
};

/// For tests of the workers only: WSDSIM_TEST_WORKER_FAULT="crash:ID" aborts the worker that is
/// about to run case ID, "hang:ID" makes it hang, as a broken model or harness would.
void
InjectTestFault(const std::string& caseId)
{
    const char* fault = std::getenv("WSDSIM_TEST_WORKER_FAULT");
    if (fault == nullptr)
    {
        return;
    }
    const std::string text = fault;
    if (text == "crash:" + caseId)
    {
        std::abort();
    }
    while (text == "hang:" + caseId)
    {
        pause();
    }
}

/// Read exactly `size` bytes. \return false at end of file or on an error
bool
ReadWhole(int fd, void* data, size_t size)
{
    auto* bytes = static_cast<char*>(data);
    while (size > 0)
    {
        const ssize_t got = read(fd, bytes, size);
        if (got < 0 && errno == EINTR)
        {
            continue;
        }
        if (got <= 0)
        {
            return false;
        }
        bytes += got;
        size -= static_cast<size_t>(got);
    }
    return true;
}

/// Write exactly `size` bytes. \return false on an error (a closed pipe)
bool
WriteWhole(int fd, const void* data, size_t size)
{
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0)
    {
        const ssize_t put = write(fd, bytes, size);
        if (put < 0 && errno == EINTR)
        {
            continue;
        }
        if (put <= 0)
        {
            return false;
        }
        bytes += put;
        size -= static_cast<size_t>(put);
    }
    return true;
}

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

/// \return the backend of an implementation's name, as the run's configuration chooses it
std::unique_ptr<Backend>
BackendOf(const RunConfig& config, const std::string& implementation)
{
    return config.createBackend ? config.createBackend(implementation)
                                : CreateBackend(implementation);
}

/// Let each implementation's backend do, once in this process, what every case would repeat.
void
PrepareBackends(const RunConfig& config)
{
    for (const auto& implementation : config.implementations)
    {
        if (auto backend = BackendOf(config, implementation))
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
    options.network = config.network;
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
    Tolerance tolerance = config.tolerance;
    tolerance.floorNs = std::max(tolerance.floorNs, backend.TimingFloorNs());
    RunOptions options = CaseRunOptions(
        config, result.implementation, CaseFileStem(scenarioCase.id), directory, slot);
    options.toleranceFloorNs = tolerance.floorNs;
    options.toleranceShare = tolerance.share;
    const BackendRun run = backend.Run(scenarioCase, options, trace.string());
    for (const auto& file : run.pcapFiles)
    {
        result.pcapPath += (result.pcapPath.empty() ? "" : " ")
                           + fs::relative(file, directory).generic_string();
    }
    result.wireObserved = run.wireObserved;
    JudgeRun(result, scenarioCase, trace.string(), tolerance, run);
}

/// Longest result a worker may send: a case's result is a few kilobytes.
constexpr uint64_t kMaxResultBytes = uint64_t{64} << 20;

/// \return a worker's result text read as a result, or nothing when it does not read
std::optional<CaseResult>
ParseResult(const std::string& text)
{
    try
    {
        return CaseResult::FromJson(json::parse(text));
    }
    catch (const std::exception&)
    {
        return std::nullopt;
    }
}

/**
 * Runs jobs in worker processes, at most config.jobs at once, and collects their results (with
 * the known divergences applied). A worker runs one case after another to the end: a model case
 * with a fresh simulation each, a real implementation's case on the driver the worker keeps
 * serving that implementation's cases (DriverBackend::SetServesCases: the driver undoes each
 * case's state). A case that outlives the case timeout is killed with its worker (and its
 * driver), and a case whose worker dies is an ERROR. Either way the next case gets a new worker.
 */
class CaseWorkers
{
  public:
    /**
     * \param jobs what to run \param config how \param directory where traces go
     * \param known the known divergences
     */
    CaseWorkers(const std::vector<Job>& jobs,
                const RunConfig& config,
                const std::string& directory,
                const std::vector<KnownDivergence>& known);

    /// Run every job. \return one result per job, in the jobs' order
    std::vector<CaseResult> RunAll();

  private:
    /// Start a worker in the first free lane.
    void StartWorker();
    /// The worker: run the jobs the parent sends, one at a time, until it sends none.
    [[noreturn]] void WorkerLoop(int commands, int answers) const;
    /// Give the next job to an idle worker.
    void Assign(Worker& worker);
    /// \return the lowest lane no worker holds
    unsigned FreeLane() const;
    /// Wait up to 50 ms for workers' answers; collect them, dead workers and those past the
    /// timeout.
    void CollectAnswers();
    /// Read a worker's answer (the job it finished), or learn that it died.
    /// \return whether the worker lives on
    bool ReadAnswer(Worker& worker);
    /// End a worker: close its pipes, kill it when asked, and reap it. \return its wait status
    int Retire(Worker& worker, bool kill);
    /// Record a job's result (an ERROR when it sent none or timed out) and show progress.
    void Finish(size_t slot,
                std::chrono::steady_clock::time_point started,
                int status,
                const std::string& timeoutReason,
                std::optional<CaseResult> sent);
    /// \return the ERROR result of a job that left no result
    CaseResult ErrorResult(size_t slot,
                           std::chrono::steady_clock::time_point started,
                           int status,
                           const std::string& timeoutReason) const;
    /// Show one finished case on stderr, when asked to.
    void ShowProgress(const CaseResult& result) const;

    const std::vector<Job>& m_jobs;              //!< what to run
    const RunConfig& m_config;                   //!< how
    const std::string& m_directory;              //!< where traces go
    const std::vector<KnownDivergence>& m_known; //!< the known divergences
    std::vector<CaseResult> m_results;           //!< one per job
    std::vector<Worker> m_workers;               //!< the running workers
    size_t m_next{0};                            //!< the next job to start
    size_t m_finished{0};                        //!< how many jobs have finished
};

CaseWorkers::CaseWorkers(const std::vector<Job>& jobs,
                         const RunConfig& config,
                         const std::string& directory,
                         const std::vector<KnownDivergence>& known)
    : m_jobs(jobs)
    , m_config(config)
    , m_directory(directory)
    , m_known(known)
    , m_results(jobs.size())
{
}

std::vector<CaseResult>
CaseWorkers::RunAll()
{
    const unsigned parallel = std::max(1u, m_config.jobs);
    std::cout.flush();
    std::cerr.flush();
    // A worker that dies while the parent writes to it must not kill the parent.
    const auto previousPipeHandler = std::signal(SIGPIPE, SIG_IGN);
    while (m_next < m_jobs.size() || !m_workers.empty())
    {
        for (auto& worker : m_workers)
        {
            if (!worker.slot && m_next < m_jobs.size())
            {
                Assign(worker);
            }
        }
        while (m_next < m_jobs.size() && m_workers.size() < parallel)
        {
            StartWorker();
            Assign(m_workers.back());
        }
        // Workers with nothing left to do leave.
        for (auto it = m_workers.begin(); it != m_workers.end();)
        {
            it = it->slot ? std::next(it) : (Retire(*it, false), m_workers.erase(it));
        }
        CollectAnswers();
    }
    std::signal(SIGPIPE, previousPipeHandler);
    return std::move(m_results);
}

void
CaseWorkers::StartWorker()
{
    int commands[2];
    int answers[2];
    if (pipe2(commands, O_CLOEXEC) != 0 || pipe2(answers, O_CLOEXEC) != 0)
    {
        throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
    }
    const unsigned lane = FreeLane();
    const pid_t pid = fork();
    if (pid < 0)
    {
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0)
    {
        close(commands[1]);
        close(answers[0]);
        // The other workers' pipes are the parent's: a worker holding them would keep a dead
        // sibling's pipe open.
        for (const auto& other : m_workers)
        {
            close(other.commands);
            close(other.answers);
        }
        WorkerLoop(commands[0], answers[1]);
    }
    close(commands[0]);
    close(answers[1]);
    m_workers.push_back({pid, lane, commands[1], answers[0], std::nullopt, {}});
}

void
CaseWorkers::WorkerLoop(int commands, int answers) const
{
    std::signal(SIGPIPE, SIG_DFL);
    uint64_t slot = 0;
    while (ReadWhole(commands, &slot, sizeof(slot)))
    {
        InjectTestFault(m_jobs[slot].scenarioCase->id);
        // The answer: the job's slot, the result's length, the result as JSON.
        std::string result;
        try
        {
            result = RunCaseHere(*m_jobs[slot].scenarioCase,
                                 m_jobs[slot].implementation,
                                 m_config,
                                 m_directory)
                         .ToJson()
                         .dump(-1, ' ', false, json::error_handler_t::replace);
        }
        catch (...)
        {
            _exit(3);
        }
        std::cout.flush();
        std::cerr.flush();
        const uint64_t header[2] = {slot, result.size()};
        if (!WriteWhole(answers, header, sizeof(header))
            || !WriteWhole(answers, result.data(), result.size()))
        {
            break;
        }
    }
    // Leave without running the destructors of the parent's state.
    _exit(0);
}

void
CaseWorkers::Assign(Worker& worker)
{
    const uint64_t slot = m_next++;
    worker.slot = slot;
    worker.started = std::chrono::steady_clock::now();
    if (!WriteWhole(worker.commands, &slot, sizeof(slot)))
    {
        // It died before its job: it will read as dead, and the job as an ERROR.
        close(worker.commands);
        worker.commands = -1;
    }
}

unsigned
CaseWorkers::FreeLane() const
{
    unsigned lane = 0;
    while (std::any_of(
        m_workers.begin(), m_workers.end(), [lane](const Worker& w) { return w.lane == lane; }))
    {
        ++lane;
    }
    return lane;
}

void
CaseWorkers::CollectAnswers()
{
    std::vector<pollfd> fds;
    for (const auto& worker : m_workers)
    {
        fds.push_back({worker.answers, POLLIN, 0});
    }
    // Sleep until a worker answers or dies, or 50 ms pass, for the timeouts.
    if (poll(fds.data(), fds.size(), 50) < 0 && errno != EINTR)
    {
        throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
    }
    for (size_t i = 0, k = 0; i < fds.size(); ++i)
    {
        Worker& worker = m_workers[k];
        bool lives = true;
        if (fds[i].revents != 0)
        {
            lives = ReadAnswer(worker);
        }
        else if (worker.slot && SecondsSince(worker.started) > m_config.caseTimeoutSeconds)
        {
            const int status = Retire(worker, true);
            std::ostringstream reason;
            reason << "timed out after " << m_config.caseTimeoutSeconds << " s (killed)";
            Finish(*worker.slot, worker.started, status, reason.str(), std::nullopt);
            lives = false;
        }
        if (lives)
        {
            ++k;
        }
        else
        {
            m_workers.erase(m_workers.begin() + static_cast<std::ptrdiff_t>(k));
        }
    }
}

bool
CaseWorkers::ReadAnswer(Worker& worker)
{
    uint64_t header[2] = {0, 0}; // slot, length
    std::string text;
    bool whole = ReadWhole(worker.answers, header, sizeof(header)) && worker.slot
                 && header[0] == *worker.slot && header[1] <= kMaxResultBytes;
    if (whole)
    {
        text.resize(header[1]);
        whole = ReadWhole(worker.answers, text.data(), text.size());
    }
    if (!whole)
    {
        const int status = Retire(worker, true);
        if (worker.slot)
        {
            Finish(*worker.slot, worker.started, status, "", std::nullopt);
        }
        return false;
    }
    Finish(header[0], worker.started, 0, "", ParseResult(text));
    worker.slot.reset();
    return true;
}

int
CaseWorkers::Retire(Worker& worker, bool kill)
{
    if (kill)
    {
        ::kill(worker.pid, SIGKILL);
    }
    if (worker.commands >= 0)
    {
        close(worker.commands); // the worker reads the end and leaves
    }
    close(worker.answers);
    int status = 0;
    while (waitpid(worker.pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    return status;
}

void
CaseWorkers::Finish(size_t slot,
                    std::chrono::steady_clock::time_point started,
                    int status,
                    const std::string& timeoutReason,
                    std::optional<CaseResult> sent)
{
    CaseResult& result = m_results[slot];
    result = sent ? std::move(*sent) : ErrorResult(slot, started, status, timeoutReason);
    ApplyKnownDivergences(result, m_known);
    ++m_finished;
    ShowProgress(result);
}

CaseResult
CaseWorkers::ErrorResult(size_t slot,
                         std::chrono::steady_clock::time_point started,
                         int status,
                         const std::string& timeoutReason) const
{
    const Job& job = m_jobs[slot];
    CaseResult result;
    IdentifyResult(result, *job.scenarioCase, job.implementation);
    result.verdict = Verdict::ERROR;
    result.reason
        = timeoutReason.empty() ? "the case's process " + SignalText(status) : timeoutReason;
    result.durationSeconds = SecondsSince(started);
    return result;
}

void
CaseWorkers::ShowProgress(const CaseResult& result) const
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
        auto backend = BackendOf(config, implementation);
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
    PrepareBackends(config);
    std::vector<CaseResult> results = CaseWorkers(jobs, config, directory, known).RunAll();
    RetryFailures(jobs, results, config, directory);
    return results;
}

} // namespace wsdsim

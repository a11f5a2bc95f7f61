// Runs cases on backends, each in a process of its own with a timeout, and judges their traces.
#include "suite/runner.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "common/input-error.h"
#include "common/json-locator.h"
#include "judge/delivery-check.h"
#include "run/backend.h"

namespace wsdsim
{

namespace fs = std::filesystem;
using nlohmann::json;

namespace
{

/// One known divergence: an implementation expected to fail a case.
struct KnownDivergence
{
    std::string implementation;
    std::string caseId;
    std::string reason;
};

std::vector<KnownDivergence>
LoadKnownDivergences(const std::string& path)
{
    std::vector<KnownDivergence> known;
    if (path.empty() || !fs::exists(path))
    {
        return known;
    }
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json document;
    try
    {
        document = json::parse(text);
    }
    catch (const json::exception& error)
    {
        // parse_error knows its byte; out_of_range ("1e400") does not: then the file's start.
        const auto* parse = dynamic_cast<const json::parse_error*>(&error);
        const auto [line, column]
            = JsonLocator::LineColumn(text, parse && parse->byte > 0 ? parse->byte - 1 : 0);
        const std::string message = error.what();
        const auto colon = message.find(": ", message.find("parse error"));
        throw InputError(path,
                         line,
                         column,
                         "",
                         "invalid JSON: "
                             + (parse && colon != std::string::npos
                                    ? message.substr(colon + 2)
                                    : message.substr(message.find("] ") + 2)));
    }
    if (!document.is_array())
    {
        throw InputError(
            path, 1, 1, "/", "expected an array of {implementation, case, reason, clause}");
    }
    for (size_t i = 0; i < document.size(); ++i)
    {
        const json& entry = document[i];
        if (!entry.is_object() || !entry.contains("implementation") || !entry.contains("case")
            || !entry.contains("reason") || !entry["implementation"].is_string()
            || !entry["case"].is_string() || !entry["reason"].is_string())
        {
            throw InputError(path,
                             0,
                             0,
                             "/" + std::to_string(i),
                             "expected {implementation, case, reason, clause} strings");
        }
        std::string reason = entry["reason"];
        if (entry.contains("clause") && entry["clause"].is_string())
        {
            reason += " (" + entry["clause"].get<std::string>() + ")";
        }
        known.push_back({entry["implementation"], entry["case"], reason});
    }
    return known;
}

/// Apply the known divergences: FAIL/NON-STRICT becomes XFAIL, PASS becomes XPASS.
void
ApplyKnown(CaseResult& result, const std::vector<KnownDivergence>& known)
{
    for (const auto& entry : known)
    {
        if (entry.implementation != result.implementation || entry.caseId != result.id
            || result.dataLost)
        {
            continue; // silent data loss is never a known divergence
        }
        if (result.verdict == Verdict::FAIL || result.verdict == Verdict::NON_STRICT)
        {
            result.verdict = Verdict::XFAIL;
            result.reason = "known divergence: " + entry.reason;
        }
        else if (result.verdict == Verdict::PASS)
        {
            result.verdict = Verdict::XPASS;
            result.reason = "recorded as a known divergence but passed: " + entry.reason;
        }
    }
}

/// A running child.
struct Child
{
    pid_t pid;
    size_t slot;
    unsigned lane; //!< which of the parallel lanes it runs in
    std::chrono::steady_clock::time_point started;
    std::string resultPath;
};

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
    result.id = scenarioCase.id;
    result.scenario = scenarioCase.scenarioName;
    result.description = scenarioCase.description;
    result.implementation = implementation;
    result.requirements = scenarioCase.RequirementIds();
    result.referencePath = scenarioCase.ReferencePath();
    result.scenarioPath = scenarioCase.scenarioPath;
    const std::string stem = CaseFileStem(scenarioCase.id);
    result.tracePath = "traces/" + implementation + "/" + stem + ".jsonl";
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
        RunOptions options;
        options.slot = slot;
        if (config.pcap)
        {
            const std::string pcap = "pcap/" + implementation + "/" + stem;
            fs::create_directories((fs::path(directory) / pcap).parent_path());
            options.pcapPrefix = (fs::path(directory) / pcap).string();
        }
        const BackendRun run = backend->Run(scenarioCase, options, trace.string());
        for (const auto& file : run.pcapFiles)
        {
            result.pcapPath += (result.pcapPath.empty() ? "" : " ")
                               + fs::relative(file, directory).generic_string();
        }
        result.wireObserved = run.wireObserved;
        if (!run.supported)
        {
            result.verdict = Verdict::UNSUPPORTED;
            result.reason = run.unsupportedReason;
        }
        else if (!fs::exists(result.referencePath))
        {
            result.verdict = Verdict::ERROR;
            result.reason = "no reference trace " + result.referencePath
                            + " (record it with: wsdsim update-reference "
                            + scenarioCase.scenarioPath + ")";
        }
        else
        {
            Tolerance tolerance = config.tolerance;
            tolerance.floorNs = std::max(tolerance.floorNs, backend->TimingFloorNs());
            const Comparison comparison
                = CompareTrace(scenarioCase,
                               trace.string(),
                               result.referencePath,
                               tolerance,
                               run.wireObserved ? run.wireDetail : WireDetail::NONE);
            result.verdict = comparison.verdict;
            result.divergence = comparison.divergence;
            result.passedRequirements = comparison.passedRequirements;
            result.failedRequirements = comparison.failedRequirements;
            result.reason = comparison.summary;
            // The harness's own invariant, whatever the scenario expects: nothing sent is
            // silently lost before end of stream.
            const DeliveryCheck delivery = CheckDelivery(scenarioCase, trace.string());
            result.deliveryStreamsChecked = delivery.streamsChecked;
            result.deliveryBytesChecked = delivery.bytesChecked;
            if (delivery.violation)
            {
                result.verdict = Verdict::FAIL;
                result.dataLost = true;
                result.divergence = delivery.violation;
                result.reason = "data lost: " + delivery.violation->what;
            }
        }
    }
    catch (const std::exception& error)
    {
        result.verdict = Verdict::ERROR;
        result.reason = error.what();
    }
    result.durationSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

std::vector<CaseResult>
RunCases(const std::vector<ScenarioCase>& cases,
         const RunConfig& config,
         const std::string& directory)
{
    const auto known = LoadKnownDivergences(config.knownDivergencesPath);
    struct Job
    {
        const ScenarioCase* scenarioCase;
        std::string implementation;
    };
    std::vector<Job> jobs;
    for (const auto& implementation : config.implementations)
    {
        for (const auto& scenarioCase : cases)
        {
            jobs.push_back({&scenarioCase, implementation});
        }
    }
    for (const auto& implementation : config.implementations)
    {
        if (auto backend = CreateBackend(implementation))
        {
            backend->PrepareProcess();
        }
    }
    std::vector<CaseResult> results(jobs.size());
    const fs::path work = fs::path(directory) / ".results";
    fs::create_directories(work);
    std::vector<Child> running;
    size_t next = 0;
    size_t finished = 0;
    const unsigned parallel = std::max(1u, config.jobs);
    std::cout.flush();
    std::cerr.flush();

    auto finish = [&](const Child& child, int status, const std::string& timeoutReason)
    {
        CaseResult& result = results[child.slot];
        const Job& job = jobs[child.slot];
        std::ifstream in(child.resultPath);
        bool read = false;
        if (timeoutReason.empty() && in)
        {
            try
            {
                result = CaseResult::FromJson(json::parse(in));
                read = true;
            }
            catch (const std::exception&)
            {
                read = false;
            }
        }
        if (!read)
        {
            result.id = job.scenarioCase->id;
            result.scenario = job.scenarioCase->scenarioName;
            result.description = job.scenarioCase->description;
            result.implementation = job.implementation;
            result.requirements = job.scenarioCase->RequirementIds();
            result.verdict = Verdict::ERROR;
            result.reason = timeoutReason.empty() ? "the case's process " + SignalText(status)
                                                  : timeoutReason;
            result.durationSeconds
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - child.started)
                      .count();
        }
        fs::remove(child.resultPath);
        ApplyKnown(result, known);
        ++finished;
        if (config.progress)
        {
            std::cerr << "\r\033[K[" << finished << "/" << jobs.size() << "] "
                      << VerdictName(result.verdict) << "  " << result.implementation << "  "
                      << result.id << (finished == jobs.size() ? "\n" : "") << std::flush;
        }
    };

    // SIGCHLD stays blocked while children run, so that sigtimedwait() can wait for it.
    sigset_t childSignal;
    sigset_t previousMask;
    sigemptyset(&childSignal);
    sigaddset(&childSignal, SIGCHLD);
    sigprocmask(SIG_BLOCK, &childSignal, &previousMask);
    while (next < jobs.size() || !running.empty())
    {
        while (running.size() < parallel && next < jobs.size())
        {
            const size_t slot = next++;
            unsigned lane = 0;
            while (std::any_of(
                running.begin(), running.end(), [lane](const Child& c) { return c.lane == lane; }))
            {
                ++lane;
            }
            const std::string resultPath = (work / (std::to_string(slot) + ".json")).string();
            const pid_t pid = fork();
            if (pid < 0)
            {
                throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
            }
            if (pid == 0)
            {
                sigprocmask(SIG_SETMASK, &previousMask, nullptr);
                // The child: run, judge, write the result, and leave without running destructors
                // of the parent's state.
                int code = 0;
                try
                {
                    const CaseResult result = RunCaseHere(
                        *jobs[slot].scenarioCase, jobs[slot].implementation, config, directory);
                    const std::string temporary = resultPath + ".tmp";
                    {
                        std::ofstream out(temporary);
                        out << result.ToJson().dump(-1, ' ', false, json::error_handler_t::replace);
                    }
                    fs::rename(temporary, resultPath);
                }
                catch (...)
                {
                    code = 3;
                }
                std::cout.flush();
                std::cerr.flush();
                _exit(code);
            }
            running.push_back({pid, slot, lane, std::chrono::steady_clock::now(), resultPath});
        }
        bool reaped = false;
        for (auto it = running.begin(); it != running.end();)
        {
            int status = 0;
            const pid_t done = waitpid(it->pid, &status, WNOHANG);
            if (done == it->pid)
            {
                finish(*it, status, "");
                it = running.erase(it);
                reaped = true;
                continue;
            }
            const double elapsed
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - it->started)
                      .count();
            if (elapsed > config.caseTimeoutSeconds)
            {
                kill(it->pid, SIGKILL);
                waitpid(it->pid, &status, 0);
                std::ostringstream reason;
                reason << "timed out after " << config.caseTimeoutSeconds << " s (killed)";
                finish(*it, status, reason.str());
                it = running.erase(it);
                reaped = true;
                continue;
            }
            ++it;
        }
        if (!reaped && !running.empty())
        {
            // Sleep until a child ends (SIGCHLD is blocked, so it waits here) or 50 ms pass,
            // for the timeouts.
            const timespec wait{0, 50'000'000};
            sigtimedwait(&childSignal, nullptr, &wait);
        }
    }
    sigprocmask(SIG_SETMASK, &previousMask, nullptr);
    fs::remove_all(work);

    // A real implementation runs in real time on a shared machine: a FAIL or ERROR is run again,
    // and counts only if it happens again. The model is deterministic and never retried.
    if (config.retries > 0)
    {
        for (const auto& implementation : config.implementations)
        {
            if (implementation == "model")
            {
                continue;
            }
            std::vector<ScenarioCase> again;
            std::vector<size_t> where;
            for (size_t i = 0; i < results.size(); ++i)
            {
                if (jobs[i].implementation == implementation
                    && (results[i].verdict == Verdict::FAIL
                        || results[i].verdict == Verdict::ERROR))
                {
                    again.push_back(*jobs[i].scenarioCase);
                    where.push_back(i);
                }
            }
            if (again.empty())
            {
                continue;
            }
            RunConfig retry = config;
            retry.implementations = {implementation};
            retry.retries = config.retries - 1;
            auto rerun = RunCases(again, retry, directory);
            for (size_t k = 0; k < where.size(); ++k)
            {
                if (rerun[k].verdict != results[where[k]].verdict)
                {
                    rerun[k].reason = "on retry (first run: "
                                      + std::string(VerdictName(results[where[k]].verdict)) + ", "
                                      + results[where[k]].reason + "): " + rerun[k].reason;
                }
                results[where[k]] = rerun[k];
            }
        }
    }
    return results;
}

} // namespace wsdsim

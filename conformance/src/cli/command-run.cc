// `wsdsim run`: run the selected cases, judge them and write the report folder atomically.
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <unistd.h>

#include "cli/commands.h"
#include "common/input-error.h"
#include "report/report-writer.h"
#include "run/backend.h"
#include "suite/runner.h"

namespace wsdsim
{

namespace
{
struct RunCommandOptions
{
    Selection selection;
    std::vector<std::string> implementations{"model"};
    unsigned jobs{1};
    std::string network{"auto"};
    std::string out{"reports/latest"};
    std::string junit;
    bool pcap{false};
    bool quiet{false};
    double timeout{120};
    ToleranceOptions tolerance;
    std::string known; //!< --known-divergences ("": wsdsim's own)
    unsigned retries{1};
    std::string shard;
};

/// \return the implementations --impl names, "all" expanded \throws InputError for an unknown one
std::vector<std::string>
ResolveImplementations(const std::vector<std::string>& names)
{
    std::vector<std::string> implementations;
    for (const auto& name : names)
    {
        if (name == "all")
        {
            for (const auto& known : BackendNames())
            {
                implementations.push_back(known);
            }
        }
        else if (!CreateBackend(name))
        {
            throw InputError("--impl",
                             0,
                             0,
                             "",
                             "unknown implementation \"" + name
                                 + "\"; expected model, linux, wine, all or driver:PATH");
        }
        else
        {
            implementations.push_back(name);
        }
    }
    return implementations;
}

/// \return how the runner runs the cases, from the command's options
RunConfig
RunConfigOf(const RunCommandOptions& options, const std::vector<std::string>& implementations)
{
    RunConfig config;
    config.implementations = implementations;
    config.jobs = options.jobs;
    config.network = options.network == "link"       ? Network::LINK
                     : options.network == "loopback" ? Network::LOOPBACK
                                                     : Network::AUTO;
    config.pcap = options.pcap;
    config.tolerance = options.tolerance.Get();
    config.caseTimeoutSeconds = options.timeout;
    config.progress = !options.quiet && isatty(STDERR_FILENO);
    config.knownDivergencesPath = KnownDivergencesFile(options.known);
    config.retries = options.retries;
    return config;
}

/**
 * \brief Run the cases and write the report folder (--out) whole.
 * \param options the command's options \param cases the cases
 * \param catalogue the requirements their ids were checked against \param config how to run them
 * \param started when the command started (the report's wall time counts from it)
 * \return the report
 */
RunReport
RunIntoReportFolder(const RunCommandOptions& options,
                    const std::vector<ScenarioCase>& cases,
                    const nlohmann::json& catalogue,
                    const RunConfig& config,
                    std::chrono::steady_clock::time_point started)
{
    // Traces go into a staging folder that replaces the report folder whole at the end: a
    // killed run never leaves a half-written report.
    ReportStaging staging;
    const auto directory = staging.Begin(options.out);
    RunReport report;
    report.version = WSDSIM_VERSION;
    report.implementations = config.implementations;
    report.requirements = catalogue;
    report.cases = RunCases(cases, config, directory.string());
    for (const auto& scenarioCase : cases)
    {
        report.scenarioCases.emplace(scenarioCase.id, scenarioCase);
    }
    report.wallSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    staging.Commit(report);
    return report;
}

/// Print each case that did not pass, with every divergence (API first) or its reason.
void
PrintNotPassed(const RunReport& report)
{
    for (const auto& result : report.cases)
    {
        if (result.verdict == Verdict::PASS)
        {
            continue;
        }
        std::cout << VerdictName(result.verdict) << "  " << result.implementation << "  "
                  << result.id << "\n";
        PrintWhyNotPassed(result, std::cout);
    }
}

/// Print the run's one-line summary: the count of each verdict, the time and the report.
void
PrintSummary(const RunReport& report, const std::string& out)
{
    std::map<Verdict, size_t> counts;
    for (const auto& result : report.cases)
    {
        ++counts[result.verdict];
    }
    std::cout << report.cases.size() << " cases:";
    for (const auto& [verdict, count] : counts)
    {
        std::cout << " " << count << " " << VerdictName(verdict);
    }
    std::cout << " in " << report.wallSeconds << " s; report: " << out << "/summary.html\n";
}

int
Run(const RunCommandOptions& options)
{
    const auto started = std::chrono::steady_clock::now();
    const SelectedCases selected = SelectCases(options.selection, "run");
    // A shard that holds no case writes an empty report.
    const auto cases = CasesOfShard(selected.cases, options.shard);
    const std::vector<std::string> implementations
        = ResolveImplementations(options.implementations);
    if (selected.cases.empty())
    {
        std::cerr << "wsdsim run: no case matches\n";
        return 2;
    }
    const RunReport report = RunIntoReportFolder(
        options, cases, selected.catalogue, RunConfigOf(options, implementations), started);
    if (!options.junit.empty())
    {
        WriteJUnitFile(report, options.junit);
    }
    if (!options.quiet)
    {
        PrintNotPassed(report);
        PrintSummary(report, options.out);
    }
    return report.ExitStatus();
}
} // namespace

void
AddRunCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<RunCommandOptions>();
    CLI::App* run
        = app.add_subcommand("run", "Run scenarios on an implementation and report verdicts");
    run->add_option("paths", options->selection.paths, kScenarioPathsHelp);
    run->add_option("--filter",
                    options->selection.filter,
                    "Only cases whose id matches this regular expression");
    run->add_option("--impl",
                    options->implementations,
                    "Implementations to run: model, linux, wine, all, or driver:PATH "
                    "(docs/driver-contract.md)");
    run->add_option("--jobs,-j", options->jobs, "Cases run at once")->check(CLI::Range(1u, 256u));
    run->add_option("--network",
                    options->network,
                    "What a real implementation's two hosts talk over: link (the scenario's "
                    "link and faults, in a network namespace per case; root only), loopback, or "
                    "auto: the link for the cases with faults or random loss, loopback for the "
                    "others")
        ->check(CLI::IsMember({"auto", "loopback", "link"}));
    run->add_option("--out", options->out, "Report folder (written atomically)");
    run->add_option("--junit", options->junit, "Also write the JUnit XML here");
    run->add_flag("--pcap", options->pcap, "Write a pcap per case and host");
    run->add_flag("--quiet,-q", options->quiet, "Print nothing but errors");
    run->add_option("--timeout", options->timeout, "Seconds a case may take before it is an ERROR")
        ->check(CLI::PositiveNumber);
    run->add_option(
        "--tolerance-floor", options->tolerance.floor, "Wire time tolerance floor (5ms)");
    run->add_option("--tolerance-share",
                    options->tolerance.share,
                    "Wire time tolerance share of the interval (0.25)");
    run->add_option("--known-divergences", options->known, "Known divergences (XFAIL records)");
    AddRequirementsOption(*run, options->selection.requirements);
    run->add_option("--retries",
                    options->retries,
                    "Run a real implementation's FAIL or ERROR case again up to N times (1)");
    run->add_option("--shard",
                    options->shard,
                    "Only shard K of N (K/N): a stable share of the selected cases, chosen by "
                    "case id (merge the shards' reports with `wsdsim merge`)");
    run->callback([options, &exitCode]() { exitCode = Run(*options); });
}

} // namespace wsdsim

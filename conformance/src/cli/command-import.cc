// `wsdsim import`: judge the results of a bundle run on Windows into the usual report
// (docs/windows.md).
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "report/report-folder.h"
#include "report/report-writer.h"
#include "run/imported-backend.h"
#include "run/results-archive.h"
#include "suite/runner.h"

namespace wsdsim
{

namespace
{
namespace fs = std::filesystem;

struct ImportCommandOptions
{
    std::string results;
    Selection selection;
    std::string out;
    std::string junit;
    unsigned jobs{2};
    bool quiet{false};
    std::string known{"conformance/known-divergences.json"};
};

/// \return the cases of the run, in the bundle's order
std::vector<ScenarioCase>
CasesOfRun(const ImportedRun& run, const std::map<std::string, const ScenarioCase*>& known)
{
    std::vector<ScenarioCase> cases;
    for (const auto& id : run.caseIds)
    {
        cases.push_back(*known.at(id));
    }
    return cases;
}

/// \return how the imported run is judged: its one backend, never retried
RunConfig
ImportConfig(const ImportCommandOptions& options, const ImportedRun& run)
{
    RunConfig config;
    config.implementations = {run.implementation};
    config.jobs = options.jobs;
    config.knownDivergencesPath = options.known;
    config.retries = 0; // what ran on the machine is what is judged
    config.createBackend = [&run](const std::string& name) -> std::unique_ptr<Backend>
    {
        if (name == run.implementation)
        {
            return std::make_unique<ImportedBackend>(run);
        }
        return nullptr;
    };
    return config;
}

/**
 * \brief Unpack, check and judge the results into the report folder (--out), written whole:
 *        the results as they came back stay in its imported/ folder, the machine record in
 *        machine.json.
 * \return the report \throws InputError for bad results (nothing is left behind)
 */
RunReport
ImportIntoReportFolder(const ImportCommandOptions& options,
                       const SelectedCases& selected,
                       std::chrono::steady_clock::time_point started)
{
    std::map<std::string, const ScenarioCase*> known;
    for (const auto& scenarioCase : selected.all)
    {
        known.emplace(scenarioCase.id, &scenarioCase);
    }
    ReportStaging staging; // abandoned, with all it holds, when an error leaves early
    const fs::path directory = staging.Begin(options.out);
    const fs::path unpacked = directory / "imported";
    const auto names = UnpackResults(options.results, unpacked);
    const ImportedRun run = ReadImportedRun(options.results, unpacked, names, known);
    const auto cases = CasesOfRun(run, known);
    RunReport report;
    report.version = WSDSIM_VERSION;
    report.implementations = {run.implementation};
    report.requirements = selected.catalogue;
    report.cases = RunCases(cases, ImportConfig(options, run), directory.string());
    for (const auto& scenarioCase : cases)
    {
        report.scenarioCases.emplace(scenarioCase.id, scenarioCase);
    }
    std::ofstream(directory / "machine.json") << run.machine.dump(2) << "\n";
    report.wallSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    staging.Commit(report);
    return report;
}

int
Import(const ImportCommandOptions& options)
{
    const auto started = std::chrono::steady_clock::now();
    const SelectedCases selected = SelectCases(options.selection, "import");
    const RunReport report = ImportIntoReportFolder(options, selected, started);
    if (!options.junit.empty())
    {
        WriteJUnitFile(report, options.junit);
    }
    if (!options.quiet)
    {
        std::map<Verdict, size_t> counts;
        for (const auto& result : report.cases)
        {
            ++counts[result.verdict];
            if (result.verdict != Verdict::PASS)
            {
                std::cout << VerdictName(result.verdict) << "  " << result.id << "\n";
                PrintWhyNotPassed(result, std::cout);
            }
        }
        std::cout << report.implementations.front() << ": " << report.cases.size() << " cases:";
        for (const auto& [verdict, count] : counts)
        {
            std::cout << " " << count << " " << VerdictName(verdict);
        }
        std::cout << "; report: " << options.out << "/summary.html\n";
    }
    return report.ExitStatus();
}
} // namespace

void
AddImportCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<ImportCommandOptions>();
    CLI::App* command = app.add_subcommand(
        "import", "Judge the results of a bundle run on Windows (results.zip or its folder)");
    command->add_option("results", options->results, "results.zip, or the results folder")
        ->required();
    command->add_option("--scenarios",
                        options->selection.paths,
                        "The scenario files and folders the bundle was made from (default: "
                        "wsdsim's own suite, as for run)");
    command->add_option("--out", options->out, "Report folder (written atomically)")->required();
    command->add_option("--junit", options->junit, "Also write the JUnit XML here");
    command->add_option("--jobs,-j", options->jobs, "Cases judged at once")
        ->check(CLI::Range(1u, 256u));
    command->add_flag("--quiet,-q", options->quiet, "Print nothing but errors");
    command->add_option("--known-divergences", options->known, "Known divergences (XFAIL records)");
    AddRequirementsOption(*command, options->selection.requirements);
    command->callback([options, &exitCode]() { exitCode = Import(*options); });
}

} // namespace wsdsim

// `wsdsim explain`: tell a case's timeline in plain words, with the spec's clauses, and
// optionally draw its sequence diagram.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <unistd.h>

#include "cli/commands.h"
#include "common/input-error.h"
#include "report/narration.h"
#include "report/sequence-diagram.h"
#include "scenario/scenario-loader.h"
#include "suite/runner.h"

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
struct ExplainOptions
{
    std::string scenario;
    std::string caseId;
    std::string implementation{"model"};
    bool reference{false};
    std::string svg;
    std::string known; //!< --known-divergences ("": wsdsim's own)
    std::string requirements;
};

/// Write a file, refusing quietly nothing: failures are input errors.
void
WriteText(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
    {
        throw InputError(path, 0, 0, "", "cannot write the diagram");
    }
}

/// \return the SVG path for one of several cases: "x.svg" -> "x-<n>.svg"
std::string
NumberedPath(const std::string& path, size_t index, size_t count)
{
    if (count == 1)
    {
        return path;
    }
    fs::path p(path);
    return (p.parent_path()
            / (p.stem().string() + "-" + std::to_string(index + 1) + p.extension().string()))
        .string();
}

/// \return the cases to explain: the scenario's (`cases`), or the one --case names
std::vector<ScenarioCase>
ExplainedCases(const ExplainOptions& options, const std::vector<ScenarioCase>& cases)
{
    if (options.caseId.empty())
    {
        return cases;
    }
    auto found = FindScenarioCase(options.scenario, options.caseId);
    if (!found)
    {
        std::string known;
        for (const auto& c : cases)
        {
            known += "\n  " + c.id;
        }
        throw InputError(options.scenario,
                         0,
                         0,
                         "",
                         "no case \"" + options.caseId + "\"; its cases are:" + known);
    }
    return {*found};
}

/// \return a PASS result per case that points at its checked-in reference trace
std::vector<CaseResult>
ReferenceResults(const std::vector<ScenarioCase>& cases)
{
    std::vector<CaseResult> results;
    for (const auto& c : cases)
    {
        CaseResult result;
        result.id = c.id;
        result.implementation = "model (reference trace)";
        result.verdict = Verdict::PASS;
        result.tracePath = c.ReferencePath();
        if (!fs::exists(result.tracePath))
        {
            throw InputError(result.tracePath, 0, 0, "", "no reference trace");
        }
        results.push_back(result);
    }
    return results;
}

/// \return the cases' results, run now on --impl with their traces in `work`
std::vector<CaseResult>
RunNow(const std::vector<ScenarioCase>& cases, const ExplainOptions& options, const fs::path& work)
{
    fs::create_directories(work);
    RunConfig config;
    config.implementations = {options.implementation};
    const std::string known = KnownDivergencesFile(options.known);
    config.knownDivergencesPath = fs::exists(known) ? known : "";
    return RunCases(cases, config, work.string());
}

/// Print a case's heading: its id, implementation, verdict and description.
void
PrintCaseHeading(const ScenarioCase& scenarioCase, const CaseResult& result)
{
    std::cout << scenarioCase.id << " on " << result.implementation << ": "
              << VerdictName(result.verdict) << "\n"
              << scenarioCase.description << "\n";
}

/// Narrate a case's trace and, when svgPath is not "", draw its sequence diagram there; both
/// mark the result's first listed divergence.
void
NarrateAndDraw(const ScenarioCase& scenarioCase,
               const CaseResult& result,
               const fs::path& trace,
               const nlohmann::json& catalogue,
               const std::string& svgPath)
{
    const Timeline timeline = LoadTimeline(trace.string());
    NarrationContext context;
    context.scenarioCase = &scenarioCase;
    context.catalogue = &catalogue;
    DiagramOptions diagram;
    diagram.title = scenarioCase.id + " \u2014 " + result.implementation;
    if (const Divergence* lead = result.LeadDivergence())
    {
        context.divergenceEvent = lead->eventIndex;
        context.divergenceText = lead->what;
        diagram.divergenceEvent = lead->eventIndex;
        diagram.divergenceText = lead->what;
    }
    std::cout << NarrationText(Narrate(timeline, context));
    if (!svgPath.empty())
    {
        WriteText(svgPath, RenderSequenceDiagram(timeline, diagram));
        std::cout << "\nSequence diagram: " << svgPath << "\n";
    }
}

/**
 * \brief Tell one case: its heading, where its trace comes from, why it did not pass, its
 *        narration and, when svgPath is not "", its diagram.
 * \return its exit status: 2 without a trace or for an ERROR, 1 for a FAIL, else 0
 */
int
ExplainCase(const ExplainOptions& options,
            const ScenarioCase& scenarioCase,
            const CaseResult& result,
            const fs::path& trace,
            const nlohmann::json& catalogue,
            const std::string& svgPath)
{
    PrintCaseHeading(scenarioCase, result);
    if (result.tracePath.empty() || !fs::exists(trace))
    {
        std::cout << "No trace: " << result.reason << "\n";
        return 2;
    }
    std::cout << (options.reference ? "Trace: the checked-in reference " + trace.string()
                                    : "Trace: run now on " + options.implementation)
              << "\n";
    if (result.verdict != Verdict::PASS && !result.reason.empty())
    {
        std::cout << "Why " << VerdictName(result.verdict) << ": " << result.reason << "\n";
    }
    std::cout << "\n";
    NarrateAndDraw(scenarioCase, result, trace, catalogue, svgPath);
    if (result.verdict == Verdict::FAIL)
    {
        return 1;
    }
    return result.verdict == Verdict::ERROR ? 2 : 0;
}

int
Explain(const ExplainOptions& options)
{
    const std::vector<ScenarioCase> all = LoadScenario(options.scenario).cases;
    const nlohmann::json catalogue = CheckRequirementIds(all, options.requirements, "explain");
    const std::vector<ScenarioCase> cases = ExplainedCases(options, all);
    // Either the checked-in reference trace, or a fresh run in a temporary folder (removed).
    fs::path work;
    std::vector<CaseResult> results;
    if (options.reference)
    {
        results = ReferenceResults(cases);
    }
    else
    {
        work = fs::temp_directory_path() / ("wsdsim-explain-" + std::to_string(getpid()));
        results = RunNow(cases, options, work);
    }
    int status = 0;
    for (size_t i = 0; i < cases.size(); ++i)
    {
        if (i > 0)
        {
            std::cout << "\n";
        }
        const CaseResult& result = results[i];
        const fs::path trace
            = options.reference ? fs::path(result.tracePath) : work / result.tracePath;
        const std::string svgPath
            = options.svg.empty() ? "" : NumberedPath(options.svg, i, cases.size());
        status
            = std::max(status, ExplainCase(options, cases[i], result, trace, catalogue, svgPath));
    }
    if (!work.empty())
    {
        std::error_code ignored;
        fs::remove_all(work, ignored);
    }
    return status;
}
} // namespace

void
AddExplainCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<ExplainOptions>();
    CLI::App* explain = app.add_subcommand(
        "explain",
        "Tell a scenario's cases in plain words: at each simulated time what the application "
        "called, what came back, what TCP did, and the requirement that says why. By default the "
        "case runs now (in a temporary folder); --reference reads its checked-in reference trace");
    explain->add_option("scenario", options->scenario, "The scenario file")
        ->required()
        ->check(CLI::ExistingFile);
    explain->add_option("--case",
                        options->caseId,
                        "One case: its id, or its parameters (\"linger=abortive,mode=blocking\"); "
                        "default: every case of the scenario");
    explain->add_option("--impl",
                        options->implementation,
                        "Implementation to run: model (default), linux, wine or driver:PATH");
    explain->add_flag("--reference",
                      options->reference,
                      "Read the checked-in reference trace instead of running the case");
    explain->add_option("--svg",
                        options->svg,
                        "Also write the sequence diagram here (FILE-<n>.svg for several cases)");
    explain->add_option("--known-divergences",
                        options->known,
                        "Known divergences (XFAIL records), when the file exists");
    AddRequirementsOption(*explain, options->requirements);
    explain->callback([options, &exitCode]() { exitCode = Explain(*options); });
}

} // namespace wsdsim

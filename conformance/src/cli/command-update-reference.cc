// `wsdsim update-reference`: record the model's traces as references, only of the cases the model
// passes, showing what changes, and remove the references that are no case's.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <unistd.h>

#include "cli/commands.h"
#include "scenario/orphan-references.h"
#include "suite/runner.h"

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
struct UpdateOptions
{
    Selection selection;
    bool check{false};
    bool force{false};
    unsigned jobs{1};
    std::string known; //!< --known-divergences ("": wsdsim's own)
};

/// What became of the references, for the closing line and the exit status.
struct UpdateTally
{
    size_t missing{0}; //!< cases without a reference (new ones, unless --check)
    size_t changed{0}; //!< references the fresh trace differs from (updated, unless --check)
    size_t refused{0}; //!< traces not recorded: the model does not pass their case
    size_t orphans{0}; //!< references of no case (removed, unless --check)
    int status{0};     //!< the exit status so far
};

std::string
ReadFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Show the difference with diff -u (diffutils is an essential Debian package).
void
ShowDifference(const fs::path& before, const fs::path& after)
{
    const std::string command
        = "diff -u '" + before.string() + "' '" + after.string() + "' | head -n 60";
    std::fflush(stdout);
    if (std::system(command.c_str()) != 0)
    {
        std::cout << "(diff not available)\n";
    }
}

/// \return whether a model verdict lets its trace be a reference: the trace meets the scenario's
///         outcomes (PASS, or XPASS: a known divergence of the model's that no longer happens),
///         or breaks them as a known divergence of the model's records (XFAIL)
bool
Recordable(Verdict verdict)
{
    return verdict == Verdict::PASS || verdict == Verdict::XPASS || verdict == Verdict::XFAIL;
}

/// Say on stderr why a case's trace is no reference: the model's verdict and its divergence.
void
TellFailure(const CaseResult& result, bool forced)
{
    std::cerr << "wsdsim update-reference: "
              << (forced ? "WARNING: recorded anyway (--force), although " : "not recorded: ")
              << "the model's verdict on " << result.id << " is " << VerdictName(result.verdict)
              << "\n";
    PrintWhyNotPassed(result, std::cerr);
    std::cerr << (forced ? "    This reference records a fault: every implementation will be "
                           "compared with it.\n"
                         : "    A reference must be a trace the model passes: fix the model or "
                           "the scenario's outcomes, or record it anyway with --force.\n");
}

/// Say that a known divergence of the model's no longer happens (XPASS).
void
TellStaleDivergence(const CaseResult& result)
{
    std::cout << "note      " << result.id
              << ": the model passes it now; remove its known divergence of the model's (XPASS)\n";
}

/// Write a reference whole: a temporary file renamed into place.
void
WriteReference(const fs::path& trace, const fs::path& reference)
{
    fs::create_directories(reference.parent_path());
    const fs::path temporary = reference.string() + ".tmp";
    fs::copy_file(trace, temporary, fs::copy_options::overwrite_existing);
    fs::rename(temporary, reference);
}

/// Compare a case's fresh trace with its reference, show what changes and, unless --check,
/// record it when the model passes the case (or --force).
void
UpdateCase(const UpdateOptions& options,
           const ScenarioCase& scenarioCase,
           const CaseResult& result,
           const fs::path& trace,
           UpdateTally& tally)
{
    const fs::path reference = scenarioCase.ReferencePath();
    const bool exists = fs::exists(reference);
    if (result.verdict == Verdict::XPASS)
    {
        TellStaleDivergence(result);
    }
    if (exists && ReadFile(reference) == ReadFile(trace))
    {
        return;
    }
    const bool recordable = Recordable(result.verdict);
    const bool refused = !recordable && !options.check && !options.force;
    const char* label = exists ? (options.check ? "stale     " : "updated   ")
                               : (options.check ? "missing   " : "new       ");
    if (refused)
    {
        label = "refused   ";
        ++tally.refused;
        tally.status = std::max(tally.status, result.verdict == Verdict::ERROR ? 2 : 1);
    }
    else
    {
        ++(exists ? tally.changed : tally.missing);
    }
    std::cout << label << reference.string()
              << (recordable ? ""
                             : " (model verdict: " + std::string(VerdictName(result.verdict)) + ")")
              << "\n";
    if (exists)
    {
        ShowDifference(reference, trace);
    }
    if (!recordable && !options.check)
    {
        TellFailure(result, options.force);
    }
    if (!options.check && (recordable || options.force))
    {
        WriteReference(trace, reference);
    }
}

/// Report the orphan references (--check) or remove them.
void
HandleOrphans(const UpdateOptions& options,
              const std::vector<ScenarioCase>& all,
              UpdateTally& tally)
{
    for (const auto& orphan : FindOrphanReferences(ScenarioPaths(options.selection), all))
    {
        ++tally.orphans;
        std::cout << (options.check ? "orphan    " : "removed   ") << orphan << "\n";
        if (!options.check)
        {
            RemoveOrphanReference(orphan);
        }
    }
}

/// Print the closing line: how many references were missing, stale, refused and orphaned.
void
PrintTally(const UpdateOptions& options, size_t cases, const UpdateTally& tally)
{
    std::cout << cases << " cases: " << tally.missing << " reference(s) "
              << (options.check ? "missing" : "new") << ", " << tally.changed << " "
              << (options.check ? "stale" : "updated") << ", " << tally.orphans << " orphan(s)"
              << (options.check ? "" : " removed");
    if (tally.refused > 0)
    {
        std::cout << "; " << tally.refused << " refused (the model does not pass them)";
    }
    std::cout << "\n";
}

int
Update(const UpdateOptions& options)
{
    const SelectedCases selected = SelectCases(options.selection, "update-reference");
    const auto& cases = selected.cases;
    const fs::path work = fs::temp_directory_path() / ("wsdsim-update-" + std::to_string(getpid()));
    fs::create_directories(work);
    RunConfig config;
    config.jobs = options.jobs;
    config.knownDivergencesPath = KnownDivergencesFile(options.known);
    // A new case has no reference yet: each trace is judged by its scenario's outcomes alone.
    config.withoutReference = true;
    const auto results = RunCases(cases, config, work.string());
    UpdateTally tally;
    for (size_t i = 0; i < cases.size(); ++i)
    {
        const fs::path trace = work / results[i].tracePath;
        if (results[i].tracePath.empty() || !fs::is_regular_file(trace))
        {
            std::cerr << "wsdsim update-reference: " << cases[i].id << ": no trace ("
                      << results[i].reason << ")\n";
            tally.status = 2;
            continue;
        }
        UpdateCase(options, cases[i], results[i], trace, tally);
    }
    fs::remove_all(work);
    HandleOrphans(options, selected.all, tally);
    PrintTally(options, cases.size(), tally);
    if (options.check && tally.missing + tally.changed + tally.orphans > 0)
    {
        tally.status = std::max(tally.status, 1);
    }
    return tally.status;
}
} // namespace

void
AddUpdateReferenceCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<UpdateOptions>();
    CLI::App* update = app.add_subcommand(
        "update-reference",
        "Record the model's traces as the reference traces, showing the difference. A case the "
        "model does not pass (judged by its scenario's outcomes and the known divergences) is "
        "refused, exit status 1. Files in the scenarios' .reference folders that are no case's "
        "reference (orphans) are removed");
    update->add_option("paths", options->selection.paths, kScenarioPathsHelp);
    update->add_option("--filter",
                       options->selection.filter,
                       "Only cases whose id matches this regular expression");
    update->add_flag("--check",
                     options->check,
                     "Change nothing; exit 1 when a reference is missing or stale, or an orphan "
                     "is left");
    update->add_flag("--force",
                     options->force,
                     "Record the traces of cases the model does not pass too, with a warning");
    update->add_option("--known-divergences",
                       options->known,
                       "Known divergences: the model's own (XFAIL) may be recorded");
    AddRequirementsOption(*update, options->selection.requirements);
    update->add_option("--jobs,-j", options->jobs, "Cases run at once")
        ->check(CLI::Range(1u, 256u));
    update->callback([options, &exitCode]() { exitCode = Update(*options); });
}

} // namespace wsdsim

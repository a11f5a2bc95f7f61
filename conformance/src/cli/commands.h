// The wsdsim subcommands: each registers its options and runs (exit status 0, 1 or 2).
#ifndef WSDSIM_COMMANDS_H
#define WSDSIM_COMMANDS_H

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "judge/comparator.h"
#include "scenario/scenario.h"

namespace wsdsim
{

/// What every subcommand selecting cases shares.
struct Selection
{
    std::vector<std::string> paths; //!< files and folders (none: wsdsim's own suite)
    std::string filter;             //!< ECMAScript regex on case ids ("" for all)
    std::string requirements; //!< --requirements: the catalogue of every case ("": each suite's)
};

/// What a selection names.
struct SelectedCases
{
    std::vector<ScenarioCase> all;   //!< every case of the paths, in order
    std::vector<ScenarioCase> cases; //!< those --filter keeps
    nlohmann::json catalogue;        //!< the requirements their ids were checked against ([]: none)
};

/// Options of the time tolerance, shared by run and check.
struct ToleranceOptions
{
    std::string floor{"5ms"}; //!< absolute floor
    double share{0.25};       //!< share of the interval
    /// \return the tolerance \throws InputError for a bad floor
    Tolerance Get() const;
};

/// The help of the paths argument of run, list and update-reference.
constexpr const char* kScenarioPathsHelp
    = "Scenario files and folders (default: wsdsim's own suite: scenarios/ of its source tree, "
      "or PREFIX/share/wsdsim/scenarios when installed)";

/**
 * \brief The scenario files and folders a selection names.
 * \param selection the selection
 * \return its paths, or wsdsim's own suite when it names none (common/data-layout.h)
 * \throws InputError when it names none and wsdsim's files cannot be found
 */
std::vector<std::string> ScenarioPaths(const Selection& selection);

/**
 * \brief The known divergences a command uses.
 * \param given --known-divergences, or ""
 * \return the file given, else wsdsim's own (common/data-layout.h), else "" (none)
 */
std::string KnownDivergencesFile(const std::string& given);

/**
 * \brief The cases a selection names, their requirement ids checked (CheckRequirementIds).
 * \param selection the selection \param command the subcommand, for the warning ("run")
 * \return the cases \throws InputError for a bad scenario, catalogue or filter
 */
SelectedCases SelectCases(const Selection& selection, const std::string& command);

/**
 * \brief --shard K/N: this command's share of the selected cases, by case id alone
 *        (scenario/case-shard.h); a shard may hold no case.
 * \param cases the selected cases \param shard "K/N", or "" for all of them
 * \return the cases of the shard \throws InputError for a bad --shard
 */
std::vector<ScenarioCase> CasesOfShard(const std::vector<ScenarioCase>& cases,
                                       const std::string& shard);

/**
 * \brief Check every requirement id the cases' outcomes cite: against the catalogue
 *        `requirementsFile` when it is not "", else against the requirements.json of each case's
 *        suite root (suite-root.h). When some case has no catalogue, warn once on stderr that its
 *        requirement ids were not checked.
 * \param cases the cases \param requirementsFile --requirements, or ""
 * \param command the subcommand, for the warning ("run")
 * \return the entries of the catalogues used, each id once ([] when none): what reports and
 *         narration cite
 * \throws InputError for a bad catalogue, or at the first cited id its catalogue lacks
 */
nlohmann::json CheckRequirementIds(const std::vector<ScenarioCase>& cases,
                                   const std::string& requirementsFile,
                                   const std::string& command);

/**
 * \brief Print why a case did not pass: its divergence (what, expected, actual), else its reason,
 *        each line indented by four spaces.
 * \param result the case's result \param out where
 */
void PrintWhyNotPassed(const CaseResult& result, std::ostream& out);

/// Add --requirements FILE to a subcommand. \param command the subcommand \param file where it goes
void AddRequirementsOption(CLI::App& command, std::string& file);

/// Add `run`. \param app the program \param exitCode where the command's status goes
void AddRunCommand(CLI::App& app, int& exitCode);
/// Add `list`. \param app the program \param exitCode where the command's status goes
void AddListCommand(CLI::App& app, int& exitCode);
/// Add `check`. \param app the program \param exitCode where the command's status goes
void AddCheckCommand(CLI::App& app, int& exitCode);
/// Add `update-reference`. \param app the program \param exitCode where the command's status goes
void AddUpdateReferenceCommand(CLI::App& app, int& exitCode);
/// Add `merge`. \param app the program \param exitCode where the command's status goes
void AddMergeCommand(CLI::App& app, int& exitCode);
/// Add `schema`. \param app the program \param exitCode where the command's status goes
void AddSchemaCommand(CLI::App& app, int& exitCode);
/// Add `bundle`. \param app the program \param exitCode where the command's status goes
void AddBundleCommand(CLI::App& app, int& exitCode);
/// Add `import`. \param app the program \param exitCode where the command's status goes
void AddImportCommand(CLI::App& app, int& exitCode);
/// Add `explain`. \param app the program \param exitCode where the command's status goes
void AddExplainCommand(CLI::App& app, int& exitCode);

} // namespace wsdsim

#endif // WSDSIM_COMMANDS_H

// The wsdsim subcommands: each registers its options and runs (exit status 0, 1 or 2).
#ifndef WSDSIM_COMMANDS_H
#define WSDSIM_COMMANDS_H

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "judge/comparator.h"
#include "scenario/scenario.h"

namespace wsdsim
{

/// What every subcommand selecting cases shares.
struct Selection
{
    std::vector<std::string> paths{"scenarios"}; //!< files and folders
    std::string filter;                          //!< ECMAScript regex on case ids ("" for all)
};

/// Options of the time tolerance, shared by run and check.
struct ToleranceOptions
{
    std::string floor{"5ms"}; //!< absolute floor
    double share{0.25};       //!< share of the interval
    /// \return the tolerance \throws InputError for a bad floor
    Tolerance Get() const;
};

/// The cases a selection names. \param selection the selection \return the cases \throws InputError
std::vector<ScenarioCase> SelectCases(const Selection& selection);

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
/// Add `explain`. \param app the program \param exitCode where the command's status goes
void AddExplainCommand(CLI::App& app, int& exitCode);

/// \return the project's requirement catalogue beside the scenarios, or an empty array
nlohmann::json LoadRequirementCatalogue(const std::vector<std::string>& paths);

} // namespace wsdsim

#endif // WSDSIM_COMMANDS_H

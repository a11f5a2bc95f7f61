// Scenario files to typed cases: parsing, validation with precise errors, and matrix expansion.
#ifndef WSDSIM_SCENARIO_LOADER_H
#define WSDSIM_SCENARIO_LOADER_H

#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace wsdsim
{

/**
 * \brief Read and validate a scenario file, and expand it into its cases (one per combination of
 *        its matrix), validating every step and outcome: each file is expanded once, here.
 * \param path the file
 * \return the scenario, its cases in Scenario::cases
 * \throws InputError naming the file, line, column, JSON pointer and what was expected
 */
Scenario LoadScenario(const std::string& path);

/**
 * \brief The scenario files under some paths: files as given, folders searched recursively
 *        for *.json (except scenario.schema.json and requirements.json), sorted.
 * \param paths files and folders
 * \return the files
 * \throws InputError for a path that does not exist
 */
std::vector<std::string> DiscoverScenarioFiles(const std::vector<std::string>& paths);

/**
 * \brief Load and expand every scenario under some paths.
 * \param paths files and folders
 * \return all cases
 * \throws InputError for the first bad file
 */
std::vector<ScenarioCase> LoadCases(const std::vector<std::string>& paths);

/**
 * \brief Load a scenario and find one of its cases.
 * \param scenarioPath the scenario file
 * \param caseId the case id, or its parameters ("linger=abortive,mode=blocking")
 * \return the case, or nothing when the scenario has no such case
 * \throws InputError for a malformed scenario
 */
std::optional<ScenarioCase> FindScenarioCase(const std::string& scenarioPath,
                                             const std::string& caseId);

} // namespace wsdsim

#endif // WSDSIM_SCENARIO_LOADER_H

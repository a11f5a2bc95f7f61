// Where a scenario's suite begins: the folder its case ids are named from and where its
// requirement catalogue is kept.
#ifndef WSDSIM_SUITE_ROOT_H
#define WSDSIM_SUITE_ROOT_H

#include <filesystem>
#include <optional>
#include <string>

namespace wsdsim
{

/// The file that marks a suite's root and that editors validate scenarios with.
constexpr const char* kScenarioSchemaFileName = "scenario.schema.json";
/// The requirement catalogue's file name; it marks a suite's root too.
constexpr const char* kRequirementCatalogueFileName = "requirements.json";

/**
 * \brief The root of the suite a scenario file belongs to: the nearest folder, from the file's
 *        own folder upwards, that holds scenario.schema.json or requirements.json.
 * \param scenarioFile the scenario file (relative to the working directory, or absolute)
 * \return the folder, absolute and normalised; nothing when no folder above the file holds either
 */
std::optional<std::filesystem::path> FindSuiteRoot(const std::string& scenarioFile);

/**
 * \brief A scenario's name, which its case ids start with. It depends on where the file is, never
 *        on the working directory or on the path a command was given: its path below its suite
 *        root without ".json" ("linger/close-fin-lost"), or, without a suite root, its folder's
 *        name and its stem ("my-suite/f01"). docs/scenario-format.md, "Case ids".
 * \param scenarioFile the scenario file
 * \return the name
 */
std::string ScenarioNameOf(const std::string& scenarioFile);

} // namespace wsdsim

#endif // WSDSIM_SUITE_ROOT_H

// The requirement catalogue: reading one with located errors, finding a suite's, and checking the
// requirement ids a scenario's outcomes cite against it.
#ifndef WSDSIM_REQUIREMENT_CATALOGUE_H
#define WSDSIM_REQUIREMENT_CATALOGUE_H

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "scenario/scenario.h"

namespace wsdsim
{

/// A requirement catalogue as read.
struct RequirementCatalogue
{
    std::string path;          //!< the file it was read from
    nlohmann::json entries;    //!< its entries: [{id, source, level, text}, ...], as in the file
    std::set<std::string> ids; //!< the ids of its entries
};

/**
 * \brief Read a requirement catalogue: a JSON array of objects, each with a unique non-empty
 *        string "id" (and "source", "level", "text"), or an object {"requirements": that array}.
 * \param path the file
 * \return the catalogue
 * \throws InputError "file:line:column: /pointer: what was expected" for a file that cannot be
 *         read, invalid JSON, another shape, an entry without an id or an id given twice
 */
RequirementCatalogue LoadRequirementCatalogueFile(const std::string& path);

/**
 * \brief The catalogue of a scenario's suite: requirements.json in its suite root (suite-root.h).
 * \param scenarioFile the scenario file
 * \return the catalogue file, or nothing when the suite has none
 */
std::optional<std::string> FindSuiteCatalogue(const std::string& scenarioFile);

/**
 * \brief Check that the catalogue holds every requirement id a case's outcomes cite.
 * \param scenarioCase the case \param catalogue the catalogue
 * \throws InputError at the first id it lacks: the scenario file, the id's line and column and
 *         JSON pointer, and the catalogue that lacks it
 */
void CheckCitedRequirements(const ScenarioCase& scenarioCase,
                            const RequirementCatalogue& catalogue);

} // namespace wsdsim

#endif // WSDSIM_REQUIREMENT_CATALOGUE_H

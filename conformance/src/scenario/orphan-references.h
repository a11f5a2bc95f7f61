// Orphan references: files in the scenarios' .reference folders that are no case's reference
// trace (a case that no longer exists, a scenario that gained a matrix or was removed).
#ifndef WSDSIM_ORPHAN_REFERENCES_H
#define WSDSIM_ORPHAN_REFERENCES_H

#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace wsdsim
{

/**
 * \brief The orphan references of some scenarios: every file in the .reference folder of one of
 *        the cases' scenarios that is no case's reference (ScenarioCase::ReferencePath), and every
 *        file of a .reference folder found under a folder of `paths` whose scenario is not among
 *        them (its scenario file is gone).
 * \param paths the scenario files and folders a command was given
 * \param cases every case of those paths (not only those a filter keeps)
 * \return the orphan files, as found under `paths`, sorted
 */
std::vector<std::string> FindOrphanReferences(const std::vector<std::string>& paths,
                                              const std::vector<ScenarioCase>& cases);

/**
 * \brief Remove an orphan reference, then its folders up to its .reference folder that it
 *        leaves empty.
 * \param orphan the file
 */
void RemoveOrphanReference(const std::string& orphan);

} // namespace wsdsim

#endif // WSDSIM_ORPHAN_REFERENCES_H

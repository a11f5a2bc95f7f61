// The results of a bundle run on Windows, read from an unpacked results archive and checked
// against the bundle they claim and the scenarios that judge them (docs/windows.md).
#ifndef WSDSIM_IMPORTED_RUN_H
#define WSDSIM_IMPORTED_RUN_H

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace wsdsim
{

/// What one case's run left.
struct ImportedCase
{
    std::filesystem::path trace; //!< its trace, when it ran (checked whole)
    bool supported{true};        //!< false: the driver refused it (exit 3)
    std::string reason;          //!< why unsupported, or why its run is an ERROR
    bool failed{false};          //!< its run is an ERROR: hung, crashed or a bad exit
};

/// A bundle's run on one machine.
struct ImportedRun
{
    std::string implementation;                //!< from the machine record ("windows 10.0.22631")
    nlohmann::json machine;                    //!< the machine record
    std::vector<std::string> caseIds;          //!< the bundle's cases, in its order
    std::map<std::string, ImportedCase> cases; //!< by case id
    bool hasCapture{false};                    //!< capture.pcapng came back
};

/**
 * \brief Read and check unpacked results: results.json's shape, the implementation's name, each
 *        case in the bundle it names and among `known`, each trace of a case the bundle held,
 *        whole and of that case.
 * \param source the archive, for the errors \param folder where it was unpacked
 * \param names the names unpacked (UnpackResults) \param known the cases of the scenarios, by id
 * \return the run
 * \throws InputError naming the archive and the file (`results.zip:traces/0002.jsonl:3:1: ...`)
 */
ImportedRun ReadImportedRun(const std::string& source,
                            const std::filesystem::path& folder,
                            const std::set<std::string>& names,
                            const std::map<std::string, const ScenarioCase*>& known);

} // namespace wsdsim

#endif // WSDSIM_IMPORTED_RUN_H

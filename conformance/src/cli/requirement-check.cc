// The --requirements option, and the check of the requirement ids a command's cases cite against
// their catalogue (with one warning when some cannot be checked).
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "cli/commands.h"
#include "common/data-layout.h"
#include "common/input-error.h"
#include "scenario/requirement-catalogue.h"
#include "scenario/suite-root.h"

namespace wsdsim
{

namespace
{

/// \return the catalogue of a scenario outside any suite: the installed one, or "" (none)
std::string
CatalogueOutsideSuites()
{
    try
    {
        return FindDataLayout().defaultCatalogue.string();
    }
    catch (const InputError&)
    {
        return "";
    }
}

/// The catalogues of the cases' suites, read once each, their entries gathered.
class SuiteCatalogues
{
  public:
    /// \return the catalogue of a case's suite, or nullptr when it has none
    const RequirementCatalogue* Of(const ScenarioCase& scenarioCase)
    {
        auto known = m_fileOfScenario.find(scenarioCase.scenarioPath);
        if (known == m_fileOfScenario.end())
        {
            known = m_fileOfScenario
                        .emplace(scenarioCase.scenarioPath,
                                 FindSuiteCatalogue(scenarioCase.scenarioPath)
                                     .value_or(CatalogueOutsideSuites()))
                        .first;
        }
        if (known->second.empty())
        {
            return nullptr;
        }
        auto loaded = m_catalogues.find(known->second);
        if (loaded == m_catalogues.end())
        {
            loaded
                = m_catalogues.emplace(known->second, LoadRequirementCatalogueFile(known->second))
                      .first;
            Gather(loaded->second);
        }
        return &loaded->second;
    }

    /// \return the entries of every catalogue read, each id once, in the order read
    const nlohmann::json& Entries() const
    {
        return m_entries;
    }

  private:
    /// Add a catalogue's entries whose ids no catalogue read before holds.
    void Gather(const RequirementCatalogue& catalogue)
    {
        for (const auto& entry : catalogue.entries)
        {
            if (m_ids.insert(entry["id"].get<std::string>()).second)
            {
                m_entries.push_back(entry);
            }
        }
    }

    std::map<std::string, std::string> m_fileOfScenario;      //!< scenario -> catalogue or ""
    std::map<std::string, RequirementCatalogue> m_catalogues; //!< catalogue file -> catalogue
    std::set<std::string> m_ids;                              //!< the ids gathered
    nlohmann::json m_entries{nlohmann::json::array()};        //!< the entries gathered
};

/// Warn once on stderr that the requirement ids of some scenarios were not checked, and why.
void
WarnUnchecked(const std::vector<std::string>& scenarios, const std::string& command)
{
    if (scenarios.empty())
    {
        return;
    }
    const std::string& first = scenarios.front();
    const auto root = FindSuiteRoot(first);
    std::cerr << "wsdsim " << command << ": warning: requirement ids not checked for " << first
              << (scenarios.size() > 1
                      ? " and " + std::to_string(scenarios.size() - 1) + " other scenario(s)"
                      : std::string())
              << ": no " << kRequirementCatalogueFileName
              << (root ? " in its suite root " + root->string()
                       : std::string(" in its folder or any folder above it"))
              << "; name a catalogue with --requirements FILE (docs/scenario-format.md, "
                 "\"Requirement catalogue\")\n";
}

} // namespace

nlohmann::json
CheckRequirementIds(const std::vector<ScenarioCase>& cases,
                    const std::string& requirementsFile,
                    const std::string& command)
{
    if (!requirementsFile.empty())
    {
        const RequirementCatalogue catalogue = LoadRequirementCatalogueFile(requirementsFile);
        for (const auto& scenarioCase : cases)
        {
            CheckCitedRequirements(scenarioCase, catalogue);
        }
        return catalogue.entries;
    }
    SuiteCatalogues catalogues;
    std::vector<std::string> unchecked;
    for (const auto& scenarioCase : cases)
    {
        if (const RequirementCatalogue* catalogue = catalogues.Of(scenarioCase))
        {
            CheckCitedRequirements(scenarioCase, *catalogue);
        }
        else if (unchecked.empty() || unchecked.back() != scenarioCase.scenarioPath)
        {
            unchecked.push_back(scenarioCase.scenarioPath);
        }
    }
    WarnUnchecked(unchecked, command);
    return catalogues.Entries();
}

void
AddRequirementsOption(CLI::App& command, std::string& file)
{
    command.add_option("--requirements",
                       file,
                       "The requirement catalogue every cited requirement id must be in "
                       "(default: requirements.json in each scenario's suite root; without one, "
                       "the installed catalogue when wsdsim is installed, else ids are not "
                       "checked and a warning says so)");
}

} // namespace wsdsim

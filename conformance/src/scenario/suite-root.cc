// Where a scenario's suite begins: the folder its case ids are named from and where its
// requirement catalogue is kept.
#include "scenario/suite-root.h"

namespace wsdsim
{

namespace fs = std::filesystem;

std::optional<fs::path>
FindSuiteRoot(const std::string& scenarioFile)
{
    const fs::path absolute = fs::absolute(scenarioFile).lexically_normal();
    for (fs::path folder = absolute.parent_path(); !folder.empty(); folder = folder.parent_path())
    {
        std::error_code ignored;
        if (fs::exists(folder / kScenarioSchemaFileName, ignored)
            || fs::exists(folder / kRequirementCatalogueFileName, ignored))
        {
            return folder;
        }
        if (folder == folder.root_path())
        {
            break;
        }
    }
    return std::nullopt;
}

std::string
ScenarioNameOf(const std::string& scenarioFile)
{
    fs::path absolute = fs::absolute(scenarioFile).lexically_normal();
    if (const auto root = FindSuiteRoot(scenarioFile))
    {
        return absolute.lexically_relative(*root).replace_extension("").generic_string();
    }
    return (absolute.parent_path().filename() / absolute.stem()).generic_string();
}

} // namespace wsdsim

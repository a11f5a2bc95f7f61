// Case selection and options shared by the subcommands.
#include <filesystem>
#include <fstream>
#include <regex>

#include "cli/commands.h"
#include "common/input-error.h"
#include "common/json-locator.h"
#include "common/time-text.h"
#include "scenario/scenario-loader.h"

namespace wsdsim
{

namespace fs = std::filesystem;

Tolerance
ToleranceOptions::Get() const
{
    Tolerance tolerance;
    tolerance.floorNs = ParseDuration(floor);
    if (tolerance.floorNs < 0)
    {
        throw InputError("--tolerance-floor",
                         0,
                         0,
                         "",
                         "expected a duration such as 5ms, found \"" + floor + "\"");
    }
    if (share < 0 || share > 10)
    {
        throw InputError("--tolerance-share", 0, 0, "", "expected a share from 0 to 10");
    }
    tolerance.share = share;
    return tolerance;
}

std::vector<ScenarioCase>
SelectCases(const Selection& selection)
{
    std::vector<ScenarioCase> cases = LoadCases(selection.paths);
    if (selection.filter.empty())
    {
        return cases;
    }
    std::regex pattern;
    try
    {
        pattern = std::regex(selection.filter);
    }
    catch (const std::regex_error& error)
    {
        throw InputError(
            "--filter", 0, 0, "", "not a regular expression: " + std::string(error.what()));
    }
    std::vector<ScenarioCase> selected;
    for (auto& scenarioCase : cases)
    {
        if (std::regex_search(scenarioCase.id, pattern))
        {
            selected.push_back(std::move(scenarioCase));
        }
    }
    return selected;
}

nlohmann::json
LoadRequirementCatalogue(const std::vector<std::string>& paths)
{
    for (const auto& path : paths)
    {
        for (fs::path folder = fs::absolute(path); !folder.empty() && folder != folder.root_path();
             folder = folder.parent_path())
        {
            const fs::path catalogue = folder / "requirements.json";
            if (fs::exists(catalogue) && fs::exists(folder / "scenario.schema.json"))
            {
                std::ifstream in(catalogue, std::ios::binary);
                const std::string text((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>());
                try
                {
                    return nlohmann::json::parse(text);
                }
                catch (const nlohmann::json::exception& error)
                {
                    const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&error);
                    const auto [line, column] = JsonLocator::LineColumn(
                        text, parse && parse->byte > 0 ? parse->byte - 1 : 0);
                    const std::string message = error.what();
                    throw InputError(catalogue.string(),
                                     line,
                                     column,
                                     "",
                                     "invalid JSON: " + message.substr(message.find("] ") + 2));
                }
            }
        }
    }
    return nlohmann::json::array();
}

} // namespace wsdsim

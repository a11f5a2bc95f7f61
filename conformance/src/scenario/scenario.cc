// Derived facts of a scenario case: its requirement ids, parameter key and reference path.
#include "scenario/scenario.h"

#include <algorithm>

namespace wsdsim
{

const char*
LevelName(Level level)
{
    switch (level)
    {
        case Level::MUST:
            return "MUST";
        case Level::SHOULD:
            return "SHOULD";
        case Level::IMPLEMENTATION_DEFINED:
            return "IMPLEMENTATION-DEFINED";
    }
    return "MUST";
}

std::vector<std::string>
ScenarioCase::RequirementIds() const
{
    std::vector<std::string> ids;
    for (const auto& step : steps)
    {
        for (const auto& outcome : step.outcomes)
        {
            ids.insert(ids.end(), outcome.requirements.begin(), outcome.requirements.end());
        }
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

std::string
ScenarioCase::ParameterKey() const
{
    if (parameters.empty())
    {
        return "default";
    }
    std::string key;
    for (const auto& [dimension, label] : parameters)
    {
        key += key.empty() ? "" : ",";
        key += dimension + "=" + label;
    }
    return key;
}

std::string
ScenarioCase::ReferencePath() const
{
    std::string base = scenarioPath;
    if (base.size() > 5 && base.substr(base.size() - 5) == ".json")
    {
        base.resize(base.size() - 5);
    }
    return base + ".reference/" + ParameterKey() + ".jsonl";
}

} // namespace wsdsim

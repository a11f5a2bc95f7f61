// Case selection and options shared by the subcommands.
#include <algorithm>
#include <iterator>
#include <regex>

#include "cli/commands.h"
#include "common/data-layout.h"
#include "common/input-error.h"
#include "common/time-text.h"
#include "scenario/case-shard.h"
#include "scenario/scenario-loader.h"

namespace wsdsim
{

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

std::vector<std::string>
ScenarioPaths(const Selection& selection)
{
    if (!selection.paths.empty())
    {
        return selection.paths;
    }
    return {ShownPath(FindDataLayout().suite)};
}

std::string
KnownDivergencesFile(const std::string& given)
{
    if (!given.empty())
    {
        return given;
    }
    try
    {
        return ShownPath(FindDataLayout().knownDivergences);
    }
    catch (const InputError&)
    {
        // Without wsdsim's files there are no known divergences, as with a missing file.
        return "";
    }
}

SelectedCases
SelectCases(const Selection& selection, const std::string& command)
{
    SelectedCases selected;
    selected.all = LoadCases(ScenarioPaths(selection));
    // Every case's ids, not only those the filter keeps: a bad id is bad input whatever is run.
    selected.catalogue = CheckRequirementIds(selected.all, selection.requirements, command);
    if (selection.filter.empty())
    {
        selected.cases = selected.all;
        return selected;
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
    std::copy_if(selected.all.begin(),
                 selected.all.end(),
                 std::back_inserter(selected.cases),
                 [&pattern](const ScenarioCase& c) { return std::regex_search(c.id, pattern); });
    return selected;
}

std::vector<ScenarioCase>
CasesOfShard(const std::vector<ScenarioCase>& cases, const std::string& shard)
{
    return shard.empty() ? cases : SelectShard(cases, ParseShard(shard));
}

} // namespace wsdsim

// Merging the reports of a run's shards back into the report of one unsharded run.
#include "report/shard-merge.h"

#include <algorithm>
#include <map>

#include "common/input-error.h"

namespace wsdsim
{

namespace
{

/// A case's place in an unsharded run of one implementation: scenario file, then labels.
struct RunPlace
{
    std::string file;                //!< scenario name + ".json", sorted as the loader sorts
    std::vector<std::string> labels; //!< matrix labels, in dimension order
};

RunPlace
PlaceOf(const CaseResult& result)
{
    RunPlace place;
    std::string scenario = result.scenario;
    if (scenario.empty() || !result.id.starts_with(scenario))
    {
        scenario = result.id.substr(0, result.id.find('['));
    }
    place.file = scenario + ".json";
    // id = scenario "[" dimension=label ("," dimension=label)* "]"
    std::string_view key = std::string_view(result.id).substr(scenario.size());
    if (key.size() >= 2 && key.front() == '[' && key.back() == ']')
    {
        key = key.substr(1, key.size() - 2);
        while (!key.empty())
        {
            const size_t comma = std::min(key.find(','), key.size());
            const std::string_view pair = key.substr(0, comma);
            const size_t equals = pair.find('=');
            place.labels.emplace_back(equals == std::string_view::npos ? pair
                                                                       : pair.substr(equals + 1));
            key.remove_prefix(std::min(comma + 1, key.size()));
        }
    }
    return place;
}

/// Refuse a shard's report. \param folder the shard's folder \param what what is wrong with it
[[noreturn]] void
RefuseShard(const std::string& folder, const std::string& what)
{
    throw InputError(folder + "/index.json",
                     0,
                     0,
                     "",
                     what + " (the shards must come from one run split with --shard)");
}

/// \return "[a,b]"
std::string
BracketedList(const std::vector<std::string>& names)
{
    std::string text;
    for (const auto& name : names)
    {
        text += (text.empty() ? "" : ",") + name;
    }
    return "[" + text + "]";
}

/// Refuse a shard written by another tool or version, for other implementations or with another
/// requirement catalogue than the first shard.
void
CheckShardMatchesFirst(const std::string& folder,
                       const RunReport& shard,
                       const std::string& firstFolder,
                       const RunReport& first,
                       bool beside)
{
    if (shard.tool != first.tool || shard.version != first.version)
    {
        RefuseShard(folder,
                    "written by " + shard.tool + " " + shard.version + ", but " + firstFolder
                        + " by " + first.tool + " " + first.version);
    }
    if (!beside && shard.implementations != first.implementations)
    {
        RefuseShard(folder,
                    "implementations " + BracketedList(shard.implementations) + " differ from "
                        + firstFolder + "'s " + BracketedList(first.implementations));
    }
    if (shard.requirements != first.requirements)
    {
        RefuseShard(folder, "its requirement catalogue differs from " + firstFolder + "'s");
    }
}

/**
 * \brief Add a shard's cases to the merged report, refusing a case another shard has too or
 *        one run on an implementation the report does not list.
 * \param folder the shard's folder \param shard its report \param merged the merged report
 * \param seen (implementation, case id) -> the folder of the shard that has it
 */
void
AddShardCases(const std::string& folder,
              const RunReport& shard,
              RunReport& merged,
              std::map<std::pair<std::string, std::string>, std::string>& seen)
{
    for (const auto& result : shard.cases)
    {
        const auto [it, inserted]
            = seen.emplace(std::make_pair(result.implementation, result.id), folder);
        if (!inserted)
        {
            RefuseShard(folder,
                        "case " + result.implementation + " " + result.id + " is also in "
                            + it->second + ": the shards overlap");
        }
        if (std::find(
                merged.implementations.begin(), merged.implementations.end(), result.implementation)
            == merged.implementations.end())
        {
            RefuseShard(folder,
                        "case " + result.id + " ran on " + result.implementation
                            + ", which is not in its implementations list");
        }
        merged.cases.push_back(result);
    }
}

/// Put the cases in an unsharded run's order: by implementation (the list's order), then as
/// RunsBefore().
void
SortAsUnsharded(RunReport& merged)
{
    auto rank = [&](const std::string& implementation)
    {
        return std::find(
                   merged.implementations.begin(), merged.implementations.end(), implementation)
               - merged.implementations.begin();
    };
    std::stable_sort(merged.cases.begin(),
                     merged.cases.end(),
                     [&](const CaseResult& a, const CaseResult& b)
                     {
                         const auto left = rank(a.implementation);
                         const auto right = rank(b.implementation);
                         return left != right ? left < right : RunsBefore(a, b);
                     });
}
} // namespace

bool
RunsBefore(const CaseResult& a, const CaseResult& b)
{
    const RunPlace left = PlaceOf(a);
    const RunPlace right = PlaceOf(b);
    if (left.file != right.file)
    {
        return left.file < right.file;
    }
    return left.labels < right.labels;
}

RunReport
MergeShardReports(const std::vector<std::pair<std::string, RunReport>>& shards, bool beside)
{
    if (shards.empty())
    {
        throw InputError("merge", 0, 0, "", "no shard to merge");
    }
    const auto& [firstFolder, first] = shards.front();
    RunReport merged;
    merged.tool = first.tool;
    merged.version = first.version;
    merged.implementations = first.implementations;
    merged.requirements = first.requirements;
    std::map<std::pair<std::string, std::string>, std::string> seen; // (impl, id) -> folder
    for (const auto& [folder, shard] : shards)
    {
        CheckShardMatchesFirst(folder, shard, firstFolder, first, beside);
        for (const auto& implementation : shard.implementations)
        {
            if (std::find(
                    merged.implementations.begin(), merged.implementations.end(), implementation)
                == merged.implementations.end())
            {
                merged.implementations.push_back(implementation); // only when beside
            }
        }
        AddShardCases(folder, shard, merged, seen);
        merged.wallSeconds = std::max(merged.wallSeconds, shard.wallSeconds);
    }
    SortAsUnsharded(merged);
    return merged;
}

} // namespace wsdsim

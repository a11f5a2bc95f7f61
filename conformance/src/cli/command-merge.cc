// `wsdsim merge`: combine the report folders of a sharded run into the report of the whole run.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "common/input-error.h"
#include "report/report-writer.h"
#include "report/shard-merge.h"
#include "scenario/scenario-loader.h"

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
struct MergeOptions
{
    std::string out;
    std::vector<std::string> shards;
    std::string junit;
    bool quiet{false};
    bool beside{false};
};

/// Read a shard's index.json. \throws InputError when it is not a report folder
RunReport
ReadShard(const std::string& folder)
{
    if (!IsReportFolder(folder))
    {
        throw InputError(
            folder, 0, 0, "", "not a report folder (expected an index.json written by wsdsim run)");
    }
    const std::string path = (fs::path(folder) / kIndexFileName).string();
    std::ifstream in(path);
    try
    {
        return RunReportFromIndex(nlohmann::json::parse(in));
    }
    catch (const std::exception& error)
    {
        throw InputError(path, 0, 0, "", error.what());
    }
}

/// Whether two files hold the same bytes.
bool
SameContent(const fs::path& a, const fs::path& b)
{
    if (fs::file_size(a) != fs::file_size(b))
    {
        return false;
    }
    std::ifstream left(a, std::ios::binary);
    std::ifstream right(b, std::ios::binary);
    return std::equal(std::istreambuf_iterator<char>(left),
                      std::istreambuf_iterator<char>(),
                      std::istreambuf_iterator<char>(right));
}

/**
 * Put a shard's artifacts (traces/, pcap/ and whatever else it holds besides the four report
 * files) into the merged folder, hard-linked when the file system allows, else copied, so
 * that the merged report's links work. A file two shards both hold must be the same bytes.
 */
void
LinkArtifacts(const fs::path& shard, const fs::path& merged)
{
    const std::set<std::string> reportFiles{
        kIndexFileName, kJUnitFileName, kMarkdownFileName, kHtmlFileName};
    for (const auto& top : fs::directory_iterator(shard))
    {
        const std::string name = top.path().filename().string();
        if (reportFiles.contains(name) || name.starts_with('.'))
        {
            continue;
        }
        std::vector<fs::path> files;
        if (top.is_directory())
        {
            for (const auto& entry : fs::recursive_directory_iterator(top.path()))
            {
                if (entry.is_regular_file())
                {
                    files.push_back(entry.path());
                }
            }
        }
        else if (top.is_regular_file())
        {
            files.push_back(top.path());
        }
        for (const auto& file : files)
        {
            const fs::path target = merged / file.lexically_relative(shard);
            if (fs::exists(target))
            {
                if (!SameContent(file, target))
                {
                    throw InputError(file.string(),
                                     0,
                                     0,
                                     "",
                                     "another shard holds a different "
                                         + file.lexically_relative(shard).generic_string()
                                         + ": the shards overlap");
                }
                continue;
            }
            fs::create_directories(target.parent_path());
            std::error_code code;
            fs::create_hard_link(file, target, code);
            if (code)
            {
                fs::copy_file(file, target);
            }
        }
    }
}

/// Give the merged report the cases its results came from, for the narration's clauses: each
/// scenario file named in a result is loaded once; one that is gone or no longer loads leaves
/// its cases without clauses (the report is still written).
void
AddScenarioCases(RunReport& report)
{
    std::set<std::string> loaded;
    for (const auto& result : report.cases)
    {
        if (result.scenarioPath.empty() || !loaded.insert(result.scenarioPath).second)
        {
            continue;
        }
        try
        {
            Scenario scenario = LoadScenario(result.scenarioPath);
            for (auto& scenarioCase : scenario.cases)
            {
                report.scenarioCases.emplace(scenarioCase.id, std::move(scenarioCase));
            }
        }
        catch (const InputError&)
        {
            // narrated without clauses
        }
    }
}

int
Merge(const MergeOptions& options)
{
    std::vector<std::pair<std::string, RunReport>> shards;
    const fs::path out = fs::weakly_canonical(fs::absolute(options.out));
    for (const auto& folder : options.shards)
    {
        if (fs::weakly_canonical(fs::absolute(folder)) == out)
        {
            throw InputError(
                folder, 0, 0, "", "the merged report cannot replace one of its shards");
        }
        shards.emplace_back(folder, ReadShard(folder));
    }
    RunReport merged = MergeShardReports(shards, options.beside);
    AddScenarioCases(merged);

    ReportStaging staging;
    const fs::path directory = staging.Begin(options.out);
    for (const auto& folder : options.shards)
    {
        LinkArtifacts(folder, directory);
    }
    staging.Commit(merged);
    if (!options.junit.empty())
    {
        WriteJUnitFile(merged, options.junit);
    }
    if (!options.quiet)
    {
        std::map<Verdict, size_t> counts;
        for (const auto& result : merged.cases)
        {
            ++counts[result.verdict];
        }
        std::cout << merged.cases.size() << " cases from " << shards.size() << " shards:";
        for (const auto& [verdict, count] : counts)
        {
            std::cout << " " << count << " " << VerdictName(verdict);
        }
        std::cout << "; report: " << options.out << "/summary.html\n";
    }
    return merged.ExitStatus();
}
} // namespace

void
AddMergeCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<MergeOptions>();
    CLI::App* merge = app.add_subcommand(
        "merge",
        "Combine the report folders of `run --shard K/N` runs into one report, as an unsharded "
        "run writes it (exit status of the merged run; 2 for overlapping or inconsistent shards)");
    merge->add_option("out", options->out, "The merged report folder (written atomically)")
        ->required();
    merge->add_option("shards", options->shards, "The shards' report folders")->required();
    merge->add_option("--junit", options->junit, "Also write the JUnit XML here");
    merge->add_flag("--quiet,-q", options->quiet, "Print nothing but errors");
    merge->add_flag("--beside",
                    options->beside,
                    "The reports are runs of different implementations (a `wsdsim import` of a "
                    "Windows run beside `run --impl all`): one case x implementation matrix");
    merge->callback([options, &exitCode]() { exitCode = Merge(*options); });
}

} // namespace wsdsim

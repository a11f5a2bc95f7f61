// `wsdsim update-reference`: record the model's traces as references, showing what changes.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <unistd.h>

#include "cli/commands.h"
#include "suite/runner.h"

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
struct UpdateOptions
{
    Selection selection;
    bool check{false};
    unsigned jobs{1};
};

std::string
ReadFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Show the difference with diff -u (diffutils is an essential Debian package).
void
ShowDifference(const fs::path& before, const fs::path& after)
{
    const std::string command
        = "diff -u '" + before.string() + "' '" + after.string() + "' | head -n 60";
    std::fflush(stdout);
    if (std::system(command.c_str()) != 0)
    {
        std::cout << "(diff not available)\n";
    }
}

int
Update(const UpdateOptions& options)
{
    const auto cases = SelectCases(options.selection);
    const fs::path work = fs::temp_directory_path() / ("wsdsim-update-" + std::to_string(getpid()));
    fs::create_directories(work);
    RunConfig config;
    config.jobs = options.jobs;
    const auto results = RunCases(cases, config, work.string());
    size_t changed = 0;
    size_t missing = 0;
    int status = 0;
    for (size_t i = 0; i < cases.size(); ++i)
    {
        const fs::path trace = work / results[i].tracePath;
        const fs::path reference = cases[i].ReferencePath();
        if (results[i].tracePath.empty() || !fs::is_regular_file(trace))
        {
            std::cerr << "wsdsim update-reference: " << cases[i].id << ": no trace ("
                      << results[i].reason << ")\n";
            status = 2;
            continue;
        }
        const std::string fresh = ReadFile(trace);
        if (fs::exists(reference) && ReadFile(reference) == fresh)
        {
            continue;
        }
        if (!fs::exists(reference))
        {
            ++missing;
            std::cout << (options.check ? "missing   " : "new       ") << reference.string()
                      << "\n";
        }
        else
        {
            ++changed;
            std::cout << (options.check ? "stale     " : "updated   ") << reference.string()
                      << "\n";
            ShowDifference(reference, trace);
        }
        if (!options.check)
        {
            fs::create_directories(reference.parent_path());
            const fs::path temporary = reference.string() + ".tmp";
            fs::copy_file(trace, temporary, fs::copy_options::overwrite_existing);
            fs::rename(temporary, reference);
        }
    }
    fs::remove_all(work);
    std::cout << cases.size() << " cases: " << missing << " reference(s) "
              << (options.check ? "missing" : "new") << ", " << changed << " "
              << (options.check ? "stale" : "updated") << "\n";
    if (status != 0)
    {
        return status;
    }
    return options.check && (missing + changed) > 0 ? 1 : 0;
}
} // namespace

void
AddUpdateReferenceCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<UpdateOptions>();
    CLI::App* update = app.add_subcommand(
        "update-reference",
        "Record the model's traces as the reference traces, showing the difference");
    update->add_option(
        "paths", options->selection.paths, "Scenario files and folders (default: scenarios)");
    update->add_option("--filter",
                       options->selection.filter,
                       "Only cases whose id matches this regular expression");
    update->add_flag(
        "--check", options->check, "Change nothing; exit 1 when a reference is missing or stale");
    update->add_option("--jobs,-j", options->jobs, "Cases run at once")
        ->check(CLI::Range(1u, 256u));
    update->callback([options, &exitCode]() { exitCode = Update(*options); });
}

} // namespace wsdsim

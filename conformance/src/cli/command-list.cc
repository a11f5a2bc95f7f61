// `wsdsim list`: the cases a run would execute, as text, JSON or CTest registrations.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "common/input-error.h"

namespace wsdsim
{

namespace
{
struct ListOptions
{
    Selection selection;
    std::string format{"text"};
    std::string program{"wsdsim"};
    std::string workingDirectory{"."};
    std::string output;
    std::string shard;
    std::string knownDivergences;
};

/// A CMake bracket argument that cannot end early.
std::string
Bracket(const std::string& text)
{
    return "[==[" + text + "]==]";
}

/// A regular expression matching exactly one text.
std::string
ExactPattern(const std::string& text)
{
    std::string pattern = "^";
    for (const char ch : text)
    {
        if (std::string("\\^$.|?*+()[]{}").find(ch) != std::string::npos)
        {
            pattern += '\\';
        }
        pattern += ch;
    }
    return pattern + "$";
}

void
WriteList(const ListOptions& options, const std::vector<ScenarioCase>& cases, std::ostream& out)
{
    if (options.format == "json")
    {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& c : cases)
        {
            list.push_back({{"id", c.id},
                            {"scenario", c.scenarioPath},
                            {"description", c.description},
                            {"requirements", c.RequirementIds()},
                            {"reference", c.ReferencePath()}});
        }
        out << list.dump(2) << "\n";
        return;
    }
    for (const auto& c : cases)
    {
        if (options.format == "ctest")
        {
            // One CTest test per case, named after its id, so that `ctest -R linger` runs the
            // linger cases.
            const std::string name = Bracket("case:" + c.id);
            out << "add_test(" << name << " " << Bracket(options.program) << " run "
                << Bracket(c.scenarioPath) << " --filter " << Bracket(ExactPattern(c.id))
                << " --quiet --out " << Bracket("ctest-reports/" + c.id)
                << (options.knownDivergences.empty()
                        ? std::string()
                        : " --known-divergences " + Bracket(options.knownDivergences))
                << ")\n"
                << "set_tests_properties(" << name << " PROPERTIES WORKING_DIRECTORY "
                << Bracket(options.workingDirectory) << " LABELS scenario)\n";
            continue;
        }
        out << c.id << "\n";
    }
}

int
List(const ListOptions& options)
{
    const SelectedCases selected = SelectCases(options.selection, "list");
    const auto cases = CasesOfShard(selected.cases, options.shard);
    if (options.output.empty())
    {
        WriteList(options, cases, std::cout);
        return 0;
    }
    const std::string temporary = options.output + ".tmp";
    {
        std::ofstream file(temporary);
        if (!file)
        {
            throw InputError(options.output, 0, 0, "", "cannot write the list");
        }
        WriteList(options, cases, file);
    }
    std::filesystem::rename(temporary, options.output);
    return 0;
}
} // namespace

void
AddListCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<ListOptions>();
    CLI::App* list = app.add_subcommand("list", "List the cases a run would execute");
    list->add_option("paths", options->selection.paths, kScenarioPathsHelp);
    list->add_option("--filter",
                     options->selection.filter,
                     "Only cases whose id matches this regular expression");
    list->add_option("--format", options->format, "text, json or ctest")
        ->check(CLI::IsMember({"text", "json", "ctest"}));
    list->add_option("--program", options->program, "ctest format: the wsdsim to call");
    list->add_option(
        "--working-directory", options->workingDirectory, "ctest format: where tests run");
    list->add_option("--output,-o", options->output, "Write the list to this file (atomically)");
    list->add_option("--known-divergences",
                     options->knownDivergences,
                     "ctest format: the known divergences the tests use");
    AddRequirementsOption(*list, options->selection.requirements);
    list->add_option("--shard",
                     options->shard,
                     "Only shard K of N (K/N): a stable share of the selected cases, chosen by "
                     "case id (merge the shards' reports with `wsdsim merge`)");
    list->callback([options, &exitCode]() { exitCode = List(*options); });
}

} // namespace wsdsim

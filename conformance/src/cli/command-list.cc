// `wsdsim list`: the cases a run would execute, as text, JSON or CTest registrations.
#include "commands.h"

#include <iostream>
#include <memory>

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
};

/// A CMake bracket argument that cannot end early.
std::string
Bracket(const std::string& text)
{
    return "[==[" + text + "]==]";
}

int
List(const ListOptions& options)
{
    const auto cases = SelectCases(options.selection);
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
        std::cout << list.dump(2) << "\n";
        return 0;
    }
    for (const auto& c : cases)
    {
        if (options.format == "ctest")
        {
            // One CTest test per case, named after its id, so that `ctest -R linger` runs the
            // linger cases.
            std::string pattern = "^";
            for (const char ch : c.id)
            {
                if (std::string("\\^$.|?*+()[]{}").find(ch) != std::string::npos)
                {
                    pattern += '\\';
                }
                pattern += ch;
            }
            pattern += "$";
            std::cout << "add_test(" << Bracket("case:" + c.id) << " " << Bracket(options.program) << " run "
                      << Bracket(c.scenarioPath) << " --filter " << Bracket(pattern) << " --quiet --out "
                      << Bracket("ctest-reports/" + c.id) << ")\n"
                      << "set_tests_properties(" << Bracket("case:" + c.id) << " PROPERTIES WORKING_DIRECTORY "
                      << Bracket(options.workingDirectory) << " LABELS scenario)\n";
            continue;
        }
        std::cout << c.id << "\n";
    }
    return 0;
}
} // namespace

void
AddListCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<ListOptions>();
    CLI::App* list = app.add_subcommand("list", "List the cases a run would execute");
    list->add_option("paths", options->selection.paths, "Scenario files and folders (default: scenarios)");
    list->add_option("--filter", options->selection.filter, "Only cases whose id matches this regular expression");
    list->add_option("--format", options->format, "text, json or ctest")->check(CLI::IsMember({"text", "json", "ctest"}));
    list->add_option("--program", options->program, "ctest format: the wsdsim to call");
    list->add_option("--working-directory", options->workingDirectory, "ctest format: where tests run");
    list->callback([options, &exitCode]() { exitCode = List(*options); });
}

} // namespace wsdsim

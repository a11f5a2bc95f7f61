// `wsdsim schema`: the JSON Schema of scenario files, generated from the call vocabulary.
#include <iostream>

#include "cli/commands.h"
#include "scenario/scenario-schema.h"

namespace wsdsim
{

void
AddSchemaCommand(CLI::App& app, int& exitCode)
{
    CLI::App* schema = app.add_subcommand(
        "schema",
        "Print the JSON Schema of scenario files (scenarios/scenario.schema.json is its copy): "
        "each call's arguments and the outcome fields a step of it may expect, from the call "
        "vocabulary");
    schema->callback(
        [&exitCode]()
        {
            std::cout << ScenarioSchema().dump(2) << "\n";
            exitCode = 0;
        });
}

} // namespace wsdsim

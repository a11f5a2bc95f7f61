// wsdsim: load scenarios, run them on an implementation, compare traces, report verdicts.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "common/input-error.h"

int
main(int argc, char** argv)
{
    CLI::App app{
        "wsdsim: conformance of Windows Sockets disconnect semantics (WSASendDisconnect, "
        "shutdown, closesocket and SO_LINGER).\nExit status: 0 all good, 1 non-conformance, "
        "2 bad input or harness fault."};
    app.require_subcommand(1);
    int exitCode = 0;
    wsdsim::AddRunCommand(app, exitCode);
    wsdsim::AddListCommand(app, exitCode);
    wsdsim::AddCheckCommand(app, exitCode);
    wsdsim::AddUpdateReferenceCommand(app, exitCode);
    wsdsim::AddMergeCommand(app, exitCode);
    wsdsim::AddExplainCommand(app, exitCode);
    wsdsim::AddSchemaCommand(app, exitCode);
    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& error)
    {
        const int code = app.exit(error);
        return code == 0 ? 0 : 2;
    }
    catch (const wsdsim::InputError& error)
    {
        std::cerr << "wsdsim: " << error.what() << "\n";
        return 2;
    }
    catch (const std::exception& error)
    {
        std::cerr << "wsdsim: internal error: " << error.what() << "\n";
        return 2;
    }
    return exitCode;
}

// wsdsim: load scenarios, run them on an implementation, compare traces, report verdicts.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "common/input-error.h"

namespace
{
/// \return the first sentence of a subcommand's description: one line of the list
std::string
FirstSentence(const std::string& description)
{
    const size_t end = std::min(description.find(". "), description.find(": "));
    return description.substr(0, end == std::string::npos ? description.size() : end);
}

/// Print the usage line and each subcommand with one line (a bare `wsdsim`).
void
PrintSubcommands(CLI::App& app, std::ostream& out)
{
    out << "usage: wsdsim <command> [options]  (wsdsim <command> --help: its options; "
           "wsdsim --help, wsdsim --version)\n\ncommands:\n";
    for (const CLI::App* command : app.get_subcommands({}))
    {
        out << "  " << std::left << std::setw(18) << command->get_name()
            << FirstSentence(command->get_description()) << "\n";
    }
}
} // namespace

int
main(int argc, char** argv)
{
    CLI::App app{
        "wsdsim: conformance of Windows Sockets disconnect semantics (WSASendDisconnect, "
        "shutdown, closesocket and SO_LINGER).\nExit status: 0 all good, 1 non-conformance, "
        "2 bad input or harness fault."};
    app.require_subcommand(0, 1);
    app.set_version_flag("--version",
                         "wsdsim " WSDSIM_VERSION "\nns-3 " WSDSIM_NS3_VERSION,
                         "Print the version of wsdsim and of the ns-3 it is built on");
    int exitCode = 0;
    wsdsim::AddRunCommand(app, exitCode);
    wsdsim::AddListCommand(app, exitCode);
    wsdsim::AddCheckCommand(app, exitCode);
    wsdsim::AddUpdateReferenceCommand(app, exitCode);
    wsdsim::AddMergeCommand(app, exitCode);
    wsdsim::AddBundleCommand(app, exitCode);
    wsdsim::AddImportCommand(app, exitCode);
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
    if (app.get_subcommands().empty())
    {
        // A bare `wsdsim`: a usage error, with what the user may say instead.
        PrintSubcommands(app, std::cerr);
        return 2;
    }
    return exitCode;
}

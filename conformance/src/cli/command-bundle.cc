// `wsdsim bundle`: the selected cases, the Winsock driver and its runner in one zip to copy to a
// Windows machine (docs/windows.md).
#include <iostream>
#include <memory>
#include <stdexcept>

#include "cli/commands.h"
#include "common/data-layout.h"
#include "run/bundle-writer.h"

namespace wsdsim
{

namespace
{
struct BundleCommandOptions
{
    Selection selection;
    std::string out;
    std::string shard;
};

int
Bundle(const BundleCommandOptions& options)
{
    const SelectedCases selected = SelectCases(options.selection, "bundle");
    const auto cases = CasesOfShard(selected.cases, options.shard);
    if (cases.empty())
    {
        std::cerr << "wsdsim bundle: no case matches\n";
        return 2;
    }
    const DataLayout& layout = FindDataLayout();
    try
    {
        WriteBundle(
            cases,
            {layout.drivers / "wsdsim-driver-winsock.exe", layout.bundleFiles, WSDSIM_VERSION},
            options.out);
    }
    catch (const std::runtime_error& error)
    {
        // A driver not built, a runner file missing from an install, an unwritable --out.
        std::cerr << "wsdsim bundle: " << error.what() << "\n";
        return 2;
    }
    std::cout << options.out << ": " << cases.size()
              << " cases; on Windows unzip it and run wsdsim-bundle\\run.cmd, then "
                 "`wsdsim import results.zip --out REPORT` (docs/windows.md)\n";
    return 0;
}
} // namespace

void
AddBundleCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<BundleCommandOptions>();
    CLI::App* bundle = app.add_subcommand(
        "bundle", "Write the cases, the Winsock driver and its runner into a zip for Windows");
    bundle->add_option("paths", options->selection.paths, kScenarioPathsHelp);
    bundle->add_option("--filter",
                       options->selection.filter,
                       "Only cases whose id matches this regular expression");
    bundle->add_option("--out", options->out, "The zip to write")->required();
    bundle->add_option(
        "--shard", options->shard, "Only shard K of N (K/N), as `run --shard` chooses it");
    AddRequirementsOption(*bundle, options->selection.requirements);
    bundle->callback([options, &exitCode]() { exitCode = Bundle(*options); });
}

} // namespace wsdsim

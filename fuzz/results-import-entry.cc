// Fuzz entry for `wsdsim import`'s reading of a results archive: bytes -> results.zip ->
// UnpackResults -> ReadImportedRun against one known case.
#include "fuzz-entries.h"
#include "fuzz-files.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "common/input-error.h"
#include "run/imported-run.h"
#include "run/results-archive.h"

namespace
{
namespace fs = std::filesystem;

/// \return the names in a folder and, below it, in its results-import/ folder
std::set<std::string>
NamesIn(const fs::path& folder)
{
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
    {
        names.insert(entry.path().filename().string());
    }
    for (const auto& entry : fs::directory_iterator(folder / "results-import"))
    {
        names.insert("results-import/" + entry.path().filename().string());
    }
    return names;
}
} // namespace

int
WsdsimFuzzResultsImport(const uint8_t* data, size_t size)
{
    const std::string zip = wsdsim::WriteScratchFile("results-import/results.zip", data, size);
    const fs::path scratch(wsdsim::FuzzScratchFolder());
    const fs::path folder = scratch / "results-import" / "unpacked";
    fs::remove_all(folder);
    fs::create_directories(folder);
    const std::set<std::string> before = NamesIn(scratch);
    // Membership is all the reader asks of a known case.
    static const wsdsim::ScenarioCase knownCase;
    const std::map<std::string, const wsdsim::ScenarioCase*> known{
        {"errors/send-disconnect-fault[buffer=null]", &knownCase}};
    try
    {
        const auto names = wsdsim::UnpackResults(zip, folder);
        const auto run = wsdsim::ReadImportedRun(zip, folder, names, known);
        (void)run.implementation;
    }
    catch (const wsdsim::InputError& error)
    {
        (void)error.what();
    }
    // Nothing may be written outside the folder it was given.
    if (NamesIn(scratch) != before)
    {
        std::fprintf(stderr, "results import wrote outside %s\n", folder.c_str());
        std::abort();
    }
    return 0;
}

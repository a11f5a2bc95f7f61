// Replays saved fuzz inputs (crash regressions, seed corpora) through the fuzz entry functions.
//
// Usage: wsdsim-fuzz-replay TARGET PATH...   (TARGET: scenario-loader, trace-reader, comparator,
// results-import;
//                                             PATH: files, or folders replayed recursively)
//        wsdsim-fuzz-replay --all FUZZ-FOLDER (every target: FUZZ-FOLDER/regressions/TARGET and
//                                             FUZZ-FOLDER/corpus/TARGET)
// A crash, a sanitizer report or an exception escaping an entry ends the process abnormally;
// otherwise it prints the counts and exits 0. With --all, the inputs listed in
// FUZZ-FOLDER/known-open.tsv (bugs not fixed yet) run in a child process each: still failing is
// reported as KNOWN, passing as a reminder to remove the line.
#include "fuzz-entries.h"
#include "fuzz-files.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace
{

using Entry = int (*)(const uint8_t*, size_t);

/// The bytes of a file.
std::vector<char>
ReadBytes(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return std::vector<char>((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
}

/// Run an entry on a known-open input in a child process. \return whether the child failed
bool
FailsInChild(Entry entry, const std::vector<char>& bytes)
{
    // The parent owns the scratch folder (and removes it at exit); the child leaves by _exit.
    (void)wsdsim::FuzzScratchFolder();
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0)
    {
        entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        std::fflush(nullptr);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/// Replay every file under some paths through an entry; \return the number of files.
size_t
Replay(const std::string& target,
       Entry entry,
       const std::vector<fs::path>& paths,
       const std::set<std::string>& knownOpen = {})
{
    std::vector<fs::path> files;
    for (const auto& path : paths)
    {
        if (fs::is_directory(path))
        {
            for (const auto& item : fs::recursive_directory_iterator(path))
            {
                if (item.is_regular_file())
                {
                    files.push_back(item.path());
                }
            }
        }
        else if (fs::is_regular_file(path))
        {
            files.push_back(path);
        }
        // A folder that does not exist (no crash ever found) replays nothing.
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files)
    {
        const std::vector<char> bytes = ReadBytes(file);
        if (knownOpen.count(file.filename().string()))
        {
            const bool fails = FailsInChild(entry, bytes);
            std::printf("%s %s: %s\n",
                        fails ? "KNOWN " : "PASSES",
                        target.c_str(),
                        fails ? (file.string() + " still fails (a bug of known-open.tsv)").c_str()
                              : (file.string()
                                 + " no longer fails here: if fixed, remove it from known-open.tsv")
                                    .c_str());
            continue;
        }
        // Named before the call, so that a crash's output says which input it was.
        std::fprintf(stderr, "replay %s: %s\n", target.c_str(), file.c_str());
        entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("%s: replayed %zu inputs\n", target.c_str(), files.size());
    return files.size();
}

} // namespace

int
main(int argc, char** argv)
{
    const std::map<std::string, Entry> entries{
        {"scenario-loader", &WsdsimFuzzScenarioLoader},
        {"trace-reader", &WsdsimFuzzTraceReader},
        {"comparator", &WsdsimFuzzComparator},
        {"results-import", &WsdsimFuzzResultsImport},
    };
    const std::string first = argc > 1 ? argv[1] : "";
    if (first == "--all" && argc == 3)
    {
        const fs::path folder(argv[2]);
        if (!fs::is_directory(folder / "corpus"))
        {
            std::fprintf(stderr, "%s: %s has no corpus folder\n", argv[0], argv[2]);
            return 2;
        }
        // known-open.tsv: target, file name, the bug (tab-separated; # comments).
        std::map<std::string, std::set<std::string>> knownOpen;
        std::ifstream list(folder / "known-open.tsv");
        for (std::string line; std::getline(list, line);)
        {
            std::istringstream fields(line);
            std::string target;
            std::string file;
            if (!line.empty() && line[0] != '#' && std::getline(fields, target, '\t')
                && std::getline(fields, file, '\t'))
            {
                knownOpen[target].insert(file);
            }
        }
        for (const auto& [target, entry] : entries)
        {
            Replay(target,
                   entry,
                   {folder / "regressions" / target, folder / "corpus" / target},
                   knownOpen[target]);
        }
        return 0;
    }
    if (argc < 3 || !entries.count(first))
    {
        std::fprintf(stderr,
                     "usage: %s scenario-loader|trace-reader|comparator|results-import PATH...\n"
                     "       %s --all FUZZ-FOLDER\n",
                     argv[0],
                     argv[0]);
        return 2;
    }
    Replay(first, entries.at(first), std::vector<fs::path>(argv + 2, argv + argc));
    return 0;
}

// Makes the wine backend's Wine prefix on first use, in the user's cache folder.
#include "run/wine-prefix.h"

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <pwd.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "run/exec-program.h"

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
/// Written last into a prefix that is whole.
constexpr const char* kReadyFile = ".wsdsim-ready";

/// \return the user's cache folder: $XDG_CACHE_HOME, else $HOME/.cache, else the passwd home's
std::string
CacheFolder()
{
    const char* cache = std::getenv("XDG_CACHE_HOME");
    if (cache != nullptr && cache[0] == '/')
    {
        return cache;
    }
    const char* home = std::getenv("HOME");
    if (home == nullptr || home[0] == '\0')
    {
        const passwd* entry = getpwuid(getuid());
        home = entry != nullptr ? entry->pw_dir : "/tmp";
    }
    return std::string(home) + "/.cache";
}

/// Run a Wine program in the prefix. \return its exit status (-1 when it could not run)
int
RunInPrefix(const std::string& folder, std::vector<std::string> arguments)
{
    const pid_t pid = fork();
    if (pid == 0)
    {
        // wineboot's own messages would mix with the run's output.
        const int devNull = open("/dev/null", O_WRONLY);
        dup2(devNull, STDOUT_FILENO);
        dup2(devNull, STDERR_FILENO);
        ExecWithEnvironment(
            arguments,
            {"WINEPREFIX=" + folder, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml="});
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
    {
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Make the prefix anew. \return "" or what went wrong
std::string
MakePrefix(const std::string& folder)
{
    std::error_code ignored;
    fs::remove_all(folder, ignored);
    std::cerr << "wsdsim: making the Wine prefix " << folder << " (once; may take a minute)\n";
    if (RunInPrefix(folder, {kWine64, "wineboot", "--init"}) != 0)
    {
        return "wineboot --init failed in " + folder;
    }
    // Wait until the server has written the prefix out.
    RunInPrefix(folder, {kWineServer, "-w"});
    std::ofstream(fs::path(folder) / kReadyFile) << "made by wsdsim\n";
    return "";
}
} // namespace

std::string
WinePrefixFolder()
{
    return CacheFolder() + "/wsdsim/wine-prefix";
}

std::string
EnsureWinePrefix(const std::string& folder)
{
    if (access(kWine64, X_OK) != 0)
    {
        return "";
    }
    std::error_code error;
    if (fs::exists(fs::path(folder) / kReadyFile, error))
    {
        return "";
    }
    fs::create_directories(fs::path(folder).parent_path(), error);
    const std::string lockPath = folder + ".lock";
    const int lock = open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock < 0 || flock(lock, LOCK_EX) != 0)
    {
        if (lock >= 0)
        {
            close(lock);
        }
        return "cannot lock " + lockPath;
    }
    // Another run may have made it while this one waited for the lock.
    std::string problem
        = fs::exists(fs::path(folder) / kReadyFile, error) ? std::string() : MakePrefix(folder);
    close(lock);
    return problem;
}

} // namespace wsdsim

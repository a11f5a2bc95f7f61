// Folders of the namespace's own (see private-folders.h).
#include "link/private-folders.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sched.h>
#include <stdexcept>
#include <sys/mount.h>

namespace wsdsim::link
{

namespace
{
/// \throw std::runtime_error "what: the system's reason" when a call failed (result != 0)
void
Check(int result, const std::string& what)
{
    if (result != 0)
    {
        throw std::runtime_error(what + ": " + std::strerror(errno));
    }
}
} // namespace

void
MakePrivateFolders(const std::vector<std::string>& folders)
{
    if (folders.empty())
    {
        return;
    }
    Check(unshare(CLONE_NEWNS), "cannot create a mount namespace");
    // Private, recursively: neither the tmpfs nor the new /proc propagates to the caller's
    // namespace (systemd makes / shared).
    Check(mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr),
          "cannot make the mounts private");
    for (const auto& folder : folders)
    {
        std::error_code error;
        std::filesystem::create_directories(folder, error);
        if (error)
        {
            throw std::runtime_error("--private-dir " + folder + ": " + error.message());
        }
        Check(mount("tmpfs", folder.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700"),
              "--private-dir " + folder + ": cannot mount a tmpfs");
    }
    // The namespace's processes ask /proc about each other by their own process ids (wineserver
    // does, by its clients' ids): the caller's /proc numbers them in the caller's PID namespace.
    Check(mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr),
          "cannot mount /proc for the PID namespace");
}

} // namespace wsdsim::link

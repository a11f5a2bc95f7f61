// A directory built in a hidden sibling and renamed into place, so no reader sees it half-written.
#include "report/atomic-directory.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <fcntl.h>
#include <signal.h>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unistd.h>

namespace wsdsim
{

namespace
{

/// Distinguishes several staging directories of one process.
std::atomic<unsigned> g_sequence{0};

/// \return the target as an absolute, normalised path naming a directory (no trailing '/')
std::filesystem::path
NormaliseTarget(const std::filesystem::path& target)
{
    if (target.empty())
    {
        throw std::invalid_argument("report directory: empty path");
    }
    auto path = std::filesystem::absolute(target).lexically_normal();
    if (!path.has_filename())
    {
        path = path.parent_path(); // "reports/run/" -> "reports/run"
    }
    if (path == path.root_path() || !path.has_filename() || path.filename() == "."
        || path.filename() == "..")
    {
        throw std::invalid_argument("report directory: " + target.string()
                                    + " does not name a directory that can be replaced");
    }
    // replacing the working directory or one of its parents would remove the user's files
    std::error_code error;
    auto resolved = std::filesystem::weakly_canonical(path, error);
    auto working = std::filesystem::current_path(error);
    if (!error
        && std::mismatch(resolved.begin(), resolved.end(), working.begin(), working.end()).first
               == resolved.end())
    {
        throw std::invalid_argument("report directory: " + target.string()
                                    + " is the working directory or one of its parents");
    }
    return path;
}

/// \return the prefix of a target's sibling of the given kind: ".<name>.<kind>-"
std::string
SiblingPrefix(const std::filesystem::path& target, const char* kind)
{
    // Appended in place: GCC 12 at -O3 sees a false overlap in "." + std::string&& (-Wrestrict).
    std::string prefix = ".";
    prefix += target.filename().string();
    prefix += '.';
    prefix += kind;
    prefix += '-';
    return prefix;
}

/// \return a fresh sibling name of the given kind for this process (not created)
std::filesystem::path
SiblingPath(const std::filesystem::path& target, const char* kind)
{
    return target.parent_path()
           / (SiblingPrefix(target, kind) + std::to_string(::getpid()) + "-"
              + std::to_string(g_sequence.fetch_add(1)));
}

/// \throws std::filesystem::filesystem_error from errno
[[noreturn]] void
ThrowErrno(const std::string& what,
           const std::filesystem::path& first,
           const std::filesystem::path& second = {})
{
    std::error_code error(errno, std::system_category());
    if (second.empty())
    {
        throw std::filesystem::filesystem_error(what, first, error);
    }
    throw std::filesystem::filesystem_error(what, first, second, error);
}

/// Flush one file or directory to disk. \throws std::filesystem::filesystem_error
void
SyncPath(const std::filesystem::path& path, bool directory)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
    if (fd < 0)
    {
        ThrowErrno("open for fsync", path);
    }
    // EINVAL: the file system does not support fsync (nothing to wait for)
    if (::fsync(fd) != 0 && errno != EINVAL)
    {
        int saved = errno;
        ::close(fd);
        errno = saved;
        ThrowErrno("fsync", path);
    }
    ::close(fd);
}

/// Flush every regular file and directory of a tree, so that the rename publishes complete data.
void
SyncTree(const std::filesystem::path& root)
{
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
    {
        if (entry.is_symlink())
        {
            continue;
        }
        if (entry.is_regular_file())
        {
            SyncPath(entry.path(), false);
        }
        else if (entry.is_directory())
        {
            SyncPath(entry.path(), true);
        }
    }
    SyncPath(root, true);
}

/// \return whether a process id names a process that no longer exists
bool
ProcessGone(pid_t pid)
{
    return pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH;
}

} // namespace

AtomicDirectory::~AtomicDirectory()
{
    try
    {
        Abandon();
    }
    catch (...)
    {
        // a destructor must not throw: whatever is left is removed by a later RemoveStale()
    }
}

std::filesystem::path
AtomicDirectory::Begin(const std::filesystem::path& target)
{
    if (m_active)
    {
        throw std::logic_error("AtomicDirectory::Begin: already begun for " + m_target.string());
    }
    auto normalised = NormaliseTarget(target);
    std::filesystem::create_directories(normalised.parent_path());
    RemoveStale(normalised);
    for (;;)
    {
        auto staging = SiblingPath(normalised, "tmp");
        if (std::filesystem::create_directory(staging))
        {
            m_target = normalised;
            m_staging = staging;
            m_active = true;
            return m_staging;
        }
        // the name exists (left by an earlier process with our pid): take the next one
    }
}

void
AtomicDirectory::Commit()
{
    if (!m_active)
    {
        throw std::logic_error("AtomicDirectory::Commit: not begun");
    }
    SyncTree(m_staging);
    if (::rename(m_staging.c_str(), m_target.c_str()) != 0)
    {
        if (errno != EEXIST && errno != ENOTEMPTY)
        {
            ThrowErrno("rename", m_staging, m_target);
        }
        // the target exists: swap both in one step, the old contents end up in m_staging
        if (::renameat2(AT_FDCWD, m_staging.c_str(), AT_FDCWD, m_target.c_str(), RENAME_EXCHANGE)
            == 0)
        {
            std::error_code ignored; // the new directory is in place; leftovers go stale
            std::filesystem::remove_all(m_staging, ignored);
        }
        else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)
        {
            // no exchange on this file system: move the old aside, then the new in
            auto old = SiblingPath(m_target, "old");
            if (::rename(m_target.c_str(), old.c_str()) != 0)
            {
                ThrowErrno("rename", m_target, old);
            }
            if (::rename(m_staging.c_str(), m_target.c_str()) != 0)
            {
                int saved = errno;
                ::rename(old.c_str(), m_target.c_str()); // put the old one back
                errno = saved;
                ThrowErrno("rename", m_staging, m_target);
            }
            std::error_code ignored;
            std::filesystem::remove_all(old, ignored);
        }
        else
        {
            ThrowErrno("renameat2 RENAME_EXCHANGE", m_staging, m_target);
        }
    }
    m_active = false;
    m_staging.clear();
    try
    {
        SyncPath(m_target.parent_path(), true); // make the rename itself durable
    }
    catch (const std::filesystem::filesystem_error&)
    {
        // the new directory is in place and complete; only its durability is unknown
    }
}

void
AtomicDirectory::Abandon()
{
    if (!m_active)
    {
        return;
    }
    std::filesystem::remove_all(m_staging);
    m_active = false;
    m_staging.clear();
}

bool
AtomicDirectory::IsActive() const
{
    return m_active;
}

const std::filesystem::path&
AtomicDirectory::GetStagingPath() const
{
    return m_staging;
}

const std::filesystem::path&
AtomicDirectory::GetTargetPath() const
{
    return m_target;
}

void
AtomicDirectory::RemoveStale(const std::filesystem::path& target)
{
    auto normalised = NormaliseTarget(target);
    std::error_code error;
    std::filesystem::directory_iterator entries(normalised.parent_path(), error);
    if (error)
    {
        return; // no parent yet: nothing stale
    }
    const std::string prefixes[]
        = {SiblingPrefix(normalised, "tmp"), SiblingPrefix(normalised, "old")};
    for (const auto& entry : entries)
    {
        auto name = entry.path().filename().string();
        for (const auto& prefix : prefixes)
        {
            if (name.compare(0, prefix.size(), prefix) != 0)
            {
                continue;
            }
            pid_t pid = 0;
            const char* first = name.data() + prefix.size();
            const char* last = name.data() + name.size();
            auto [end, parseError] = std::from_chars(first, last, pid);
            if (parseError == std::errc() && end != first && end != last && *end == '-'
                && ProcessGone(pid))
            {
                std::error_code ignored; // best effort: retried by the next Begin()
                std::filesystem::remove_all(entry.path(), ignored);
            }
        }
    }
}

} // namespace wsdsim

// A results archive from a Windows run (a zip, or its unpacked folder), unpacked as hostile
// input: only the files of the results layout, none escaping, no links, none too large.
#include "run/results-archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>

#include "common/input-error.h"
#include "run/archive-error.h"

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
/// The names a results archive may hold, below its optional top folder.
const std::regex kResultsName(
    R"((results\.json|capture\.pcapng|cases/[0-9]{4,6}\.json|traces/[0-9]{4,6}\.(jsonl|out)))");
/// A top folder's name: what `tar -a -cf results.zip results` (or a renamed copy) leaves.
const std::regex kTopFolder(R"([A-Za-z0-9._ -]{1,64})");

/// \return an InputError at one entry of the archive
InputError
EntryError(const std::string& source, const std::string& entry, const std::string& message)
{
    return InputError(source + (entry.empty() ? "" : ":" + entry), 0, 0, "", message);
}

/**
 * Checks names and sizes of the entries one by one: the layout, no name twice, one top
 * folder at most, the size limits.
 */
class EntryChecker
{
  public:
    /// \param source the archive, for the errors
    explicit EntryChecker(std::string source)
        : m_source(std::move(source))
    {
    }

    /**
     * \brief Check an entry's path. \param path as the archive gives it
     * \return its name in the layout, or "" for a folder of the layout (nothing to write)
     * \throws InputError for a path outside the layout
     */
    std::string Name(const std::string& path, bool isFolder)
    {
        std::string name = path;
        while (!name.empty() && name.back() == '/')
        {
            name.pop_back();
        }
        if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos
            || name.find(':') != std::string::npos)
        {
            throw EntryError(
                m_source, path, "an absolute or Windows path; expected a relative one");
        }
        for (const auto& part : fs::path(name))
        {
            if (part == ".." || part == ".")
            {
                throw EntryError(m_source, path, "a path escaping the archive (\"..\")");
            }
        }
        return isFolder ? CheckFolder(path, name) : CheckFile(path, name);
    }

    /// Count bytes of the current file. \throws InputError past a limit
    void Count(const std::string& entry, uint64_t fileBytes, uint64_t more)
    {
        m_total += more;
        if (fileBytes > kResultsFileLimit || m_total > kResultsTotalLimit)
        {
            throw EntryError(m_source,
                             entry,
                             "too large: a file of the results may hold "
                                 + std::to_string(kResultsFileLimit >> 20) + " MiB, all of them "
                                 + std::to_string(kResultsTotalLimit >> 20) + " MiB");
        }
    }

    /// \return the names accepted so far
    const std::set<std::string>& Names() const
    {
        return m_names;
    }

  private:
    /// \return "" for a folder of the layout \throws InputError for another
    std::string CheckFolder(const std::string& path, const std::string& name)
    {
        const std::string inner = WithoutTop(name);
        if (inner.empty() || inner == "cases" || inner == "traces")
        {
            return "";
        }
        throw EntryError(m_source, path, "an unexpected folder; expected cases/ and traces/ only");
    }

    /// \return the file's name in the layout \throws InputError for another, or one repeated
    std::string CheckFile(const std::string& path, const std::string& name)
    {
        const std::string inner = WithoutTop(name);
        if (!std::regex_match(inner, kResultsName))
        {
            throw EntryError(m_source,
                             path,
                             "not a file of the results; expected results.json, capture.pcapng, "
                             "cases/NNNN.json, traces/NNNN.jsonl or traces/NNNN.out");
        }
        if (!m_names.insert(inner).second)
        {
            throw EntryError(m_source, path, "given twice");
        }
        return inner;
    }

    /// \return the name without the top folder (which must be the same for every entry)
    std::string WithoutTop(const std::string& name)
    {
        const size_t slash = name.find('/');
        const std::string first = name.substr(0, slash);
        const bool isLayoutRoot
            = first == "cases" || first == "traces" || std::regex_match(name, kResultsName);
        if (isLayoutRoot && m_top.value_or("") == "")
        {
            m_top = "";
            return name;
        }
        if (!std::regex_match(first, kTopFolder) || (m_top && *m_top != first))
        {
            throw EntryError(m_source, name, "outside the results' one top folder");
        }
        m_top = first;
        return slash == std::string::npos ? "" : name.substr(slash + 1);
    }

    std::string m_source;             //!< the archive
    std::optional<std::string> m_top; //!< the top folder ("" for none), once known
    std::set<std::string> m_names;    //!< the names accepted
    uint64_t m_total{0};              //!< bytes of all files so far
};

/// Write one entry's data from the zip into its file, counting it.
void
CopyZipData(archive* zip, EntryChecker& checker, const std::string& path, const fs::path& target)
{
    fs::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    char buffer[65536];
    uint64_t written = 0;
    for (;;)
    {
        const la_ssize_t got = archive_read_data(zip, buffer, sizeof(buffer));
        if (got < 0)
        {
            throw InputError(path, 0, 0, "", "truncated or corrupt: " + ArchiveError(zip));
        }
        if (got == 0)
        {
            break;
        }
        written += static_cast<uint64_t>(got);
        checker.Count(path, written, static_cast<uint64_t>(got));
        out.write(buffer, got);
    }
}

/// Unpack a zip. \return the names
std::set<std::string>
UnpackZip(const std::string& source, const fs::path& destination)
{
    std::unique_ptr<archive, int (*)(archive*)> zip(archive_read_new(), archive_read_free);
    archive_read_support_format_zip(zip.get());
    if (archive_read_open_filename(zip.get(), source.c_str(), 65536) != ARCHIVE_OK)
    {
        throw EntryError(source, "", "not a readable zip: " + ArchiveError(zip.get()));
    }
    EntryChecker checker(source);
    archive_entry* entry = nullptr;
    int status = ARCHIVE_OK;
    while ((status = archive_read_next_header(zip.get(), &entry)) == ARCHIVE_OK)
    {
        const char* pathname = archive_entry_pathname(entry);
        const std::string path = pathname ? pathname : "";
        const auto type = archive_entry_filetype(entry);
        if (type != AE_IFREG && type != AE_IFDIR)
        {
            throw EntryError(
                source, path, "a link or special file; expected plain files and folders");
        }
        const std::string name = checker.Name(path, type == AE_IFDIR);
        if (!name.empty())
        {
            try
            {
                CopyZipData(zip.get(), checker, path, destination / name);
            }
            catch (const InputError& error)
            {
                throw EntryError(source, path, error.Message());
            }
        }
    }
    if (status != ARCHIVE_EOF)
    {
        throw EntryError(source, "", "truncated or corrupt zip: " + ArchiveError(zip.get()));
    }
    return checker.Names();
}

/// Copy a folder's files. \return the names
std::set<std::string>
UnpackFolder(const std::string& source, const fs::path& destination)
{
    EntryChecker checker(source);
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(source);
         it != fs::recursive_directory_iterator();
         it.increment(error))
    {
        if (error)
        {
            throw EntryError(source, "", "cannot be read: " + error.message());
        }
        const std::string path = it->path().lexically_relative(source).generic_string();
        const fs::file_status status = it->symlink_status();
        if (!fs::is_regular_file(status) && !fs::is_directory(status))
        {
            throw EntryError(
                source, path, "a link or special file; expected plain files and folders");
        }
        const std::string name = checker.Name(path, fs::is_directory(status));
        if (name.empty())
        {
            continue;
        }
        const uint64_t size = fs::file_size(it->path());
        checker.Count(path, size, size);
        fs::create_directories((destination / name).parent_path());
        fs::copy_file(it->path(), destination / name);
    }
    return checker.Names();
}
} // namespace

std::set<std::string>
UnpackResults(const std::string& source, const fs::path& destination)
{
    std::error_code error;
    const fs::file_status status = fs::symlink_status(source, error);
    if (error || !fs::exists(status))
    {
        throw EntryError(source, "", "no such file or folder; expected results.zip or its folder");
    }
    if (fs::is_symlink(status))
    {
        throw EntryError(source, "", "a link; expected the results zip or folder itself");
    }
    return fs::is_directory(status) ? UnpackFolder(source, destination)
                                    : UnpackZip(source, destination);
}

} // namespace wsdsim

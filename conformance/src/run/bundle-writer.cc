// A bundle: one zip holding the Winsock driver, its runner and the expanded cases, to copy to a
// Windows machine and run there (docs/windows.md).
#include "run/bundle-writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

#include "run/archive-error.h"
#include "run/case-export.h"

namespace wsdsim
{

namespace fs = std::filesystem;
using nlohmann::json;

namespace
{
/// The addresses a case holds until the runner gives it a pair of its own on the machine.
const std::array<std::string, 2> kPlaceholderHosts{"127.0.0.1", "127.0.0.2"};

/// A libarchive zip writer, freed on every path out.
using ArchiveWriter = std::unique_ptr<archive, int (*)(archive*)>;

/// \return a file's bytes \throws std::runtime_error when it cannot be read
std::string
ReadBuiltFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::runtime_error(path.string()
                                 + ": missing (the Winsock driver is built with mingw-w64: "
                                   "scripts/setup.sh installs it)");
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Add one file to the zip. \throws std::runtime_error when libarchive refuses
void
AddEntry(archive* zip, const std::string& name, const std::string& bytes, int mode)
{
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                   archive_entry_free);
    archive_entry_set_pathname(entry.get(), (std::string(kBundleFolder) + "/" + name).c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), mode);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_mtime(entry.get(), std::time(nullptr), 0);
    if (archive_write_header(zip, entry.get()) != ARCHIVE_OK
        || archive_write_data(zip, bytes.data(), bytes.size())
               != static_cast<la_ssize_t>(bytes.size()))
    {
        throw std::runtime_error(name + ": " + ArchiveError(zip));
    }
}

/// \return bundle.json: what the runner runs and the importer checks the results against
json
BundleManifest(const std::vector<ScenarioCase>& cases, const std::string& wsdsimVersion)
{
    json entries = json::array();
    for (size_t i = 0; i < cases.size(); ++i)
    {
        entries.push_back({{"id", cases[i].id}, {"file", BundleCaseFile(i)}});
    }
    return {{"format", "wsdsim-bundle/1"}, {"wsdsim_version", wsdsimVersion}, {"cases", entries}};
}

/// Write every entry of the bundle into an open zip.
void
AddBundleEntries(archive* zip, const std::vector<ScenarioCase>& cases, const BundleSources& sources)
{
    AddEntry(zip, "wsdsim-driver-winsock.exe", ReadBuiltFile(sources.driver), 0755);
    AddEntry(zip, "run.cmd", ReadBuiltFile(sources.runnerFolder / "run.cmd"), 0755);
    AddEntry(zip, "README.txt", ReadBuiltFile(sources.runnerFolder / "README.txt"), 0644);
    AddEntry(zip, "bundle.json", BundleManifest(cases, sources.wsdsimVersion).dump(1) + "\n", 0644);
    for (size_t i = 0; i < cases.size(); ++i)
    {
        AddEntry(zip,
                 BundleCaseFile(i),
                 ExportCase(cases[i], kPlaceholderHosts, 0).dump(2) + "\n",
                 0644);
    }
}
} // namespace

std::string
BundleCaseFile(size_t index)
{
    char name[32];
    std::snprintf(name, sizeof(name), "cases/%04zu.json", index + 1);
    return name;
}

void
WriteBundle(const std::vector<ScenarioCase>& cases,
            const BundleSources& sources,
            const std::string& zipPath)
{
    const std::string temporary = zipPath + ".tmp-" + std::to_string(getpid());
    ArchiveWriter zip(archive_write_new(), archive_write_free);
    if (archive_write_set_format_zip(zip.get()) != ARCHIVE_OK
        || archive_write_open_filename(zip.get(), temporary.c_str()) != ARCHIVE_OK)
    {
        throw std::runtime_error(zipPath + ": cannot be written: " + ArchiveError(zip.get()));
    }
    try
    {
        AddBundleEntries(zip.get(), cases, sources);
        if (archive_write_close(zip.get()) != ARCHIVE_OK)
        {
            throw std::runtime_error(zipPath + ": " + ArchiveError(zip.get()));
        }
    }
    catch (...)
    {
        zip.reset();
        fs::remove(temporary);
        throw;
    }
    fs::rename(temporary, zipPath);
}

} // namespace wsdsim

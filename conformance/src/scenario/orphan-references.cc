// Orphan references: files in the scenarios' .reference folders that are no case's reference
// trace (a case that no longer exists, a scenario that gained a matrix or was removed).
#include "scenario/orphan-references.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{

/// The extension of a scenario's reference folder ("close.json" -> "close.reference/").
constexpr const char* kReferenceFolderExtension = ".reference";

/// \return a path in one form whatever way it was written (absolute, normalised, links resolved)
fs::path
Comparable(const fs::path& path)
{
    std::error_code ignored;
    return fs::weakly_canonical(fs::absolute(path), ignored);
}

/// \return the .reference folders to look into: the cases' own, and those under the folders
///         of `paths`
std::vector<fs::path>
ReferenceFolders(const std::vector<std::string>& paths, const std::vector<ScenarioCase>& cases)
{
    std::vector<fs::path> folders;
    std::error_code ignored;
    for (const auto& scenarioCase : cases)
    {
        const fs::path folder = fs::path(scenarioCase.ReferencePath()).parent_path();
        if (fs::is_directory(folder, ignored))
        {
            folders.push_back(folder);
        }
    }
    for (const auto& path : paths)
    {
        if (!fs::is_directory(path, ignored))
        {
            continue;
        }
        for (const auto& entry : fs::recursive_directory_iterator(path))
        {
            if (entry.is_directory() && entry.path().extension() == kReferenceFolderExtension)
            {
                folders.push_back(entry.path());
            }
        }
    }
    return folders;
}

} // namespace

std::vector<std::string>
FindOrphanReferences(const std::vector<std::string>& paths, const std::vector<ScenarioCase>& cases)
{
    std::set<fs::path> references;
    for (const auto& scenarioCase : cases)
    {
        references.insert(Comparable(scenarioCase.ReferencePath()));
    }
    std::set<fs::path> seen;
    std::vector<std::string> orphans;
    for (const auto& folder : ReferenceFolders(paths, cases))
    {
        if (!seen.insert(Comparable(folder)).second)
        {
            continue;
        }
        for (const auto& entry : fs::recursive_directory_iterator(folder))
        {
            if (!entry.is_directory() && !references.count(Comparable(entry.path())))
            {
                orphans.push_back(entry.path().generic_string());
            }
        }
    }
    std::sort(orphans.begin(), orphans.end());
    return orphans;
}

void
RemoveOrphanReference(const std::string& orphan)
{
    fs::remove(orphan);
    for (fs::path folder = fs::path(orphan).parent_path(); !folder.empty();
         folder = folder.parent_path())
    {
        std::error_code ignored;
        if (!fs::is_directory(folder, ignored) || !fs::is_empty(folder, ignored))
        {
            return;
        }
        fs::remove(folder, ignored);
        if (folder.extension() == kReferenceFolderExtension)
        {
            return;
        }
    }
}

} // namespace wsdsim

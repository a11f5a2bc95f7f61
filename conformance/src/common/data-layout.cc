// Where wsdsim's own files are, decided in this one place from the executable's folder.
#include "common/data-layout.h"

#include "common/input-error.h"

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
/// \return whether two folders are the same one (false when either does not exist)
bool
SameFolder(const fs::path& a, const fs::path& b)
{
    std::error_code ignored;
    return fs::equivalent(a, b, ignored);
}

/// \return the layout of the build tree this executable was built in (WSDSIM_*_DIR, CMake)
DataLayout
BuildTreeLayout()
{
    DataLayout layout;
    layout.suite = fs::path(WSDSIM_SOURCE_DIR) / "scenarios";
    layout.knownDivergences = fs::path(WSDSIM_SOURCE_DIR) / "conformance/known-divergences.json";
    layout.drivers = fs::path(WSDSIM_BINARY_DIR) / "drivers";
    layout.bundleFiles = fs::path(WSDSIM_SOURCE_DIR) / "drivers/bundle";
    return layout;
}

/// \return the layout of an install prefix, from the folder of PREFIX/bin/wsdsim
DataLayout
InstalledLayout(const fs::path& executableFolder)
{
    DataLayout layout;
    layout.installed = true;
    const fs::path data = (executableFolder / WSDSIM_DATA_FROM_BIN).lexically_normal();
    layout.suite = data / "scenarios";
    layout.knownDivergences = data / "known-divergences.json";
    layout.defaultCatalogue = layout.suite / "requirements.json";
    layout.bundleFiles = data / "bundle";
    layout.drivers = (executableFolder / WSDSIM_LIBEXEC_FROM_BIN).lexically_normal();
    return layout;
}

DataLayout
LocateDataLayout()
{
    const fs::path folder = ExecutableFolder();
    if (SameFolder(folder, fs::path(WSDSIM_BINARY_DIR) / "conformance"))
    {
        return BuildTreeLayout();
    }
    DataLayout installed = InstalledLayout(folder);
    std::error_code ignored;
    if (fs::is_directory(installed.suite, ignored))
    {
        return installed;
    }
    throw InputError(
        (folder / "wsdsim").string(),
        0,
        0,
        "",
        "cannot find wsdsim's files: this is not the build tree's executable (" WSDSIM_BINARY_DIR
        "/conformance/wsdsim), and there is no "
            + installed.suite.string()
            + " beside it (an install puts wsdsim in PREFIX/bin and its files in "
              "PREFIX/share/wsdsim); reinstall it, or name the scenarios and "
              "--known-divergences");
}
} // namespace

const DataLayout&
FindDataLayout()
{
    static const DataLayout layout = LocateDataLayout();
    return layout;
}

std::string
ExecutableFolder()
{
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    return error ? std::string(".") : self.parent_path().string();
}

std::string
ShownPath(const fs::path& path)
{
    std::error_code error;
    const fs::path here = fs::current_path(error);
    if (error)
    {
        return path.string();
    }
    const fs::path relative = path.lexically_relative(here);
    if (relative.empty() || *relative.begin() == "..")
    {
        return path.string();
    }
    return relative.string();
}

} // namespace wsdsim

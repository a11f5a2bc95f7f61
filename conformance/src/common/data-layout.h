// Where wsdsim's own files are: the scenario suite, the known divergences, the requirement
// catalogue and the drivers, found from the executable's place (build tree or install prefix).
#ifndef WSDSIM_DATA_LAYOUT_H
#define WSDSIM_DATA_LAYOUT_H

#include <filesystem>
#include <string>

namespace wsdsim
{

/// The files wsdsim brings along, wherever it runs from.
struct DataLayout
{
    bool installed{false};                  //!< an install prefix (false: the build tree)
    std::filesystem::path suite;            //!< the scenario suite folder
    std::filesystem::path knownDivergences; //!< known-divergences.json
    std::filesystem::path
        defaultCatalogue;              //!< the catalogue of scenarios outside any suite ("": none)
    std::filesystem::path drivers;     //!< the folder of wsdsim-driver-linux and the .exe
    std::filesystem::path bundleFiles; //!< the folder of run.cmd and README.txt for a bundle
};

/**
 * \brief wsdsim's files, found from the running executable, once. In the build tree: the source
 *        tree's scenarios/, conformance/ and drivers/bundle/, and the build's drivers/. Installed
 * (PREFIX/bin/wsdsim): PREFIX/share/wsdsim (the bundle's files in its bundle/) and
 * PREFIX/libexec/wsdsim; there a scenario outside any
 * suite is checked against the installed catalogue. \return the layout \throws InputError naming
 * the executable and the places looked at, when neither holds them
 */
const DataLayout& FindDataLayout();

/// \return the running executable's folder ("." when /proc/self/exe cannot be read)
std::string ExecutableFolder();

/**
 * \brief A path as the user would write it: relative to the current folder when inside it (so a
 *        run from the repository root reads "scenarios/..."), else absolute.
 * \param path an absolute path \return the path to show and use
 */
std::string ShownPath(const std::filesystem::path& path);

} // namespace wsdsim

#endif // WSDSIM_DATA_LAYOUT_H

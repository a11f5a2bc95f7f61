// A bundle: one zip holding the Winsock driver, its runner and the expanded cases, to copy to a
// Windows machine and run there (docs/windows.md).
#ifndef WSDSIM_BUNDLE_WRITER_H
#define WSDSIM_BUNDLE_WRITER_H

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace wsdsim
{

/// The folder every entry of a bundle lies in.
inline constexpr const char* kBundleFolder = "wsdsim-bundle";

/// What a bundle is made of besides its cases.
struct BundleSources
{
    std::filesystem::path driver;       //!< the mingw-built wsdsim-driver-winsock.exe
    std::filesystem::path runnerFolder; //!< the folder of run.cmd and README.txt
    std::string wsdsimVersion;          //!< the version of the wsdsim that writes the bundle
};

/**
 * \brief Write a bundle: wsdsim-bundle/ holding wsdsim-driver-winsock.exe, run.cmd and
 *        README.txt, bundle.json (the format, wsdsim's version and each case's id and file) and
 *        cases/NNNN.json (each case as wsdsim-case/1, in the cases' order).
 * \param cases the cases \param sources the driver, the runner's folder and wsdsim's version
 * \param zipPath the zip to write: written beside it and renamed into place, so it is whole or
 *        absent
 * \throws std::runtime_error when the driver is missing or the zip cannot be written
 */
void WriteBundle(const std::vector<ScenarioCase>& cases,
                 const BundleSources& sources,
                 const std::string& zipPath);

/// \return a bundle's file name of the case at this index ("cases/0001.json" for 0)
std::string BundleCaseFile(size_t index);

} // namespace wsdsim

#endif // WSDSIM_BUNDLE_WRITER_H

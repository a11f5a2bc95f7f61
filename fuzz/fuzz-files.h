// Scratch files for the fuzz entries: each process writes its inputs in a folder of its own.
#ifndef WSDSIM_FUZZ_FILES_H
#define WSDSIM_FUZZ_FILES_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace wsdsim
{

/**
 * \brief The scratch folder of this process ($TMPDIR/wsdsim-fuzz-<pid>), created on first use
 * with an empty scenario.schema.json, so that scenario files below it are named from it
 * ("fuzz/input"), and removed at exit.
 * \return the folder
 */
const std::string& FuzzScratchFolder();

/**
 * \brief Write bytes to a file below the scratch folder, replacing it.
 * \param relative the file's path below the folder ("fuzz/input.json")
 * \param data the bytes \param size their number
 * \return the file's path
 */
std::string WriteScratchFile(const std::string& relative, const uint8_t* data, size_t size);

/// \copydoc WriteScratchFile
std::string WriteScratchFile(const std::string& relative, const std::string& text);

} // namespace wsdsim

#endif // WSDSIM_FUZZ_FILES_H

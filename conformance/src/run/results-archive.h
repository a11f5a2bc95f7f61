// A results archive from a Windows run (a zip, or its unpacked folder), unpacked as hostile
// input: only the files of the results layout, none escaping, no links, none too large.
#ifndef WSDSIM_RESULTS_ARCHIVE_H
#define WSDSIM_RESULTS_ARCHIVE_H

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

namespace wsdsim
{

/// The most bytes one file of a results archive may hold.
inline constexpr uint64_t kResultsFileLimit = 64ull << 20;
/// The most bytes all files of a results archive may hold together.
inline constexpr uint64_t kResultsTotalLimit = 512ull << 20;

/**
 * \brief Unpack a results archive into a folder. Accepted are `results.json`,
 *        `cases/NNNN.json`, `traces/NNNN.jsonl`, `traces/NNNN.out` and `capture.pcapng`,
 *        optionally all below one top folder (tar -a -cf results.zip results); any other
 *        name, an absolute or escaping path, a link or device, a file above kResultsFileLimit
 *        (or all above kResultsTotalLimit), a name given twice, or a truncated or corrupt zip is
 *        refused.
 * \param source a .zip file or a folder
 * \param destination an empty folder to unpack into (only it is written)
 * \return the names unpacked, relative to destination, the top folder removed
 * \throws InputError naming the source and the entry (`results.zip:traces/0001.jsonl`)
 */
std::set<std::string> UnpackResults(const std::string& source,
                                    const std::filesystem::path& destination);

} // namespace wsdsim

#endif // WSDSIM_RESULTS_ARCHIVE_H

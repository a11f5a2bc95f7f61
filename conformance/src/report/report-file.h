// One report file written by a writer function, with errors that name the file.
#ifndef WSDSIM_REPORT_FILE_H
#define WSDSIM_REPORT_FILE_H

#include <filesystem>
#include <functional>
#include <ostream>

namespace wsdsim
{

/**
 * \brief Create or truncate a file and write it with a writer function.
 * \param path the file \param writer writes the content to the stream it is given
 * \throws std::runtime_error when the file cannot be created or written
 */
void WriteReportFile(const std::filesystem::path& path,
                     const std::function<void(std::ostream&)>& writer);

} // namespace wsdsim

#endif // WSDSIM_REPORT_FILE_H

// libarchive's message for its last error, as text that is never null.
#ifndef WSDSIM_ARCHIVE_ERROR_H
#define WSDSIM_ARCHIVE_ERROR_H

#include <archive.h>
#include <string>

namespace wsdsim
{

/**
 * \brief libarchive's last error of an archive. archive_error_string() returns null when
 *        libarchive set no message (a damaged zip can end a read so), which must not reach a
 *        std::string.
 * \param handle the archive \return the message, or "no message from libarchive"
 */
inline std::string
ArchiveError(archive* handle)
{
    const char* message = archive_error_string(handle);
    return message != nullptr ? std::string(message) : std::string("no message from libarchive");
}

} // namespace wsdsim

#endif // WSDSIM_ARCHIVE_ERROR_H

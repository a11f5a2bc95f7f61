// Where a Wine program looks for its prefix's wineserver: the folders a case's namespace must
// keep to itself for the driver to start a wineserver of its own inside it.
#ifndef WSDSIM_WINE_SERVER_FOLDERS_H
#define WSDSIM_WINE_SERVER_FOLDERS_H

#include <string>
#include <vector>

namespace wsdsim
{

/**
 * \brief The folders that hold a prefix's server folder (server-DEV-INODE, with the server's
 *        socket): upstream Wine's /tmp/.wine-UID (server/request.c, create_server_dir), and, with
 *        Debian's wine (its patch "safer selection of the temporary directory for wineserver",
 *        Debian bugs 903622 and 904041), $TMPDIR/NAME (else /tmp/NAME), NAME being what the
 *        prefix's file `wineserver` holds (wine-XXXXXX), when it holds such a name.
 *        Read now: Wine may choose another name when that folder has gone.
 * \param prefix the Wine prefix
 * \return the folders, absolute
 */
std::vector<std::string> WineServerFolders(const std::string& prefix);

} // namespace wsdsim

#endif // WSDSIM_WINE_SERVER_FOLDERS_H

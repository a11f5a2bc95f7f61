// The Wine prefix the wine backend runs its driver in: made on first use in the user's cache
// folder, once, whatever runs at the same time.
#ifndef WSDSIM_WINE_PREFIX_H
#define WSDSIM_WINE_PREFIX_H

#include <string>

namespace wsdsim
{

/// The Wine programs Debian's wine64 package installs.
constexpr const char* kWine64 = "/usr/lib/wine/wine64";
constexpr const char* kWineServer = "/usr/lib/wine/wineserver"; //!< see kWine64

/**
 * \brief The prefix's folder: $XDG_CACHE_HOME/wsdsim/wine-prefix, else ~/.cache/wsdsim/wine-prefix.
 * \return the folder (it may not exist yet)
 */
std::string WinePrefixFolder();

/**
 * \brief Make the prefix if it is not made yet (wineboot --init; Mono and Gecko not wanted), under
 *        a lock so that two runs at once make it once. A prefix left half made (a run killed while
 *        making it) is made anew. Does nothing without Wine.
 * \param folder the prefix
 * \return "" when the prefix is ready (or Wine is not installed), else what went wrong
 */
std::string EnsureWinePrefix(const std::string& folder);

} // namespace wsdsim

#endif // WSDSIM_WINE_PREFIX_H

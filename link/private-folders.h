// Folders of the namespace's own: an empty tmpfs on each, in a mount namespace of the case's own,
// so that a program inside does not meet the state other runs keep there (Wine's server folder).
#ifndef WSDSIM_LINK_PRIVATE_FOLDERS_H
#define WSDSIM_LINK_PRIVATE_FOLDERS_H

#include <string>
#include <vector>

namespace wsdsim::link
{

/**
 * \brief In the namespace's PID 1, before the command starts: a mount namespace of its own (its
 *        mounts private, so nothing is seen outside), an empty tmpfs on each folder (made first
 *        if missing, mode 0700), and /proc mounted again so that it shows the new PID namespace.
 *        Nothing to undo: the mount namespace ends with the namespace's last process.
 * \param folders absolute paths; none: nothing is done
 * \throw std::runtime_error naming the folder and the system's reason
 */
void MakePrivateFolders(const std::vector<std::string>& folders);

} // namespace wsdsim::link

#endif // WSDSIM_LINK_PRIVATE_FOLDERS_H

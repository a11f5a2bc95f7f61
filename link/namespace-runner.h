// Runs a command in a network and PID namespace (and, for private folders, a mount namespace) of
// its own whose two hosts talk through the user-space link, and leaves nothing behind however the
// command or this process ends.
#ifndef WSDSIM_LINK_NAMESPACE_RUNNER_H
#define WSDSIM_LINK_NAMESPACE_RUNNER_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "link/link-config.h"

namespace wsdsim::link
{

/// wsdsim-link's exit status when it cannot make the namespaces (not root, no TUN, no ip).
constexpr int kExitNoNamespace = 125;
/// wsdsim-link's exit status for bad usage or a bad case file.
constexpr int kExitBadInput = 2;

/// What the runner runs, and on what link.
struct RunnerOptions
{
    LinkConfig link;                      //!< the case's link
    std::optional<int64_t> startEpochNs;  //!< the case's time zero (none: when COMMAND starts)
    bool summary{false};                  //!< print what the link did on stderr at the end
    std::string segmentsPath;             //!< write the TCP segments as trace events ("": no)
    std::string pcapPrefix;               //!< write PREFIX-host0.pcap, PREFIX-host1.pcap ("": no)
    std::vector<std::string> privateDirs; //!< empty folders of the namespace's own (a tmpfs each)
    std::vector<std::string> command;     //!< the command and its arguments
};

/**
 * \brief Run the command in new NET and PID namespaces on the link (docs/real-networks.md, "The
 *        namespace runner"). The namespace's PID 1 holds the TUN devices and runs the link; it
 *        dies with this process (parent-death signal), and the kernel then ends every process of
 *        the namespace, and the namespace with its devices.
 * \param options the command and its link
 * \return the command's exit status, 128 + the signal that ended it, or kExitNoNamespace after
 *         a one-line reason on stderr, or kExitBadInput after one when a record the options ask
 *         for (segments, pcaps) cannot be written
 */
int RunInNamespace(const RunnerOptions& options);

} // namespace wsdsim::link

#endif // WSDSIM_LINK_NAMESPACE_RUNNER_H

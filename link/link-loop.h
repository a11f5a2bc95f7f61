// The user-space link: forwards the IP packets of the case's two TUN devices to each other through
// the link model, until the command under test ends.
#ifndef WSDSIM_LINK_LOOP_H
#define WSDSIM_LINK_LOOP_H

#include <array>
#include <cstdint>
#include <sys/types.h>

#include "link/link-transit.h"
#include "link/tun-device.h"

namespace wsdsim::link
{

/// The case's clock: nanoseconds since its time zero, from CLOCK_MONOTONIC.
class LinkClock
{
  public:
    /// \param startEpochNs the case's time zero as CLOCK_REALTIME nanoseconds
    explicit LinkClock(int64_t startEpochNs);
    /// \return nanoseconds since the case's time zero (negative before it)
    int64_t NowNs() const;
    /// \return CLOCK_REALTIME nanoseconds now
    static int64_t EpochNowNs();

  private:
    int64_t m_startMonotonicNs; //!< the time zero on CLOCK_MONOTONIC
};

/**
 * \brief Forward packets between the devices through the link until the command ends: each
 *        packet read from host X's device is sent by host X at the case's time now (0 before
 *        the case starts), and written into the other device when it is due. Every exited child
 *        is reaped (this process is the namespace's PID 1, orphans come to it).
 * \param transit the link, with its observers \param devices host 0's and host 1's device
 * \param clock the case's clock \param command the command's process
 * \param signalFd a signalfd of SIGCHLD (blocked)
 * \return the command's wait status
 * \throws std::runtime_error when a device cannot be read
 */
int RunLinkLoop(LinkTransit& transit,
                std::array<TunDevice*, 2> devices,
                const LinkClock& clock,
                pid_t command,
                int signalFd);

} // namespace wsdsim::link

#endif // WSDSIM_LINK_LOOP_H

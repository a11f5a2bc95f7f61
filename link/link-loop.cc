// The user-space link's forwarding loop (see link-loop.h).
#include "link/link-loop.h"

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <optional>
#include <poll.h>
#include <stdexcept>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace wsdsim::link
{

namespace
{
/// The largest IP packet a TUN device hands over.
constexpr size_t kMaxPacket = 65536;

/// \return a clock's time in nanoseconds
int64_t
ClockNs(clockid_t clock)
{
    timespec now{};
    clock_gettime(clock, &now);
    return int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

/// Send every packet waiting on host `from`'s device over the link.
void
SendWaiting(LinkTransit& transit, TunDevice& device, uint32_t from, const LinkClock& clock)
{
    std::vector<uint8_t> buffer(kMaxPacket);
    while (const size_t length = device.Read(buffer))
    {
        transit.Send(from, {buffer.data(), length}, std::max<int64_t>(0, clock.NowNs()));
    }
}

/// Reap every exited child. \return the command's wait status, once it has exited
std::optional<int>
ReapChildren(pid_t command)
{
    std::optional<int> commandStatus;
    int status = 0;
    pid_t pid = 0;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
    {
        if (pid == command)
        {
            commandStatus = status;
        }
    }
    return commandStatus;
}

/// \return ppoll's timeout until the next arrival (null: none is due)
const timespec*
TimeUntilNextArrival(const LinkTransit& transit, const LinkClock& clock, timespec& timeout)
{
    const auto arrivalNs = transit.NextArrivalNs();
    if (!arrivalNs)
    {
        return nullptr;
    }
    const int64_t waitNs = std::max<int64_t>(0, *arrivalNs - clock.NowNs());
    timeout.tv_sec = waitNs / 1'000'000'000;
    timeout.tv_nsec = waitNs % 1'000'000'000;
    return &timeout;
}
} // namespace

LinkClock::LinkClock(int64_t startEpochNs)
    : m_startMonotonicNs(ClockNs(CLOCK_MONOTONIC) - (EpochNowNs() - startEpochNs))
{
}

int64_t
LinkClock::NowNs() const
{
    return ClockNs(CLOCK_MONOTONIC) - m_startMonotonicNs;
}

int64_t
LinkClock::EpochNowNs()
{
    return ClockNs(CLOCK_REALTIME);
}

int
RunLinkLoop(LinkTransit& transit,
            std::array<TunDevice*, 2> devices,
            const LinkClock& clock,
            pid_t command,
            int signalFd)
{
    const LinkTransit::Deliver write = [&devices](uint32_t to, std::span<const uint8_t> packet)
    {
        return devices[to]->Write(packet);
    };
    std::array<pollfd, 3> fds{pollfd{devices[0]->Descriptor(), POLLIN, 0},
                              pollfd{devices[1]->Descriptor(), POLLIN, 0},
                              pollfd{signalFd, POLLIN, 0}};
    while (true)
    {
        timespec timeout{};
        if (ppoll(fds.data(), fds.size(), TimeUntilNextArrival(transit, clock, timeout), nullptr)
                < 0
            && errno != EINTR)
        {
            throw std::runtime_error("the link's poll failed");
        }
        if (fds[2].revents != 0)
        {
            signalfd_siginfo info{};
            while (::read(signalFd, &info, sizeof(info)) == sizeof(info))
            {
            }
            if (const auto status = ReapChildren(command))
            {
                return *status;
            }
        }
        for (uint32_t host = 0; host < 2; ++host)
        {
            if (fds[host].revents != 0)
            {
                SendWaiting(transit, *devices[host], host, clock);
            }
        }
        transit.DeliverDue(clock.NowNs(), write);
    }
}

} // namespace wsdsim::link

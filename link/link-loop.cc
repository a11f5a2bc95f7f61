// The user-space link's forwarding loop (see link-loop.h).
#include "link/link-loop.h"

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <optional>
#include <poll.h>
#include <queue>
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

/// A packet on its way to the other host.
struct InFlight
{
    int64_t arrivalNs{0};        //!< when the model delivers it
    uint64_t order{0};           //!< submission order (equal arrivals keep it)
    uint32_t to{0};              //!< the receiving host
    std::vector<uint8_t> packet; //!< the IP packet
};

/// Orders the queue: earliest arrival first, then submission order.
struct LaterArrival
{
    bool operator()(const InFlight& a, const InFlight& b) const
    {
        return a.arrivalNs != b.arrivalNs ? a.arrivalNs > b.arrivalNs : a.order > b.order;
    }
};

using ArrivalQueue = std::priority_queue<InFlight, std::vector<InFlight>, LaterArrival>;

/// Submit every packet waiting on host `from`'s device to the model.
void
SubmitWaiting(LinkModel& model,
              TunDevice& device,
              uint32_t from,
              const LinkClock& clock,
              ArrivalQueue& queue,
              uint64_t& order,
              LinkCounts& counts)
{
    std::vector<uint8_t> buffer(kMaxPacket);
    while (const size_t length = device.Read(buffer))
    {
        if ((buffer[0] >> 4) != 4)
        {
            ++counts.ignored;
            continue;
        }
        const std::span<const uint8_t> packet(buffer.data(), length);
        const Departure departure = model.Submit(from, packet, std::max<int64_t>(0, clock.NowNs()));
        if (!departure.delivered)
        {
            ++counts.dropped[from];
            continue;
        }
        queue.push({departure.arrivalNs, order++, 1 - from, {packet.begin(), packet.end()}});
    }
}

/// Hand every packet whose arrival time has come to its receiving device, unless the receiver's
/// interface went down while it was on its way (then it is lost, as on a wire).
void
DeliverDue(const LinkModel& model,
           ArrivalQueue& queue,
           std::array<TunDevice*, 2> devices,
           const LinkClock& clock,
           LinkCounts& counts)
{
    while (!queue.empty() && queue.top().arrivalNs <= clock.NowNs())
    {
        const InFlight& due = queue.top();
        const uint32_t from = 1 - due.to;
        if (model.InterfaceUp(due.to, due.arrivalNs) && devices[due.to]->Write(due.packet))
        {
            ++counts.forwarded[from];
        }
        else
        {
            ++counts.dropped[from];
        }
        queue.pop();
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
TimeUntilNextArrival(const ArrivalQueue& queue, const LinkClock& clock, timespec& timeout)
{
    if (queue.empty())
    {
        return nullptr;
    }
    const int64_t waitNs = std::max<int64_t>(0, queue.top().arrivalNs - clock.NowNs());
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
RunLinkLoop(LinkModel& model,
            std::array<TunDevice*, 2> devices,
            const LinkClock& clock,
            pid_t command,
            int signalFd,
            LinkCounts& counts)
{
    ArrivalQueue queue;
    uint64_t order = 0;
    std::array<pollfd, 3> fds{pollfd{devices[0]->Descriptor(), POLLIN, 0},
                              pollfd{devices[1]->Descriptor(), POLLIN, 0},
                              pollfd{signalFd, POLLIN, 0}};
    while (true)
    {
        timespec timeout{};
        if (ppoll(fds.data(), fds.size(), TimeUntilNextArrival(queue, clock, timeout), nullptr) < 0
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
                SubmitWaiting(model, *devices[host], host, clock, queue, order, counts);
            }
        }
        DeliverDue(model, queue, devices, clock, counts);
    }
}

} // namespace wsdsim::link

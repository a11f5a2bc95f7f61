// The namespace runner (see namespace-runner.h).
#include "link/namespace-runner.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <optional>
#include <poll.h>
#include <sched.h>
#include <stdexcept>
#include <string>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "link/link-loop.h"
#include "link/link-model.h"
#include "link/link-network.h"
#include "link/link-recorders.h"
#include "link/link-transit.h"
#include "link/private-folders.h"
#include "link/tun-device.h"

namespace wsdsim::link
{

namespace
{
/// The namespace's PID 1, for the runner's signal handler (0: none yet).
volatile sig_atomic_t g_namespaceInit = 0;
/// The signal that asked the runner to stop (0: none).
volatile sig_atomic_t g_stopSignal = 0;

/// \return an exit status for a wait status: the exit code, or 128 + the signal
int
ExitStatusOf(int status)
{
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/// The runner's handler of SIGTERM, SIGINT and SIGHUP: end the namespace (its PID 1 first).
void
StopNamespace(int signal)
{
    g_stopSignal = signal;
    if (g_namespaceInit > 0)
    {
        kill(g_namespaceInit, SIGKILL);
    }
}

/// In the command's process: the signals as they were, then become the command (127 if it
/// cannot).
[[noreturn]] void
ExecCommand(const std::vector<std::string>& command)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    std::vector<char*> argv;
    for (const auto& argument : command)
    {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    std::cerr << "wsdsim-link: cannot run " << command[0] << ": " << std::strerror(errno) << "\n";
    _exit(127);
}

/// Print the link's counts on stderr (--summary).
void
PrintCounts(const LinkCounts& counts)
{
    std::cerr << "wsdsim-link: forwarded " << counts.forwarded[0] << " from host 0, "
              << counts.forwarded[1] << " from host 1; dropped " << counts.dropped[0]
              << " from host 0, " << counts.dropped[1] << " from host 1; ignored " << counts.ignored
              << " non-IPv4\n";
}

/**
 * \brief Make the namespace's network: a network namespace of its own, the two TUN devices and
 *        the routes between them.
 * \param mtu the devices' MTU \param devices where the devices go
 * \return whether it is made (else a reason was printed)
 */
bool
MakeNetwork(uint32_t mtu, std::optional<TunDevice> (&devices)[2])
{
    try
    {
        if (unshare(CLONE_NEWNET) != 0)
        {
            throw std::runtime_error(std::string("cannot create a network namespace: ")
                                     + std::strerror(errno));
        }
        DisableIpv6ForNewDevices();
        devices[0].emplace(kLinkDevices[0]);
        devices[1].emplace(kLinkDevices[1]);
        ConfigureLinkNetwork(mtu);
        return true;
    }
    catch (const std::exception& error)
    {
        std::cerr << "wsdsim-link: " << error.what() << "\n";
        return false;
    }
}

/**
 * \brief Forward the link until the command ends, recording it as the options ask.
 * \param options the link and its records \param startEpochNs the case's time zero
 * \param devices the devices \param signalFd a signalfd of SIGCHLD
 * \return the exit status of the command (or kExitBadInput when a record cannot be written,
 *         kExitNoNamespace when the command cannot be started)
 */
int
RunCommandOnLink(const RunnerOptions& options,
                 int64_t startEpochNs,
                 std::optional<TunDevice> (&devices)[2],
                 int signalFd)
{
    std::optional<LinkRecorders> recorders;
    try
    {
        recorders.emplace(options.segmentsPath, options.pcapPrefix, startEpochNs);
    }
    catch (const std::exception& error)
    {
        std::cerr << "wsdsim-link: " << error.what() << "\n";
        return kExitBadInput;
    }
    const LinkClock clock(startEpochNs);
    const pid_t command = fork();
    if (command == 0)
    {
        ExecCommand(options.command);
    }
    if (command < 0)
    {
        std::cerr << "wsdsim-link: cannot start " << options.command[0] << ": "
                  << std::strerror(errno) << "\n";
        return kExitNoNamespace;
    }
    LinkModel model(options.link);
    LinkTransit transit(model, recorders->Observers());
    const int status = RunLinkLoop(transit, {&*devices[0], &*devices[1]}, clock, command, signalFd);
    if (options.summary)
    {
        PrintCounts(transit.Counts());
    }
    try
    {
        recorders->Close();
    }
    catch (const std::exception& error)
    {
        std::cerr << "wsdsim-link: " << error.what() << "\n";
        return kExitBadInput;
    }
    return ExitStatusOf(status);
}

/**
 * \brief The namespace's PID 1: make the devices and the network, start the command, run the
 *        link until the command ends.
 * \return the exit status of the command (or kExitNoNamespace when the network cannot be made)
 */
int
NamespaceInit(const RunnerOptions& options)
{
    sigset_t childSignal;
    sigemptyset(&childSignal);
    sigaddset(&childSignal, SIGCHLD);
    sigprocmask(SIG_BLOCK, &childSignal, nullptr);
    const int signalFd = signalfd(-1, &childSignal, SFD_NONBLOCK | SFD_CLOEXEC);
    if (signalFd < 0) // without it the link would never learn that the command ended
    {
        std::cerr << "wsdsim-link: cannot watch the command (signalfd): " << std::strerror(errno)
                  << "\n";
        return kExitNoNamespace;
    }
    try
    {
        MakePrivateFolders(options.privateDirs);
    }
    catch (const std::exception& error)
    {
        std::cerr << "wsdsim-link: " << error.what() << "\n";
        return kExitNoNamespace;
    }
    std::optional<TunDevice> devices[2];
    if (!MakeNetwork(options.link.Mtu(), devices))
    {
        return kExitNoNamespace;
    }
    // Time zero: the one the caller gave, or now, as the command starts.
    return RunCommandOnLink(
        options, options.startEpochNs.value_or(LinkClock::EpochNowNs()), devices, signalFd);
}

/// In the forked child: die with the runner, then be the namespace's PID 1. Never returns.
[[noreturn]] void
BecomeNamespaceInit(const RunnerOptions& options, int runnerAlive)
{
    // The parent-death signal ends this process, and with it the whole namespace, when the
    // runner dies, however it dies (SIGKILL at a harness's timeout included).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    for (const int signal : {SIGTERM, SIGINT, SIGHUP})
    {
        std::signal(signal, SIG_DFL);
    }
    pollfd runner{runnerAlive, POLLIN, 0};
    if (poll(&runner, 1, 0) != 0)
    {
        _exit(kExitNoNamespace); // the runner died before the signal was set
    }
    ::close(runnerAlive);
    try
    {
        _exit(NamespaceInit(options));
    }
    catch (const std::exception& error)
    {
        std::cerr << "wsdsim-link: " << error.what() << "\n";
        _exit(kExitNoNamespace);
    }
}
} // namespace

int
RunInNamespace(const RunnerOptions& options)
{
    // The runner stays in the caller's namespaces; its next child is PID 1 of a new one. Its
    // own PID namespace is kept open to return to once that child exists (below).
    const int ownPidNamespace = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
    if (ownPidNamespace < 0 || unshare(CLONE_NEWPID) != 0)
    {
        std::cerr << "wsdsim-link: cannot create a PID namespace: " << std::strerror(errno)
                  << (errno == EPERM ? " (root is needed)" : "") << "\n";
        return kExitNoNamespace;
    }
    int runnerAlive[2];
    if (pipe2(runnerAlive, O_CLOEXEC) != 0)
    {
        std::cerr << "wsdsim-link: pipe failed: " << std::strerror(errno) << "\n";
        return kExitNoNamespace;
    }
    struct sigaction stop
    {
    };
    stop.sa_handler = StopNamespace;
    for (const int signal : {SIGTERM, SIGINT, SIGHUP})
    {
        sigaction(signal, &stop, nullptr);
    }
    const pid_t init = fork();
    if (init == 0)
    {
        ::close(runnerAlive[1]);
        BecomeNamespaceInit(options, runnerAlive[0]);
    }
    ::close(runnerAlive[0]);
    // Later children of the runner belong to its own namespace again: once PID 1 of the new one
    // has exited, no process can be created there, and LeakSanitizer's tracer at the runner's
    // exit is such a child (under scripts/sanitize.sh it failed with a fatal error).
    setns(ownPidNamespace, CLONE_NEWPID);
    ::close(ownPidNamespace);
    if (init < 0)
    {
        std::cerr << "wsdsim-link: fork failed: " << std::strerror(errno) << "\n";
        return kExitNoNamespace;
    }
    g_namespaceInit = init;
    if (g_stopSignal != 0)
    {
        kill(init, SIGKILL);
    }
    int status = 0;
    while (waitpid(init, &status, 0) < 0 && errno == EINTR)
    {
    }
    ::close(runnerAlive[1]);
    return g_stopSignal != 0 ? 128 + g_stopSignal : ExitStatusOf(status);
}

} // namespace wsdsim::link

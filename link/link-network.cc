// The case namespace's addresses, routes and rules (see link-network.h).
#include "link/link-network.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace wsdsim::link
{

namespace
{
/// The routing tables of the packets host 0 and host 1 send to each other.
constexpr std::array<int, 2> kHostTables{100, 101};

/// Write a value into /proc/sys/PATH. \throws std::runtime_error when it cannot be written
void
WriteSysctl(const std::string& path, const std::string& value)
{
    std::ofstream out("/proc/sys/" + path);
    out << value << "\n";
    out.flush();
    if (!out)
    {
        throw std::runtime_error("cannot set /proc/sys/" + path + " to " + value);
    }
}

/// \return the `ip -batch` commands of the namespace's network (see ConfigureLinkNetwork)
std::string
IpCommands(uint32_t mtu)
{
    std::string commands = "link set lo up\n";
    for (size_t host = 0; host < 2; ++host)
    {
        const std::string& device = kLinkDevices[host];
        const std::string& peer = kLinkAddresses[1 - host];
        const std::string table = std::to_string(kHostTables[host]);
        commands += "link set " + device + " mtu " + std::to_string(mtu) + " up\n";
        commands += "addr add " + kLinkAddresses[host] + "/32 dev " + device + "\n";
        // What this host sends to the other leaves through its own device...
        commands += "route add " + peer + "/32 dev " + device + " src " + kLinkAddresses[host]
                    + " table " + table + "\n";
        commands += "rule add pref " + std::to_string(20 + host) + " to " + peer + " lookup "
                    + table + "\n";
        // ...and what arrives on a device is delivered locally.
        commands
            += "rule add pref " + std::to_string(10 + host) + " iif " + device + " lookup local\n";
    }
    // The local table after those rules: two local addresses no longer short-cut through lo.
    commands += "rule add pref 100 lookup local\n";
    commands += "rule del pref 0 lookup local\n";
    return commands;
}

/// Run `ip -batch -` on the commands. \throws std::runtime_error when ip fails or is missing
void
RunIpBatch(const std::string& commands)
{
    int input[2];
    if (pipe2(input, O_CLOEXEC) != 0)
    {
        throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
    }
    const pid_t pid = fork();
    if (pid == 0)
    {
        dup2(input[0], STDIN_FILENO);
        // A PATH without the sbin folders (a non-root user's, kept by sudo) still finds it.
        execlp("ip", "ip", "-batch", "-", static_cast<char*>(nullptr));
        execl("/usr/sbin/ip", "ip", "-batch", "-", static_cast<char*>(nullptr));
        execl("/sbin/ip", "ip", "-batch", "-", static_cast<char*>(nullptr));
        _exit(127);
    }
    ::close(input[0]);
    const bool written = ::write(input[1], commands.data(), commands.size())
                         == static_cast<ssize_t>(commands.size());
    ::close(input[1]);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !written || !WIFEXITED(status)
        || WEXITSTATUS(status) != 0)
    {
        throw std::runtime_error(
            WIFEXITED(status) && WEXITSTATUS(status) == 127
                ? "cannot run ip (Debian: apt-get install iproute2)"
                : "ip -batch failed to set up the link's routes and rules (its message above)");
    }
}
} // namespace

void
DisableIpv6ForNewDevices()
{
    // A kernel without IPv6 has no such setting, and nothing to turn off.
    std::ofstream("/proc/sys/net/ipv6/conf/default/disable_ipv6") << "1\n";
}

void
ConfigureLinkNetwork(uint32_t mtu)
{
    // A packet from one local address to the other arrives on a device: not a martian.
    WriteSysctl("net/ipv4/conf/all/rp_filter", "0");
    for (const auto& device : kLinkDevices)
    {
        WriteSysctl("net/ipv4/conf/" + device + "/rp_filter", "0");
        WriteSysctl("net/ipv4/conf/" + device + "/accept_local", "1");
    }
    RunIpBatch(IpCommands(mtu));
}

} // namespace wsdsim::link

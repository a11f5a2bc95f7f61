// The addresses, routes and rules that make the case's two hosts talk through the link's TUN
// devices instead of loopback, inside the case's own network namespace.
#ifndef WSDSIM_LINK_NETWORK_H
#define WSDSIM_LINK_NETWORK_H

#include <array>
#include <cstdint>
#include <string>

namespace wsdsim::link
{

/// Host 0's and host 1's device: wsd0 carries what host 0 (10.0.0.1) sends, wsd1 host 1's.
inline const std::array<std::string, 2> kLinkDevices{"wsd0", "wsd1"};
/// The scenario's addresses: host 0 and host 1.
inline const std::array<std::string, 2> kLinkAddresses{"10.0.0.1", "10.0.0.2"};

/// Keep IPv6 off the devices about to be made (no router solicitations on the link).
void DisableIpv6ForNewDevices();

/**
 * \brief Configure the namespace whose TUN devices kLinkDevices exist: lo up, each device up
 *        with its host's address and the MTU, and policy routing that sends each host's packets
 *        to the other through its own device (docs/real-networks.md, "The namespace runner").
 * \param mtu the devices' MTU (the scenario's segment size + 40)
 * \throws std::runtime_error naming the setting that failed
 */
void ConfigureLinkNetwork(uint32_t mtu);

} // namespace wsdsim::link

#endif // WSDSIM_LINK_NETWORK_H

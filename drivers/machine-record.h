// What a results folder says of the machine a bundle ran on (Windows only): the OS version as
// the kernel reports it, and Wine's version when Wine stands in for Windows.
#ifndef WSDSIM_MACHINE_RECORD_H
#define WSDSIM_MACHINE_RECORD_H

#include <nlohmann/json.hpp>
#include <string>

namespace wsdsim::driver
{

/**
 * \brief The machine record of results.json (docs/windows.md, "What comes back").
 * \return {"implementation": "windows 10.0.22631" or "wine 8.0", "os": "windows 10.0.22631",
 *         "product_type": "workstation", "server" or "domain controller", "wine": version or
 *         null}
 */
nlohmann::json MachineRecord();

} // namespace wsdsim::driver

#endif // WSDSIM_MACHINE_RECORD_H

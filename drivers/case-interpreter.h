// Runs one case on a platform in real time, one OS thread per scenario thread.
#ifndef WSDSIM_DRIVER_CASE_INTERPRETER_H
#define WSDSIM_DRIVER_CASE_INTERPRETER_H

#include "driver-case.h"
#include "platform.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace wsdsim::driver
{

/**
 * \brief Run a case and write its trace (docs/trace-format.md).
 * \param testCase the case \param platform the implementation
 * \param tracePath the trace file \param startEpochNs the case start (CLOCK_REALTIME ns)
 * \return the process exit status (0 written, 3 unsupported, 2 bad input)
 */
int RunCase(const DriverCase& testCase,
            Platform& platform,
            const std::string& tracePath,
            int64_t startEpochNs);

} // namespace wsdsim::driver

#endif // WSDSIM_DRIVER_CASE_INTERPRETER_H

// Runs one case on a platform in real time, one OS thread per scenario thread.
#ifndef WSDSIM_DRIVER_CASE_INTERPRETER_H
#define WSDSIM_DRIVER_CASE_INTERPRETER_H

#include "driver-case.h"
#include "platform.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace wsdsim::driver
{

/**
 * \brief Run a case and write its trace (docs/trace-format.md).
 * \param testCase the case \param platform the implementation
 * \param tracePath the trace file
 * \param startEpochNs the case start (CLOCK_REALTIME ns); none: the driver starts the case as
 *        soon as it is ready and prints "STARTED <epoch ns>" first on standard output
 * \param allThreadsDone set to whether every thread finished its steps; when not, threads are
 *        left blocked in calls, and the process must end without running another case, keeping
 *        testCase and platform to its end
 * \return the process exit status (0 written, 3 unsupported, 2 bad input)
 */
int RunCase(const DriverCase& testCase,
            Platform& platform,
            const std::string& tracePath,
            std::optional<int64_t> startEpochNs,
            bool* allThreadsDone);

} // namespace wsdsim::driver

#endif // WSDSIM_DRIVER_CASE_INTERPRETER_H

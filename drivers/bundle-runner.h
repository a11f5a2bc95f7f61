// Runs every case of a wsdsim bundle on this Windows machine, each in a process of its own with a
// timeout, into a results folder that `wsdsim import` judges (docs/windows.md).
#ifndef WSDSIM_BUNDLE_RUNNER_H
#define WSDSIM_BUNDLE_RUNNER_H

#include <string>

namespace wsdsim::driver
{

/**
 * \brief Run a bundle's cases: each case runs in a new process of this same executable (the
 *        driver contract's three arguments), on addresses of its own, and is killed after
 *        `timeoutSeconds`; its trace, output and exit code, and the machine record, go into
 *        `resultsFolder` (results.json, cases/, traces/).
 * \param self this executable's path \param bundleFolder where bundle.json is
 * \param resultsFolder where the results go (created; must not hold a results.json)
 * \param timeoutSeconds how long a case may run
 * \return 0 when every case ran to a result (whatever its verdict will be), 2 for a bad bundle
 *         or a results folder that cannot be written
 */
int RunBundle(const std::wstring& self,
              const std::wstring& bundleFolder,
              const std::wstring& resultsFolder,
              unsigned timeoutSeconds);

} // namespace wsdsim::driver

#endif // WSDSIM_BUNDLE_RUNNER_H

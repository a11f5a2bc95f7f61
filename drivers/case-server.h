// A driver serving cases one after another in one process (docs/driver-contract.md, "Serving
// cases").
#ifndef WSDSIM_DRIVER_CASE_SERVER_H
#define WSDSIM_DRIVER_CASE_SERVER_H

#include <iosfwd>

namespace wsdsim::driver
{

/**
 * \brief Serve the cases asked for on `requests`, one request a line ({"case": PATH, "trace":
 *        PATH}), each started as soon as it is read (as START_EPOCH_NS "ready" does). After each
 *        case, its output (STARTED, UNSUPPORTED, ENDED, errors) is followed by "DONE <status>"
 *        on standard output; the case's handles are closed and its process-wide state undone
 *        (Platform::ReleaseCase), and the next case gets a new Platform. A case whose threads did
 *        not all finish ends with "DONE <status> LEAVING", and so does the process: its blocked
 *        threads cannot be taken back.
 * \param requests where requests come from
 * \return the exit status at the end of the requests
 */
int ServeCases(std::istream& requests);

} // namespace wsdsim::driver

#endif // WSDSIM_DRIVER_CASE_SERVER_H

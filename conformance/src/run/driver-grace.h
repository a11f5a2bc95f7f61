// How long a real implementation's driver keeps a case's sockets open after its last call.
#ifndef WSDSIM_DRIVER_GRACE_H
#define WSDSIM_DRIVER_GRACE_H

#include <cstdint>
#include <optional>
#include <string>

namespace wsdsim
{

/// Added to every grace: a timer of a real stack fires a little late on a loaded machine.
constexpr int64_t kDriverGraceSlackNs = 10'000'000;

/**
 * \brief The case's grace for a driver (the case document's grace_ns): long enough for every
 *        segment of the reference after its last return (a FIN's ACK, a delayed ACK, a RST in
 *        flight) to come as late as the comparison allows and still be captured. For each such
 *        segment: its time after the last return, plus the lateness the comparison allows it
 *        (the larger of floorNs and share of the interval since the previous segment in its
 *        direction); the largest of these, at least floorNs, plus kDriverGraceSlackNs.
 * \param referencePath the case's reference trace
 * \param floorNs the comparison's tolerance floor \param share its share of an interval
 * \return the grace in nanoseconds; nothing when the reference does not exist or does not read
 *         (the driver then keeps its default)
 */
std::optional<int64_t> DriverGraceNs(const std::string& referencePath,
                                     int64_t floorNs,
                                     double share);

} // namespace wsdsim

#endif // WSDSIM_DRIVER_GRACE_H

// How long a real implementation's driver keeps a case's sockets open after its last call.
#ifndef WSDSIM_DRIVER_GRACE_H
#define WSDSIM_DRIVER_GRACE_H

#include <cstdint>
#include <optional>
#include <string>

namespace wsdsim
{

/// Added to the reference's tail: a real stack's segments come a little later than the model's
/// (Wine's calls are round trips to wineserver; a loaded machine delays timers).
constexpr int64_t kDriverGraceMarginNs = 50'000'000;

/**
 * \brief The case's grace for a driver (the case document's grace_ns): the reference's tail,
 *        its last event after its last return (the FIN's ACK, a delayed ACK, a RST still in
 *        flight), plus kDriverGraceMarginNs.
 * \param referencePath the case's reference trace
 * \return the grace in nanoseconds; nothing when the reference does not exist or does not read
 *         (the driver then keeps its default)
 */
std::optional<int64_t> DriverGraceNs(const std::string& referencePath);

} // namespace wsdsim

#endif // WSDSIM_DRIVER_GRACE_H

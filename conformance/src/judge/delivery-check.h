// The harness's own invariant, checked on every trace of every implementation: what an
// application sent on a TCP connection reaches the peer whole and in order before the peer's
// recv returns 0, or the connection reports an error. Silent loss or truncation is a FAIL of
// its own kind ("data lost").
#ifndef WSDSIM_DELIVERY_CHECK_H
#define WSDSIM_DELIVERY_CHECK_H

#include <cstdint>
#include <optional>
#include <string>

#include "judge/case-result.h"
#include "scenario/scenario.h"

namespace wsdsim
{

/// What checking one trace found.
struct DeliveryCheck
{
    uint64_t streamsChecked{0};          //!< directions of a connection whose end was read
    uint64_t bytesChecked{0};            //!< bytes compared with what their sender sent
    std::optional<Divergence> violation; //!< the first silent loss, truncation or corruption
};

/**
 * \brief Check the delivery invariant on a trace.
 *
 * Connections are found in the case: a connect to (host, port) pairs with an accept on the
 * socket bound to that port on that host, in the order their calls succeed. For each direction,
 * the bytes of the sender's successful sends (their `data`, or `size` bytes of "abc...z") are
 * compared with the bytes the receiver's recv calls return. When the receiver's recv returns 0
 * (end of stream) and no call on either side of the connection has reported a connection error
 * (WSAECONNRESET, WSAECONNABORTED, WSAENETRESET, WSAETIMEDOUT, WSAENETDOWN), what it received
 * must equal what was sent; at any time it must be a prefix of it.
 *
 * \param scenarioCase the case the trace is of
 * \param tracePath the trace
 * \return what was checked and the first violation
 * \throws InputError for a malformed trace
 */
DeliveryCheck CheckDelivery(const ScenarioCase& scenarioCase, const std::string& tracePath);

} // namespace wsdsim

#endif // WSDSIM_DELIVERY_CHECK_H

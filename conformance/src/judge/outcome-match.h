// Whether a step's return is one of its acceptable outcomes: the one rule the comparator and the
// narration both judge by.
#ifndef WSDSIM_OUTCOME_MATCH_H
#define WSDSIM_OUTCOME_MATCH_H

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "scenario/scenario.h"
#include "trace/trace-event.h"

namespace wsdsim
{

/// The clock a trace's times are in, which decides what "blocked" means (docs/trace-format.md).
enum class TraceClock
{
    SIMULATED, //!< the model's: a call blocked when simulated time passed in it (its `blocked`)
    REAL,      //!< a real implementation's: only the call's duration is seen
};

/**
 * \brief The clock of a trace, from its header: the model's time is simulated, every other
 * implementation's real (docs/trace-format.md, `time_ns`).
 * \param header the trace's header line \return its clock
 */
TraceClock ClockOf(const TraceEvent& header);

/**
 * \brief The least time a real implementation's call must take to count as blocking, whatever
 * its timing floor. A call's return needs its thread to get a core back, so scheduling delays it
 * more than it delays a segment (which the timing floor bounds): measured with scripts/flake.sh
 * (a CPU hog per core on a machine already busy), calls that wait for nothing took up to 8 ms on
 * Linux (a 5 ms floor) and 18 ms on Wine, while the shortest wait of the scenarios, a lingering
 * closesocket whose data the peer acknowledges after its delayed-ACK timer, never took less than
 * 40 ms (Linux's least delayed ACK, TCP_DELACK_MIN).
 */
constexpr int64_t kLeastBlockingNs = 25'000'000;

/**
 * \brief Whether a call blocked, as a step's `blocks` is judged.
 *
 * Simulated time: whether simulated time passed in the call, which the model's `blocked` records
 * exactly. Real time: whether the call returned more than max(timing floor, kLeastBlockingNs)
 * after it was called. A real call always takes some time, and under load the scheduler adds
 * milliseconds (measured on Wine with both cores busy: shutdown 1.4 ms, closesocket under
 * linger {1,0} 3 ms); whether it waited for the network, the peer or a timer cannot be seen, only
 * its duration. The timing floor (Backend::TimingFloorNs() raised to the run's tolerance floor:
 * 5 ms for Linux, 25 ms for Wine) is how late the implementation's own scheduling can make an
 * event that is on time, so a call inside it cannot be told from one that returned at once
 * (docs/driver-contract.md, "What blocked means for a real implementation").
 * \param ret the return \param blockedNs its time since its call
 * \param floorNs the implementation's timing floor \param clock the trace's clock
 * \return whether the call counts as blocking
 */
bool CallBlocked(const TraceEvent& ret, int64_t blockedNs, int64_t floorNs, TraceClock clock);

/**
 * \brief Whether a return matches an outcome: every field the outcome constrains holds.
 *
 * returnsAfter holds within max(floor, 5 % of the expected duration): the model returns exactly
 * on time (its reference traces pin that); a real stack's timers are coarser. blocks holds as
 * CallBlocked() says.
 * \param outcome the outcome \param ret the step's return \param blockedNs how long the call took
 * \param floorNs the implementation's timing floor: the least tolerance for returnsAfter, and for
 * a real clock (with kLeastBlockingNs) the time a call may take without counting as blocking
 * \param clock the trace's clock (SIMULATED: the return's own `blocked`, as recorded)
 * \return whether it matches
 */
bool OutcomeMatches(const Outcome& outcome,
                    const TraceEvent& ret,
                    int64_t blockedNs,
                    int64_t floorNs,
                    TraceClock clock = TraceClock::SIMULATED);

/// \return the out-parameters a return carries, by name (an empty object when none)
nlohmann::json ReturnOutputs(const TraceEvent& ret);

} // namespace wsdsim

#endif // WSDSIM_OUTCOME_MATCH_H

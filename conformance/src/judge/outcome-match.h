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

/**
 * \brief Whether a return matches an outcome: every field the outcome constrains holds.
 *
 * returnsAfter holds within max(floor, 5 % of the expected duration): the model returns exactly
 * on time (its reference traces pin that); a real stack's timers are coarser.
 * \param outcome the outcome \param ret the step's return \param blockedNs how long the call took
 * \param floorNs the least tolerance for returnsAfter
 * \return whether it matches
 */
bool OutcomeMatches(const Outcome& outcome,
                    const TraceEvent& ret,
                    int64_t blockedNs,
                    int64_t floorNs);

/// \return the out-parameters a return carries, by name (an empty object when none)
nlohmann::json ReturnOutputs(const TraceEvent& ret);

} // namespace wsdsim

#endif // WSDSIM_OUTCOME_MATCH_H

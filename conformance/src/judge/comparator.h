// Judges a trace: each step's return against its acceptable outcomes, the wire against the
// reference.
#ifndef WSDSIM_COMPARATOR_H
#define WSDSIM_COMPARATOR_H

#include <optional>
#include <string>

#include "judge/case-result.h"
#include "scenario/scenario.h"
#include "trace/wire-detail.h"

namespace wsdsim
{

/// How far a segment's time may stray from the reference's: max(floor, share x interval),
/// the interval being the reference's time since its previous segment (packetdrill's rule).
struct Tolerance
{
    int64_t floorNs{5'000'000}; //!< absolute floor (default 5 ms)
    double share{0.25};         //!< share of the interval (default 25 %)
};

/// What comparing one trace gave.
struct Comparison
{
    Verdict verdict{Verdict::PASS};              //!< PASS, FAIL or NON-STRICT
    std::vector<Divergence> divergences;         //!< every divergence, API first (case-result.h)
    std::vector<std::string> passedRequirements; //!< ids whose outcomes held
    std::vector<std::string> failedRequirements; //!< ids whose outcomes broke
    std::string summary;                         //!< one line: the first listed divergence
};

/**
 * \brief Compare a trace with a case's expectations and its reference trace, streaming both.
 *
 * API: a step with outcomes passes when its return matches one of them; a step without
 * outcomes must agree with the reference's return on the error. Wire: when the case's wire
 * level is not "ignore" and the trace observed the wire, the segments must agree with the
 * reference's in order, host, direction, flags and length, each within the time tolerance.
 * Every divergence is listed, API ones first (OrderDivergences()): each step that broke its
 * outcomes, then the first wire divergence (per host and direction for WireDetail::CONTROL,
 * where the rest of a stream would only repeat it). FAIL when one breaks a MUST, else
 * NON-STRICT when one breaks a SHOULD.
 *
 * \param scenarioCase the case
 * \param tracePath the trace to judge
 * \param referencePath the reference trace, or "" for none (then only the outcomes count)
 * \param tolerance time tolerance for segments
 * \param wireObserved whether the implementation recorded segments
 * \return the comparison
 * \throws InputError for a malformed trace, or one of another case
 */
Comparison CompareTrace(const ScenarioCase& scenarioCase,
                        const std::string& tracePath,
                        const std::string& referencePath,
                        const Tolerance& tolerance,
                        WireDetail wire);

/// As above; wireObserved true compares every segment, false none.
Comparison CompareTrace(const ScenarioCase& scenarioCase,
                        const std::string& tracePath,
                        const std::string& referencePath,
                        const Tolerance& tolerance,
                        bool wireObserved);

} // namespace wsdsim

#endif // WSDSIM_COMPARATOR_H

// Times and durations as a person reads them (ParseDuration, which reads a scenario's, is the
// vocabulary's: wsdsim/duration.h).
#ifndef WSDSIM_TIME_TEXT_H
#define WSDSIM_TIME_TEXT_H

#include <cstdint>
#include <string>

#include "wsdsim/duration.h"

namespace wsdsim
{

/// \return a simulated time as "0.003093 s"
std::string FormatSimTime(int64_t timeNs);

/// \return a duration in the unit that reads best: "1.05 ms", "2 s", "240 s", "250 us"
std::string FormatDuration(int64_t durationNs);

/**
 * \brief How far a time is off another, and the tolerance it broke, in units a person reads.
 * \param gapNs the actual time minus the expected one \param toleranceNs the tolerance
 * \return "4.98 s late (tolerance 1.27 s)", "12 ms early (tolerance 5 ms)"; when the two would
 * read the same ("5 ms late (tolerance 5 ms)"), both in a finer unit ("5004 us", "5000 us")
 */
std::string FormatLateness(int64_t gapNs, int64_t toleranceNs);

/// \return a number with at most two decimals, no trailing zeros ("1.05", "2")
std::string FormatNumber(double value);

/// Append a number as FormatNumber writes it (no string of its own: for markup built in one go).
void AppendNumber(std::string& out, double value);

} // namespace wsdsim

#endif // WSDSIM_TIME_TEXT_H

// Times and durations as a person reads them (see time-text.h).
#include "common/time-text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace wsdsim
{

std::string
FormatNumber(double value)
{
    // to_chars writes what printf's "%.2f" writes, several times faster (a report formats every
    // coordinate of every sequence diagram here).
    char buffer[400]; // the longest double, fixed notation
    const auto written
        = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 2);
    std::string text(buffer, written.ptr);
    while (!text.empty() && text.back() == '0')
    {
        text.pop_back();
    }
    if (!text.empty() && text.back() == '.')
    {
        text.pop_back();
    }
    return text;
}

std::string
FormatSimTime(int64_t timeNs)
{
    char buffer[40];
    std::snprintf(buffer,
                  sizeof buffer,
                  "%s%lld.%06lld s",
                  timeNs < 0 ? "-" : "",
                  static_cast<long long>(std::llabs(timeNs) / 1'000'000'000),
                  static_cast<long long>((std::llabs(timeNs) % 1'000'000'000) / 1000));
    return buffer;
}

std::string
FormatDuration(int64_t durationNs)
{
    const double ns = static_cast<double>(durationNs);
    if (std::llabs(durationNs) >= 1'000'000'000)
    {
        return FormatNumber(ns / 1e9) + " s";
    }
    if (std::llabs(durationNs) >= 1'000'000)
    {
        return FormatNumber(ns / 1e6) + " ms";
    }
    if (std::llabs(durationNs) >= 1'000)
    {
        return FormatNumber(ns / 1e3) + " us";
    }
    return std::to_string(durationNs) + " ns";
}

std::string
FormatLateness(int64_t gapNs, int64_t toleranceNs)
{
    const int64_t gap = std::llabs(gapNs);
    std::string gapText = FormatDuration(gap);
    std::string toleranceText = FormatDuration(toleranceNs);
    // Two decimals can round a gap just over the tolerance to the tolerance's own text.
    for (const auto& [unitNs, suffix] : {std::pair<double, const char*>{1e3, " us"}, {1.0, " ns"}})
    {
        if (gapText != toleranceText)
        {
            break;
        }
        gapText = FormatNumber(static_cast<double>(gap) / unitNs) + suffix;
        toleranceText = FormatNumber(static_cast<double>(toleranceNs) / unitNs) + suffix;
    }
    return gapText + (gapNs < 0 ? " early" : " late") + " (tolerance " + toleranceText + ")";
}

} // namespace wsdsim

// Times and durations as a person reads them (see time-text.h).
#include "common/time-text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace wsdsim
{

void
AppendNumber(std::string& out, double value)
{
    // to_chars writes what printf's "%.2f" writes, several times faster (a report formats every
    // coordinate of every sequence diagram here).
    char buffer[400]; // the longest double, fixed notation
    const char* end
        = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 2).ptr;
    while (end != buffer && end[-1] == '0')
    {
        --end;
    }
    if (end != buffer && end[-1] == '.')
    {
        --end;
    }
    out.append(buffer, static_cast<size_t>(end - buffer));
}

std::string
FormatNumber(double value)
{
    std::string text;
    AppendNumber(text, value);
    return text;
}

std::string
FormatSimTime(int64_t timeNs)
{
    // What "%s%lld.%06lld s" writes (sign, seconds, microseconds), without printf's parsing: a
    // report writes a time for every row, tooltip and line of narration.
    const long long magnitude = std::llabs(timeNs);
    char buffer[40];
    char* end = buffer;
    if (timeNs < 0)
    {
        *end++ = '-';
    }
    end = std::to_chars(end, buffer + sizeof buffer, magnitude / 1'000'000'000).ptr;
    *end++ = '.';
    long long microseconds = (magnitude % 1'000'000'000) / 1000;
    for (int digit = 5; digit >= 0; --digit)
    {
        end[digit] = static_cast<char>('0' + microseconds % 10);
        microseconds /= 10;
    }
    end += 6;
    *end++ = ' ';
    *end++ = 's';
    return std::string(buffer, end);
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

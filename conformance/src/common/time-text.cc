// Times and durations as a person reads them (see time-text.h).
#include "common/time-text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace wsdsim
{

namespace
{

/**
 * \brief Append what "%.2f" writes, trailing zeros and point trimmed, for a value that is not
 * near a tie between two hundredths; most of a diagram's coordinates are whole or halves.
 * \return false, writing nothing, for a value near such a tie, a negative value that rounds to
 *         zero ("-0"), or one too large: to_chars decides those
 */
bool
AppendHundredths(std::string& out, double value)
{
    const double hundredths = value * 100;
    if (!(std::fabs(hundredths) < 1e12))
    {
        return false;
    }
    // Below 1e12 the product is within 2^-13 of value * 100, so a product less than 0.4 from
    // an integer has that integer as its nearest, as "%.2f" rounds the exact binary value.
    const double nearest = std::nearbyint(hundredths);
    if (std::fabs(hundredths - nearest) >= 0.4 || (nearest == 0 && std::signbit(value)))
    {
        return false;
    }
    const long long whole = std::llabs(static_cast<long long>(nearest));
    char buffer[24];
    char* end = buffer;
    if (nearest < 0)
    {
        *end++ = '-';
    }
    end = std::to_chars(end, buffer + sizeof buffer, whole / 100).ptr;
    if (const long long cents = whole % 100; cents != 0)
    {
        *end++ = '.';
        *end++ = static_cast<char>('0' + cents / 10);
        if (cents % 10 != 0)
        {
            *end++ = static_cast<char>('0' + cents % 10);
        }
    }
    out.append(buffer, end);
    return true;
}

} // namespace

void
AppendNumber(std::string& out, double value)
{
    if (AppendHundredths(out, value))
    {
        return;
    }
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

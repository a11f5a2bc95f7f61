// Times and durations as a person reads them (see time-text.h).
#include "common/time-text.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <utility>

namespace wsdsim
{

std::string
FormatNumber(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    std::string text = buffer;
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

int64_t
ParseDuration(const std::string& text)
{
    size_t i = 0;
    int64_t whole = 0;
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])))
    {
        return -1;
    }
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    {
        whole = whole * 10 + (text[i] - '0');
        if (whole > 1'000'000'000'000LL)
        {
            return -1;
        }
        ++i;
    }
    std::string fraction;
    if (i < text.size() && text[i] == '.')
    {
        ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        {
            fraction += text[i++];
        }
        if (fraction.empty() || fraction.size() > 9)
        {
            return -1;
        }
    }
    const std::string unit = text.substr(i);
    int64_t scale = 0;
    if (unit == "ns")
    {
        scale = 1;
    }
    else if (unit == "us")
    {
        scale = 1'000;
    }
    else if (unit == "ms")
    {
        scale = 1'000'000;
    }
    else if (unit == "s")
    {
        scale = 1'000'000'000;
    }
    else
    {
        return -1;
    }
    // Beyond int64 nanoseconds (292 years) is not a duration (and whole * scale would overflow).
    if (whole > (std::numeric_limits<int64_t>::max() - scale) / scale)
    {
        return -1;
    }
    // Digits finer than a nanosecond are refused, not rounded.
    while (!fraction.empty() && fraction.back() == '0')
    {
        fraction.pop_back();
    }
    int64_t fractionNs = 0;
    int64_t fractionScale = scale;
    for (const char digit : fraction)
    {
        fractionScale /= 10;
        if (fractionScale == 0)
        {
            return -1;
        }
        fractionNs += (digit - '0') * fractionScale;
    }
    return whole * scale + fractionNs;
}

} // namespace wsdsim

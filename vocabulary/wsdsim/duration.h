// Durations as scenarios write them: "10ms", "1.5s", "250us", "100ns".
#ifndef WSDSIM_DURATION_H
#define WSDSIM_DURATION_H

#include <cctype>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace wsdsim
{

/**
 * \brief Parse a duration ("10ms", "1.5s", "250us", "100ns"): digits, an optional fraction of at
 *        most 9 digits, a unit (ns, us, ms, s); nothing finer than a nanosecond, nothing beyond
 *        int64 nanoseconds.
 * \param text the duration
 * \return nanoseconds, or -1 when the text is not a duration
 */
inline int64_t
ParseDuration(std::string_view text)
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
    const std::string_view unit = text.substr(i);
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

#endif // WSDSIM_DURATION_H

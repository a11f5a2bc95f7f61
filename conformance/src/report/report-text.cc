// Text as the report files show it (see report-text.h).
#include "report/report-text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "report/markup.h"

namespace wsdsim
{

namespace
{

/// Append `\xNN` for one byte.
void
AppendHexByte(std::string& out, unsigned char byte)
{
    constexpr const char* kDigits = "0123456789ABCDEF";
    out += "\\x";
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xF];
}

/// A UTF-8 sequence as decoded.
struct Utf8Sequence
{
    size_t m_length{0};      //!< its bytes; 0 when it is not valid UTF-8
    uint32_t m_codePoint{0}; //!< the code point it encodes
};

/**
 * \return the UTF-8 sequence that starts at `text[start]`, a byte of 0x80 or more: length 0 for
 * an overlong, truncated or surrogate sequence, one beyond U+10FFFF, or a stray byte
 */
Utf8Sequence
DecodeUtf8(std::string_view text, size_t start)
{
    const auto byte = static_cast<unsigned char>(text[start]);
    size_t length = 0;
    uint32_t codePoint = 0;
    uint32_t smallest = 0;
    if ((byte & 0xE0) == 0xC0)
    {
        length = 2;
        codePoint = byte & 0x1F;
        smallest = 0x80;
    }
    else if ((byte & 0xF0) == 0xE0)
    {
        length = 3;
        codePoint = byte & 0x0F;
        smallest = 0x800;
    }
    else if ((byte & 0xF8) == 0xF0)
    {
        length = 4;
        codePoint = byte & 0x07;
        smallest = 0x10000;
    }
    bool valid = length != 0 && start + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k)
    {
        auto next = static_cast<unsigned char>(text[start + k]);
        valid = (next & 0xC0) == 0x80;
        codePoint = (codePoint << 6) | (next & 0x3F);
    }
    valid = valid && codePoint >= smallest && codePoint <= 0x10FFFF
            && !(codePoint >= 0xD800 && codePoint <= 0xDFFF);
    return valid ? Utf8Sequence{length, codePoint} : Utf8Sequence{};
}

} // namespace

std::string
Visible(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size())
    {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80)
        {
            if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r')
            {
                AppendHexByte(out, byte);
            }
            else
            {
                out += static_cast<char>(byte);
            }
            ++i;
            continue;
        }
        const Utf8Sequence sequence = DecodeUtf8(text, i);
        if (sequence.m_length == 0)
        {
            AppendHexByte(out, byte); // overlong, truncated, surrogate or stray byte
            ++i;
            continue;
        }
        if (sequence.m_codePoint == 0xFFFE || sequence.m_codePoint == 0xFFFF)
        {
            out += sequence.m_codePoint == 0xFFFE ? "\\uFFFE" : "\\uFFFF";
        }
        else
        {
            out.append(text.substr(i, sequence.m_length));
        }
        i += sequence.m_length;
    }
    return out;
}

std::string
HtmlEscape(std::string_view text)
{
    std::string out;
    for (char c : Visible(text))
    {
        AppendMarkup(out, c);
    }
    return out;
}

std::string
UrlPath(std::string_view path)
{
    constexpr const char* kDigits = "0123456789ABCDEF";
    std::string out;
    for (char c : path)
    {
        auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z')
            || (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_'
            || byte == '~' || byte == '/')
        {
            out += c;
        }
        else
        {
            out += '%';
            out += kDigits[byte >> 4];
            out += kDigits[byte & 0xF];
        }
    }
    return out;
}

std::string
Shorten(const std::string& text, size_t limit)
{
    if (text.size() <= limit)
    {
        return text;
    }
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    {
        --end;
    }
    return text.substr(0, end) + "\u2026";
}

std::string
Join(const std::vector<std::string>& items, const std::string& separator)
{
    std::string out;
    for (const auto& item : items)
    {
        out += (out.empty() ? "" : separator) + item;
    }
    return out;
}

std::string
FormatSeconds(double seconds, int precision)
{
    if (!std::isfinite(seconds) || seconds < 0)
    {
        seconds = 0;
    }
    char buffer[64];
    auto [end, error] = std::to_chars(
        buffer, buffer + sizeof(buffer), seconds, std::chars_format::fixed, precision);
    if (error != std::errc())
    {
        return "0";
    }
    return std::string(buffer, end);
}

std::string
VerdictClass(Verdict verdict)
{
    std::string name = VerdictName(verdict);
    std::transform(name.begin(),
                   name.end(),
                   name.begin(),
                   [](unsigned char c)
                   { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    return name;
}

std::string
HtmlVerdict(Verdict verdict)
{
    return "<span class=\"v v-" + VerdictClass(verdict) + "\">" + VerdictName(verdict) + "</span>";
}

std::string
HtmlVerdict(const CaseResult& result)
{
    return "<span class=\"v v-" + VerdictClass(result.verdict) + "\">" + VerdictLabel(result)
           + "</span>";
}

} // namespace wsdsim

// Text made safe for XML and HTML (see markup.h).
#include "report/markup.h"

namespace wsdsim
{

const char*
MarkupEntity(char c)
{
    switch (c)
    {
        case '&':
            return "&amp;";
        case '<':
            return "&lt;";
        case '>':
            return "&gt;";
        case '"':
            return "&quot;";
        case '\'':
            return "&#39;";
        default:
            return nullptr;
    }
}

void
AppendMarkup(std::string& out, char c)
{
    const char* entity = MarkupEntity(c);
    if (entity)
    {
        out += entity;
    }
    else
    {
        out += c;
    }
}

std::string
MarkupEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    AppendMarkupEscaped(out, text);
    return out;
}

namespace
{

/// \return whether a byte is printable ASCII that markup takes as it is
bool
IsPlainByte(unsigned char byte)
{
    return byte >= 0x20 && byte < 0x7F && MarkupEntity(static_cast<char>(byte)) == nullptr;
}

} // namespace

void
AppendMarkupEscaped(std::string& out, std::string_view text)
{
    for (size_t i = 0; i < text.size();)
    {
        // Most of a report's text needs no escaping: copy such a run at once.
        size_t plain = i;
        while (plain < text.size() && IsPlainByte(static_cast<unsigned char>(text[plain])))
        {
            ++plain;
        }
        if (plain > i)
        {
            out.append(text.substr(i, plain - i));
            i = plain;
            continue;
        }
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80)
        {
            if (byte < 0x20 || byte == 0x7F)
            {
                out += "\u00b7"; // control characters are not allowed in XML 1.0
            }
            else
            {
                AppendMarkup(out, static_cast<char>(byte));
            }
            ++i;
            continue;
        }
        // A UTF-8 sequence: copy it when well formed, else U+FFFD for the lead byte.
        size_t length = byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0;
        bool valid = length != 0 && i + length <= text.size() && byte < 0xF5;
        for (size_t k = 1; valid && k < length; ++k)
        {
            valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        }
        if (valid && length == 3)
        {
            const auto second = static_cast<unsigned char>(text[i + 1]);
            valid = !(byte == 0xE0 && second < 0xA0) && !(byte == 0xED && second >= 0xA0);
        }
        if (valid && length == 4)
        {
            const auto second = static_cast<unsigned char>(text[i + 1]);
            valid = !(byte == 0xF0 && second < 0x90) && !(byte == 0xF4 && second >= 0x90);
        }
        if (valid)
        {
            out.append(text.substr(i, length));
            i += length;
        }
        else
        {
            out += "\uFFFD";
            ++i;
        }
    }
}

} // namespace wsdsim

// Text made safe for XML and HTML.
#ifndef WSDSIM_MARKUP_H
#define WSDSIM_MARKUP_H

#include <string>
#include <string_view>

namespace wsdsim
{

/**
 * \brief Escape text for XML / HTML character data and attributes: & < > " ' escaped, control
 * characters shown as U+00B7, invalid UTF-8 replaced with U+FFFD.
 */
std::string MarkupEscape(std::string_view text);

/// Append text to markup, escaped as MarkupEscape() escapes it.
void AppendMarkupEscaped(std::string& out, std::string_view text);

/**
 * \return the entity that stands for a character in XML and HTML markup ("&amp;", "&lt;",
 * "&gt;", "&quot;", "&#39;"), or nullptr for a character that stands for itself
 */
const char* MarkupEntity(char c);

/// Append a character to markup: its MarkupEntity(), or itself.
void AppendMarkup(std::string& out, char c);

} // namespace wsdsim

#endif // WSDSIM_MARKUP_H

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

} // namespace wsdsim

#endif // WSDSIM_MARKUP_H

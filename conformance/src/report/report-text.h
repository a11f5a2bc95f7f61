// Text as the report files show it: control characters made visible, HTML escaping, URL paths,
// verdict badges, shortening, joining and seconds.
#ifndef WSDSIM_REPORT_TEXT_H
#define WSDSIM_REPORT_TEXT_H

#include <string>
#include <string_view>
#include <vector>

#include "judge/case-result.h"

namespace wsdsim
{

/**
 * \return the text with what XML 1.0 and HTML cannot carry made visible: C0 control characters
 * other than tab, line feed and carriage return, and bytes that are not valid UTF-8, become
 * `\xNN`; the non-characters U+FFFE and U+FFFF become `\uFFFE` and `\uFFFF`.
 */
std::string Visible(std::string_view text);

/// \return the text made Visible() and escaped for HTML text or a quoted attribute value
std::string HtmlEscape(std::string_view text);

/// \return a relative or absolute file path as a URL path: bytes outside [A-Za-z0-9-._~/] as %XX
std::string UrlPath(std::string_view path);

/// \return the text cut to at most limit bytes at a UTF-8 boundary, with an ellipsis when cut
std::string Shorten(const std::string& text, size_t limit = 80);

/// \return the items joined with the separator
std::string Join(const std::vector<std::string>& items, const std::string& separator = ", ");

/// \return seconds as a locale-independent decimal with the given digits after the point
std::string FormatSeconds(double seconds, int precision = 3);

/// \return the verdict as a lower-case CSS class suffix ("non-strict")
std::string VerdictClass(Verdict verdict);

/// \return a verdict badge in HTML
std::string HtmlVerdict(Verdict verdict);

/// \return a case's verdict as an HTML badge, "FAIL (data lost)" for silent data loss
std::string HtmlVerdict(const CaseResult& result);

} // namespace wsdsim

#endif // WSDSIM_REPORT_TEXT_H

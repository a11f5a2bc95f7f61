// Reads a trace line's flat JSON object straight into a TraceEvent, without a JSON document.
#ifndef WSDSIM_TRACE_LINE_SCANNER_H
#define WSDSIM_TRACE_LINE_SCANNER_H

#include <string>
#include <string_view>

#include "trace/trace-event.h"

namespace wsdsim
{

/**
 * \brief Read one trace line the quick way: a flat object of the trace format's keys, each
 * once, with string (no escapes, printable ASCII), integer or boolean values, that makes a
 * valid event.
 *
 * Anything else (an escape, a byte above 0x7f, a nested value, null, a fraction or exponent,
 * a number out of its field's range, an unknown, missing or repeated key, a field of the wrong
 * type or value, malformed JSON) is declined, to be parsed with nlohmann/json and
 * TraceEvent::FromJson, which say what is wrong and where. A line the scanner reads gives the
 * event those would give.
 *
 * \param line one line, without its newline
 * \param event set to the line's event when the scanner reads it (its strings' storage reused);
 *              unspecified otherwise
 * \return whether the scanner read the line
 */
bool ScanTraceLine(const std::string& line, TraceEvent* event);

/**
 * \brief Whether an object's text is what nlohmann/json's compact dump of it would be: no
 * whitespace, keys in strictly increasing byte order, values that dump writes back as they are
 * (strings without escapes, printable ASCII; integers of at most 18 digits without a leading
 * zero, not -0; true, false, null). Such a text is its own canonical form: the scanner and the line
 * writer take it as it is, any other they parse and write again. \param text an object's text
 * \return whether it is in that form
 */
bool IsCompactSortedFlatObject(std::string_view text);

} // namespace wsdsim

#endif // WSDSIM_TRACE_LINE_SCANNER_H

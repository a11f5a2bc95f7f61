// Writes a trace event's line straight into a string, without building a JSON document.
#ifndef WSDSIM_TRACE_LINE_WRITER_H
#define WSDSIM_TRACE_LINE_WRITER_H

#include <string>

#include "trace/trace-event.h"

namespace wsdsim
{

/**
 * \brief Append an event's trace line (without its newline) to a string: the bytes
 * `TraceEvent::ToJson().dump(-1, ' ', false, error_handler_t::replace)` gives, keys in
 * nlohmann/json's sorted order, written field by field.
 *
 * A string of printable ASCII without '"' or '\\' is copied as it is; any other string (an
 * escape, a control byte, UTF-8, invalid UTF-8) and the arguments' and outputs' JSON text are
 * written by nlohmann/json, so that escapes, replacement of invalid UTF-8 and the canonical
 * form of a driver's arguments stay exactly nlohmann/json's.
 *
 * \param event the event
 * \param out the string appended to
 * \throws nlohmann::json::parse_error when the arguments or outputs are not JSON
 */
void AppendTraceLine(const TraceEvent& event, std::string& out);

} // namespace wsdsim

#endif // WSDSIM_TRACE_LINE_WRITER_H

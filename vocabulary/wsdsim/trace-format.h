// The name of the trace format every implementation writes (docs/trace-format.md): the harness
// and the drivers share it.
#ifndef WSDSIM_TRACE_FORMAT_H
#define WSDSIM_TRACE_FORMAT_H

namespace wsdsim
{

/// Written as the header line's "format". Version 2: a call's "args" is a JSON object in the call
/// vocabulary's one form, and a return may carry "out" (its out-parameters).
inline constexpr const char* kTraceFormatName = "wsdsim-trace/2";

} // namespace wsdsim

#endif // WSDSIM_TRACE_FORMAT_H

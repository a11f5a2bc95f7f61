// A call event read back into the call vocabulary's typed form, for those who explain a trace.
#ifndef WSDSIM_TRACED_CALL_H
#define WSDSIM_TRACED_CALL_H

#include <optional>
#include <string>

#include "trace/trace-event.h"
#include "wsdsim/call-vocabulary.h"

namespace wsdsim
{

/**
 * \param call a call event
 * \return its call with typed arguments, or nothing when its name or arguments are not the
 *         vocabulary's (a foreign driver's trace, say)
 */
std::optional<Call> TracedCall(const TraceEvent& call);

/**
 * \param call a call event
 * \return the call as one line: "shutdown(s=c, how=SD_SEND)"; the name and the arguments' text
 *         as written when they are not the vocabulary's
 */
std::string TracedCallSignature(const TraceEvent& call);

/**
 * \brief TracedCallSignature for a call already decoded (a caller that needs both decodes once).
 * \param call a call event \param typed TracedCall(call)
 */
std::string TracedCallSignature(const TraceEvent& call, const std::optional<Call>& typed);

} // namespace wsdsim

#endif // WSDSIM_TRACED_CALL_H

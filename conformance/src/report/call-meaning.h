// What a call's return means for the application and for TCP, in a learner's words: one
// explanation per call of the vocabulary (std::visit refuses a call without one).
#ifndef WSDSIM_CALL_MEANING_H
#define WSDSIM_CALL_MEANING_H

#include <string>

#include "trace/trace-event.h"
#include "wsdsim/call-vocabulary.h"

namespace wsdsim
{

/**
 * \param call the call made \param ret its return (successful)
 * \return what the success means ("sends are now disabled; TCP sends FIN after the queued data")
 */
std::string SuccessMeaning(const Call& call, const TraceEvent& ret);

/// \return what an error means, in a few words ("" for an error the symbol table does not know)
std::string ErrorMeaning(const std::string& error);

} // namespace wsdsim

#endif // WSDSIM_CALL_MEANING_H

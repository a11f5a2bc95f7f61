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

/**
 * \param ret a return
 * \return its out-parameters in a few characters, as a diagram shows them: the network events
 *         with their errors ("FD_CLOSE(0)"), revents ("POLLHUP|POLLWRNORM"), the sets select left
 *         ("read[c] write[c]"), the event signalled, an OVERLAPPED's bytes ("ov 0 bytes"), an
 *         option's value, an address; "" when it has none
 */
std::string OutputsText(const TraceEvent& ret);

/**
 * \param ret a return that failed
 * \return what its out-parameters add to the error, in words ("" when nothing): the OVERLAPPED
 *         whose failed completion GetQueuedCompletionStatus dequeued
 */
std::string FailureDetail(const TraceEvent& ret);

} // namespace wsdsim

#endif // WSDSIM_CALL_MEANING_H

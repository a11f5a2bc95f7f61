// The forms a step's expected "result" may take, by what its call returns: the one description
// the loader checks outcomes with and the schema generator writes.
#ifndef WSDSIM_RESULT_FORMS_H
#define WSDSIM_RESULT_FORMS_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.h"

namespace wsdsim
{

/// A named result: "SOCKET_ERROR", "handle", "positive", "TRUE", "WSA_WAIT_TIMEOUT".
struct NamedResult
{
    std::string_view name; //!< as scenarios write it
    ExpectedResult result; //!< what it matches
};

/// What a call's "result" may be.
struct ResultForms
{
    std::vector<NamedResult> names; //!< the named forms
    std::vector<int64_t> integers;  //!< the integers allowed, when a short list
    bool anyInteger{false};         //!< any integer from `minimum` is allowed
    int64_t minimum{0};             //!< the least integer, when anyInteger
    std::string expected;           //!< the forms in words, for messages ("0 or \"SOCKET_ERROR\"")
    std::string returns;            //!< what the call returns, in words
};

/// \return the forms a call's result may take
ResultForms ResultFormsOf(const CallInfo& call);

} // namespace wsdsim

#endif // WSDSIM_RESULT_FORMS_H

// A step's "expect": its acceptable outcomes, each checked against what the step's call can
// produce (the call vocabulary says which fields each call has).
#ifndef WSDSIM_OUTCOME_PARSER_H
#define WSDSIM_OUTCOME_PARSER_H

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scenario/json-context.h"
#include "scenario/scenario.h"

namespace wsdsim
{

/**
 * \param call the step's call
 * \return the fields an outcome of that call may have, in the order the schema lists them
 */
std::vector<std::string> OutcomeFieldsOf(const CallInfo& call);

/**
 * \brief Read one outcome of a step.
 * \param context the file \param object the outcome \param pointer its place
 * \param call what the step calls: a field the call cannot produce is refused
 * \return the outcome (its "when", if any, is left to the caller)
 * \throws InputError naming the place and what was expected
 */
Outcome ParseOutcome(const JsonContext& context,
                     const nlohmann::json& object,
                     const std::string& pointer,
                     const CallInfo& call);

} // namespace wsdsim

#endif // WSDSIM_OUTCOME_PARSER_H

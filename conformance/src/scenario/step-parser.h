// A scenario's "threads" and "steps": each step's call decoded once into its typed form (the call
// vocabulary), its timing, the handle it names, and its outcomes.
#ifndef WSDSIM_STEP_PARSER_H
#define WSDSIM_STEP_PARSER_H

#include <nlohmann/json.hpp>
#include <vector>

#include "scenario/json-context.h"
#include "scenario/matrix.h"
#include "scenario/scenario.h"

namespace wsdsim
{

/**
 * \brief Read a scenario's threads: a name (unique) and a host (0 or 1) each.
 * \throws InputError naming the place and what was expected
 */
std::vector<Thread> ParseThreads(const JsonContext& context, const nlohmann::json& root);

/**
 * \brief Read the steps that apply to one case of a scenario.
 * \param context the file \param root the scenario \param matrix its matrix
 * \param labels the case's choice of labels \param threads the scenario's threads
 * \return the case's steps, indexed from 0 in file order (steps whose "when" does not hold are
 *         left out; their ids stay taken and their "as" names stay known)
 * \throws InputError naming the place and what was expected
 */
std::vector<Step> ParseSteps(const JsonContext& context,
                             const nlohmann::json& root,
                             const Matrix& matrix,
                             const Labels& labels,
                             const std::vector<Thread>& threads);

} // namespace wsdsim

#endif // WSDSIM_STEP_PARSER_H

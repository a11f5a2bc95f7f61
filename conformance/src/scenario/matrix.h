// A scenario's matrix: its dimensions, every combination of their labels (one case each), the
// "$variables" a combination sets, and the "when" conditions that pick steps and outcomes.
#ifndef WSDSIM_MATRIX_H
#define WSDSIM_MATRIX_H

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scenario/json-context.h"

namespace wsdsim
{

/// A choice of one label per dimension.
using Labels = std::map<std::string, std::string>;

/// A scenario's matrix.
struct Matrix
{
    nlohmann::json dimensions = nlohmann::json::object(); //!< dimension -> label -> variables
    std::vector<Labels> combinations{{}}; //!< every choice, in a stable order (one if no matrix)

    /// \return the variables a choice of labels sets: name -> value
    std::map<std::string, nlohmann::json> VariablesOf(const Labels& labels) const;
};

/**
 * \brief Read and check a scenario's "matrix" (dimensions of labels, each with its variables) and
 * list its combinations, in the order of dimension names and then label names.
 * \throws InputError for a malformed matrix or one of more than 10,000 cases
 */
Matrix ParseMatrix(const JsonContext& context, const nlohmann::json& root);

/**
 * \brief Replace "$name" strings by the case's variables, anywhere in a value.
 * \throws InputError for a "$name" that names no variable
 */
nlohmann::json Substitute(const nlohmann::json& value,
                          const std::map<std::string, nlohmann::json>& variables,
                          const JsonContext& context,
                          const std::string& pointer);

/**
 * \brief Whether a "when" object ({dimension: label or [labels]}) holds for a choice of labels.
 * \throws InputError for a dimension or label the matrix does not have
 */
bool Matches(const nlohmann::json& when,
             const Labels& labels,
             const nlohmann::json& dimensions,
             const JsonContext& context,
             const std::string& pointer);

} // namespace wsdsim

#endif // WSDSIM_MATRIX_H

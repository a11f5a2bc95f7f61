// The JSON Schema of scenario files, generated from the call vocabulary (`wsdsim schema` prints
// it; scenarios/scenario.schema.json is its checked-in copy).
#ifndef WSDSIM_SCENARIO_SCHEMA_H
#define WSDSIM_SCENARIO_SCHEMA_H

#include <nlohmann/json.hpp>

namespace wsdsim
{

/**
 * \brief The schema of a scenario file: for each call of the vocabulary, the arguments it takes
 * and the outcome fields a step of it may expect (those the loader accepts).
 * \return the schema (JSON Schema draft 2020-12)
 */
nlohmann::json ScenarioSchema();

} // namespace wsdsim

#endif // WSDSIM_SCENARIO_SCHEMA_H

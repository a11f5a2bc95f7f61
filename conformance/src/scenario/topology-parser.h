// A scenario's "topology": the link between its two hosts and the faults injected on it.
#ifndef WSDSIM_TOPOLOGY_PARSER_H
#define WSDSIM_TOPOLOGY_PARSER_H

#include <nlohmann/json.hpp>

#include "scenario/json-context.h"
#include "scenario/scenario.h"

namespace wsdsim
{

/**
 * \brief Read a scenario's "topology" (defaults where it is absent).
 * \param context the file \param root the scenario's root object
 * \return the topology
 * \throws InputError naming the place and what was expected
 */
Topology ParseTopology(const JsonContext& context, const nlohmann::json& root);

} // namespace wsdsim

#endif // WSDSIM_TOPOLOGY_PARSER_H

// A scenario case as the wsdsim-case/1 document a driver runs (docs/driver-contract.md).
#ifndef WSDSIM_CASE_EXPORT_H
#define WSDSIM_CASE_EXPORT_H

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "scenario/scenario.h"

namespace wsdsim
{

/**
 * \brief The wsdsim-case/1 document of a case.
 * \param scenarioCase the case \param hosts the addresses of host 0 and host 1
 * \param portOffset added to every port of the case
 * \return the document
 */
nlohmann::json ExportCase(const ScenarioCase& scenarioCase,
                          const std::array<std::string, 2>& hosts,
                          uint16_t portOffset);

} // namespace wsdsim

#endif // WSDSIM_CASE_EXPORT_H

// A scenario case as the wsdsim-case/1 document a driver runs (docs/driver-contract.md).
#include "run/case-export.h"

#include <set>

#include "wsdsim/call-json.h"

namespace wsdsim
{

using nlohmann::json;

json
ExportCase(const ScenarioCase& scenarioCase,
           const std::array<std::string, 2>& hosts,
           uint16_t portOffset)
{
    json faults = json::array();
    for (const auto& fault : scenarioCase.topology.faults)
    {
        faults.push_back({{"at_ns", fault.atNs},
                          {"action", fault.action},
                          {"host", fault.host},
                          {"flags", fault.flags ? json(*fault.flags) : json()},
                          {"count", fault.count},
                          {"with_payload", fault.withPayload}});
    }
    json threads = json::array();
    for (const auto& thread : scenarioCase.threads)
    {
        threads.push_back({{"name", thread.name}, {"host", thread.host}});
    }
    json steps = json::array();
    std::set<std::string> expectedErrors;
    for (const auto& step : scenarioCase.steps)
    {
        steps.push_back({{"index", step.index},
                         {"id", step.id},
                         {"thread", step.thread},
                         {"call", step.CallName()},
                         {"args", EncodeArguments(step.call)},
                         {"at_ns", step.atNs ? json(*step.atNs) : json()},
                         {"delay_ns", step.delayNs},
                         {"after", step.after ? json(*step.after) : json()},
                         {"blocking_hook", step.inBlockingHook},
                         {"as", step.as ? json(*step.as) : json()}});
        for (const auto& outcome : step.outcomes)
        {
            if (outcome.error)
            {
                expectedErrors.insert(*outcome.error);
            }
        }
    }
    return {{"format", "wsdsim-case/1"},
            {"id", scenarioCase.id},
            {"scenario", scenarioCase.scenarioName},
            {"description", scenarioCase.description},
            {"profile", scenarioCase.profile},
            {"hosts", hosts},
            {"port_offset", portOffset},
            {"topology",
             {{"rate", scenarioCase.topology.rate},
              {"delay_ns", scenarioCase.topology.delayNs},
              {"loss", scenarioCase.topology.loss},
              {"segment_size", scenarioCase.topology.segmentSize},
              {"receive_buffer", scenarioCase.topology.receiveBuffer},
              {"send_buffer", scenarioCase.topology.sendBuffer},
              {"faults", faults}}},
            {"threads", threads},
            {"steps", steps},
            {"expected_errors", expectedErrors},
            {"until_ns", scenarioCase.untilNs}};
}

} // namespace wsdsim

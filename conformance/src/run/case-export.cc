// A scenario case as the wsdsim-case/1 document a driver runs (docs/driver-contract.md).
#include "run/case-export.h"

#include "ns3/data-rate.h"
#include "ns3/rng-seed-manager.h"

#include <set>
#include <sstream>

#include "wsdsim/call-json.h"

namespace wsdsim
{

using nlohmann::json;

namespace
{

/// \return the bits per second of an ns-3 DataRate text ("10Mbps"), as the model's link reads
///         it; null when ns-3 cannot read it (the model cannot run such a case either)
json
RateBitsPerSecond(const std::string& rate)
{
    // operator>> reports a text it cannot read as a failed stream; the DataRate(std::string)
    // constructor would end the process.
    std::istringstream text(rate);
    ns3::DataRate parsed;
    text >> parsed;
    if (text.fail() || !text.eof())
    {
        return nullptr;
    }
    return parsed.GetBitRate();
}

} // namespace

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
                          {"with_payload", fault.withPayload},
                          {"by_ns", fault.byNs}});
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
              {"rate_bps", RateBitsPerSecond(scenarioCase.topology.rate)},
              {"delay_ns", scenarioCase.topology.delayNs},
              {"loss", scenarioCase.topology.loss},
              // The model's random loss draws from ns-3's generator with its global seed.
              {"seed", ns3::RngSeedManager::GetSeed()},
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

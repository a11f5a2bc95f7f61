// Fuzz entry for the scenario loader: bytes -> scenario file -> LoadScenario (which expands it).
#include "fuzz-entries.h"
#include "fuzz-files.h"

#include "common/input-error.h"
#include "scenario/scenario-loader.h"

int
WsdsimFuzzScenarioLoader(const uint8_t* data, size_t size)
{
    const std::string path = wsdsim::WriteScratchFile("fuzz/input.json", data, size);
    try
    {
        const wsdsim::Scenario scenario = wsdsim::LoadScenario(path);
        for (const auto& scenarioCase : scenario.cases)
        {
            // What list and run derive from every case.
            (void)scenarioCase.RequirementIds();
            (void)scenarioCase.ReferencePath();
            (void)scenarioCase.ParameterKey();
        }
    }
    catch (const wsdsim::InputError& error)
    {
        // Refused with a located message: what bad input must give. Anything else escapes
        // (std::terminate: the fuzzer reports it as a crash).
        (void)error.what();
    }
    return 0;
}

// The backend of an imported run: each case's result is what the Windows machine left, replayed
// (docs/windows.md).
#include "run/imported-backend.h"

#include <stdexcept>

#include "trace/trace-io.h"

namespace wsdsim
{

ImportedBackend::ImportedBackend(const ImportedRun& run)
    : m_run(run)
{
}

std::string
ImportedBackend::Name() const
{
    return m_run.implementation;
}

int64_t
ImportedBackend::TimingFloorNs() const
{
    return 25'000'000;
}

BackendRun
ImportedBackend::Run(const ScenarioCase& scenarioCase,
                     const RunOptions& /* options: nothing runs, nothing is captured */,
                     const std::string& tracePath)
{
    const auto found = m_run.cases.find(scenarioCase.id);
    if (found == m_run.cases.end())
    {
        throw std::runtime_error("the results hold no run of this case");
    }
    const ImportedCase& imported = found->second;
    BackendRun run;
    run.wireObserved = false;
    run.wireDetail = WireDetail::CONTROL;
    if (imported.failed)
    {
        throw std::runtime_error(imported.reason);
    }
    if (!imported.supported)
    {
        run.supported = false;
        run.unsupportedReason = imported.reason;
        return run;
    }
    TraceReader reader(imported.trace.string());
    TraceEvent header = reader.Header();
    header.implementation = m_run.implementation;
    TraceWriter writer(tracePath, header);
    while (auto event = reader.Next())
    {
        writer.Write(*event);
    }
    writer.Close();
    return run;
}

} // namespace wsdsim

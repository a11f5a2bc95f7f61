// The backend of an imported run: each case's result is what the Windows machine left, replayed
// (docs/windows.md).
#ifndef WSDSIM_IMPORTED_BACKEND_H
#define WSDSIM_IMPORTED_BACKEND_H

#include "run/backend.h"
#include "run/imported-run.h"

namespace wsdsim
{

/**
 * Runs nothing: a case's trace is the one the bundle's runner wrote (under the run's
 * implementation name), its UNSUPPORTED or ERROR what the runner recorded. The loopback wire is
 * not in the trace: Windows short-cuts loopback TCP above any capture point (docs/windows.md).
 */
class ImportedBackend : public Backend
{
  public:
    /// \param run the checked results (ReadImportedRun)
    explicit ImportedBackend(const ImportedRun& run);

    std::string Name() const override;
    /// Windows' timers tick every 15.6 ms by default: the same floor as Wine's.
    int64_t TimingFloorNs() const override;
    BackendRun Run(const ScenarioCase& scenarioCase,
                   const RunOptions& options,
                   const std::string& tracePath) override;

  private:
    const ImportedRun& m_run; //!< the results
};

} // namespace wsdsim

#endif // WSDSIM_IMPORTED_BACKEND_H

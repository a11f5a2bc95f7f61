// The reference implementation under test: the ns-3 Winsock model (sim/).
#ifndef WSDSIM_MODEL_BACKEND_H
#define WSDSIM_MODEL_BACKEND_H

#include "run/backend.h"

namespace wsdsim
{

/// Runs a case on two simulated hosts with the wsd module, in simulated time.
class ModelBackend : public Backend
{
  public:
    std::string Name() const override;
    void PrepareProcess() override;
    BackendRun Run(const ScenarioCase& scenarioCase,
                   const RunOptions& options,
                   const std::string& tracePath) override;
};

} // namespace wsdsim

#endif // WSDSIM_MODEL_BACKEND_H

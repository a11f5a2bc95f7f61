// Runs cases on backends in worker processes, each case with a timeout, and judges their traces.
#ifndef WSDSIM_RUNNER_H
#define WSDSIM_RUNNER_H

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "judge/case-result.h"
#include "judge/comparator.h"
#include "run/backend.h"
#include "scenario/scenario.h"

namespace wsdsim
{

/// How to run.
struct RunConfig
{
    std::vector<std::string> implementations{"model"}; //!< backends to run
    unsigned jobs{1};                                  //!< cases run at once
    Network network{Network::AUTO};                    //!< real implementations' network
    bool pcap{false};                                  //!< write pcaps
    Tolerance tolerance;                               //!< wire timing tolerance
    double caseTimeoutSeconds{120};                    //!< a case running longer is an ERROR
    bool progress{false};                              //!< show progress on stderr
    std::string knownDivergencesPath;                  //!< XFAIL records ("" for none)
    bool withoutReference{false}; //!< judge each trace by its scenario's outcomes alone, not by
                                  //!< its reference trace (what update-reference records: a new
                                  //!< case has none, an old one is about to be replaced)
    unsigned retries{1}; //!< real implementations: run a FAIL or ERROR case again up to this often
                         //!< (real time is noisy); the model is never retried
    /// The backend of an implementation's name (CreateBackend when empty; `import` gives the
    /// backend of the results it judges)
    std::function<std::unique_ptr<Backend>(const std::string&)> createBackend;
};

/**
 * \brief Run cases and judge them.
 * \param cases the cases
 * \param config how
 * \param directory where traces (and pcaps) go; results refer to them relative to it
 * \return one result per case and implementation, in the cases' order
 */
std::vector<CaseResult> RunCases(const std::vector<ScenarioCase>& cases,
                                 const RunConfig& config,
                                 const std::string& directory);

/**
 * \brief Run one case on one backend in this process and judge it (what each child does).
 * \param scenarioCase the case \param implementation the backend
 * \param config how \param directory where its trace goes
 * \param slot which parallel lane runs it (real backends use it for distinct addresses)
 * \return the result
 */
CaseResult RunCaseHere(const ScenarioCase& scenarioCase,
                       const std::string& implementation,
                       const RunConfig& config,
                       const std::string& directory,
                       unsigned slot = 0);

/**
 * \brief A file-name-safe form of a case id ("linger/close[mode=x]" -> "linger/close[mode=x]"
 *        with every character outside [A-Za-z0-9._=,/-] replaced).
 * \param id a case id
 * \return the relative path stem
 */
std::string CaseFileStem(const std::string& id);

} // namespace wsdsim

#endif // WSDSIM_RUNNER_H

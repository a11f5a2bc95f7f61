// The one narrow interface every implementation under test is driven through.
#ifndef WSDSIM_BACKEND_H
#define WSDSIM_BACKEND_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "trace/wire-detail.h"

namespace wsdsim
{

/// The network a real implementation's two hosts talk over (`wsdsim run --network`).
enum class Network
{
    /// The link for the cases whose topology loopback cannot give (faults, random loss), where
    /// a link can be made (root, wsdsim-link built; else those cases say why not); loopback for
    /// the others, which then run at the speed of their own timelines.
    AUTO,
    LOOPBACK, //!< the machine's loopback: no delay, no faults
    LINK,     //!< the scenario's link, in a namespace of the case's own (wsdsim-link; root)
};

/// \return whether the case's topology needs the link: faults or random loss
bool NeedsLink(const ScenarioCase& scenarioCase);

/// What a backend run may be asked for.
struct RunOptions
{
    std::string pcapPrefix; //!< write pcaps with this prefix ("" for none)
    unsigned slot{0};       //!< which of the run's parallel cases this is (for distinct addresses)
    /// What a real implementation's hosts talk over.
    Network network{Network::AUTO};
    /// How late a segment may come in the comparison (the run's tolerance, with the
    /// implementation's floor): a real driver waits that long for the last ones.
    int64_t toleranceFloorNs{5'000'000};
    double toleranceShare{0.25}; //!< the comparison's share of an interval
};

/// What a backend says of a case it ran.
struct BackendRun
{
    bool supported{true};                   //!< false: the implementation cannot express the case
    std::string unsupportedReason;          //!< why not
    bool wireObserved{true};                //!< whether segments are in the trace
    WireDetail wireDetail{WireDetail::ALL}; //!< how its segments compare with the reference
    std::vector<std::string> pcapFiles;     //!< pcaps written
};

/**
 * An implementation under test: runs one case and writes its trace (docs/trace-format.md).
 * A backend that cannot express a case says so; it never fakes it.
 */
class Backend
{
  public:
    virtual ~Backend() = default;
    /// \return the implementation's name ("model")
    virtual std::string Name() const = 0;
    /**
     * \brief Do, once in the parent process, the work every worker process would otherwise
     *        repeat (each worker is a fork of it). Must not change what a case records.
     */
    virtual void PrepareProcess() {}

    /**
     * \brief The least time tolerance this implementation needs: how late its own scheduling
     *        can make an event that is on time. The run's tolerance floor is raised to it.
     * \return nanoseconds (0: the run's tolerance as given)
     */
    virtual int64_t TimingFloorNs() const
    {
        return 0;
    }
    /**
     * \brief Run one case.
     * \param scenarioCase the case
     * \param options what else to record
     * \param tracePath where to write the trace
     * \return what happened
     */
    virtual BackendRun Run(const ScenarioCase& scenarioCase,
                           const RunOptions& options,
                           const std::string& tracePath)
        = 0;
};

/**
 * \brief The backend of an implementation, chosen here and nowhere else.
 * \param name "model"
 * \return the backend, or null for an unknown name
 */
std::unique_ptr<Backend> CreateBackend(const std::string& name);

/// \return the names CreateBackend() knows
std::vector<std::string> BackendNames();

} // namespace wsdsim

#endif // WSDSIM_BACKEND_H

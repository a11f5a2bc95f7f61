// A real implementation under test, driven through an external driver program
// (docs/driver-contract.md).
#ifndef WSDSIM_DRIVER_BACKEND_H
#define WSDSIM_DRIVER_BACKEND_H

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "run/backend.h"

namespace wsdsim
{

/// How a driver runs on the scenario's link (docs/real-networks.md, "The namespace runner").
struct LinkRunner
{
    std::string path; //!< wsdsim-link ("": the driver runs on loopback only)
    /// The folders a case's namespaces keep to themselves (`--private-dir`), asked for each
    /// case (none when empty): Wine's server folders, so that the driver starts a wineserver,
    /// where Wine's sockets live, inside.
    std::function<std::vector<std::string>()> privateDirs;
    /// How long before the case's start its process is started: the driver (under Wine, with a
    /// wineserver of its own) must be waiting for the start when the link's time zero comes.
    int64_t startMarginNs{400'000'000};
};

/**
 * Runs a case by exporting it (wsdsim-case/1), running the driver with a timeout (in a process
 * of its own, or on a driver serving the cases one after another: SetServesCases), capturing the
 * loopback traffic between the case's two addresses, and merging the captured segments into the
 * driver's trace. On the scenario's link (Network::LINK, with a link runner), the driver runs under
 * wsdsim-link instead, its hosts 10.0.0.1 and 10.0.0.2 in a network namespace of the case's own,
 * and the segments wsdsim-link records of the link are merged instead of a capture's. The Linux
 * and Wine backends are instances of it; any other implementation can be one (`--impl
 * driver:PATH`).
 */
class DriverBackend : public Backend
{
  public:
    /**
     * \param name the implementation's name
     * \param command the program and its first arguments; the driver's arguments follow
     * \param environment extra environment variables (NAME=value)
     */
    DriverBackend(std::string name,
                  std::vector<std::string> command,
                  std::vector<std::string> environment = {},
                  std::vector<std::string> prepare = {});

    /// Raise the run's time tolerance floor to this for this implementation (see Backend).
    void SetTimingFloorNs(int64_t floorNs);
    /**
     * \brief On loopback, run the cases on one driver process that serves them one after
     *        another (`DRIVER --serve`, docs/driver-contract.md, "Serving cases"), kept by the
     *        process that runs them, each case started as soon as the driver reads it: no process
     *        start and no start margin per case. On the link each case still gets a process of
     *        its own, in its own namespace.
     */
    void SetServesCases();
    /**
     * \brief A file the implementation needs: while it is missing, each case is UNSUPPORTED with
     *        the reason given (Wine not installed, a driver not built).
     * \param path the file \param reason why the case cannot run without it
     */
    void RequireFile(std::string path, std::string reason);
    /**
     * \brief Run the driver under this namespace runner (wsdsim-link) when a case runs on the
     *        scenario's link (Network::LINK, or Network::AUTO and the case NeedsLink); without
     *        one, the driver always runs on loopback.
     * \param runner the runner, the folders the namespace keeps to itself and the start margin
     */
    void SetLinkRunner(LinkRunner runner);
    /// Do this once, in the parent process, before the cases (Wine: make its prefix).
    void SetFirstUse(std::function<void()> firstUse);

    std::string Name() const override;
    int64_t TimingFloorNs() const override;
    /// Do the first-use work (Wine: make its prefix).
    void PrepareProcess() override;
    BackendRun Run(const ScenarioCase& scenarioCase,
                   const RunOptions& options,
                   const std::string& tracePath) override;

  private:
    /// Run the prepare command once in this process, before its first case on loopback (Wine:
    /// keep its server running between cases).
    void PrepareLoopback();
    /// \return why no case can run here ("" when they can): a file missing, or no link
    std::string UnavailableReason(bool onLink) const;

    std::string m_name;                     //!< implementation name
    std::vector<std::string> m_command;     //!< program and first arguments
    std::vector<std::string> m_environment; //!< extra environment
    std::vector<std::string> m_prepare;     //!< run before the first loopback case (may be empty)
    std::vector<std::pair<std::string, std::string>> m_required; //!< file, reason without it
    std::function<void()> m_firstUse;                            //!< once before the cases
    LinkRunner m_linkRunner;        //!< wsdsim-link, for Network::LINK (no path: loopback only)
    int64_t m_timingFloorNs{0};     //!< least time tolerance (0: the run's)
    bool m_servesCases{false};      //!< one driver serves the cases on loopback
    bool m_loopbackPrepared{false}; //!< the prepare command ran in this process
};

} // namespace wsdsim

#endif // WSDSIM_DRIVER_BACKEND_H

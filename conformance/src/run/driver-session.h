// A driver serving cases one after another (`DRIVER --serve`, docs/driver-contract.md, "Serving
// cases"), kept running between the cases of one process.
#ifndef WSDSIM_DRIVER_SESSION_H
#define WSDSIM_DRIVER_SESSION_H

#include <string>
#include <sys/types.h>
#include <vector>

namespace wsdsim
{

/// How a served case ended.
struct ServedCase
{
    std::string output;   //!< what the driver printed for the case, before its DONE line
    int status{0};        //!< a wait status: DONE's status as an exit, or the process's own end
    bool timedOut{false}; //!< the driver was killed at the timeout
};

/**
 * The driver process of one implementation, started on first use with `--serve`, its standard
 * input a pipe of requests and its standard output and error one pipe of answers. A driver that
 * crashes, hangs (killed at the timeout) or leaves after a case (DONE ... LEAVING) is reaped, and
 * the next case starts a new one. It dies with the process that started it (PR_SET_PDEATHSIG).
 */
class DriverSession
{
  public:
    /**
     * \param command the driver's program and first arguments ("--serve" follows)
     * \param environment extra environment variables (NAME=value)
     */
    DriverSession(std::vector<std::string> command, std::vector<std::string> environment);
    ~DriverSession();
    DriverSession(const DriverSession&) = delete;
    DriverSession& operator=(const DriverSession&) = delete;

    /**
     * \brief Run a case on the driver, starting it first when none runs.
     * \param casePath the wsdsim-case/1 file \param tracePath where its trace goes
     * \param timeoutSeconds how long the case may take
     * \return its output and how it ended
     * \throws std::runtime_error when the driver cannot be started
     */
    ServedCase Run(const std::string& casePath, const std::string& tracePath, int timeoutSeconds);

    /**
     * \brief The session of a driver command in this process: one per command, made on first
     *        use. A process forked from one that had sessions starts its own.
     */
    static DriverSession& For(const std::vector<std::string>& command,
                              const std::vector<std::string>& environment);

  private:
    /// Start the driver process.
    void Start();
    /// Kill the driver (when asked), close the pipes and reap it. \return its wait status
    int Stop(bool kill);
    /// Read the answer to a request until its DONE line, the driver's end, or the deadline.
    ServedCase ReadAnswer(int timeoutSeconds);

    std::vector<std::string> m_command;     //!< program and first arguments
    std::vector<std::string> m_environment; //!< extra environment
    pid_t m_pid{-1};                        //!< the driver (-1: none runs)
    int m_requests{-1};                     //!< its standard input
    int m_answers{-1};                      //!< its standard output and error
    std::string m_pending;                  //!< read past the last line handed out
};

} // namespace wsdsim

#endif // WSDSIM_DRIVER_SESSION_H

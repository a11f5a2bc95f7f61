// A driver serving cases one after another (docs/driver-contract.md, "Serving cases").
#include "run/driver-session.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/exec-program.h"

namespace wsdsim
{

namespace
{

/// Write all of a text to a descriptor. \return false when the reader is gone
bool
WriteAll(int fd, const std::string& text)
{
    size_t written = 0;
    while (written < text.size())
    {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            return false;
        }
        written += static_cast<size_t>(n);
    }
    return true;
}

/// \return the status of a "DONE <status>[ LEAVING]" line, or -1 for any other line
int
DoneStatus(const std::string& line)
{
    if (line.rfind("DONE ", 0) != 0)
    {
        return -1;
    }
    return std::atoi(line.c_str() + 5);
}

} // namespace

DriverSession::DriverSession(std::vector<std::string> command, std::vector<std::string> environment)
    : m_command(std::move(command))
    , m_environment(std::move(environment))
{
}

DriverSession::~DriverSession()
{
    Stop(true);
}

DriverSession&
DriverSession::For(const std::vector<std::string>& command,
                   const std::vector<std::string>& environment)
{
    // Sessions belong to the process that started them: a forked child's copies are its parent's.
    static pid_t owner = -1;
    static std::map<std::vector<std::string>, std::unique_ptr<DriverSession>> sessions;
    if (owner != getpid())
    {
        for (auto& [key, session] : sessions)
        {
            session.release(); // the parent's driver and pipes: not this process's to stop
        }
        sessions.clear();
        owner = getpid();
    }
    auto& session = sessions[command];
    if (!session)
    {
        session = std::make_unique<DriverSession>(command, environment);
    }
    return *session;
}

void
DriverSession::Start()
{
    int requests[2];
    int answers[2];
    if (pipe2(requests, O_CLOEXEC) != 0 || pipe2(answers, O_CLOEXEC) != 0)
    {
        throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
    }
    const pid_t pid = fork();
    if (pid < 0)
    {
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0)
    {
        prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the process that serves its cases
        dup2(requests[0], STDIN_FILENO);
        dup2(answers[1], STDOUT_FILENO);
        dup2(answers[1], STDERR_FILENO);
        std::vector<std::string> arguments = m_command;
        arguments.push_back("--serve");
        ExecWithEnvironment(arguments, m_environment);
    }
    close(requests[0]);
    close(answers[1]);
    m_pid = pid;
    m_requests = requests[1];
    m_answers = answers[0];
    m_pending.clear();
}

int
DriverSession::Stop(bool kill)
{
    if (m_pid < 0)
    {
        return 0;
    }
    if (kill)
    {
        ::kill(m_pid, SIGKILL);
    }
    close(m_requests);
    close(m_answers);
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    m_pid = -1;
    m_requests = -1;
    m_answers = -1;
    return status;
}

ServedCase
DriverSession::Run(const std::string& casePath, const std::string& tracePath, int timeoutSeconds)
{
    if (m_pid < 0)
    {
        Start();
    }
    const nlohmann::json request = {{"case", casePath}, {"trace", tracePath}};
    // A driver that died since its last case reads nothing: its end is this case's answer.
    const auto previousPipeHandler = std::signal(SIGPIPE, SIG_IGN);
    WriteAll(m_requests, request.dump() + "\n");
    std::signal(SIGPIPE, previousPipeHandler);
    return ReadAnswer(timeoutSeconds);
}

ServedCase
DriverSession::ReadAnswer(int timeoutSeconds)
{
    ServedCase served;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    char buffer[4096];
    while (true)
    {
        for (size_t end; (end = m_pending.find('\n')) != std::string::npos;)
        {
            std::string line = m_pending.substr(0, end);
            m_pending.erase(0, end + 1);
            if (!line.empty() && line.back() == '\r')
            {
                line.pop_back(); // a Windows program's line end
            }
            const int done = DoneStatus(line);
            if (done < 0)
            {
                served.output += line + "\n";
                continue;
            }
            if (line.find(" LEAVING") != std::string::npos)
            {
                Stop(false); // its threads are still blocked: it ends after this case
            }
            served.status = W_EXITCODE(done, 0);
            return served;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd fd{m_answers, POLLIN, 0};
        const int ready = left.count() > 0 ? poll(&fd, 1, static_cast<int>(left.count())) : 0;
        if (ready < 0 && errno == EINTR)
        {
            continue;
        }
        if (ready == 0)
        {
            served.status = Stop(true);
            served.timedOut = true;
            return served;
        }
        const ssize_t n = ::read(m_answers, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            // The driver ended in the middle of the case: a crash, or an exit of its own.
            served.output += m_pending;
            served.status = Stop(false);
            return served;
        }
        m_pending.append(buffer, static_cast<size_t>(n));
    }
}

} // namespace wsdsim

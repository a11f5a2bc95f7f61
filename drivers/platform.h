// The Winsock calls a driver makes, as one narrow interface that each platform implements, chosen
// in one place (CreatePlatform).
#ifndef WSDSIM_DRIVER_PLATFORM_H
#define WSDSIM_DRIVER_PLATFORM_H

#include "driver-case.h"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "wsdsim/call-vocabulary.h"

namespace wsdsim::driver
{

/// What a call returned: its value, the Winsock error name and the raw error number.
struct CallResult
{
    int64_t value{0};              //!< return value (-1 for SOCKET_ERROR / INVALID_SOCKET)
    std::string error{"NO_ERROR"}; //!< Winsock error name (the symbol table's)
    int64_t rawError{0};           //!< errno, or the WSAGetLastError() number
    std::string data;              //!< bytes received (recv, WSARecvDisconnect)
    bool hasData{false};           //!< data is meaningful
    nlohmann::json outputs
        = nlohmann::json::object(); //!< out-parameters by name (CallInfo::outputs), on success
};

/// One implementation of the Winsock calls (POSIX sockets with a mapping, or real Winsock).
class Platform
{
  public:
    virtual ~Platform() = default;
    /// \return the implementation's name for traces ("linux", "wine")
    virtual std::string Name() const = 0;
    /**
     * \brief Whether the platform can run a case as written (else the case is UNSUPPORTED).
     * \param testCase the case \param reason set to why not
     * \return true when it can
     */
    virtual bool CanExpress(const DriverCase& testCase, std::string* reason) const = 0;

    virtual CallResult Startup(const std::string& version, bool nullData) = 0;
    virtual CallResult Cleanup() = 0;
    virtual CallResult Socket(int64_t af, int64_t type, int64_t protocol) = 0;
    virtual CallResult Bind(int64_t s, const std::string& address, uint16_t port) = 0;
    virtual CallResult Listen(int64_t s, int backlog) = 0;
    virtual CallResult Accept(int64_t s) = 0;
    virtual CallResult Connect(int64_t s, const std::string& address, uint16_t port) = 0;
    virtual CallResult Send(int64_t s, const std::string& bytes) = 0;
    virtual CallResult Recv(int64_t s, uint32_t length) = 0;
    virtual CallResult Shutdown(int64_t s, int how) = 0;
    virtual CallResult SendDisconnect(int64_t s, const MemoryRef& data) = 0;
    virtual CallResult RecvDisconnect(int64_t s, const MemoryRef& buffer) = 0;
    virtual CallResult CloseSocket(int64_t s) = 0;
    /// setsockopt(SOL_SOCKET, SO_LINGER) with {onoff, seconds}; optlen as the step gives it
    virtual CallResult SetLinger(int64_t s,
                                 uint16_t onoff,
                                 uint16_t seconds,
                                 std::optional<int64_t> optlen)
        = 0;
    /// setsockopt(SOL_SOCKET, SO_DONTLINGER or SO_KEEPALIVE) with a BOOL
    virtual CallResult SetBoolOption(int64_t s,
                                     int64_t option,
                                     bool value,
                                     std::optional<int64_t> optlen)
        = 0;
    /// getsockopt(SOL_SOCKET, option)
    virtual CallResult GetOption(int64_t s, int64_t option) = 0;
    /// ioctlsocket(cmd, &value): FIONBIO sets the mode, FIONREAD sets the result's output
    virtual CallResult IoctlSocket(int64_t s, int64_t cmd, uint32_t value) = 0;
    /// The case's buffer and segment sizes, on a new socket (not a Winsock call of the case)
    virtual CallResult SetBufferSizes(int64_t s, uint32_t receive, uint32_t send, uint32_t segment)
        = 0;
};

/// \return the platform this driver was built for
std::unique_ptr<Platform> CreatePlatform();

/**
 * \brief Whether a case needs the network to misbehave, which a real stack on loopback cannot.
 * \param testCase the case \param reason set to why, when it does
 * \return true when the case has faults or a loss rate
 */
inline bool
NeedsNetworkFaults(const DriverCase& testCase, std::string* reason)
{
    if (!testCase.hasFaults)
    {
        return false;
    }
    *reason = "fault injection (interface down, dropped segments, loss) is not available on "
              "loopback";
    return true;
}

} // namespace wsdsim::driver

#endif // WSDSIM_DRIVER_PLATFORM_H

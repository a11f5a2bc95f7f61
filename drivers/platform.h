// The Winsock calls a driver makes, as one interface that each platform implements.
#ifndef WSDSIM_DRIVER_PLATFORM_H
#define WSDSIM_DRIVER_PLATFORM_H

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace wsdsim::driver
{

/// What a call returned: its value, the Winsock error name and the raw error number.
struct CallResult
{
    int64_t value{0};              //!< return value (-1 for SOCKET_ERROR / INVALID_SOCKET)
    std::string error{"NO_ERROR"}; //!< Winsock error name
    int64_t rawError{0};           //!< errno, or the WSAGetLastError() number
    std::string data;              //!< bytes received (recv, WSARecvDisconnect)
    bool hasData{false};           //!< data is meaningful
};

/// A buffer argument: NULL, text, a length to receive into, or a deliberate fault.
struct BufferArg
{
    enum class Kind
    {
        NONE,         //!< NULL
        TEXT,         //!< these bytes
        CAPACITY,     //!< an empty buffer of this many bytes
        PAST_END,     //!< starts inside a 4-byte buffer and runs 4 bytes past it
        NULL_ADDRESS, //!< address 0 with a length of 4
        UNMAPPED,     //!< an address that was never mapped
    };
    Kind kind{Kind::NONE};
    std::string text;
    uint32_t capacity{0};
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
     * \param testCase the wsdsim-case/1 document \param reason set to why not
     * \return true when it can
     */
    virtual bool CanExpress(const nlohmann::json& testCase, std::string* reason) const = 0;

    virtual CallResult Startup(const std::string& version, bool nullData) = 0;
    virtual CallResult Cleanup() = 0;
    virtual CallResult Socket(int type, int protocol) = 0;
    virtual CallResult Bind(int64_t s, const std::string& address, uint16_t port) = 0;
    virtual CallResult Listen(int64_t s, int backlog) = 0;
    virtual CallResult Accept(int64_t s) = 0;
    virtual CallResult Connect(int64_t s, const std::string& address, uint16_t port) = 0;
    virtual CallResult Send(int64_t s, const std::string& bytes) = 0;
    virtual CallResult Recv(int64_t s, uint32_t length) = 0;
    virtual CallResult Shutdown(int64_t s, int how) = 0;
    virtual CallResult SendDisconnect(int64_t s, const BufferArg& data) = 0;
    virtual CallResult RecvDisconnect(int64_t s, const BufferArg& buffer) = 0;
    virtual CallResult CloseSocket(int64_t s) = 0;
    virtual CallResult SetLinger(int64_t s, uint16_t onoff, uint16_t seconds, int optlen) = 0;
    virtual CallResult SetDontLinger(int64_t s, bool value, int optlen) = 0;
    virtual CallResult GetOption(int64_t s, const std::string& option) = 0;
    virtual CallResult SetOtherOption(int64_t s, const std::string& option) = 0;
    virtual CallResult SetNonBlocking(int64_t s, uint32_t value) = 0;
    virtual CallResult SetBufferSizes(int64_t s, uint32_t receive, uint32_t send, uint32_t segment)
        = 0;
};

/// \return the platform this driver was built for
std::unique_ptr<Platform> CreatePlatform();

/**
 * \brief Whether a case needs the network to misbehave, which a real stack on loopback cannot.
 * \param testCase the expanded case \param reason set to why, when it does
 * \return true when the case has faults or a loss rate
 */
inline bool
NeedsNetworkFaults(const nlohmann::json& testCase, std::string* reason)
{
    const auto& topology = testCase.at("topology");
    if (topology.value("faults", nlohmann::json::array()).empty()
        && topology.value("loss", 0.0) <= 0)
    {
        return false;
    }
    *reason = "fault injection (interface down, dropped segments, loss) is not available on "
              "loopback";
    return true;
}

} // namespace wsdsim::driver

#endif // WSDSIM_DRIVER_PLATFORM_H

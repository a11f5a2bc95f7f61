// A step's call made on a platform: one handler per call of the vocabulary (std::visit refuses a
// call without one), each handing the call to the platform and returning what it said.
#ifndef WSDSIM_DRIVER_PLATFORM_INVOKER_H
#define WSDSIM_DRIVER_PLATFORM_INVOKER_H

#include "driver-case.h"
#include "platform.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace wsdsim::driver
{

/// The handles a running case's steps named ("as"), shared by its threads.
class HandleBook
{
  public:
    /// \return the handle a socket argument stands for (-1 for a name whose call failed)
    int64_t Resolve(const SocketRef& socket) const;
    /// Give a handle a name.
    void Name(const std::string& name, int64_t handle);
    /// \return true the first time it is asked for a handle (its implicit bind before connect)
    bool FirstBind(int64_t handle);

  private:
    mutable std::mutex m_mutex;               //!< the threads share the book
    std::map<std::string, int64_t> m_handles; //!< name -> handle
    std::set<int64_t> m_bound;                //!< handles bound by the driver or the case
};

/// Makes one step's call on the platform.
class PlatformInvoker
{
  public:
    /**
     * \param platform the implementation \param testCase the case \param step the step
     * \param host the calling thread's host \param handles the case's handle names
     */
    PlatformInvoker(Platform& platform,
                    const DriverCase& testCase,
                    const DriverStep& step,
                    uint32_t host,
                    HandleBook& handles);

    /// \name One handler per call of the vocabulary
    /// \{
    CallResult operator()(const calls::WsaStartup& call);
    CallResult operator()(const calls::WsaCleanup& call);
    CallResult operator()(const calls::Socket& call);
    CallResult operator()(const calls::Bind& call);
    CallResult operator()(const calls::Listen& call);
    CallResult operator()(const calls::Accept& call);
    CallResult operator()(const calls::Connect& call);
    CallResult operator()(const calls::Send& call);
    CallResult operator()(const calls::Recv& call);
    CallResult operator()(const calls::Shutdown& call);
    CallResult operator()(const calls::WsaSendDisconnect& call);
    CallResult operator()(const calls::WsaRecvDisconnect& call);
    CallResult operator()(const calls::CloseSocket& call);
    CallResult operator()(const calls::SetSockOpt& call);
    CallResult operator()(const calls::GetSockOpt& call);
    CallResult operator()(const calls::IoctlSocket& call);
    CallResult operator()(const calls::WsaSetBlockingHook& call);
    CallResult operator()(const calls::WsaCancelBlockingCall& call);
    CallResult operator()(const calls::WsaSocket& call);
    CallResult operator()(const calls::SendTo& call);
    CallResult operator()(const calls::RecvFrom& call);
    CallResult operator()(const calls::GetPeerName& call);
    CallResult operator()(const calls::GetSockName& call);
    CallResult operator()(const calls::Select& call);
    CallResult operator()(const calls::WsaPoll& call);
    CallResult operator()(const calls::WsaCreateEvent& call);
    CallResult operator()(const calls::WsaCloseEvent& call);
    CallResult operator()(const calls::WsaResetEvent& call);
    CallResult operator()(const calls::WsaEventSelect& call);
    CallResult operator()(const calls::WsaWaitForMultipleEvents& call);
    CallResult operator()(const calls::WsaEnumNetworkEvents& call);
    CallResult operator()(const calls::WsaRecv& call);
    CallResult operator()(const calls::WsaSend& call);
    CallResult operator()(const calls::WsaGetOverlappedResult& call);
    CallResult operator()(const calls::CancelIo& call);
    CallResult operator()(const calls::CancelIoEx& call);
    CallResult operator()(const calls::CreateIoCompletionPort& call);
    CallResult operator()(const calls::GetQueuedCompletionStatus& call);
    CallResult operator()(const calls::WsaIoctl& call);
    CallResult operator()(const calls::DisconnectEx& call);
    /// \}

  private:
    /// Name the handle a call gave (CallResult::handle, or a socket call's return value), when the
    /// step says "as" and the call succeeded.
    CallResult Named(CallResult result);
    /// \return a port of the case, moved by the run's offset
    uint16_t Port(int64_t port) const;
    /// \return the platform's asynchronous I/O (a logic error where it has none: CanExpress
    /// refuses such a case first)
    AsyncPlatform& Async() const;
    /// \return the handle an optional argument names, if it is given
    std::optional<int64_t> Resolve(const std::optional<HandleRef>& handle) const;
    /// \return how an output names a handle argument: its name, or its number
    static std::string RefName(const SocketRef& handle);
    /// Add an address output: {"host", "port"} in the scenario's terms (host -1: no host of the
    /// case, and `key`_raw as given)
    void AddAddress(CallResult& result,
                    const std::string& key,
                    const std::optional<Endpoint>& address) const;

    Platform& m_platform;     //!< the implementation
    const DriverCase& m_case; //!< the case
    const DriverStep& m_step; //!< the step
    uint32_t m_host;          //!< the calling thread's host
    HandleBook& m_handles;    //!< handle names
};

} // namespace wsdsim::driver

#endif // WSDSIM_DRIVER_PLATFORM_INVOKER_H

// A step's call made on the ns-3 Winsock model: one handler per call of the vocabulary, so that a
// call the model cannot make does not compile.
#ifndef WSDSIM_MODEL_INVOKER_H
#define WSDSIM_MODEL_INVOKER_H

#include "ns3/wsa-blocking-call.h"
#include "ns3/wsa-thread.h"
#include "ns3/wsa-two-hosts.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "scenario/scenario.h"

namespace wsdsim
{

/// The handles a case's steps named with "as" (sockets, events, ports, extension functions),
/// both ways, and the OVERLAPPED structures the steps name.
class ModelHandles
{
  public:
    /// \return the handle a step's handle argument stands for (INVALID_SOCKET for a name whose
    /// call failed, as in a real program)
    ns3::SOCKET Resolve(const SocketRef& socket) const;
    /// \return an optional handle argument's handle, or the value standing for "absent"
    uint64_t ResolveOr(const std::optional<HandleRef>& handle, uint64_t absent) const;
    /// Give a handle of a host a name.
    void Name(const std::string& name, uint32_t host, ns3::SOCKET handle);
    /// \return the name of a host's handle (or OVERLAPPED address), or "" when none has one
    std::string NameOf(uint32_t host, uint64_t handle) const;
    /**
     * \brief The OVERLAPPED a step names: made, zeroed, at its first use by a host's thread, and
     *        the same structure for every later step (it lives until the case ends).
     * \param name its name \param host the host whose process holds it
     * \return the structure
     */
    ns3::WSAOVERLAPPED* Overlapped(const std::string& name, uint32_t host);

  private:
    std::map<std::string, ns3::SOCKET> m_byName;                     //!< name -> handle
    std::map<std::pair<uint32_t, uint64_t>, std::string> m_byHandle; //!< (host, handle) -> name
    std::map<std::string, std::unique_ptr<ns3::WSAOVERLAPPED>> m_overlapped; //!< by name
};

/// Makes one step's call on a simulated thread; the returned call completes when it returns.
class ModelInvoker
{
  public:
    /**
     * \param step the step \param thread its thread \param host the thread's host
     * \param net the two hosts \param handles the case's handle names
     * \param runHook what the thread's blocking hook does (WSASetBlockingHook)
     */
    ModelInvoker(const Step& step,
                 ns3::Ptr<ns3::WsaThread> thread,
                 uint32_t host,
                 ns3::WsaTwoHosts& net,
                 ModelHandles& handles,
                 std::function<void()> runHook);

    /// \name One handler per call of the vocabulary (std::visit refuses a missing one)
    /// \{
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaStartup& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaCleanup& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::Socket& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::Bind& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::Listen& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::Accept& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::Connect& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::Send& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::Recv& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::Shutdown& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaSendDisconnect& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaRecvDisconnect& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::CloseSocket& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::SetSockOpt& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::GetSockOpt& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::IoctlSocket& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaSetBlockingHook& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaCancelBlockingCall& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaSocket& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::SendTo& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::RecvFrom& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::GetPeerName& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::GetSockName& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::Select& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaPoll& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaCreateEvent& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaCloseEvent& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaResetEvent& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaEventSelect& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaWaitForMultipleEvents& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaEnumNetworkEvents& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaRecv& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaSend& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaGetOverlappedResult& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::CancelIo& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::CancelIoEx& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::CreateIoCompletionPort& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::GetQueuedCompletionStatus& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::WsaIoctl& call);
    ns3::WsaBlockingCall<int64_t> operator()(const calls::DisconnectEx& call);
    /// \}

  private:
    /// \return a call already returned with a value, its error the thread's last one on failure
    ns3::WsaBlockingCall<int64_t> Returned(int64_t value, bool failed) const;
    /// \return a call that completes when a blocking call does (naming the handle it returns
    /// when the step says "as")
    template <typename T>
    ns3::WsaBlockingCall<int64_t> Adopt(ns3::WsaBlockingCall<T> call);
    /// \return a call that completes when a blocking call does, keeping what its
    /// out-parameters point at alive until then
    template <typename T>
    ns3::WsaBlockingCall<int64_t> Adopt(ns3::WsaBlockingCall<T> call, std::shared_ptr<void> keep);
    /// \return the buffer descriptor a memory argument stands for, in the host's address space
    ns3::WSABUF Buffer(const MemoryRef& memory) const;
    /// \return the descriptor pointer a memory argument passes: NULL, the model's unmapped
    /// descriptor, or the buffer given
    const ns3::WSABUF* Descriptor(const MemoryRef& memory, const ns3::WSABUF& buffer) const;
    /// \return the OVERLAPPED a step names (none: NULL), its hEvent set to the event given
    ns3::WSAOVERLAPPED* Overlapped(const std::optional<std::string>& name,
                                   const std::optional<HandleRef>& event);
    /// Name the handle a call returned, when the step says "as" and the handle is valid.
    void NameResult(uint64_t handle, uint64_t invalid);

    const Step& m_step;                //!< the step
    ns3::Ptr<ns3::WsaThread> m_thread; //!< its thread
    uint32_t m_host;                   //!< the thread's host
    ns3::WsaTwoHosts& m_net;           //!< the hosts
    ModelHandles& m_handles;           //!< handle names
    std::function<void()> m_runHook;   //!< the blocking hook's body
};

} // namespace wsdsim

#endif // WSDSIM_MODEL_INVOKER_H

// The trace record of one call of a WsaThread, shared by the files that define its entry points
// (wsa-thread.cc, wsa-thread-async.cc); not part of the module's interface.
#ifndef WSA_THREAD_CALL_H
#define WSA_THREAD_CALL_H

#include "wsa-provider.h"
#include "wsa-thread.h"

#include "ns3/inet-socket-address.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <sstream>
#include <string>

namespace ns3
{
namespace wsathread
{

/// A handle as Winsock programmers print it.
inline std::string
HandleText(SOCKET s)
{
    if (s == INVALID_SOCKET)
    {
        return "INVALID_SOCKET";
    }
    std::ostringstream text;
    text << "0x" << std::hex << s;
    return text.str();
}

/// An address argument.
inline std::string
AddressText(const Address& address)
{
    if (!InetSocketAddress::IsMatchingType(address))
    {
        return "<not AF_INET>";
    }
    const InetSocketAddress inet = InetSocketAddress::ConvertFrom(address);
    std::ostringstream text;
    text << inet.GetIpv4() << ":" << inet.GetPort();
    return text.str();
}

} // namespace wsathread

/// One call: its trace record from entry to return.
class WsaThread::Call
{
  public:
    /// Enter a call: number it and trace it.
    Call(WsaThread* thread, std::string name, std::string arguments)
        : m_thread(thread)
    {
        Ptr<WsaProvider> provider = thread->m_provider;
        m_record.nodeId = provider->GetNode()->GetId();
        m_record.thread = thread->m_name;
        m_record.callId = provider->NextCallId();
        m_record.call = std::move(name);
        m_record.arguments = std::move(arguments);
        m_record.calledAt = Simulator::Now();
        provider->NotifyApiCall(m_record);
    }

    /// Return from the call: set the last error on failure and trace.
    WsaOutcome Return(WsaOutcome outcome)
    {
        m_record.returned = true;
        m_record.blocked = Simulator::Now() > m_record.calledAt;
        m_record.result = outcome.value;
        m_record.error = outcome.error;
        m_record.data = outcome.data;
        for (auto& output : outcome.outputs)
        {
            m_record.outputs.push_back(output);
        }
        if (outcome.error != WsaError::NO_ERROR_)
        {
            m_thread->m_lastError = outcome.error;
        }
        m_thread->m_provider->NotifyApiReturn(m_record);
        return outcome;
    }

    /// Record an out-parameter of the call (before Return).
    void SetOutput(std::string name, WsaOutputValue value)
    {
        m_record.outputs.emplace_back(std::move(name), std::move(value));
    }

    /// \return the call's name
    const std::string& GetName() const
    {
        return m_record.call;
    }

  private:
    WsaThread* m_thread;   //!< the calling thread
    WsaApiRecord m_record; //!< the trace record
};

} // namespace ns3

#endif // WSA_THREAD_CALL_H

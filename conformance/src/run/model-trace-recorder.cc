// A model run's trace, from the providers' trace sources (see model-trace-recorder.h).
#include "run/model-trace-recorder.h"

#include "wsa-provider.h"

#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket.h"

#include <sstream>

#include "wsdsim/call-json.h"

namespace wsdsim
{

using namespace ns3;

namespace
{

/// The "a.b.c.d:port" text of an endpoint.
std::string
Endpoint(Ipv4Address address, uint16_t port)
{
    std::ostringstream text;
    text << address << ":" << port;
    return text.str();
}

} // namespace

ModelTraceRecorder::ModelTraceRecorder(const ScenarioCase& scenarioCase,
                                       TraceWriter& writer,
                                       const ModelHandles& handles)
    : m_case(scenarioCase)
    , m_writer(writer)
    , m_handles(handles)
{
}

void
ModelTraceRecorder::Attach(WsaTwoHosts& net)
{
    for (uint32_t host = 0; host < 2; ++host)
    {
        m_hostOfNode[net.GetNode(host)->GetId()] = host;
        Ptr<WsaProvider> provider = net.GetProvider(host);
        provider->TraceConnectWithoutContext("ApiCall",
                                             MakeCallback(&ModelTraceRecorder::OnApiCall, this));
        provider->TraceConnectWithoutContext("ApiReturn",
                                             MakeCallback(&ModelTraceRecorder::OnApiReturn, this));
        provider->TraceConnectWithoutContext("Segment",
                                             MakeCallback(&ModelTraceRecorder::OnSegment, this));
        provider->TraceConnectWithoutContext("TcpState",
                                             MakeCallback(&ModelTraceRecorder::OnTcpState, this));
    }
}

void
ModelTraceRecorder::SetCurrentStep(const std::string& thread, int64_t step)
{
    m_currentStep[thread] = step;
}

void
ModelTraceRecorder::OnApiCall(const WsaApiRecord& record)
{
    const uint32_t host = m_hostOfNode.at(record.nodeId);
    const int64_t step = m_currentStep.count(record.thread) ? m_currentStep.at(record.thread) : -1;
    m_stepOfCall[{host, record.callId}] = step;
    TraceEvent event;
    event.kind = EventKind::CALL;
    event.timeNs = Simulator::Now().GetNanoSeconds();
    event.host = host;
    event.thread = record.thread;
    event.step = step;
    event.call = record.call;
    // The step's arguments in the vocabulary's one form, as every implementation writes them.
    event.arguments = step >= 0 && static_cast<size_t>(step) < m_case.steps.size()
                          ? EncodeArguments(m_case.steps[step].call).dump()
                          : "{}";
    m_writer.Write(event);
}

void
ModelTraceRecorder::OnApiReturn(const WsaApiRecord& record)
{
    const uint32_t host = m_hostOfNode.at(record.nodeId);
    TraceEvent event;
    event.kind = EventKind::RETURN;
    event.timeNs = Simulator::Now().GetNanoSeconds();
    event.host = host;
    event.thread = record.thread;
    event.step = m_stepOfCall.at({host, record.callId});
    event.call = record.call;
    // SOCKET results are unsigned: INVALID_SOCKET is written as -1, like SOCKET_ERROR.
    event.result = record.result;
    event.error = std::string(WsaErrorName(record.error));
    event.errorNumber = static_cast<int64_t>(record.error);
    event.blocked = record.blocked;
    if (!record.outputs.empty())
    {
        nlohmann::json outputs = nlohmann::json::object();
        for (const auto& [name, value] : record.outputs)
        {
            outputs[name] = value;
        }
        event.outputs = outputs.dump();
    }
    // the calls that hand back bytes, as the vocabulary says (recv, WSARecvDisconnect)
    if (const CallInfo* info = FindCallInfo(record.call); info && info->returnsData)
    {
        event.data = std::string(record.data.begin(), record.data.end());
    }
    m_writer.Write(event);
}

void
ModelTraceRecorder::OnSegment(const WsaSegmentRecord& record)
{
    TraceEvent event;
    event.kind = EventKind::SEGMENT;
    event.timeNs = Simulator::Now().GetNanoSeconds();
    event.host = m_hostOfNode.at(record.nodeId);
    event.direction = record.outgoing ? "tx" : "rx";
    event.protocol = record.protocol == 6 ? "tcp" : "udp";
    event.source = Endpoint(record.source, record.sourcePort);
    event.destination = Endpoint(record.destination, record.destinationPort);
    event.length = record.payloadSize;
    if (record.protocol == 6)
    {
        event.flags = TcpFlagsToString(record.flags);
        // Sequence numbers relative to each direction's first SYN (the ISN).
        const auto forward = std::make_pair(event.source, event.destination);
        const auto backward = std::make_pair(event.destination, event.source);
        if ((record.flags & TcpHeader::SYN) && !m_initialSequence.count(forward))
        {
            m_initialSequence[forward] = record.sequence;
        }
        const uint32_t isn = m_initialSequence.count(forward) ? m_initialSequence.at(forward) : 0;
        const uint32_t peerIsn
            = m_initialSequence.count(backward) ? m_initialSequence.at(backward) : 0;
        event.sequence = record.sequence - isn;
        event.acknowledgement
            = (record.flags & TcpHeader::ACK) ? record.acknowledgement - peerIsn : 0;
    }
    m_writer.Write(event);
}

void
ModelTraceRecorder::OnTcpState(const WsaTcpStateRecord& record)
{
    TraceEvent event;
    event.kind = EventKind::TCP_STATE;
    event.timeNs = Simulator::Now().GetNanoSeconds();
    event.host = m_hostOfNode.at(record.nodeId);
    event.socket = m_handles.NameOf(event.host, record.handle);
    event.from = TcpSocket::TcpStateName[record.from];
    event.to = TcpSocket::TcpStateName[record.to];
    m_writer.Write(event);
}

} // namespace wsdsim

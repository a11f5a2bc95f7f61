// A model run's trace, from the providers' trace sources (see model-trace-recorder.h).
#include "run/model-trace-recorder.h"

#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-socket.h"
#include "ns3/wsa-provider.h"
#include "ns3/wsa-trace-records.h"

#include "wsdsim/call-json.h"

namespace wsdsim
{

using namespace ns3;

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
        m_hostAddress[host] = net.GetAddress(host);
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
        event.outputs = Outputs(host, record).dump();
    }
    // the calls that hand back bytes, as the vocabulary says (recv, WSARecvDisconnect)
    if (const CallInfo* info = FindCallInfo(record.call); info && info->returnsData)
    {
        event.data = std::string(record.data.begin(), record.data.end());
    }
    m_writer.Write(event);
}

nlohmann::json
ModelTraceRecorder::Outputs(uint32_t host, const WsaApiRecord& record) const
{
    // Each out-parameter in its vocabulary form (OutputKind): handles and OVERLAPPEDs by the
    // names the case gave them, flags by their winsock2.h names, addresses by host.
    nlohmann::json outputs = nlohmann::json::object();
    const CallInfo* call = FindCallInfo(record.call);
    for (const auto& [name, value] : record.outputs)
    {
        const OutputSpec* spec = call ? FindOutput(*call, name) : nullptr;
        if (spec)
        {
            outputs[name]
                = std::visit([&](const auto& v) { return Encode(host, *spec, v); }, value);
        }
    }
    return outputs;
}

nlohmann::json
ModelTraceRecorder::Encode(uint32_t host, const OutputSpec& spec, int64_t value) const
{
    switch (spec.kind)
    {
        case OutputKind::FLAGS:
            return vocabulary_detail::EncodeFlags(spec.family, value);
        case OutputKind::NAME:
            return HandleName(host, static_cast<uint64_t>(value));
        case OutputKind::INTEGER:
        case OutputKind::SOCKETS:
        case OutputKind::FLAG_LISTS:
        case OutputKind::ERRORS:
        case OutputKind::ADDRESS:
        case OutputKind::LINGER:
            return value; // a number (the other kinds never hold one)
    }
    return value;
}

nlohmann::json
ModelTraceRecorder::Encode(uint32_t host,
                           const OutputSpec& spec,
                           const std::vector<int64_t>& values) const
{
    nlohmann::json list = nlohmann::json::array();
    for (const int64_t value : values)
    {
        // SOCKETS: handle names; FLAG_LISTS: one list of flag names per entry
        list.push_back(spec.kind == OutputKind::FLAG_LISTS
                           ? vocabulary_detail::EncodeFlags(spec.family, value)
                           : HandleName(host, static_cast<uint64_t>(value)));
    }
    return list;
}

nlohmann::json
ModelTraceRecorder::Encode(uint32_t,
                           const OutputSpec& spec,
                           const std::map<int32_t, int32_t>& errors) const
{
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [flag, error] : errors)
    {
        const WinsockConstant* constant = FindWinsockConstant(spec.family, flag);
        object[constant ? std::string(constant->name) : std::to_string(flag)]
            = WinsockErrorName(error);
    }
    return object;
}

nlohmann::json
ModelTraceRecorder::Encode(uint32_t, const OutputSpec&, const WsaAddressOutput& address) const
{
    int64_t host = -1; // an address of neither host (not bound to one)
    for (const auto& [index, ip] : m_hostAddress)
    {
        host = ip == address.ip ? index : host;
    }
    return {{"host", host}, {"port", address.port}};
}

nlohmann::json
ModelTraceRecorder::Encode(uint32_t, const OutputSpec&, const LINGER& linger) const
{
    return {{"onoff", linger.l_onoff}, {"seconds", linger.l_linger}};
}

nlohmann::json
ModelTraceRecorder::HandleName(uint32_t host, uint64_t handle) const
{
    const std::string name = m_handles.NameOf(host, handle);
    return name.empty() ? nlohmann::json(handle) : nlohmann::json(name);
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
    event.source = EndpointToString(record.source, record.sourcePort);
    event.destination = EndpointToString(record.destination, record.destinationPort);
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

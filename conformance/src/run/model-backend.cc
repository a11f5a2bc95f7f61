// Runs a scenario case on the ns-3 Winsock model and records the trace from its trace sources.
#include "run/model-backend.h"

#include "wsa-provider.h"
#include "wsa-task.h"
#include "wsa-thread.h"
#include "wsa-two-hosts.h"

#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/rng-stream.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

#include <map>
#include <memory>
#include <sstream>

#include "common/input-error.h"
#include "trace/trace-io.h"

namespace wsdsim
{

using namespace ns3;
using nlohmann::json;

namespace
{

/// Two hosts built once in the parent process (PrepareProcess), reused by the next case run.
std::unique_ptr<WsaTwoHosts> g_preparedHosts;

/// TCP flag bits of a "SYN|ACK" text.
uint8_t
ParseFlags(const std::string& text)
{
    static const std::map<std::string, uint8_t> kBits{{"SYN", TcpHeader::SYN},
                                                      {"FIN", TcpHeader::FIN},
                                                      {"RST", TcpHeader::RST},
                                                      {"PSH", TcpHeader::PSH},
                                                      {"ACK", TcpHeader::ACK},
                                                      {"URG", TcpHeader::URG},
                                                      {"ECE", TcpHeader::ECE},
                                                      {"CWR", TcpHeader::CWR}};
    uint8_t bits = 0;
    std::stringstream tokens(text);
    std::string token;
    while (std::getline(tokens, token, '|'))
    {
        bits |= kBits.at(token);
    }
    return bits;
}

/// The "a.b.c.d:port" text of an endpoint.
std::string
Endpoint(Ipv4Address address, uint16_t port)
{
    std::ostringstream text;
    text << address << ":" << port;
    return text.str();
}

/// `size` bytes of "abc...z" repeated.
std::vector<uint8_t>
Pattern(uint32_t size)
{
    std::vector<uint8_t> bytes(size);
    for (uint32_t i = 0; i < size; ++i)
    {
        bytes[i] = static_cast<uint8_t>('a' + i % 26);
    }
    return bytes;
}

/// One case being run on the model.
class ModelRun
{
  public:
    ModelRun(const ScenarioCase& scenarioCase, TraceWriter& writer, WsaTwoHosts& net)
        : m_case(scenarioCase)
        , m_writer(writer)
        , m_net(net)
    {
    }

    /// Build the hosts, run the threads to the case's end, and tear down.
    void Execute(const RunOptions& options, BackendRun* run);

  private:
    WsaTask ThreadBody(Ptr<WsaThread> thread, std::vector<const Step*> steps);
    WsaBlockingCall<int64_t> Invoke(const Step& step, Ptr<WsaThread> thread);
    WsaBlockingCall<int> Sleep(Time delay);
    SOCKET Handle(const json& value) const;
    uint32_t HostOf(const std::string& thread) const;
    WSABUF Buffer(Ptr<WsaProvider> provider, const json& value, bool forData);
    void RunHookSteps(const std::string& thread);

    void OnApiCall(const WsaApiRecord& record);
    void OnApiReturn(const WsaApiRecord& record);
    void OnSegment(const WsaSegmentRecord& record);
    void OnTcpState(const WsaTcpStateRecord& record);

    const ScenarioCase& m_case;
    TraceWriter& m_writer;
    WsaTwoHosts& m_net;                        //!< built already, or built here
    std::map<uint32_t, uint32_t> m_hostOfNode; //!< node id -> host
    std::map<std::string, SOCKET> m_handles;   //!< "as" names
    std::map<std::pair<uint32_t, SOCKET>, std::string> m_handleNames; //!< (host, handle) -> name
    std::map<std::string, int64_t> m_currentStep;                  //!< thread -> step being called
    std::map<std::pair<uint32_t, uint64_t>, int64_t> m_stepOfCall; //!< (host, call id) -> step
    std::map<std::string, WsaBlockingCall<int>> m_returned;        //!< step id -> returned signal
    std::map<std::string, std::vector<const Step*>> m_hookSteps;   //!< thread -> hook steps
    std::map<std::string, Ptr<WsaThread>> m_threads;               //!< by name
    std::map<std::pair<std::string, std::string>, uint32_t>
        m_initialSequence; //!< ISN per direction
};

void
ModelRun::Execute(const RunOptions& options, BackendRun* run)
{
    const Topology& topology = m_case.topology;
    m_net.SetDataRate(DataRate(topology.rate));
    m_net.SetDelay(NanoSeconds(topology.delayNs));
    m_net.SetLossRate(topology.loss);
    m_net.SetSegmentSize(topology.segmentSize);
    m_net.SetReceiveBufferSize(topology.receiveBuffer);
    m_net.SetSendBufferSize(topology.sendBuffer);
    m_net.SetProfile(m_case.profile == "iso-tp-over-tcp" ? WsaProviderProfile::ISO_TP_OVER_TCP
                                                         : WsaProviderProfile::TCP_IP);
    if (!m_net.IsBuilt())
    {
        m_net.Build();
    }
    if (!options.pcapPrefix.empty())
    {
        m_net.EnablePcap(options.pcapPrefix);
        for (uint32_t host = 0; host < 2; ++host)
        {
            run->pcapFiles.push_back(
                options.pcapPrefix + "-" + std::to_string(m_net.GetNode(host)->GetId()) + "-"
                + std::to_string(m_net.GetDevice(host)->GetIfIndex()) + ".pcap");
        }
    }
    for (uint32_t host = 0; host < 2; ++host)
    {
        m_hostOfNode[m_net.GetNode(host)->GetId()] = host;
        Ptr<WsaProvider> provider = m_net.GetProvider(host);
        provider->TraceConnectWithoutContext("ApiCall", MakeCallback(&ModelRun::OnApiCall, this));
        provider->TraceConnectWithoutContext("ApiReturn",
                                             MakeCallback(&ModelRun::OnApiReturn, this));
        provider->TraceConnectWithoutContext("Segment", MakeCallback(&ModelRun::OnSegment, this));
        provider->TraceConnectWithoutContext("TcpState", MakeCallback(&ModelRun::OnTcpState, this));
    }
    for (const auto& fault : topology.faults)
    {
        const uint32_t host = fault.host;
        if (fault.action == "drop")
        {
            m_net.AddDropRule(host,
                              NanoSeconds(fault.atNs),
                              ParseFlags(fault.flags.value_or("")),
                              fault.withPayload,
                              fault.count);
            continue;
        }
        if (fault.action == "delay")
        {
            m_net.AddDelayRule(host,
                               NanoSeconds(fault.atNs),
                               ParseFlags(fault.flags.value_or("")),
                               fault.withPayload,
                               fault.count,
                               NanoSeconds(fault.byNs));
            continue;
        }
        const bool up = fault.action == "interface-up";
        Simulator::Schedule(NanoSeconds(fault.atNs),
                            [this, host, up]() { m_net.SetInterfaceUp(host, up); });
    }

    std::map<std::string, std::vector<const Step*>> stepsOfThread;
    for (const auto& step : m_case.steps)
    {
        m_returned.emplace(step.id, WsaBlockingCall<int>());
        if (step.inBlockingHook)
        {
            m_hookSteps[step.thread].push_back(&step);
        }
        else
        {
            stepsOfThread[step.thread].push_back(&step);
        }
    }
    for (const auto& thread : m_case.threads)
    {
        Ptr<WsaThread> t = m_net.GetProvider(thread.host)->CreateThread(thread.name);
        m_threads[thread.name] = t;
        t->Start(ThreadBody(t, stepsOfThread[thread.name]));
    }
    Simulator::Stop(NanoSeconds(m_case.untilNs));
    Simulator::Run();
    for (const auto& [name, thread] : m_threads)
    {
        thread->RethrowIfFailed();
    }
    m_threads.clear();
    Simulator::Destroy();
}

WsaBlockingCall<int>
ModelRun::Sleep(Time delay)
{
    WsaBlockingCall<int> wake;
    Simulator::Schedule(delay, [wake]() { wake.Complete(0, WsaError::NO_ERROR_); });
    return wake;
}

WsaTask
ModelRun::ThreadBody(Ptr<WsaThread> thread, std::vector<const Step*> steps)
{
    for (const Step* step : steps)
    {
        if (step->after)
        {
            co_await m_returned.at(*step->after);
        }
        if (step->atNs && Simulator::Now().GetNanoSeconds() < *step->atNs)
        {
            co_await Sleep(NanoSeconds(*step->atNs) - Simulator::Now());
        }
        if (step->delayNs > 0)
        {
            co_await Sleep(NanoSeconds(step->delayNs));
        }
        co_await Invoke(*step, thread);
        m_returned.at(step->id).Complete(0, WsaError::NO_ERROR_);
    }
}

uint32_t
ModelRun::HostOf(const std::string& thread) const
{
    for (const auto& t : m_case.threads)
    {
        if (t.name == thread)
        {
            return t.host;
        }
    }
    return 0;
}

SOCKET
ModelRun::Handle(const json& value) const
{
    if (value.is_number_integer())
    {
        return static_cast<SOCKET>(value.get<int64_t>());
    }
    auto it = m_handles.find(value.get<std::string>());
    // A name whose socket() failed denotes INVALID_SOCKET, as in a real program.
    return it == m_handles.end() ? INVALID_SOCKET : it->second;
}

WSABUF
ModelRun::Buffer(Ptr<WsaProvider> provider, const json& value, bool forData)
{
    Ptr<WsaAddressSpace> space = provider->GetAddressSpace();
    if (value.is_string())
    {
        return space->Allocate(value.get<std::string>());
    }
    if (value.contains("fault"))
    {
        const std::string fault = value.at("fault");
        if (fault == "null")
        {
            return WSABUF{4, 0};
        }
        if (fault == "unmapped")
        {
            return WSABUF{4, 0x7ffe0000};
        }
        // past-end: starts inside a 4-byte buffer and runs 4 bytes past its end.
        WSABUF region = space->Allocate("abcd");
        return WSABUF{region.len + 4, region.buf};
    }
    NS_ASSERT(!forData);
    return space->AllocateZeroed(value.value("len", 0u));
}

void
ModelRun::RunHookSteps(const std::string& thread)
{
    auto it = m_hookSteps.find(thread);
    if (it == m_hookSteps.end())
    {
        return;
    }
    auto steps = std::move(it->second);
    m_hookSteps.erase(it);
    Ptr<WsaThread> t = m_threads.at(thread);
    for (const Step* step : steps)
    {
        // Inside the hook every call returns at once (WSAEINPROGRESS, or the cancel).
        auto returned = Invoke(*step, t);
        const std::string id = step->id;
        returned.OnDone([this, id]() { m_returned.at(id).Complete(0, WsaError::NO_ERROR_); });
    }
}

WsaBlockingCall<int64_t>
ModelRun::Invoke(const Step& step, Ptr<WsaThread> t)
{
    const json& a = step.args;
    const uint32_t host = HostOf(step.thread);
    Ptr<WsaProvider> provider = m_net.GetProvider(host);
    m_currentStep[step.thread] = static_cast<int64_t>(step.index);
    WsaBlockingCall<int64_t> result;
    auto done = [&result](int64_t value, WsaError error)
    {
        result.Complete(value, error);
    };
    // A call returning 0 or SOCKET_ERROR: its error is the thread's last error when it failed.
    auto finish = [&done, &t](int r)
    {
        done(r, static_cast<WsaError>(r == 0 ? 0 : t->WSAGetLastError()));
    };
    auto adopt = [&step, this, host, result](auto call)
    {
        call.OnDone(
            [call, result, &step, this, host]()
            {
                const int64_t value = static_cast<int64_t>(call.GetResult());
                if (step.as && step.call == "accept"
                    && static_cast<SOCKET>(call.GetResult()) != INVALID_SOCKET)
                {
                    m_handles[*step.as] = static_cast<SOCKET>(call.GetResult());
                    m_handleNames[{host, static_cast<SOCKET>(call.GetResult())}] = *step.as;
                }
                result.Complete(value, call.GetError());
            });
    };
    const std::string& name = step.call;
    if (name == "WSAStartup")
    {
        WSADATA data{};
        const std::string version = a.value("version", "2.2");
        const uint16_t word = MAKEWORD(static_cast<uint8_t>(version[0] - '0'),
                                       static_cast<uint8_t>(version[2] - '0'));
        const int code = t->WSAStartup(word, a.value("nullData", false) ? nullptr : &data);
        done(code, static_cast<WsaError>(code));
    }
    else if (name == "WSACleanup")
    {
        done(t->WSACleanup(), static_cast<WsaError>(t->WSAGetLastError()));
    }
    else if (name == "socket")
    {
        const std::string type = a.at("type");
        const int typeNumber = type == "SOCK_STREAM"  ? WS_SOCK_STREAM
                               : type == "SOCK_DGRAM" ? WS_SOCK_DGRAM
                                                      : 3;
        const std::string af = a.value("af", "AF_INET");
        const int afNumber = af == "AF_INET" ? WS_AF_INET : af == "AF_INET6" ? 23 : 0;
        const json protocol = a.value("protocol", json("0"));
        const std::string protocolName = protocol.is_string() ? protocol.get<std::string>()
                                                              : std::to_string(protocol.get<int>());
        const int protocolNumber = protocolName == "IPPROTO_TCP"   ? WS_IPPROTO_TCP
                                   : protocolName == "IPPROTO_UDP" ? WS_IPPROTO_UDP
                                                                   : 0;
        const SOCKET s = t->socket(afNumber, typeNumber, protocolNumber);
        if (step.as && s != INVALID_SOCKET)
        {
            m_handles[*step.as] = s;
            m_handleNames[{host, s}] = *step.as;
        }
        done(static_cast<int64_t>(s),
             static_cast<WsaError>(s == INVALID_SOCKET ? t->WSAGetLastError() : 0));
    }
    else if (name == "bind")
    {
        const uint32_t bindHost = a.value("host", host);
        const int r
            = t->bind(Handle(a.at("s")),
                      InetSocketAddress(m_net.GetAddress(bindHost), a.at("port").get<uint16_t>()));
        finish(r);
    }
    else if (name == "listen")
    {
        const int r = t->listen(Handle(a.at("s")), a.value("backlog", 5));
        finish(r);
    }
    else if (name == "accept")
    {
        adopt(t->accept(Handle(a.at("s"))));
    }
    else if (name == "connect")
    {
        adopt(t->connect(Handle(a.at("s")),
                         InetSocketAddress(m_net.GetAddress(a.at("host").get<uint32_t>()),
                                           a.at("port").get<uint16_t>())));
    }
    else if (name == "send")
    {
        std::vector<uint8_t> bytes;
        if (a.contains("data"))
        {
            const std::string text = a.at("data");
            bytes.assign(text.begin(), text.end());
        }
        else
        {
            bytes = Pattern(a.value("size", 0u));
        }
        adopt(t->send(Handle(a.at("s")), bytes));
    }
    else if (name == "recv")
    {
        adopt(t->recv(Handle(a.at("s")), a.value("len", 65536u)));
    }
    else if (name == "shutdown")
    {
        const json& how = a.at("how");
        int howNumber = 0;
        if (how.is_string())
        {
            howNumber = how == "SD_RECEIVE" ? SD_RECEIVE : how == "SD_SEND" ? SD_SEND : SD_BOTH;
        }
        else
        {
            howNumber = how.get<int>();
        }
        const int r = t->shutdown(Handle(a.at("s")), howNumber);
        finish(r);
    }
    else if (name == "WSASendDisconnect")
    {
        const json data = a.value("data", json());
        int r = 0;
        if (data.is_null())
        {
            r = t->WSASendDisconnect(Handle(a.at("s")), nullptr);
        }
        else
        {
            const WSABUF buffer = Buffer(provider, data, true);
            r = t->WSASendDisconnect(Handle(a.at("s")), &buffer);
        }
        finish(r);
    }
    else if (name == "WSARecvDisconnect")
    {
        const json buffer = a.value("buffer", json());
        int r = 0;
        if (buffer.is_null())
        {
            r = t->WSARecvDisconnect(Handle(a.at("s")), nullptr);
        }
        else
        {
            WSABUF descriptor = Buffer(provider, buffer, false);
            r = t->WSARecvDisconnect(Handle(a.at("s")), &descriptor);
        }
        finish(r);
    }
    else if (name == "closesocket")
    {
        adopt(t->closesocket(Handle(a.at("s"))));
    }
    else if (name == "setsockopt" || name == "getsockopt")
    {
        const std::string option = a.at("option");
        const int optionNumber = option == "SO_LINGER"       ? WS_SO_LINGER
                                 : option == "SO_DONTLINGER" ? WS_SO_DONTLINGER
                                                             : 0x0008;
        int r = 0;
        if (name == "getsockopt")
        {
            char value[16] = {};
            int length = sizeof(value);
            r = t->getsockopt(Handle(a.at("s")), WS_SOL_SOCKET, optionNumber, value, &length);
        }
        else if (option == "SO_LINGER")
        {
            const LINGER linger{a.value<uint16_t>("onoff", 0), a.value<uint16_t>("seconds", 0)};
            r = t->setsockopt(Handle(a.at("s")),
                              WS_SOL_SOCKET,
                              optionNumber,
                              reinterpret_cast<const char*>(&linger),
                              a.value("optlen", static_cast<int>(sizeof(LINGER))));
        }
        else
        {
            const BOOL value = a.value("value", false) ? 1 : 0;
            r = t->setsockopt(Handle(a.at("s")),
                              WS_SOL_SOCKET,
                              optionNumber,
                              reinterpret_cast<const char*>(&value),
                              a.value("optlen", static_cast<int>(sizeof(BOOL))));
        }
        finish(r);
    }
    else if (name == "ioctlsocket")
    {
        uint32_t value = a.value("value", 0u);
        const int r = t->ioctlsocket(Handle(a.at("s")), WS_FIONBIO, &value);
        finish(r);
    }
    else if (name == "WSASetBlockingHook")
    {
        const std::string thread = step.thread;
        const int r = t->WSASetBlockingHook([this, thread]() { RunHookSteps(thread); });
        finish(r);
    }
    else if (name == "WSACancelBlockingCall")
    {
        const int r = t->WSACancelBlockingCall();
        finish(r);
    }
    else
    {
        throw InputError(m_case.scenarioPath,
                         0,
                         0,
                         step.pointer + "/call",
                         "the model cannot run \"" + name + "\"");
    }
    return result;
}

void
ModelRun::OnApiCall(const WsaApiRecord& record)
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
    event.arguments = record.arguments;
    m_writer.Write(event);
}

void
ModelRun::OnApiReturn(const WsaApiRecord& record)
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
    if (record.call == "recv" || record.call == "WSARecvDisconnect")
    {
        event.data = std::string(record.data.begin(), record.data.end());
    }
    m_writer.Write(event);
}

void
ModelRun::OnSegment(const WsaSegmentRecord& record)
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
ModelRun::OnTcpState(const WsaTcpStateRecord& record)
{
    TraceEvent event;
    event.kind = EventKind::TCP_STATE;
    event.timeNs = Simulator::Now().GetNanoSeconds();
    event.host = m_hostOfNode.at(record.nodeId);
    auto it = m_handleNames.find({event.host, record.handle});
    event.socket = it == m_handleNames.end() ? "" : it->second;
    event.from = TcpSocket::TcpStateName[record.from];
    event.to = TcpSocket::TcpStateName[record.to];
    m_writer.Write(event);
}

} // namespace

std::string
ModelBackend::Name() const
{
    return "model";
}

void
ModelBackend::PrepareProcess()
{
    // ns-3's MRG32k3a computes its table of 2^k jump matrices on first use, a third of a small
    // case's instructions; compute it here once. Constructing an RngStream directly takes no
    // stream number from RngSeedManager, so no case's random numbers change.
    RngStream warmUp(1, 0, 0);
    warmUp.RandU01();
    // Building the two hosts (stacks, devices, providers) is most of a case's cost; build them
    // once here, with every setting a case may change applied again by the case. Each case
    // runs in a fork of this process, so each starts from the same untouched pair.
    if (!g_preparedHosts)
    {
        g_preparedHosts = std::make_unique<WsaTwoHosts>();
        g_preparedHosts->Build();
    }
}

BackendRun
ModelBackend::Run(const ScenarioCase& scenarioCase,
                  const RunOptions& options,
                  const std::string& tracePath)
{
    TraceEvent header;
    header.kind = EventKind::HEADER;
    header.format = kTraceFormat;
    header.scenario = scenarioCase.scenarioName;
    header.caseId = scenarioCase.id;
    header.implementation = Name();
    TraceWriter writer(tracePath, header);
    BackendRun run;
    {
        // The prepared hosts serve one case only: the run ends with Simulator::Destroy().
        std::unique_ptr<WsaTwoHosts> hosts = std::move(g_preparedHosts);
        if (!hosts)
        {
            hosts = std::make_unique<WsaTwoHosts>();
        }
        ModelRun modelRun(scenarioCase, writer, *hosts);
        modelRun.Execute(options, &run);
    }
    writer.Close();
    return run;
}

} // namespace wsdsim

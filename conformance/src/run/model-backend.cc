// Runs a scenario case on the ns-3 Winsock model and records the trace from its trace sources.
#include "run/model-backend.h"

#include "ns3/data-rate.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/rng-stream.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/wsa-provider.h"
#include "ns3/wsa-task.h"
#include "ns3/wsa-thread.h"
#include "ns3/wsa-two-hosts.h"

#include <map>
#include <memory>
#include <sstream>

#include "run/model-invoker.h"
#include "run/model-trace-recorder.h"
#include "trace/trace-io.h"

namespace wsdsim
{

using namespace ns3;

namespace
{

/// Two hosts built once in the parent process (PrepareProcess), taken by a worker's first case.
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

/// One case being run on the model.
class ModelRun
{
  public:
    ModelRun(const ScenarioCase& scenarioCase, TraceWriter& writer, WsaTwoHosts& net)
        : m_case(scenarioCase)
        , m_net(net)
        , m_recorder(scenarioCase, writer, m_handles)
    {
    }

    /// Set the hosts up, run the threads to the case's end, and tear down.
    void Execute(const RunOptions& options, BackendRun* run);

  private:
    /// Apply the case's link settings and build the hosts (unless prepared), with pcaps.
    void ConfigureNetwork(const RunOptions& options, BackendRun* run);
    /// Schedule the case's faults.
    void ScheduleFaults();
    /// Create the threads and start each on its steps.
    void StartThreads();
    /// A thread's steps, in order, each once its "after" step has returned and its time come.
    WsaTask ThreadBody(Ptr<WsaThread> thread, std::vector<const Step*> steps);
    /// \return a call that completes after a delay of simulated time
    WsaBlockingCall<int> Sleep(Time delay);
    /// Make a step's call.
    WsaBlockingCall<int64_t> Invoke(const Step& step, Ptr<WsaThread> thread);
    /// \return the host a thread runs on
    uint32_t HostOf(const std::string& thread) const;
    /// The thread's blocking hook: its steps with context "blocking-hook", once.
    void RunHookSteps(const std::string& thread);

    const ScenarioCase& m_case;
    WsaTwoHosts& m_net;                                          //!< built already, or built here
    ModelHandles m_handles;                                      //!< "as" names
    ModelTraceRecorder m_recorder;                               //!< the trace
    std::map<std::string, WsaBlockingCall<int>> m_returned;      //!< step id -> returned signal
    std::map<std::string, std::vector<const Step*>> m_hookSteps; //!< thread -> hook steps
    std::map<std::string, Ptr<WsaThread>> m_threads;             //!< by name
};

void
ModelRun::Execute(const RunOptions& options, BackendRun* run)
{
    ConfigureNetwork(options, run);
    m_recorder.Attach(m_net);
    ScheduleFaults();
    StartThreads();
    Simulator::Stop(NanoSeconds(m_case.untilNs));
    Simulator::Run();
    for (const auto& [name, thread] : m_threads)
    {
        thread->RethrowIfFailed();
    }
    m_threads.clear();
    Simulator::Destroy();
}

void
ModelRun::ConfigureNetwork(const RunOptions& options, BackendRun* run)
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
    if (options.pcapPrefix.empty())
    {
        return;
    }
    m_net.EnablePcap(options.pcapPrefix);
    for (uint32_t host = 0; host < 2; ++host)
    {
        run->pcapFiles.push_back(options.pcapPrefix + "-"
                                 + std::to_string(m_net.GetNode(host)->GetId()) + "-"
                                 + std::to_string(m_net.GetDevice(host)->GetIfIndex()) + ".pcap");
    }
}

void
ModelRun::ScheduleFaults()
{
    for (const auto& fault : m_case.topology.faults)
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
}

void
ModelRun::StartThreads()
{
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

WsaBlockingCall<int64_t>
ModelRun::Invoke(const Step& step, Ptr<WsaThread> thread)
{
    m_recorder.SetCurrentStep(step.thread, static_cast<int64_t>(step.index));
    const std::string name = step.thread;
    ModelInvoker invoker(step,
                         thread,
                         HostOf(step.thread),
                         m_net,
                         m_handles,
                         [this, name]() { RunHookSteps(name); });
    return std::visit(invoker, step.call);
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
    // Build the two hosts (stacks, devices, providers) once here, with every setting a case may
    // change applied again by the case: each worker is a fork of this process, and its first
    // case takes this untouched pair; the cases after it build their own (the same pair: CTest
    // model_worker_isolation checks every trace of one worker against its reference).
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

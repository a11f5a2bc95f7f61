// A model run's trace: the provider's trace sources (API calls and returns, segments, TCP
// states) written as the trace format's events, each call with its step's arguments.
#ifndef WSDSIM_MODEL_TRACE_RECORDER_H
#define WSDSIM_MODEL_TRACE_RECORDER_H

#include "ns3/wsa-trace-records.h"
#include "ns3/wsa-two-hosts.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "run/model-invoker.h"
#include "scenario/scenario.h"
#include "trace/trace-io.h"

namespace wsdsim
{

/// Writes what the two hosts' providers report as trace events.
class ModelTraceRecorder
{
  public:
    /**
     * \param scenarioCase the case (its steps give each call's arguments)
     * \param writer the trace \param handles the case's handle names (for TCP state lines)
     */
    ModelTraceRecorder(const ScenarioCase& scenarioCase,
                       TraceWriter& writer,
                       const ModelHandles& handles);

    /// Connect to both hosts' providers.
    void Attach(ns3::WsaTwoHosts& net);
    /// The next calls of a thread belong to this step (its index in the case).
    void SetCurrentStep(const std::string& thread, int64_t step);

  private:
    void OnApiCall(const ns3::WsaApiRecord& record);
    void OnApiReturn(const ns3::WsaApiRecord& record);
    void OnSegment(const ns3::WsaSegmentRecord& record);
    void OnTcpState(const ns3::WsaTcpStateRecord& record);
    /// \return a return's out-parameters in the vocabulary's forms
    nlohmann::json Outputs(uint32_t host, const ns3::WsaApiRecord& record) const;
    /// \name One out-parameter's value in its form (the kinds of WsaOutputValue)
    /// \{
    nlohmann::json Encode(uint32_t host, const OutputSpec& spec, int64_t value) const;
    nlohmann::json Encode(uint32_t host,
                          const OutputSpec& spec,
                          const std::vector<int64_t>& values) const;
    nlohmann::json Encode(uint32_t host,
                          const OutputSpec& spec,
                          const std::map<int32_t, int32_t>& errors) const;
    nlohmann::json Encode(uint32_t host,
                          const OutputSpec& spec,
                          const ns3::WsaAddressOutput& address) const;
    nlohmann::json Encode(uint32_t host, const OutputSpec& spec, const ns3::LINGER& linger) const;
    /// \}
    /// \return a handle's (or an OVERLAPPED's) name, or its number when the case named none
    nlohmann::json HandleName(uint32_t host, uint64_t handle) const;

    const ScenarioCase& m_case;                                    //!< the case
    TraceWriter& m_writer;                                         //!< the trace
    const ModelHandles& m_handles;                                 //!< handle names
    std::map<uint32_t, uint32_t> m_hostOfNode;                     //!< node id -> host
    std::map<uint32_t, ns3::Ipv4Address> m_hostAddress;            //!< host -> its address
    std::map<std::string, int64_t> m_currentStep;                  //!< thread -> step being called
    std::map<std::pair<uint32_t, uint64_t>, int64_t> m_stepOfCall; //!< (host, call id) -> step
    std::map<std::pair<std::string, std::string>, uint32_t>
        m_initialSequence; //!< (source, destination) -> its ISN
};

} // namespace wsdsim

#endif // WSDSIM_MODEL_TRACE_RECORDER_H

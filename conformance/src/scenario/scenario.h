// The typed form of a scenario file: topology, provider profile, threads, steps and expected
// outcomes.
#ifndef WSDSIM_SCENARIO_H
#define WSDSIM_SCENARIO_H

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "wsdsim/call-vocabulary.h"

namespace wsdsim
{

/// How strongly the spec asks for an outcome (Autobahn / h2spec style levels).
enum class Level
{
    MUST,                   //!< breaking it is non-conformance (FAIL)
    SHOULD,                 //!< breaking it is NON-STRICT
    IMPLEMENTATION_DEFINED, //!< any behaviour conforms; the outcome is informational
};

/// \return "MUST", "SHOULD" or "IMPLEMENTATION-DEFINED"
const char* LevelName(Level level);

/// What a step's result must be.
struct ExpectedResult
{
    /// How the value is matched.
    enum class Kind
    {
        EXACT,    //!< equal to value
        HANDLE,   //!< a handle: anything but `value`, the invalid one (-1 for sockets, 0 for
                  //!< events and ports)
        POSITIVE, //!< greater than zero
    };
    Kind kind{Kind::EXACT}; //!< how to match
    int64_t value{0};       //!< for EXACT (SOCKET_ERROR is -1, INVALID_SOCKET too)
};

/// One acceptable outcome of a step.
struct Outcome
{
    std::optional<ExpectedResult> result;  //!< the return value, when constrained
    std::optional<std::string> error;      //!< "WSAENOTCONN" or "NO_ERROR", when constrained
    std::optional<std::string> data;       //!< recv: the bytes, as text
    std::optional<uint32_t> dataLength;    //!< recv / WSARecvDisconnect: the byte count
    std::optional<bool> blocks;            //!< whether simulated time passes in the call
    std::optional<int64_t> returnsAfterNs; //!< how long the call blocks (model: exact)
    std::map<std::string, nlohmann::json> outputs; //!< out-parameters expected, by name, each in
                                                   //!< its canonical form (CanonicalOutput)
    Level level{Level::MUST};                      //!< strength of the requirement
    std::vector<std::string> requirements;         //!< ids of the requirements this checks
    std::string note;                              //!< why this outcome is acceptable
    std::string pointer;                           //!< JSON pointer of the outcome in its file
};

/// One call a thread makes.
struct Step
{
    size_t index{0};    //!< position among the case's steps, from 0
    std::string id;     //!< the scenario's id for it, or "step-<index>"
    std::string thread; //!< the thread that calls
    Call call;          //!< the call and its typed arguments

    std::optional<int64_t> atNs;      //!< start no earlier than this simulated time
    int64_t delayNs{0};               //!< start this long after it could start
    std::optional<std::string> after; //!< start once this step (id) has returned
    bool inBlockingHook{false};       //!< run inside the thread's blocking hook
    std::optional<std::string> as;    //!< name for the handle the call returns
    std::vector<Outcome> outcomes;    //!< acceptable outcomes; empty: anything
    std::string pointer;              //!< JSON pointer of the step in its file

    /// \return the Winsock function's name ("shutdown")
    std::string CallName() const
    {
        return std::string(wsdsim::CallName(call));
    }
};

/// A simulated application thread.
struct Thread
{
    std::string name; //!< name used by steps
    uint32_t host{0}; //!< 0 or 1
};

/// Something done to the network at a simulated time.
struct Fault
{
    int64_t atNs{0};                  //!< when
    std::string action;               //!< "interface-down", "interface-up", "drop", "delay"
    uint32_t host{0};                 //!< whose interface, or who receives the dropped segment
    std::optional<std::string> flags; //!< drop, delay: segments whose flags include these
    uint32_t count{1};                //!< drop, delay: how many matching segments
    bool withPayload{false};          //!< drop: only segments carrying data
    int64_t byNs{0};                  //!< delay: how long each matching segment is held back
};

/// The two hosts and their link.
struct Topology
{
    std::string rate{"10Mbps"};     //!< link data rate (ns-3 DataRate syntax)
    int64_t delayNs{1000000};       //!< one-way delay
    double loss{0.0};               //!< random packet loss probability
    uint32_t segmentSize{536};      //!< TCP MSS
    uint32_t receiveBuffer{131072}; //!< TCP receive buffer (bytes)
    uint32_t sendBuffer{131072};    //!< TCP send buffer (bytes)
    std::vector<Fault> faults;      //!< injected faults
};

/// One runnable case: a scenario with one choice of each parameter.
struct ScenarioCase
{
    std::string id;                                //!< "linger/close[linger=off,mode=blocking]"
    std::string scenarioName;                      //!< Scenario::name
    std::string scenarioPath;                      //!< Scenario::path
    std::string description;                       //!< Scenario::description
    std::map<std::string, std::string> parameters; //!< dimension -> chosen label
    std::string profile{"tcp-ip"};                 //!< provider profile name
    Topology topology;                             //!< hosts and link
    std::vector<Thread> threads;                   //!< the threads
    std::vector<Step> steps;                       //!< the steps that apply to this case
    int64_t untilNs{300'000'000'000};              //!< simulated time the run ends at
    std::string wire{"MUST"}; //!< how wire divergence counts: MUST, SHOULD, ignore

    /// \return every requirement id any outcome checks, sorted and unique
    std::vector<std::string> RequirementIds() const;
    /// \return the path of the case's reference trace
    std::string ReferencePath() const;
    /// \return the case's parameter suffix ("linger=off,mode=blocking"; "default" without)
    std::string ParameterKey() const;
};

/// A scenario file as written, and the cases it expands to.
struct Scenario
{
    std::string path;                //!< the file, as given
    std::string name;                //!< "<folder>/<file stem>", relative to the scenarios root
    std::string description;         //!< the behaviour it checks
    nlohmann::json document;         //!< the parsed file
    std::vector<ScenarioCase> cases; //!< one per combination of its matrix, in a stable order
};

} // namespace wsdsim

#endif // WSDSIM_SCENARIO_H

// One event of a trace (JSON Lines): an API call or return, a segment, a TCP state change.
#ifndef WSDSIM_TRACE_EVENT_H
#define WSDSIM_TRACE_EVENT_H

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "wsdsim/trace-format.h"

namespace wsdsim
{

/// The trace format's name, written in every header line (the drivers write it too).
constexpr const char* kTraceFormat = kTraceFormatName;

/// The kinds of trace line.
enum class EventKind
{
    HEADER,    //!< first line: format, scenario, case, implementation
    CALL,      //!< an API call on entry
    RETURN,    //!< an API call's return
    SEGMENT,   //!< a segment leaving (tx) or reaching (rx) a host
    TCP_STATE, //!< a TCP state change
    END,       //!< last line: the number of events before it
};

/// \return "header", "call", "return", "segment", "tcp-state" or "end"
const char* EventKindName(EventKind kind);

/**
 * One line of a trace. Which fields are set depends on the kind; see docs/trace-format.md
 * and conformance/trace.schema.json.
 */
struct TraceEvent
{
    EventKind kind{EventKind::CALL}; //!< the line's kind
    int64_t timeNs{0};               //!< simulated (or real, relative) time in nanoseconds
    uint32_t host{0};                //!< host 0 or 1

    // header
    std::string format;         //!< kTraceFormat
    std::string scenario;       //!< scenario name
    std::string caseId;         //!< case id
    std::string implementation; //!< "model", "linux", "wine", ...

    // call / return
    std::string thread;              //!< thread name
    int64_t step{-1};                //!< step index
    std::string call;                //!< function name
    std::string arguments;           //!< call: the arguments, the compact text of a JSON object in
                                     //!< the call vocabulary's one form (EncodeArguments)
    int64_t result{0};               //!< return: the value
    std::string error;               //!< return: "NO_ERROR" or a WSA name
    int64_t errorNumber{0};          //!< return: the raw error number the implementation gave
    bool blocked{false};             //!< return: simulated time passed in the call
    std::optional<std::string> data; //!< return: bytes received, as text (recv, WSARecvDisconnect)
    std::string outputs; //!< return: the call's out-parameters, a JSON object's text ("" for none)

    // segment
    std::string direction;       //!< "tx" or "rx"
    std::string protocol;        //!< "tcp" or "udp"
    std::string flags;           //!< "SYN|ACK", "" for UDP
    uint32_t sequence{0};        //!< relative to the sender's initial sequence number
    uint32_t acknowledgement{0}; //!< relative to the receiver's initial sequence number
    uint32_t length{0};          //!< payload bytes
    std::string source;          //!< "10.0.0.1:49153"
    std::string destination;     //!< "10.0.0.2:5000"

    // tcp-state
    std::string socket; //!< the handle's name in the scenario, or ""
    std::string from;   //!< old state
    std::string to;     //!< new state

    // end
    uint64_t eventCount{0}; //!< events between header and end

    /// \return whether every field is the same
    bool operator==(const TraceEvent& other) const = default;
    /// Make the event a default-constructed one again, keeping its strings' storage.
    void Clear();

    /// \return the event as one JSON object (keys sorted, absent fields omitted)
    nlohmann::json ToJson() const;
    /// \return the event as one trace line without the newline
    std::string ToLine() const;
    /**
     * \brief Parse one trace line's JSON.
     * \param object the JSON
     * \param error set to what is wrong when parsing fails
     * \return the event, or nothing
     */
    static std::optional<TraceEvent> FromJson(const nlohmann::json& object, std::string* error);
};

} // namespace wsdsim

#endif // WSDSIM_TRACE_EVENT_H

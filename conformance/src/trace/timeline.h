// A case's trace as a timeline: calls with their returns, segments paired send -> arrival, TCP
// states.
#ifndef WSDSIM_TIMELINE_H
#define WSDSIM_TIMELINE_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trace/trace-event.h"
#include "trace/traced-call.h"

namespace wsdsim
{

/// One thing a diagram draws: an API call, a segment, or a TCP state change.
struct TimelineItem
{
    /// What the item is.
    enum class Kind
    {
        CALL,    //!< an API call and, when it returned, its return
        SEGMENT, //!< a segment: its send and, when it arrived, its arrival
        STATE,   //!< a TCP state change
    };
    Kind kind{Kind::CALL};                 //!< what it is
    size_t eventIndex{0};                  //!< index of its first event (0 = first after header)
    TraceEvent event;                      //!< the call, the tx (or lone rx) segment, the state
    std::optional<TraceEvent> completion;  //!< CALL: its return; SEGMENT: its arrival (rx)
    std::optional<size_t> completionIndex; //!< index of the completion's event
    bool lost{false};                      //!< SEGMENT: sent but never arrived
    bool arrivalOnly{false};               //!< SEGMENT: an arrival whose send is not recorded
    /// CALL: the call in the vocabulary's typed form (TracedCall(event)), decoded once for the
    /// diagram and the narration; nothing for a return whose call is not recorded
    std::optional<Call> call;
};

/// A trace read for drawing and narration.
struct Timeline
{
    TraceEvent header;                                    //!< the trace's header
    std::vector<TimelineItem> items;                      //!< in the order of their first event
    std::map<uint32_t, std::vector<std::string>> threads; //!< host -> its threads, first-seen order
    std::map<uint32_t, std::string> addresses;            //!< host -> its address, from segments
    size_t eventCount{0};                                 //!< events between header and end
    int64_t endNs{0};                                     //!< time of the last event

    /// \return "host 0 (client)", or "host 0" when it ran no thread
    std::string HostName(uint32_t host) const;
};

/**
 * \brief Read a trace (streaming, with TraceReader) into a timeline. A tx segment is paired with
 * the next rx on the other host with the same source, destination, flags, sequence number and
 * length; a tx without one is lost. A call is paired with its thread's next return of its step.
 * \param tracePath the trace \return the timeline \throws InputError for a malformed trace
 */
Timeline LoadTimeline(const std::string& tracePath);

/**
 * \brief The event of another trace of the same case that corresponds to one of this trace's
 * (to mark a divergence on the reference too): a call or return of the same step, the same
 * ordinal segment or TCP state change.
 * \param timeline the trace the event is in \param eventIndex the event
 * \param other the other trace \return its event, or nothing when it has none
 */
std::optional<size_t> CorrespondingEvent(const Timeline& timeline,
                                         size_t eventIndex,
                                         const Timeline& other);

} // namespace wsdsim

#endif // WSDSIM_TIMELINE_H

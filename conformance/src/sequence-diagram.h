// A case's trace as a timeline (calls with their returns, segments paired send -> arrival, TCP
// states) and its SVG sequence diagram.
#ifndef WSDSIM_SEQUENCE_DIAGRAM_H
#define WSDSIM_SEQUENCE_DIAGRAM_H

#include "trace-event.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// How to draw a diagram.
struct DiagramOptions
{
    std::string title;                     //!< drawn above the lifelines ("" for none)
    std::optional<size_t> divergenceEvent; //!< event index to mark as the first divergence
    std::string divergenceText;            //!< what the mark says
    bool standalone{true}; //!< an .svg file (with xmlns); false: inline in an HTML page
};

/**
 * \brief Draw a timeline as an SVG sequence diagram: a lifeline per host, API calls as boxes
 * beside their host's lifeline (blocking calls as a bar from call to return), segments as arrows
 * from send to arrival labelled with flags, seq, ack and length (a lost one ends in an X half-way),
 * TCP states as labels on the lifeline. Time runs downwards in event order; idle gaps are
 * compressed and marked on the time axis. The SVG scales down to its container (viewBox).
 * \param timeline the timeline \param options title and divergence mark
 * \return the `<svg>` element, all text escaped
 */
std::string RenderSequenceDiagram(const Timeline& timeline, const DiagramOptions& options);

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

/**
 * \brief Escape text for XML / HTML character data and attributes: & < > " ' escaped, control
 * characters shown as U+00B7, invalid UTF-8 replaced with U+FFFD.
 */
std::string MarkupEscape(std::string_view text);

/// \return a simulated time as "0.003093 s"
std::string FormatSimTime(int64_t timeNs);

/// \return a duration in the unit that reads best: "1.05 ms", "2 s", "240 s", "250 us"
std::string FormatDuration(int64_t durationNs);

} // namespace wsdsim

#endif // WSDSIM_SEQUENCE_DIAGRAM_H

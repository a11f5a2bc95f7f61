// A case's trace as a timeline (see timeline.h).
#include "trace/timeline.h"

#include <algorithm>
#include <deque>
#include <tuple>

#include "trace/trace-io.h"

namespace wsdsim
{

namespace
{

/// \return "10.0.0.1" from "10.0.0.1:49153"
std::string
AddressOf(const std::string& endpoint)
{
    const auto colon = endpoint.rfind(':');
    return colon == std::string::npos ? endpoint : endpoint.substr(0, colon);
}

/**
 * Builds a timeline one event at a time: pairs each call with its return and each sent segment
 * with its arrival, and notes each host's threads and address.
 */
class TimelineBuilder
{
  public:
    /// \param header the trace's header
    explicit TimelineBuilder(const TraceEvent& header);

    /// Add the trace's event number `index` (0 = first after the header).
    void Add(const TraceEvent& event, size_t index);

    /// \param eventCount the events added \return the timeline, its lost segments marked
    Timeline Finish(size_t eventCount);

  private:
    /// A call waiting for its return: (host, thread, step).
    using CallKey = std::tuple<uint32_t, std::string, int64_t>;
    /// A send waiting for its arrival: (proto, src, dst, flags, seq, len).
    using SegmentKey
        = std::tuple<std::string, std::string, std::string, std::string, uint32_t, uint32_t>;

    /// Add a call; its return completes it.
    void AddCall(TimelineItem item);
    /// Complete the return's call, or add it as a call that returned at once when its call is
    /// not recorded.
    void AddReturn(TimelineItem item);
    /// Add a send; its arrival completes the oldest send of the same segment (or is added
    /// alone when no send waits for it).
    void AddSegment(TimelineItem item);
    /// Note the event's thread among its host's, in first-seen order.
    void NoteThread(const TraceEvent& event);

    Timeline m_timeline;                                 //!< what is built
    std::map<CallKey, size_t> m_openCalls;               //!< calls waiting -> item
    std::map<SegmentKey, std::deque<size_t>> m_inFlight; //!< sends waiting -> items, oldest first
};

TimelineBuilder::TimelineBuilder(const TraceEvent& header)
{
    m_timeline.header = header;
}

void
TimelineBuilder::Add(const TraceEvent& event, size_t index)
{
    m_timeline.endNs = std::max(m_timeline.endNs, event.timeNs);
    TimelineItem item;
    item.eventIndex = index;
    item.event = event;
    switch (event.kind)
    {
        case EventKind::CALL:
            AddCall(std::move(item));
            break;
        case EventKind::RETURN:
            AddReturn(std::move(item));
            break;
        case EventKind::SEGMENT:
            AddSegment(std::move(item));
            break;
        case EventKind::TCP_STATE:
            item.kind = TimelineItem::Kind::STATE;
            m_timeline.items.push_back(std::move(item));
            break;
        case EventKind::HEADER:
        case EventKind::END:
            // not returned by TraceReader::Next() between header and end
            break;
    }
}

void
TimelineBuilder::AddCall(TimelineItem item)
{
    const TraceEvent& event = item.event;
    NoteThread(event);
    item.kind = TimelineItem::Kind::CALL;
    item.call = TracedCall(event);
    m_openCalls[{event.host, event.thread, event.step}] = m_timeline.items.size();
    m_timeline.items.push_back(std::move(item));
}

void
TimelineBuilder::AddReturn(TimelineItem item)
{
    const TraceEvent& event = item.event;
    NoteThread(event);
    auto it = m_openCalls.find({event.host, event.thread, event.step});
    if (it != m_openCalls.end())
    {
        m_timeline.items[it->second].completion = event;
        m_timeline.items[it->second].completionIndex = item.eventIndex;
        m_openCalls.erase(it);
        return;
    }
    // A return whose call is not recorded: drawn as a call that returned at once.
    item.kind = TimelineItem::Kind::CALL;
    item.completion = event;
    item.completionIndex = item.eventIndex;
    m_timeline.items.push_back(std::move(item));
}

void
TimelineBuilder::AddSegment(TimelineItem item)
{
    const TraceEvent& event = item.event;
    const SegmentKey key{
        event.protocol, event.source, event.destination, event.flags, event.sequence, event.length};
    item.kind = TimelineItem::Kind::SEGMENT;
    if (event.direction == "tx")
    {
        m_timeline.addresses.emplace(event.host, AddressOf(event.source));
        m_inFlight[key].push_back(m_timeline.items.size());
        m_timeline.items.push_back(std::move(item));
        return;
    }
    m_timeline.addresses.emplace(event.host, AddressOf(event.destination));
    auto it = m_inFlight.find(key);
    if (it != m_inFlight.end() && !it->second.empty())
    {
        TimelineItem& sent = m_timeline.items[it->second.front()];
        it->second.pop_front();
        sent.completion = event;
        sent.completionIndex = item.eventIndex;
        return;
    }
    item.arrivalOnly = true;
    m_timeline.items.push_back(std::move(item));
}

void
TimelineBuilder::NoteThread(const TraceEvent& event)
{
    auto& list = m_timeline.threads[event.host];
    if (std::find(list.begin(), list.end(), event.thread) == list.end())
    {
        list.push_back(event.thread);
    }
}

Timeline
TimelineBuilder::Finish(size_t eventCount)
{
    m_timeline.eventCount = eventCount;
    for (auto& item : m_timeline.items)
    {
        item.lost
            = item.kind == TimelineItem::Kind::SEGMENT && !item.arrivalOnly && !item.completion;
    }
    return std::move(m_timeline);
}

} // namespace

std::string
Timeline::HostName(uint32_t host) const
{
    std::string name = "host " + std::to_string(host);
    auto it = threads.find(host);
    if (it != threads.end() && !it->second.empty())
    {
        std::string list;
        for (const auto& thread : it->second)
        {
            list += (list.empty() ? "" : ", ") + thread;
        }
        name += " (" + list + ")";
    }
    return name;
}

Timeline
LoadTimeline(const std::string& tracePath)
{
    TraceReader reader(tracePath);
    TimelineBuilder builder(reader.Header());
    size_t index = 0;
    for (auto next = reader.Next(); next; next = reader.Next(), ++index)
    {
        builder.Add(*next, index);
    }
    return builder.Finish(index);
}

std::optional<size_t>
CorrespondingEvent(const Timeline& timeline, size_t eventIndex, const Timeline& other)
{
    std::map<TimelineItem::Kind, size_t> ordinal;
    for (const auto& item : timeline.items)
    {
        const bool isCompletion = item.completionIndex == eventIndex;
        if (item.eventIndex != eventIndex && !isCompletion)
        {
            ++ordinal[item.kind];
            continue;
        }
        size_t seen = 0;
        for (const auto& candidate : other.items)
        {
            if (candidate.kind != item.kind)
            {
                continue;
            }
            if (item.kind == TimelineItem::Kind::CALL)
            {
                if (candidate.event.step == item.event.step
                    && candidate.event.thread == item.event.thread)
                {
                    return isCompletion && candidate.completionIndex ? *candidate.completionIndex
                                                                     : candidate.eventIndex;
                }
                continue;
            }
            if (seen++ == ordinal[item.kind])
            {
                return isCompletion && candidate.completionIndex ? *candidate.completionIndex
                                                                 : candidate.eventIndex;
            }
        }
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace wsdsim

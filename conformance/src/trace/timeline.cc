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
    Timeline timeline;
    timeline.header = reader.Header();
    // calls waiting for their return: (host, thread, step) -> item
    std::map<std::tuple<uint32_t, std::string, int64_t>, size_t> openCalls;
    // sends waiting for their arrival: (proto, src, dst, flags, seq, len) -> items, oldest first
    using SegmentKey
        = std::tuple<std::string, std::string, std::string, std::string, uint32_t, uint32_t>;
    std::map<SegmentKey, std::deque<size_t>> inFlight;
    auto noteThread = [&timeline](const TraceEvent& event)
    {
        auto& list = timeline.threads[event.host];
        if (std::find(list.begin(), list.end(), event.thread) == list.end())
        {
            list.push_back(event.thread);
        }
    };

    size_t index = 0;
    for (auto next = reader.Next(); next; next = reader.Next(), ++index)
    {
        const TraceEvent& event = *next;
        timeline.endNs = std::max(timeline.endNs, event.timeNs);
        TimelineItem item;
        item.eventIndex = index;
        item.event = event;
        switch (event.kind)
        {
            case EventKind::CALL:
                noteThread(event);
                item.kind = TimelineItem::Kind::CALL;
                openCalls[{event.host, event.thread, event.step}] = timeline.items.size();
                timeline.items.push_back(std::move(item));
                break;
            case EventKind::RETURN:
            {
                noteThread(event);
                auto it = openCalls.find({event.host, event.thread, event.step});
                if (it != openCalls.end())
                {
                    timeline.items[it->second].completion = event;
                    timeline.items[it->second].completionIndex = index;
                    openCalls.erase(it);
                }
                else
                {
                    // A return whose call is not recorded: drawn as a call that returned at once.
                    item.kind = TimelineItem::Kind::CALL;
                    item.completion = event;
                    item.completionIndex = index;
                    timeline.items.push_back(std::move(item));
                }
                break;
            }
            case EventKind::SEGMENT:
            {
                const SegmentKey key{event.protocol,
                                     event.source,
                                     event.destination,
                                     event.flags,
                                     event.sequence,
                                     event.length};
                item.kind = TimelineItem::Kind::SEGMENT;
                if (event.direction == "tx")
                {
                    timeline.addresses.emplace(event.host, AddressOf(event.source));
                    inFlight[key].push_back(timeline.items.size());
                    timeline.items.push_back(std::move(item));
                    break;
                }
                timeline.addresses.emplace(event.host, AddressOf(event.destination));
                auto it = inFlight.find(key);
                if (it != inFlight.end() && !it->second.empty())
                {
                    TimelineItem& sent = timeline.items[it->second.front()];
                    it->second.pop_front();
                    sent.completion = event;
                    sent.completionIndex = index;
                    break;
                }
                item.arrivalOnly = true;
                timeline.items.push_back(std::move(item));
                break;
            }
            case EventKind::TCP_STATE:
                item.kind = TimelineItem::Kind::STATE;
                timeline.items.push_back(std::move(item));
                break;
            case EventKind::HEADER:
            case EventKind::END:
                // not returned by TraceReader::Next() between header and end
                break;
        }
    }
    timeline.eventCount = index;
    for (auto& item : timeline.items)
    {
        item.lost
            = item.kind == TimelineItem::Kind::SEGMENT && !item.arrivalOnly && !item.completion;
    }
    return timeline;
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

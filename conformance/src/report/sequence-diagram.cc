// A case's timeline drawn as an SVG sequence diagram (see sequence-diagram.h).
#include "report/sequence-diagram.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <set>
#include <sstream>
#include <tuple>

#include "common/time-text.h"
#include "report/markup.h"

namespace wsdsim
{

namespace
{

// Layout, in SVG user units (pixels at scale 1).
constexpr double kAxisWidth = 104;      //!< time axis on the left
constexpr double kBoxWidth = 290;       //!< room for call boxes beside a lifeline
constexpr double kMiddleWidth = 300;    //!< room for arrows between the lifelines
constexpr double kRightMargin = 8;      //!< after the right call boxes
constexpr double kRowHeight = 19;       //!< one event row
constexpr double kGapHeight = 24;       //!< extra room marking a compressed idle gap
constexpr double kCharWidth = 6.65;     //!< 11 px monospace advance
constexpr double kSmallCharWidth = 5.8; //!< 9.5 px monospace advance
constexpr int64_t kGapNs = 20'000'000;  //!< gaps at least this long are compressed and marked

/// The style of every diagram; scoped to .seq so that several diagrams share a page.
constexpr const char* kSvgStyle
    = ".seq text{font:11px 'DejaVu Sans Mono',ui-monospace,Menlo,Consolas,monospace;fill:#1f2328}"
      ".seq .title{font-weight:bold;font-size:12px}"
      ".seq .lifeline{stroke:#6e7781;stroke-width:1.5;stroke-dasharray:5 3}"
      ".seq .host rect{fill:#ddf4ff;stroke:#0969da}.seq .host text{text-anchor:middle}"
      ".seq .host .name{font-weight:bold}"
      ".seq .call rect{fill:#f6f8fa;stroke:#afb8c1}"
      ".seq .call.err rect{fill:#ffebe9;stroke:#cf222e}.seq .call.err text{fill:#a40e26}"
      ".seq .call rect.bar{fill:#0969da;fill-opacity:.55;stroke:none}"
      ".seq .call rect.bar.open{fill-opacity:.2}"
      ".seq .arrow line{stroke:#24292f;stroke-width:1.3}.seq .arrow polygon{fill:#24292f}"
      ".seq .arrow.fin line{stroke:#8250df}.seq .arrow.fin polygon{fill:#8250df}"
      ".seq .arrow.rst line{stroke:#cf222e;stroke-width:2}.seq .arrow.rst polygon{fill:#cf222e}"
      ".seq .arrow.syn line{stroke:#1a7f37}.seq .arrow.syn polygon{fill:#1a7f37}"
      ".seq .arrow text,.seq .lost text{font-size:10px;text-anchor:middle}"
      ".seq rect.label{fill:#fff;fill-opacity:.88;stroke:none}"
      ".seq .lost line{stroke:#cf222e;stroke-width:1.3;stroke-dasharray:5 3}"
      ".seq .lost path{stroke:#cf222e;stroke-width:2.2;fill:none}.seq .lost text{fill:#a40e26}"
      ".seq .state rect{fill:#fff8c5;stroke:#d4a72c}"
      ".seq .state text{font-size:9.5px;text-anchor:middle;fill:#7d4e00}"
      ".seq .axis text{fill:#59636e;font-size:10px;text-anchor:end}"
      ".seq .axis line{stroke:#d1d9e0}"
      ".seq .gap text{fill:#59636e;font-style:italic;font-size:10px}"
      ".seq .gap path{stroke:#8c959f;fill:none}"
      ".seq .divergence rect{fill:#ffebe9;stroke:#cf222e;stroke-dasharray:3 2}"
      ".seq .divergence text{fill:#a40e26;font-weight:bold;font-size:10px}"
      ".seq .legend text{fill:#59636e;font-size:10px}";

/// \return the number of code points in UTF-8 text (for width estimates)
size_t
CodePoints(std::string_view text)
{
    size_t count = 0;
    for (const char c : text)
    {
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return count;
}

/// \return text cut to at most `limit` code points, "…" marking a cut
std::string
Clip(std::string_view text, size_t limit)
{
    if (CodePoints(text) <= limit)
    {
        return std::string(text);
    }
    std::string out;
    size_t count = 0;
    for (size_t i = 0; i < text.size(); ++i)
    {
        const bool start = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
        if (start && ++count > (limit > 0 ? limit - 1 : 0))
        {
            break;
        }
        out += text[i];
    }
    return out + "\u2026";
}

/// \return a segment's label: "FIN|ACK seq 1 ack 1 len 7", "UDP len 12"
std::string
SegmentLabel(const TraceEvent& segment)
{
    if (segment.protocol == "udp")
    {
        return "UDP len " + std::to_string(segment.length);
    }
    std::string label = segment.flags.empty() ? "(no flags)" : segment.flags;
    label += " seq " + std::to_string(segment.sequence);
    if (segment.flags.find("ACK") != std::string::npos)
    {
        label += " ack " + std::to_string(segment.acknowledgement);
    }
    return label + " len " + std::to_string(segment.length);
}

/// \return the arrow's class: what kind of segment it is
std::string
SegmentClass(const TraceEvent& segment)
{
    if (segment.flags.find("RST") != std::string::npos)
    {
        return "rst";
    }
    if (segment.flags.find("FIN") != std::string::npos)
    {
        return "fin";
    }
    if (segment.flags.find("SYN") != std::string::npos)
    {
        return "syn";
    }
    return "data";
}

/// \return a return's result as drawn: "0", "-1 WSAECONNRESET", "7 \"request\""
std::string
ResultText(const TraceEvent& ret)
{
    std::string text = std::to_string(ret.result);
    if (ret.error != "NO_ERROR" && !ret.error.empty())
    {
        text += " " + ret.error;
    }
    if (ret.data && !ret.data->empty())
    {
        text += " \"" + Clip(*ret.data, 12) + "\"";
    }
    return text;
}

/// Builds the SVG text.
class SvgBuilder
{
  public:
    /// Open a group with a class and a tooltip.
    void Open(const std::string& cls, const std::string& tooltip = "")
    {
        m_out << "<g class=\"" << cls << "\">";
        if (!tooltip.empty())
        {
            m_out << "<title>" << MarkupEscape(tooltip) << "</title>";
        }
    }
    /// Close a group.
    void Close()
    {
        m_out << "</g>\n";
    }
    /// A line.
    void Line(double x1, double y1, double x2, double y2, const std::string& cls = "")
    {
        m_out << "<line" << (cls.empty() ? "" : " class=\"" + cls + "\"") << " x1=\""
              << FormatNumber(x1) << "\" y1=\"" << FormatNumber(y1) << "\" x2=\""
              << FormatNumber(x2) << "\" y2=\"" << FormatNumber(y2) << "\"/>";
    }
    /// A rectangle.
    void Rect(double x, double y, double w, double h, const std::string& cls = "", double r = 3)
    {
        m_out << "<rect" << (cls.empty() ? "" : " class=\"" + cls + "\"") << " x=\""
              << FormatNumber(x) << "\" y=\"" << FormatNumber(y) << "\" width=\"" << FormatNumber(w)
              << "\" height=\"" << FormatNumber(h) << "\" rx=\"" << FormatNumber(r) << "\"/>";
    }
    /// Text; anchor is "start", "middle" or "end" ("" leaves it to the style).
    void Text(double x,
              double y,
              std::string_view text,
              const std::string& anchor = "",
              const std::string& cls = "")
    {
        m_out << "<text" << (cls.empty() ? "" : " class=\"" + cls + "\"") << " x=\""
              << FormatNumber(x) << "\" y=\"" << FormatNumber(y) << "\""
              << (anchor.empty() ? "" : " text-anchor=\"" + anchor + "\"") << ">"
              << MarkupEscape(text) << "</text>";
    }
    /// Raw markup (already escaped).
    void Raw(const std::string& markup)
    {
        m_out << markup;
    }
    /// \return the markup so far
    std::string Str() const
    {
        return m_out.str();
    }

  private:
    std::ostringstream m_out; //!< the markup
};

/// An arrowhead at (x2, y2) pointing away from (x1, y1).
std::string
ArrowHead(double x1, double y1, double x2, double y2)
{
    const double dx = x2 - x1;
    const double dy = y2 - y1;
    const double length = std::max(1e-6, std::sqrt(dx * dx + dy * dy));
    const double ux = dx / length;
    const double uy = dy / length;
    const double bx = x2 - 9 * ux;
    const double by = y2 - 9 * uy;
    return "<polygon points=\"" + FormatNumber(x2) + "," + FormatNumber(y2) + " "
           + FormatNumber(bx - 4 * uy) + "," + FormatNumber(by + 4 * ux) + " "
           + FormatNumber(bx + 4 * uy) + "," + FormatNumber(by - 4 * ux) + "\"/>";
}

} // namespace

std::string
RenderSequenceDiagram(const Timeline& timeline, const DiagramOptions& options)
{
    // Rows: one per drawn event, in event order. A call that returns at once, without
    // blocking, is one row; its return event shares the call's row.
    std::map<size_t, int64_t> rowEvents; // event index -> time
    std::map<size_t, size_t> sharedRow;  // merged event index -> the event index whose row it uses
    for (const auto& item : timeline.items)
    {
        rowEvents[item.eventIndex] = item.event.timeNs;
        if (!item.completionIndex)
        {
            continue;
        }
        // (a real implementation's non-blocking call takes a little real time: still one row)
        const bool merged = item.kind == TimelineItem::Kind::CALL && !item.completion->blocked;
        if (merged)
        {
            sharedRow[*item.completionIndex] = item.eventIndex;
        }
        else
        {
            rowEvents[*item.completionIndex] = item.completion->timeNs;
        }
    }

    constexpr double kTitleHeight = 22;
    const double hostTop = options.title.empty() ? 8 : kTitleHeight + 6;
    const double hostHeight = 36;
    const double firstRow = hostTop + hostHeight + 22;
    const double lifeline[2] = {kAxisWidth + kBoxWidth, kAxisWidth + kBoxWidth + kMiddleWidth};
    const double width = lifeline[1] + kBoxWidth + kRightMargin;

    struct Gap
    {
        double y;
        int64_t durationNs;
    };
    std::map<size_t, double> rowY; // event index -> y of its row's centre
    std::vector<Gap> gaps;
    std::vector<std::pair<double, int64_t>> timeLabels;
    double y = firstRow;
    bool first = true;
    int64_t previousTime = 0;
    for (const auto& [eventIndex, timeNs] : rowEvents)
    {
        if (!first)
        {
            y += kRowHeight;
            if (timeNs - previousTime >= kGapNs)
            {
                gaps.push_back({y + kGapHeight / 2 - kRowHeight / 2, timeNs - previousTime});
                y += kGapHeight;
            }
        }
        if (first || FormatSimTime(timeNs) != FormatSimTime(previousTime))
        {
            timeLabels.emplace_back(y, timeNs);
        }
        rowY[eventIndex] = y;
        previousTime = timeNs;
        first = false;
    }
    for (const auto& [merged, owner] : sharedRow)
    {
        rowY[merged] = rowY[owner];
    }
    const double lastRow = first ? firstRow : y;
    const double bottom = lastRow + kRowHeight;
    const double legendY = bottom + 30;
    const double height = legendY + 14;
    auto rowOf = [&rowY](size_t eventIndex)
    {
        return rowY.at(eventIndex);
    };

    SvgBuilder svg;
    // HTML5 needs no namespace on inline SVG (and the report names no external address)
    svg.Raw(std::string(options.standalone ? "<svg xmlns=\"http://www.w3.org/2000/svg\"" : "<svg")
            + " class=\"seq\" viewBox=\"0 0 " + FormatNumber(width) + " " + FormatNumber(height)
            + "\" width=\"" + FormatNumber(width) + "\" height=\"" + FormatNumber(height)
            + "\" role=\"img\" aria-label=\""
            + MarkupEscape("Sequence diagram of " + timeline.header.caseId + " ("
                           + timeline.header.implementation + ")")
            + "\" data-case=\"" + MarkupEscape(timeline.header.caseId) + "\">\n<style>" + kSvgStyle
            + "</style>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    if (!options.title.empty())
    {
        svg.Text(8, 16, Clip(options.title, static_cast<size_t>(width / 7.4)), "start", "title");
        svg.Raw("\n");
    }

    // the first divergence, drawn first so that everything else lies above it
    if (options.divergenceEvent)
    {
        auto it = rowY.lower_bound(*options.divergenceEvent);
        const double markY = it == rowY.end() ? bottom : it->second;
        svg.Open("divergence", "first divergence: " + options.divergenceText);
        svg.Rect(2, markY - kRowHeight / 2, width - 4, kRowHeight, "", 2);
        // in the middle, where only arrows pass, so that it covers neither times nor calls
        const std::string markText
            = it == rowY.end() ? "\u25b6 diverges: the trace ends" : "\u25b6 first divergence";
        const double markWidth = static_cast<double>(CodePoints(markText)) * 6.1 + 8;
        const double middle = (lifeline[0] + lifeline[1]) / 2;
        svg.Rect(middle - markWidth / 2, markY - 7, markWidth, 14, "", 2);
        svg.Text(middle, markY + 4, markText, "middle");
        svg.Close();
    }

    // time axis
    svg.Open("axis");
    svg.Text(kAxisWidth - 8, firstRow - 22, "time \u2193", "end");
    svg.Text(kAxisWidth - 8, firstRow - 10, "(simulated)", "end");
    for (const auto& [labelY, timeNs] : timeLabels)
    {
        svg.Line(kAxisWidth - 4, labelY, width - kRightMargin, labelY);
        svg.Text(kAxisWidth - 8, labelY + 4, FormatSimTime(timeNs), "end");
    }
    svg.Close();
    for (const auto& gap : gaps)
    {
        svg.Open("gap",
                 "nothing happens for " + FormatDuration(gap.durationNs)
                     + ": the gap is compressed");
        const double gy = gap.y;
        for (double x : {lifeline[0], lifeline[1]})
        {
            svg.Raw("<path d=\"M" + FormatNumber(x - 7) + " " + FormatNumber(gy - 1) + " l14 -5 M"
                    + FormatNumber(x - 7) + " " + FormatNumber(gy + 5) + " l14 -5\"/>");
        }
        svg.Text(kAxisWidth - 8, gy + 4, "\u22ee +" + FormatDuration(gap.durationNs), "end");
        svg.Close();
    }

    // lifelines and host headers
    for (uint32_t host = 0; host < 2; ++host)
    {
        const double x = lifeline[host];
        svg.Open("lifeline-group host-" + std::to_string(host), timeline.HostName(host));
        svg.Line(x, hostTop + hostHeight, x, bottom, "lifeline");
        svg.Close();
        svg.Open("host");
        svg.Rect(x - 110, hostTop, 220, hostHeight);
        svg.Text(x, hostTop + 15, Clip(timeline.HostName(host), 30), "", "name");
        auto address = timeline.addresses.find(host);
        svg.Text(x,
                 hostTop + 29,
                 address != timeline.addresses.end()
                     ? address->second
                     : std::string(host == 0 ? "10.0.0.1" : "10.0.0.2"),
                 "");
        svg.Close();
    }

    auto threadIndex = [&timeline](uint32_t host, const std::string& thread) -> size_t
    {
        auto it = timeline.threads.find(host);
        if (it == timeline.threads.end())
        {
            return 0;
        }
        auto found = std::find(it->second.begin(), it->second.end(), thread);
        return found == it->second.end() ? 0 : static_cast<size_t>(found - it->second.begin());
    };
    auto threadCount = [&timeline](uint32_t host) -> size_t
    {
        auto it = timeline.threads.find(host);
        return it == timeline.threads.end() ? 1 : std::max<size_t>(1, it->second.size());
    };
    // A call box beside a lifeline: left of host 0's, right of host 1's.
    auto callBox = [&](uint32_t host, double boxY, const std::string& text)
    {
        const double offset = 16 + 7 * static_cast<double>(threadCount(host) - 1);
        const size_t limit = static_cast<size_t>((kBoxWidth - offset - 12) / kCharWidth);
        const std::string shown = Clip(text, limit);
        const double boxWidth = static_cast<double>(CodePoints(shown)) * kCharWidth + 8;
        const double x = host == 0 ? lifeline[0] - offset - boxWidth : lifeline[1] + offset;
        svg.Rect(x, boxY - 8, boxWidth, 16);
        svg.Text(x + 4, boxY + 4, shown, "start");
    };

    // A segment's label on a white ground, so that crossing arrows do not hide it. In a burst of
    // segments the labels would pile up: a label that would cover one already drawn moves along
    // its arrow, or is left out (the arrow's tooltip still has it).
    struct Box
    {
        double left, top, right, bottom;
    };
    std::vector<Box> placed;
    auto label
        = [&placed](
              SvgBuilder& out, double x1, double y1, double x2, double y2, const std::string& text)
    {
        const double labelWidth = static_cast<double>(CodePoints(text)) * 6.05 + 6;
        for (const double share : {0.5, 0.3, 0.7, 0.15, 0.85})
        {
            const double x = x1 + (x2 - x1) * share;
            const double baseline = y1 + (y2 - y1) * share - 4;
            const Box box{x - labelWidth / 2, baseline - 9, x + labelWidth / 2, baseline + 3};
            const bool overlaps
                = std::any_of(placed.begin(),
                              placed.end(),
                              [&box](const Box& other)
                              {
                                  return box.left < other.right && other.left < box.right
                                         && box.top < other.bottom && other.top < box.bottom;
                              });
            if (!overlaps)
            {
                placed.push_back(box);
                out.Rect(box.left, box.top, labelWidth, 12, "label", 2);
                out.Text(x, baseline, text, "middle");
                return;
            }
        }
    };
    for (const auto& item : timeline.items)
    {
        const uint32_t host = std::min<uint32_t>(item.event.host, 1);
        switch (item.kind)
        {
            case TimelineItem::Kind::CALL:
            {
                const TraceEvent& call = item.event;
                const auto& ret = item.completion;
                const bool isReturnOnly = call.kind == EventKind::RETURN;
                const std::string prefix
                    = threadCount(host) > 1 ? call.thread + ": " : std::string();
                const std::string signature
                    = call.call + "(" + (isReturnOnly ? std::string("?") : call.arguments) + ")";
                const bool failed = ret && ret->error != "NO_ERROR" && !ret->error.empty();
                std::string tooltip = call.thread + " calls " + signature;
                if (ret)
                {
                    tooltip += " -> " + ResultText(*ret) + (ret->blocked ? " (blocked " : " (at ")
                               + FormatDuration(ret->timeNs - call.timeNs)
                               + (ret->blocked ? ")" : ")");
                }
                else
                {
                    tooltip += ": never returned";
                }
                svg.Open(std::string("call") + (failed ? " err" : "") + " host-"
                             + std::to_string(host),
                         tooltip);
                const double callY = rowOf(item.eventIndex);
                const bool sameRow = ret && rowOf(*item.completionIndex) == callY;
                if (sameRow)
                {
                    // "closesocket(s=0x100) = 0": the arguments give way to the result
                    const std::string result = " = " + ResultText(*ret);
                    const double offset = 16 + 7 * static_cast<double>(threadCount(host) - 1);
                    const size_t limit
                        = static_cast<size_t>((kBoxWidth - offset - 12) / kCharWidth);
                    const size_t fixed = CodePoints(prefix + call.call + "()" + result);
                    const std::string arguments
                        = isReturnOnly ? "?"
                                       : Clip(call.arguments, fixed < limit ? limit - fixed : 1);
                    callBox(host, callY, prefix + call.call + "(" + arguments + ")" + result);
                }
                else
                {
                    // a blocking call: a bar on the lifeline from call to return
                    const double returnY = ret ? rowOf(*item.completionIndex) : bottom;
                    const double barOffset
                        = 6 + 7 * static_cast<double>(threadIndex(host, call.thread));
                    const double barX
                        = host == 0 ? lifeline[0] - barOffset - 6 : lifeline[1] + barOffset;
                    svg.Rect(barX, callY - 6, 6, returnY - callY + 12, ret ? "bar" : "bar open", 1);
                    callBox(host,
                            callY,
                            prefix + signature + (ret ? " \u2026" : " \u2026 never returns"));
                    if (ret)
                    {
                        callBox(host,
                                returnY,
                                prefix + "\u21b3 " + call.call + " = " + ResultText(*ret)
                                    + " after " + FormatDuration(ret->timeNs - call.timeNs));
                    }
                }
                svg.Close();
                break;
            }
            case TimelineItem::Kind::SEGMENT:
            {
                const TraceEvent& segment = item.event;
                const std::string segmentLabel = SegmentLabel(segment);
                const double fromX = item.arrivalOnly ? lifeline[1 - host] : lifeline[host];
                const double toX = item.arrivalOnly ? lifeline[host] : lifeline[1 - host];
                const double fromY = rowOf(item.eventIndex);
                if (item.lost)
                {
                    svg.Open("lost host-" + std::to_string(host),
                             "host " + std::to_string(segment.host) + " sends " + segmentLabel
                                 + " at " + FormatSimTime(segment.timeNs)
                                 + "; it never arrives (lost)");
                    const double endX = (fromX + toX) / 2;
                    const double endY = fromY + kRowHeight * 1.5;
                    svg.Line(fromX, fromY, endX, endY);
                    svg.Raw("<path d=\"M" + FormatNumber(endX - 6) + " " + FormatNumber(endY - 6)
                            + " l12 12 M" + FormatNumber(endX - 6) + " " + FormatNumber(endY + 6)
                            + " l12 -12\"/>");
                    label(svg, fromX, fromY, endX, endY, segmentLabel);
                    svg.Text(endX + (toX > fromX ? 26 : -26), endY + 4, "lost", "middle");
                    svg.Close();
                    break;
                }
                const double toY = item.arrivalOnly ? fromY : rowOf(*item.completionIndex);
                std::string tooltip = "host " + std::to_string(1 - host) + "\u2192"
                                      + std::to_string(host) + " " + segmentLabel;
                if (!item.arrivalOnly)
                {
                    tooltip = "host " + std::to_string(host) + " \u2192 host "
                              + std::to_string(item.completion->host) + ": " + segmentLabel
                              + ", sent at " + FormatSimTime(segment.timeNs) + ", arrives at "
                              + FormatSimTime(item.completion->timeNs);
                }
                else
                {
                    tooltip += ", arrives at " + FormatSimTime(segment.timeNs)
                               + " (its send is not in the trace)";
                }
                svg.Open("arrow " + SegmentClass(segment) + " host-" + std::to_string(host),
                         tooltip);
                svg.Line(fromX, fromY, toX, toY);
                svg.Raw(ArrowHead(fromX, fromY, toX, toY));
                label(svg, fromX, fromY, toX, toY, segmentLabel);
                svg.Close();
                break;
            }
            case TimelineItem::Kind::STATE:
            {
                const TraceEvent& state = item.event;
                const double stateY = rowOf(item.eventIndex);
                svg.Open(
                    "state host-" + std::to_string(host),
                    "host " + std::to_string(state.host) + " TCP"
                        + (state.socket.empty() ? std::string() : " (socket " + state.socket + ")")
                        + ": " + state.from + " \u2192 " + state.to + " at "
                        + FormatSimTime(state.timeNs));
                const double stateWidth
                    = static_cast<double>(CodePoints(state.to)) * kSmallCharWidth + 10;
                svg.Rect(lifeline[host] - stateWidth / 2, stateY - 7, stateWidth, 14, "", 7);
                svg.Text(lifeline[host], stateY + 3.5, state.to, "");
                svg.Close();
                break;
            }
        }
    }

    svg.Open("legend");
    svg.Text(8,
             legendY,
             "Rows in event order, gaps \u2265 " + FormatDuration(kGapNs)
                 + " compressed (\u22ee). Arrow: segment from send to arrival; \u2715 lost; "
                   "bar: blocking call; yellow: TCP state.",
             "start");
    svg.Close();
    svg.Raw("</svg>\n");
    return svg.Str();
}

} // namespace wsdsim

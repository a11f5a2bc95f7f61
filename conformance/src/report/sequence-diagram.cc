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
#include "report/call-meaning.h"
#include "report/markup.h"
#include "trace/traced-call.h"

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
    // The notification a call brings: "FD_CLOSE(0)", "POLLHUP|POLLWRNORM", "read[c]", "ov bytes 0"
    const std::string outputs = OutputsText(ret);
    if (!outputs.empty())
    {
        text += " " + Clip(outputs, 40);
    }
    return text;
}

/// Builds the SVG text, appending to one string (a report draws every case: no stream, no
/// string per number).
class SvgBuilder
{
  public:
    /// Open a group with a class and a tooltip.
    void Open(const std::string& cls, const std::string& tooltip = "")
    {
        m_out += "<g class=\"";
        m_out += cls;
        m_out += "\">";
        if (!tooltip.empty())
        {
            m_out += "<title>";
            AppendMarkupEscaped(m_out, tooltip);
            m_out += "</title>";
        }
    }
    /// Close a group.
    void Close()
    {
        m_out += "</g>\n";
    }
    /// A line.
    void Line(double x1, double y1, double x2, double y2, const std::string& cls = "")
    {
        m_out += "<line";
        Class(cls);
        Number(" x1=\"", x1);
        Number("\" y1=\"", y1);
        Number("\" x2=\"", x2);
        Number("\" y2=\"", y2);
        m_out += "\"/>";
    }
    /// A rectangle.
    void Rect(double x, double y, double w, double h, const std::string& cls = "", double r = 3)
    {
        m_out += "<rect";
        Class(cls);
        Number(" x=\"", x);
        Number("\" y=\"", y);
        Number("\" width=\"", w);
        Number("\" height=\"", h);
        Number("\" rx=\"", r);
        m_out += "\"/>";
    }
    /// Text; anchor is "start", "middle" or "end" ("" leaves it to the style).
    void Text(double x,
              double y,
              std::string_view text,
              const std::string& anchor = "",
              const std::string& cls = "")
    {
        m_out += "<text";
        Class(cls);
        Number(" x=\"", x);
        Number("\" y=\"", y);
        m_out += '"';
        if (!anchor.empty())
        {
            m_out += " text-anchor=\"";
            m_out += anchor;
            m_out += '"';
        }
        m_out += '>';
        AppendMarkupEscaped(m_out, text);
        m_out += "</text>";
    }
    /// Raw markup (already escaped).
    void Raw(std::string_view markup)
    {
        m_out += markup;
    }
    /// \return the markup so far
    const std::string& Str() const
    {
        return m_out;
    }

  private:
    /// Append ` class="cls"`, or nothing for no class.
    void Class(const std::string& cls)
    {
        if (!cls.empty())
        {
            m_out += " class=\"";
            m_out += cls;
            m_out += '"';
        }
    }
    /// Append some markup and a number after it.
    void Number(const char* before, double value)
    {
        m_out += before;
        AppendNumber(m_out, value);
    }

    std::string m_out; //!< the markup
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

/// A call's texts, worked out once for its boxes and its tooltip: decoding its arguments and its
/// return's out-parameters is the dearest part of drawing a call.
struct CallTexts
{
    std::string arguments; //!< "s=c, how=SD_SEND"; "?" when the trace holds only the return
    std::string result;    //!< its return as drawn (ResultText); "" when it never returned
};

/// \return a call's texts: its arguments in the vocabulary's words, the same for every
/// implementation (a return whose call is not recorded has none to show), and its result
CallTexts
CallTextsOf(const TimelineItem& item)
{
    const TraceEvent& call = item.event;
    const std::optional<TraceEvent>& ret = item.completion;
    // the arguments first, the result second: the order the tooltip worked them out in
    CallTexts texts{"?", ""};
    if (call.kind == EventKind::CALL)
    {
        const std::string signature = TracedCallSignature(call, item.call);
        const size_t open = signature.find('(');
        texts.arguments = signature.substr(open + 1, signature.size() - open - 2);
    }
    if (ret)
    {
        texts.result = ResultText(*ret);
    }
    return texts;
}

/**
 * \return a call as its box names it, "closesocket(s=0x100)": the call's name and its arguments
 * (CallTexts::arguments), the arguments cut so that the whole takes at most `room` code points
 * (at least one argument character is kept)
 */
std::string
CallSignature(const TraceEvent& call, const std::string& arguments, size_t room = std::string::npos)
{
    const size_t frame = CodePoints(call.call) + 2; // the name, "(" and ")"
    return call.call + "(" + Clip(arguments, frame < room ? room - frame : 1) + ")";
}

/// \return a call's tooltip: who called what, and what came back when
std::string
CallTooltip(const TraceEvent& call, const CallTexts& texts, const std::optional<TraceEvent>& ret)
{
    std::string tooltip = call.thread + " calls " + CallSignature(call, texts.arguments);
    if (ret)
    {
        tooltip += " -> " + texts.result + (ret->blocked ? " (blocked " : " (at ")
                   + FormatDuration(ret->timeNs - call.timeNs) + (ret->blocked ? ")" : ")");
    }
    else
    {
        tooltip += ": never returned";
    }
    return tooltip;
}

/// \return a state change's tooltip: the host, the socket, old and new state, and when
std::string
StateTooltip(const TraceEvent& state)
{
    return "host " + std::to_string(state.host) + " TCP"
           + (state.socket.empty() ? std::string() : " (socket " + state.socket + ")") + ": "
           + state.from + " \u2192 " + state.to + " at " + FormatSimTime(state.timeNs);
}

/// \return a segment arrow's tooltip: from which host to which, and when it was sent and arrived
std::string
SegmentTooltip(const TimelineItem& item, uint32_t host, const std::string& segmentLabel)
{
    const TraceEvent& segment = item.event;
    if (item.arrivalOnly)
    {
        return "host " + std::to_string(1 - host) + "\u2192" + std::to_string(host) + " "
               + segmentLabel + ", arrives at " + FormatSimTime(segment.timeNs)
               + " (its send is not in the trace)";
    }
    return "host " + std::to_string(host) + " \u2192 host " + std::to_string(item.completion->host)
           + ": " + segmentLabel + ", sent at " + FormatSimTime(segment.timeNs) + ", arrives at "
           + FormatSimTime(item.completion->timeNs);
}

// ---------------------------------------------------------------------------------------------
// Layout: where the hosts, the lifelines and each event's row lie
// ---------------------------------------------------------------------------------------------

/// A compressed idle gap on the time axis.
struct Gap
{
    double m_y;           //!< where it is marked
    int64_t m_durationNs; //!< how long nothing happened
};

/// Where everything in a diagram lies, in SVG user units.
struct DiagramLayout
{
    double m_hostTop{0};                                  //!< top of the host headers
    double m_hostHeight{36};                              //!< height of a host header
    double m_firstRow{0};                                 //!< centre of the first event row
    double m_lifeline[2]{0, 0};                           //!< x of host 0's and host 1's lifeline
    double m_width{0};                                    //!< of the whole diagram
    std::map<size_t, double> m_rowY;                      //!< event index -> y of its row's centre
    std::vector<Gap> m_gaps;                              //!< compressed idle gaps
    std::vector<std::pair<double, int64_t>> m_timeLabels; //!< y and time of the axis labels
    double m_bottom{0};                                   //!< where the lifelines end
    double m_legendY{0};                                  //!< baseline of the legend
    double m_height{0};                                   //!< of the whole diagram

    /// \return the y of an event's row
    double RowOf(size_t eventIndex) const
    {
        return m_rowY.at(eventIndex);
    }
};

/// The events that get a row, before the rows are placed.
struct RowEvents
{
    std::map<size_t, int64_t> m_times; //!< event index -> time, for each event with its own row
    std::map<size_t, size_t> m_shared; //!< merged event index -> the event whose row it uses
};

/**
 * \return the rows: one per drawn event, in event order. A call that returns at once, without
 * blocking, is one row; its return event shares the call's row.
 */
RowEvents
CollectRowEvents(const Timeline& timeline)
{
    RowEvents rows;
    for (const auto& item : timeline.items)
    {
        rows.m_times[item.eventIndex] = item.event.timeNs;
        if (!item.completionIndex)
        {
            continue;
        }
        // (a real implementation's non-blocking call takes a little real time: still one row)
        const bool merged = item.kind == TimelineItem::Kind::CALL && !item.completion->blocked;
        if (merged)
        {
            rows.m_shared[*item.completionIndex] = item.eventIndex;
        }
        else
        {
            rows.m_times[*item.completionIndex] = item.completion->timeNs;
        }
    }
    return rows;
}

/**
 * Place the rows from the first one down: a row per event, an idle gap of kGapNs or more
 * compressed and marked, a time label where the printed time changes; then the bottom, the
 * legend and the height below the last row.
 */
void
PlaceRows(const RowEvents& rows, DiagramLayout& layout)
{
    double y = layout.m_firstRow;
    bool first = true;
    int64_t previousTime = 0;
    for (const auto& [eventIndex, timeNs] : rows.m_times)
    {
        if (!first)
        {
            y += kRowHeight;
            if (timeNs - previousTime >= kGapNs)
            {
                layout.m_gaps.push_back(
                    {y + kGapHeight / 2 - kRowHeight / 2, timeNs - previousTime});
                y += kGapHeight;
            }
        }
        if (first || FormatSimTime(timeNs) != FormatSimTime(previousTime))
        {
            layout.m_timeLabels.emplace_back(y, timeNs);
        }
        layout.m_rowY[eventIndex] = y;
        previousTime = timeNs;
        first = false;
    }
    for (const auto& [merged, owner] : rows.m_shared)
    {
        layout.m_rowY[merged] = layout.m_rowY[owner];
    }
    const double lastRow = first ? layout.m_firstRow : y;
    layout.m_bottom = lastRow + kRowHeight;
    layout.m_legendY = layout.m_bottom + 30;
    layout.m_height = layout.m_legendY + 14;
}

/// \return the layout of a timeline's diagram
DiagramLayout
LayOut(const Timeline& timeline, const DiagramOptions& options)
{
    constexpr double kTitleHeight = 22;
    DiagramLayout layout;
    layout.m_hostTop = options.title.empty() ? 8 : kTitleHeight + 6;
    layout.m_firstRow = layout.m_hostTop + layout.m_hostHeight + 22;
    layout.m_lifeline[0] = kAxisWidth + kBoxWidth;
    layout.m_lifeline[1] = kAxisWidth + kBoxWidth + kMiddleWidth;
    layout.m_width = layout.m_lifeline[1] + kBoxWidth + kRightMargin;
    PlaceRows(CollectRowEvents(timeline), layout);
    return layout;
}

// ---------------------------------------------------------------------------------------------
// Drawing: the frame, then the items, then the legend
// ---------------------------------------------------------------------------------------------

/// Draw the opening `<svg>` element, the style, the white ground and the title.
void
DrawOpening(SvgBuilder& svg,
            const Timeline& timeline,
            const DiagramOptions& options,
            const DiagramLayout& layout)
{
    const double width = layout.m_width;
    const double height = layout.m_height;
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
}

/// Draw the mark of the first divergence (first, so that everything else lies above it).
void
DrawDivergenceMark(SvgBuilder& svg, const DiagramOptions& options, const DiagramLayout& layout)
{
    if (!options.divergenceEvent)
    {
        return;
    }
    auto it = layout.m_rowY.lower_bound(*options.divergenceEvent);
    const bool traceEnds = it == layout.m_rowY.end();
    const double markY = traceEnds ? layout.m_bottom : it->second;
    svg.Open("divergence", "first divergence: " + options.divergenceText);
    svg.Rect(2, markY - kRowHeight / 2, layout.m_width - 4, kRowHeight, "", 2);
    // in the middle, where only arrows pass, so that it covers neither times nor calls
    const std::string markText
        = traceEnds ? "\u25b6 diverges: the trace ends" : "\u25b6 first divergence";
    const double markWidth = static_cast<double>(CodePoints(markText)) * 6.1 + 8;
    const double middle = (layout.m_lifeline[0] + layout.m_lifeline[1]) / 2;
    svg.Rect(middle - markWidth / 2, markY - 7, markWidth, 14, "", 2);
    svg.Text(middle, markY + 4, markText, "middle");
    svg.Close();
}

/// Draw the time axis: its caption, and a time label with a rule at each labelled row.
void
DrawTimeAxis(SvgBuilder& svg, const DiagramLayout& layout)
{
    svg.Open("axis");
    svg.Text(kAxisWidth - 8, layout.m_firstRow - 22, "time \u2193", "end");
    svg.Text(kAxisWidth - 8, layout.m_firstRow - 10, "(simulated)", "end");
    for (const auto& [labelY, timeNs] : layout.m_timeLabels)
    {
        svg.Line(kAxisWidth - 4, labelY, layout.m_width - kRightMargin, labelY);
        svg.Text(kAxisWidth - 8, labelY + 4, FormatSimTime(timeNs), "end");
    }
    svg.Close();
}

/// Draw each compressed idle gap: a break across both lifelines and its duration on the axis.
void
DrawGaps(SvgBuilder& svg, const DiagramLayout& layout)
{
    for (const auto& gap : layout.m_gaps)
    {
        svg.Open("gap",
                 "nothing happens for " + FormatDuration(gap.m_durationNs)
                     + ": the gap is compressed");
        const double gy = gap.m_y;
        for (double x : {layout.m_lifeline[0], layout.m_lifeline[1]})
        {
            svg.Raw("<path d=\"M" + FormatNumber(x - 7) + " " + FormatNumber(gy - 1) + " l14 -5 M"
                    + FormatNumber(x - 7) + " " + FormatNumber(gy + 5) + " l14 -5\"/>");
        }
        svg.Text(kAxisWidth - 8, gy + 4, "\u22ee +" + FormatDuration(gap.m_durationNs), "end");
        svg.Close();
    }
}

/// Draw the two lifelines and the host headers above them (name and address).
void
DrawHosts(SvgBuilder& svg, const Timeline& timeline, const DiagramLayout& layout)
{
    const double hostTop = layout.m_hostTop;
    const double hostHeight = layout.m_hostHeight;
    for (uint32_t host = 0; host < 2; ++host)
    {
        const double x = layout.m_lifeline[host];
        svg.Open("lifeline-group host-" + std::to_string(host), timeline.HostName(host));
        svg.Line(x, hostTop + hostHeight, x, layout.m_bottom, "lifeline");
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
}

/// Draw the legend below the diagram.
void
DrawLegend(SvgBuilder& svg, const DiagramLayout& layout)
{
    svg.Open("legend");
    svg.Text(8,
             layout.m_legendY,
             "Rows in event order, gaps \u2265 " + FormatDuration(kGapNs)
                 + " compressed (\u22ee). Arrow: segment from send to arrival; \u2715 lost; "
                   "bar: blocking call; yellow: TCP state.",
             "start");
    svg.Close();
}

/// Draws the timeline's items (calls, segments, state changes) on a laid-out diagram.
class ItemPainter
{
  public:
    /// \param svg where to draw \param timeline the items' timeline \param layout the rows
    ItemPainter(SvgBuilder& svg, const Timeline& timeline, const DiagramLayout& layout)
        : m_svg(svg)
        , m_timeline(timeline)
        , m_layout(layout)
    {
    }

    /// Draw one item beside or between the lifelines, on its row.
    void Draw(const TimelineItem& item)
    {
        const uint32_t host = std::min<uint32_t>(item.event.host, 1);
        switch (item.kind)
        {
            case TimelineItem::Kind::CALL:
                // a box beside its host's lifeline, a bar while it blocks
                DrawCall(item, host);
                break;
            case TimelineItem::Kind::SEGMENT:
                // an arrow from send to arrival, or to an X half-way when lost
                DrawSegment(item, host);
                break;
            case TimelineItem::Kind::STATE:
                // a label on its host's lifeline
                DrawState(item, host);
                break;
        }
    }

  private:
    /// A label's place on the diagram.
    struct Box
    {
        double left, top, right, bottom;
    };

    /// \return the position of a thread among its host's threads (0 when unknown)
    size_t ThreadIndex(uint32_t host, const std::string& thread) const
    {
        auto it = m_timeline.threads.find(host);
        if (it == m_timeline.threads.end())
        {
            return 0;
        }
        auto found = std::find(it->second.begin(), it->second.end(), thread);
        return found == it->second.end() ? 0 : static_cast<size_t>(found - it->second.begin());
    }

    /// \return how many threads a host ran (at least 1)
    size_t ThreadCount(uint32_t host) const
    {
        auto it = m_timeline.threads.find(host);
        return it == m_timeline.threads.end() ? 1 : std::max<size_t>(1, it->second.size());
    }

    /// \return how far a host's call boxes stand from its lifeline (room for its threads' bars)
    double CallBoxOffset(uint32_t host) const
    {
        return 16 + 7 * static_cast<double>(ThreadCount(host) - 1);
    }

    /// \return how many code points a host's call box can show
    size_t CallBoxLimit(uint32_t host) const
    {
        return static_cast<size_t>((kBoxWidth - CallBoxOffset(host) - 12) / kCharWidth);
    }

    /// \return "thread: " before a call's box text when its host runs several threads, else ""
    std::string ThreadPrefix(uint32_t host, const TraceEvent& call) const
    {
        return ThreadCount(host) > 1 ? call.thread + ": " : std::string();
    }

    /// A call box beside a lifeline: left of host 0's, right of host 1's.
    void CallBox(uint32_t host, double boxY, const std::string& text)
    {
        const double offset = CallBoxOffset(host);
        const std::string shown = Clip(text, CallBoxLimit(host));
        const double boxWidth = static_cast<double>(CodePoints(shown)) * kCharWidth + 8;
        const double x = host == 0 ? m_layout.m_lifeline[0] - offset - boxWidth
                                   : m_layout.m_lifeline[1] + offset;
        m_svg.Rect(x, boxY - 8, boxWidth, 16);
        m_svg.Text(x + 4, boxY + 4, shown, "start");
    }

    /// Draw a call: one box when it returned at once, else a bar from call to return.
    void DrawCall(const TimelineItem& item, uint32_t host)
    {
        const TraceEvent& call = item.event;
        const auto& ret = item.completion;
        const bool failed = ret && ret->error != "NO_ERROR" && !ret->error.empty();
        const CallTexts texts = CallTextsOf(item);
        m_svg.Open(std::string("call") + (failed ? " err" : "") + " host-" + std::to_string(host),
                   CallTooltip(call, texts, ret));
        const double callY = m_layout.RowOf(item.eventIndex);
        const bool sameRow = ret && m_layout.RowOf(*item.completionIndex) == callY;
        if (sameRow)
        {
            // "closesocket(s=0x100) = 0": the arguments give way to the result
            const std::string prefix = ThreadPrefix(host, call);
            const std::string result = " = " + texts.result;
            const size_t limit = CallBoxLimit(host);
            const size_t around = CodePoints(prefix + result);
            std::string signature
                = CallSignature(call, texts.arguments, limit > around ? limit - around : 0);
            if (CodePoints(prefix + signature + result) > limit && limit >= around + 8)
            {
                // What the call reported ("= 0 FD_CLOSE(WSAECONNABORTED)") matters more than
                // its full name: the name gives way (the tooltip keeps everything).
                signature = Clip(call.call, limit - around);
            }
            CallBox(host, callY, prefix + signature + result);
        }
        else
        {
            DrawBlockingCall(item, host, callY, texts);
        }
        m_svg.Close();
    }

    /// Draw a blocking call: a bar on the lifeline from call to return, a box at each end.
    void DrawBlockingCall(const TimelineItem& item,
                          uint32_t host,
                          double callY,
                          const CallTexts& texts)
    {
        const TraceEvent& call = item.event;
        const auto& ret = item.completion;
        const std::string prefix = ThreadPrefix(host, call);
        const double returnY = ret ? m_layout.RowOf(*item.completionIndex) : m_layout.m_bottom;
        const double barOffset = 6 + 7 * static_cast<double>(ThreadIndex(host, call.thread));
        const double barX = host == 0 ? m_layout.m_lifeline[0] - barOffset - 6
                                      : m_layout.m_lifeline[1] + barOffset;
        m_svg.Rect(barX, callY - 6, 6, returnY - callY + 12, ret ? "bar" : "bar open", 1);
        CallBox(host,
                callY,
                prefix + CallSignature(call, texts.arguments)
                    + (ret ? " \u2026" : " \u2026 never returns"));
        if (ret)
        {
            // "↳ recv = 0 after 2 s": what came back matters more than the name the bar already
            // links it to, so a long name gives way first.
            const std::string rest
                = " = " + texts.result + " after " + FormatDuration(ret->timeNs - call.timeNs);
            const size_t around = CodePoints(prefix + "\u21b3 " + rest);
            const size_t limit = CallBoxLimit(host);
            const std::string name = around + 6 <= limit ? Clip(call.call, limit - around) : "";
            CallBox(host, returnY, prefix + "\u21b3" + (name.empty() ? "" : " " + name) + rest);
        }
    }

    /**
     * A segment's label on a white ground, so that crossing arrows do not hide it. In a burst of
     * segments the labels would pile up: a label that would cover one already drawn moves along
     * its arrow, or is left out (the arrow's tooltip still has it).
     */
    void SegmentLabelBox(double x1, double y1, double x2, double y2, const std::string& text)
    {
        const double labelWidth = static_cast<double>(CodePoints(text)) * 6.05 + 6;
        for (const double share : {0.5, 0.3, 0.7, 0.15, 0.85})
        {
            const double x = x1 + (x2 - x1) * share;
            const double baseline = y1 + (y2 - y1) * share - 4;
            const Box box{x - labelWidth / 2, baseline - 9, x + labelWidth / 2, baseline + 3};
            const bool overlaps
                = std::any_of(m_placed.begin(),
                              m_placed.end(),
                              [&box](const Box& other)
                              {
                                  return box.left < other.right && other.left < box.right
                                         && box.top < other.bottom && other.top < box.bottom;
                              });
            if (!overlaps)
            {
                m_placed.push_back(box);
                m_svg.Rect(box.left, box.top, labelWidth, 12, "label", 2);
                m_svg.Text(x, baseline, text, "middle");
                return;
            }
        }
    }

    /// \return the x a segment's arrow starts from and the x it points to
    std::pair<double, double> ArrowEnds(const TimelineItem& item, uint32_t host) const
    {
        // the item's event is the send, or the arrival when only that is in the trace
        const double own = m_layout.m_lifeline[host];
        const double other = m_layout.m_lifeline[1 - host];
        return item.arrivalOnly ? std::make_pair(other, own) : std::make_pair(own, other);
    }

    /// Draw a segment: an arrow from its send to its arrival, labelled.
    void DrawSegment(const TimelineItem& item, uint32_t host)
    {
        if (item.lost)
        {
            DrawLostSegment(item, host);
            return;
        }
        const std::string segmentLabel = SegmentLabel(item.event);
        const auto [fromX, toX] = ArrowEnds(item, host);
        const double fromY = m_layout.RowOf(item.eventIndex);
        const double toY = item.arrivalOnly ? fromY : m_layout.RowOf(*item.completionIndex);
        m_svg.Open("arrow " + SegmentClass(item.event) + " host-" + std::to_string(host),
                   SegmentTooltip(item, host, segmentLabel));
        m_svg.Line(fromX, fromY, toX, toY);
        m_svg.Raw(ArrowHead(fromX, fromY, toX, toY));
        SegmentLabelBox(fromX, fromY, toX, toY, segmentLabel);
        m_svg.Close();
    }

    /// Draw a lost segment: a dashed line from its send to an X half-way, labelled "lost".
    void DrawLostSegment(const TimelineItem& item, uint32_t host)
    {
        const TraceEvent& segment = item.event;
        const std::string segmentLabel = SegmentLabel(segment);
        const auto [fromX, toX] = ArrowEnds(item, host);
        const double fromY = m_layout.RowOf(item.eventIndex);
        m_svg.Open("lost host-" + std::to_string(host),
                   "host " + std::to_string(segment.host) + " sends " + segmentLabel + " at "
                       + FormatSimTime(segment.timeNs) + "; it never arrives (lost)");
        const double endX = (fromX + toX) / 2;
        const double endY = fromY + kRowHeight * 1.5;
        m_svg.Line(fromX, fromY, endX, endY);
        m_svg.Raw("<path d=\"M" + FormatNumber(endX - 6) + " " + FormatNumber(endY - 6)
                  + " l12 12 M" + FormatNumber(endX - 6) + " " + FormatNumber(endY + 6)
                  + " l12 -12\"/>");
        SegmentLabelBox(fromX, fromY, endX, endY, segmentLabel);
        m_svg.Text(endX + (toX > fromX ? 26 : -26), endY + 4, "lost", "middle");
        m_svg.Close();
    }

    /// Draw a TCP state change: the new state as a label on the lifeline.
    void DrawState(const TimelineItem& item, uint32_t host)
    {
        const TraceEvent& state = item.event;
        const double stateY = m_layout.RowOf(item.eventIndex);
        const double x = m_layout.m_lifeline[host];
        m_svg.Open("state host-" + std::to_string(host), StateTooltip(state));
        const double stateWidth = static_cast<double>(CodePoints(state.to)) * kSmallCharWidth + 10;
        m_svg.Rect(x - stateWidth / 2, stateY - 7, stateWidth, 14, "", 7);
        m_svg.Text(x, stateY + 3.5, state.to, "");
        m_svg.Close();
    }

    SvgBuilder& m_svg;             //!< where to draw
    const Timeline& m_timeline;    //!< the items' timeline
    const DiagramLayout& m_layout; //!< the rows
    std::vector<Box> m_placed;     //!< segment labels drawn so far
};

} // namespace

std::string
RenderSequenceDiagram(const Timeline& timeline, const DiagramOptions& options)
{
    const DiagramLayout layout = LayOut(timeline, options);
    SvgBuilder svg;
    DrawOpening(svg, timeline, options, layout);
    DrawDivergenceMark(svg, options, layout);
    DrawTimeAxis(svg, layout);
    DrawGaps(svg, layout);
    DrawHosts(svg, timeline, layout);
    ItemPainter painter(svg, timeline, layout);
    for (const auto& item : timeline.items)
    {
        painter.Draw(item);
    }
    DrawLegend(svg, layout);
    svg.Raw("</svg>\n");
    return svg.Str();
}

} // namespace wsdsim

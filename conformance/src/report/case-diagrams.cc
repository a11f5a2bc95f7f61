// summary.html's "Sequence diagrams" section (see case-diagrams.h).
#include "report/case-diagrams.h"

#include <exception>
#include <sstream>
#include <string>
#include <system_error>

#include "report/narration.h"
#include "report/report-text.h"
#include "report/sequence-diagram.h"
#include "trace/timeline.h"

namespace wsdsim
{

namespace
{

/// \return a case's file: a path relative to the report folder (traces), else as given
/// (a reference trace, relative to where wsdsim runs); "" when there is none
std::string
CaseFile(const std::filesystem::path& directory, const std::string& path)
{
    if (path.empty())
    {
        return "";
    }
    std::error_code error;
    for (const auto& file : {directory / path, std::filesystem::path(path)})
    {
        if (std::filesystem::is_regular_file(file, error))
        {
            return file.string();
        }
    }
    return "";
}

/// \return the opening of a case's `<details>` (open when it diverges) and its summary line
std::string
CaseDiagramSummary(const CaseResult& result, size_t index)
{
    std::ostringstream out;
    out << "<details class=\"seqcase\" id=\"seq-" << index << "\" data-case=\""
        << HtmlEscape(result.id) << "\" data-impl=\"" << HtmlEscape(result.implementation) << "\""
        << (result.LeadDivergence() ? " open" : "") << ">\n<summary><span class=\"id\">"
        << HtmlEscape(result.id) << "</span> <span class=\"muted\">("
        << HtmlEscape(result.implementation) << ")</span> " << HtmlVerdict(result)
        << "</summary>\n";
    return out.str();
}

/// \return what the narration knows beyond the trace: the case's steps and outcomes, as the
/// runner handed them over, the catalogue, and the first listed divergence (case-result.h: API
/// divergences first)
NarrationContext
CaseNarrationContext(const RunReport& report, const CaseResult& result)
{
    const auto known = report.scenarioCases.find(result.id);
    NarrationContext context;
    context.scenarioCase = known == report.scenarioCases.end() ? nullptr : &known->second;
    context.catalogue = &report.requirements;
    if (const Divergence* lead = result.LeadDivergence())
    {
        context.divergenceEvent = lead->eventIndex;
        context.divergenceText = lead->what;
    }
    return context;
}

/// \return how to draw a case's own trace: titled with the case and implementation, the first
/// listed divergence marked with what actually happened
DiagramOptions
ActualDiagramOptions(const CaseResult& result)
{
    DiagramOptions actual;
    actual.standalone = false;
    actual.title = result.id + " \u2014 " + result.implementation;
    if (const Divergence* lead = result.LeadDivergence())
    {
        actual.divergenceEvent = lead->eventIndex;
        actual.divergenceText = lead->what + " Actual: " + lead->actual;
    }
    return actual;
}

/**
 * \return the diagram of the reference a diverging case was compared with, the event matching
 * the first listed divergence marked with what was expected ("" when the case does not diverge or
 * its reference cannot be found) \param result the case \param timeline the case's own timeline
 * \param directory the report folder
 */
std::string
ReferenceDiagram(const CaseResult& result,
                 const Timeline& timeline,
                 const std::filesystem::path& directory)
{
    const std::string reference = CaseFile(directory, result.referencePath);
    if (!result.LeadDivergence() || reference.empty())
    {
        return "";
    }
    const Divergence& divergence = *result.LeadDivergence();
    const Timeline expected = LoadTimeline(reference);
    DiagramOptions options;
    options.standalone = false;
    options.title = result.id + " \u2014 reference (model)";
    options.divergenceEvent = CorrespondingEvent(timeline, divergence.eventIndex, expected);
    if (!options.divergenceEvent)
    {
        options.divergenceEvent = expected.eventCount;
    }
    options.divergenceText = divergence.what + " Expected: " + divergence.expected;
    return RenderSequenceDiagram(expected, options);
}

/// Write a case's diagram (after the reference's, when there is one) and its narration.
void
WriteCaseDrawing(const RunReport& report,
                 const CaseResult& result,
                 const std::string& trace,
                 const std::filesystem::path& directory,
                 std::ostream& out)
{
    const Timeline timeline = LoadTimeline(trace);
    const NarrationContext context = CaseNarrationContext(report, result);
    const DiagramOptions actual = ActualDiagramOptions(result);
    const std::string referenceSvg = ReferenceDiagram(result, timeline, directory);
    const std::string story = NarrationHtml(Narrate(timeline, context));
    if (!referenceSvg.empty())
    {
        out << "<div class=\"seqpair two\">\n<figure><figcaption>Expected: the reference "
            << "trace</figcaption>\n"
            << referenceSvg
            << "</figure>\n<figure><figcaption>Actual: " << HtmlEscape(result.implementation)
            << "</figcaption>\n"
            << RenderSequenceDiagram(timeline, actual) << "</figure>\n";
    }
    else
    {
        out << "<div class=\"seqpair\">\n<figure>\n"
            << RenderSequenceDiagram(timeline, actual) << "</figure>\n";
    }
    out << "<div class=\"story\"><p><strong>What happened</strong> <span class=\"muted\">"
        << "(the requirement behind each step below it)</span></p>\n"
        << story << "</div>\n</div>\n";
}

/// \return a case's `<details>`: its drawing, or a note saying why there is none
std::string
HtmlCaseDiagram(const RunReport& report,
                const CaseResult& result,
                size_t index,
                const std::filesystem::path& directory)
{
    std::ostringstream out;
    out << CaseDiagramSummary(result, index);
    const std::string trace = CaseFile(directory, result.tracePath);
    if (trace.empty())
    {
        out << "<p class=\"muted\">No trace to draw"
            << (result.reason.empty() ? std::string() : ": " + HtmlEscape(result.reason))
            << ".</p>\n</details>\n";
        return out.str();
    }
    try
    {
        WriteCaseDrawing(report, result, trace, directory, out);
    }
    catch (const std::exception& error)
    {
        out << "<p class=\"muted\">The trace cannot be drawn: " << HtmlEscape(error.what())
            << "</p>\n";
    }
    out << "</details>\n";
    return out.str();
}

} // namespace

void
WriteCaseDiagrams(const RunReport& report,
                  const std::filesystem::path& directory,
                  std::ostream& out)
{
    if (report.cases.empty())
    {
        return;
    }
    out << "<section id=\"diagrams\">\n<h2>Sequence diagrams</h2>\n<p class=\"muted\">Each "
        << "case drawn from its trace: a lifeline per host, API calls with their results, "
        << "segments from send to arrival, TCP states; beside it the same timeline in words "
        << "with the spec's clauses. A case that diverges is drawn beside its reference, "
        << "the first listed divergence (an API one when there is one) marked.</p>\n";
    for (size_t index = 0; index < report.cases.size(); ++index)
    {
        out << HtmlCaseDiagram(report, report.cases[index], index, directory);
    }
    out << "</section>\n";
}

} // namespace wsdsim

// summary.html: the run as one self-contained web page (see summary-html.h).
#include "report/summary-html.h"

#include <algorithm>
#include <string>
#include <vector>

#include "report/case-diagrams.h"
#include "report/divergence-text.h"
#include "report/report-text.h"
#include "report/requirement-matrix.h"
#include "report/run-summary.h"

namespace wsdsim
{

namespace
{

/// The self-contained style sheet of summary.html.
constexpr const char* kStyle = R"css(
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       margin: 0 auto; max-width: 1400px; padding: 1rem 2rem 4rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { margin: 1.6rem 0 .4rem; font-size: 1.05rem; }
code, pre, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
                 font-size: 12.5px; }
pre { background: var(--head); border: 1px solid var(--line); border-radius: 6px; padding: .5rem;
      margin: 0; white-space: pre-wrap; word-break: break-word; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
th { background: var(--head); position: sticky; top: 0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.headline { font-size: 1.1rem; font-weight: 600; padding: .5rem .8rem; border-radius: 6px;
            display: inline-block; }
.status-0 { background: #dafbe1; color: #116329; }
.status-1 { background: #ffebe9; color: #a40e26; }
.status-2 { background: #82071e; color: #fff; }
.v { display: inline-block; min-width: 7.5em; text-align: center; font-weight: 600;
     border-radius: 4px; padding: 0 .4em; font-size: 12px; }
.v-pass { background: #dafbe1; color: #116329; }
.v-fail { background: #ffebe9; color: #a40e26; }
.v-non-strict { background: #fff8c5; color: #7d4e00; }
.v-unsupported { background: #eaeef2; color: #424a53; }
.v-xfail { background: #fbefff; color: #6639ba; }
.v-xpass { background: #ddf4ff; color: #0550ae; }
.v-error { background: #82071e; color: #fff; }
tr.row-fail td, tr.row-error td { background: #fff5f5; }
.side { width: 100%; table-layout: fixed; }
.side td { width: 50%; }
.context .hit { background: #fff8c5; font-weight: 600; }
.c-held { color: #116329; }
.c-broken { color: #a40e26; font-weight: 600; }
.c-not-run { color: #59636e; }
.c-fault { color: #82071e; font-weight: 600; }
.c-undetermined { color: #7d4e00; }
.uncovered { color: #a40e26; font-style: italic; }
ul.cells { list-style: none; margin: 0; padding: 0; }
article { border-left: 4px solid var(--line); padding-left: 1rem; margin-bottom: 1.5rem; }
article.a-fail, article.a-error { border-left-color: #cf222e; }
article.a-non-strict { border-left-color: #d4a72c; }
article.a-xfail { border-left-color: #8250df; }
article.a-xpass { border-left-color: #0969da; }
details.seqcase { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0;
                  padding: .3rem .6rem; }
details.seqcase > summary { cursor: pointer; }
.seqpair { display: grid; grid-template-columns: minmax(0, 1.7fr) minmax(0, 1fr); gap: 1rem;
           margin-top: .5rem; }
.seqpair.two { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.seqpair.two .story { grid-column: 1 / -1; }
.seqpair figure { margin: 0; min-width: 0; }
.seqpair figcaption { font-weight: 600; margin-bottom: .2rem; }
.seqpair svg { display: block; box-sizing: border-box; max-width: 100%; height: auto;
              border: 1px solid var(--line); }
.story { min-width: 0; }
ol.narration { margin: 0; padding-left: 1.4rem; font-size: 13px; }
ol.narration li { margin-bottom: .2rem; }
ol.narration .t { font-family: ui-monospace, Menlo, Consolas, monospace; color: var(--muted); }
ol.narration .clause { color: var(--muted); font-size: 12px; margin-left: .5rem; }
ol.narration li.diverges { background: #ffebe9; font-weight: 600; }
ol.narration li.unexpected { color: #a40e26; }
)css";

// ---------------------------------------------------------------------------------------------
// Pieces of the page
// ---------------------------------------------------------------------------------------------

/// \return the id of a case's article in "Details" ("case-3")
std::string
CaseAnchor(size_t index)
{
    return "case-" + std::to_string(index);
}

/// \return one table header cell per name
std::string
HtmlNameHeaders(const std::vector<std::string>& names)
{
    std::string cells;
    for (const auto& name : names)
    {
        cells += "<th>" + HtmlEscape(name) + "</th>";
    }
    return cells;
}

/// \return the HTML of a case's one-line reason: its first listed divergence (with how many
/// follow), else the reason
std::string
HtmlWhy(const CaseResult& result)
{
    if (result.verdict == Verdict::PASS)
    {
        return "";
    }
    const Divergence* lead = result.LeadDivergence();
    if (!lead || lead->what.empty())
    {
        return HtmlEscape(ShortWhy(result));
    }
    std::string html = HtmlEscape(lead->what) + " <span class=\"muted\">(expected <code>"
                       + HtmlEscape(Shorten(lead->expected)) + "</code>, got <code>"
                       + HtmlEscape(Shorten(lead->actual)) + "</code>)</span>";
    const std::string more = MoreDivergencesText(result.divergences.size() - 1);
    return more.empty() ? html : html + "; " + HtmlEscape(more);
}

/// \return the HTML links to a case's artifacts, one per pcap ("" when it has none)
std::string
HtmlArtifactLinks(const CaseResult& result)
{
    std::vector<std::string> links;
    for (const auto& link : ArtifactLinks(result, true))
    {
        links.push_back("<a href=\"" + HtmlEscape(UrlPath(link.m_path)) + "\" title=\""
                        + HtmlEscape(link.m_path) + "\">" + link.m_label + "</a>");
    }
    return Join(links, " \u00b7 ");
}

// ---------------------------------------------------------------------------------------------
// The sections, in the order of the page
// ---------------------------------------------------------------------------------------------

/// Write the document's head (title and style sheet) and open its body.
void
WriteHtmlHead(const RunReport& report, std::ostream& out)
{
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << HtmlEscape(report.tool) << " conformance report</title>\n"
        << "<style>" << kStyle << "</style>\n</head>\n<body>\n";
}

/// Write the page's header: the title, the headline and what was run.
void
WriteHtmlHeader(const RunReport& report, const RunTally& tally, std::ostream& out)
{
    out << "<header>\n<h1>" << HtmlEscape(report.tool) << " conformance report</h1>\n"
        << "<p class=\"headline status-" << std::min(report.ExitStatus(), 2) << "\">"
        << HtmlEscape(Headline(report, tally.m_all)) << "</p>\n"
        << "<p class=\"muted\">version "
        << HtmlEscape(report.version.empty() ? "unknown" : report.version)
        << " &middot; implementations: " << HtmlEscape(Join(tally.m_implementations))
        << " &middot; " << tally.m_all.m_total << " cases &middot; wall time "
        << FormatSeconds(report.wallSeconds, 1) << " s</p>\n</header>\n";
}

/// Write the table of the number of cases per verdict and implementation.
void
WriteHtmlVerdicts(const RunTally& tally, std::ostream& out)
{
    const auto& implementations = tally.m_implementations;
    out << "<section id=\"verdicts\">\n<h2>Verdicts</h2>\n<table>\n<tr><th>verdict</th>"
        << "<th>meaning</th>" << HtmlNameHeaders(implementations) << "<th>total</th></tr>\n";
    for (auto verdict : kVerdicts)
    {
        out << "<tr><td>" << HtmlVerdict(verdict) << "</td><td>" << VerdictMeaning(verdict)
            << "</td>";
        for (const auto& name : implementations)
        {
            out << "<td class=\"n\">" << tally.Get(name).Get(verdict) << "</td>";
        }
        out << "<td class=\"n\">" << tally.m_all.Get(verdict) << "</td></tr>\n";
    }
    out << "<tr><th>total</th><th></th>";
    for (const auto& name : implementations)
    {
        out << "<th class=\"n\">" << tally.Get(name).m_total << "</th>";
    }
    out << "<th class=\"n\">" << tally.m_all.m_total << "</th></tr>\n</table>\n</section>\n";
}

/// \return a cell of the case x implementation grid: the verdict, linked to the details of a
/// case that did not pass
std::string
HtmlGridCell(const RunReport& report,
             const CaseGrid& grid,
             const std::string& id,
             const std::string& implementation)
{
    const size_t* index = grid.Find(id, implementation);
    if (!index)
    {
        return "<td></td>";
    }
    const auto& result = report.cases[*index];
    return "<td>"
           + (result.verdict == Verdict::PASS
                  ? HtmlVerdict(result)
                  : "<a href=\"#" + CaseAnchor(*index) + "\">" + HtmlVerdict(result) + "</a>")
           + "</td>";
}

/// Write the case x implementation grid (only when more than one implementation ran).
void
WriteHtmlCaseGrid(const RunReport& report, const RunTally& tally, std::ostream& out)
{
    const auto& implementations = tally.m_implementations;
    if (implementations.size() <= 1)
    {
        return;
    }
    const CaseGrid grid = CaseGrid::Build(report);
    out << "<section id=\"matrix\">\n<h2>Case &times; "
           "implementation</h2>\n<table>\n<tr><th>case</th>"
        << HtmlNameHeaders(implementations) << "</tr>\n";
    for (const auto& id : grid.m_ids)
    {
        out << "<tr><td><span class=\"id\">" << HtmlEscape(id) << "</span></td>";
        for (const auto& name : implementations)
        {
            out << HtmlGridCell(report, grid, id, name);
        }
        out << "</tr>\n";
    }
    out << "</table>\n</section>\n";
}

/// Write one row of the case table.
void
WriteHtmlCaseRow(const CaseResult& result, size_t index, std::ostream& out)
{
    auto id = "<span class=\"id\">" + HtmlEscape(result.id) + "</span>";
    out << "<tr id=\"row-" << index << "\" class=\"row-" << VerdictClass(result.verdict)
        << "\"><td>"
        << (result.verdict == Verdict::PASS
                ? id
                : "<a href=\"#" + CaseAnchor(index) + "\">" + id + "</a>")
        << "</td><td>" << HtmlEscape(result.implementation) << "</td><td>" << HtmlVerdict(result)
        << "</td><td class=\"n\">" << FormatSeconds(result.durationSeconds) << "</td><td>"
        << HtmlWhy(result) << "</td><td>" << HtmlArtifactLinks(result) << "</td></tr>\n";
}

/// Write the table of the cases: verdict, time, first listed divergence and artifacts of each.
void
WriteHtmlCases(const RunReport& report, std::ostream& out)
{
    out << "<section id=\"cases\">\n<h2>Cases</h2>\n";
    if (report.cases.empty())
    {
        out << "<p>No case was run.</p>\n";
    }
    else
    {
        out << "<table>\n<tr><th>case</th><th>implementation</th><th>verdict</th>"
            << "<th>time (s)</th><th>divergences</th><th>artifacts</th></tr>\n";
        for (size_t index = 0; index < report.cases.size(); ++index)
        {
            WriteHtmlCaseRow(report.cases[index], index, out);
        }
        out << "</table>\n";
    }
    out << "</section>\n";
}

/// \return the matrix cell of one requirement and implementation: the cases that check it, each
/// linked to its row (PASS) or its details
std::string
HtmlCoverageCell(const RunReport& report,
                 const Matrix& matrix,
                 const std::string& id,
                 const std::string& implementation)
{
    auto indexes = matrix.CasesOf(report, id, implementation);
    if (indexes.empty())
    {
        return matrix.m_cases.contains(id)
                   ? "<td><span class=\"muted\">&mdash;</span></td>"
                   : "<td><span class=\"uncovered\">not covered</span></td>";
    }
    std::string cell = "<td><ul class=\"cells\">";
    for (auto index : indexes)
    {
        const auto& result = report.cases[index];
        auto coverage = CoverageOf(result, id);
        cell += std::string("<li class=\"") + CoverageClass(coverage) + "\">"
                + CoverageMark(coverage) + " <a href=\"#"
                + (result.verdict == Verdict::PASS ? "row-" + std::to_string(index)
                                                   : CaseAnchor(index))
                + "\" class=\"id\">" + HtmlEscape(result.id) + "</a>";
        if (result.verdict != Verdict::PASS)
        {
            cell += ' '; // not " " + std::string&&: GCC 12 -O3's false -Wrestrict
            cell += HtmlVerdict(result);
        }
        cell += "</li>";
    }
    return cell + "</ul></td>";
}

/// Write one row of the requirement matrix.
void
WriteHtmlRequirementRow(const RunReport& report,
                        const Matrix& matrix,
                        const Requirement& requirement,
                        const std::vector<std::string>& implementations,
                        std::ostream& out)
{
    out << "<tr id=\"req-" << HtmlEscape(UrlPath(requirement.m_id)) << "\"><td><code>"
        << HtmlEscape(requirement.m_id) << "</code></td><td>" << HtmlEscape(requirement.m_level)
        << "</td><td>" << HtmlEscape(requirement.m_text);
    if (!requirement.m_source.empty())
    {
        out << " <span class=\"muted\">(" << HtmlEscape(requirement.m_source) << ")</span>";
    }
    out << "</td>";
    for (const auto& name : implementations)
    {
        out << HtmlCoverageCell(report, matrix, requirement.m_id, name);
    }
    out << "</tr>\n";
}

/// Write the list of the catalogue's requirements that no case checks.
void
WriteHtmlUncovered(const Matrix& matrix, std::ostream& out)
{
    out << "<h3>Requirements covered by no case</h3>\n";
    if (matrix.m_uncovered.empty())
    {
        out << "<p>None: every requirement in the catalogue is checked by at least one "
            << "case.</p>\n";
        return;
    }
    out << "<ul>\n";
    for (const auto* requirement : matrix.m_uncovered)
    {
        out << "<li class=\"uncovered\"><code>" << HtmlEscape(requirement->m_id) << "</code> "
            << HtmlEscape(requirement->m_level) << ": " << HtmlEscape(requirement->m_text)
            << "</li>\n";
    }
    out << "</ul>\n";
}

/// Write the list of requirement ids that cases name but the catalogue does not hold.
void
WriteHtmlUncatalogued(const Matrix& matrix, std::ostream& out)
{
    if (matrix.m_uncatalogued.empty())
    {
        return;
    }
    out << "<h3>Requirement ids not in the catalogue</h3>\n<ul>\n";
    for (const auto& id : matrix.m_uncatalogued)
    {
        out << "<li><code>" << HtmlEscape(id) << "</code></li>\n";
    }
    out << "</ul>\n";
}

/// Write the requirements section: the requirement x case matrix, what no case checks, and
/// the ids the catalogue lacks.
void
WriteHtmlRequirements(const RunReport& report,
                      const Matrix& matrix,
                      const std::vector<std::string>& implementations,
                      std::ostream& out)
{
    out << "<section id=\"requirements\">\n<h2>Requirements</h2>\n";
    if (matrix.m_catalogue.empty())
    {
        out << "<p>No requirement catalogue was given or found: requirement ids were not "
            << "checked.</p>\n";
    }
    else
    {
        out << "<p class=\"muted\">Each cell lists the cases of that implementation that check "
            << "the requirement: " << kCoverageLegend << ".</p>\n";
        out << "<table>\n<tr><th>requirement</th><th>level</th><th>text</th>"
            << HtmlNameHeaders(implementations) << "</tr>\n";
        for (const auto& requirement : matrix.m_catalogue)
        {
            WriteHtmlRequirementRow(report, matrix, requirement, implementations, out);
        }
        out << "</table>\n";
        WriteHtmlUncovered(matrix, out);
    }
    WriteHtmlUncatalogued(matrix, out);
    out << "</section>\n";
}

/// Write the events around a divergence, the actual event (the line marked ">> ") highlighted.
void
WriteHtmlContext(const Divergence& divergence, std::ostream& out)
{
    out << "<p><strong>Context</strong> <span class=\"muted\">(the actual event "
        << "highlighted)</span></p>\n<pre class=\"context\">";
    for (const auto& line : divergence.context)
    {
        if (line.starts_with(">> "))
        {
            out << "<span class=\"hit\">" << HtmlEscape(line) << "</span>\n";
        }
        else
        {
            out << HtmlEscape(line) << "\n";
        }
    }
    out << "</pre>\n";
}

/// Write one divergence of a list: its heading, level and requirements, expected beside actual,
/// context.
void
WriteHtmlDivergence(const Divergence& divergence, size_t position, size_t count, std::ostream& out)
{
    out << "<p><strong>" << HtmlEscape(DivergenceHeading(divergence, position, count))
        << "</strong> <span class=\"muted\">(level " << HtmlEscape(divergence.level);
    if (!divergence.requirements.empty())
    {
        out << "; requirements: <code>" << HtmlEscape(Join(divergence.requirements)) << "</code>";
    }
    out << ")</span></p>\n<table class=\"side\">\n<tr><th>Expected</th><th>Actual</th>"
        << "</tr>\n<tr><td><pre>" << HtmlEscape(divergence.expected) << "</pre></td><td><pre>"
        << HtmlEscape(divergence.actual) << "</pre></td></tr>\n</table>\n";
    if (!divergence.context.empty())
    {
        WriteHtmlContext(divergence, out);
    }
}

/// Write the article of one case that did not pass.
void
WriteHtmlCaseArticle(const CaseResult& result, size_t index, std::ostream& out)
{
    out << "<article id=\"" << CaseAnchor(index) << "\" class=\"a-" << VerdictClass(result.verdict)
        << "\">\n<h3><span class=\"id\">" << HtmlEscape(result.id)
        << "</span> <span class=\"muted\">(" << HtmlEscape(result.implementation) << ")</span> "
        << HtmlVerdict(result) << "</h3>\n";
    if (!result.description.empty())
    {
        out << "<p>" << HtmlEscape(result.description) << "</p>\n";
    }
    if (!result.reason.empty())
    {
        out << "<p><strong>Reason:</strong> " << HtmlEscape(result.reason) << "</p>\n";
    }
    for (size_t i = 0; i < result.divergences.size(); ++i)
    {
        WriteHtmlDivergence(result.divergences[i], i, result.divergences.size(), out);
    }
    auto links = HtmlArtifactLinks(result);
    if (!links.empty())
    {
        out << "<p>Artifacts: " << links << "</p>\n";
    }
    out << "</article>\n";
}

/// Write the details of every case that did not pass (nothing when all passed).
void
WriteHtmlDetails(const RunReport& report, std::ostream& out)
{
    const auto indexes = CasesNotPassed(report);
    if (indexes.empty())
    {
        return;
    }
    out << "<section id=\"details\">\n<h2>Details of the cases that did not pass</h2>\n";
    for (auto index : indexes)
    {
        WriteHtmlCaseArticle(report.cases[index], index, out);
    }
    out << "</section>\n";
}

} // namespace

void
WriteSummaryHtml(const RunReport& report, std::ostream& out)
{
    WriteSummaryHtml(report, out, std::filesystem::current_path());
}

void
WriteSummaryHtml(const RunReport& report, std::ostream& out, const std::filesystem::path& directory)
{
    const RunTally tally = RunTally::Of(report);
    const Matrix matrix = Matrix::Build(report);
    WriteHtmlHead(report, out);
    WriteHtmlHeader(report, tally, out);
    WriteHtmlVerdicts(tally, out);
    WriteHtmlCaseGrid(report, tally, out);
    WriteHtmlCases(report, out);
    WriteCaseDiagrams(report, directory, out);
    WriteHtmlRequirements(report, matrix, tally.m_implementations, out);
    WriteHtmlDetails(report, out);
    out << "</body>\n</html>\n";
}

} // namespace wsdsim

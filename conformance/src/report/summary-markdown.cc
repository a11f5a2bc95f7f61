// summary.md: the run in Markdown (see summary-markdown.h).
#include "report/summary-markdown.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "report/divergence-text.h"
#include "report/report-text.h"
#include "report/requirement-matrix.h"
#include "report/run-summary.h"

namespace wsdsim
{

namespace
{

// ---------------------------------------------------------------------------------------------
// Markdown text
// ---------------------------------------------------------------------------------------------

/// \return text for Markdown (inside a table cell too): punctuation escaped, line ends as <br>
std::string
MdText(std::string_view text)
{
    std::string out;
    for (char c : Visible(text))
    {
        switch (c)
        {
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '<':
            case '>':
            case '|':
            case '#':
            case '~':
            case '&':
                out += '\\';
                out += c;
                break;
            case '\n':
                out += "<br>";
                break;
            case '\r':
                break;
            case '\t':
                out += ' ';
                break;
            default:
                out += c;
        }
    }
    return out;
}

/// \return the length of the longest run of backticks in a text
size_t
LongestBacktickRun(std::string_view text)
{
    size_t longest = 0;
    size_t run = 0;
    for (char c : text)
    {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

/// \return a Markdown code span (one line, usable in a table cell); "" for empty text
std::string
MdCode(std::string_view text)
{
    std::string body;
    for (char c : Visible(text))
    {
        if (c == '\n' || c == '\r' || c == '\t')
        {
            body += ' ';
        }
        else if (c == '|')
        {
            body += "\\|"; // GFM splits cells on '|' even inside code spans
        }
        else
        {
            body += c;
        }
    }
    if (body.empty())
    {
        return "";
    }
    std::string fence(LongestBacktickRun(body) + 1, '`');
    bool pad = body.front() == '`' || body.back() == '`';
    return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

/// \return a fenced Markdown code block holding the text
std::string
MdBlock(std::string_view text)
{
    auto body = Visible(text);
    std::string fence(std::max<size_t>(3, LongestBacktickRun(body) + 1), '`');
    return fence + "text\n" + body + (body.empty() || body.back() != '\n' ? "\n" : "") + fence
           + "\n";
}

/// \return one table cell per name, " name |" each
std::string
MdNameCells(const std::vector<std::string>& names)
{
    std::string cells;
    for (const auto& name : names)
    {
        cells += ' '; // not " " + std::string&&: GCC 12 -O3's false -Wrestrict
        cells += MdText(name) + " |";
    }
    return cells;
}

/// \return a table's alignment cell repeated once per column
std::string
MdAlignments(const char* alignment, size_t columns)
{
    std::string cells;
    for (size_t i = 0; i < columns; ++i)
    {
        cells += alignment;
    }
    return cells;
}

/// \return the Markdown of a case's one-line reason: its first listed divergence (with how many
/// follow), else the reason
std::string
MdWhy(const CaseResult& result)
{
    if (result.verdict == Verdict::PASS)
    {
        return "";
    }
    const Divergence* lead = result.LeadDivergence();
    if (!lead || lead->what.empty())
    {
        return MdText(Shorten(ShortWhy(result), 160));
    }
    auto expected = MdCode(Shorten(lead->expected));
    auto actual = MdCode(Shorten(lead->actual));
    std::string md = "event " + std::to_string(lead->eventIndex) + ": "
                     + MdText(Shorten(lead->what, 160)) + " (expected "
                     + (expected.empty() ? std::string("nothing") : expected) + ", got "
                     + (actual.empty() ? std::string("nothing") : actual) + ")";
    const std::string more = MoreDivergencesText(result.divergences.size() - 1);
    return more.empty() ? md : md + "; " + more;
}

/// \return the Markdown links to a case's artifacts ("" when it has none)
std::string
MdArtifactLinks(const CaseResult& result)
{
    std::vector<std::string> links;
    for (const auto& link : ArtifactLinks(result, false))
    {
        links.push_back("[" + link.m_label + "](" + UrlPath(link.m_path) + ")");
    }
    return Join(links, " \u00b7 ");
}

// ---------------------------------------------------------------------------------------------
// The sections, in the order of the page
// ---------------------------------------------------------------------------------------------

/// Write the title, the headline and what was run.
void
WriteMdHeading(const RunReport& report, const RunTally& tally, std::ostream& out)
{
    out << "# " << MdText(report.tool) << " conformance report\n\n";
    out << "**" << MdText(Headline(report, tally.m_all)) << "**\n\n";
    out << "- version: " << MdText(report.version.empty() ? "unknown" : report.version) << "\n";
    out << "- implementations: " << MdText(Join(tally.m_implementations)) << "\n";
    out << "- cases: " << tally.m_all.m_total << ", wall time "
        << FormatSeconds(report.wallSeconds, 1) << " s\n\n";
}

/// Write the table of the number of cases per verdict and implementation.
void
WriteMdVerdicts(const RunTally& tally, std::ostream& out)
{
    const auto& implementations = tally.m_implementations;
    out << "## Verdicts\n\n| verdict | meaning |" << MdNameCells(implementations)
        << " total |\n|:--|:--|" << MdAlignments("--:|", implementations.size()) << "--:|\n";
    for (auto verdict : kVerdicts)
    {
        out << "| " << VerdictName(verdict) << " | " << VerdictMeaning(verdict) << " |";
        for (const auto& name : implementations)
        {
            out << " " << tally.Get(name).Get(verdict) << " |";
        }
        out << " " << tally.m_all.Get(verdict) << " |\n";
    }
    out << "| **total** | |";
    for (const auto& name : implementations)
    {
        out << " " << tally.Get(name).m_total << " |";
    }
    out << " " << tally.m_all.m_total << " |\n\n";
}

/// Write the case x implementation grid of verdicts (only when more than one implementation ran).
void
WriteMdCaseGrid(const RunReport& report, const RunTally& tally, std::ostream& out)
{
    const auto& names = tally.m_implementations;
    if (names.size() <= 1)
    {
        return;
    }
    const CaseGrid grid = CaseGrid::Build(report);
    out << "## Case x implementation\n\n| case |" << MdNameCells(names) << "\n|:--|"
        << MdAlignments(":--|", names.size()) << "\n";
    for (const auto& id : grid.m_ids)
    {
        out << "| " << MdCode(id) << " |";
        for (const auto& name : names)
        {
            const size_t* index = grid.Find(id, name);
            out << " " << (index ? VerdictName(report.cases[*index].verdict) : "") << " |";
        }
        out << "\n";
    }
    out << "\nEvery divergence of each case that did not pass is under \"Details\" "
           "below.\n\n";
}

/// Write the table of the cases: verdict, time, first listed divergence and artifacts of each.
void
WriteMdCases(const RunReport& report, std::ostream& out)
{
    out << "## Cases\n\n";
    if (report.cases.empty())
    {
        out << "No case was run.\n\n";
        return;
    }
    out << "| case | implementation | verdict | time (s) | divergences | artifacts |\n";
    out << "|:--|:--|:--|--:|:--|:--|\n";
    for (const auto& result : report.cases)
    {
        auto verdict = VerdictLabel(result);
        out << "| " << MdCode(result.id) << " | " << MdText(result.implementation) << " | "
            << (result.verdict == Verdict::PASS ? verdict : "**" + verdict + "**") << " | "
            << FormatSeconds(result.durationSeconds) << " | " << MdWhy(result) << " | "
            << MdArtifactLinks(result) << " |\n";
    }
    out << "\n";
}

/// \return the matrix cell of one requirement and implementation: the cases that check it
std::string
MdCoverageCell(const RunReport& report,
               const Matrix& matrix,
               const std::string& id,
               const std::string& implementation)
{
    std::vector<std::string> cells;
    for (auto index : matrix.CasesOf(report, id, implementation))
    {
        const auto& result = report.cases[index];
        std::string cell
            = std::string(CoverageMark(CoverageOf(result, id))) + " " + MdCode(result.id);
        if (result.verdict != Verdict::PASS)
        {
            cell += ' '; // not " " + std::string&&: GCC 12 -O3's false -Wrestrict
            cell += VerdictLabel(result);
        }
        cells.push_back(cell);
    }
    if (cells.empty())
    {
        return matrix.m_cases.contains(id) ? "\u2014" : "*not covered*";
    }
    return Join(cells, "<br>");
}

/// Write one row of the requirement matrix.
void
WriteMdRequirementRow(const RunReport& report,
                      const Matrix& matrix,
                      const Requirement& requirement,
                      const std::vector<std::string>& implementations,
                      std::ostream& out)
{
    out << "| " << MdCode(requirement.m_id) << " | " << MdText(requirement.m_level) << " | "
        << MdText(requirement.m_text);
    if (!requirement.m_source.empty())
    {
        out << " (" << MdText(requirement.m_source) << ")";
    }
    out << " |";
    for (const auto& name : implementations)
    {
        out << " " << MdCoverageCell(report, matrix, requirement.m_id, name) << " |";
    }
    out << "\n";
}

/// Write the list of the catalogue's requirements that no case checks.
void
WriteMdUncovered(const Matrix& matrix, std::ostream& out)
{
    out << "\n### Requirements covered by no case\n\n";
    if (matrix.m_uncovered.empty())
    {
        out << "None: every requirement in the catalogue is checked by at least one case.\n\n";
        return;
    }
    for (const auto* requirement : matrix.m_uncovered)
    {
        out << "- " << MdCode(requirement->m_id);
        if (!requirement->m_level.empty())
        {
            out << " (" << MdText(requirement->m_level) << ")";
        }
        if (!requirement->m_text.empty())
        {
            out << ": " << MdText(requirement->m_text);
        }
        out << "\n";
    }
    out << "\n";
}

/// Write the requirement x case matrix and the requirements no case checks.
void
WriteMdRequirements(const RunReport& report,
                    const Matrix& matrix,
                    const std::vector<std::string>& implementations,
                    std::ostream& out)
{
    out << "## Requirements\n\n";
    if (matrix.m_catalogue.empty())
    {
        out << "No requirement catalogue was given or found: requirement ids were not checked.\n\n";
        return;
    }
    out << "Each cell lists the cases of that implementation that check the requirement: "
        << kCoverageLegend << ".\n\n";
    out << "| requirement | level | text |" << MdNameCells(implementations) << "\n|:--|:--|:--|"
        << MdAlignments(":--|", implementations.size()) << "\n";
    for (const auto& requirement : matrix.m_catalogue)
    {
        WriteMdRequirementRow(report, matrix, requirement, implementations, out);
    }
    WriteMdUncovered(matrix, out);
}

/// Write the list of requirement ids that cases name but the catalogue does not hold.
void
WriteMdUncatalogued(const Matrix& matrix, std::ostream& out)
{
    if (matrix.m_uncatalogued.empty())
    {
        return;
    }
    out << "### Requirement ids not in the catalogue\n\n";
    for (const auto& id : matrix.m_uncatalogued)
    {
        out << "- " << MdCode(id) << "\n";
    }
    out << "\n";
}

/// Write one divergence of a list: its heading, level and requirements, expected, actual,
/// context.
void
WriteMdDivergence(const Divergence& divergence, size_t position, size_t count, std::ostream& out)
{
    out << "**" << MdText(DivergenceHeading(divergence, position, count)) << "** (level "
        << MdText(divergence.level);
    if (!divergence.requirements.empty())
    {
        out << "; requirements:";
        for (const auto& id : divergence.requirements)
        {
            out << " " << MdCode(id);
        }
    }
    out << ")\n\nExpected:\n\n"
        << MdBlock(divergence.expected) << "\nActual:\n\n"
        << MdBlock(divergence.actual) << "\n";
    if (!divergence.context.empty())
    {
        out << "Context:\n\n" << MdBlock(Join(divergence.context, "\n")) << "\n";
    }
}

/// Write the details of one case that did not pass.
void
WriteMdCaseDetails(const CaseResult& result, std::ostream& out)
{
    out << "### " << MdCode(result.id) << " (" << MdText(result.implementation)
        << "): " << VerdictLabel(result) << "\n\n";
    if (!result.description.empty())
    {
        out << MdText(result.description) << "\n\n";
    }
    if (!result.reason.empty())
    {
        out << "Reason: " << MdText(result.reason) << "\n\n";
    }
    for (size_t i = 0; i < result.divergences.size(); ++i)
    {
        WriteMdDivergence(result.divergences[i], i, result.divergences.size(), out);
    }
    auto links = MdArtifactLinks(result);
    if (!links.empty())
    {
        out << "Artifacts: " << links << "\n\n";
    }
}

/// Write the details of every case that did not pass (nothing when all passed).
void
WriteMdDetails(const RunReport& report, std::ostream& out)
{
    const auto indexes = CasesNotPassed(report);
    if (indexes.empty())
    {
        return;
    }
    out << "## Details of the cases that did not pass\n\n";
    for (auto index : indexes)
    {
        WriteMdCaseDetails(report.cases[index], out);
    }
}

} // namespace

void
WriteSummaryMarkdown(const RunReport& report, std::ostream& out)
{
    const RunTally tally = RunTally::Of(report);
    const Matrix matrix = Matrix::Build(report);
    WriteMdHeading(report, tally, out);
    WriteMdVerdicts(tally, out);
    WriteMdCaseGrid(report, tally, out);
    WriteMdCases(report, out);
    WriteMdRequirements(report, matrix, tally.m_implementations, out);
    WriteMdUncatalogued(matrix, out);
    WriteMdDetails(report, out);
}

} // namespace wsdsim

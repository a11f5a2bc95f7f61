// junit.xml: the run as JUnit XML (see junit.h).
#include "report/junit.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>

#include "report/divergence-text.h"
#include "report/markup.h"
#include "report/report-file.h"
#include "report/report-text.h"
#include "report/run-summary.h"

namespace wsdsim
{

namespace
{

/**
 * \return the text escaped for XML 1.0 character data or, with attribute set, a double- or
 * single-quoted attribute value (where tab and line ends are kept as character references).
 */
std::string
XmlEscape(std::string_view text, bool attribute)
{
    std::string out;
    for (char c : Visible(text))
    {
        switch (c)
        {
            case '"':
                out += attribute ? "&quot;" : "\"";
                break;
            case '\'':
                out += attribute ? "&apos;" : "'";
                break;
            case '\r':
                out += "&#13;"; // a raw CR would be normalised away by the parser
                break;
            case '\n':
                out += attribute ? "&#10;" : "\n";
                break;
            case '\t':
                out += attribute ? "&#9;" : "\t";
                break;
            default:
                AppendMarkup(out, c); // & < > escaped
        }
    }
    return out;
}

/// \return the text as a quoted XML attribute value
std::string
Attribute(std::string_view text)
{
    return XmlEscape(text, true);
}

/// \return the text as XML character data
std::string
Text(std::string_view body)
{
    return XmlEscape(body, false);
}

/// \return a name as one component of a classname: Jenkins splits classname at its last '.'
std::string
ClassComponent(std::string name)
{
    std::replace(name.begin(), name.end(), '.', '_');
    return name.empty() ? std::string("_") : name;
}

/// \return the feature folder of a case: its id up to the first '/' (else the scenario's)
std::string
Feature(const CaseResult& result)
{
    for (const auto* name : {&result.id, &result.scenario})
    {
        auto slash = name->find('/');
        if (slash != std::string::npos && slash > 0)
        {
            return name->substr(0, slash);
        }
    }
    return "cases";
}

/// \return the divergences and artifacts of a case as plain text, for JUnit bodies and notes
std::string
DetailText(const CaseResult& result)
{
    std::ostringstream out;
    const Divergence* lead = result.LeadDivergence();
    if (!result.reason.empty() && !(lead && lead->what == result.reason))
    {
        out << result.reason << "\n";
    }
    WriteDivergencesText(result.divergences, DivergenceTextOptions{}, out);
    if (!result.failedRequirements.empty())
    {
        out << "Broken requirements: " << Join(result.failedRequirements) << "\n";
    }
    if (!result.tracePath.empty())
    {
        out << "Trace: " << result.tracePath << "\n";
    }
    if (!result.referencePath.empty())
    {
        out << "Reference: " << result.referencePath << "\n";
    }
    if (!result.pcapPath.empty())
    {
        out << "Pcap: " << result.pcapPath << "\n";
    }
    return out.str();
}

/// \return the cases JUnit counts as skipped: UNSUPPORTED and XFAIL
size_t
SkippedCount(const VerdictCounts& counts)
{
    return counts.Get(Verdict::UNSUPPORTED) + counts.Get(Verdict::XFAIL);
}

/// \return the element inside a `<testcase>` that a CI reads its verdict from ("" when it passes)
std::string
VerdictElement(const CaseResult& result)
{
    switch (result.verdict)
    {
        case Verdict::PASS:
            // a passing testcase: no child
        case Verdict::NON_STRICT:
            // a SHOULD broken: passes, with a note
        case Verdict::XPASS:
            // better than recorded: passes, with a note to update the record
            return "";
        case Verdict::FAIL:
            // a MUST broken: the CI's failure
            return "      <failure message=\"" + Attribute(ShortWhy(result)) + "\" type=\""
                   + (result.dataLost ? "DATA-LOST" : "FAIL") + "\">" + Text(DetailText(result))
                   + "</failure>\n";
        case Verdict::ERROR:
            // the harness or the input failed: the CI's error
            return "      <error message=\"" + Attribute(ShortWhy(result)) + "\" type=\"ERROR\">"
                   + Text(DetailText(result)) + "</error>\n";
        case Verdict::UNSUPPORTED:
            // not failed: skipped, with the reason
            return "      <skipped message=\"" + Attribute(result.reason) + "\"/>\n";
        case Verdict::XFAIL:
            // a known divergence: skipped, the divergence kept in system-out
            return "      <skipped message=\"" + Attribute("XFAIL: " + result.reason) + "\"/>\n";
    }
    return "";
}

/// \return the `<system-out>` note of a case: why a case that passes or is skipped was not PASS
std::string
VerdictNote(const CaseResult& result)
{
    switch (result.verdict)
    {
        case Verdict::PASS:
            // nothing to say
        case Verdict::FAIL:
            // the failure element says it
        case Verdict::ERROR:
            // the error element says it
        case Verdict::UNSUPPORTED:
            // the skipped element's message says it
            return "";
        case Verdict::XFAIL:
            // the divergence, kept although skipped
            return "XFAIL: failed as recorded (" + result.reason + ")\n" + DetailText(result);
        case Verdict::NON_STRICT:
            // the SHOULD broken
            return "NON-STRICT: a SHOULD requirement was not met (no MUST broken)\n"
                   + DetailText(result);
        case Verdict::XPASS:
            // the record to update
            return "XPASS: passed although recorded as a known divergence"
                   + (result.reason.empty() ? std::string() : " (" + result.reason + ")")
                   + "; update the recorded expectation\n" + DetailText(result);
    }
    return "";
}

/// Write one `<testcase>`: its name, classname and time, its verdict element and note.
void
WriteTestCase(const CaseResult& result, std::ostream& out)
{
    out << "    <testcase name=\"" << Attribute(result.id) << "\" classname=\"wsdsim."
        << Attribute(ClassComponent(result.implementation)) << "."
        << Attribute(ClassComponent(Feature(result))) << "\" time=\""
        << FormatSeconds(result.durationSeconds) << "\"";
    if (result.verdict == Verdict::PASS)
    {
        out << "/>\n";
        return;
    }
    out << ">\n" << VerdictElement(result);
    const std::string note = VerdictNote(result);
    if (!note.empty())
    {
        out << "      <system-out>" << Text(note) << "</system-out>\n";
    }
    out << "    </testcase>\n";
}

/// Write the `<testsuite>` of one implementation: its counts, properties and cases.
void
WriteTestSuite(const RunReport& report,
               const std::string& implementation,
               const VerdictCounts& suite,
               std::ostream& out)
{
    out << "  <testsuite name=\"wsdsim." << Attribute(implementation) << "\" tests=\""
        << suite.m_total << "\" failures=\"" << suite.Get(Verdict::FAIL) << "\" errors=\""
        << suite.Get(Verdict::ERROR) << "\" skipped=\"" << SkippedCount(suite) << "\" time=\""
        << FormatSeconds(suite.m_seconds) << "\">\n";
    out << "    <properties>\n";
    out << "      <property name=\"wsdsim.version\" value=\"" << Attribute(report.version)
        << "\"/>\n";
    out << "      <property name=\"wsdsim.implementation\" value=\"" << Attribute(implementation)
        << "\"/>\n";
    out << "    </properties>\n";
    for (const auto& result : report.cases)
    {
        if (result.implementation == implementation)
        {
            WriteTestCase(result, out);
        }
    }
    out << "  </testsuite>\n";
}

} // namespace

void
WriteJUnit(const RunReport& report, std::ostream& out)
{
    const RunTally tally = RunTally::Of(report);
    const VerdictCounts& all = tally.m_all;
    double wall = report.wallSeconds > 0 ? report.wallSeconds : all.m_seconds;

    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    // No "skipped" here: Jenkins' xunit plugin (its junit-10.xsd) allows it on <testsuite> only.
    out << "<testsuites name=\"" << Attribute(report.tool) << "\" tests=\"" << all.m_total
        << "\" failures=\"" << all.Get(Verdict::FAIL) << "\" errors=\"" << all.Get(Verdict::ERROR)
        << "\" time=\"" << FormatSeconds(wall) << "\">\n";
    for (const auto& implementation : tally.m_implementations)
    {
        WriteTestSuite(report, implementation, tally.Get(implementation), out);
    }
    out << "</testsuites>\n";
}

void
WriteJUnitFile(const RunReport& report, const std::filesystem::path& path)
{
    auto target = std::filesystem::absolute(path).lexically_normal();
    if (!target.has_filename())
    {
        throw std::invalid_argument("JUnit file: " + path.string() + " names a directory");
    }
    std::filesystem::create_directories(target.parent_path());
    // Appended in place: GCC 12 at -O3 sees a false overlap in "." + std::string&& (-Wrestrict).
    std::string name = ".";
    name += target.filename().string();
    name += ".tmp-" + std::to_string(::getpid());
    auto temporary = target.parent_path() / name;
    try
    {
        WriteReportFile(temporary, [&report](std::ostream& out) { WriteJUnit(report, out); });
        std::filesystem::rename(temporary, target);
    }
    catch (...)
    {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    }
}

} // namespace wsdsim

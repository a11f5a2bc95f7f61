// Writes a run's report folder: index.json, junit.xml, summary.md and summary.html, atomically.
#include "report/report-writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>
#include <vector>

#include "common/time-text.h"
#include "report/markup.h"
#include "report/narration.h"
#include "report/sequence-diagram.h"

namespace wsdsim
{

namespace
{

// ---------------------------------------------------------------------------------------------
// Verdicts, counts and the shape of the run
// ---------------------------------------------------------------------------------------------

/// Every verdict, in the order reports list them (the enumeration's order).
constexpr std::array<Verdict, 7> kVerdicts{
    Verdict::PASS,
    Verdict::FAIL,
    Verdict::NON_STRICT,
    Verdict::UNSUPPORTED,
    Verdict::XFAIL,
    Verdict::XPASS,
    Verdict::ERROR,
};

/// \return what a verdict means, for the reports' legends
const char*
VerdictMeaning(Verdict verdict)
{
    switch (verdict)
    {
        case Verdict::PASS:
            return "everything as required";
        case Verdict::FAIL:
            return "a MUST broken";
        case Verdict::NON_STRICT:
            return "a SHOULD broken, no MUST broken";
        case Verdict::UNSUPPORTED:
            return "the implementation cannot express the case";
        case Verdict::XFAIL:
            return "failed, as a recorded known divergence says it will";
        case Verdict::XPASS:
            return "passed although recorded as a known divergence";
        case Verdict::ERROR:
            return "harness or input fault, crash, hang";
    }
    return "";
}

/// \return the verdict as a lower-case CSS class suffix ("non-strict")
std::string
VerdictClass(Verdict verdict)
{
    std::string name = VerdictName(verdict);
    std::transform(name.begin(),
                   name.end(),
                   name.begin(),
                   [](unsigned char c)
                   { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    return name;
}

/// How many cases got each verdict.
struct VerdictCounts
{
    std::array<size_t, kVerdicts.size()> m_count{}; //!< indexed by the verdict's value
    size_t m_total{0};                              //!< all cases
    double m_seconds{0};                            //!< sum of the cases' durations

    /// Count one case.
    void Add(const CaseResult& result)
    {
        ++m_count[static_cast<size_t>(result.verdict)];
        ++m_total;
        if (std::isfinite(result.durationSeconds) && result.durationSeconds > 0)
        {
            m_seconds += result.durationSeconds;
        }
    }

    /// \return the number of cases with that verdict
    size_t Get(Verdict verdict) const
    {
        return m_count[static_cast<size_t>(verdict)];
    }

    /// \return the counts as JSON: every verdict name, and "total"
    nlohmann::json ToJson() const
    {
        nlohmann::json object = nlohmann::json::object();
        for (auto verdict : kVerdicts)
        {
            object[VerdictName(verdict)] = Get(verdict);
        }
        object["total"] = m_total;
        return object;
    }
};

/// \return the implementations of the run: the declared ones, then any others cases name
std::vector<std::string>
Implementations(const RunReport& report)
{
    std::vector<std::string> names;
    auto add = [&names](const std::string& name)
    {
        if (std::find(names.begin(), names.end(), name) == names.end())
        {
            names.push_back(name);
        }
    };
    for (const auto& name : report.implementations)
    {
        add(name);
    }
    for (const auto& result : report.cases)
    {
        add(result.implementation);
    }
    return names;
}

/// \return the counts over all cases
VerdictCounts
CountAll(const RunReport& report)
{
    VerdictCounts counts;
    for (const auto& result : report.cases)
    {
        counts.Add(result);
    }
    return counts;
}

/// \return the counts per implementation
std::map<std::string, VerdictCounts>
CountByImplementation(const RunReport& report)
{
    std::map<std::string, VerdictCounts> counts;
    for (const auto& name : Implementations(report))
    {
        counts[name];
    }
    for (const auto& result : report.cases)
    {
        counts[result.implementation].Add(result);
    }
    return counts;
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

/// \return seconds as a locale-independent decimal with the given digits after the point
std::string
FormatSeconds(double seconds, int precision = 3)
{
    if (!std::isfinite(seconds) || seconds < 0)
    {
        seconds = 0;
    }
    char buffer[64];
    auto [end, error] = std::to_chars(
        buffer, buffer + sizeof(buffer), seconds, std::chars_format::fixed, precision);
    if (error != std::errc())
    {
        return "0";
    }
    return std::string(buffer, end);
}

/// \return a one-line headline of the exit status
std::string
Headline(const RunReport& report, const VerdictCounts& counts)
{
    switch (report.ExitStatus())
    {
        case 0:
            return "Conformant: no case is FAIL or ERROR (exit status 0)";
        case 1:
            return "Non-conformant: " + std::to_string(counts.Get(Verdict::FAIL))
                   + " case(s) FAIL, a MUST requirement is broken (exit status 1)";
        default:
            return "Harness or input fault: " + std::to_string(counts.Get(Verdict::ERROR))
                   + " case(s) ERROR (exit status 2)";
    }
}

// ---------------------------------------------------------------------------------------------
// Requirements: the catalogue and which cases cover each requirement
// ---------------------------------------------------------------------------------------------

/// One entry of the requirement catalogue.
struct Requirement
{
    std::string m_id;     //!< stable id
    std::string m_source; //!< the document and clause
    std::string m_text;   //!< what it requires
    std::string m_level;  //!< MUST, SHOULD, ...
};

/// \return a member as text: strings as they are, other values as JSON, absent as ""
std::string
JsonText(const nlohmann::json& object, const char* key)
{
    auto member = object.find(key);
    if (member == object.end() || member->is_null())
    {
        return "";
    }
    if (member->is_string())
    {
        return member->get<std::string>();
    }
    return member->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// \return the catalogue's entries that have a string id (an array, or {"requirements": [...]})
std::vector<Requirement>
Catalogue(const RunReport& report)
{
    const nlohmann::json* entries = &report.requirements;
    if (entries->is_object() && entries->contains("requirements"))
    {
        entries = &(*entries)["requirements"];
    }
    std::vector<Requirement> catalogue;
    if (!entries->is_array())
    {
        return catalogue;
    }
    for (const auto& entry : *entries)
    {
        if (entry.is_object() && entry.contains("id") && entry["id"].is_string())
        {
            catalogue.push_back(Requirement{entry["id"].get<std::string>(),
                                            JsonText(entry, "source"),
                                            JsonText(entry, "text"),
                                            JsonText(entry, "level")});
        }
    }
    return catalogue;
}

/// \return every requirement id a case names, in order, without repetition
std::vector<std::string>
CaseRequirementIds(const CaseResult& result)
{
    std::vector<std::string> ids;
    auto add = [&ids](const std::vector<std::string>& more)
    {
        for (const auto& id : more)
        {
            if (std::find(ids.begin(), ids.end(), id) == ids.end())
            {
                ids.push_back(id);
            }
        }
    };
    add(result.requirements);
    add(result.failedRequirements);
    add(result.passedRequirements);
    if (result.divergence)
    {
        add(result.divergence->requirements);
    }
    return ids;
}

/// What one case says about one requirement.
enum class Coverage
{
    HELD,         //!< its outcomes held
    BROKEN,       //!< an outcome concerning it was broken
    NOT_RUN,      //!< the case was UNSUPPORTED
    FAULT,        //!< the case was ERROR
    UNDETERMINED, //!< the case did not pass, but not because of this requirement as far as known
};

/// \return what a case says about a requirement it names
Coverage
CoverageOf(const CaseResult& result, const std::string& id)
{
    auto has = [&id](const std::vector<std::string>& ids)
    {
        return std::find(ids.begin(), ids.end(), id) != ids.end();
    };
    if (has(result.failedRequirements))
    {
        return Coverage::BROKEN;
    }
    if (has(result.passedRequirements))
    {
        return Coverage::HELD;
    }
    switch (result.verdict)
    {
        case Verdict::PASS:
            // every outcome held
        case Verdict::XPASS:
            // every outcome held, against the record
            return Coverage::HELD;
        case Verdict::UNSUPPORTED:
            // nothing was checked
            return Coverage::NOT_RUN;
        case Verdict::ERROR:
            // nothing can be said
            return Coverage::FAULT;
        case Verdict::FAIL:
        case Verdict::NON_STRICT:
        case Verdict::XFAIL:
            // broken if the first divergence concerns it, else not known
            if (result.divergence && has(result.divergence->requirements))
            {
                return Coverage::BROKEN;
            }
            return Coverage::UNDETERMINED;
    }
    return Coverage::UNDETERMINED;
}

/// \return the mark of a coverage in the matrix
const char*
CoverageMark(Coverage coverage)
{
    switch (coverage)
    {
        case Coverage::HELD:
            return "\u2713"; // check mark
        case Coverage::BROKEN:
            return "\u2717"; // ballot x
        case Coverage::NOT_RUN:
            return "\u2013"; // en dash
        case Coverage::FAULT:
            return "!";
        case Coverage::UNDETERMINED:
            return "?";
    }
    return "?";
}

/// \return a coverage's CSS class
const char*
CoverageClass(Coverage coverage)
{
    switch (coverage)
    {
        case Coverage::HELD:
            return "c-held";
        case Coverage::BROKEN:
            return "c-broken";
        case Coverage::NOT_RUN:
            return "c-not-run";
        case Coverage::FAULT:
            return "c-fault";
        case Coverage::UNDETERMINED:
            return "c-undetermined";
    }
    return "c-undetermined";
}

/// The legend of the matrix marks.
constexpr const char* kCoverageLegend = "\u2713 held, \u2717 broken, \u2013 not run (UNSUPPORTED), "
                                        "! harness fault (ERROR), ? case did not pass, requirement "
                                        "not known to be the cause";

/// The requirement x case matrix.
struct Matrix
{
    std::vector<Requirement> m_catalogue;               //!< rows, in catalogue order
    std::map<std::string, std::vector<size_t>> m_cases; //!< id -> indexes of cases
    std::vector<std::string> m_uncatalogued;            //!< ids cases name, not catalogued
    std::vector<const Requirement*> m_uncovered;        //!< catalogued, covered by none

    /// \return the matrix of a run
    static Matrix Build(const RunReport& report)
    {
        Matrix matrix;
        matrix.m_catalogue = Catalogue(report);
        std::set<std::string> catalogued;
        for (const auto& requirement : matrix.m_catalogue)
        {
            catalogued.insert(requirement.m_id);
        }
        for (size_t index = 0; index < report.cases.size(); ++index)
        {
            for (const auto& id : CaseRequirementIds(report.cases[index]))
            {
                matrix.m_cases[id].push_back(index);
                if (!catalogued.contains(id)
                    && std::find(matrix.m_uncatalogued.begin(), matrix.m_uncatalogued.end(), id)
                           == matrix.m_uncatalogued.end())
                {
                    matrix.m_uncatalogued.push_back(id);
                }
            }
        }
        for (const auto& requirement : matrix.m_catalogue)
        {
            if (!matrix.m_cases.contains(requirement.m_id))
            {
                matrix.m_uncovered.push_back(&requirement);
            }
        }
        return matrix;
    }

    /// \return the indexes of the cases of one implementation that cover a requirement
    std::vector<size_t> CasesOf(const RunReport& report,
                                const std::string& id,
                                const std::string& implementation) const
    {
        std::vector<size_t> indexes;
        auto found = m_cases.find(id);
        if (found != m_cases.end())
        {
            for (auto index : found->second)
            {
                if (report.cases[index].implementation == implementation)
                {
                    indexes.push_back(index);
                }
            }
        }
        return indexes;
    }
};

// ---------------------------------------------------------------------------------------------
// Text: visible control characters, escaping for XML, HTML, Markdown and URLs
// ---------------------------------------------------------------------------------------------

/// Append `\xNN` for one byte.
void
AppendHexByte(std::string& out, unsigned char byte)
{
    constexpr const char* kDigits = "0123456789ABCDEF";
    out += "\\x";
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xF];
}

/**
 * \return the text with what XML 1.0 and HTML cannot carry made visible: C0 control characters
 * other than tab, line feed and carriage return, and bytes that are not valid UTF-8, become
 * `\xNN`; the non-characters U+FFFE and U+FFFF become `\uFFFE` and `\uFFFF`.
 */
std::string
Visible(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size())
    {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80)
        {
            if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r')
            {
                AppendHexByte(out, byte);
            }
            else
            {
                out += static_cast<char>(byte);
            }
            ++i;
            continue;
        }
        size_t length = 0;
        uint32_t codePoint = 0;
        uint32_t smallest = 0;
        if ((byte & 0xE0) == 0xC0)
        {
            length = 2;
            codePoint = byte & 0x1F;
            smallest = 0x80;
        }
        else if ((byte & 0xF0) == 0xE0)
        {
            length = 3;
            codePoint = byte & 0x0F;
            smallest = 0x800;
        }
        else if ((byte & 0xF8) == 0xF0)
        {
            length = 4;
            codePoint = byte & 0x07;
            smallest = 0x10000;
        }
        bool valid = length != 0 && i + length <= text.size();
        for (size_t k = 1; valid && k < length; ++k)
        {
            auto next = static_cast<unsigned char>(text[i + k]);
            valid = (next & 0xC0) == 0x80;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        valid = valid && codePoint >= smallest && codePoint <= 0x10FFFF
                && !(codePoint >= 0xD800 && codePoint <= 0xDFFF);
        if (!valid)
        {
            AppendHexByte(out, byte); // overlong, truncated, surrogate or stray byte
            ++i;
            continue;
        }
        if (codePoint == 0xFFFE || codePoint == 0xFFFF)
        {
            out += codePoint == 0xFFFE ? "\\uFFFE" : "\\uFFFF";
        }
        else
        {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

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
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
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
                out += c;
        }
    }
    return out;
}

/// \return the text escaped for HTML text or a quoted attribute value
std::string
HtmlEscape(std::string_view text)
{
    std::string out;
    for (char c : Visible(text))
    {
        switch (c)
        {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

/// \return a relative or absolute file path as a URL path: bytes outside [A-Za-z0-9-._~/] as %XX
std::string
UrlPath(std::string_view path)
{
    constexpr const char* kDigits = "0123456789ABCDEF";
    std::string out;
    for (char c : path)
    {
        auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z')
            || (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_'
            || byte == '~' || byte == '/')
        {
            out += c;
        }
        else
        {
            out += '%';
            out += kDigits[byte >> 4];
            out += kDigits[byte & 0xF];
        }
    }
    return out;
}

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

/// \return the text cut to at most limit bytes at a UTF-8 boundary, with an ellipsis when cut
std::string
Shorten(const std::string& text, size_t limit = 80)
{
    if (text.size() <= limit)
    {
        return text;
    }
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    {
        --end;
    }
    return text.substr(0, end) + "\u2026";
}

/// \return the ids joined with ", "
std::string
Join(const std::vector<std::string>& items, const std::string& separator = ", ")
{
    std::string out;
    for (const auto& item : items)
    {
        out += (out.empty() ? "" : separator) + item;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The divergence as plain text (JUnit bodies and notes)
// ---------------------------------------------------------------------------------------------

/// \return the divergence and artifacts of a case as plain text, for JUnit bodies and notes
std::string
DetailText(const CaseResult& result)
{
    std::ostringstream out;
    if (!result.reason.empty() && !(result.divergence && result.divergence->what == result.reason))
    {
        out << result.reason << "\n";
    }
    if (result.divergence)
    {
        const auto& divergence = *result.divergence;
        out << "At event " << divergence.eventIndex << ": " << divergence.what << "\n";
        out << "Level: " << divergence.level;
        if (!divergence.requirements.empty())
        {
            out << "; requirements: " << Join(divergence.requirements);
        }
        out << "\n";
        out << "Expected: " << divergence.expected << "\n";
        out << "Actual: " << divergence.actual << "\n";
        if (!divergence.context.empty())
        {
            out << "Context:\n";
            for (const auto& line : divergence.context)
            {
                out << "  " << line << "\n";
            }
        }
    }
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

/// \return a one-line summary of why a case did not pass: the divergence, else the reason
std::string
ShortWhy(const CaseResult& result)
{
    if (result.divergence && !result.divergence->what.empty())
    {
        return result.divergence->what;
    }
    if (!result.reason.empty())
    {
        return result.reason;
    }
    return std::string(VerdictName(result.verdict)) + ": " + VerdictMeaning(result.verdict);
}

/// Write a file from a writer function. \throws std::runtime_error when it cannot be written
template <typename Writer>
void
WriteFile(const std::filesystem::path& path, const RunReport& report, Writer writer)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
    {
        throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
    }
    writer(report, out);
    out.close();
    if (!out)
    {
        throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
    }
}

/// Write the Markdown links to a case's artifacts ("" when it has none).
std::string
MdArtifactLinks(const CaseResult& result)
{
    std::vector<std::string> links;
    auto add = [&links](const char* label, const std::string& path)
    {
        if (!path.empty())
        {
            links.push_back(std::string("[") + label + "](" + UrlPath(path) + ")");
        }
    };
    add("trace", result.tracePath);
    add("reference", result.referencePath);
    add("pcap", result.pcapPath);
    return Join(links, " \u00b7 ");
}

/// \return the HTML links to a case's artifacts ("" when it has none)
std::string
HtmlArtifactLinks(const CaseResult& result)
{
    std::vector<std::string> links;
    auto add = [&links](const char* label, const std::string& path)
    {
        if (!path.empty())
        {
            links.push_back("<a href=\"" + HtmlEscape(UrlPath(path)) + "\" title=\""
                            + HtmlEscape(path) + "\">" + label + "</a>");
        }
    };
    add("trace", result.tracePath);
    add("reference", result.referencePath);
    // pcapPath lists the case's pcaps separated by spaces (the model: one per host, in order)
    std::vector<std::string> pcaps;
    std::istringstream words(result.pcapPath);
    for (std::string word; words >> word;)
    {
        pcaps.push_back(word);
    }
    for (size_t i = 0; i < pcaps.size(); ++i)
    {
        const std::string label
            = pcaps.size() == 2 ? "pcap host " + std::to_string(i) : std::string("pcap");
        add(label.c_str(), pcaps[i]);
    }
    return Join(links, " \u00b7 ");
}

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

/// \return a verdict badge in HTML
std::string
HtmlVerdict(Verdict verdict)
{
    return "<span class=\"v v-" + VerdictClass(verdict) + "\">" + VerdictName(verdict) + "</span>";
}

/// \return a case's verdict as an HTML badge, "FAIL (data lost)" for silent data loss
std::string
HtmlVerdict(const CaseResult& result)
{
    return "<span class=\"v v-" + VerdictClass(result.verdict) + "\">" + VerdictLabel(result)
           + "</span>";
}

/// \return the HTML of a case's one-line divergence or reason
std::string
HtmlWhy(const CaseResult& result)
{
    if (result.verdict == Verdict::PASS)
    {
        return "";
    }
    std::string html = HtmlEscape(ShortWhy(result));
    if (result.divergence)
    {
        html += " <span class=\"muted\">(expected <code>"
                + HtmlEscape(Shorten(result.divergence->expected)) + "</code>, got <code>"
                + HtmlEscape(Shorten(result.divergence->actual)) + "</code>)</span>";
    }
    return html;
}

/// \return the Markdown of a case's one-line divergence or reason
std::string
MdWhy(const CaseResult& result)
{
    if (result.verdict == Verdict::PASS)
    {
        return "";
    }
    std::string md = MdText(Shorten(ShortWhy(result), 160));
    if (result.divergence)
    {
        const auto& divergence = *result.divergence;
        md = "event " + std::to_string(divergence.eventIndex) + ": " + md;
        auto expected = MdCode(Shorten(divergence.expected));
        auto actual = MdCode(Shorten(divergence.actual));
        md += " (expected " + (expected.empty() ? std::string("nothing") : expected) + ", got "
              + (actual.empty() ? std::string("nothing") : actual) + ")";
    }
    return md;
}

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

/// \return a case's <details>: its sequence diagram (beside the reference's when it diverges)
/// and its narration, or a note saying why there is none
std::string
HtmlCaseDiagram(const RunReport& report,
                const CaseResult& result,
                size_t index,
                const std::filesystem::path& directory)
{
    std::ostringstream out;
    const bool diverges = result.divergence.has_value();
    out << "<details class=\"seqcase\" id=\"seq-" << index << "\" data-case=\""
        << HtmlEscape(result.id) << "\" data-impl=\"" << HtmlEscape(result.implementation) << "\""
        << (diverges ? " open" : "") << ">\n<summary><span class=\"id\">" << HtmlEscape(result.id)
        << "</span> <span class=\"muted\">(" << HtmlEscape(result.implementation) << ")</span> "
        << HtmlVerdict(result) << "</summary>\n";
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
        const Timeline timeline = LoadTimeline(trace);
        // the case's steps and outcomes, as the runner handed them over
        const auto known = report.scenarioCases.find(result.id);
        const ScenarioCase* scenarioCase
            = known == report.scenarioCases.end() ? nullptr : &known->second;
        NarrationContext context;
        context.scenarioCase = scenarioCase;
        context.catalogue = report.requirements;
        DiagramOptions actual;
        actual.standalone = false;
        actual.title = result.id + " \u2014 " + result.implementation;
        const std::string reference = CaseFile(directory, result.referencePath);
        std::string referenceSvg;
        if (diverges)
        {
            const auto& divergence = *result.divergence;
            context.divergenceEvent = divergence.eventIndex;
            context.divergenceText = divergence.what;
            actual.divergenceEvent = divergence.eventIndex;
            actual.divergenceText = divergence.what + " Actual: " + divergence.actual;
            if (!reference.empty())
            {
                const Timeline expected = LoadTimeline(reference);
                DiagramOptions options;
                options.standalone = false;
                options.title = result.id + " \u2014 reference (model)";
                options.divergenceEvent
                    = CorrespondingEvent(timeline, divergence.eventIndex, expected);
                if (!options.divergenceEvent)
                {
                    options.divergenceEvent = expected.eventCount;
                }
                options.divergenceText = divergence.what + " Expected: " + divergence.expected;
                referenceSvg = RenderSequenceDiagram(expected, options);
            }
        }
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
    catch (const std::exception& error)
    {
        out << "<p class=\"muted\">The trace cannot be drawn: " << HtmlEscape(error.what())
            << "</p>\n";
    }
    out << "</details>\n";
    return out.str();
}

} // namespace

// ---------------------------------------------------------------------------------------------
// index.json
// ---------------------------------------------------------------------------------------------

nlohmann::json
IndexJson(const RunReport& report)
{
    nlohmann::json byImplementation = nlohmann::json::object();
    for (const auto& [name, counts] : CountByImplementation(report))
    {
        byImplementation[name] = counts.ToJson();
    }
    nlohmann::json cases = nlohmann::json::array();
    for (const auto& result : report.cases)
    {
        cases.push_back(result.ToJson());
    }
    return nlohmann::json{
        {"indexFormat", kIndexFormat},
        {"tool", report.tool},
        {"version", report.version},
        {"implementations", Implementations(report)},
        {"wallSeconds", report.wallSeconds},
        {"exitStatus", report.ExitStatus()},
        {"summary", CountAll(report).ToJson()},
        {"summaryByImplementation", byImplementation},
        {"requirements",
         report.requirements.is_null() ? nlohmann::json::array() : report.requirements},
        {"cases", cases},
    };
}

RunReport
RunReportFromIndex(const nlohmann::json& index)
{
    if (!index.is_object() || !index.contains("cases") || !index["cases"].is_array())
    {
        throw std::invalid_argument("index.json: expected an object with a \"cases\" array");
    }
    RunReport report;
    try
    {
        report.tool = index.value("tool", std::string("wsdsim"));
        report.version = index.value("version", std::string());
        report.implementations = index.value("implementations", std::vector<std::string>());
        report.wallSeconds = index.value("wallSeconds", 0.0);
    }
    catch (const nlohmann::json::exception& e)
    {
        throw std::invalid_argument(std::string("index.json: ") + e.what());
    }
    report.requirements = index.value("requirements", nlohmann::json::array());
    const auto& cases = index["cases"];
    for (size_t i = 0; i < cases.size(); ++i)
    {
        try
        {
            report.cases.push_back(CaseResult::FromJson(cases[i]));
        }
        catch (const std::invalid_argument& e)
        {
            std::string what = e.what();
            throw std::invalid_argument("index.json: /cases/" + std::to_string(i)
                                        + (what.starts_with('/') ? what : ": " + what));
        }
    }
    return report;
}

void
WriteIndexJson(const RunReport& report, std::ostream& out)
{
    out << IndexJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// ---------------------------------------------------------------------------------------------
// junit.xml
// ---------------------------------------------------------------------------------------------

void
WriteJUnit(const RunReport& report, std::ostream& out)
{
    auto attribute = [](std::string_view text)
    {
        return XmlEscape(text, true);
    };
    auto text = [](std::string_view body)
    {
        return XmlEscape(body, false);
    };
    // Jenkins splits classname at its last '.': no dots inside one component
    auto component = [](std::string name)
    {
        std::replace(name.begin(), name.end(), '.', '_');
        return name.empty() ? std::string("_") : name;
    };
    auto counts = CountByImplementation(report);
    auto all = CountAll(report);
    auto skipped = [](const VerdictCounts& c)
    {
        return c.Get(Verdict::UNSUPPORTED) + c.Get(Verdict::XFAIL);
    };
    double wall = report.wallSeconds > 0 ? report.wallSeconds : all.m_seconds;

    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"" << attribute(report.tool) << "\" tests=\"" << all.m_total
        << "\" failures=\"" << all.Get(Verdict::FAIL) << "\" errors=\"" << all.Get(Verdict::ERROR)
        << "\" skipped=\"" << skipped(all) << "\" time=\"" << FormatSeconds(wall) << "\">\n";
    for (const auto& implementation : Implementations(report))
    {
        const auto& suite = counts[implementation];
        out << "  <testsuite name=\"wsdsim." << attribute(implementation) << "\" tests=\""
            << suite.m_total << "\" failures=\"" << suite.Get(Verdict::FAIL) << "\" errors=\""
            << suite.Get(Verdict::ERROR) << "\" skipped=\"" << skipped(suite) << "\" time=\""
            << FormatSeconds(suite.m_seconds) << "\">\n";
        out << "    <properties>\n";
        out << "      <property name=\"wsdsim.version\" value=\"" << attribute(report.version)
            << "\"/>\n";
        out << "      <property name=\"wsdsim.implementation\" value=\""
            << attribute(implementation) << "\"/>\n";
        out << "    </properties>\n";
        for (const auto& result : report.cases)
        {
            if (result.implementation != implementation)
            {
                continue;
            }
            out << "    <testcase name=\"" << attribute(result.id) << "\" classname=\"wsdsim."
                << attribute(component(implementation)) << "."
                << attribute(component(Feature(result))) << "\" time=\""
                << FormatSeconds(result.durationSeconds) << "\"";
            std::string note; // system-out
            switch (result.verdict)
            {
                case Verdict::PASS:
                    // a passing testcase: no child
                    out << "/>\n";
                    continue;
                case Verdict::FAIL:
                    // a MUST broken: the CI's failure
                    out << ">\n      <failure message=\"" << attribute(ShortWhy(result))
                        << "\" type=\"" << (result.dataLost ? "DATA-LOST" : "FAIL") << "\">"
                        << text(DetailText(result)) << "</failure>\n";
                    break;
                case Verdict::ERROR:
                    // the harness or the input failed: the CI's error
                    out << ">\n      <error message=\"" << attribute(ShortWhy(result))
                        << "\" type=\"ERROR\">" << text(DetailText(result)) << "</error>\n";
                    break;
                case Verdict::UNSUPPORTED:
                    // not failed: skipped, with the reason
                    out << ">\n      <skipped message=\"" << attribute(result.reason) << "\"/>\n";
                    break;
                case Verdict::XFAIL:
                    // a known divergence: skipped, the divergence kept in system-out
                    out << ">\n      <skipped message=\"" << attribute("XFAIL: " + result.reason)
                        << "\"/>\n";
                    note = "XFAIL: failed as recorded (" + result.reason + ")\n"
                           + DetailText(result);
                    break;
                case Verdict::NON_STRICT:
                    // a SHOULD broken: passes, with a note
                    out << ">\n";
                    note = "NON-STRICT: a SHOULD requirement was not met (no MUST broken)\n"
                           + DetailText(result);
                    break;
                case Verdict::XPASS:
                    // better than recorded: passes, with a note to update the record
                    out << ">\n";
                    note = "XPASS: passed although recorded as a known divergence"
                           + (result.reason.empty() ? std::string() : " (" + result.reason + ")")
                           + "; update the recorded expectation\n" + DetailText(result);
                    break;
            }
            if (!note.empty())
            {
                out << "      <system-out>" << text(note) << "</system-out>\n";
            }
            out << "    </testcase>\n";
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

// ---------------------------------------------------------------------------------------------
// summary.md
// ---------------------------------------------------------------------------------------------

void
WriteSummaryMarkdown(const RunReport& report, std::ostream& out)
{
    auto implementations = Implementations(report);
    auto counts = CountByImplementation(report);
    auto all = CountAll(report);
    auto matrix = Matrix::Build(report);

    out << "# " << MdText(report.tool) << " conformance report\n\n";
    out << "**" << MdText(Headline(report, all)) << "**\n\n";
    out << "- version: " << MdText(report.version.empty() ? "unknown" : report.version) << "\n";
    out << "- implementations: " << MdText(Join(implementations)) << "\n";
    out << "- cases: " << all.m_total << ", wall time " << FormatSeconds(report.wallSeconds, 1)
        << " s\n\n";

    out << "## Verdicts\n\n| verdict | meaning |";
    for (const auto& name : implementations)
    {
        out << " " << MdText(name) << " |";
    }
    out << " total |\n|:--|:--|";
    for (size_t i = 0; i < implementations.size(); ++i)
    {
        out << "--:|";
    }
    out << "--:|\n";
    for (auto verdict : kVerdicts)
    {
        out << "| " << VerdictName(verdict) << " | " << VerdictMeaning(verdict) << " |";
        for (const auto& name : implementations)
        {
            out << " " << counts[name].Get(verdict) << " |";
        }
        out << " " << all.Get(verdict) << " |\n";
    }
    out << "| **total** | |";
    for (const auto& name : implementations)
    {
        out << " " << counts[name].m_total << " |";
    }
    out << " " << all.m_total << " |\n\n";

    if (Implementations(report).size() > 1)
    {
        const auto names = Implementations(report);
        std::vector<std::string> ids;
        std::map<std::pair<std::string, std::string>, Verdict> cell;
        for (const auto& result : report.cases)
        {
            if (std::find(ids.begin(), ids.end(), result.id) == ids.end())
            {
                ids.push_back(result.id);
            }
            cell[{result.id, result.implementation}] = result.verdict;
        }
        out << "## Case x implementation\n\n| case |";
        for (const auto& name : names)
        {
            out << " " << MdText(name) << " |";
        }
        out << "\n|:--|";
        for (size_t i = 0; i < names.size(); ++i)
        {
            out << ":--|";
        }
        out << "\n";
        for (const auto& id : ids)
        {
            out << "| " << MdCode(id) << " |";
            for (const auto& name : names)
            {
                auto it = cell.find({id, name});
                out << " " << (it == cell.end() ? "" : VerdictName(it->second)) << " |";
            }
            out << "\n";
        }
        out << "\nThe first divergence of each case that did not pass is under \"Details\" "
               "below.\n\n";
    }
    out << "## Cases\n\n";
    if (report.cases.empty())
    {
        out << "No case was run.\n\n";
    }
    else
    {
        out << "| case | implementation | verdict | time (s) | first divergence | artifacts |\n";
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

    out << "## Requirements\n\n";
    if (matrix.m_catalogue.empty())
    {
        out << "No requirement catalogue was given.\n\n";
    }
    else
    {
        out << "Each cell lists the cases of that implementation that check the requirement: "
            << kCoverageLegend << ".\n\n";
        out << "| requirement | level | text |";
        for (const auto& name : implementations)
        {
            out << " " << MdText(name) << " |";
        }
        out << "\n|:--|:--|:--|";
        for (size_t i = 0; i < implementations.size(); ++i)
        {
            out << ":--|";
        }
        out << "\n";
        for (const auto& requirement : matrix.m_catalogue)
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
                auto indexes = matrix.CasesOf(report, requirement.m_id, name);
                std::vector<std::string> cells;
                for (auto index : indexes)
                {
                    const auto& result = report.cases[index];
                    auto coverage = CoverageOf(result, requirement.m_id);
                    std::string cell
                        = std::string(CoverageMark(coverage)) + " " + MdCode(result.id);
                    if (result.verdict != Verdict::PASS)
                    {
                        cell += " " + VerdictLabel(result);
                    }
                    cells.push_back(cell);
                }
                out << " "
                    << (cells.empty() ? (matrix.m_cases.contains(requirement.m_id)
                                             ? std::string("\u2014")
                                             : std::string("*not covered*"))
                                      : Join(cells, "<br>"))
                    << " |";
            }
            out << "\n";
        }
        out << "\n### Requirements covered by no case\n\n";
        if (matrix.m_uncovered.empty())
        {
            out << "None: every requirement in the catalogue is checked by at least one case.\n\n";
        }
        else
        {
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
    }
    if (!matrix.m_uncatalogued.empty())
    {
        out << "### Requirement ids not in the catalogue\n\n";
        for (const auto& id : matrix.m_uncatalogued)
        {
            out << "- " << MdCode(id) << "\n";
        }
        out << "\n";
    }

    bool heading = false;
    for (const auto& result : report.cases)
    {
        if (result.verdict == Verdict::PASS)
        {
            continue;
        }
        if (!heading)
        {
            out << "## Details of the cases that did not pass\n\n";
            heading = true;
        }
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
        if (result.divergence)
        {
            const auto& divergence = *result.divergence;
            out << "At event " << divergence.eventIndex << ": " << MdText(divergence.what)
                << " (level " << MdText(divergence.level);
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
        auto links = MdArtifactLinks(result);
        if (!links.empty())
        {
            out << "Artifacts: " << links << "\n\n";
        }
    }
}

// ---------------------------------------------------------------------------------------------
// summary.html
// ---------------------------------------------------------------------------------------------

namespace
{
void WriteSummaryHtmlIn(const RunReport& report,
                        std::ostream& out,
                        const std::filesystem::path& directory);
} // namespace

void
WriteSummaryHtml(const RunReport& report, std::ostream& out)
{
    WriteSummaryHtmlIn(report, out, std::filesystem::current_path());
}

namespace
{
/// summary.html, the traces of the cases read from the report folder `directory`.
void
WriteSummaryHtmlIn(const RunReport& report,
                   std::ostream& out,
                   const std::filesystem::path& directory)
{
    auto implementations = Implementations(report);
    auto counts = CountByImplementation(report);
    auto all = CountAll(report);
    auto matrix = Matrix::Build(report);
    auto anchor = [](size_t index)
    {
        return "case-" + std::to_string(index);
    };

    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << HtmlEscape(report.tool) << " conformance report</title>\n"
        << "<style>" << kStyle << "</style>\n</head>\n<body>\n";

    out << "<header>\n<h1>" << HtmlEscape(report.tool) << " conformance report</h1>\n"
        << "<p class=\"headline status-" << std::min(report.ExitStatus(), 2) << "\">"
        << HtmlEscape(Headline(report, all)) << "</p>\n"
        << "<p class=\"muted\">version "
        << HtmlEscape(report.version.empty() ? "unknown" : report.version)
        << " &middot; implementations: " << HtmlEscape(Join(implementations)) << " &middot; "
        << all.m_total << " cases &middot; wall time " << FormatSeconds(report.wallSeconds, 1)
        << " s</p>\n</header>\n";

    // verdict counts
    out << "<section id=\"verdicts\">\n<h2>Verdicts</h2>\n<table>\n<tr><th>verdict</th>"
        << "<th>meaning</th>";
    for (const auto& name : implementations)
    {
        out << "<th>" << HtmlEscape(name) << "</th>";
    }
    out << "<th>total</th></tr>\n";
    for (auto verdict : kVerdicts)
    {
        out << "<tr><td>" << HtmlVerdict(verdict) << "</td><td>" << VerdictMeaning(verdict)
            << "</td>";
        for (const auto& name : implementations)
        {
            out << "<td class=\"n\">" << counts[name].Get(verdict) << "</td>";
        }
        out << "<td class=\"n\">" << all.Get(verdict) << "</td></tr>\n";
    }
    out << "<tr><th>total</th><th></th>";
    for (const auto& name : implementations)
    {
        out << "<th class=\"n\">" << counts[name].m_total << "</th>";
    }
    out << "<th class=\"n\">" << all.m_total << "</th></tr>\n</table>\n</section>\n";

    // case x implementation matrix: each cell links to the case's first divergence
    if (implementations.size() > 1)
    {
        std::vector<std::string> ids;
        std::map<std::pair<std::string, std::string>, size_t> cell;
        for (size_t index = 0; index < report.cases.size(); ++index)
        {
            const auto& result = report.cases[index];
            if (std::find(ids.begin(), ids.end(), result.id) == ids.end())
            {
                ids.push_back(result.id);
            }
            cell[{result.id, result.implementation}] = index;
        }
        out << "<section id=\"matrix\">\n<h2>Case &times; "
               "implementation</h2>\n<table>\n<tr><th>case</th>";
        for (const auto& name : implementations)
        {
            out << "<th>" << HtmlEscape(name) << "</th>";
        }
        out << "</tr>\n";
        for (const auto& id : ids)
        {
            out << "<tr><td><span class=\"id\">" << HtmlEscape(id) << "</span></td>";
            for (const auto& name : implementations)
            {
                auto it = cell.find({id, name});
                if (it == cell.end())
                {
                    out << "<td></td>";
                    continue;
                }
                const auto& result = report.cases[it->second];
                out << "<td>"
                    << (result.verdict == Verdict::PASS ? HtmlVerdict(result)
                                                        : "<a href=\"#" + anchor(it->second) + "\">"
                                                              + HtmlVerdict(result) + "</a>")
                    << "</td>";
            }
            out << "</tr>\n";
        }
        out << "</table>\n</section>\n";
    }

    // cases
    out << "<section id=\"cases\">\n<h2>Cases</h2>\n";
    if (report.cases.empty())
    {
        out << "<p>No case was run.</p>\n";
    }
    else
    {
        out << "<table>\n<tr><th>case</th><th>implementation</th><th>verdict</th>"
            << "<th>time (s)</th><th>first divergence</th><th>artifacts</th></tr>\n";
        for (size_t index = 0; index < report.cases.size(); ++index)
        {
            const auto& result = report.cases[index];
            auto id = "<span class=\"id\">" + HtmlEscape(result.id) + "</span>";
            out << "<tr id=\"row-" << index << "\" class=\"row-" << VerdictClass(result.verdict)
                << "\"><td>"
                << (result.verdict == Verdict::PASS
                        ? id
                        : "<a href=\"#" + anchor(index) + "\">" + id + "</a>")
                << "</td><td>" << HtmlEscape(result.implementation) << "</td><td>"
                << HtmlVerdict(result) << "</td><td class=\"n\">"
                << FormatSeconds(result.durationSeconds) << "</td><td>" << HtmlWhy(result)
                << "</td><td>" << HtmlArtifactLinks(result) << "</td></tr>\n";
        }
        out << "</table>\n";
    }
    out << "</section>\n";

    // every case's sequence diagram and narration
    if (!report.cases.empty())
    {
        out << "<section id=\"diagrams\">\n<h2>Sequence diagrams</h2>\n<p class=\"muted\">Each "
            << "case drawn from its trace: a lifeline per host, API calls with their results, "
            << "segments from send to arrival, TCP states; beside it the same timeline in words "
            << "with the spec's clauses. A case that diverges is drawn beside its reference, "
            << "the first divergence marked.</p>\n";
        for (size_t index = 0; index < report.cases.size(); ++index)
        {
            out << HtmlCaseDiagram(report, report.cases[index], index, directory);
        }
        out << "</section>\n";
    }

    // requirement x case matrix
    out << "<section id=\"requirements\">\n<h2>Requirements</h2>\n";
    if (matrix.m_catalogue.empty())
    {
        out << "<p>No requirement catalogue was given.</p>\n";
    }
    else
    {
        out << "<p class=\"muted\">Each cell lists the cases of that implementation that check "
            << "the requirement: " << kCoverageLegend << ".</p>\n";
        out << "<table>\n<tr><th>requirement</th><th>level</th><th>text</th>";
        for (const auto& name : implementations)
        {
            out << "<th>" << HtmlEscape(name) << "</th>";
        }
        out << "</tr>\n";
        for (const auto& requirement : matrix.m_catalogue)
        {
            out << "<tr id=\"req-" << HtmlEscape(UrlPath(requirement.m_id)) << "\"><td><code>"
                << HtmlEscape(requirement.m_id) << "</code></td><td>"
                << HtmlEscape(requirement.m_level) << "</td><td>" << HtmlEscape(requirement.m_text);
            if (!requirement.m_source.empty())
            {
                out << " <span class=\"muted\">(" << HtmlEscape(requirement.m_source) << ")</span>";
            }
            out << "</td>";
            bool covered = matrix.m_cases.contains(requirement.m_id);
            for (const auto& name : implementations)
            {
                auto indexes = matrix.CasesOf(report, requirement.m_id, name);
                out << "<td>";
                if (indexes.empty())
                {
                    out << (covered ? "<span class=\"muted\">&mdash;</span>"
                                    : "<span class=\"uncovered\">not covered</span>");
                }
                else
                {
                    out << "<ul class=\"cells\">";
                    for (auto index : indexes)
                    {
                        const auto& result = report.cases[index];
                        auto coverage = CoverageOf(result, requirement.m_id);
                        out << "<li class=\"" << CoverageClass(coverage) << "\">"
                            << CoverageMark(coverage) << " <a href=\"#"
                            << (result.verdict == Verdict::PASS ? "row-" + std::to_string(index)
                                                                : anchor(index))
                            << "\" class=\"id\">" << HtmlEscape(result.id) << "</a>";
                        if (result.verdict != Verdict::PASS)
                        {
                            out << " " << HtmlVerdict(result);
                        }
                        out << "</li>";
                    }
                    out << "</ul>";
                }
                out << "</td>";
            }
            out << "</tr>\n";
        }
        out << "</table>\n<h3>Requirements covered by no case</h3>\n";
        if (matrix.m_uncovered.empty())
        {
            out << "<p>None: every requirement in the catalogue is checked by at least one "
                << "case.</p>\n";
        }
        else
        {
            out << "<ul>\n";
            for (const auto* requirement : matrix.m_uncovered)
            {
                out << "<li class=\"uncovered\"><code>" << HtmlEscape(requirement->m_id)
                    << "</code> " << HtmlEscape(requirement->m_level) << ": "
                    << HtmlEscape(requirement->m_text) << "</li>\n";
            }
            out << "</ul>\n";
        }
    }
    if (!matrix.m_uncatalogued.empty())
    {
        out << "<h3>Requirement ids not in the catalogue</h3>\n<ul>\n";
        for (const auto& id : matrix.m_uncatalogued)
        {
            out << "<li><code>" << HtmlEscape(id) << "</code></li>\n";
        }
        out << "</ul>\n";
    }
    out << "</section>\n";

    // details of every case that did not pass
    bool heading = false;
    for (size_t index = 0; index < report.cases.size(); ++index)
    {
        const auto& result = report.cases[index];
        if (result.verdict == Verdict::PASS)
        {
            continue;
        }
        if (!heading)
        {
            out << "<section id=\"details\">\n<h2>Details of the cases that did not pass</h2>\n";
            heading = true;
        }
        out << "<article id=\"" << anchor(index) << "\" class=\"a-" << VerdictClass(result.verdict)
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
        if (result.divergence)
        {
            const auto& divergence = *result.divergence;
            out << "<p>At event " << divergence.eventIndex << ": " << HtmlEscape(divergence.what)
                << " <span class=\"muted\">(level " << HtmlEscape(divergence.level);
            if (!divergence.requirements.empty())
            {
                out << "; requirements: <code>" << HtmlEscape(Join(divergence.requirements))
                    << "</code>";
            }
            out << ")</span></p>\n<table class=\"side\">\n<tr><th>Expected</th><th>Actual</th>"
                << "</tr>\n<tr><td><pre>" << HtmlEscape(divergence.expected)
                << "</pre></td><td><pre>" << HtmlEscape(divergence.actual)
                << "</pre></td></tr>\n</table>\n";
            if (!divergence.context.empty())
            {
                out << "<p><strong>Context</strong> <span class=\"muted\">(the actual event "
                    << "highlighted)</span></p>\n<pre class=\"context\">";
                for (const auto& line : divergence.context)
                {
                    if (!divergence.actual.empty() && line == divergence.actual)
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
        }
        auto links = HtmlArtifactLinks(result);
        if (!links.empty())
        {
            out << "<p>Artifacts: " << links << "</p>\n";
        }
        out << "</article>\n";
    }
    if (heading)
    {
        out << "</section>\n";
    }
    out << "</body>\n</html>\n";
}
} // namespace

// ---------------------------------------------------------------------------------------------
// Files and folders
// ---------------------------------------------------------------------------------------------

void
WriteReportFiles(const RunReport& report, const std::filesystem::path& directory)
{
    WriteFile(directory / kIndexFileName, report, WriteIndexJson);
    WriteFile(directory / kJUnitFileName, report, WriteJUnit);
    WriteFile(directory / kMarkdownFileName, report, WriteSummaryMarkdown);
    WriteFile(directory / kHtmlFileName,
              report,
              [&directory](const RunReport& r, std::ostream& out)
              { WriteSummaryHtmlIn(r, out, directory); });
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
    auto temporary = target.parent_path()
                     / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
    try
    {
        WriteFile(temporary, report, WriteJUnit);
        std::filesystem::rename(temporary, target);
    }
    catch (...)
    {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    }
}

bool
IsReportFolder(const std::filesystem::path& directory)
{
    std::ifstream in(directory / kIndexFileName);
    if (!in)
    {
        return false;
    }
    auto index = nlohmann::json::parse(in, nullptr, false);
    return index.is_object() && index.contains("tool") && index["tool"].is_string()
           && index.contains("cases") && index["cases"].is_array();
}

void
WriteReport(const RunReport& report, const std::filesystem::path& directory)
{
    ReportStaging staging;
    staging.Begin(directory);
    staging.Commit(report);
}

std::filesystem::path
ReportStaging::Begin(const std::filesystem::path& target)
{
    std::error_code error;
    auto status = std::filesystem::status(target, error);
    if (std::filesystem::exists(status))
    {
        if (!std::filesystem::is_directory(status))
        {
            throw std::runtime_error("report folder " + target.string()
                                     + " exists and is not a directory");
        }
        if (!std::filesystem::is_empty(target) && !IsReportFolder(target))
        {
            throw std::runtime_error("refusing to replace " + target.string()
                                     + ": it is neither empty nor a report folder (no "
                                       "index.json with \"tool\" and \"cases\")");
        }
    }
    return m_directory.Begin(target);
}

void
ReportStaging::Commit(const RunReport& report)
{
    if (!m_directory.IsActive())
    {
        throw std::logic_error("ReportStaging::Commit: not begun");
    }
    WriteReportFiles(report, m_directory.GetStagingPath());
    m_directory.Commit();
}

void
ReportStaging::Abandon()
{
    m_directory.Abandon();
}

bool
ReportStaging::IsActive() const
{
    return m_directory.IsActive();
}

const std::filesystem::path&
ReportStaging::GetStagingPath() const
{
    return m_directory.GetStagingPath();
}

const std::filesystem::path&
ReportStaging::GetTargetPath() const
{
    return m_directory.GetTargetPath();
}

} // namespace wsdsim

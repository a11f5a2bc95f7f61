// What every report file says about a run (see run-summary.h).
#include "report/run-summary.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "report/divergence-text.h"

namespace wsdsim
{

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

void
VerdictCounts::Add(const CaseResult& result)
{
    ++m_count[static_cast<size_t>(result.verdict)];
    ++m_total;
    if (std::isfinite(result.durationSeconds) && result.durationSeconds > 0)
    {
        m_seconds += result.durationSeconds;
    }
}

size_t
VerdictCounts::Get(Verdict verdict) const
{
    return m_count[static_cast<size_t>(verdict)];
}

nlohmann::json
VerdictCounts::ToJson() const
{
    nlohmann::json object = nlohmann::json::object();
    for (auto verdict : kVerdicts)
    {
        object[VerdictName(verdict)] = Get(verdict);
    }
    object["total"] = m_total;
    return object;
}

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

RunTally
RunTally::Of(const RunReport& report)
{
    return RunTally{Implementations(report), CountByImplementation(report), CountAll(report)};
}

const VerdictCounts&
RunTally::Get(const std::string& implementation) const
{
    return m_byImplementation.at(implementation);
}

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

std::string
ShortWhy(const CaseResult& result)
{
    if (result.LeadDivergence() && !result.LeadDivergence()->what.empty())
    {
        return LeadDivergenceLine(result.divergences);
    }
    if (!result.reason.empty())
    {
        return result.reason;
    }
    return std::string(VerdictName(result.verdict)) + ": " + VerdictMeaning(result.verdict);
}

std::vector<size_t>
CasesNotPassed(const RunReport& report)
{
    std::vector<size_t> indexes;
    for (size_t index = 0; index < report.cases.size(); ++index)
    {
        if (report.cases[index].verdict != Verdict::PASS)
        {
            indexes.push_back(index);
        }
    }
    return indexes;
}

std::vector<ArtifactLink>
ArtifactLinks(const CaseResult& result, bool onePerPcap)
{
    std::vector<ArtifactLink> links;
    auto add = [&links](const std::string& label, const std::string& path)
    {
        if (!path.empty())
        {
            links.push_back(ArtifactLink{label, path});
        }
    };
    add("trace", result.tracePath);
    add("reference", result.referencePath);
    if (!onePerPcap)
    {
        add("pcap", result.pcapPath);
        return links;
    }
    std::vector<std::string> pcaps;
    std::istringstream words(result.pcapPath);
    for (std::string word; words >> word;)
    {
        pcaps.push_back(word);
    }
    for (size_t i = 0; i < pcaps.size(); ++i)
    {
        add(pcaps.size() == 2 ? "pcap host " + std::to_string(i) : std::string("pcap"), pcaps[i]);
    }
    return links;
}

CaseGrid
CaseGrid::Build(const RunReport& report)
{
    CaseGrid grid;
    for (size_t index = 0; index < report.cases.size(); ++index)
    {
        const auto& result = report.cases[index];
        if (std::find(grid.m_ids.begin(), grid.m_ids.end(), result.id) == grid.m_ids.end())
        {
            grid.m_ids.push_back(result.id);
        }
        grid.m_index[{result.id, result.implementation}] = index;
    }
    return grid;
}

const size_t*
CaseGrid::Find(const std::string& id, const std::string& implementation) const
{
    auto found = m_index.find({id, implementation});
    return found == m_index.end() ? nullptr : &found->second;
}

} // namespace wsdsim

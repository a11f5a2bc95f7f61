// The requirement x case matrix of a run (see requirement-matrix.h).
#include "report/requirement-matrix.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace wsdsim
{

namespace
{

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
    for (const auto& divergence : result.divergences)
    {
        add(divergence.requirements);
    }
    return ids;
}

} // namespace

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
            // broken if one of its divergences concerns it, else not known
            for (const auto& divergence : result.divergences)
            {
                if (has(divergence.requirements))
                {
                    return Coverage::BROKEN;
                }
            }
            return Coverage::UNDETERMINED;
    }
    return Coverage::UNDETERMINED;
}

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

Matrix
Matrix::Build(const RunReport& report)
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

std::vector<size_t>
Matrix::CasesOf(const RunReport& report,
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

} // namespace wsdsim

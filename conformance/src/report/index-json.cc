// index.json: the run as one JSON object (see index-json.h).
#include "report/index-json.h"

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/requirement-matrix.h"
#include "report/run-summary.h"

namespace wsdsim
{

namespace
{

/// \return the counts of every implementation, as index.json's "summaryByImplementation"
nlohmann::json
SummaryByImplementation(const RunReport& report)
{
    nlohmann::json byImplementation = nlohmann::json::object();
    for (const auto& [name, counts] : CountByImplementation(report))
    {
        byImplementation[name] = counts.ToJson();
    }
    return byImplementation;
}

/// \return every case as index.json's "cases"
nlohmann::json
CasesJson(const RunReport& report)
{
    nlohmann::json cases = nlohmann::json::array();
    for (const auto& result : report.cases)
    {
        cases.push_back(result.ToJson());
    }
    return cases;
}

/// Read the run's own fields (tool, version, implementations, wall time) from index.json.
void
ReadRunFields(const nlohmann::json& index, RunReport& report)
{
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
}

/// Read index.json's "cases" into the run, an error naming the case that is not one.
void
ReadCases(const nlohmann::json& cases, RunReport& report)
{
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
}

} // namespace

nlohmann::json
IndexJson(const RunReport& report)
{
    return nlohmann::json{
        {"indexFormat", kIndexFormat},
        {"tool", report.tool},
        {"version", report.version},
        {"implementations", Implementations(report)},
        {"wallSeconds", report.wallSeconds},
        {"exitStatus", report.ExitStatus()},
        {"summary", CountAll(report).ToJson()},
        {"summaryByImplementation", SummaryByImplementation(report)},
        {"requirements",
         report.requirements.is_null() ? nlohmann::json::array() : report.requirements},
        {"requirementsChecked", Matrix::Build(report).IdsChecked()},
        {"cases", CasesJson(report)},
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
    ReadRunFields(index, report);
    report.requirements = index.value("requirements", nlohmann::json::array());
    ReadCases(index["cases"], report);
    return report;
}

void
WriteIndexJson(const RunReport& report, std::ostream& out)
{
    out << IndexJson(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
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

} // namespace wsdsim

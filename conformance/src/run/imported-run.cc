// The results of a bundle run on Windows, read from an unpacked results archive and checked
// against the bundle they claim and the scenarios that judge them (docs/windows.md).
#include "run/imported-run.h"

#include <fstream>
#include <regex>

#include "common/input-error.h"
#include "trace/trace-io.h"

namespace wsdsim
{

namespace fs = std::filesystem;
using nlohmann::json;

namespace
{
/// An implementation's name as a machine record gives it: a lower-case family and a version.
const std::regex kImplementationName(R"([a-z]{2,16} [0-9][0-9A-Za-z.+~-]{0,40})");
/// A bundle's case file.
const std::regex kCaseFile(R"(cases/[0-9]{4,6}\.json)");
/// The exit status of a driver that cannot express its case (docs/driver-contract.md).
constexpr int64_t kUnsupportedExit = 3;

/// \return an InputError at a file of the results
InputError
ResultsError(const std::string& source,
             const std::string& name,
             const std::string& pointer,
             const std::string& message)
{
    return InputError(source + ":" + name, 0, 0, pointer, message);
}

/// \return a string field of an object, or "" when it is absent or not a string
std::string
StringField(const json& object, const char* key)
{
    const auto it = object.is_object() ? object.find(key) : object.end();
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

/// \return results.json parsed \throws InputError when it is missing or not JSON
json
ReadResultsJson(const std::string& source,
                const fs::path& folder,
                const std::set<std::string>& names)
{
    if (!names.count("results.json"))
    {
        throw ResultsError(
            source, "results.json", "", "missing: the run did not finish (run.cmd writes it last)");
    }
    std::ifstream in(folder / "results.json", std::ios::binary);
    const json document = json::parse(in, nullptr, false);
    if (document.is_discarded() || !document.is_object())
    {
        throw ResultsError(source, "results.json", "", "not a JSON object");
    }
    if (StringField(document, "format") != "wsdsim-results/1")
    {
        throw ResultsError(source, "results.json", "/format", "expected \"wsdsim-results/1\"");
    }
    return document;
}

/// \return the implementation named by the machine record \throws InputError for a bad name
std::string
ImplementationOf(const std::string& source, const json& document)
{
    const json* name = nullptr;
    if (document.contains("machine") && document["machine"].is_object()
        && document["machine"].contains("implementation"))
    {
        name = &document["machine"]["implementation"];
    }
    if (!name || !name->is_string()
        || !std::regex_match(name->get<std::string>(), kImplementationName))
    {
        throw ResultsError(source,
                           "results.json",
                           "/machine/implementation",
                           "expected a family and a version (\"windows 10.0.22631\")");
    }
    return *name;
}

/// \return the bundle's cases: id -> file \throws InputError for a bad list
std::map<std::string, std::string>
BundleCases(const std::string& source,
            const json& document,
            const std::map<std::string, const ScenarioCase*>& known)
{
    std::map<std::string, std::string> held;
    const json* cases = document.contains("bundle") && document["bundle"].is_object()
                                && document["bundle"].contains("cases")
                            ? &document["bundle"]["cases"]
                            : nullptr;
    if (!cases || !cases->is_array() || cases->empty())
    {
        throw ResultsError(source, "results.json", "/bundle/cases", "expected the bundle's cases");
    }
    for (size_t i = 0; i < cases->size(); ++i)
    {
        const json& entry = (*cases)[i];
        const std::string where = "/bundle/cases/" + std::to_string(i);
        if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string()
            || !entry.contains("file") || !entry["file"].is_string()
            || !std::regex_match(entry["file"].get<std::string>(), kCaseFile))
        {
            throw ResultsError(
                source, "results.json", where, "expected {\"id\", \"file\": \"cases/NNNN.json\"}");
        }
        if (!known.count(entry["id"]))
        {
            throw ResultsError(source,
                               "results.json",
                               where + "/id",
                               "case \"" + entry["id"].get<std::string>()
                                   + "\" is in none of the scenarios given (was the bundle made "
                                     "from other ones?)");
        }
        if (!held.emplace(entry["id"], entry["file"]).second)
        {
            throw ResultsError(source, "results.json", where + "/id", "a case given twice");
        }
    }
    return held;
}

/// Read a trace whole, checking it is the case's. \throws InputError at its bad line
void
CheckTrace(const std::string& source,
           const std::string& name,
           const fs::path& path,
           const std::string& caseId)
{
    try
    {
        TraceReader reader(path.string());
        if (reader.Header().caseId != caseId)
        {
            throw ResultsError(source,
                               name,
                               "/case",
                               "the trace of case \"" + reader.Header().caseId + "\", expected \""
                                   + caseId + "\"");
        }
        while (reader.Next())
        {
        }
    }
    catch (const InputError& error)
    {
        if (error.File().rfind(source, 0) == 0)
        {
            throw;
        }
        throw InputError(
            source + ":" + name, error.Line(), error.Column(), error.Pointer(), error.Message());
    }
}

/// \return one case's record read into what its run left \throws InputError for a bad record
ImportedCase
ReadCaseRecord(const std::string& source,
               const fs::path& folder,
               const std::set<std::string>& names,
               const json& record,
               const std::string& where)
{
    const bool wellFormed = record.is_object() && record.contains("id") && record["id"].is_string()
                            && record.contains("exit_code")
                            && record["exit_code"].is_number_unsigned()
                            && record.contains("timed_out") && record["timed_out"].is_boolean()
                            && record.contains("output") && record["output"].is_string();
    if (!wellFormed)
    {
        throw ResultsError(source,
                           "results.json",
                           where,
                           "expected {\"id\", \"file\", \"exit_code\", \"timed_out\", \"output\"}");
    }
    const int64_t code = record["exit_code"];
    const std::string output = record["output"];
    ImportedCase imported;
    if (record["timed_out"].get<bool>())
    {
        imported.failed = true;
        imported.reason = "the driver hung: killed at the runner's timeout";
    }
    else if (code == kUnsupportedExit && output.rfind("UNSUPPORTED: ", 0) == 0)
    {
        imported.supported = false;
        imported.reason = output.substr(13, output.find_first_of("\r\n") - 13);
    }
    else if (code != 0)
    {
        imported.failed = true;
        imported.reason = "the driver exited with status " + std::to_string(code) + ": "
                          + output.substr(0, 400);
    }
    else
    {
        const std::string name
            = "traces/" + fs::path(StringField(record, "file")).stem().string() + ".jsonl";
        if (!names.count(name))
        {
            throw ResultsError(
                source, name, "", "missing: the case ran (exit 0) but left no trace");
        }
        CheckTrace(source, name, folder / name, record["id"]);
        imported.trace = folder / name;
    }
    return imported;
}

/// Check that every trace is of a case of the bundle. \throws InputError for one that is not
void
CheckNoStrayTrace(const std::string& source,
                  const std::set<std::string>& names,
                  const std::map<std::string, std::string>& held)
{
    std::set<std::string> stems;
    for (const auto& [id, file] : held)
    {
        stems.insert(fs::path(file).stem().string());
    }
    for (const auto& name : names)
    {
        if (name.rfind("traces/", 0) == 0 && !stems.count(fs::path(name).stem().string()))
        {
            throw ResultsError(source, name, "", "the trace of a case the bundle did not hold");
        }
    }
}
} // namespace

ImportedRun
ReadImportedRun(const std::string& source,
                const fs::path& folder,
                const std::set<std::string>& names,
                const std::map<std::string, const ScenarioCase*>& known)
{
    const json document = ReadResultsJson(source, folder, names);
    ImportedRun run;
    run.implementation = ImplementationOf(source, document);
    run.machine = document["machine"];
    const auto held = BundleCases(source, document, known);
    CheckNoStrayTrace(source, names, held);
    const json& cases = document.contains("cases") ? document["cases"] : json();
    if (!cases.is_array() || cases.size() != held.size())
    {
        throw ResultsError(
            source, "results.json", "/cases", "expected one record per case of the bundle");
    }
    for (size_t i = 0; i < cases.size(); ++i)
    {
        const std::string where = "/cases/" + std::to_string(i);
        const json& record = cases[i];
        const auto bundled = record.is_object() && record.contains("id") && record["id"].is_string()
                                 ? held.find(record["id"])
                                 : held.end();
        if (bundled == held.end() || StringField(record, "file") != bundled->second)
        {
            throw ResultsError(source,
                               "results.json",
                               where + "/id",
                               "a case the bundle did not hold, or with another file");
        }
        if (run.cases.count(bundled->first))
        {
            throw ResultsError(source, "results.json", where + "/id", "a case given twice");
        }
        run.cases[bundled->first] = ReadCaseRecord(source, folder, names, record, where);
        run.caseIds.push_back(bundled->first);
    }
    run.hasCapture = names.count("capture.pcapng") > 0;
    return run;
}

} // namespace wsdsim

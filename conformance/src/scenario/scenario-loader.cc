// Scenario files to typed cases: parsing, validation with precise errors, and matrix expansion.
#include "scenario/scenario-loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/input-error.h"
#include "common/json-locator.h"
#include "common/json-text.h"
#include "scenario/json-context.h"
#include "scenario/matrix.h"
#include "scenario/step-parser.h"
#include "scenario/suite-root.h"
#include "scenario/topology-parser.h"

namespace wsdsim
{

namespace fs = std::filesystem;
using nlohmann::json;

namespace
{

/// Largest file the loader reads: scenarios are small; anything bigger is a mistake.
constexpr uintmax_t kMaxScenarioBytes = 4 * 1024 * 1024;
/// Deepest nesting of arrays and objects in a scenario (the locator and Substitute recurse).
constexpr size_t kMaxNesting = 64;

/// The offset where a JSON text first nests deeper than kMaxNesting, or npos.
size_t
TooDeepAt(const std::string& text)
{
    size_t depth = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (inString)
        {
            if (c == '\\')
            {
                ++i;
            }
            else if (c == '"')
            {
                inString = false;
            }
            continue;
        }
        if (c == '"')
        {
            inString = true;
        }
        else if (c == '[' || c == '{')
        {
            if (++depth > kMaxNesting)
            {
                return i;
            }
        }
        else if ((c == ']' || c == '}') && depth > 0)
        {
            --depth;
        }
    }
    return std::string::npos;
}

/// What to do when two scenarios have the same name (docs/scenario-format.md, "Case ids").
constexpr const char* kDuplicateNameAdvice
    = "expected each scenario's name (its path below its suite root, or without one, its folder "
      "and file name) to be unique: mark the suite's root folder with scenario.schema.json or "
      "requirements.json (docs/scenario-format.md, \"Case ids and the suite root\")";

/// Read a case's profile, end time and wire level.
void
ParseCaseSettings(const JsonContext& context, const json& root, ScenarioCase& scenarioCase)
{
    if (auto profile = context.String(root, "", "profile", false))
    {
        if (*profile != "tcp-ip" && *profile != "iso-tp-over-tcp")
        {
            context.Fail("/profile",
                         "expected \"tcp-ip\" or \"iso-tp-over-tcp\", found \"" + *profile + "\"");
        }
        scenarioCase.profile = *profile;
    }
    scenarioCase.untilNs = context.Duration(root, "", "until").value_or(scenarioCase.untilNs);
    if (auto wire = context.String(root, "", "wire", false))
    {
        if (*wire != "MUST" && *wire != "SHOULD" && *wire != "ignore")
        {
            context.Fail("/wire",
                         "expected \"MUST\", \"SHOULD\" or \"ignore\", found \"" + *wire + "\"");
        }
        scenarioCase.wire = *wire;
    }
}

/**
 * \return a scenario's cases, one per combination of its matrix, every step and outcome
 * validated \param context the scenario's file, for the errors \param scenario the scenario
 */
std::vector<ScenarioCase>
ExpandCases(const JsonContext& context, const Scenario& scenario)
{
    const json& root = scenario.document;
    const Matrix matrix = ParseMatrix(context, root);
    const Topology topology = ParseTopology(context, root);
    const std::vector<Thread> threads = ParseThreads(context, root);
    std::vector<ScenarioCase> cases;
    for (const auto& labels : matrix.combinations)
    {
        ScenarioCase scenarioCase;
        scenarioCase.scenarioName = scenario.name;
        scenarioCase.scenarioPath = scenario.path;
        scenarioCase.description = scenario.description;
        scenarioCase.parameters = labels;
        scenarioCase.id = scenario.name;
        if (!labels.empty())
        {
            scenarioCase.id += "[" + scenarioCase.ParameterKey() + "]";
        }
        ParseCaseSettings(context, root, scenarioCase);
        scenarioCase.topology = topology;
        scenarioCase.threads = threads;
        scenarioCase.steps = ParseSteps(context, root, matrix, labels, threads);
        if (scenarioCase.steps.empty())
        {
            context.Fail("/steps", "no step applies to case " + scenarioCase.id);
        }
        cases.push_back(std::move(scenarioCase));
    }
    return cases;
}

} // namespace

Scenario
LoadScenario(const std::string& path)
{
    std::error_code code;
    if (!fs::is_regular_file(path, code))
    {
        throw InputError(path, 0, 0, "", "no such scenario file");
    }
    if (fs::file_size(path, code) > kMaxScenarioBytes)
    {
        throw InputError(path, 1, 1, "", "file larger than 4 MiB: not a scenario");
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    {
        throw InputError(path, 1, 1, "", "empty file; expected a JSON object");
    }
    Scenario scenario;
    scenario.path = path;
    scenario.name = ScenarioNameOf(path);
    scenario.document = ParseJsonText(path, text);
    if (const size_t deep = TooDeepAt(text); deep != std::string::npos)
    {
        const auto [line, column] = JsonLocator::LineColumn(text, deep);
        throw InputError(path,
                         line,
                         column,
                         "",
                         "nested deeper than " + std::to_string(kMaxNesting)
                             + " levels; expected a scenario");
    }
    JsonContext context(path, text);
    const json& root = context.Object(scenario.document, "");
    context.CheckKnown(
        root,
        "",
        {"description", "profile", "topology", "matrix", "threads", "steps", "until", "wire"});
    scenario.description = *context.String(root, "", "description", true);
    if (!root.contains("threads"))
    {
        context.Fail("", "missing required field \"threads\"");
    }
    if (!root.contains("steps"))
    {
        context.Fail("", "missing required field \"steps\"");
    }
    // Validate the whole structure now, once per combination; the callers take these cases.
    scenario.cases = ExpandCases(context, scenario);
    return scenario;
}

std::vector<std::string>
DiscoverScenarioFiles(const std::vector<std::string>& paths)
{
    std::vector<std::string> files;
    for (const auto& path : paths)
    {
        std::error_code code;
        if (fs::is_directory(path, code))
        {
            for (const auto& entry : fs::recursive_directory_iterator(path))
            {
                const auto name = entry.path().filename().string();
                if (entry.is_regular_file() && entry.path().extension() == ".json"
                    && name != "scenario.schema.json" && name != "requirements.json"
                    && entry.path().parent_path().extension() != ".reference")
                {
                    files.push_back(entry.path().generic_string());
                }
            }
        }
        else if (fs::is_regular_file(path, code))
        {
            files.push_back(path);
        }
        else
        {
            throw InputError(path, 0, 0, "", "no such file or folder");
        }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

std::vector<ScenarioCase>
LoadCases(const std::vector<std::string>& paths)
{
    std::vector<ScenarioCase> cases;
    std::map<std::string, std::string> fileOfId;
    for (const auto& file : DiscoverScenarioFiles(paths))
    {
        Scenario scenario = LoadScenario(file);
        for (auto& scenarioCase : scenario.cases)
        {
            const auto [first, isNew] = fileOfId.emplace(scenarioCase.id, file);
            if (!isNew)
            {
                throw InputError(file,
                                 0,
                                 0,
                                 "",
                                 "case id \"" + scenarioCase.id + "\" appears twice in the run"
                                     + (first->second == file
                                            ? std::string()
                                            : " (also a case of " + first->second + ")")
                                     + "; " + kDuplicateNameAdvice);
            }
            cases.push_back(std::move(scenarioCase));
        }
    }
    return cases;
}

std::optional<ScenarioCase>
FindScenarioCase(const std::string& scenarioPath, const std::string& caseId)
{
    auto cases = LoadScenario(scenarioPath).cases;
    for (auto& scenarioCase : cases)
    {
        if (scenarioCase.id == caseId || scenarioCase.ParameterKey() == caseId)
        {
            return std::move(scenarioCase);
        }
    }
    return std::nullopt;
}

} // namespace wsdsim
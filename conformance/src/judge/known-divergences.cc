// Known divergences (conformance/known-divergences.json): loading them and applying them to
// verdicts.
#include "judge/known-divergences.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/input-error.h"
#include "common/json-locator.h"

namespace wsdsim
{

namespace fs = std::filesystem;
using nlohmann::json;

namespace
{

/// Parse the file's text, turning a JSON error into an InputError located at its line and column.
json
ParseKnownDivergencesText(const std::string& path, const std::string& text)
{
    try
    {
        return json::parse(text);
    }
    catch (const json::exception& error)
    {
        // parse_error knows its byte; out_of_range ("1e400") does not: then the file's start.
        const auto* parse = dynamic_cast<const json::parse_error*>(&error);
        const auto [line, column]
            = JsonLocator::LineColumn(text, parse && parse->byte > 0 ? parse->byte - 1 : 0);
        const std::string message = error.what();
        const auto colon = message.find(": ", message.find("parse error"));
        throw InputError(path,
                         line,
                         column,
                         "",
                         "invalid JSON: "
                             + (parse && colon != std::string::npos
                                    ? message.substr(colon + 2)
                                    : message.substr(message.find("] ") + 2)));
    }
}

/// Decode the file's entry number `index`, refusing one that lacks a string field.
KnownDivergence
DecodeKnownDivergence(const std::string& path, size_t index, const json& entry)
{
    if (!entry.is_object() || !entry.contains("implementation") || !entry.contains("case")
        || !entry.contains("reason") || !entry["implementation"].is_string()
        || !entry["case"].is_string() || !entry["reason"].is_string())
    {
        throw InputError(path,
                         0,
                         0,
                         "/" + std::to_string(index),
                         "expected {implementation, case, reason, clause} strings");
    }
    std::string reason = entry["reason"];
    if (entry.contains("clause") && entry["clause"].is_string())
    {
        reason += " (" + entry["clause"].get<std::string>() + ")";
    }
    return {entry["implementation"], entry["case"], reason};
}

} // namespace

std::vector<KnownDivergence>
LoadKnownDivergences(const std::string& path)
{
    std::vector<KnownDivergence> known;
    if (path.empty() || !fs::exists(path))
    {
        return known;
    }
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const json document = ParseKnownDivergencesText(path, text);
    if (!document.is_array())
    {
        throw InputError(
            path, 1, 1, "/", "expected an array of {implementation, case, reason, clause}");
    }
    for (size_t i = 0; i < document.size(); ++i)
    {
        known.push_back(DecodeKnownDivergence(path, i, document[i]));
    }
    return known;
}

bool
RecordCoversImplementation(const std::string& recorded, const std::string& implementation)
{
    // "wine" covers "wine 8.0", and "windows" every Windows version, as an imported run names
    // itself (docs/windows.md); a versioned record covers that version alone.
    return implementation == recorded
           || (implementation.size() > recorded.size()
               && implementation.compare(0, recorded.size(), recorded) == 0
               && implementation[recorded.size()] == ' ');
}

void
ApplyKnownDivergences(CaseResult& result, const std::vector<KnownDivergence>& known)
{
    for (const auto& entry : known)
    {
        if (!RecordCoversImplementation(entry.implementation, result.implementation)
            || entry.caseId != result.id || result.dataLost)
        {
            continue; // silent data loss is never a known divergence
        }
        if (result.verdict == Verdict::FAIL || result.verdict == Verdict::NON_STRICT)
        {
            result.verdict = Verdict::XFAIL;
            result.reason = "known divergence: " + entry.reason;
        }
        else if (result.verdict == Verdict::PASS)
        {
            result.verdict = Verdict::XPASS;
            result.reason = "recorded as a known divergence but passed: " + entry.reason;
        }
    }
}

} // namespace wsdsim

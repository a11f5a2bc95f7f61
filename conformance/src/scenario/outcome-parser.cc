// A step's acceptable outcomes, checked against what its call can produce (see outcome-parser.h).
#include "scenario/outcome-parser.h"

#include <algorithm>

#include "wsdsim/winsock-symbols.h"

namespace wsdsim
{

using nlohmann::json;

namespace
{

/// The fields every outcome may have, whatever its call.
const std::vector<std::string> kCommonFields{
    "result", "error", "blocks", "level", "requirements", "note", "when"};

/// The fields some calls' outcomes may have, for telling "not of this call" from "unknown".
const std::vector<std::string> kCallFields{"returnsAfter", "data", "dataLength"};

/// \return what a call returns, in words
std::string
ReturnWords(const CallInfo& call)
{
    switch (call.returns)
    {
        case ReturnKind::STATUS:
            return "0 or SOCKET_ERROR";
        case ReturnKind::HANDLE:
            return "a socket handle or INVALID_SOCKET";
        case ReturnKind::BYTE_COUNT:
            return "a byte count or SOCKET_ERROR";
        case ReturnKind::ERROR_CODE:
            return "0 or a Winsock error code";
    }
    return "";
}

/// \return the expected result of an outcome, checked against what the call returns
ExpectedResult
ParseResult(const JsonContext& context,
            const json& result,
            const std::string& at,
            const CallInfo& call)
{
    const bool isInteger = result.is_number_integer();
    const int64_t value = isInteger ? result.get<int64_t>() : 0;
    switch (call.returns)
    {
        case ReturnKind::STATUS:
            if ((isInteger && (value == 0 || value == -1)) || result == "SOCKET_ERROR")
            {
                return {ExpectedResult::Kind::EXACT, isInteger ? value : -1};
            }
            context.Fail(at,
                         "expected 0 or \"SOCKET_ERROR\": " + std::string(call.name) + " returns "
                             + ReturnWords(call) + ", found " + result.dump());
        case ReturnKind::HANDLE:
            if (result == "handle")
            {
                return {ExpectedResult::Kind::HANDLE, 0};
            }
            if (result == "INVALID_SOCKET")
            {
                return {ExpectedResult::Kind::EXACT, -1};
            }
            context.Fail(at,
                         "expected \"handle\" or \"INVALID_SOCKET\": " + std::string(call.name)
                             + " returns " + ReturnWords(call) + ", found " + result.dump());
        case ReturnKind::BYTE_COUNT:
            if (isInteger && value >= -1)
            {
                return {ExpectedResult::Kind::EXACT, value};
            }
            if (result == "positive" || result == "SOCKET_ERROR")
            {
                return result == "positive" ? ExpectedResult{ExpectedResult::Kind::POSITIVE, 0}
                                            : ExpectedResult{ExpectedResult::Kind::EXACT, -1};
            }
            context.Fail(at,
                         "expected a byte count (an integer from 0), \"positive\" or "
                         "\"SOCKET_ERROR\": "
                             + std::string(call.name) + " returns " + ReturnWords(call) + ", found "
                             + result.dump());
        case ReturnKind::ERROR_CODE:
            if (isInteger && value >= 0)
            {
                return {ExpectedResult::Kind::EXACT, value};
            }
            context.Fail(at,
                         "expected an integer: " + std::string(call.name) + " returns "
                             + ReturnWords(call) + ", found " + result.dump());
    }
    context.Fail(at, "unknown return kind");
}

/// \return the level of an outcome
Level
ParseLevel(const JsonContext& context, const json& object, const std::string& pointer)
{
    const auto level = context.String(object, pointer, "level", false);
    if (!level || *level == "MUST")
    {
        return Level::MUST;
    }
    if (*level == "SHOULD")
    {
        return Level::SHOULD;
    }
    if (*level == "IMPLEMENTATION-DEFINED")
    {
        return Level::IMPLEMENTATION_DEFINED;
    }
    context.Fail(pointer + "/level",
                 "expected \"MUST\", \"SHOULD\" or \"IMPLEMENTATION-DEFINED\", found \"" + *level
                     + "\"");
}

/// \return the requirement ids of an outcome
std::vector<std::string>
ParseRequirements(const JsonContext& context, const json& object, const std::string& pointer)
{
    std::vector<std::string> requirements;
    if (!object.contains("requirements"))
    {
        return requirements;
    }
    const json& ids = object.at("requirements");
    if (!ids.is_array())
    {
        context.Fail(pointer + "/requirements",
                     "expected an array of requirement ids, found " + JsonTypeName(ids));
    }
    for (size_t i = 0; i < ids.size(); ++i)
    {
        if (!ids[i].is_string())
        {
            context.Fail(pointer + "/requirements/" + std::to_string(i),
                         "expected a requirement id string, found " + JsonTypeName(ids[i]));
        }
        requirements.push_back(ids[i].get<std::string>());
    }
    return requirements;
}

/// Refuse fields the call cannot produce, naming the call, and fields no outcome has.
void
CheckFields(const JsonContext& context,
            const json& object,
            const std::string& pointer,
            const CallInfo& call)
{
    const std::vector<std::string> allowed = OutcomeFieldsOf(call);
    std::string list;
    for (const auto& field : allowed)
    {
        list += (list.empty() ? "" : ", ") + field;
    }
    for (const auto& [key, value] : object.items())
    {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end())
        {
            continue;
        }
        const bool ofOtherCalls
            = std::find(kCallFields.begin(), kCallFields.end(), key) != kCallFields.end();
        context.Fail(pointer + "/" + EscapePointerToken(key),
                     ofOtherCalls ? std::string(call.name) + " cannot produce \"" + key
                                        + "\"; an outcome of " + std::string(call.name)
                                        + " may have: " + list
                                  : "unknown field \"" + key + "\"; expected one of: " + list);
    }
}

} // namespace

std::vector<std::string>
OutcomeFieldsOf(const CallInfo& call)
{
    std::vector<std::string> fields = kCommonFields;
    if (call.mayBlock)
    {
        fields.emplace_back("returnsAfter");
    }
    if (call.returnsData)
    {
        fields.emplace_back("data");
        fields.emplace_back("dataLength");
    }
    if (!call.output.empty())
    {
        fields.emplace_back(call.output);
    }
    return fields;
}

Outcome
ParseOutcome(const JsonContext& context,
             const json& object,
             const std::string& pointer,
             const CallInfo& call)
{
    context.Object(object, pointer);
    CheckFields(context, object, pointer, call);
    Outcome outcome;
    outcome.pointer = pointer;
    if (object.contains("result"))
    {
        outcome.result = ParseResult(context, object.at("result"), pointer + "/result", call);
    }
    if (auto error = context.String(object, pointer, "error", false))
    {
        if (!FindWinsockError(*error))
        {
            context.Fail(pointer + "/error",
                         "expected \"NO_ERROR\" or a Winsock error name such as \"WSAENOTCONN\", "
                         "found \""
                             + *error + "\"");
        }
        outcome.error = *error;
    }
    outcome.data = context.String(object, pointer, "data", false);
    if (auto length = context.Integer(object, pointer, "dataLength", 0, 100'000'000))
    {
        outcome.dataLength = static_cast<uint32_t>(*length);
    }
    outcome.blocks = context.Boolean(object, pointer, "blocks");
    outcome.returnsAfterNs = context.Duration(object, pointer, "returnsAfter");
    if (!call.output.empty())
    {
        const std::string output(call.output);
        outcome.output = context.Integer(object, pointer, output.c_str(), 0, 0xffffffffLL);
        outcome.outputName = outcome.output ? output : "";
    }
    outcome.level = ParseLevel(context, object, pointer);
    outcome.requirements = ParseRequirements(context, object, pointer);
    outcome.note = context.String(object, pointer, "note", false).value_or("");
    return outcome;
}

} // namespace wsdsim

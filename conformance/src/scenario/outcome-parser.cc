// A step's acceptable outcomes, checked against what its call can produce (see outcome-parser.h).
#include "scenario/outcome-parser.h"

#include <algorithm>

#include "scenario/result-forms.h"
#include "wsdsim/call-json.h"
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

/// \return the expected result of an outcome, checked against what the call returns
ExpectedResult
ParseResult(const JsonContext& context,
            const json& result,
            const std::string& at,
            const CallInfo& call)
{
    const ResultForms forms = ResultFormsOf(call);
    if (result.is_number_integer())
    {
        const int64_t value = result.get<int64_t>();
        const bool listed = std::find(forms.integers.begin(), forms.integers.end(), value)
                            != forms.integers.end();
        if (listed || (forms.anyInteger && value >= forms.minimum))
        {
            return {ExpectedResult::Kind::EXACT, value};
        }
    }
    for (const auto& named : forms.names)
    {
        if (result.is_string() && result.get<std::string>() == named.name)
        {
            return named.result;
        }
    }
    context.Fail(at,
                 "expected " + forms.expected + ": " + std::string(call.name) + " returns "
                     + forms.returns + ", found " + result.dump());
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

/// \return whether a value has an out-parameter's JSON form (a shallow check of its shape;
/// flag and error names are checked too)
bool
HasOutputForm(const OutputSpec& output, const json& value)
{
    auto isFlag = [&output](const json& name)
    {
        return name.is_string() && FindWinsockConstant(output.family, name.get<std::string>());
    };
    auto isFlagList = [&isFlag](const json& list)
    {
        return list.is_array() && std::all_of(list.begin(), list.end(), isFlag);
    };
    switch (output.kind)
    {
        case OutputKind::INTEGER:
            return value.is_number_integer();
        case OutputKind::SOCKETS:
            return value.is_array()
                   && std::all_of(
                       value.begin(), value.end(), [](const json& v) { return v.is_string(); });
        case OutputKind::FLAGS:
            return isFlagList(value);
        case OutputKind::FLAG_LISTS:
            return value.is_array() && std::all_of(value.begin(), value.end(), isFlagList);
        case OutputKind::ERRORS:
            return value.is_object()
                   && std::all_of(value.items().begin(),
                                  value.items().end(),
                                  [&](const auto& item)
                                  {
                                      return isFlag(json(item.key())) && item.value().is_string()
                                             && FindWinsockError(
                                                 item.value().template get<std::string>());
                                  });
        case OutputKind::ADDRESS:
            return value.is_object() && value.size() == 2 && value.contains("host")
                   && value.contains("port") && value.at("host").is_number_integer()
                   && value.at("port").is_number_integer();
        case OutputKind::LINGER:
            return value.is_object() && value.size() == 2 && value.contains("onoff")
                   && value.contains("seconds") && value.at("onoff").is_number_integer()
                   && value.at("seconds").is_number_integer();
        case OutputKind::NAME:
            return value.is_string();
    }
    return false;
}

/// \return an expected out-parameter in its canonical form, or fail naming the form expected
json
ParseOutput(const JsonContext& context,
            const OutputSpec& output,
            const json& value,
            const std::string& at)
{
    if (!HasOutputForm(output, value))
    {
        context.Fail(at,
                     "expected " + OutputSchema(output).dump() + " (" + std::string(output.meaning)
                         + "), found " + value.dump());
    }
    return CanonicalOutput(output, value);
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
    for (const auto& output : call.outputs)
    {
        fields.emplace_back(output.name);
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
    for (const auto& output : call.outputs)
    {
        const std::string name(output.name);
        if (object.contains(name))
        {
            outcome.outputs[name]
                = ParseOutput(context, output, object.at(name), pointer + "/" + name);
        }
    }
    outcome.level = ParseLevel(context, object, pointer);
    outcome.requirements = ParseRequirements(context, object, pointer);
    outcome.note = context.String(object, pointer, "note", false).value_or("");
    return outcome;
}

} // namespace wsdsim

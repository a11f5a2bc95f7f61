// Scenario files to typed cases: parsing, validation with precise errors, and matrix expansion.
#include "scenario/scenario-loader.h"

#include "wsa-error.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <regex>
#include <set>
#include <sstream>

#include "common/input-error.h"
#include "common/json-locator.h"

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
/// Most cases one scenario may expand to.
constexpr size_t kMaxCases = 10000;

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

/// "[json.exception.out_of_range.406] number overflow parsing '1e400'" -> the text after "] ".
std::string
WithoutExceptionId(const std::string& message)
{
    const auto end = message.find("] ");
    return end == std::string::npos ? message : message.substr(end + 2);
}

/// Where the token an out_of_range error quotes ('1e400') first appears in a text, or 0.
size_t
QuotedTokenOffset(const std::string& message, const std::string& text)
{
    const auto first = message.find('\'');
    const auto last = message.rfind('\'');
    if (first == std::string::npos || last <= first + 1)
    {
        return 0;
    }
    const auto offset = text.find(message.substr(first + 1, last - first - 1));
    return offset == std::string::npos ? 0 : offset;
}

/// The type a field must have, for messages.
std::string
TypeName(const json& value)
{
    switch (value.type())
    {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "an integer";
        case json::value_t::number_float:
            return "a number";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        case json::value_t::binary:
        case json::value_t::discarded:
            return "an invalid value";
    }
    return "a value";
}

/// Validation context: the file, its text positions and where in the document we are.
class Context
{
  public:
    Context(const std::string& path, const std::string& text)
        : m_path(path)
        , m_locator(text)
    {
    }

    /// Throw an InputError at a pointer.
    [[noreturn]] void Fail(const std::string& pointer, const std::string& message) const
    {
        const auto [line, column] = m_locator.Locate(pointer);
        throw InputError(m_path, line, column, pointer.empty() ? "/" : pointer, message);
    }

    /// Refuse fields that are not in a list.
    void CheckKnown(const json& object,
                    const std::string& pointer,
                    std::initializer_list<const char*> known) const
    {
        for (const auto& [key, value] : object.items())
        {
            const bool isKnown = std::any_of(
                known.begin(), known.end(), [&](const char* name) { return key == name; });
            if (!isKnown)
            {
                std::string list;
                for (const char* name : known)
                {
                    list += list.empty() ? "" : ", ";
                    list += name;
                }
                Fail(pointer + "/" + EscapePointerToken(key),
                     "unknown field \"" + key + "\"; expected one of: " + list);
            }
        }
    }

    /// The object at a pointer, or fail.
    const json& Object(const json& value, const std::string& pointer) const
    {
        if (!value.is_object())
        {
            Fail(pointer, "expected an object, found " + TypeName(value));
        }
        return value;
    }

    /// A required or optional string member.
    std::optional<std::string> String(const json& object,
                                      const std::string& pointer,
                                      const char* key,
                                      bool required) const
    {
        if (!object.contains(key))
        {
            if (required)
            {
                Fail(pointer, std::string("missing required field \"") + key + "\"");
            }
            return std::nullopt;
        }
        const json& value = object.at(key);
        if (!value.is_string())
        {
            Fail(pointer + "/" + key, "expected a string, found " + TypeName(value));
        }
        return value.get<std::string>();
    }

    /// An optional non-negative integer member.
    std::optional<int64_t> Integer(const json& object,
                                   const std::string& pointer,
                                   const char* key,
                                   int64_t minimum,
                                   int64_t maximum) const
    {
        if (!object.contains(key))
        {
            return std::nullopt;
        }
        const json& value = object.at(key);
        if (!value.is_number_integer())
        {
            Fail(pointer + "/" + key, "expected an integer, found " + TypeName(value));
        }
        const int64_t number = value.get<int64_t>();
        if (number < minimum || number > maximum)
        {
            Fail(pointer + "/" + key,
                 "expected an integer from " + std::to_string(minimum) + " to "
                     + std::to_string(maximum) + ", found " + std::to_string(number));
        }
        return number;
    }

    /// An optional duration member.
    std::optional<int64_t> Duration(const json& object,
                                    const std::string& pointer,
                                    const char* key) const
    {
        auto text = String(object, pointer, key, false);
        if (!text)
        {
            return std::nullopt;
        }
        const int64_t ns = ParseDuration(*text);
        if (ns < 0)
        {
            Fail(pointer + "/" + key,
                 "expected a duration such as \"10ms\" or \"1.5s\" (units ns, us, ms, s), found \""
                     + *text + "\"");
        }
        return ns;
    }

    /// An optional boolean member.
    std::optional<bool> Boolean(const json& object,
                                const std::string& pointer,
                                const char* key) const
    {
        if (!object.contains(key))
        {
            return std::nullopt;
        }
        const json& value = object.at(key);
        if (!value.is_boolean())
        {
            Fail(pointer + "/" + key, "expected true or false, found " + TypeName(value));
        }
        return value.get<bool>();
    }

  private:
    std::string m_path;    //!< the file
    JsonLocator m_locator; //!< positions
};

/// The argument kinds of calls.
enum class ArgKind
{
    HANDLE,  //!< a handle name or number
    INTEGER, //!< an integer
    TEXT,    //!< a string
    BOOLEAN, //!< true / false
    DATA,    //!< null, text, or {"fault": ...}
    BUFFER,  //!< null, {"len": n}, or {"fault": ...}
    HOW,     //!< SD_* name or integer
    NAME,    //!< a string from a fixed list
};

struct ArgSpec
{
    const char* name;
    ArgKind kind;
    bool required;
    std::vector<std::string> names; //!< for NAME
};

/// The calls a scenario can make, and their arguments.
const std::map<std::string, std::vector<ArgSpec>>&
CallTable()
{
    static const std::map<std::string, std::vector<ArgSpec>> table{
        {"WSAStartup",
         {{"version", ArgKind::NAME, false, {"1.1", "2.2", "1.0", "2.0", "2.1", "3.0"}},
          {"nullData", ArgKind::BOOLEAN, false, {}}}},
        {"WSACleanup", {}},
        {"socket",
         {{"type", ArgKind::NAME, true, {"SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW"}},
          {"af", ArgKind::NAME, false, {"AF_INET", "AF_INET6", "AF_UNSPEC"}},
          {"protocol", ArgKind::NAME, false, {"0", "IPPROTO_TCP", "IPPROTO_UDP"}}}},
        {"bind",
         {{"s", ArgKind::HANDLE, true, {}},
          {"port", ArgKind::INTEGER, true, {}},
          {"host", ArgKind::INTEGER, false, {}}}},
        {"listen", {{"s", ArgKind::HANDLE, true, {}}, {"backlog", ArgKind::INTEGER, false, {}}}},
        {"accept", {{"s", ArgKind::HANDLE, true, {}}}},
        {"connect",
         {{"s", ArgKind::HANDLE, true, {}},
          {"host", ArgKind::INTEGER, true, {}},
          {"port", ArgKind::INTEGER, true, {}}}},
        {"send",
         {{"s", ArgKind::HANDLE, true, {}},
          {"data", ArgKind::TEXT, false, {}},
          {"size", ArgKind::INTEGER, false, {}}}},
        {"recv", {{"s", ArgKind::HANDLE, true, {}}, {"len", ArgKind::INTEGER, false, {}}}},
        {"shutdown", {{"s", ArgKind::HANDLE, true, {}}, {"how", ArgKind::HOW, true, {}}}},
        {"WSASendDisconnect",
         {{"s", ArgKind::HANDLE, true, {}}, {"data", ArgKind::DATA, false, {}}}},
        {"WSARecvDisconnect",
         {{"s", ArgKind::HANDLE, true, {}}, {"buffer", ArgKind::BUFFER, false, {}}}},
        {"closesocket", {{"s", ArgKind::HANDLE, true, {}}}},
        {"setsockopt",
         {{"s", ArgKind::HANDLE, true, {}},
          {"option", ArgKind::NAME, true, {"SO_LINGER", "SO_DONTLINGER", "SO_KEEPALIVE"}},
          {"onoff", ArgKind::INTEGER, false, {}},
          {"seconds", ArgKind::INTEGER, false, {}},
          {"value", ArgKind::BOOLEAN, false, {}},
          {"optlen", ArgKind::INTEGER, false, {}}}},
        {"getsockopt",
         {{"s", ArgKind::HANDLE, true, {}},
          {"option", ArgKind::NAME, true, {"SO_LINGER", "SO_DONTLINGER", "SO_KEEPALIVE"}}}},
        {"ioctlsocket",
         {{"s", ArgKind::HANDLE, true, {}},
          {"cmd", ArgKind::NAME, true, {"FIONBIO", "FIONREAD"}},
          {"value", ArgKind::INTEGER, false, {}}}},
        {"WSASetBlockingHook", {}},
        {"WSACancelBlockingCall", {}},
    };
    return table;
}

/// Check a call's arguments against the table.
void
CheckArgs(const Context& context,
          const std::string& call,
          const json& args,
          const std::string& pointer,
          const std::set<std::string>& handleNames)
{
    const auto& specs = CallTable().at(call);
    context.Object(args, pointer);
    for (const auto& [key, value] : args.items())
    {
        auto spec = std::find_if(
            specs.begin(), specs.end(), [&](const ArgSpec& s) { return key == s.name; });
        const std::string at = pointer + "/" + EscapePointerToken(key);
        if (spec == specs.end())
        {
            std::string list;
            for (const auto& s : specs)
            {
                list += list.empty() ? "" : ", ";
                list += s.name;
            }
            context.Fail(at,
                         "unknown argument \"" + key + "\" of " + call
                             + (list.empty() ? "; it takes none" : "; expected one of: " + list));
        }
        switch (spec->kind)
        {
            case ArgKind::HANDLE:
                if (value.is_string())
                {
                    if (!handleNames.count(value.get<std::string>()))
                    {
                        context.Fail(at,
                                     "\"" + value.get<std::string>()
                                         + "\" names no handle: no earlier step has \"as\": \""
                                         + value.get<std::string>() + "\"");
                    }
                }
                else if (!value.is_number_integer())
                {
                    context.Fail(
                        at,
                        "expected a handle name given by an earlier \"as\", or an integer, "
                        "found "
                            + TypeName(value));
                }
                break;
            case ArgKind::INTEGER:
            {
                if (!value.is_number_integer())
                {
                    context.Fail(at, "expected an integer, found " + TypeName(value));
                }
                // A host is 0 or 1; a port fits 16 bits; anything else is a size or a count.
                const int64_t maximum = key == "host" ? 1 : key == "port" ? 65535 : 100'000'000;
                if (value.is_number_unsigned()
                        ? value.get<uint64_t>() > uint64_t(maximum)
                        : value.get<int64_t>() < 0 || value.get<int64_t>() > maximum)
                {
                    context.Fail(at,
                                 "expected an integer from 0 to " + std::to_string(maximum)
                                     + ", found " + value.dump());
                }
                break;
            }
            case ArgKind::TEXT:
                if (!value.is_string())
                {
                    context.Fail(at, "expected a string, found " + TypeName(value));
                }
                break;
            case ArgKind::BOOLEAN:
                if (!value.is_boolean())
                {
                    context.Fail(at, "expected true or false, found " + TypeName(value));
                }
                break;
            case ArgKind::DATA:
            case ArgKind::BUFFER:
                if (value.is_null() || (spec->kind == ArgKind::DATA && value.is_string()))
                {
                    break;
                }
                if (!value.is_object())
                {
                    context.Fail(at,
                                 spec->kind == ArgKind::DATA
                                     ? "expected null, a string, or {\"fault\": ...}, found "
                                           + TypeName(value)
                                     : "expected null, {\"len\": n} or {\"fault\": ...}, found "
                                           + TypeName(value));
                }
                context.CheckKnown(value, at, {"fault", "len"});
                if (value.contains("fault"))
                {
                    auto fault = context.String(value, at, "fault", true);
                    if (*fault != "past-end" && *fault != "null" && *fault != "unmapped")
                    {
                        context.Fail(at + "/fault",
                                     "expected \"past-end\", \"null\" or \"unmapped\", found \""
                                         + *fault + "\"");
                    }
                }
                else if (spec->kind == ArgKind::DATA || !value.contains("len"))
                {
                    context.Fail(at,
                                 spec->kind == ArgKind::DATA
                                     ? "expected {\"fault\": ...}"
                                     : "expected {\"len\": n} or {\"fault\": ...}");
                }
                context.Integer(value, at, "len", 0, 65535);
                break;
            case ArgKind::HOW:
                if (value.is_string())
                {
                    const auto how = value.get<std::string>();
                    if (how != "SD_RECEIVE" && how != "SD_SEND" && how != "SD_BOTH")
                    {
                        context.Fail(
                            at,
                            "expected \"SD_RECEIVE\", \"SD_SEND\", \"SD_BOTH\" or an integer, "
                            "found \""
                                + how + "\"");
                    }
                }
                else if (!value.is_number_integer())
                {
                    context.Fail(at,
                                 "expected an SD_ name or an integer, found " + TypeName(value));
                }
                break;
            case ArgKind::NAME:
            {
                const std::string text = value.is_string() ? value.get<std::string>()
                                         : value.is_number_integer()
                                             ? std::to_string(value.get<int64_t>())
                                             : "";
                if (text.empty()
                    || std::find(spec->names.begin(), spec->names.end(), text) == spec->names.end())
                {
                    std::string list;
                    for (const auto& name : spec->names)
                    {
                        list += list.empty() ? "" : ", ";
                        list += "\"" + name + "\"";
                    }
                    context.Fail(at, "expected one of " + list + ", found " + value.dump());
                }
                break;
            }
        }
    }
    for (const auto& spec : specs)
    {
        if (spec.required && !args.contains(spec.name))
        {
            context.Fail(pointer, call + " needs argument \"" + spec.name + "\"");
        }
    }
}

/// Replace "$name" strings by the case's variables.
json
Substitute(const json& value,
           const std::map<std::string, json>& variables,
           const Context& context,
           const std::string& pointer)
{
    if (value.is_string())
    {
        const auto text = value.get<std::string>();
        if (text.size() > 1 && text[0] == '$')
        {
            auto it = variables.find(text.substr(1));
            if (it == variables.end())
            {
                context.Fail(pointer, "\"" + text + "\" names no variable of the matrix");
            }
            return it->second;
        }
        return value;
    }
    if (value.is_object())
    {
        json result = json::object();
        for (const auto& [key, member] : value.items())
        {
            result[key]
                = Substitute(member, variables, context, pointer + "/" + EscapePointerToken(key));
        }
        return result;
    }
    if (value.is_array())
    {
        json result = json::array();
        for (size_t i = 0; i < value.size(); ++i)
        {
            result.push_back(
                Substitute(value[i], variables, context, pointer + "/" + std::to_string(i)));
        }
        return result;
    }
    return value;
}

/// Whether a "when" object matches a case's labels.
bool
Matches(const json& when,
        const std::map<std::string, std::string>& labels,
        const json& matrix,
        const Context& context,
        const std::string& pointer)
{
    context.Object(when, pointer);
    for (const auto& [dimension, wanted] : when.items())
    {
        const std::string at = pointer + "/" + EscapePointerToken(dimension);
        if (!matrix.contains(dimension))
        {
            context.Fail(at, "\"" + dimension + "\" is not a dimension of the matrix");
        }
        std::vector<std::string> accepted;
        if (wanted.is_string())
        {
            accepted.push_back(wanted.get<std::string>());
        }
        else if (wanted.is_array()
                 && std::all_of(
                     wanted.begin(), wanted.end(), [](const json& v) { return v.is_string(); }))
        {
            accepted = wanted.get<std::vector<std::string>>();
        }
        else
        {
            context.Fail(at, "expected a label or an array of labels, found " + TypeName(wanted));
        }
        for (const auto& label : accepted)
        {
            if (!matrix.at(dimension).contains(label))
            {
                context.Fail(at,
                             "\"" + label + "\" is not a label of dimension \"" + dimension + "\"");
            }
        }
        if (std::find(accepted.begin(), accepted.end(), labels.at(dimension)) == accepted.end())
        {
            return false;
        }
    }
    return true;
}

/// Parse one outcome.
Outcome
ParseOutcome(const json& object, const std::string& pointer, const Context& context)
{
    context.Object(object, pointer);
    context.CheckKnown(object,
                       pointer,
                       {"result",
                        "error",
                        "data",
                        "dataLength",
                        "blocks",
                        "returnsAfter",
                        "level",
                        "requirements",
                        "note",
                        "when"});
    Outcome outcome;
    outcome.pointer = pointer;
    if (object.contains("result"))
    {
        const json& result = object.at("result");
        ExpectedResult expected;
        if (result.is_number_integer())
        {
            expected.value = result.get<int64_t>();
        }
        else if (result == "SOCKET_ERROR" || result == "INVALID_SOCKET")
        {
            expected.value = -1;
        }
        else if (result == "handle")
        {
            expected.kind = ExpectedResult::Kind::HANDLE;
        }
        else if (result == "positive")
        {
            expected.kind = ExpectedResult::Kind::POSITIVE;
        }
        else
        {
            context.Fail(pointer + "/result",
                         "expected an integer, \"SOCKET_ERROR\", \"INVALID_SOCKET\", \"handle\" or "
                         "\"positive\", found "
                             + result.dump());
        }
        outcome.result = expected;
    }
    if (auto error = context.String(object, pointer, "error", false))
    {
        if (*error != "NO_ERROR" && !ns3::WsaErrorFromName(*error))
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
    if (auto level = context.String(object, pointer, "level", false))
    {
        if (*level == "MUST")
        {
            outcome.level = Level::MUST;
        }
        else if (*level == "SHOULD")
        {
            outcome.level = Level::SHOULD;
        }
        else if (*level == "IMPLEMENTATION-DEFINED")
        {
            outcome.level = Level::IMPLEMENTATION_DEFINED;
        }
        else
        {
            context.Fail(pointer + "/level",
                         "expected \"MUST\", \"SHOULD\" or \"IMPLEMENTATION-DEFINED\", found \""
                             + *level + "\"");
        }
    }
    if (object.contains("requirements"))
    {
        const json& ids = object.at("requirements");
        if (!ids.is_array())
        {
            context.Fail(pointer + "/requirements",
                         "expected an array of requirement ids, found " + TypeName(ids));
        }
        for (size_t i = 0; i < ids.size(); ++i)
        {
            if (!ids[i].is_string())
            {
                context.Fail(pointer + "/requirements/" + std::to_string(i),
                             "expected a requirement id string, found " + TypeName(ids[i]));
            }
            outcome.requirements.push_back(ids[i].get<std::string>());
        }
    }
    outcome.note = context.String(object, pointer, "note", false).value_or("");
    return outcome;
}

/// The name of a scenario: its path below the scenarios root (the folder holding
/// scenario.schema.json), without ".json".
std::string
ScenarioName(const fs::path& file)
{
    fs::path absolute = fs::absolute(file).lexically_normal();
    for (fs::path folder = absolute.parent_path(); !folder.empty() && folder != folder.root_path();
         folder = folder.parent_path())
    {
        if (fs::exists(folder / "scenario.schema.json"))
        {
            return absolute.lexically_relative(folder).replace_extension("").generic_string();
        }
    }
    return (absolute.parent_path().filename() / absolute.stem()).generic_string();
}

} // namespace

int64_t
ParseDuration(const std::string& text)
{
    size_t i = 0;
    int64_t whole = 0;
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])))
    {
        return -1;
    }
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    {
        whole = whole * 10 + (text[i] - '0');
        if (whole > 1'000'000'000'000LL)
        {
            return -1;
        }
        ++i;
    }
    std::string fraction;
    if (i < text.size() && text[i] == '.')
    {
        ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        {
            fraction += text[i++];
        }
        if (fraction.empty() || fraction.size() > 9)
        {
            return -1;
        }
    }
    const std::string unit = text.substr(i);
    int64_t scale = 0;
    if (unit == "ns")
    {
        scale = 1;
    }
    else if (unit == "us")
    {
        scale = 1'000;
    }
    else if (unit == "ms")
    {
        scale = 1'000'000;
    }
    else if (unit == "s")
    {
        scale = 1'000'000'000;
    }
    else
    {
        return -1;
    }
    // Beyond int64 nanoseconds (292 years) is not a duration (and whole * scale would overflow).
    if (whole > (std::numeric_limits<int64_t>::max() - scale) / scale)
    {
        return -1;
    }
    // Digits finer than a nanosecond are refused, not rounded.
    while (!fraction.empty() && fraction.back() == '0')
    {
        fraction.pop_back();
    }
    int64_t fractionNs = 0;
    int64_t fractionScale = scale;
    for (const char digit : fraction)
    {
        fractionScale /= 10;
        if (fractionScale == 0)
        {
            return -1;
        }
        fractionNs += (digit - '0') * fractionScale;
    }
    return whole * scale + fractionNs;
}

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
    scenario.name = ScenarioName(path);
    try
    {
        scenario.document = json::parse(text);
    }
    catch (const json::parse_error& error)
    {
        const size_t offset = error.byte > 0 ? error.byte - 1 : 0;
        const auto [line, column] = JsonLocator::LineColumn(text, offset);
        std::string message = error.what();
        // nlohmann's messages start "[json.exception.parse_error.101] parse error at line ..."
        const auto colon = message.find(": ", message.find("parse error"));
        if (colon != std::string::npos)
        {
            message = "invalid JSON: " + message.substr(colon + 2);
        }
        throw InputError(path, line, column, "", message);
    }
    catch (const json::out_of_range& error)
    {
        // A number beyond a double ("1e400"): nlohmann names the token, not its place.
        const auto [line, column]
            = JsonLocator::LineColumn(text, QuotedTokenOffset(error.what(), text));
        throw InputError(
            path, line, column, "", "invalid JSON: " + WithoutExceptionId(error.what()));
    }
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
    Context context(path, text);
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
    // Validate the whole structure now, once per combination.
    ExpandScenario(scenario);
    return scenario;
}

std::vector<ScenarioCase>
ExpandScenario(const Scenario& scenario)
{
    std::ifstream in(scenario.path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    Context context(scenario.path, text);
    const json& root = scenario.document;

    // The matrix: dimension -> label -> variables.
    json matrix = json::object();
    if (root.contains("matrix"))
    {
        matrix = context.Object(root.at("matrix"), "/matrix");
        for (const auto& [dimension, labels] : matrix.items())
        {
            const std::string at = "/matrix/" + EscapePointerToken(dimension);
            context.Object(labels, at);
            if (labels.empty())
            {
                context.Fail(at, "expected at least one label");
            }
            for (const auto& [label, variables] : labels.items())
            {
                context.Object(variables, at + "/" + EscapePointerToken(label));
            }
        }
    }
    size_t caseCount = 1;
    for (const auto& [dimension, labels] : matrix.items())
    {
        if (labels.size() > kMaxCases / caseCount)
        {
            context.Fail("/matrix",
                         "expected a matrix of at most " + std::to_string(kMaxCases)
                             + " cases; this one has more");
        }
        caseCount *= labels.size();
    }
    std::vector<std::map<std::string, std::string>> combinations{{}};
    for (const auto& [dimension, labels] : matrix.items())
    {
        std::vector<std::map<std::string, std::string>> next;
        for (const auto& combination : combinations)
        {
            for (const auto& [label, variables] : labels.items())
            {
                auto extended = combination;
                extended[dimension] = label;
                next.push_back(extended);
            }
        }
        combinations = std::move(next);
    }

    std::vector<ScenarioCase> cases;
    for (const auto& labels : combinations)
    {
        std::map<std::string, json> variables;
        for (const auto& [dimension, label] : labels)
        {
            for (const auto& [name, value] : matrix.at(dimension).at(label).items())
            {
                variables[name] = value;
            }
        }
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

        if (auto profile = context.String(root, "", "profile", false))
        {
            if (*profile != "tcp-ip" && *profile != "iso-tp-over-tcp")
            {
                context.Fail("/profile",
                             "expected \"tcp-ip\" or \"iso-tp-over-tcp\", found \"" + *profile
                                 + "\"");
            }
            scenarioCase.profile = *profile;
        }
        if (auto until = context.Duration(root, "", "until"))
        {
            scenarioCase.untilNs = *until;
        }
        if (auto wire = context.String(root, "", "wire", false))
        {
            if (*wire != "MUST" && *wire != "SHOULD" && *wire != "ignore")
            {
                context.Fail("/wire",
                             "expected \"MUST\", \"SHOULD\" or \"ignore\", found \"" + *wire
                                 + "\"");
            }
            scenarioCase.wire = *wire;
        }
        if (root.contains("topology"))
        {
            const json& topology = context.Object(root.at("topology"), "/topology");
            context.CheckKnown(
                topology,
                "/topology",
                {"rate", "delay", "loss", "segmentSize", "receiveBuffer", "sendBuffer", "faults"});
            Topology& t = scenarioCase.topology;
            if (auto rate = context.String(topology, "/topology", "rate", false))
            {
                // ns-3's DataRate syntax; it aborts the process on anything else.
                static const std::regex kRate(
                    R"(^[0-9]+(\.[0-9]+)?\s*([kKMG]i?)?(bps|b/s|Bps|B/s)$)");
                if (!std::regex_match(*rate, kRate))
                {
                    context.Fail("/topology/rate",
                                 "expected a data rate such as \"10Mbps\" or \"500kbps\", found \""
                                     + *rate + "\"");
                }
                t.rate = *rate;
            }
            if (auto delay = context.Duration(topology, "/topology", "delay"))
            {
                t.delayNs = *delay;
            }
            if (topology.contains("loss"))
            {
                const json& loss = topology.at("loss");
                if (!loss.is_number() || loss.get<double>() < 0 || loss.get<double>() >= 1)
                {
                    context.Fail("/topology/loss",
                                 "expected a number from 0 up to (not including) 1, found "
                                     + loss.dump());
                }
                t.loss = loss.get<double>();
            }
            if (auto mss = context.Integer(topology, "/topology", "segmentSize", 64, 65000))
            {
                t.segmentSize = static_cast<uint32_t>(*mss);
            }
            if (auto size = context.Integer(topology, "/topology", "receiveBuffer", 1, 1 << 30))
            {
                t.receiveBuffer = static_cast<uint32_t>(*size);
            }
            if (auto size = context.Integer(topology, "/topology", "sendBuffer", 1, 1 << 30))
            {
                t.sendBuffer = static_cast<uint32_t>(*size);
            }
            if (topology.contains("faults"))
            {
                const json& faults = topology.at("faults");
                if (!faults.is_array())
                {
                    context.Fail("/topology/faults",
                                 "expected an array, found " + TypeName(faults));
                }
                for (size_t i = 0; i < faults.size(); ++i)
                {
                    const std::string at = "/topology/faults/" + std::to_string(i);
                    const json& f = context.Object(faults[i], at);
                    context.CheckKnown(
                        f, at, {"at", "action", "host", "flags", "count", "withPayload", "by"});
                    Fault fault;
                    fault.atNs = context.Duration(f, at, "at").value_or(0);
                    fault.action = *context.String(f, at, "action", true);
                    if (fault.action != "interface-down" && fault.action != "interface-up"
                        && fault.action != "drop" && fault.action != "delay")
                    {
                        context.Fail(at + "/action",
                                     "expected \"interface-down\", \"interface-up\", \"drop\" or "
                                     "\"delay\", found \""
                                         + fault.action + "\"");
                    }
                    fault.host
                        = static_cast<uint32_t>(context.Integer(f, at, "host", 0, 1).value_or(0));
                    fault.flags = context.String(f, at, "flags", false);
                    if (fault.flags)
                    {
                        std::stringstream tokens(*fault.flags);
                        for (std::string flag; std::getline(tokens, flag, '|');)
                        {
                            static const std::set<std::string> kFlags{
                                "SYN", "FIN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
                            if (!kFlags.count(flag))
                            {
                                context.Fail(at + "/flags",
                                             "expected TCP flags joined by | (SYN, FIN, RST, PSH, "
                                             "ACK, URG, ECE, CWR), found \""
                                                 + *fault.flags + "\"");
                            }
                        }
                    }
                    fault.count = static_cast<uint32_t>(
                        context.Integer(f, at, "count", 1, 1000000).value_or(1));
                    fault.withPayload = context.Boolean(f, at, "withPayload").value_or(false);
                    const auto by = context.Duration(f, at, "by");
                    if (fault.action == "delay" && (!by || *by <= 0))
                    {
                        context.Fail(at + (by ? "/by" : ""),
                                     "a delay fault needs \"by\": a positive duration");
                    }
                    if (fault.action != "delay" && by)
                    {
                        context.Fail(at + "/by", "\"by\" belongs to delay faults only");
                    }
                    fault.byNs = by.value_or(0);
                    t.faults.push_back(fault);
                }
            }
        }

        const json& threads = root.at("threads");
        if (!threads.is_array() || threads.empty())
        {
            context.Fail("/threads", "expected a non-empty array of threads");
        }
        std::set<std::string> threadNames;
        for (size_t i = 0; i < threads.size(); ++i)
        {
            const std::string at = "/threads/" + std::to_string(i);
            const json& th = context.Object(threads[i], at);
            context.CheckKnown(th, at, {"name", "host"});
            Thread thread;
            thread.name = *context.String(th, at, "name", true);
            if (!th.contains("host"))
            {
                context.Fail(at, "missing required field \"host\"");
            }
            thread.host = static_cast<uint32_t>(*context.Integer(th, at, "host", 0, 1));
            if (!threadNames.insert(thread.name).second)
            {
                context.Fail(at + "/name", "duplicate thread name \"" + thread.name + "\"");
            }
            scenarioCase.threads.push_back(thread);
        }

        const json& steps = root.at("steps");
        if (!steps.is_array() || steps.empty())
        {
            context.Fail("/steps", "expected a non-empty array of steps");
        }
        std::set<std::string> stepIds;
        std::set<std::string> handleNames;
        for (size_t i = 0; i < steps.size(); ++i)
        {
            const std::string at = "/steps/" + std::to_string(i);
            const json& s = context.Object(steps[i], at);
            context.CheckKnown(s,
                               at,
                               {"id",
                                "thread",
                                "call",
                                "args",
                                "at",
                                "delay",
                                "after",
                                "context",
                                "as",
                                "expect",
                                "when"});
            // Ids are unique across the file, whatever the case.
            std::string id
                = context.String(s, at, "id", false).value_or("step-" + std::to_string(i));
            if (!stepIds.insert(id).second)
            {
                context.Fail(at + "/id", "duplicate step id \"" + id + "\"");
            }
            if (s.contains("when") && !Matches(s.at("when"), labels, matrix, context, at + "/when"))
            {
                if (auto as = context.String(s, at, "as", false))
                {
                    handleNames.insert(*as);
                }
                continue;
            }
            Step step;
            step.index = scenarioCase.steps.size();
            step.id = id;
            step.pointer = at;
            step.thread = *context.String(s, at, "thread", true);
            if (!threadNames.count(step.thread))
            {
                context.Fail(at + "/thread",
                             "\"" + step.thread + "\" is not one of the scenario's threads");
            }
            step.call = *context.String(s, at, "call", true);
            if (!CallTable().count(step.call))
            {
                std::string list;
                for (const auto& [name, specs] : CallTable())
                {
                    list += list.empty() ? "" : ", ";
                    list += name;
                }
                context.Fail(at + "/call",
                             "unknown call \"" + step.call + "\"; expected one of: " + list);
            }
            step.args
                = Substitute(s.value("args", json::object()), variables, context, at + "/args");
            CheckArgs(context, step.call, step.args, at + "/args", handleNames);
            step.atNs = context.Duration(s, at, "at");
            step.delayNs = context.Duration(s, at, "delay").value_or(0);
            step.after = context.String(s, at, "after", false);
            if (step.after && !stepIds.count(*step.after))
            {
                context.Fail(at + "/after",
                             "\"" + *step.after + "\" is not the id of an earlier step");
            }
            if (auto inHook = context.String(s, at, "context", false))
            {
                if (*inHook != "blocking-hook")
                {
                    context.Fail(at + "/context",
                                 "expected \"blocking-hook\", found \"" + *inHook + "\"");
                }
                step.inBlockingHook = true;
            }
            step.as = context.String(s, at, "as", false);
            if (step.as)
            {
                if (step.call != "socket" && step.call != "accept")
                {
                    context.Fail(at + "/as", "only socket and accept return a handle to name");
                }
                handleNames.insert(*step.as);
            }
            if (s.contains("expect"))
            {
                const json expect = Substitute(s.at("expect"), variables, context, at + "/expect");
                std::vector<std::pair<json, std::string>> outcomes;
                if (expect.is_array())
                {
                    if (expect.empty())
                    {
                        context.Fail(at + "/expect", "expected at least one outcome");
                    }
                    for (size_t k = 0; k < expect.size(); ++k)
                    {
                        outcomes.emplace_back(expect[k], at + "/expect/" + std::to_string(k));
                    }
                }
                else
                {
                    outcomes.emplace_back(expect, at + "/expect");
                }
                for (const auto& [object, pointer] : outcomes)
                {
                    Outcome outcome = ParseOutcome(object, pointer, context);
                    if (object.contains("when")
                        && !Matches(object.at("when"), labels, matrix, context, pointer + "/when"))
                    {
                        continue;
                    }
                    step.outcomes.push_back(std::move(outcome));
                }
            }
            scenarioCase.steps.push_back(std::move(step));
        }
        if (scenarioCase.steps.empty())
        {
            context.Fail("/steps", "no step applies to case " + scenarioCase.id);
        }
        cases.push_back(std::move(scenarioCase));
    }
    return cases;
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
    std::set<std::string> ids;
    for (const auto& file : DiscoverScenarioFiles(paths))
    {
        for (auto& scenarioCase : ExpandScenario(LoadScenario(file)))
        {
            if (!ids.insert(scenarioCase.id).second)
            {
                throw InputError(
                    file, 0, 0, "", "case id \"" + scenarioCase.id + "\" appears twice in the run");
            }
            cases.push_back(std::move(scenarioCase));
        }
    }
    return cases;
}

std::optional<ScenarioCase>
FindScenarioCase(const std::string& scenarioPath, const std::string& caseId)
{
    auto cases = ExpandScenario(LoadScenario(scenarioPath));
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

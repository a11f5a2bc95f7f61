// The call vocabulary in JSON: a step's "args" decoded into its typed call, a typed call encoded
// back (the one form every implementation writes into a trace), its JSON Schema, and the
// call written as a C programmer reads it ("shutdown(s=c, how=SD_SEND)").
#ifndef WSDSIM_CALL_JSON_H
#define WSDSIM_CALL_JSON_H

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wsdsim/call-vocabulary.h"
#include "wsdsim/duration.h"

namespace wsdsim
{

/// Arguments a call cannot take: where (a JSON pointer below "args", "" for the object) and
/// what was expected.
class ArgumentError : public std::runtime_error
{
  public:
    /// \param at where, below "args" \param message what was expected
    ArgumentError(std::string at, const std::string& message)
        : std::runtime_error(message)
        , m_at(std::move(at))
    {
    }
    /// \return where, below "args" ("/s", "/data/fault"; "" for the object itself)
    const std::string& At() const
    {
        return m_at;
    }

  private:
    std::string m_at; //!< where
};

/// \return the JSON type of a value for messages: "a string", "an integer", "an object", ...
inline std::string
JsonTypeName(const nlohmann::json& value)
{
    switch (value.type())
    {
        case nlohmann::json::value_t::null:
            return "null";
        case nlohmann::json::value_t::boolean:
            return "a boolean";
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return "an integer";
        case nlohmann::json::value_t::number_float:
            return "a number";
        case nlohmann::json::value_t::string:
            return "a string";
        case nlohmann::json::value_t::array:
            return "an array";
        case nlohmann::json::value_t::object:
            return "an object";
        case nlohmann::json::value_t::binary:
        case nlohmann::json::value_t::discarded:
            return "an invalid value";
    }
    return "a value";
}

namespace vocabulary_detail
{

using nlohmann::json;

/// \return names joined: "a, b, c" (each quoted when `quote`)
inline std::string
JoinNames(const std::vector<std::string_view>& names, bool quote)
{
    std::string list;
    for (const auto& name : names)
    {
        list += list.empty() ? "" : ", ";
        list += quote ? "\"" + std::string(name) + "\"" : std::string(name);
    }
    return list;
}

/// \return the names a SYMBOL argument accepts, in table order
inline std::vector<std::string_view>
SymbolNames(const ArgSpec& spec)
{
    if (!spec.choices.empty())
    {
        return {spec.choices.begin(), spec.choices.end()};
    }
    std::vector<std::string_view> names;
    for (const auto& constant : kWinsockConstants)
    {
        if (constant.family == spec.family)
        {
            names.push_back(constant.name);
        }
    }
    return names;
}

/// \return whether a text is an identifier: a letter or '_', then letters, digits, '_' or '-'
inline bool
IsIdentifier(std::string_view text)
{
    if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_'))
    {
        return false;
    }
    for (const char c : text)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
        {
            return false;
        }
    }
    return true;
}

/// \return an integer within [minimum, maximum], or throw
inline int64_t
DecodeInteger(const json& value, int64_t minimum, int64_t maximum, const std::string& at)
{
    if (!value.is_number_integer())
    {
        throw ArgumentError(at, "expected an integer, found " + JsonTypeName(value));
    }
    const bool inRange = value.is_number_unsigned()
                             ? value.get<uint64_t>() <= static_cast<uint64_t>(maximum)
                             : value.get<int64_t>() >= minimum && value.get<int64_t>() <= maximum;
    if (!inRange)
    {
        throw ArgumentError(at,
                            "expected an integer from " + std::to_string(minimum) + " to "
                                + std::to_string(maximum) + ", found " + value.dump());
    }
    return value.get<int64_t>();
}

/// Decode a handle: a name given by an earlier "as", or a raw number.
inline void
Decode(const ArgSpec&, const json& value, SocketRef& out, const std::string& at)
{
    if (value.is_string() && !value.get<std::string>().empty())
    {
        out = SocketRef{value.get<std::string>(), -1};
        return;
    }
    if (value.is_number_integer())
    {
        out = SocketRef{"", value.get<int64_t>()};
        return;
    }
    throw ArgumentError(at,
                        "expected a handle name given by an earlier \"as\", or an integer, found "
                            + JsonTypeName(value));
}

/// \return the OR of an array of names of a family, or throw
inline int64_t
DecodeFlags(const ArgSpec& spec, const json& value, const std::string& at)
{
    const auto names = SymbolNames(spec);
    if (!value.is_array())
    {
        throw ArgumentError(at,
                            "expected an array of names among " + JoinNames(names, true)
                                + ", found " + JsonTypeName(value));
    }
    int64_t flags = 0;
    for (size_t i = 0; i < value.size(); ++i)
    {
        const WinsockConstant* constant
            = value[i].is_string() ? FindWinsockConstant(spec.family, value[i].get<std::string>())
                                   : nullptr;
        if (!constant)
        {
            throw ArgumentError(at + "/" + std::to_string(i),
                                "expected one of " + JoinNames(names, true) + ", found "
                                    + value[i].dump());
        }
        flags |= constant->value;
    }
    return flags;
}

/// \return a duration's nanoseconds ("10ms"), or throw
inline int64_t
DecodeDuration(const json& value, const std::string& at)
{
    const int64_t ns = value.is_string() ? ParseDuration(value.get<std::string>()) : -1;
    if (ns < 0)
    {
        throw ArgumentError(at,
                            "expected a duration such as \"10ms\" (units ns, us, ms, s), or null "
                            "for no timeout, found "
                                + value.dump());
    }
    return ns;
}

/// Decode an INTEGER, a SYMBOL, FLAGS or a DURATION.
inline void
Decode(const ArgSpec& spec, const json& value, int64_t& out, const std::string& at)
{
    if (spec.kind == ArgKind::INTEGER)
    {
        out = DecodeInteger(value, spec.minimum, spec.maximum, at);
        return;
    }
    if (spec.kind == ArgKind::FLAGS)
    {
        out = DecodeFlags(spec, value, at);
        return;
    }
    if (spec.kind == ArgKind::DURATION)
    {
        out = DecodeDuration(value, at);
        return;
    }
    const auto names = SymbolNames(spec);
    if (value.is_string())
    {
        const WinsockConstant* constant
            = FindWinsockConstant(spec.family, value.get<std::string>());
        for (const auto& name : names)
        {
            if (constant && constant->name == name)
            {
                out = constant->value;
                return;
            }
        }
    }
    else if (value.is_number_integer() && spec.rawIntegers)
    {
        out = DecodeInteger(value, spec.minimum, spec.maximum, at);
        return;
    }
    throw ArgumentError(at,
                        "expected one of " + JoinNames(names, true)
                            + (spec.rawIntegers ? " or an integer" : "") + ", found "
                            + value.dump());
}

/// Decode a TEXT or a CHOICE.
inline void
Decode(const ArgSpec& spec, const json& value, std::string& out, const std::string& at)
{
    if (!value.is_string())
    {
        if (spec.kind == ArgKind::CHOICE)
        {
            throw ArgumentError(at,
                                "expected one of "
                                    + JoinNames({spec.choices.begin(), spec.choices.end()}, true)
                                    + ", found " + value.dump());
        }
        throw ArgumentError(at, "expected a string, found " + JsonTypeName(value));
    }
    out = value.get<std::string>();
    if (spec.kind == ArgKind::NAME && !IsIdentifier(out))
    {
        throw ArgumentError(at,
                            "expected a name of letters, digits, '_' and '-' that starts with a "
                            "letter or '_', found "
                                + value.dump());
    }
    if (spec.kind == ArgKind::CHOICE)
    {
        for (const auto& choice : spec.choices)
        {
            if (choice == out)
            {
                return;
            }
        }
        throw ArgumentError(at,
                            "expected one of "
                                + JoinNames({spec.choices.begin(), spec.choices.end()}, true)
                                + ", found " + value.dump());
    }
}

/// Decode a BOOLEAN, or a NULL_VALUE (present and null: true).
inline void
Decode(const ArgSpec& spec, const json& value, bool& out, const std::string& at)
{
    if (spec.kind == ArgKind::NULL_VALUE)
    {
        if (!value.is_null())
        {
            throw ArgumentError(at, "expected null (a NULL pointer), found " + value.dump());
        }
        out = true;
        return;
    }
    if (!value.is_boolean())
    {
        throw ArgumentError(at, "expected true or false, found " + JsonTypeName(value));
    }
    out = value.get<bool>();
}

/// \return a {"fault": ...} object's fault kind, or throw
inline MemoryRef::Kind
DecodeFault(const json& object, const std::string& at)
{
    const json& fault = object.at("fault");
    if (fault == "past-end")
    {
        return MemoryRef::Kind::PAST_END;
    }
    if (fault == "null")
    {
        return MemoryRef::Kind::NULL_ADDRESS;
    }
    if (fault == "unmapped")
    {
        return MemoryRef::Kind::UNMAPPED;
    }
    if (fault == "bad-descriptor")
    {
        return MemoryRef::Kind::BAD_DESCRIPTOR;
    }
    if (!fault.is_string())
    {
        throw ArgumentError(at + "/fault", "expected a string, found " + JsonTypeName(fault));
    }
    throw ArgumentError(
        at + "/fault",
        "expected \"past-end\", \"null\", \"unmapped\" or \"bad-descriptor\", found \""
            + fault.get<std::string>() + "\"");
}

/// Decode a DATA or a BUFFER.
inline void
Decode(const ArgSpec& spec, const json& value, MemoryRef& out, const std::string& at)
{
    const bool data = spec.kind == ArgKind::DATA;
    out = MemoryRef{};
    if (value.is_null())
    {
        return;
    }
    if (data && value.is_string())
    {
        out.kind = MemoryRef::Kind::TEXT;
        out.text = value.get<std::string>();
        return;
    }
    const std::string forms
        = data ? "null, a string, or {\"fault\": ...}" : "null, {\"len\": n} or {\"fault\": ...}";
    if (!value.is_object())
    {
        throw ArgumentError(at, "expected " + forms + ", found " + JsonTypeName(value));
    }
    for (const auto& [key, member] : value.items())
    {
        if (key != "fault" && (data || key != "len"))
        {
            throw ArgumentError(at + "/" + key,
                                "unknown field \"" + key
                                    + "\"; expected one of: " + (data ? "fault" : "fault, len"));
        }
    }
    if (value.contains("fault"))
    {
        out.kind = DecodeFault(value, at);
        return;
    }
    if (data || !value.contains("len"))
    {
        throw ArgumentError(
            at, data ? "expected {\"fault\": ...}" : "expected {\"len\": n} or {\"fault\": ...}");
    }
    out.kind = MemoryRef::Kind::CAPACITY;
    out.capacity = static_cast<uint32_t>(DecodeInteger(value.at("len"), 0, 65535, at + "/len"));
}

/// Decode a list of handles.
inline void
Decode(const ArgSpec& spec, const json& value, std::vector<SocketRef>& out, const std::string& at)
{
    if (!value.is_array())
    {
        throw ArgumentError(at, "expected an array of handles, found " + JsonTypeName(value));
    }
    out.clear();
    for (size_t i = 0; i < value.size(); ++i)
    {
        Decode(spec, value[i], out.emplace_back(), at + "/" + std::to_string(i));
    }
}

/// Decode WSAPoll's array of {"s": handle, "events": [names]}.
inline void
Decode(const ArgSpec& spec, const json& value, std::vector<PollFd>& out, const std::string& at)
{
    if (!value.is_array())
    {
        throw ArgumentError(
            at, "expected an array of {\"s\", \"events\"}, found " + JsonTypeName(value));
    }
    out.clear();
    for (size_t i = 0; i < value.size(); ++i)
    {
        const std::string entry = at + "/" + std::to_string(i);
        const json& fd = value[i];
        if (!fd.is_object() || !fd.contains("s"))
        {
            throw ArgumentError(
                entry, "expected {\"s\": handle, \"events\": [names]}, found " + fd.dump());
        }
        for (const auto& [key, member] : fd.items())
        {
            if (key != "s" && key != "events")
            {
                throw ArgumentError(entry + "/" + key,
                                    "unknown field \"" + key + "\"; expected one of: s, events");
            }
        }
        PollFd& parsed = out.emplace_back();
        Decode(spec, fd.at("s"), parsed.s, entry + "/s");
        parsed.events
            = fd.contains("events") ? DecodeFlags(spec, fd.at("events"), entry + "/events") : 0;
    }
}

/// Decode an optional argument (a DURATION's null is "no timeout": absent).
template <class T>
void
Decode(const ArgSpec& spec, const json& value, std::optional<T>& out, const std::string& at)
{
    if (spec.kind == ArgKind::DURATION && value.is_null())
    {
        out.reset();
        return;
    }
    T decoded{};
    Decode(spec, value, decoded, at);
    out = std::move(decoded);
}

/// \return a handle as JSON: its name, or its number
inline json
Encode(const ArgSpec&, const SocketRef& value)
{
    return value.IsNamed() ? json(value.name) : json(value.number);
}

/// \return the names of the flags set in a mask, in table order (bits no name covers dropped)
inline json
EncodeFlags(SymbolFamily family, int64_t value)
{
    json names = json::array();
    for (const auto& constant : kWinsockConstants)
    {
        if (constant.family == family && (value & constant.value) == constant.value
            && constant.value != 0)
        {
            names.push_back(std::string(constant.name));
        }
    }
    return names;
}

/// \return a duration as text: the largest unit that divides it ("10ms")
inline json
EncodeDuration(int64_t ns)
{
    if (ns != 0 && ns % 1'000'000'000 == 0)
    {
        return std::to_string(ns / 1'000'000'000) + "s";
    }
    if (ns != 0 && ns % 1'000'000 == 0)
    {
        return std::to_string(ns / 1'000'000) + "ms";
    }
    if (ns != 0 && ns % 1'000 == 0)
    {
        return std::to_string(ns / 1'000) + "us";
    }
    return std::to_string(ns) + "ns";
}

/// \return an INTEGER, a SYMBOL by its name (its number when it has none), FLAGS, a DURATION
inline json
Encode(const ArgSpec& spec, int64_t value)
{
    if (spec.kind == ArgKind::FLAGS)
    {
        return EncodeFlags(spec.family, value);
    }
    if (spec.kind == ArgKind::DURATION)
    {
        return EncodeDuration(value);
    }
    if (spec.kind == ArgKind::SYMBOL)
    {
        if (const WinsockConstant* constant = FindWinsockConstant(spec.family, value))
        {
            return json(constant->name);
        }
    }
    return json(value);
}

/// \return a TEXT or a CHOICE
inline json
Encode(const ArgSpec&, const std::string& value)
{
    return json(value);
}

/// \return a BOOLEAN (a NULL_VALUE is only encoded when given: EncodeField)
inline json
Encode(const ArgSpec&, bool value)
{
    return json(value);
}

/// \return a list of handles
inline json
Encode(const ArgSpec& spec, const std::vector<SocketRef>& values)
{
    json list = json::array();
    for (const auto& value : values)
    {
        list.push_back(Encode(spec, value));
    }
    return list;
}

/// \return WSAPoll's array
inline json
Encode(const ArgSpec& spec, const std::vector<PollFd>& values)
{
    json list = json::array();
    for (const auto& value : values)
    {
        list.push_back(
            {{"s", Encode(spec, value.s)}, {"events", EncodeFlags(spec.family, value.events)}});
    }
    return list;
}

/// \return a DATA or a BUFFER in its scenario form
inline json
Encode(const ArgSpec&, const MemoryRef& value)
{
    switch (value.kind)
    {
        case MemoryRef::Kind::NONE:
            return json(nullptr);
        case MemoryRef::Kind::TEXT:
            return json(value.text);
        case MemoryRef::Kind::CAPACITY:
            return json{{"len", value.capacity}};
        case MemoryRef::Kind::PAST_END:
            return json{{"fault", "past-end"}};
        case MemoryRef::Kind::NULL_ADDRESS:
            return json{{"fault", "null"}};
        case MemoryRef::Kind::UNMAPPED:
            return json{{"fault", "unmapped"}};
        case MemoryRef::Kind::BAD_DESCRIPTOR:
            return json{{"fault", "bad-descriptor"}};
    }
    return json(nullptr);
}

/// \return the value's JSON, or nothing for an absent optional argument
template <class T>
std::optional<json>
EncodeField(const ArgSpec& spec, const T& value)
{
    if constexpr (std::is_same_v<T, bool>)
    {
        if (spec.kind == ArgKind::NULL_VALUE)
        {
            return value ? std::optional<json>(json(nullptr)) : std::nullopt;
        }
    }
    if constexpr (std::is_same_v<T, std::vector<SocketRef>>)
    {
        if (!spec.required && value.empty())
        {
            return std::nullopt; // an empty set is a NULL fd_set
        }
    }
    return Encode(spec, value);
}

/// \return an optional argument's JSON when present
template <class T>
std::optional<json>
EncodeField(const ArgSpec& spec, const std::optional<T>& value)
{
    return value ? std::optional<json>(Encode(spec, *value)) : std::nullopt;
}

/// Decode the arguments of one call type, refusing unknown and missing ones.
template <class C>
C
DecodeArguments(const json& args)
{
    if (!args.is_object())
    {
        throw ArgumentError("", "expected an object, found " + JsonTypeName(args));
    }
    std::vector<std::string_view> known;
    C call{};
    ForEachArgument(call, [&](const ArgSpec& spec, auto&) { known.push_back(spec.name); });
    for (const auto& [key, value] : args.items())
    {
        bool isKnown = false;
        for (const auto& name : known)
        {
            isKnown = isKnown || name == key;
        }
        if (!isKnown)
        {
            throw ArgumentError("/" + key,
                                "unknown argument \"" + key + "\" of " + std::string(C::kInfo.name)
                                    + (known.empty()
                                           ? "; it takes none"
                                           : "; expected one of: " + JoinNames(known, false)));
        }
    }
    ForEachArgument(call,
                    [&](const ArgSpec& spec, auto& member)
                    {
                        const std::string key(spec.name);
                        if (args.contains(key))
                        {
                            Decode(spec, args.at(key), member, "/" + key);
                        }
                        else if (spec.required)
                        {
                            throw ArgumentError(
                                "", std::string(C::kInfo.name) + " needs argument \"" + key + "\"");
                        }
                    });
    return call;
}

/// \return a value for a signature: handle and symbol names as they are, other strings quoted
/// and cut at 24 bytes
inline std::string
SignatureValue(const ArgSpec& spec, const json& value)
{
    const bool isName = spec.kind == ArgKind::HANDLE || spec.kind == ArgKind::SYMBOL
                        || spec.kind == ArgKind::CHOICE || spec.kind == ArgKind::NAME
                        || spec.kind == ArgKind::DURATION || spec.kind == ArgKind::HANDLE_LIST
                        || spec.kind == ArgKind::FLAGS;
    if (value.is_array() && isName)
    {
        std::string list;
        for (const auto& item : value)
        {
            list += (list.empty() ? "" : " ")
                    + (item.is_string() ? item.get<std::string>() : item.dump());
        }
        return "[" + list + "]";
    }
    if (value.is_string() && isName)
    {
        return value.get<std::string>();
    }
    if (value.is_string())
    {
        const std::string text = value.get<std::string>();
        return text.size() > 24 ? "\"" + text.substr(0, 21) + "...\"" : "\"" + text + "\"";
    }
    return value.is_null() ? "NULL" : value.dump();
}

/// \return the JSON Schema of one argument's value (its JSON form, see DecodeArguments)
inline json
ArgumentSchema(const ArgSpec& spec)
{
    const json fault
        = {{"type", "object"},
           {"additionalProperties", false},
           {"required", {"fault"}},
           {"properties",
            {{"fault", {{"enum", {"past-end", "null", "unmapped", "bad-descriptor"}}}}}}};
    const json handle
        = {{"anyOf", {{{"type", "string"}, {"minLength", 1}}, {{"type", "integer"}}}}};
    std::vector<std::string> names;
    for (const auto& name : SymbolNames(spec))
    {
        names.emplace_back(name);
    }
    const json flags = {{"type", "array"}, {"items", {{"enum", names}}}};
    switch (spec.kind)
    {
        case ArgKind::HANDLE:
            return handle;
        case ArgKind::HANDLE_LIST:
            return {{"type", "array"}, {"items", handle}};
        case ArgKind::INTEGER:
            return {{"type", "integer"}, {"minimum", spec.minimum}, {"maximum", spec.maximum}};
        case ArgKind::TEXT:
            return {{"type", "string"}};
        case ArgKind::NAME:
            return {{"type", "string"}, {"pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"}};
        case ArgKind::CHOICE:
            return {{"enum", std::vector<std::string>(spec.choices.begin(), spec.choices.end())}};
        case ArgKind::BOOLEAN:
            return {{"type", "boolean"}};
        case ArgKind::SYMBOL:
            return spec.rawIntegers ? json{{"anyOf",
                                            {{{"enum", names}},
                                             {{"type", "integer"},
                                              {"minimum", spec.minimum},
                                              {"maximum", spec.maximum}}}}}
                                    : json{{"enum", names}};
        case ArgKind::FLAGS:
            return flags;
        case ArgKind::DURATION:
            return {{"anyOf",
                     {{{"type", "null"}},
                      {{"type", "string"}, {"pattern", "^[0-9]+(\\.[0-9]+)?(ns|us|ms|s)$"}}}}};
        case ArgKind::POLL_FDS:
            return {{"type", "array"},
                    {"items",
                     {{"type", "object"},
                      {"additionalProperties", false},
                      {"required", {"s"}},
                      {"properties", {{"s", handle}, {"events", flags}}}}}};
        case ArgKind::DATA:
            return {{"anyOf", {{{"type", "null"}}, {{"type", "string"}}, fault}}};
        case ArgKind::BUFFER:
            return {{"anyOf",
                     {{{"type", "null"}},
                      {{"type", "object"},
                       {"additionalProperties", false},
                       {"required", {"len"}},
                       {"properties",
                        {{"len", {{"type", "integer"}, {"minimum", 0}, {"maximum", 65535}}}}}},
                      fault}}};
        case ArgKind::NULL_VALUE:
            return {{"type", "null"}};
    }
    return json::object();
}

} // namespace vocabulary_detail

/**
 * \brief The JSON Schema of a call's "args": each argument's form, its meaning, the required ones;
 * a value may also be a "$variable" of the scenario's matrix (`variableRef` points at its schema).
 */
template <class C>
nlohmann::json
ArgumentsSchema(const nlohmann::json& variableRef)
{
    using nlohmann::json;
    json properties = json::object();
    json required = json::array();
    C call{};
    ForEachArgument(call,
                    [&](const ArgSpec& spec, const auto&)
                    {
                        const std::string name(spec.name);
                        properties[name]
                            = {{"description", std::string(spec.meaning)},
                               {"anyOf", {vocabulary_detail::ArgumentSchema(spec), variableRef}}};
                        if (spec.required)
                        {
                            required.push_back(name);
                        }
                    });
    return {{"type", "object"},
            {"additionalProperties", false},
            {"properties", properties},
            {"required", required}};
}

/**
 * \brief Decode a step's arguments into its typed call.
 * \param name the call's name \param args the step's "args" (after matrix substitution)
 * \return the call
 * \throws ArgumentError with the place below "args" and what was expected; std::invalid_argument
 *         for a name that is no call
 */
inline Call
DecodeCall(std::string_view name, const nlohmann::json& args)
{
    std::optional<Call> call;
    ForEachCallType(
        [&](auto tag)
        {
            using C = typename decltype(tag)::type;
            if (!call && C::kInfo.name == name)
            {
                call = vocabulary_detail::DecodeArguments<C>(args);
            }
        });
    if (!call)
    {
        throw std::invalid_argument("unknown call \"" + std::string(name) + "\"");
    }
    return *call;
}

/**
 * \brief A call's arguments in their one JSON form: every argument, named as a scenario names it,
 * symbols by their winsock2.h name, handles by the scenario's name for them; optional arguments
 * without a default only when given. DecodeCall() reads it back to the same call.
 */
inline nlohmann::json
EncodeArguments(const Call& call)
{
    nlohmann::json object = nlohmann::json::object();
    std::visit(
        [&](const auto& c)
        {
            ForEachArgument(c,
                            [&](const ArgSpec& spec, const auto& value)
                            {
                                if (auto encoded = vocabulary_detail::EncodeField(spec, value))
                                {
                                    object[std::string(spec.name)] = std::move(*encoded);
                                }
                            });
        },
        call);
    return object;
}

/// \return the call as one line: "shutdown(s=c, how=SD_SEND)", strings cut short
inline std::string
CallSignature(const Call& call)
{
    std::string text = std::string(CallName(call)) + "(";
    bool first = true;
    std::visit(
        [&](const auto& c)
        {
            ForEachArgument(c,
                            [&](const ArgSpec& spec, const auto& value)
                            {
                                if (auto encoded = vocabulary_detail::EncodeField(spec, value))
                                {
                                    text += (first ? "" : ", ") + std::string(spec.name) + "="
                                            + vocabulary_detail::SignatureValue(spec, *encoded);
                                    first = false;
                                }
                            });
        },
        call);
    return text + ")";
}

/// \return a call's out-parameter of a name, or null
inline const OutputSpec*
FindOutput(const CallInfo& call, std::string_view name)
{
    for (const auto& output : call.outputs)
    {
        if (output.name == name)
        {
            return &output;
        }
    }
    return nullptr;
}

/// \return an out-parameter's value in its one form for comparing: the sets sorted (SOCKETS,
/// FLAGS, each entry of FLAG_LISTS); other kinds as they are
inline nlohmann::json
CanonicalOutput(const OutputSpec& spec, nlohmann::json value)
{
    auto sorted = [](nlohmann::json list)
    {
        if (list.is_array())
        {
            std::sort(list.begin(), list.end());
        }
        return list;
    };
    switch (spec.kind)
    {
        case OutputKind::SOCKETS:
        case OutputKind::FLAGS:
            return sorted(std::move(value));
        case OutputKind::FLAG_LISTS:
            for (auto& entry : value)
            {
                entry = sorted(std::move(entry));
            }
            return value;
        case OutputKind::INTEGER:
        case OutputKind::ERRORS:
        case OutputKind::ADDRESS:
        case OutputKind::LINGER:
        case OutputKind::NAME:
            return value;
    }
    return value;
}

/// \return the JSON Schema of an out-parameter's value, as a trace writes it and an outcome
/// expects it
inline nlohmann::json
OutputSchema(const OutputSpec& spec)
{
    using nlohmann::json;
    std::vector<std::string> names;
    for (const auto& constant : kWinsockConstants)
    {
        if (constant.family == spec.family)
        {
            names.emplace_back(constant.name);
        }
    }
    std::vector<std::string> errors;
    for (const auto& error : kWinsockErrors)
    {
        errors.emplace_back(error.name);
    }
    const json flags = {{"type", "array"}, {"items", {{"enum", names}}}};
    const json integer = {{"type", "integer"}};
    switch (spec.kind)
    {
        case OutputKind::INTEGER:
            return integer;
        case OutputKind::SOCKETS:
            return {{"type", "array"}, {"items", {{"type", "string"}}}};
        case OutputKind::FLAGS:
            return flags;
        case OutputKind::FLAG_LISTS:
            return {{"type", "array"}, {"items", flags}};
        case OutputKind::ERRORS:
            return {{"type", "object"},
                    {"propertyNames", {{"enum", names}}},
                    {"additionalProperties", {{"enum", errors}}}};
        case OutputKind::ADDRESS:
            return {{"type", "object"},
                    {"additionalProperties", false},
                    {"required", {"host", "port"}},
                    {"properties", {{"host", {{"enum", {0, 1}}}}, {"port", integer}}}};
        case OutputKind::LINGER:
            return {{"type", "object"},
                    {"additionalProperties", false},
                    {"required", {"onoff", "seconds"}},
                    {"properties", {{"onoff", integer}, {"seconds", integer}}}};
        case OutputKind::NAME:
            return {{"type", "string"}};
    }
    return json::object();
}

/// \return the names of every call, in the variant's order
inline std::vector<std::string_view>
CallNames()
{
    std::vector<std::string_view> names;
    ForEachCallType([&](auto tag) { names.push_back(decltype(tag)::type::kInfo.name); });
    return names;
}

} // namespace wsdsim

#endif // WSDSIM_CALL_JSON_H

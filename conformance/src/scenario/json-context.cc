// Reading a scenario file's JSON with located errors (see json-context.h).
#include "scenario/json-context.h"

#include <algorithm>

#include "common/input-error.h"
#include "common/time-text.h"

namespace wsdsim
{

using nlohmann::json;

JsonContext::JsonContext(const std::string& path, const std::string& text)
    : m_path(path)
    , m_text(text)
    , m_locator(m_text)
{
}

const std::string&
JsonContext::Path() const
{
    return m_path;
}

void
JsonContext::Fail(const std::string& pointer, const std::string& message) const
{
    const auto [line, column] = m_locator.Locate(pointer);
    throw InputError(m_path, line, column, pointer.empty() ? "/" : pointer, message);
}

void
JsonContext::CheckKnown(const json& object,
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

const json&
JsonContext::Object(const json& value, const std::string& pointer) const
{
    if (!value.is_object())
    {
        Fail(pointer, "expected an object, found " + JsonTypeName(value));
    }
    return value;
}

std::optional<std::string>
JsonContext::String(const json& object,
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
        Fail(pointer + "/" + key, "expected a string, found " + JsonTypeName(value));
    }
    return value.get<std::string>();
}

std::optional<int64_t>
JsonContext::Integer(const json& object,
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
        Fail(pointer + "/" + key, "expected an integer, found " + JsonTypeName(value));
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

std::optional<int64_t>
JsonContext::Duration(const json& object, const std::string& pointer, const char* key) const
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

std::optional<bool>
JsonContext::Boolean(const json& object, const std::string& pointer, const char* key) const
{
    if (!object.contains(key))
    {
        return std::nullopt;
    }
    const json& value = object.at(key);
    if (!value.is_boolean())
    {
        Fail(pointer + "/" + key, "expected true or false, found " + JsonTypeName(value));
    }
    return value.get<bool>();
}

} // namespace wsdsim

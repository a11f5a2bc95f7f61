// Reading a scenario file's JSON with located errors: each check that fails names the file, the
// line and column, the JSON pointer and what was expected.
#ifndef WSDSIM_JSON_CONTEXT_H
#define WSDSIM_JSON_CONTEXT_H

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/json-locator.h"
#include "wsdsim/call-json.h"

namespace wsdsim
{

/// One scenario file's text and positions, for checks that throw located InputErrors.
class JsonContext
{
  public:
    /// \param path the file \param text its text (positions are taken from it)
    JsonContext(const std::string& path, const std::string& text);

    /// \return the file
    const std::string& Path() const;

    /// Throw an InputError at a pointer ("" for the root).
    [[noreturn]] void Fail(const std::string& pointer, const std::string& message) const;

    /// Refuse the fields of an object that are not in a list.
    void CheckKnown(const nlohmann::json& object,
                    const std::string& pointer,
                    std::initializer_list<const char*> known) const;

    /// \return the value, when it is an object; else fail
    const nlohmann::json& Object(const nlohmann::json& value, const std::string& pointer) const;

    /// \return a string member; nothing when absent and not required; else fail
    std::optional<std::string> String(const nlohmann::json& object,
                                      const std::string& pointer,
                                      const char* key,
                                      bool required) const;

    /// \return an integer member within [minimum, maximum]; nothing when absent; else fail
    std::optional<int64_t> Integer(const nlohmann::json& object,
                                   const std::string& pointer,
                                   const char* key,
                                   int64_t minimum,
                                   int64_t maximum) const;

    /// \return a duration member ("10ms") in nanoseconds; nothing when absent; else fail
    std::optional<int64_t> Duration(const nlohmann::json& object,
                                    const std::string& pointer,
                                    const char* key) const;

    /// \return a boolean member; nothing when absent; else fail
    std::optional<bool> Boolean(const nlohmann::json& object,
                                const std::string& pointer,
                                const char* key) const;

  private:
    std::string m_path;    //!< the file
    std::string m_text;    //!< its text (the locator reads it)
    JsonLocator m_locator; //!< pointer -> line and column
};

} // namespace wsdsim

#endif // WSDSIM_JSON_CONTEXT_H

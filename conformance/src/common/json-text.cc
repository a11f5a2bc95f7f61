// Parsing a JSON file's text into a document, invalid JSON reported at its line and column.
#include "common/json-text.h"

#include "common/input-error.h"
#include "common/json-locator.h"

namespace wsdsim
{

using nlohmann::json;

namespace
{

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

} // namespace

json
ParseJsonText(const std::string& path, const std::string& text)
{
    try
    {
        return json::parse(text);
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
}

} // namespace wsdsim

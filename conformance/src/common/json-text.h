// Parsing a JSON file's text into a document, invalid JSON reported at its line and column.
#ifndef WSDSIM_JSON_TEXT_H
#define WSDSIM_JSON_TEXT_H

#include <nlohmann/json.hpp>
#include <string>

namespace wsdsim
{

/**
 * \brief Parse the text of a JSON file.
 * \param path the file (named by the error) \param text its text
 * \return the document
 * \throws InputError "file:line:column: invalid JSON: what nlohmann/json found", at the byte
 *         where parsing failed (for a number beyond a double, "1e400", where it first appears)
 */
nlohmann::json ParseJsonText(const std::string& path, const std::string& text);

} // namespace wsdsim

#endif // WSDSIM_JSON_TEXT_H

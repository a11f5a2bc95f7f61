// Maps JSON pointers of a parsed document back to line and column in its text.
#ifndef WSDSIM_JSON_LOCATOR_H
#define WSDSIM_JSON_LOCATOR_H

#include <cstddef>
#include <map>
#include <string>
#include <utility>

namespace wsdsim
{

/**
 * Where each value of a JSON text starts. nlohmann/json keeps no positions, so this walks the
 * (already validated) text once, when first asked, and records the offset of every value by its
 * JSON pointer.
 */
class JsonLocator
{
  public:
    /// \param text a valid JSON text
    explicit JsonLocator(const std::string& text);

    /**
     * \brief Line and column (1-based) of the value at a pointer, or of its nearest ancestor.
     * \param pointer a JSON pointer ("" for the root)
     * \return {line, column}
     */
    std::pair<size_t, size_t> Locate(const std::string& pointer) const;

    /**
     * \brief Line and column (1-based) of a byte offset.
     * \param text the text \param offset a byte offset
     * \return {line, column}
     */
    static std::pair<size_t, size_t> LineColumn(const std::string& text, size_t offset);

  private:
    /// Walk the text, once: on the first Locate (a valid document never asks, so loading one
    /// costs nothing here).
    void WalkOnce() const;
    /// Record the value starting at m_position under a pointer; leaves m_position after it.
    void Walk(const std::string& pointer) const;
    /// Skip blanks.
    void SkipSpace() const;
    /// Read a string token starting at m_position (the quote) and return its decoded text.
    std::string ReadString() const;

    const std::string& m_text;                       //!< the text
    mutable bool m_walked{false};                    //!< whether m_offsets is filled
    mutable size_t m_position{0};                    //!< walk position
    mutable std::map<std::string, size_t> m_offsets; //!< pointer -> offset
};

/**
 * \brief Escape a key for a JSON pointer (RFC 6901: ~ as ~0, / as ~1).
 * \param key the key
 * \return the escaped token
 */
std::string EscapePointerToken(const std::string& key);

} // namespace wsdsim

#endif // WSDSIM_JSON_LOCATOR_H

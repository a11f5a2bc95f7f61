// Maps JSON pointers of a parsed document back to line and column in its text.
#include "common/json-locator.h"

#include <nlohmann/json.hpp>

namespace wsdsim
{

std::string
EscapePointerToken(const std::string& key)
{
    std::string token;
    for (const char c : key)
    {
        if (c == '~')
        {
            token += "~0";
        }
        else if (c == '/')
        {
            token += "~1";
        }
        else
        {
            token += c;
        }
    }
    return token;
}

JsonLocator::JsonLocator(const std::string& text)
    : m_text(text)
{
}

void
JsonLocator::WalkOnce() const
{
    if (m_walked)
    {
        return;
    }
    m_walked = true;
    SkipSpace();
    if (m_position < m_text.size())
    {
        Walk("");
    }
}

void
JsonLocator::SkipSpace() const
{
    while (m_position < m_text.size()
           && (m_text[m_position] == ' ' || m_text[m_position] == '\n' || m_text[m_position] == '\r'
               || m_text[m_position] == '\t'))
    {
        ++m_position;
    }
}

std::string
JsonLocator::ReadString() const
{
    const size_t start = m_position;
    ++m_position; // opening quote
    while (m_position < m_text.size() && m_text[m_position] != '"')
    {
        m_position += m_text[m_position] == '\\' ? 2 : 1;
    }
    ++m_position; // closing quote
    // The text is valid JSON: let the JSON parser decode the escapes (\u0062, \n, ...).
    try
    {
        return nlohmann::json::parse(m_text.substr(start, m_position - start)).get<std::string>();
    }
    catch (const nlohmann::json::exception&)
    {
        return m_text.substr(start + 1, m_position - start - 2);
    }
}

void
JsonLocator::Walk(const std::string& pointer) const
{
    SkipSpace();
    if (m_position >= m_text.size())
    {
        return;
    }
    m_offsets[pointer] = m_position;
    const char first = m_text[m_position];
    if (first == '{')
    {
        ++m_position;
        SkipSpace();
        while (m_position < m_text.size() && m_text[m_position] != '}')
        {
            const std::string key = ReadString();
            SkipSpace();
            ++m_position; // ':'
            Walk(pointer + "/" + EscapePointerToken(key));
            SkipSpace();
            if (m_position < m_text.size() && m_text[m_position] == ',')
            {
                ++m_position;
                SkipSpace();
            }
        }
        ++m_position;
        return;
    }
    if (first == '[')
    {
        ++m_position;
        SkipSpace();
        size_t index = 0;
        while (m_position < m_text.size() && m_text[m_position] != ']')
        {
            Walk(pointer + "/" + std::to_string(index++));
            SkipSpace();
            if (m_position < m_text.size() && m_text[m_position] == ',')
            {
                ++m_position;
                SkipSpace();
            }
        }
        ++m_position;
        return;
    }
    if (first == '"')
    {
        ReadString();
        return;
    }
    // A number or a literal: up to the next delimiter.
    while (m_position < m_text.size() && m_text[m_position] != ',' && m_text[m_position] != '}'
           && m_text[m_position] != ']' && m_text[m_position] != ' ' && m_text[m_position] != '\n'
           && m_text[m_position] != '\r' && m_text[m_position] != '\t')
    {
        ++m_position;
    }
}

std::pair<size_t, size_t>
JsonLocator::LineColumn(const std::string& text, size_t offset)
{
    size_t line = 1;
    size_t column = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i)
    {
        if (text[i] == '\n')
        {
            ++line;
            column = 1;
        }
        else
        {
            ++column;
        }
    }
    return {line, column};
}

std::pair<size_t, size_t>
JsonLocator::Locate(const std::string& pointer) const
{
    WalkOnce();
    std::string probe = pointer;
    while (true)
    {
        auto it = m_offsets.find(probe);
        if (it != m_offsets.end())
        {
            return LineColumn(m_text, it->second);
        }
        if (probe.empty())
        {
            return {1, 1};
        }
        probe = probe.substr(0, probe.rfind('/'));
    }
}

} // namespace wsdsim

// The error for bad input, formatted as file:line:column: pointer: message.
#include "common/input-error.h"

namespace wsdsim
{

namespace
{
std::string
Format(const std::string& file,
       size_t line,
       size_t column,
       const std::string& pointer,
       const std::string& message)
{
    std::string text = file;
    if (line > 0)
    {
        text += ":" + std::to_string(line) + ":" + std::to_string(column);
    }
    text += ": ";
    if (!pointer.empty())
    {
        text += pointer + ": ";
    }
    return text + message;
}
} // namespace

InputError::InputError(
    std::string file, size_t line, size_t column, std::string pointer, std::string message)
    : std::runtime_error(Format(file, line, column, pointer, message))
    , m_file(std::move(file))
    , m_line(line)
    , m_column(column)
    , m_pointer(std::move(pointer))
    , m_message(std::move(message))
{
}

const std::string&
InputError::File() const
{
    return m_file;
}

size_t
InputError::Line() const
{
    return m_line;
}

size_t
InputError::Column() const
{
    return m_column;
}

const std::string&
InputError::Pointer() const
{
    return m_pointer;
}

const std::string&
InputError::Message() const
{
    return m_message;
}

} // namespace wsdsim

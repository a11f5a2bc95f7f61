// The error for bad input: which file, where in it, which field and what was expected.
#ifndef WSDSIM_INPUT_ERROR_H
#define WSDSIM_INPUT_ERROR_H

#include <cstddef>
#include <stdexcept>
#include <string>

namespace wsdsim
{

/**
 * Bad input (a scenario, a trace, a command-line value). what() reads
 * `file:line:column: /json/pointer: message`, the form editors and CI logs link.
 */
class InputError : public std::runtime_error
{
  public:
    /**
     * \param file the file \param line 1-based line (0 unknown) \param column 1-based column
     * \param pointer JSON pointer of the field ("" for the whole file) \param message what was
     *        expected
     */
    InputError(
        std::string file, size_t line, size_t column, std::string pointer, std::string message);

    /// \return the file
    const std::string& File() const;
    /// \return the line (1-based; 0 when unknown)
    size_t Line() const;
    /// \return the column (1-based)
    size_t Column() const;
    /// \return the JSON pointer
    const std::string& Pointer() const;
    /// \return the message alone
    const std::string& Message() const;

  private:
    std::string m_file;    //!< the file
    size_t m_line;         //!< line
    size_t m_column;       //!< column
    std::string m_pointer; //!< JSON pointer
    std::string m_message; //!< what was expected
};

} // namespace wsdsim

#endif // WSDSIM_INPUT_ERROR_H

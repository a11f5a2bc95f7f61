// Writing and streaming-reading JSON Lines traces, with the header and end lines checked.
#ifndef WSDSIM_TRACE_IO_H
#define WSDSIM_TRACE_IO_H

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>

#include "trace/trace-event.h"

namespace wsdsim
{

/// Writes a trace line by line: the header, the events, and the end line.
class TraceWriter
{
  public:
    /**
     * \brief Open a file and write the header.
     * \param path the trace file \param header the header event
     */
    TraceWriter(const std::string& path, const TraceEvent& header);
    /// Write the end line if Close() was not called.
    ~TraceWriter();

    /// \param event an event to append
    void Write(const TraceEvent& event);
    /// Write the end line and close.
    void Close();
    /// \return events written since the header
    uint64_t Count() const;

  private:
    std::ofstream m_out; //!< the file
    uint64_t m_count;    //!< events written
    std::string m_line;  //!< the line being written, its storage kept between lines
    bool m_closed;       //!< end line written
};

/**
 * Reads a trace one event at a time, in constant memory. Bad lines throw InputError with the
 * file and line number.
 */
class TraceReader
{
  public:
    /// \param path the trace file \throws InputError when it cannot be opened or has no header
    explicit TraceReader(const std::string& path);

    /// \return the header
    const TraceEvent& Header() const;
    /**
     * \brief The next event between header and end.
     * \return the event, or nothing at the end line
     * \throws InputError for a malformed line, or a trace that stops without its end line
     */
    std::optional<TraceEvent> Next();
    /**
     * \brief The next event, read into one of the caller's, whose strings' storage is reused (a
     * long trace is read without an allocation a line).
     * \param event set to the event; unspecified at the end line or after an exception
     * \return true for an event, false at the end line
     * \throws InputError as Next()
     */
    bool Next(TraceEvent* event);
    /// \return the 1-based line number of the last line read
    uint64_t LineNumber() const;
    /// \return the file
    const std::string& Path() const;

  private:
    /// Read and parse one line. \return false at the end of the file
    bool ReadLine(TraceEvent* event);

    std::string m_path;     //!< file
    std::ifstream m_in;     //!< stream
    std::string m_lineText; //!< the line last read (its storage kept from line to line)
    TraceEvent m_header;    //!< first line
    uint64_t m_line;        //!< line number
    uint64_t m_events;      //!< events read
    bool m_done;            //!< end line seen
};

} // namespace wsdsim

#endif // WSDSIM_TRACE_IO_H

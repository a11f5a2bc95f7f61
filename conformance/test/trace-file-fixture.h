// A test fixture: a trace file written from event objects (header and end added), removed
// afterwards.
#ifndef WSDSIM_TRACE_FILE_FIXTURE_H
#define WSDSIM_TRACE_FILE_FIXTURE_H

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>
#include <vector>

namespace wsdsim::test
{

/// A trace of case "test/s" made of the given events, in a temporary file.
class TraceFile
{
  public:
    explicit TraceFile(const std::vector<nlohmann::json>& events)
    {
        using nlohmann::json;
        static std::atomic<unsigned> sequence{0};
        m_path = (std::filesystem::temp_directory_path()
                  / ("wsdsim-test-trace-" + std::to_string(::getpid()) + "-"
                     + std::to_string(sequence++) + ".jsonl"))
                     .string();
        std::ofstream out(m_path, std::ios::binary | std::ios::trunc);
        out << json{{"kind", "header"},
                    {"format", "wsdsim-trace/2"},
                    {"scenario", "test/s"},
                    {"case", "test/s"},
                    {"implementation", "model"}}
                   .dump()
            << "\n";
        for (const auto& event : events)
        {
            out << event.dump() << "\n";
        }
        out << json{{"kind", "end"}, {"events", events.size()}}.dump() << "\n";
    }

    ~TraceFile()
    {
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
    }

    TraceFile(const TraceFile&) = delete;
    TraceFile& operator=(const TraceFile&) = delete;

    /// \return the file
    const std::string& Path() const
    {
        return m_path;
    }

  private:
    std::string m_path; //!< the trace file
};

} // namespace wsdsim::test

#endif // WSDSIM_TRACE_FILE_FIXTURE_H

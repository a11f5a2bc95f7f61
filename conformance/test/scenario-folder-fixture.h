// A test fixture: a fresh scenarios root (it holds scenario.schema.json) in the temporary folder,
// removed with everything in it afterwards.
#ifndef WSDSIM_SCENARIO_FOLDER_FIXTURE_H
#define WSDSIM_SCENARIO_FOLDER_FIXTURE_H

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace wsdsim::test
{

/// A scenarios root of its own for one test (its name says which test made it).
class ScenarioFolder
{
  public:
    /// \param label a word for the folder's name ("blocking")
    explicit ScenarioFolder(const std::string& label)
    {
        static std::atomic<unsigned> sequence{0};
        m_path = std::filesystem::temp_directory_path()
                 / ("wsdsim-" + label + "-test-" + std::to_string(::getpid()) + "-"
                    + std::to_string(sequence++));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
        Write("scenario.schema.json", "{}\n");
    }

    ~ScenarioFolder()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }

    ScenarioFolder(const ScenarioFolder&) = delete;
    ScenarioFolder& operator=(const ScenarioFolder&) = delete;

    /// \return the path of a file below the root (not created)
    std::string File(const std::string& relative) const
    {
        return (m_path / relative).string();
    }

    /// Write a file below the root, with its folders. \return its path
    std::string Write(const std::string& relative, const std::string& text) const
    {
        const std::filesystem::path file = m_path / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << text;
        return file.string();
    }

  private:
    std::filesystem::path m_path; //!< the root
};

} // namespace wsdsim::test

#endif // WSDSIM_SCENARIO_FOLDER_FIXTURE_H

// Scratch files for the fuzz entries: each process writes its inputs in a folder of its own.
#include "fuzz-files.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <unistd.h>

namespace wsdsim
{

namespace fs = std::filesystem;

namespace
{
/// Owns the scratch folder; removes it when the process ends normally.
class ScratchFolder
{
  public:
    ScratchFolder()
    {
        const char* tmp = std::getenv("TMPDIR");
        const fs::path base = tmp && *tmp ? fs::path(tmp) : fs::path("/tmp");
        m_path = (base / ("wsdsim-fuzz-" + std::to_string(getpid()))).string();
        fs::create_directories(m_path);
        std::FILE* schema = std::fopen((m_path + "/scenario.schema.json").c_str(), "wb");
        if (!schema)
        {
            throw std::runtime_error("cannot create the fuzz scratch folder " + m_path);
        }
        std::fputs("{}\n", schema);
        std::fclose(schema);
    }

    ~ScratchFolder()
    {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }

    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const std::string& Path() const
    {
        return m_path;
    }

  private:
    std::string m_path;
};
} // namespace

const std::string&
FuzzScratchFolder()
{
    static const ScratchFolder folder;
    return folder.Path();
}

std::string
WriteScratchFile(const std::string& relative, const uint8_t* data, size_t size)
{
    const fs::path path = fs::path(FuzzScratchFolder()) / relative;
    fs::create_directories(path.parent_path());
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file)
    {
        throw std::runtime_error("cannot write " + path.string());
    }
    const size_t written = size == 0 ? 0 : std::fwrite(data, 1, size, file);
    std::fclose(file);
    if (written != size)
    {
        throw std::runtime_error("short write to " + path.string());
    }
    return path.string();
}

std::string
WriteScratchFile(const std::string& relative, const std::string& text)
{
    return WriteScratchFile(relative, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

} // namespace wsdsim

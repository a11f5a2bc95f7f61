// One report file written by a writer function (see report-file.h).
#include "report/report-file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace wsdsim
{

void
WriteReportFile(const std::filesystem::path& path, const std::function<void(std::ostream&)>& writer)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
    {
        throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
    }
    writer(out);
    out.close();
    if (!out)
    {
        throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
    }
}

} // namespace wsdsim

// Where a Wine program looks for its prefix's wineserver (see wine-server-folders.h).
#include "run/wine-server-folders.h"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <unistd.h>

namespace wsdsim
{

std::vector<std::string>
WineServerFolders(const std::string& prefix)
{
    std::vector<std::string> folders{"/tmp/.wine-" + std::to_string(getuid())};
    std::ifstream file(prefix + "/wineserver");
    std::string name;
    // mkdtemp's name, and nothing that could lead elsewhere: no '/', no "..".
    static const std::regex kTemporaryName("wine-[A-Za-z0-9]{6}");
    if (std::getline(file, name) && std::regex_match(name, kTemporaryName))
    {
        const char* temporary = std::getenv("TMPDIR");
        const std::string base
            = temporary != nullptr && temporary[0] == '/' ? std::string(temporary) : "/tmp";
        folders.push_back(base + "/" + name);
    }
    return folders;
}

} // namespace wsdsim

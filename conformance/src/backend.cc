// The one place that maps implementation names to backends.
#include "backend.h"

#include "driver-backend.h"
#include "model-backend.h"

namespace wsdsim
{

std::unique_ptr<Backend>
CreateBackend(const std::string& name)
{
    if (name == "model")
    {
        return std::make_unique<ModelBackend>();
    }
    if (name == "linux")
    {
        // Linux kernel sockets through the POSIX driver built beside wsdsim.
        return std::make_unique<DriverBackend>(
            "linux",
            std::vector<std::string>{ExecutableFolder() + "/../drivers/wsdsim-driver-linux"});
    }
    if (name == "wine")
    {
        // Wine's ws2_32 through the Winsock driver, in the Wine prefix the build made.
        const std::string folder = ExecutableFolder() + "/../drivers";
        return std::make_unique<DriverBackend>(
            "wine",
            std::vector<std::string>{"/usr/lib/wine/wine64", folder + "/wsdsim-driver-winsock.exe"},
            std::vector<std::string>{"WINEPREFIX=" + folder + "/wine-prefix", "WINEDEBUG=-all"},
            // A persistent Wine server (it exits 30 s after its last client): without it each
            // case's driver waits a second for a new server to start.
            std::vector<std::string>{"/usr/lib/wine/wineserver", "-p30"});
    }
    if (name.rfind("driver:", 0) == 0)
    {
        // Bring your own: any program that follows docs/driver-contract.md.
        return std::make_unique<DriverBackend>(name.substr(7),
                                               std::vector<std::string>{name.substr(7)});
    }
    return nullptr;
}

std::vector<std::string>
BackendNames()
{
    return {"model", "linux", "wine"};
}

} // namespace wsdsim

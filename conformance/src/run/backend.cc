// The one place that maps implementation names to backends.
#include "run/backend.h"

#include <iostream>

#include "common/data-layout.h"
#include "run/driver-backend.h"
#include "run/model-backend.h"
#include "run/wine-prefix.h"
#include "run/wine-server-folders.h"

namespace wsdsim
{

bool
NeedsLink(const ScenarioCase& scenarioCase)
{
    return !scenarioCase.topology.faults.empty() || scenarioCase.topology.loss > 0.0;
}

namespace
{
/// \return the Linux backend: kernel sockets through the POSIX driver
std::unique_ptr<Backend>
CreateLinuxBackend()
{
    // Linux kernel sockets through the POSIX driver (common/data-layout.h says where); on
    // the scenario's link under the namespace runner beside it (--network link).
    auto linuxBackend = std::make_unique<DriverBackend>(
        "linux",
        std::vector<std::string>{(FindDataLayout().drivers / "wsdsim-driver-linux").string()});
    // wsdsim-link makes its namespaces, devices and routes before the driver starts (0.10
    // to 0.15 s measured with both cores busy): 0.4 s, the default margin, covers it.
    LinkRunner link;
    link.path = (FindDataLayout().drivers / "wsdsim-link").string();
    linuxBackend->SetLinkRunner(link);
    // On loopback one driver process serves the cases one after another.
    linuxBackend->SetServesCases();
    return linuxBackend;
}

/// \return the Wine backend: Wine's ws2_32 through the Winsock driver
std::unique_ptr<Backend>
CreateWineBackend()
{
    // Wine's ws2_32 through the Winsock driver, in a Wine prefix in the user's cache folder,
    // made on first use (run/wine-prefix.h).
    const std::string driver = (FindDataLayout().drivers / "wsdsim-driver-winsock.exe").string();
    const std::string prefix = WinePrefixFolder();
    auto wine = std::make_unique<DriverBackend>(
        "wine",
        std::vector<std::string>{kWine64, driver},
        std::vector<std::string>{"WINEPREFIX=" + prefix, "WINEDEBUG=-all"},
        // A persistent Wine server (it exits 30 s after its last client): without it each
        // case's driver waits a second for a new server to start.
        std::vector<std::string>{kWineServer, "-p30"});
    wine->RequireFile(kWine64,
                      std::string("Wine is not installed (no ") + kWine64
                          + "; Debian: apt-get install wine64)");
    wine->RequireFile(driver,
                      "the Winsock driver was not built (no " + driver
                          + "; building it needs mingw-w64 and Wine)");
    // On the link Wine's sockets must be made in the case's network namespace, and Wine
    // makes them in wineserver (server/sock.c): the namespace gets empty Wine server folders
    // of its own (run/wine-server-folders.h), so the driver starts a wineserver inside it,
    // which dies with the namespace; the prefix is shared, its registry never written by
    // that server (killed with the namespace). A Wine process with a new wineserver took
    // 0.49 to 0.56 s to reach the case's start on a quiet machine: 1.5 s of margin.
    LinkRunner wineLink;
    wineLink.path = (FindDataLayout().drivers / "wsdsim-link").string();
    wineLink.privateDirs = [prefix]()
    {
        return WineServerFolders(prefix);
    };
    wineLink.startMarginNs = 1'500'000'000;
    wine->SetLinkRunner(wineLink);
    wine->SetFirstUse(
        [prefix]()
        {
            const std::string problem = EnsureWinePrefix(prefix);
            if (!problem.empty())
            {
                std::cerr << "wsdsim: warning: " << problem << "\n";
            }
        });
    // Every Winsock call under Wine is a round trip to wineserver (0.1 to 0.4 ms each), so
    // a case's first segments come late: up to 14 ms behind the reference with both cores
    // busy compiling (README, "Findings: Wine"). A 25 ms floor still tells a FIN sent at
    // once from one held back by a delayed ACK (200 ms) or a linger timeout (seconds).
    wine->SetTimingFloorNs(25'000'000);
    // Wine's loader takes 0.3 to 0.4 s of CPU to start the driver: one driver process (one
    // Wine process) serves the cases one after another, each started when the driver reads
    // it.
    wine->SetServesCases();
    return wine;
}
} // namespace

std::unique_ptr<Backend>
CreateBackend(const std::string& name)
{
    if (name == "model")
    {
        return std::make_unique<ModelBackend>();
    }
    if (name == "linux")
    {
        return CreateLinuxBackend();
    }
    if (name == "wine")
    {
        return CreateWineBackend();
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

// A wsdsim driver: runs one case on this platform's sockets and writes its trace
// (docs/driver-contract.md).
#include "case-interpreter.h"
#include "platform.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#ifdef _WIN32
#include "bundle-runner.h"

#include <filesystem>
#include <windows.h>

namespace
{
/// `--run-bundle BUNDLE_FOLDER RESULTS_FOLDER [TIMEOUT_SECONDS]`: run a bundle's cases
/// (docs/windows.md). \return the exit status
int
RunBundleCommand(int argc, char** argv)
{
    if (argc < 4 || argc > 5)
    {
        std::cerr << "usage: " << argv[0]
                  << " --run-bundle BUNDLE_FOLDER RESULTS_FOLDER [TIMEOUT_SECONDS]\n";
        return 2;
    }
    const long timeout = argc == 5 ? std::strtol(argv[4], nullptr, 10) : 45;
    if (timeout <= 0 || timeout > 3600)
    {
        std::cerr << argv[4] << ": expected a timeout of 1 to 3600 seconds\n";
        return 2;
    }
    std::wstring self(MAX_PATH, L'\0');
    self.resize(GetModuleFileNameW(nullptr, self.data(), MAX_PATH));
    return wsdsim::driver::RunBundle(self,
                                     std::filesystem::path(argv[2]).wstring(),
                                     std::filesystem::path(argv[3]).wstring(),
                                     static_cast<unsigned>(timeout));
}
} // namespace
#endif

int
main(int argc, char** argv)
{
#ifdef _WIN32
    if (argc >= 2 && std::string(argv[1]) == "--run-bundle")
    {
        return RunBundleCommand(argc, argv);
    }
#endif
    if (argc != 4)
    {
        std::cerr << "usage: " << argv[0] << " CASE_JSON TRACE_PATH START_EPOCH_NS\n";
        return 2;
    }
    wsdsim::driver::DriverCase testCase;
    try
    {
        std::ifstream in(argv[1]);
        const auto document = nlohmann::json::parse(in);
        if (document.value("format", "") != "wsdsim-case/1")
        {
            std::cerr << argv[1] << ": not a wsdsim-case/1 document\n";
            return 2;
        }
        testCase = wsdsim::driver::ParseDriverCase(document);
    }
    catch (const std::exception& error)
    {
        std::cerr << argv[1] << ": " << error.what() << "\n";
        return 2;
    }
    auto platform = wsdsim::driver::CreatePlatform();
    const int status
        = wsdsim::driver::RunCase(testCase, *platform, argv[2], std::strtoll(argv[3], nullptr, 10));
    std::cout.flush();
    // Threads still blocked in a call are abandoned: end the process without joining them.
#ifdef _WIN32
    // mingw's C runtime has no quick_exit; _Exit likewise ends the process without unwinding.
    std::_Exit(status);
#else
    std::quick_exit(status);
#endif
}

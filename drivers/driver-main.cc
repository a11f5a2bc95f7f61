// A wsdsim driver: runs one case on this platform's sockets and writes its trace
// (docs/driver-contract.md).
#include "case-interpreter.h"
#include "case-server.h"
#include "platform.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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

namespace
{
/// Read START_EPOCH_NS: a number, or "ready" (the driver starts the case once it is ready).
/// \return whether it reads; `start` stays empty for "ready"
bool
ParseStart(const std::string& text, std::optional<int64_t>* start)
{
    if (text == "ready")
    {
        return true;
    }
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0)
    {
        return false;
    }
    *start = value;
    return true;
}

/// Run one case in this process (docs/driver-contract.md). \return the exit status
int
RunOneCase(const std::string& casePath, const std::string& tracePath, const std::string& startText)
{
    std::optional<int64_t> start;
    if (!ParseStart(startText, &start))
    {
        std::cerr << startText
                  << ": expected the case start (CLOCK_REALTIME nanoseconds) or ready\n";
        return 2;
    }
    std::string error;
    const auto testCase = wsdsim::driver::ReadDriverCaseFile(casePath, &error);
    if (!testCase)
    {
        std::cerr << error << "\n";
        return 2;
    }
    // The case and the platform live to the process's end: threads still blocked in calls after
    // the case ended use them until then.
    static const auto platform = wsdsim::driver::CreatePlatform();
    static const wsdsim::driver::DriverCase kept = *testCase;
    bool allThreadsDone = true;
    return wsdsim::driver::RunCase(kept, *platform, tracePath, start, &allThreadsDone);
}
} // namespace

int
main(int argc, char** argv)
{
#ifdef _WIN32
    if (argc >= 2 && std::string(argv[1]) == "--run-bundle")
    {
        return RunBundleCommand(argc, argv);
    }
#endif
    int status = 0;
    if (argc == 2 && std::string(argv[1]) == "--serve")
    {
        status = wsdsim::driver::ServeCases(std::cin);
    }
    else if (argc == 4)
    {
        status = RunOneCase(argv[1], argv[2], argv[3]);
    }
    else
    {
        std::cerr << "usage: " << argv[0] << " CASE_JSON TRACE_PATH START_EPOCH_NS|ready\n"
                  << "       " << argv[0] << " --serve\n";
        return 2;
    }
    std::cout.flush();
    // Threads still blocked in a call are abandoned: end the process without joining them.
#ifdef _WIN32
    // mingw's C runtime has no quick_exit; _Exit likewise ends the process without unwinding.
    std::_Exit(status);
#else
    std::quick_exit(status);
#endif
}

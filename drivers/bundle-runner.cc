// Runs every case of a wsdsim bundle on this Windows machine, each in a process of its own with a
// timeout, into a results folder that `wsdsim import` judges (docs/windows.md).
#include "bundle-runner.h"

#include "machine-record.h"

#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <windows.h>

namespace wsdsim::driver
{

namespace
{
namespace fs = std::filesystem;
using nlohmann::json;

/// Time a case's process has to start before its case begins.
constexpr int64_t kStartMarginNs = 300'000'000;
/// The most of a case's output kept in results.json.
constexpr size_t kOutputKept = 4096;

/// How one case's process ended.
struct CaseExit
{
    DWORD exitCode{0};    //!< its exit code
    bool timedOut{false}; //!< killed at the timeout
    double seconds{0};    //!< how long it ran
};

/// \return the time now, in nanoseconds since the epoch (the driver's clock)
int64_t
NowEpochNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// \return a pair of loopback addresses of the case's own (127.a.b.1 and .2): Windows routes all
/// of 127.0.0.0/8 to loopback, and a port an earlier case left in TIME_WAIT does not collide
std::array<std::string, 2>
FreshHosts(std::mt19937& random)
{
    const unsigned spread = random();
    const std::string prefix = "127." + std::to_string(16 + spread % 240) + "."
                               + std::to_string((spread / 240) % 256) + ".";
    return {prefix + "1", prefix + "2"};
}

/// \return a file's bytes \throws std::runtime_error when it cannot be read
std::string
ReadWhole(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::runtime_error(path.string() + ": cannot be read");
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Write a file whole. \throws std::runtime_error when it cannot be written
void
WriteWhole(const fs::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out.flush())
    {
        throw std::runtime_error(path.string() + ": cannot be written");
    }
}

/// \return the command line of a case's process: every argument quoted (paths may hold spaces)
std::wstring
CaseCommandLine(const std::wstring& self,
                const fs::path& casePath,
                const fs::path& tracePath,
                int64_t startNs)
{
    return L"\"" + self + L"\" \"" + casePath.wstring() + L"\" \"" + tracePath.wstring() + L"\" "
           + std::to_wstring(startNs);
}

/// Run one case's process, its output into outputPath, killing it at the timeout.
/// \throws std::runtime_error when it cannot be started
CaseExit
RunCaseProcess(std::wstring commandLine, const fs::path& outputPath, unsigned timeoutSeconds)
{
    SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    const HANDLE output = CreateFileW(outputPath.wstring().c_str(),
                                      GENERIC_WRITE,
                                      FILE_SHARE_READ,
                                      &inherit,
                                      CREATE_ALWAYS,
                                      FILE_ATTRIBUTE_NORMAL,
                                      nullptr);
    if (output == INVALID_HANDLE_VALUE)
    {
        throw std::runtime_error(outputPath.string() + ": cannot be created");
    }
    STARTUPINFOW startup{};
    startup.cb = sizeof(startup);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = output;
    startup.hStdError = output;
    PROCESS_INFORMATION process{};
    const auto started = std::chrono::steady_clock::now();
    if (!CreateProcessW(nullptr,
                        commandLine.data(),
                        nullptr,
                        nullptr,
                        TRUE,
                        0,
                        nullptr,
                        nullptr,
                        &startup,
                        &process))
    {
        CloseHandle(output);
        throw std::runtime_error("cannot start a case's process (error "
                                 + std::to_string(GetLastError()) + ")");
    }
    CaseExit ended;
    if (WaitForSingleObject(process.hProcess, timeoutSeconds * 1000) != WAIT_OBJECT_0)
    {
        TerminateProcess(process.hProcess, 124);
        WaitForSingleObject(process.hProcess, INFINITE);
        ended.timedOut = true;
    }
    GetExitCodeProcess(process.hProcess, &ended.exitCode);
    ended.seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    CloseHandle(process.hThread);
    CloseHandle(process.hProcess);
    CloseHandle(output);
    return ended;
}

/// \return what results.json says of one case
json
CaseRecord(const json& entry, const CaseExit& ended, const std::string& output)
{
    return {{"id", entry.at("id")},
            {"file", entry.at("file")},
            {"exit_code", ended.exitCode},
            {"timed_out", ended.timedOut},
            {"seconds", ended.seconds},
            {"output", output.substr(0, kOutputKept)}};
}

/// Run one case of the bundle. \return its record
json
RunOneCase(const std::wstring& self,
           const fs::path& bundle,
           const fs::path& results,
           const json& entry,
           std::mt19937& random,
           unsigned timeoutSeconds)
{
    const std::string file = entry.at("file").get<std::string>();
    const fs::path name = fs::path(file).filename();
    json document = json::parse(ReadWhole(bundle / "cases" / name));
    document["hosts"] = FreshHosts(random);
    const fs::path casePath = results / "cases" / name;
    WriteWhole(casePath, document.dump(2) + "\n");
    const fs::path stem = results / "traces" / name.stem();
    const fs::path output = fs::path(stem).concat(".out");
    const CaseExit ended = RunCaseProcess(
        CaseCommandLine(
            self, casePath, fs::path(stem).concat(".jsonl"), NowEpochNs() + kStartMarginNs),
        output,
        timeoutSeconds);
    return CaseRecord(entry, ended, ReadWhole(output));
}
} // namespace

int
RunBundle(const std::wstring& self,
          const std::wstring& bundleFolder,
          const std::wstring& resultsFolder,
          unsigned timeoutSeconds)
{
    const fs::path bundle(bundleFolder);
    const fs::path results(resultsFolder);
    json manifest;
    try
    {
        manifest = json::parse(ReadWhole(bundle / "bundle.json"));
        if (manifest.value("format", "") != "wsdsim-bundle/1")
        {
            std::cerr << (bundle / "bundle.json").string() << ": not a wsdsim-bundle/1 manifest\n";
            return 2;
        }
        if (fs::exists(results / "results.json"))
        {
            std::cerr << (results / "results.json").string()
                      << ": already there; move the earlier results away first\n";
            return 2;
        }
        fs::create_directories(results / "cases");
        fs::create_directories(results / "traces");
        json record = {{"format", "wsdsim-results/1"},
                       {"machine", MachineRecord()},
                       {"driver_version", WSDSIM_DRIVER_VERSION},
                       {"bundle", manifest},
                       {"timeout_seconds", timeoutSeconds},
                       {"cases", json::array()}};
        std::mt19937 random(static_cast<unsigned>(NowEpochNs()));
        const auto& cases = manifest.at("cases");
        for (size_t i = 0; i < cases.size(); ++i)
        {
            std::cout << "[" << i + 1 << "/" << cases.size() << "] "
                      << cases[i].at("id").get<std::string>() << std::endl;
            record["cases"].push_back(
                RunOneCase(self, bundle, results, cases[i], random, timeoutSeconds));
        }
        // Written last, whole: a results folder without it is a run that did not finish.
        WriteWhole(results / "results.json.tmp", record.dump(1) + "\n");
        fs::rename(results / "results.json.tmp", results / "results.json");
    }
    catch (const std::exception& error)
    {
        std::cerr << "wsdsim bundle run: " << error.what() << "\n";
        return 2;
    }
    std::cout << "results: " << results.string() << std::endl;
    return 0;
}

} // namespace wsdsim::driver

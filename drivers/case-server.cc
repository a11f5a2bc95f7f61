// A driver serving cases one after another in one process (docs/driver-contract.md, "Serving
// cases").
#include "case-server.h"

#include "case-interpreter.h"
#include "driver-case.h"
#include "platform.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace wsdsim::driver
{

namespace
{

/// What one request asks for.
struct CaseRequest
{
    std::string casePath;  //!< the wsdsim-case/1 file
    std::string tracePath; //!< where its trace goes
};

/// \return the request a line holds, or nothing (with the error printed) when it holds none
std::optional<CaseRequest>
ReadRequest(const std::string& line)
{
    try
    {
        const auto request = nlohmann::json::parse(line);
        return CaseRequest{request.at("case").get<std::string>(),
                           request.at("trace").get<std::string>()};
    }
    catch (const std::exception& error)
    {
        std::cout << "request " << line.substr(0, 200)
                  << ": expected {\"case\": PATH, \"trace\": PATH}: " << error.what() << std::endl;
        return std::nullopt;
    }
}

} // namespace

int
ServeCases(std::istream& requests)
{
    // Each case's Platform is kept to the end of the process: its sockets' pending overlapped
    // operations may still complete into the OVERLAPPEDs it holds after the case has ended.
    std::vector<std::unique_ptr<Platform>> served;
    std::string line;
    while (std::getline(requests, line))
    {
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        const auto request = ReadRequest(line);
        std::string error;
        auto loaded = request ? ReadDriverCaseFile(request->casePath, &error) : std::nullopt;
        if (!loaded)
        {
            if (request)
            {
                std::cout << error << std::endl;
            }
            std::cout << "DONE 2" << std::endl;
            continue;
        }
        auto testCase = std::make_unique<DriverCase>(std::move(*loaded));
        auto platform = CreatePlatform();
        bool allThreadsDone = true;
        const int status
            = RunCase(*testCase, *platform, request->tracePath, std::nullopt, &allThreadsDone);
        if (!allThreadsDone)
        {
            // Its threads still blocked in calls use the case and the platform until the process
            // ends, which it does now.
            testCase.release();
            platform.release();
            std::cout << "DONE " << status << " LEAVING" << std::endl;
            return status;
        }
        platform->ReleaseCase();
        served.push_back(std::move(platform));
        std::cout << "DONE " << status << std::endl;
    }
    return 0;
}

} // namespace wsdsim::driver

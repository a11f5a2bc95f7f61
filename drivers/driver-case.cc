// A wsdsim-case/1 document read once into typed form (see driver-case.h).
#include "driver-case.h"

#include <fstream>

#include "wsdsim/call-json.h"

namespace wsdsim::driver
{

using nlohmann::json;

namespace
{

/// \return one step, its call decoded
DriverStep
ParseStep(const json& step)
{
    DriverStep parsed;
    parsed.index = step.at("index").get<int64_t>();
    parsed.id = step.at("id").get<std::string>();
    parsed.thread = step.at("thread").get<std::string>();
    parsed.call = DecodeCall(step.at("call").get<std::string>(), step.at("args"));
    if (!step.at("at_ns").is_null())
    {
        parsed.atNs = step.at("at_ns").get<int64_t>();
    }
    parsed.delayNs = step.value("delay_ns", int64_t{0});
    if (!step.at("after").is_null())
    {
        parsed.after = step.at("after").get<std::string>();
    }
    parsed.inBlockingHook = step.value("blocking_hook", false);
    if (!step.at("as").is_null())
    {
        parsed.as = step.at("as").get<std::string>();
    }
    return parsed;
}

} // namespace

DriverCase
ParseDriverCase(const json& document)
{
    DriverCase parsed;
    parsed.id = document.at("id").get<std::string>();
    parsed.scenario = document.at("scenario").get<std::string>();
    parsed.profile = document.value("profile", std::string("tcp-ip"));
    parsed.hosts = document.at("hosts").get<std::array<std::string, 2>>();
    parsed.portOffset = document.value("port_offset", uint16_t{0});
    const json& topology = document.at("topology");
    parsed.receiveBuffer = topology.value("receive_buffer", 131072u);
    parsed.sendBuffer = topology.value("send_buffer", 131072u);
    parsed.segmentSize = topology.value("segment_size", 536u);
    parsed.hasFaults
        = !topology.value("faults", json::array()).empty() || topology.value("loss", 0.0) > 0;
    parsed.onLink = document.value("network", std::string("loopback")) == "link";
    for (const auto& thread : document.at("threads"))
    {
        parsed.threads.emplace_back(thread.at("name").get<std::string>(),
                                    thread.at("host").get<uint32_t>());
    }
    for (const auto& step : document.at("steps"))
    {
        parsed.steps.push_back(ParseStep(step));
    }
    parsed.expectedErrors = document.value("expected_errors", std::set<std::string>{});
    parsed.untilNs = document.at("until_ns").get<int64_t>();
    parsed.graceNs = document.value("grace_ns", parsed.graceNs);
    return parsed;
}

std::optional<DriverCase>
ReadDriverCaseFile(const std::string& path, std::string* error)
{
    try
    {
        std::ifstream in(path);
        const auto document = json::parse(in);
        if (document.value("format", "") != "wsdsim-case/1")
        {
            *error = path + ": not a wsdsim-case/1 document";
            return std::nullopt;
        }
        return ParseDriverCase(document);
    }
    catch (const std::exception& problem)
    {
        *error = path + ": " + problem.what();
        return std::nullopt;
    }
}

} // namespace wsdsim::driver

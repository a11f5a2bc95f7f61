// STAND-IN for L1's link model: a pure one-way delay (see link-model.h).
#include "link/link-model.h"

#include <stdexcept>

namespace wsdsim::link
{

LinkConfig
ParseLinkConfig(const nlohmann::json& exportedCase)
{
    if (!exportedCase.is_object() || !exportedCase.contains("topology")
        || !exportedCase.at("topology").is_object())
    {
        throw std::invalid_argument("/topology: expected an object (a wsdsim-case/1 document)");
    }
    const auto& topology = exportedCase.at("topology");
    LinkConfig config;
    try
    {
        config.delayNs = topology.value("delay_ns", int64_t{1'000'000});
        config.segmentSize = topology.value("segment_size", 536u);
    }
    catch (const nlohmann::json::exception& error)
    {
        throw std::invalid_argument(std::string("/topology: ") + error.what());
    }
    return config;
}

LinkModel::LinkModel(const LinkConfig& config)
    : m_config(config)
{
}

Departure
LinkModel::Submit(uint32_t, std::span<const uint8_t>, int64_t nowNs)
{
    return Departure{true, nowNs + m_config.delayNs, ""};
}

bool
LinkModel::InterfaceUp(uint32_t, int64_t) const
{
    return true;
}

} // namespace wsdsim::link

// Decides each packet's fate and arrival time on a real case's link (see link-model.h).
#include "link/link-model.h"

#include <algorithm>
#include <stdexcept>

#include "link/tcp-segment.h"

namespace wsdsim::link
{

namespace
{

/// The model's point-to-point device puts a 2-byte PPP header before each IPv4 packet and
/// serialises both (ns-3 PointToPointNetDevice::Send, TransmitStart).
constexpr size_t kPppHeaderBytes = 2;

constexpr int64_t kNsPerSecond = 1'000'000'000;

/// RFC 791 3.1: Total Length is 16 bits.
constexpr size_t kMaxIpv4PacketBytes = 65535;

} // namespace

LinkModel::LinkModel(const LinkConfig& config)
    : m_config(config)
{
    if (config.rateBitsPerSecond == 0)
    {
        throw std::invalid_argument("LinkModel: the rate must be positive");
    }
    for (const auto& fault : config.faults)
    {
        if (fault.action == "drop" || fault.action == "delay")
        {
            m_rules.at(fault.host)
                .push_back(SegmentRule{
                    fault.atNs, fault.flagBits, fault.withPayload, fault.count, fault.byNs});
        }
        else
        {
            m_interfaceChanges.at(fault.host)
                .push_back(InterfaceChange{fault.atNs, fault.action == "interface-up"});
        }
    }
    // In time order; changes at the same time in the scenario's order, as the model schedules
    // them (ns-3 runs events of one time in the order they were scheduled).
    for (auto& changes : m_interfaceChanges)
    {
        std::stable_sort(changes.begin(),
                         changes.end(),
                         [](const auto& a, const auto& b) { return a.atNs < b.atNs; });
    }
    // One stream per receiving host, as the model gives each host's error model its own stream.
    for (uint32_t host = 0; host < 2; ++host)
    {
        std::seed_seq seeds{config.seed, host};
        m_random[host].seed(seeds);
    }
}

Departure
LinkModel::Submit(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs)
{
    if (from > 1)
    {
        throw std::invalid_argument("LinkModel::Submit: host " + std::to_string(from)
                                    + " is not 0 or 1");
    }
    if (packet.size() > kMaxIpv4PacketBytes)
    {
        throw std::invalid_argument("LinkModel::Submit: a packet of "
                                    + std::to_string(packet.size())
                                    + " bytes is longer than IPv4 allows (65535)");
    }
    // A host whose interface is down sends nothing: the model's IPv4 has no route out.
    if (!InterfaceUp(from, nowNs))
    {
        return Departure{false, nowNs, kDroppedInterfaceDown};
    }
    const uint32_t to = 1 - from;
    const int64_t start = std::max(nowNs, m_transmitterFreeNs[from]);
    m_transmitterFreeNs[from] = start + TransmitNs(packet.size() + kPppHeaderBytes);
    int64_t arrivalNs = m_transmitterFreeNs[from] + m_config.delayNs;
    // The receiving device's error model: its rules first, then random loss (not for a segment a
    // rule took: a held segment is delivered past the error model).
    if (const SegmentRule* rule = TakeRule(to, packet, arrivalNs))
    {
        if (rule->byNs == 0)
        {
            return Departure{false, arrivalNs, kDroppedByFault};
        }
        arrivalNs += rule->byNs;
    }
    else if (LostAtRandom(to))
    {
        return Departure{false, arrivalNs, kDroppedByLoss};
    }
    // Then the receiving IPv4 drops what arrives while its interface is down.
    if (!InterfaceUp(to, arrivalNs))
    {
        return Departure{false, arrivalNs, kDroppedInterfaceDown};
    }
    return Departure{true, arrivalNs, ""};
}

bool
LinkModel::InterfaceUp(uint32_t host, int64_t nowNs) const
{
    bool up = true; // every interface starts up
    for (const auto& change : m_interfaceChanges.at(host))
    {
        if (change.atNs > nowNs)
        {
            break;
        }
        up = change.up;
    }
    return up;
}

const LinkModel::SegmentRule*
LinkModel::TakeRule(uint32_t host, std::span<const uint8_t> packet, int64_t arrivalNs)
{
    if (m_rules[host].empty())
    {
        return nullptr;
    }
    const auto segment = ReadTcpSegment(packet);
    if (!segment)
    {
        return nullptr; // the model's rules look at TCP segments only
    }
    for (auto& rule : m_rules[host])
    {
        if (rule.remaining > 0 && arrivalNs >= rule.atNs
            && (segment->flags & rule.flagBits) == rule.flagBits
            && (!rule.withPayload || segment->payloadBytes > 0))
        {
            --rule.remaining;
            return &rule;
        }
    }
    return nullptr;
}

int64_t
LinkModel::TransmitNs(size_t bytes) const
{
    // Rounded to the nearest nanosecond, as ns-3's DataRate::CalculateBytesTxTime gives it.
    const uint64_t bits = static_cast<uint64_t>(bytes) * 8;
    const uint64_t rate = m_config.rateBitsPerSecond;
    return static_cast<int64_t>((bits * kNsPerSecond + rate / 2) / rate);
}

bool
LinkModel::LostAtRandom(uint32_t host)
{
    if (m_config.loss <= 0)
    {
        return false; // the model draws nothing without a loss rate
    }
    // A uniform number in [0, 1) from 32 random bits: std::mt19937 is the same everywhere.
    const double uniform = static_cast<double>(m_random[host]()) / 4294967296.0;
    return uniform < m_config.loss;
}

} // namespace wsdsim::link

// Reads the link of an exported case: its "topology" (see link-config.h).
#include "link/link-config.h"

#include <array>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "link/tcp-segment.h"

namespace wsdsim::link
{

using nlohmann::json;

namespace
{

/// \return a JSON pointer as an error names it ("" is the whole document)
std::string
Place(const std::string& pointer)
{
    return pointer.empty() ? "the case document" : pointer;
}

/// \throws std::invalid_argument "pointer: expected, found value"
[[noreturn]] void
Fail(const std::string& pointer, const std::string& expected, const json* found)
{
    std::string message = Place(pointer) + ": expected " + expected;
    message += found ? ", found " + found->dump() : ", found nothing";
    throw std::invalid_argument(message);
}

/// \return member `key` of `object` (at `pointer`), which must be there
const json&
Member(const json& object, const std::string& pointer, const std::string& key)
{
    const auto found = object.find(key);
    if (found == object.end())
    {
        throw std::invalid_argument(Place(pointer) + ": expected a member \"" + key + "\"");
    }
    return *found;
}

/// \return member `key` of `object`: an integer from `min` to `max`
int64_t
Integer(const json& object,
        const std::string& pointer,
        const std::string& key,
        int64_t min,
        int64_t max)
{
    const json& value = Member(object, pointer, key);
    const std::string range
        = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!value.is_number_integer()
        || (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(max)))
    {
        Fail(pointer + "/" + key, range, &value);
    }
    const int64_t number = value.get<int64_t>();
    if (number < min || number > max)
    {
        Fail(pointer + "/" + key, range, &value);
    }
    return number;
}

/// \return the TCP header bits of flag names joined by '|' ("FIN|ACK")
uint8_t
FlagBits(const std::string& names, const std::string& pointer, const json& found)
{
    uint8_t bits = 0;
    std::stringstream tokens(names);
    for (std::string name; std::getline(tokens, name, '|');)
    {
        bool known = false;
        for (const auto& [bit, flagName] : kTcpFlagNames)
        {
            if (name == flagName)
            {
                bits |= bit;
                known = true;
            }
        }
        if (!known)
        {
            Fail(pointer, "TCP flags joined by | (SYN, FIN, RST, PSH, ACK, URG, ECE, CWR)", &found);
        }
    }
    return bits;
}

/// Read what a drop or delay fault matches: flags, count, with_payload, by_ns.
void
ReadSegmentRule(const json& object, const std::string& pointer, LinkFault& fault)
{
    const json& flags = Member(object, pointer, "flags");
    if (!flags.is_null())
    {
        if (!flags.is_string())
        {
            Fail(pointer + "/flags", "null or TCP flag names joined by |", &flags);
        }
        fault.flags = flags.get<std::string>();
        fault.flagBits = FlagBits(*fault.flags, pointer + "/flags", flags);
    }
    fault.count = static_cast<uint32_t>(
        Integer(object, pointer, "count", 1, std::numeric_limits<uint32_t>::max()));
    const json& withPayload = Member(object, pointer, "with_payload");
    if (!withPayload.is_boolean())
    {
        Fail(pointer + "/with_payload", "true or false", &withPayload);
    }
    fault.withPayload = withPayload.get<bool>();
    if (fault.action == "delay")
    {
        fault.byNs = Integer(object, pointer, "by_ns", 1, std::numeric_limits<int64_t>::max());
    }
}

/// \return fault `index` of the topology's "faults"
LinkFault
ReadFault(const json& faults, size_t index)
{
    const std::string pointer = "/topology/faults/" + std::to_string(index);
    const json& object = faults[index];
    if (!object.is_object())
    {
        Fail(pointer, "an object", &object);
    }
    LinkFault fault;
    fault.atNs = Integer(object, pointer, "at_ns", 0, std::numeric_limits<int64_t>::max());
    const json& action = Member(object, pointer, "action");
    if (action != "interface-down" && action != "interface-up" && action != "drop"
        && action != "delay")
    {
        Fail(pointer + "/action",
             "\"interface-down\", \"interface-up\", \"drop\" or \"delay\"",
             &action);
    }
    fault.action = action.get<std::string>();
    fault.host = static_cast<uint32_t>(Integer(object, pointer, "host", 0, 1));
    if (fault.action == "drop" || fault.action == "delay")
    {
        ReadSegmentRule(object, pointer, fault);
    }
    return fault;
}

/// \return the loss probability: a number from 0 up to (not including) 1
double
Loss(const json& topology)
{
    const json& loss = Member(topology, "/topology", "loss");
    if (!loss.is_number() || loss.get<double>() < 0 || loss.get<double>() >= 1)
    {
        Fail("/topology/loss", "a number from 0 up to (not including) 1", &loss);
    }
    return loss.get<double>();
}

} // namespace

LinkConfig
ParseLinkConfig(const json& exportedCase)
{
    if (!exportedCase.is_object())
    {
        Fail("", "a wsdsim-case/1 object", &exportedCase);
    }
    const json& topology = Member(exportedCase, "", "topology");
    if (!topology.is_object())
    {
        Fail("/topology", "an object", &topology);
    }
    LinkConfig config;
    config.delayNs
        = Integer(topology, "/topology", "delay_ns", 0, std::numeric_limits<int64_t>::max());
    config.rateBitsPerSecond = static_cast<uint64_t>(
        Integer(topology, "/topology", "rate_bps", 1, std::numeric_limits<int64_t>::max()));
    config.loss = Loss(topology);
    config.seed = static_cast<uint32_t>(
        Integer(topology, "/topology", "seed", 0, std::numeric_limits<uint32_t>::max()));
    config.segmentSize
        = static_cast<uint32_t>(Integer(topology, "/topology", "segment_size", 64, 65000));
    const json& faults = Member(topology, "/topology", "faults");
    if (!faults.is_array())
    {
        Fail("/topology/faults", "an array", &faults);
    }
    for (size_t index = 0; index < faults.size(); ++index)
    {
        config.faults.push_back(ReadFault(faults, index));
    }
    return config;
}

} // namespace wsdsim::link

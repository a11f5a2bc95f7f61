// A scenario's "topology": the link between its two hosts and its faults (see topology-parser.h).
#include "scenario/topology-parser.h"

#include <regex>
#include <set>
#include <sstream>

namespace wsdsim
{

using nlohmann::json;

namespace
{

/// Check a fault's "flags": TCP flag names joined by '|'.
void
CheckFlags(const JsonContext& context, const std::string& at, const std::string& flags)
{
    static const std::set<std::string> kFlags{
        "SYN", "FIN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    std::stringstream tokens(flags);
    for (std::string flag; std::getline(tokens, flag, '|');)
    {
        if (!kFlags.count(flag))
        {
            context.Fail(at + "/flags",
                         "expected TCP flags joined by | (SYN, FIN, RST, PSH, ACK, URG, ECE, CWR), "
                         "found \""
                             + flags + "\"");
        }
    }
}

/// \return one fault of "faults"
Fault
ParseFault(const JsonContext& context, const json& faults, size_t index)
{
    const std::string at = "/topology/faults/" + std::to_string(index);
    const json& f = context.Object(faults[index], at);
    context.CheckKnown(f, at, {"at", "action", "host", "flags", "count", "withPayload", "by"});
    Fault fault;
    fault.atNs = context.Duration(f, at, "at").value_or(0);
    fault.action = *context.String(f, at, "action", true);
    if (fault.action != "interface-down" && fault.action != "interface-up" && fault.action != "drop"
        && fault.action != "delay")
    {
        context.Fail(
            at + "/action",
            "expected \"interface-down\", \"interface-up\", \"drop\" or \"delay\", found \""
                + fault.action + "\"");
    }
    fault.host = static_cast<uint32_t>(context.Integer(f, at, "host", 0, 1).value_or(0));
    fault.flags = context.String(f, at, "flags", false);
    if (fault.flags)
    {
        CheckFlags(context, at, *fault.flags);
    }
    fault.count = static_cast<uint32_t>(context.Integer(f, at, "count", 1, 1000000).value_or(1));
    fault.withPayload = context.Boolean(f, at, "withPayload").value_or(false);
    const auto by = context.Duration(f, at, "by");
    if (fault.action == "delay" && (!by || *by <= 0))
    {
        context.Fail(at + (by ? "/by" : ""), "a delay fault needs \"by\": a positive duration");
    }
    if (fault.action != "delay" && by)
    {
        context.Fail(at + "/by", "\"by\" belongs to delay faults only");
    }
    fault.byNs = by.value_or(0);
    return fault;
}

/// Read the link's rate and loss into a topology.
void
ParseRateAndLoss(const JsonContext& context, const json& topology, Topology& t)
{
    if (auto rate = context.String(topology, "/topology", "rate", false))
    {
        // ns-3's DataRate syntax; it aborts the process on anything else.
        static const std::regex kRate(R"(^[0-9]+(\.[0-9]+)?\s*([kKMG]i?)?(bps|b/s|Bps|B/s)$)");
        if (!std::regex_match(*rate, kRate))
        {
            context.Fail("/topology/rate",
                         "expected a data rate such as \"10Mbps\" or \"500kbps\", found \"" + *rate
                             + "\"");
        }
        t.rate = *rate;
    }
    if (topology.contains("loss"))
    {
        const json& loss = topology.at("loss");
        if (!loss.is_number() || loss.get<double>() < 0 || loss.get<double>() >= 1)
        {
            context.Fail("/topology/loss",
                         "expected a number from 0 up to (not including) 1, found " + loss.dump());
        }
        t.loss = loss.get<double>();
    }
}

} // namespace

Topology
ParseTopology(const JsonContext& context, const json& root)
{
    Topology t;
    if (!root.contains("topology"))
    {
        return t;
    }
    const json& topology = context.Object(root.at("topology"), "/topology");
    context.CheckKnown(
        topology,
        "/topology",
        {"rate", "delay", "loss", "segmentSize", "receiveBuffer", "sendBuffer", "faults"});
    ParseRateAndLoss(context, topology, t);
    t.delayNs = context.Duration(topology, "/topology", "delay").value_or(t.delayNs);
    t.segmentSize = static_cast<uint32_t>(
        context.Integer(topology, "/topology", "segmentSize", 64, 65000).value_or(t.segmentSize));
    t.receiveBuffer
        = static_cast<uint32_t>(context.Integer(topology, "/topology", "receiveBuffer", 1, 1 << 30)
                                    .value_or(t.receiveBuffer));
    t.sendBuffer = static_cast<uint32_t>(
        context.Integer(topology, "/topology", "sendBuffer", 1, 1 << 30).value_or(t.sendBuffer));
    if (topology.contains("faults"))
    {
        const json& faults = topology.at("faults");
        if (!faults.is_array())
        {
            context.Fail("/topology/faults", "expected an array, found " + JsonTypeName(faults));
        }
        for (size_t i = 0; i < faults.size(); ++i)
        {
            t.faults.push_back(ParseFault(context, faults, i));
        }
    }
    return t;
}

} // namespace wsdsim

// Text forms of the trace records' fields.
#include "wsa-trace-records.h"

#include "ns3/tcp-header.h"

namespace ns3
{

std::string
TcpFlagsToString(uint8_t flags)
{
    static const std::pair<uint8_t, const char*> kNames[] = {
        {TcpHeader::SYN, "SYN"},
        {TcpHeader::FIN, "FIN"},
        {TcpHeader::RST, "RST"},
        {TcpHeader::PSH, "PSH"},
        {TcpHeader::ACK, "ACK"},
        {TcpHeader::URG, "URG"},
        {TcpHeader::ECE, "ECE"},
        {TcpHeader::CWR, "CWR"},
    };
    std::string text;
    for (const auto& [bit, name] : kNames)
    {
        if (flags & bit)
        {
            if (!text.empty())
            {
                text += '|';
            }
            text += name;
        }
    }
    return text.empty() ? "NONE" : text;
}

std::string
EndpointToString(Ipv4Address address, uint16_t port)
{
    // Ipv4Address::Print's dotted quad, without a stream: a stream's construction (its locale's
    // facets) cost more than the rest of a segment's recording.
    const uint32_t value = address.Get();
    std::string text;
    text.reserve(21);
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        text += std::to_string((value >> shift) & 0xff);
        text += shift == 0 ? ':' : '.';
    }
    text += std::to_string(port);
    return text;
}

} // namespace ns3

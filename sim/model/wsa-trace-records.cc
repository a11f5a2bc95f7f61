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

} // namespace ns3

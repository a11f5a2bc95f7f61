// RFC 1006 TPKT framing: encoding DT and DR TPDUs and reassembling them from a byte stream.
#include "wsa-tpkt-codec.h"

#include <algorithm>

namespace ns3
{
namespace tpkt
{

namespace
{
constexpr uint8_t kVersion = 3;           //!< RFC 1006 TPKT version
constexpr uint8_t kCodeData = 0xF0;       //!< ISO 8073 DT TPDU code
constexpr uint8_t kCodeDisconnect = 0x80; //!< ISO 8073 DR TPDU code
constexpr uint8_t kEndOfTsdu = 0x80;      //!< DT: EOT bit, TPDU-NR 0
constexpr uint8_t kReasonNormal = 0x80;   //!< DR: normal disconnect initiated by the session

/// Prefix a TPDU with its TPKT header.
std::vector<uint8_t>
Frame(const std::vector<uint8_t>& tpduHeader, const std::vector<uint8_t>& userData)
{
    const size_t total = kHeaderSize + tpduHeader.size() + userData.size();
    std::vector<uint8_t> packet;
    packet.reserve(total);
    packet.push_back(kVersion);
    packet.push_back(0);
    packet.push_back(static_cast<uint8_t>(total >> 8));
    packet.push_back(static_cast<uint8_t>(total & 0xff));
    packet.insert(packet.end(), tpduHeader.begin(), tpduHeader.end());
    packet.insert(packet.end(), userData.begin(), userData.end());
    return packet;
}
} // namespace

std::vector<uint8_t>
EncodeData(const std::vector<uint8_t>& data)
{
    return Frame({2, kCodeData, kEndOfTsdu}, data);
}

std::vector<uint8_t>
EncodeDisconnect(const std::vector<uint8_t>& disconnectData)
{
    // LI 6, DR, DST-REF 0, SRC-REF 0 (class 0 over TCP has no references), reason normal.
    return Frame({6, kCodeDisconnect, 0, 0, 0, 0, kReasonNormal}, disconnectData);
}

bool
Decoder::Feed(const std::vector<uint8_t>& bytes)
{
    if (!m_error.empty())
    {
        return false;
    }
    m_pending.insert(m_pending.end(), bytes.begin(), bytes.end());
    size_t offset = 0;
    while (m_pending.size() - offset >= kHeaderSize)
    {
        const uint8_t* packet = m_pending.data() + offset;
        const uint32_t length = (static_cast<uint32_t>(packet[2]) << 8) | packet[3];
        if (packet[0] != kVersion || length < kHeaderSize + 2)
        {
            m_error = "not a TPKT (version " + std::to_string(packet[0]) + ", length "
                      + std::to_string(length) + ")";
            return false;
        }
        if (m_pending.size() - offset < length)
        {
            break;
        }
        const uint8_t lengthIndicator = packet[kHeaderSize];
        const uint8_t code = packet[kHeaderSize + 1];
        const uint32_t userStart = kHeaderSize + 1 + lengthIndicator;
        if (userStart > length)
        {
            m_error = "TPDU header longer than its TPKT";
            return false;
        }
        if (code == kCodeData)
        {
            m_data.insert(m_data.end(), packet + userStart, packet + length);
        }
        else if (code == kCodeDisconnect)
        {
            m_disconnectData.emplace(packet + userStart, packet + length);
        }
        else
        {
            m_error = "unexpected TPDU code " + std::to_string(code);
            return false;
        }
        offset += length;
    }
    m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(offset));
    return true;
}

const std::vector<uint8_t>&
Decoder::PeekData() const
{
    return m_data;
}

std::vector<uint8_t>
Decoder::TakeData(uint32_t maxBytes)
{
    const size_t count = std::min<size_t>(maxBytes, m_data.size());
    std::vector<uint8_t> taken(m_data.begin(), m_data.begin() + static_cast<std::ptrdiff_t>(count));
    m_data.erase(m_data.begin(), m_data.begin() + static_cast<std::ptrdiff_t>(count));
    return taken;
}

const std::optional<std::vector<uint8_t>>&
Decoder::GetDisconnectData() const
{
    return m_disconnectData;
}

bool
Decoder::HasPartialPacket() const
{
    return !m_pending.empty();
}

const std::string&
Decoder::GetError() const
{
    return m_error;
}

} // namespace tpkt
} // namespace ns3

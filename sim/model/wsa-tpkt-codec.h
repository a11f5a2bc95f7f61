// RFC 1006 TPKT framing of DT and DR TPDUs: how the ISO-TP profile puts data and disconnect data on
// TCP.
#ifndef WSA_TPKT_CODEC_H
#define WSA_TPKT_CODEC_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief Encoding of the ISO_TP_OVER_TCP profile's stream (RFC 1006, ISO 8073 class 0 shapes).
 *
 * Every TPDU travels in a TPKT: version 3, a reserved zero byte and the 16-bit big-endian
 * length of the whole packet. A DT TPDU (LI 2, code 0xF0, EOT) carries application data; a DR
 * TPDU (LI 6, code 0x80, references, reason 0x80 "normal") carries the disconnect data.
 */
namespace tpkt
{

/// Bytes of a TPKT header.
constexpr uint32_t kHeaderSize = 4;
/// Bytes of a DT TPDU header.
constexpr uint32_t kDataHeaderSize = 3;
/// Bytes of a DR TPDU header.
constexpr uint32_t kDisconnectHeaderSize = 7;
/// Largest TPKT.
constexpr uint32_t kMaxPacketSize = 0xffff;
/// Largest user data in one DT TPDU.
constexpr uint32_t kMaxDataPerPacket = kMaxPacketSize - kHeaderSize - kDataHeaderSize;
/// Largest disconnect data in a DR TPDU.
constexpr uint32_t kMaxDisconnectData = kMaxPacketSize - kHeaderSize - kDisconnectHeaderSize;

/**
 * \brief One DT TPDU in a TPKT.
 * \param data user data, at most kMaxDataPerPacket bytes
 * \return the bytes for the stream
 */
std::vector<uint8_t> EncodeData(const std::vector<uint8_t>& data);

/**
 * \brief One DR TPDU in a TPKT.
 * \param disconnectData the disconnect data, at most kMaxDisconnectData bytes
 * \return the bytes for the stream
 */
std::vector<uint8_t> EncodeDisconnect(const std::vector<uint8_t>& disconnectData);

/**
 * \brief Reassembles TPKTs from stream bytes.
 */
class Decoder
{
  public:
    /**
     * \brief Take bytes from the stream.
     * \param bytes the next bytes
     * \return false when the stream is not valid TPKT (see GetError())
     */
    bool Feed(const std::vector<uint8_t>& bytes);

    /**
     * \brief User data decoded and not yet taken.
     * \return the bytes (take them with TakeData())
     */
    const std::vector<uint8_t>& PeekData() const;

    /**
     * \brief Take up to a number of bytes of decoded user data.
     * \param maxBytes the most to take
     * \return the bytes
     */
    std::vector<uint8_t> TakeData(uint32_t maxBytes);

    /**
     * \brief The disconnect data of a DR TPDU, once one has arrived.
     * \return the data, or nothing before the DR
     */
    const std::optional<std::vector<uint8_t>>& GetDisconnectData() const;

    /**
     * \brief Whether bytes of an incomplete TPKT are waiting for more.
     * \return true with a partial packet buffered
     */
    bool HasPartialPacket() const;

    /**
     * \brief What was wrong with the stream after Feed() returned false.
     * \return a description
     */
    const std::string& GetError() const;

  private:
    std::vector<uint8_t> m_pending;                       //!< bytes of an incomplete TPKT
    std::vector<uint8_t> m_data;                          //!< decoded user data
    std::optional<std::vector<uint8_t>> m_disconnectData; //!< from the DR, once seen
    std::string m_error;                                  //!< why decoding stopped
};

} // namespace tpkt
} // namespace ns3

#endif // WSA_TPKT_CODEC_H

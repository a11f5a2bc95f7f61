// Tests of the TPKT codec (RFC 1006 framing of DT and DR TPDUs) the ISO-TP profile puts on TCP.
#include "ns3/wsa-tpkt-codec.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

using namespace ns3;

namespace
{
/// Bytes from a string literal.
std::vector<uint8_t>
Bytes(const char* text)
{
    return std::vector<uint8_t>(text, text + std::char_traits<char>::length(text));
}
} // namespace

TEST_CASE("tpkt_encode_data_frames_dt_tpdu", "[tpkt]")
{
    // RFC 1006 section 6: TPKT = version 3, reserved 0, 16-bit length of the whole packet.
    // ISO 8073 DT TPDU, class 0: LI 2, code 0xF0, EOT bit set (0x80).
    const auto packet = tpkt::EncodeData(Bytes("abc"));
    const std::vector<uint8_t> expected{3, 0, 0, 10, 2, 0xF0, 0x80, 'a', 'b', 'c'};
    CHECK(packet == expected);
}

TEST_CASE("tpkt_encode_disconnect_frames_dr_tpdu_with_data", "[tpkt]")
{
    // ISO 8073 DR TPDU: LI 6, code 0x80, DST-REF 2 bytes, SRC-REF 2 bytes, reason (0x80 normal).
    const auto packet = tpkt::EncodeDisconnect(Bytes("bye"));
    const std::vector<uint8_t> expected{3, 0, 0, 14, 6, 0x80, 0, 0, 0, 0, 0x80, 'b', 'y', 'e'};
    CHECK(packet == expected);
}

TEST_CASE("tpkt_decoder_round_trips_data_then_disconnect", "[tpkt]")
{
    auto stream = tpkt::EncodeData(Bytes("hello "));
    const auto second = tpkt::EncodeData(Bytes("world"));
    const auto dr = tpkt::EncodeDisconnect(Bytes("BYE"));
    stream.insert(stream.end(), second.begin(), second.end());
    stream.insert(stream.end(), dr.begin(), dr.end());

    tpkt::Decoder decoder;
    REQUIRE(decoder.Feed(stream));
    CHECK(decoder.PeekData() == Bytes("hello world"));
    REQUIRE(decoder.GetDisconnectData().has_value());
    CHECK(*decoder.GetDisconnectData() == Bytes("BYE"));
    CHECK_FALSE(decoder.HasPartialPacket());
    CHECK(decoder.GetError().empty());
}

TEST_CASE("tpkt_decoder_reassembles_packets_fed_byte_by_byte", "[tpkt]")
{
    auto stream = tpkt::EncodeData(Bytes("segmented"));
    const auto dr = tpkt::EncodeDisconnect({});
    stream.insert(stream.end(), dr.begin(), dr.end());

    tpkt::Decoder decoder;
    const size_t dataPacket = stream.size() - dr.size();
    for (size_t i = 0; i < stream.size(); ++i)
    {
        REQUIRE(decoder.Feed({stream[i]}));
        if (i + 1 < dataPacket)
        {
            CHECK(decoder.HasPartialPacket());
            CHECK(decoder.PeekData().empty());
        }
        if (i + 1 < stream.size())
        {
            CHECK_FALSE(decoder.GetDisconnectData().has_value());
        }
    }
    CHECK(decoder.PeekData() == Bytes("segmented"));
    REQUIRE(decoder.GetDisconnectData().has_value());
    CHECK(decoder.GetDisconnectData()->empty()); // a DR without disconnect data
    CHECK_FALSE(decoder.HasPartialPacket());
}

TEST_CASE("tpkt_decoder_take_data_takes_at_most_requested", "[tpkt]")
{
    tpkt::Decoder decoder;
    REQUIRE(decoder.Feed(tpkt::EncodeData(Bytes("abcdef"))));
    CHECK(decoder.TakeData(4) == Bytes("abcd"));
    CHECK(decoder.PeekData() == Bytes("ef"));
    CHECK(decoder.TakeData(100) == Bytes("ef"));
    CHECK(decoder.PeekData().empty());
    CHECK(decoder.TakeData(10).empty());
}

TEST_CASE("tpkt_decoder_before_disconnect_has_no_disconnect_data", "[tpkt]")
{
    tpkt::Decoder decoder;
    REQUIRE(decoder.Feed(tpkt::EncodeData(Bytes("x"))));
    CHECK_FALSE(decoder.GetDisconnectData().has_value());
}

TEST_CASE("tpkt_decoder_malformed_version_fails_and_stays_failed", "[tpkt]")
{
    tpkt::Decoder decoder;
    // Version 4 is not a TPKT (RFC 1006: version is 3).
    CHECK_FALSE(decoder.Feed({4, 0, 0, 10, 2, 0xF0, 0x80, 'a', 'b', 'c'}));
    CHECK_FALSE(decoder.GetError().empty());
    CHECK(decoder.PeekData().empty());
    // The stream has lost its framing: later valid bytes are not accepted.
    CHECK_FALSE(decoder.Feed(tpkt::EncodeData(Bytes("ok"))));
    CHECK(decoder.PeekData().empty());
}

TEST_CASE("tpkt_decoder_malformed_length_shorter_than_header_fails", "[tpkt]")
{
    tpkt::Decoder decoder;
    CHECK_FALSE(decoder.Feed({3, 0, 0, 3, 2, 0xF0, 0x80}));
    CHECK_FALSE(decoder.GetError().empty());
}

TEST_CASE("tpkt_decoder_malformed_unknown_tpdu_code_fails", "[tpkt]")
{
    tpkt::Decoder decoder;
    // 0xE0 is a CR (connection request) TPDU: not expected in the data phase.
    CHECK_FALSE(decoder.Feed({3, 0, 0, 7, 2, 0xE0, 0x80}));
    CHECK_FALSE(decoder.GetError().empty());
}

TEST_CASE("tpkt_decoder_malformed_tpdu_header_longer_than_packet_fails", "[tpkt]")
{
    tpkt::Decoder decoder;
    // LI 9 claims 9 header bytes after itself, but the TPKT holds only 2.
    CHECK_FALSE(decoder.Feed({3, 0, 0, 7, 9, 0xF0, 0x80}));
    CHECK_FALSE(decoder.GetError().empty());
}

// Tests of disconnect data: WSASendDisconnect's data reaching the peer's WSARecvDisconnect.
#include "wsa-test-fixture.h"

#include "ns3/wsa-tpkt-codec.h"

#include <optional>

using namespace wsdtest;

namespace
{
/// Bytes of a string.
std::vector<uint8_t>
Bytes(std::string_view text)
{
    return std::vector<uint8_t>(text.begin(), text.end());
}
} // namespace

// "lpOutboundDisconnectData, if not NULL, points to a buffer containing the outgoing disconnect
// data to be sent to the remote party for retrieval by using WSARecvDisconnect." A provider with
// XP1_DISCONNECT_DATA (the ISO_TP_OVER_TCP profile) carries it.
TEST_CASE("iso_established_send_disconnect_with_data_delivers_it_to_recv_disconnect",
          "[wsasenddisconnect][disconnect_data]")
{
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    const auto data = Pattern(1000);
    const auto goodbye = Bytes("BYE-1234");

    auto sent = bed.StartSender(0, pair.client, data);
    auto read = bed.StartReader(1, pair.server);
    bed.RunFor(Seconds(1));
    REQUIRE(sent->sent == data.size());
    // Application data travels TPKT-framed (wsa-provider-profile.h): more than the bare bytes.
    CHECK(bed.trace.PayloadSent(bed.NodeId(0))
          >= data.size() + tpkt::kHeaderSize + tpkt::kDataHeaderSize);

    // Data sent before the disconnect data has been delivered; now the disconnect.
    const Time disconnectAt = Simulator::Now();
    const WSABUF out = bed.Provider(0)->GetAddressSpace()->Allocate(goodbye);
    bool ran = false;
    bed.At(Seconds(0),
           [&]
           {
               CHECK(bed.client->WSASendDisconnect(pair.client, &out) == 0);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(ran);

    // The peer first reads the data whole, then the end of the stream.
    REQUIRE(read->finished);
    CHECK(read->bytes == data);
    CHECK(read->endOfStream);

    // Then WSARecvDisconnect copies the disconnect data into the peer's own buffer.
    WSABUF in = bed.Provider(1)->GetAddressSpace()->AllocateZeroed(64);
    CHECK(bed.server->WSARecvDisconnect(pair.server, &in) == 0);
    CHECK(in.len == goodbye.size());
    CHECK(bed.Provider(1)->GetAddressSpace()->Read(in.buf, in.len) == goodbye);

    // The disconnect data was on the wire: after the data, host 0 sent exactly one DR TPDU in a
    // TPKT (wsa-provider-profile.h: "a DR TPDU that carries the disconnect data, followed by the
    // TCP FIN"; wsa-tpkt-codec.h gives the framing).
    CHECK(bed.trace.PayloadSent(bed.NodeId(0), disconnectAt)
          == tpkt::EncodeDisconnect(goodbye).size());
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin, disconnectAt) >= 1);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kRst, disconnectAt) == 0);
}

// The same, with data still queued when WSASendDisconnect is called: the data arrives whole
// before the disconnect data, and recv reports the end of the stream after it.
TEST_CASE("iso_established_send_disconnect_with_data_after_queued_data_keeps_order",
          "[wsasenddisconnect][disconnect_data]")
{
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    const auto data = Pattern(30000, 5);
    const auto goodbye = Bytes("session over");
    const WSABUF out = bed.Provider(0)->GetAddressSpace()->Allocate(goodbye);
    int disconnectResult = -2;
    bed.At(Seconds(0),
           [&]
           {
               auto send = bed.client->send(pair.client, data);
               REQUIRE(send.IsDone());
               REQUIRE(send.GetResult() == static_cast<int>(data.size()));
               disconnectResult = bed.client->WSASendDisconnect(pair.client, &out);
           });
    auto read = bed.StartReader(1, pair.server, MilliSeconds(1));
    bed.RunFor(Seconds(3));
    bed.RethrowIfFailed();
    CHECK(disconnectResult == 0);
    REQUIRE(read->finished);
    CHECK(read->bytes == data);
    CHECK(read->endOfStream);
    WSABUF in = bed.Provider(1)->GetAddressSpace()->AllocateZeroed(64);
    CHECK(bed.server->WSARecvDisconnect(pair.server, &in) == 0);
    REQUIRE(in.len == goodbye.size());
    CHECK(bed.Provider(1)->GetAddressSpace()->Read(in.buf, in.len) == goodbye);
}

// With a NULL lpOutboundDisconnectData nothing is sent for WSARecvDisconnect to return: the peer
// gets 0 bytes of disconnect data.
TEST_CASE("iso_established_send_disconnect_without_data_gives_peer_no_disconnect_data",
          "[wsasenddisconnect][disconnect_data]")
{
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    auto read = bed.StartReader(1, pair.server);
    bool ran = false;
    bed.At(MilliSeconds(1),
           [&]
           {
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(ran);
    REQUIRE(read->finished);
    CHECK(read->endOfStream);
    CHECK(read->bytes.empty());
    WSABUF in = bed.Provider(1)->GetAddressSpace()->AllocateZeroed(64);
    CHECK(bed.server->WSARecvDisconnect(pair.server, &in) == 0);
    CHECK(in.len == 0);
}

// A descriptor of length 0 inside the address space is valid and not NULL: the provider sends a
// disconnect with no data, and the peer's WSARecvDisconnect gets 0 bytes.
TEST_CASE("iso_established_send_disconnect_with_empty_data_returns_zero",
          "[wsasenddisconnect][disconnect_data]")
{
    WsaTestBed bed(BedOptions{.profile = WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    const WSABUF region = bed.Provider(0)->GetAddressSpace()->Allocate(std::string_view("x"));
    const WSABUF empty{0, region.buf};
    auto read = bed.StartReader(1, pair.server);
    bool ran = false;
    bed.At(MilliSeconds(1),
           [&]
           {
               CHECK(bed.client->WSASendDisconnect(pair.client, &empty) == 0);
               ran = true;
           });
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(ran);
    REQUIRE(read->finished);
    CHECK(read->endOfStream);
    WSABUF in = bed.Provider(1)->GetAddressSpace()->AllocateZeroed(64);
    CHECK(bed.server->WSARecvDisconnect(pair.server, &in) == 0);
    CHECK(in.len == 0);
}

// RCV-NO-DATA-NOT-REQUIRED-TO-FAIL: "A provider without disconnect-data support is not required
// to fail it with WSAENOPROTOOPT." The model's documented choice: 0, and no bytes (len 0).
TEST_CASE("tcp_established_peer_disconnected_recv_disconnect_returns_zero_with_no_data",
          "[disconnect_data]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    REQUIRE(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
    auto read = bed.StartReader(1, pair.server);
    bed.RunFor(Seconds(1));
    REQUIRE(read->endOfStream);
    WSABUF in = bed.Provider(1)->GetAddressSpace()->AllocateZeroed(64);
    CHECK(bed.server->WSARecvDisconnect(pair.server, &in) == 0);
    CHECK(in.len == 0);
}

// RCV-DISABLES-RECEPTION: "WSARecvDisconnect(s, ...) disables reception (like
// shutdown(SD_RECEIVE))": a recv after it fails with WSAESHUTDOWN.
TEST_CASE("established_recv_disconnect_then_recv_fails_eshutdown", "[disconnect_data][shutdown]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    std::optional<WsaBlockingCall<int>> recv;
    bed.At(Seconds(0),
           [&]
           {
               CHECK(bed.server->WSARecvDisconnect(pair.server, nullptr) == 0);
               recv = bed.server->recv(pair.server, 100);
           });
    bed.RunFor(Seconds(1));
    REQUIRE(recv.has_value());
    REQUIRE(recv->IsDone());
    CHECK(recv->GetResult() == SOCKET_ERROR);
    CHECK(recv->GetError() == WsaError::WSAESHUTDOWN);
}

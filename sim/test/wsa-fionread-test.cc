// Tests of ioctlsocket(FIONREAD): the bytes one recv could read now, and its errors.
#include "wsa-test-fixture.h"

#include "ns3/callback.h"

#include <optional>

using namespace wsdtest;

namespace
{
/// The outputs of every ioctlsocket return a provider reports.
struct IoctlOutputs
{
    /// \param provider the provider whose "ApiReturn" trace source to record
    explicit IoctlOutputs(Ptr<WsaProvider> provider)
    {
        provider->TraceConnectWithoutContext("ApiReturn",
                                             MakeCallback(&IoctlOutputs::OnReturn, this));
    }

    /// \param record an "ApiReturn" record
    void OnReturn(const WsaApiRecord& record)
    {
        if (record.call == "ioctlsocket")
        {
            returns.push_back(record.outputs);
        }
    }

    std::vector<WsaOutputs> returns; //!< in order
};

/// ioctlsocket(s, FIONREAD, &n) that must succeed. \return n
uint32_t
Readable(const Ptr<WsaThread>& thread, SOCKET s)
{
    uint32_t readable = 0xdeadbeef;
    REQUIRE(thread->ioctlsocket(s, WS_FIONREAD, &readable) == 0);
    return readable;
}

/// Host 1 reads up to len bytes at once (the data is there: recv does not block).
std::vector<uint8_t>
RecvNow(WsaTestBed& bed, SOCKET s, uint32_t len)
{
    auto recv = bed.server->recv(s, len);
    REQUIRE(recv.IsDone());
    REQUIRE(recv.GetResult() == static_cast<int>(len));
    return recv.GetData();
}
} // namespace

// ioctlsocket function, FIONREAD: "the amount of data that can be read in a single call to the
// recv function": nothing has arrived on a fresh connection.
TEST_CASE("established_fionread_is_zero_before_data", "[ioctlsocket][fionread]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    CHECK(Readable(bed.server, pair.server) == 0);
    CHECK(Readable(bed.client, pair.client) == 0);
}

// FIONREAD counts every byte that arrived, and what a partial recv leaves; the ApiReturn trace
// records the value as the out-parameter "argp".
TEST_CASE("established_fionread_counts_unread_bytes", "[ioctlsocket][fionread]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    IoctlOutputs outputs(bed.Provider(1));
    const auto data = Pattern(3000);
    bed.StartSender(0, pair.client, data);
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();

    CHECK(Readable(bed.server, pair.server) == 3000);
    CHECK(RecvNow(bed, pair.server, 1000)
          == std::vector<uint8_t>(data.begin(), data.begin() + 1000));
    CHECK(Readable(bed.server, pair.server) == 2000);

    using Outputs = WsaOutputs;
    REQUIRE(outputs.returns.size() == 2);
    CHECK(outputs.returns[0] == Outputs{{"argp", 3000}});
    CHECK(outputs.returns[1] == Outputs{{"argp", 2000}});
}

// The peer's RST discards the data received and not yet read: recv fails with WSAECONNRESET at
// once (CLS-HARD-PEER-RESET), so one recv can read nothing and FIONREAD is 0 (ns-3.37 keeps the
// bytes in its receive buffer after the reset).
TEST_CASE("peer_reset_fionread_is_zero_and_recv_fails_econnreset", "[ioctlsocket][fionread]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    bed.StartSender(0, pair.client, Pattern(3000));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    REQUIRE(Readable(bed.server, pair.server) == 3000);
    SetLinger(bed.client, pair.client, 1, 0);
    REQUIRE(bed.client->closesocket(pair.client).GetResult() == 0); // a RST
    bed.RunFor(Seconds(1));

    CHECK(Readable(bed.server, pair.server) == 0);
    auto recv = bed.server->recv(pair.server, 65536);
    REQUIRE(recv.IsDone());
    CHECK(recv.GetResult() == SOCKET_ERROR);
    CHECK(recv.GetError() == WsaError::WSAECONNRESET);
}

// The ISO-TP profile counts the decoded bytes, not the TPKT framing that carried them.
TEST_CASE("iso_tp_established_fionread_counts_decoded_bytes", "[ioctlsocket][fionread]")
{
    WsaTestBed bed(BedOptions{WsaProviderProfile::ISO_TP_OVER_TCP});
    const auto pair = bed.ConnectPair();
    bed.StartSender(0, pair.client, Pattern(500));
    bed.RunFor(Seconds(1));
    bed.RethrowIfFailed();
    CHECK(Readable(bed.server, pair.server) == 500);
    RecvNow(bed, pair.server, 200);
    CHECK(Readable(bed.server, pair.server) == 300);
}

// Windows Sockets 1.1, ioctlsocket: "If s is of type SOCK_DGRAM, FIONREAD returns the size of
// the first datagram queued on the socket": 0 when none is, and not the total of several.
TEST_CASE("udp_fionread_is_first_datagram_size", "[ioctlsocket][fionread][udp]")
{
    WsaTestBed bed;
    const SOCKET receiver = bed.server->socket(WS_AF_INET, WS_SOCK_DGRAM, WS_IPPROTO_UDP);
    REQUIRE(bed.server->bind(receiver, InetSocketAddress(bed.net.GetAddress(1), kPort)) == 0);
    const SOCKET sender = bed.client->socket(WS_AF_INET, WS_SOCK_DGRAM, WS_IPPROTO_UDP);
    CHECK(Readable(bed.server, receiver) == 0);
    std::optional<WsaBlockingCall<int>> connect;
    bed.At(Seconds(0),
           [&]
           {
               connect
                   = bed.client->connect(sender, InetSocketAddress(bed.net.GetAddress(1), kPort));
               REQUIRE(connect->IsDone());
               REQUIRE(bed.client->send(sender, Pattern(100)).GetResult() == 100);
               REQUIRE(bed.client->send(sender, Pattern(40)).GetResult() == 40);
           });
    bed.RunFor(Seconds(1));
    REQUIRE(connect->GetResult() == 0);

    CHECK(Readable(bed.server, receiver) == 100);
    auto first = bed.server->recv(receiver, 1000);
    REQUIRE(first.IsDone());
    CHECK(first.GetResult() == 100);
    CHECK(Readable(bed.server, receiver) == 40);
    auto second = bed.server->recv(receiver, 1000);
    REQUIRE(second.IsDone());
    CHECK(second.GetResult() == 40);
    CHECK(Readable(bed.server, receiver) == 0);
}

// ioctlsocket function, WSAEFAULT: "The argp parameter is not a valid part of the user address
// space": NULL; nothing is recorded as an output.
TEST_CASE("established_fionread_null_argp_fails_efault", "[ioctlsocket][fionread]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    IoctlOutputs outputs(bed.Provider(1));
    CHECK(bed.server->ioctlsocket(pair.server, WS_FIONREAD, nullptr) == SOCKET_ERROR);
    CHECK(LastError(bed.server) == WsaError::WSAEFAULT);
    REQUIRE(outputs.returns.size() == 1);
    CHECK(outputs.returns[0].empty());
}

// ioctlsocket function, WSAENOTSOCK: "The descriptor s is not a socket": a closed handle.
TEST_CASE("closed_fionread_fails_enotsock", "[ioctlsocket][fionread]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    bool ran = false;
    bed.At(MilliSeconds(1),
           [&]
           {
               auto close = bed.server->closesocket(pair.server);
               REQUIRE(close.IsDone());
               REQUIRE(close.GetResult() == 0);
               uint32_t readable = 7;
               CHECK(bed.server->ioctlsocket(pair.server, WS_FIONREAD, &readable) == SOCKET_ERROR);
               CHECK(LastError(bed.server) == WsaError::WSAENOTSOCK);
               CHECK(readable == 7); // untouched on failure
               ran = true;
           });
    bed.RunFor(Seconds(1));
    CHECK(ran);
}

// The prolog comes first (WSANOTINITIALISED), and any command but FIONBIO and FIONREAD is
// WSAEINVAL (Windows Sockets 1.1, ioctlsocket: "cmd is not a valid command").
TEST_CASE("fionread_prolog_and_unknown_command", "[ioctlsocket][fionread][prolog]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    uint32_t value = 0;
    CHECK(bed.server->ioctlsocket(pair.server, 0x12345, &value) == SOCKET_ERROR);
    CHECK(LastError(bed.server) == WsaError::WSAEINVAL);
    REQUIRE(bed.server->WSACleanup() == 0);
    CHECK(bed.server->ioctlsocket(pair.server, WS_FIONREAD, &value) == SOCKET_ERROR);
    CHECK(LastError(bed.server) == WsaError::WSANOTINITIALISED);
}

// Tests of the calls a new user missed: getpeername and getsockname, sendto and recvfrom,
// getsockopt's values, setsockopt's NULL optval, WSASendDisconnect's bad descriptor pointer (sock.c
// is Wine's dlls/ws2_32/tests/sock.c; sim/doc/windows-async-facts.md sections 12 to 15).
#include "wsa-test-fixture.h"

#include "ns3/callback.h"

using namespace wsdtest;

namespace
{
/// The out-parameters of the last return of a call a provider reports.
struct LastOutputs
{
    /// \param provider the provider \param call the call's name
    LastOutputs(Ptr<WsaProvider> provider, std::string call)
        : name(std::move(call))
    {
        provider->TraceConnectWithoutContext("ApiReturn",
                                             MakeCallback(&LastOutputs::OnReturn, this));
    }

    /// \param record an "ApiReturn" record
    void OnReturn(const WsaApiRecord& record)
    {
        if (record.call == name)
        {
            outputs = record.outputs;
        }
    }

    std::string name;   //!< the call
    WsaOutputs outputs; //!< its last out-parameters
};
} // namespace

// getpeername, getsockname: the addresses of a connection, also after shutdown(SD_BOTH) (sock.c
// test_shutdown, ok); getsockname of an unbound socket is WSAEINVAL (test_getsockname, ok);
// getpeername of an unconnected one WSAENOTCONN (getpeername function).
TEST_CASE("established_names_survive_shutdown_unbound_and_unconnected_fail", "[names]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    LastOutputs peerOutputs(bed.Provider(0), "getpeername");
    REQUIRE(bed.client->shutdown(pair.client, SD_BOTH) == 0);
    bed.RunFor(Seconds(1));
    Address peer;
    REQUIRE(bed.client->getpeername(pair.client, &peer) == 0);
    CHECK(InetSocketAddress::ConvertFrom(peer).GetIpv4() == bed.net.GetAddress(1));
    CHECK(InetSocketAddress::ConvertFrom(peer).GetPort() == kPort);
    REQUIRE(peerOutputs.outputs.size() == 1);
    CHECK(peerOutputs.outputs[0].first == "address");
    Address local;
    REQUIRE(bed.server->getsockname(pair.server, &local) == 0);
    CHECK(InetSocketAddress::ConvertFrom(local).GetPort() == kPort);
    const SOCKET fresh = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
    CHECK(bed.client->getsockname(fresh, &local) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEINVAL);
    CHECK(bed.client->getpeername(fresh, &peer) == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAENOTCONN);
}

// sock.c test_WSASendTo (ok): sendto binds an unbound UDP socket; recvfrom reports the sender
// ("from").
TEST_CASE("udp_sendto_binds_and_recvfrom_reports_the_sender", "[udp][names]")
{
    WsaTestBed bed;
    bed.RunFor(MilliSeconds(1)); // ns-3 sends nothing before the simulation has started
    const SOCKET receiver = bed.server->socket(WS_AF_INET, WS_SOCK_DGRAM, 0);
    REQUIRE(bed.server->bind(receiver, InetSocketAddress(bed.net.GetAddress(1), kPort)) == 0);
    const SOCKET sender = bed.client->socket(WS_AF_INET, WS_SOCK_DGRAM, 0);
    const Address to = InetSocketAddress(bed.net.GetAddress(1), kPort);
    auto sent = bed.client->sendto(sender, Pattern(12), &to);
    REQUIRE(sent.IsDone());
    CHECK(sent.GetResult() == 12);
    Address local;
    REQUIRE(bed.client->getsockname(sender, &local) == 0);
    CHECK(InetSocketAddress::ConvertFrom(local).GetPort() != 0);
    bed.RunFor(Seconds(1));
    Address from;
    auto received = bed.server->recvfrom(receiver, 100, &from);
    REQUIRE(received.IsDone());
    CHECK(received.GetResult() == 12);
    CHECK(InetSocketAddress::ConvertFrom(from).GetIpv4() == bed.net.GetAddress(0));
    CHECK(InetSocketAddress::ConvertFrom(from).GetPort()
          == InetSocketAddress::ConvertFrom(local).GetPort());
}

// sock.c test_tcp_sendto_recvfrom (ok): a TCP socket's sendto ignores the address.
TEST_CASE("established_tcp_sendto_ignores_the_address", "[names]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    const Address elsewhere = InetSocketAddress(bed.net.GetAddress(0), 9);
    auto sent = bed.client->sendto(pair.client, Pattern(4), &elsewhere);
    CHECK(sent.GetResult() == 4);
    bed.RunFor(Seconds(1));
    CHECK(bed.server->recv(pair.server, 10).GetResult() == 4);
}

// getsockopt function: the value read is recorded as an out-parameter ("linger" for
// SO_LINGER, "optval" for the BOOL and int options); SO_TYPE is the socket's type.
TEST_CASE("getsockopt_records_the_value_read", "[options]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
    LastOutputs outputs(bed.Provider(0), "getsockopt");
    SetLinger(bed.client, s, 1, 5);
    LINGER linger{};
    int length = sizeof(linger);
    REQUIRE(bed.client->getsockopt(
                s, WS_SOL_SOCKET, WS_SO_LINGER, reinterpret_cast<char*>(&linger), &length)
            == 0);
    CHECK(outputs.outputs == WsaOutputs{{"linger", LINGER{1, 5}}});
    int32_t type = 0;
    length = sizeof(type);
    REQUIRE(bed.client->getsockopt(
                s, WS_SOL_SOCKET, WS_SO_TYPE, reinterpret_cast<char*>(&type), &length)
            == 0);
    CHECK(type == WS_SOCK_STREAM);
    CHECK(outputs.outputs == WsaOutputs{{"optval", int64_t{WS_SOCK_STREAM}}});
}

// sock.c test_set_getsockopt (ok): setsockopt(SO_LINGER or SO_DONTLINGER, NULL, ...) fails
// with WSAEFAULT, whatever optlen says.
TEST_CASE("setsockopt_null_optval_is_wsaefault", "[options][errors]")
{
    WsaTestBed bed;
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, 0);
    for (const int option : {WS_SO_LINGER, WS_SO_DONTLINGER, WS_SO_KEEPALIVE})
    {
        for (const int optlen : {0, 4})
        {
            CHECK(bed.client->setsockopt(s, WS_SOL_SOCKET, option, nullptr, optlen)
                  == SOCKET_ERROR);
            CHECK(LastError(bed.client) == WsaError::WSAEFAULT);
        }
    }
}

// WSASendDisconnect function, WSAEFAULT: "The lpOutboundDisconnectData parameter is not
// completely contained in a valid part of the user address space": also a descriptor pointer
// that points outside it (no test pins Windows here: windows-async-facts.md section 15).
TEST_CASE("established_send_disconnect_bad_descriptor_pointer_is_wsaefault", "[send-disconnect]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    CHECK(bed.client->WSASendDisconnect(pair.client, WsaAddressSpace::UnmappedDescriptor())
          == SOCKET_ERROR);
    CHECK(LastError(bed.client) == WsaError::WSAEFAULT);
    CHECK(bed.trace.CountSent(bed.NodeId(0), kFin) == 0);
}

// Tests of the provider's "ApiCall" and "ApiReturn" trace sources, which a harness records.
#include "wsa-test-fixture.h"

#include "ns3/callback.h"

#include <optional>
#include <sstream>
#include <vector>

using namespace wsdtest;

namespace
{
/// Every API record of one provider, entries and returns, with the time each fired.
class ApiLog
{
  public:
    /// \param provider the provider to record
    explicit ApiLog(Ptr<WsaProvider> provider)
    {
        provider->TraceConnectWithoutContext("ApiCall", MakeCallback(&ApiLog::OnCall, this));
        provider->TraceConnectWithoutContext("ApiReturn", MakeCallback(&ApiLog::OnReturn, this));
    }

    /// A record and when its trace fired.
    struct Entry
    {
        Time at;             //!< when
        WsaApiRecord record; //!< what
    };

    /// \param call a function name \return its records, entries and returns in order
    std::vector<Entry> Of(const std::string& call) const
    {
        std::vector<Entry> out;
        for (const auto& entry : m_entries)
        {
            if (entry.record.call == call)
            {
                out.push_back(entry);
            }
        }
        return out;
    }

  private:
    void OnCall(const WsaApiRecord& record)
    {
        m_entries.push_back(Entry{Simulator::Now(), record});
    }

    void OnReturn(const WsaApiRecord& record)
    {
        m_entries.push_back(Entry{Simulator::Now(), record});
    }

    std::vector<Entry> m_entries; //!< in order
};
} // namespace

// wsa-trace-records.h: "One Winsock call, as the "ApiCall" (on entry) and "ApiReturn" trace
// sources report it": a successful WSASendDisconnect is one entry and one return, same call id.
TEST_CASE("established_send_disconnect_traces_one_call_and_one_return",
          "[wsasenddisconnect][trace]")
{
    WsaTestBed bed;
    const auto pair = bed.ConnectPair();
    ApiLog log(bed.Provider(0));
    Time calledAt;
    bed.At(Seconds(0),
           [&]
           {
               calledAt = Simulator::Now();
               CHECK(bed.client->WSASendDisconnect(pair.client, nullptr) == 0);
           });
    bed.RunFor(Seconds(1));
    const auto records = log.Of("WSASendDisconnect");
    REQUIRE(records.size() == 2);
    const auto& entry = records[0].record;
    const auto& ret = records[1].record;
    CHECK_FALSE(entry.returned);
    CHECK(ret.returned);
    CHECK(entry.callId == ret.callId);
    CHECK(entry.callId >= 1);
    CHECK(entry.nodeId == bed.NodeId(0));
    CHECK(entry.thread == "client");
    CHECK(entry.calledAt == calledAt);
    CHECK(ret.calledAt == calledAt);
    CHECK(records[1].at == calledAt); // it never blocks
    CHECK_FALSE(ret.blocked);
    CHECK(ret.result == 0);
    CHECK(ret.error == WsaError::NO_ERROR_);
}

TEST_CASE("unconnected_send_disconnect_traces_failure_with_its_error", "[wsasenddisconnect][trace]")
{
    WsaTestBed bed;
    ApiLog log(bed.Provider(0));
    const SOCKET s = bed.client->socket(WS_AF_INET, WS_SOCK_STREAM, WS_IPPROTO_TCP);
    CHECK(bed.client->WSASendDisconnect(s, nullptr) == SOCKET_ERROR);
    const auto records = log.Of("WSASendDisconnect");
    REQUIRE(records.size() == 2);
    CHECK(records[1].record.returned);
    CHECK(records[1].record.result == SOCKET_ERROR);
    CHECK(records[1].record.error == WsaError::WSAENOTCONN);
}

// A lingering closesocket blocks: its return record comes N seconds after the call and says so.
TEST_CASE("lingering_blocking_closesocket_traces_blocked_return_at_timeout", "[linger][trace]")
{
    WsaTestBed bed(BedOptions{.rcvBufSize = 2000});
    const auto pair = bed.ConnectPair();
    SetLinger(bed.client, pair.client, 1, 2);
    ApiLog log(bed.Provider(0));
    Time calledAt;
    std::optional<WsaBlockingCall<int>> close;
    bed.At(Seconds(0),
           [&]
           {
               REQUIRE(bed.client->send(pair.client, Pattern(20000)).IsDone());
               calledAt = Simulator::Now();
               close = bed.client->closesocket(pair.client);
           });
    bed.RunFor(Seconds(5));
    REQUIRE(close->IsDone());
    const auto records = log.Of("closesocket");
    REQUIRE(records.size() == 2);
    CHECK_FALSE(records[0].record.returned);
    CHECK(records[0].at == calledAt);
    CHECK(records[1].record.returned);
    CHECK(records[1].record.blocked);
    CHECK(records[1].record.calledAt == calledAt);
    CHECK(records[1].at == calledAt + Seconds(2));
    CHECK(records[1].record.result == 0);
}

TEST_CASE("endpoint_text_is_what_ipv4address_prints_with_its_port", "[trace]")
{
    // EndpointToString writes the dotted quad itself; it must stay Ipv4Address::Print's.
    std::vector<uint32_t> addresses{0, 0xffffffff, 0x0a000001, 0x0a000002, 0xc0a86407, 0x7f000001};
    uint32_t value = 12345;
    for (int i = 0; i < 2000; ++i)
    {
        value = value * 1664525u + 1013904223u; // a fixed sequence of all kinds of octets
        addresses.push_back(value);
    }
    const std::vector<uint16_t> ports{0, 1, 9, 80, 5000, 49153, 65535};
    for (const uint32_t address : addresses)
    {
        for (const uint16_t port : ports)
        {
            std::ostringstream printed;
            printed << Ipv4Address(address) << ":" << port;
            INFO(printed.str());
            CHECK(EndpointToString(Ipv4Address(address), port) == printed.str());
        }
    }
}

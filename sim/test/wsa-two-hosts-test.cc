// Tests of WsaTwoHosts's settings: given before Build() or changed after it, each reaches the
// topology's objects and the TCP defaults; the same settings again keep the defaults' objects.
#include "wsa-test-fixture.h"

#include "ns3/channel.h"
#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/queue-disc.h"
#include "ns3/queue.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/uinteger.h"
#include "ns3/wsa-fault-error-model.h"
#include "ns3/wsa-tcp-socket.h"
#include "ns3/wsa-two-hosts.h"

using namespace wsdtest;

namespace
{

/// What a built topology holds of its settings, read back from its objects.
struct Observed
{
    DataRate rate;              //!< each device's data rate (host 0's; host 1's must agree)
    Time delay;                 //!< the channel's delay
    double lossRate{0};         //!< each host's random loss (host 0's)
    WsaProviderProfile profile; //!< each provider's profile (host 0's)
    uint32_t segmentSize{0};    //!< a new TCP socket's segment size
    uint32_t receiveBuffer{0};  //!< a new TCP socket's receive buffer
    uint32_t sendBuffer{0};     //!< a new TCP socket's send buffer
};

/// \return what the topology's objects hold; CHECKs that both hosts agree
Observed
Observe(const WsaTwoHosts& hosts)
{
    Observed seen;
    DataRateValue rate[2];
    PointerValue fault[2];
    for (uint32_t host = 0; host < 2; ++host)
    {
        hosts.GetDevice(host)->GetAttribute("DataRate", rate[host]);
        hosts.GetDevice(host)->GetAttribute("ReceiveErrorModel", fault[host]);
    }
    CHECK(rate[0].Get() == rate[1].Get());
    const auto loss0 = fault[0].Get<WsaFaultErrorModel>();
    const auto loss1 = fault[1].Get<WsaFaultErrorModel>();
    REQUIRE(loss0);
    REQUIRE(loss1);
    CHECK(loss0->GetLossRate() == loss1->GetLossRate());
    CHECK(hosts.GetProvider(0)->GetProfile() == hosts.GetProvider(1)->GetProfile());
    seen.rate = rate[0].Get();
    TimeValue delay;
    hosts.GetDevice(0)->GetChannel()->GetAttribute("Delay", delay);
    seen.delay = delay.Get();
    seen.lossRate = loss0->GetLossRate();
    seen.profile = hosts.GetProvider(0)->GetProfile();
    const Ptr<WsaTcpSocket> socket = WsaTcpSocket::Create(hosts.GetNode(1));
    UintegerValue value;
    socket->GetAttribute("SegmentSize", value);
    seen.segmentSize = value.Get();
    socket->GetAttribute("RcvBufSize", value);
    seen.receiveBuffer = value.Get();
    socket->GetAttribute("SndBufSize", value);
    seen.sendBuffer = value.Get();
    return seen;
}

/// Give a topology settings other than its defaults.
void
ChangeEverySetting(WsaTwoHosts& hosts)
{
    hosts.SetDataRate(DataRate("3Mbps"));
    hosts.SetDelay(MilliSeconds(7));
    hosts.SetLossRate(0.25);
    hosts.SetProfile(WsaProviderProfile::ISO_TP_OVER_TCP);
    hosts.SetSegmentSize(1000);
    hosts.SetReceiveBufferSize(20000);
    hosts.SetSendBufferSize(30000);
}

/// CHECK that a topology's objects hold what ChangeEverySetting() gave.
void
CheckEverySettingChanged(const Observed& seen)
{
    CHECK(seen.rate == DataRate("3Mbps"));
    CHECK(seen.delay == MilliSeconds(7));
    CHECK(seen.lossRate == 0.25);
    CHECK(seen.profile == WsaProviderProfile::ISO_TP_OVER_TCP);
    CHECK(seen.segmentSize == 1000);
    CHECK(seen.receiveBuffer == 20000);
    CHECK(seen.sendBuffer == 30000);
}

} // namespace

TEST_CASE("settings_given_before_build_are_the_topology_s")
{
    {
        WsaTwoHosts hosts;
        hosts.Build();
        const Observed seen = Observe(hosts);
        CHECK(seen.rate == DataRate("10Mbps"));
        CHECK(seen.delay == MilliSeconds(1));
        CHECK(seen.lossRate == 0.0);
        CHECK(seen.profile == WsaProviderProfile::TCP_IP);
        CHECK(seen.segmentSize == 536);
        CHECK(seen.receiveBuffer == 131072);
        CHECK(seen.sendBuffer == 131072);
        Simulator::Destroy();
    }
    {
        WsaTwoHosts hosts;
        ChangeEverySetting(hosts);
        hosts.Build();
        CheckEverySettingChanged(Observe(hosts));
        Simulator::Destroy();
    }
    Config::Reset();
}

TEST_CASE("settings_changed_after_build_reach_the_built_objects")
{
    // As the harness does with the hosts it built before its worker started.
    WsaTwoHosts hosts;
    hosts.Build();
    ChangeEverySetting(hosts);
    CheckEverySettingChanged(Observe(hosts));
    Simulator::Destroy();
    Config::Reset();
}

TEST_CASE("topologies_built_again_with_the_same_settings_keep_the_defaults_objects")
{
    // WsaTwoHosts sets TCP defaults for every topology. Setting one again to the same value
    // would replace its value object and make the socket prototype again for every scenario.
    TypeId::AttributeInformation info;
    REQUIRE(TypeId::LookupByName("ns3::TcpSocket").LookupAttributeByName("SegmentSize", &info));
    const auto defaultObject = []
    {
        TypeId::AttributeInformation now;
        TypeId::LookupByName("ns3::TcpSocket").LookupAttributeByName("SegmentSize", &now);
        return now.initialValue;
    };
    {
        WsaTwoHosts hosts;
        hosts.SetSegmentSize(700);
        hosts.Build();
        Simulator::Destroy(); // as after each case: the next topology gets the same addresses
    }
    const Ptr<const AttributeValue> first = defaultObject();
    {
        WsaTwoHosts hosts;
        hosts.SetSegmentSize(700);
        hosts.Build();
        CHECK(defaultObject() == first);
        UintegerValue size;
        WsaTcpSocket::Create(hosts.GetNode(0))->GetAttribute("SegmentSize", size);
        CHECK(size.Get() == 700);
        Simulator::Destroy();
    }
    {
        WsaTwoHosts hosts;
        hosts.SetSegmentSize(800);
        hosts.Build();
        CHECK(defaultObject() != first);
        UintegerValue size;
        WsaTcpSocket::Create(hosts.GetNode(0))->GetAttribute("SegmentSize", size);
        CHECK(size.Get() == 800);
        Simulator::Destroy();
    }
    Config::Reset();
}

TEST_CASE("hosts_send_through_a_fifo_without_a_queue_discipline")
{
    // No fq_codel (which Ipv4AddressHelper::Assign installs unless it is taken off): a segment
    // goes straight to the device's drop-tail queue, long enough for any burst of a host's own.
    WsaTwoHosts hosts;
    hosts.Build();
    for (uint32_t host = 0; host < 2; ++host)
    {
        Ptr<Node> node = hosts.GetNode(host);
        Ptr<NetDevice> device = hosts.GetDevice(host);
        auto* p2p = dynamic_cast<PointToPointNetDevice*>(PeekPointer(device));
        REQUIRE(p2p != nullptr);
        Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
        REQUIRE(tc);
        CHECK(!tc->GetRootQueueDiscOnDevice(device));
        Ptr<Queue<Packet>> queue = p2p->GetQueue();
        CHECK(queue->GetInstanceTypeId().GetName() == "ns3::DropTailQueue<Packet>");
        CHECK(queue->GetMaxSize() == QueueSize("10240p"));
    }
    Simulator::Destroy();
}

// A receive error model for injected faults: random loss, "drop the next N segments like this" and
// "hold the next N segments like this back".
#include "wsa-fault-error-model.h"

#include "ns3/abort.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/ppp-header.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(WsaFaultErrorModel);

TypeId
WsaFaultErrorModel::GetTypeId()
{
    static TypeId tid = TypeId("ns3::WsaFaultErrorModel")
                            .SetParent<ErrorModel>()
                            .SetGroupName("Wsd")
                            .AddConstructor<WsaFaultErrorModel>();
    return tid;
}

WsaFaultErrorModel::WsaFaultErrorModel()
    : m_lossRate(0.0)
    , m_random(CreateObject<UniformRandomVariable>())
{
}

void
WsaFaultErrorModel::SetLossRate(double rate)
{
    m_lossRate = rate;
}

double
WsaFaultErrorModel::GetLossRate() const
{
    return m_lossRate;
}

void
WsaFaultErrorModel::AddDropRule(Time from, uint8_t flags, bool withPayload, uint32_t count)
{
    m_rules.push_back(SegmentRule{from, flags, withPayload, count, Time(0)});
}

void
WsaFaultErrorModel::AddDelayRule(
    Time from, uint8_t flags, bool withPayload, uint32_t count, Time delay)
{
    NS_ABORT_MSG_IF(!delay.IsStrictlyPositive(), "WsaFaultErrorModel: a delay must be positive");
    m_rules.push_back(SegmentRule{from, flags, withPayload, count, delay});
}

void
WsaFaultErrorModel::SetDeliverCallback(Callback<void, Ptr<Packet>> deliver)
{
    m_deliver = deliver;
}

void
WsaFaultErrorModel::Deliver(Ptr<Packet> packet)
{
    m_delivering.insert(packet->GetUid());
    m_deliver(packet);
}

int64_t
WsaFaultErrorModel::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

bool
WsaFaultErrorModel::DoCorrupt(Ptr<Packet> packet)
{
    if (m_delivering.erase(packet->GetUid()) > 0)
    {
        return false; // a held segment, delivered now: it has had its fault
    }
    if (!m_rules.empty())
    {
        Ptr<Packet> copy = packet->Copy();
        PppHeader ppp;
        Ipv4Header ip;
        TcpHeader tcp;
        copy->RemoveHeader(ppp);
        if (ppp.GetProtocol() == 0x0021 && copy->RemoveHeader(ip) > 0 && ip.GetProtocol() == 6)
        {
            copy->RemoveHeader(tcp);
            const bool hasPayload = copy->GetSize() > 0;
            for (auto& rule : m_rules)
            {
                if (rule.remaining > 0 && Simulator::Now() >= rule.from
                    && (tcp.GetFlags() & rule.flags) == rule.flags
                    && (!rule.withPayload || hasPayload))
                {
                    --rule.remaining;
                    if (rule.delay.IsStrictlyPositive())
                    {
                        NS_ABORT_MSG_IF(
                            m_deliver.IsNull(),
                            "WsaFaultErrorModel: a delay rule needs a deliver callback");
                        Simulator::Schedule(
                            rule.delay, &WsaFaultErrorModel::Deliver, this, packet->Copy());
                    }
                    return true;
                }
            }
        }
    }
    return m_lossRate > 0 && m_random->GetValue() < m_lossRate;
}

void
WsaFaultErrorModel::DoReset()
{
}

} // namespace ns3

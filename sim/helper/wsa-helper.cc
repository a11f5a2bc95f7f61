// Installs a Winsock provider on nodes that have the internet stack.
#include "ns3/wsa-helper.h"

#include "ns3/node.h"
#include "ns3/wsa-provider.h"

namespace ns3
{

WsaHelper::WsaHelper()
    : m_profile(WsaProviderProfile::TCP_IP)
{
}

void
WsaHelper::SetProfile(WsaProviderProfile profile)
{
    m_profile = profile;
}

Ptr<WsaProvider>
WsaHelper::Install(Ptr<Node> node) const
{
    Ptr<WsaProvider> provider = CreateObject<WsaProvider>();
    provider->SetProfile(m_profile);
    node->AggregateObject(provider);
    provider->SetNode(node);
    return provider;
}

void
WsaHelper::Install(const NodeContainer& nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

} // namespace ns3

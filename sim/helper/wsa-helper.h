// Installs a Winsock provider on nodes that have the internet stack.
#ifndef WSA_HELPER_H
#define WSA_HELPER_H

#include "ns3/node-container.h"
#include "ns3/ptr.h"
#include "ns3/wsa-provider-profile.h"

namespace ns3
{

class Node;
class WsaProvider;

/**
 * \ingroup wsd
 * \brief Aggregates a WsaProvider to nodes (install the internet stack first).
 */
class WsaHelper
{
  public:
    /// A helper installing the TCP/IP profile.
    WsaHelper();

    /// \param profile the provider profile for the nodes installed next
    void SetProfile(WsaProviderProfile profile);

    /**
     * \brief Install on one node.
     * \param node the node
     * \return its provider
     */
    Ptr<WsaProvider> Install(Ptr<Node> node) const;

    /**
     * \brief Install on every node of a container.
     * \param nodes the nodes
     */
    void Install(const NodeContainer& nodes) const;

  private:
    WsaProviderProfile m_profile; //!< profile of the providers installed
};

} // namespace ns3

#endif // WSA_HELPER_H

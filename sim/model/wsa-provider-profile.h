// The provider profiles a node's Winsock can install: what each supports and how it frames data.
#ifndef WSA_PROVIDER_PROFILE_H
#define WSA_PROVIDER_PROFILE_H

#include <string_view>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief A transport service provider, as a WSAPROTOCOL_INFO entry would describe it.
 */
enum class WsaProviderProfile
{
    /**
     * Windows' native TCP/IP provider (MSAFD Tcpip): a plain byte stream over TCP, no
     * XP1_DISCONNECT_DATA. WSASendDisconnect with disconnect data fails with WSAENOPROTOOPT.
     */
    TCP_IP,
    /**
     * A provider with XP1_DISCONNECT_DATA, modelled on the ISO transport over TCP (RFC 1006):
     * application data travels in TPKT-framed DT TPDUs and the disconnect in a DR TPDU that
     * carries the disconnect data, followed by the TCP FIN, so the data is on the wire.
     */
    ISO_TP_OVER_TCP,
};

/**
 * \brief Whether a provider carries disconnect data (the XP1_DISCONNECT_DATA service flag).
 * \param profile the provider
 * \return true for ISO_TP_OVER_TCP
 */
constexpr bool
SupportsDisconnectData(WsaProviderProfile profile)
{
    switch (profile)
    {
        case WsaProviderProfile::TCP_IP:
            return false; // RCV-TCPIP-NO-DISCONNECT-DATA: the native TCP/IP provider does not
        case WsaProviderProfile::ISO_TP_OVER_TCP:
            return true; // the profile exists to carry it
    }
    return false;
}

/**
 * \brief The profile's name as scenarios and attributes spell it ("tcp-ip", "iso-tp-over-tcp").
 * \param profile the provider
 * \return the name
 */
constexpr std::string_view
ProviderProfileName(WsaProviderProfile profile)
{
    switch (profile)
    {
        case WsaProviderProfile::TCP_IP:
            return "tcp-ip";
        case WsaProviderProfile::ISO_TP_OVER_TCP:
            return "iso-tp-over-tcp";
    }
    return "unknown";
}

} // namespace ns3

#endif // WSA_PROVIDER_PROFILE_H

// Names, meanings and numbers of the Windows Sockets error codes, read from the one Winsock symbol
// table (vocabulary/wsdsim/winsock-symbols.h).
#include "wsa-error.h"

namespace ns3
{

std::string_view
WsaErrorName(WsaError error)
{
    const wsdsim::WinsockError* entry = wsdsim::FindWinsockError(static_cast<int32_t>(error));
    return entry ? entry->name : std::string_view("WSA_UNKNOWN_ERROR");
}

std::string_view
WsaErrorMeaning(WsaError error)
{
    const wsdsim::WinsockError* entry = wsdsim::FindWinsockError(static_cast<int32_t>(error));
    return entry ? entry->meaning : std::string_view();
}

std::optional<WsaError>
WsaErrorFromName(std::string_view name)
{
    const wsdsim::WinsockError* entry = wsdsim::FindWinsockError(name);
    if (!entry)
    {
        return std::nullopt;
    }
    return static_cast<WsaError>(entry->number);
}

std::optional<WsaError>
WsaErrorFromNumber(int32_t number)
{
    const wsdsim::WinsockError* entry = wsdsim::FindWinsockError(number);
    if (!entry)
    {
        return std::nullopt;
    }
    return static_cast<WsaError>(entry->number);
}

} // namespace ns3

// Names and numbers of the Windows Sockets error codes.
#include "wsa-error.h"

#include <array>
#include <utility>

namespace ns3
{

namespace
{

constexpr std::array<std::pair<WsaError, std::string_view>, 28> kErrorNames{{
    {WsaError::NO_ERROR_, "NO_ERROR"},
    {WsaError::WSAEINTR, "WSAEINTR"},
    {WsaError::WSAEFAULT, "WSAEFAULT"},
    {WsaError::WSAEINVAL, "WSAEINVAL"},
    {WsaError::WSAEWOULDBLOCK, "WSAEWOULDBLOCK"},
    {WsaError::WSAEINPROGRESS, "WSAEINPROGRESS"},
    {WsaError::WSAEALREADY, "WSAEALREADY"},
    {WsaError::WSAENOTSOCK, "WSAENOTSOCK"},
    {WsaError::WSAEMSGSIZE, "WSAEMSGSIZE"},
    {WsaError::WSAEPROTOTYPE, "WSAEPROTOTYPE"},
    {WsaError::WSAENOPROTOOPT, "WSAENOPROTOOPT"},
    {WsaError::WSAEPROTONOSUPPORT, "WSAEPROTONOSUPPORT"},
    {WsaError::WSAESOCKTNOSUPPORT, "WSAESOCKTNOSUPPORT"},
    {WsaError::WSAEOPNOTSUPP, "WSAEOPNOTSUPP"},
    {WsaError::WSAEAFNOSUPPORT, "WSAEAFNOSUPPORT"},
    {WsaError::WSAEADDRINUSE, "WSAEADDRINUSE"},
    {WsaError::WSAEADDRNOTAVAIL, "WSAEADDRNOTAVAIL"},
    {WsaError::WSAENETDOWN, "WSAENETDOWN"},
    {WsaError::WSAENETUNREACH, "WSAENETUNREACH"},
    {WsaError::WSAECONNABORTED, "WSAECONNABORTED"},
    {WsaError::WSAECONNRESET, "WSAECONNRESET"},
    {WsaError::WSAEISCONN, "WSAEISCONN"},
    {WsaError::WSAENOTCONN, "WSAENOTCONN"},
    {WsaError::WSAESHUTDOWN, "WSAESHUTDOWN"},
    {WsaError::WSAETIMEDOUT, "WSAETIMEDOUT"},
    {WsaError::WSAECONNREFUSED, "WSAECONNREFUSED"},
    {WsaError::WSAVERNOTSUPPORTED, "WSAVERNOTSUPPORTED"},
    {WsaError::WSANOTINITIALISED, "WSANOTINITIALISED"},
}};

} // namespace

std::string_view
WsaErrorName(WsaError error)
{
    for (const auto& [code, name] : kErrorNames)
    {
        if (code == error)
        {
            return name;
        }
    }
    return "WSA_UNKNOWN_ERROR";
}

std::optional<WsaError>
WsaErrorFromName(std::string_view name)
{
    for (const auto& [code, codeName] : kErrorNames)
    {
        if (codeName == name)
        {
            return code;
        }
    }
    return std::nullopt;
}

std::optional<WsaError>
WsaErrorFromNumber(int32_t number)
{
    for (const auto& [code, name] : kErrorNames)
    {
        if (static_cast<int32_t>(code) == number)
        {
            return code;
        }
    }
    return std::nullopt;
}

} // namespace ns3

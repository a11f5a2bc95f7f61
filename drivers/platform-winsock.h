// What the two files of the Wine platform share: how a Winsock or Win32 answer becomes a
// CallResult, and the asynchronous half's constructor (platform-winsock-async.cc). Built with
// mingw only.
#ifndef WSDSIM_DRIVER_PLATFORM_WINSOCK_H
#define WSDSIM_DRIVER_PLATFORM_WINSOCK_H

#include "platform.h"

#include <memory>
#include <winsock2.h>

namespace wsdsim::driver::winsock
{

/// \return a successful result with a value
inline CallResult
Ok(int64_t value = 0)
{
    CallResult r;
    r.value = value;
    return r;
}

/// \return a failed call's result: its value and an error number named by the symbol table
inline CallResult
Failed(int64_t value, int error)
{
    CallResult r;
    r.value = value;
    r.error = WinsockErrorName(error);
    r.rawError = error;
    return r;
}

/// \return the result of a call that returns 0 or SOCKET_ERROR (WSAGetLastError())
inline CallResult
Check(int value)
{
    return value == SOCKET_ERROR ? Failed(-1, WSAGetLastError()) : Ok(value);
}

/// \return the result of a call that returns a BOOL: TRUE (1), or FALSE (0) with the error it
/// left; Winsock's BOOL calls (WSAGetOverlappedResult, DisconnectEx, WSACloseEvent) set
/// WSAGetLastError(), which is GetLastError() in the same thread
inline CallResult
CheckBool(BOOL value)
{
    return value ? Ok(1) : Failed(0, static_cast<int>(GetLastError()));
}

/// \return a handle argument as Winsock takes it (-1, a name whose call failed, is
/// INVALID_SOCKET)
inline SOCKET
Handle(int64_t s)
{
    return static_cast<SOCKET>(s);
}

/// \return an event, port or function handle as Win32 takes it
inline HANDLE
AsHandle(int64_t handle)
{
    return reinterpret_cast<HANDLE>(static_cast<intptr_t>(handle));
}

/// \return a handle as the trace writes it
inline int64_t
HandleNumber(const void* handle)
{
    return static_cast<int64_t>(reinterpret_cast<intptr_t>(handle));
}

/// \return a timeout in milliseconds, rounded up (a wait is never shortened to none); none is
/// INFINITE
inline DWORD
Milliseconds(std::optional<int64_t> timeoutNs)
{
    return timeoutNs ? static_cast<DWORD>((*timeoutNs + 999'999) / 1'000'000) : INFINITE;
}

/// \return Winsock's event objects, overlapped I/O, completion ports and extension functions
std::unique_ptr<AsyncPlatform> CreateWinsockAsync();

} // namespace wsdsim::driver::winsock

#endif // WSDSIM_DRIVER_PLATFORM_WINSOCK_H

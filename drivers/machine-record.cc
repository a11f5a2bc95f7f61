// What a results folder says of the machine a bundle ran on (Windows only): the OS version as
// the kernel reports it, and Wine's version when Wine stands in for Windows.
#include "machine-record.h"

#include <windows.h>

namespace wsdsim::driver
{

namespace
{
/// ntdll's RtlGetVersion: unlike GetVersionEx, not capped at 6.2 by the program's manifest.
using RtlGetVersionFunction = LONG(WINAPI*)(OSVERSIONINFOEXW*);
/// Wine's own ntdll export; real Windows has none.
using WineGetVersionFunction = const char*(CDECL*)();

/// \return ntdll's export of this name, or null
FARPROC
NtdllExport(const char* name)
{
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll ? GetProcAddress(ntdll, name) : nullptr;
}

/// \return the version the kernel reports (zeros when it cannot be read)
OSVERSIONINFOEXW
KernelVersion()
{
    OSVERSIONINFOEXW version{};
    version.dwOSVersionInfoSize = sizeof(version);
    const auto rtlGetVersion = reinterpret_cast<RtlGetVersionFunction>(
        reinterpret_cast<void*>(NtdllExport("RtlGetVersion")));
    if (!rtlGetVersion || rtlGetVersion(&version) != 0)
    {
        version = OSVERSIONINFOEXW{};
    }
    return version;
}

/// \return the product type's name (VER_NT_* of OSVERSIONINFOEXW.wProductType)
const char*
ProductTypeName(BYTE productType)
{
    switch (productType)
    {
        case VER_NT_WORKSTATION:
            return "workstation";
        case VER_NT_SERVER:
            return "server";
        case VER_NT_DOMAIN_CONTROLLER:
            return "domain controller";
    }
    return "unknown";
}
} // namespace

nlohmann::json
MachineRecord()
{
    const OSVERSIONINFOEXW version = KernelVersion();
    const std::string os = "windows " + std::to_string(version.dwMajorVersion) + "."
                           + std::to_string(version.dwMinorVersion) + "."
                           + std::to_string(version.dwBuildNumber);
    const auto wineGetVersion = reinterpret_cast<WineGetVersionFunction>(
        reinterpret_cast<void*>(NtdllExport("wine_get_version")));
    nlohmann::json record
        = {{"os", os}, {"product_type", ProductTypeName(version.wProductType)}, {"wine", nullptr}};
    if (wineGetVersion)
    {
        // Wine reports the Windows version it imitates: the implementation is Wine's ws2_32.
        const std::string wine = wineGetVersion();
        record["wine"] = wine;
        record["implementation"] = "wine " + wine;
    }
    else
    {
        record["implementation"] = os;
    }
    return record;
}

} // namespace wsdsim::driver

// A simulated application's address space: allocated regions and the WSAEFAULT containment test.
#include "wsa-address-space.h"

#include "ns3/abort.h"

#include <algorithm>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(WsaAddressSpace);

namespace
{
/// Regions start on this boundary and are separated by at least one unmapped guard page.
constexpr WsaAddress kPageSize = 0x1000;
/// The first region's address (the low 64 KiB stay unmapped, as on Windows).
constexpr WsaAddress kFirstAddress = 0x10000;
} // namespace

TypeId
WsaAddressSpace::GetTypeId()
{
    static TypeId tid = TypeId("ns3::WsaAddressSpace")
                            .SetParent<Object>()
                            .SetGroupName("Wsd")
                            .AddConstructor<WsaAddressSpace>();
    return tid;
}

WsaAddressSpace::WsaAddressSpace()
    : m_nextAddress(kFirstAddress)
{
}

const WSABUF*
WsaAddressSpace::UnmappedDescriptor()
{
    static const WSABUF kUnmapped{0, 0};
    return &kUnmapped;
}

bool
WsaAddressSpace::ContainsDescriptor(const WSABUF* descriptor) const
{
    return descriptor != UnmappedDescriptor() && Contains(descriptor->buf, descriptor->len);
}

WSABUF
WsaAddressSpace::Allocate(const std::vector<uint8_t>& bytes)
{
    const WsaAddress start = m_nextAddress;
    m_regions.emplace(start, bytes);
    const WsaAddress pages = (bytes.size() + kPageSize - 1) / kPageSize;
    m_nextAddress = start + (pages + 1) * kPageSize; // one guard page between regions
    return WSABUF{static_cast<uint32_t>(bytes.size()), start};
}

WSABUF
WsaAddressSpace::Allocate(std::string_view text)
{
    return Allocate(std::vector<uint8_t>(text.begin(), text.end()));
}

WSABUF
WsaAddressSpace::AllocateZeroed(uint32_t size)
{
    return Allocate(std::vector<uint8_t>(size, 0));
}

const std::vector<uint8_t>*
WsaAddressSpace::FindRegion(WsaAddress address, uint32_t length, WsaAddress* regionStart) const
{
    auto it = m_regions.upper_bound(address);
    if (it == m_regions.begin())
    {
        return nullptr;
    }
    --it;
    const WsaAddress start = it->first;
    const auto& bytes = it->second;
    const WsaAddress offset = address - start;
    // Valid when the whole range lies in the region; a zero-length range may sit at its end.
    if (offset > bytes.size() || length > bytes.size() - offset)
    {
        return nullptr;
    }
    *regionStart = start;
    return &bytes;
}

bool
WsaAddressSpace::Contains(WsaAddress address, uint32_t length) const
{
    WsaAddress start = 0;
    return FindRegion(address, length, &start) != nullptr;
}

std::vector<uint8_t>
WsaAddressSpace::Read(WsaAddress address, uint32_t length) const
{
    WsaAddress start = 0;
    const auto* bytes = FindRegion(address, length, &start);
    NS_ABORT_MSG_IF(bytes == nullptr, "WsaAddressSpace::Read outside the address space");
    const auto first = bytes->begin() + static_cast<std::ptrdiff_t>(address - start);
    return std::vector<uint8_t>(first, first + length);
}

void
WsaAddressSpace::Write(WsaAddress address, const std::vector<uint8_t>& bytes)
{
    WsaAddress start = 0;
    const auto* region = FindRegion(address, static_cast<uint32_t>(bytes.size()), &start);
    NS_ABORT_MSG_IF(region == nullptr, "WsaAddressSpace::Write outside the address space");
    auto& writable = m_regions.at(start);
    std::copy(bytes.begin(),
              bytes.end(),
              writable.begin() + static_cast<std::ptrdiff_t>(address - start));
}

} // namespace ns3

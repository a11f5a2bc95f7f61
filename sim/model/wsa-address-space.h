// A simulated application's address space, so that a buffer descriptor can point outside it.
#ifndef WSA_ADDRESS_SPACE_H
#define WSA_ADDRESS_SPACE_H

#include "wsa-types.h"

#include "ns3/object.h"

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

namespace ns3
{

/**
 * \ingroup wsd
 * \brief The valid part of a simulated application's address space: the regions it allocated.
 *
 * Winsock fails a call with WSAEFAULT when a buffer argument "is not totally contained in a
 * valid part of the user address space". The model gives each node such a space: an
 * application allocates regions in it and passes WSABUF descriptors whose address and length
 * refer to it. A descriptor that starts outside every region, or runs past the end of its
 * region, is a fault. Address 0 is never valid, so a descriptor with a null buf faults too.
 */
class WsaAddressSpace : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    WsaAddressSpace();

    /**
     * \brief The model's stand-in for a descriptor pointer into memory never mapped (a
     *        WSABUF* that does not point into the address space): a provider must not read it
     *        and fails the call with WSAEFAULT.
     * \return the pointer (to an object no call reads)
     */
    static const WSABUF* UnmappedDescriptor();

    /**
     * \brief Whether a descriptor and the bytes it describes lie in the address space.
     * \param descriptor a descriptor pointer (not null)
     * \return false for UnmappedDescriptor() and for a buf/len range outside every region
     */
    bool ContainsDescriptor(const WSABUF* descriptor) const;

    /**
     * \brief Allocate a region and fill it with bytes.
     * \param bytes the initial contents (its size is the region's size)
     * \return a descriptor of the whole region
     */
    WSABUF Allocate(const std::vector<uint8_t>& bytes);

    /**
     * \brief Allocate a region holding the characters of a string.
     * \param text the initial contents
     * \return a descriptor of the whole region
     */
    WSABUF Allocate(std::string_view text);

    /**
     * \brief Allocate a zero-filled region.
     * \param size its size in bytes
     * \return a descriptor of the whole region
     */
    WSABUF AllocateZeroed(uint32_t size);

    /**
     * \brief Whether [address, address + length) lies wholly inside one allocated region.
     * \param address first byte
     * \param length number of bytes (a zero length still needs a valid address)
     * \return true when the range is valid
     */
    bool Contains(WsaAddress address, uint32_t length) const;

    /**
     * \brief Read bytes; the range must be valid (see Contains()).
     * \param address first byte
     * \param length number of bytes
     * \return the bytes
     */
    std::vector<uint8_t> Read(WsaAddress address, uint32_t length) const;

    /**
     * \brief Write bytes; the range must be valid (see Contains()).
     * \param address first byte
     * \param bytes what to write
     */
    void Write(WsaAddress address, const std::vector<uint8_t>& bytes);

  private:
    /// Find the region holding a range, or nullptr.
    const std::vector<uint8_t>* FindRegion(WsaAddress address,
                                           uint32_t length,
                                           WsaAddress* regionStart) const;

    std::map<WsaAddress, std::vector<uint8_t>> m_regions; //!< regions by start address
    WsaAddress m_nextAddress;                             //!< where the next region starts
};

} // namespace ns3

#endif // WSA_ADDRESS_SPACE_H

// A TUN device of the link: an IP interface of the case's namespace whose packets this process
// reads and writes.
#ifndef WSDSIM_LINK_TUN_DEVICE_H
#define WSDSIM_LINK_TUN_DEVICE_H

#include <cstdint>
#include <span>
#include <string>

namespace wsdsim::link
{

/**
 * A non-persistent TUN device (IFF_TUN | IFF_NO_PI: whole IP packets, no header): the kernel
 * removes it when its file descriptor closes, so no device outlives the process that holds it.
 */
class TunDevice
{
  public:
    /**
     * \brief Create the device, non-blocking and closed on exec.
     * \param name its interface name ("wsd0")
     * \throws std::runtime_error naming the device and the system's reason
     */
    explicit TunDevice(const std::string& name);
    ~TunDevice();
    TunDevice(const TunDevice&) = delete;
    TunDevice& operator=(const TunDevice&) = delete;

    /// \return the descriptor to poll
    int Descriptor() const;
    /// \return the interface name
    const std::string& Name() const;
    /**
     * \brief Read one packet the kernel sent out through the device.
     * \param buffer where it goes \return its length, 0 when none is waiting
     * \throws std::runtime_error on a read error
     */
    size_t Read(std::span<uint8_t> buffer);
    /**
     * \brief Hand a packet to the kernel as received on the device.
     * \param packet a whole IP packet \return false when the kernel refused it (device down)
     */
    bool Write(std::span<const uint8_t> packet);

  private:
    std::string m_name; //!< the interface name
    int m_fd{-1};       //!< /dev/net/tun, attached to the device
};

} // namespace wsdsim::link

#endif // WSDSIM_LINK_TUN_DEVICE_H

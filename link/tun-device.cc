// A TUN device of the link (see tun-device.h).
#include "link/tun-device.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdexcept>
#include <sys/ioctl.h>
#include <unistd.h>

namespace wsdsim::link
{

TunDevice::TunDevice(const std::string& name)
    : m_name(name)
{
    m_fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (m_fd < 0)
    {
        throw std::runtime_error("cannot open /dev/net/tun for " + name + ": "
                                 + std::strerror(errno));
    }
    ifreq request{};
    request.ifr_flags = IFF_TUN | IFF_NO_PI;
    std::strncpy(request.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (ioctl(m_fd, TUNSETIFF, &request) < 0)
    {
        const int error = errno;
        ::close(m_fd);
        throw std::runtime_error("cannot create the TUN device " + name + ": "
                                 + std::strerror(error));
    }
}

TunDevice::~TunDevice()
{
    ::close(m_fd);
}

int
TunDevice::Descriptor() const
{
    return m_fd;
}

const std::string&
TunDevice::Name() const
{
    return m_name;
}

size_t
TunDevice::Read(std::span<uint8_t> buffer)
{
    const ssize_t length = ::read(m_fd, buffer.data(), buffer.size());
    if (length < 0)
    {
        if (errno == EAGAIN || errno == EINTR)
        {
            return 0;
        }
        throw std::runtime_error("cannot read from " + m_name + ": " + std::strerror(errno));
    }
    return static_cast<size_t>(length);
}

bool
TunDevice::Write(std::span<const uint8_t> packet)
{
    return ::write(m_fd, packet.data(), packet.size()) == static_cast<ssize_t>(packet.size());
}

} // namespace wsdsim::link

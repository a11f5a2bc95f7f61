// The model's headers after the POSIX socket headers: they compile together, and the model's
// constants keep Winsock's values where POSIX's differ (wsa-types.h's WS_ names).
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>

// The model's headers after the POSIX ones, on purpose.
#include "ns3/wsa-thread.h"
#include "ns3/wsa-types.h"

#include <catch2/catch.hpp>

TEST_CASE("model_headers_after_posix_socket_headers_keep_winsock_values", "[types]")
{
    // winsock2.h's values, not <sys/socket.h>'s (SOL_SOCKET 1, SO_LINGER 13, FIONBIO 0x5421).
    CHECK(ns3::WS_SOL_SOCKET == 0xffff);
    CHECK(SOL_SOCKET != ns3::WS_SOL_SOCKET);
    CHECK(ns3::WS_SO_LINGER == 0x0080);
    CHECK(ns3::WS_SO_DONTLINGER == ~0x0080);
    CHECK(static_cast<unsigned long>(ns3::WS_FIONBIO) == 0x8004667EUL);
    CHECK(ns3::WS_AF_INET6 == 23);
    CHECK(ns3::WS_AF_INET == AF_INET); // the same number on both
    CHECK(ns3::SD_SEND == 1);
    // winsock2.h's WSAPoll flags, not <poll.h>'s (POLLRDNORM 0x40, POLLERR 0x8 on Linux).
    CHECK(ns3::WS_POLLRDNORM == 0x0100);
    CHECK(ns3::WS_POLLERR == 0x0001);
    CHECK(POLLERR != ns3::WS_POLLERR);
    CHECK(ns3::FD_CLOSE == 0x20);
    CHECK(ns3::NetworkEventBit(ns3::FD_CLOSE) == 5); // FD_CLOSE_BIT
}

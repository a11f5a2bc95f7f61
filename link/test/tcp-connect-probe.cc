// A TCP connection from 10.0.0.1 to 10.0.0.2 inside wsdsim-link's namespace: prints how long
// connect() took and checks that one byte goes each way (link/test/link-crossing.sh).
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace
{

/// \return an IPv4 address and port
sockaddr_in
Address(const char* dotted, uint16_t port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    inet_pton(AF_INET, dotted, &address.sin_addr);
    return address;
}

/// Print what failed and exit 1.
[[noreturn]] void
Fail(const std::string& what)
{
    std::cerr << "tcp-connect-probe: " << what << ": " << std::strerror(errno) << "\n";
    std::exit(1);
}

/// \return a TCP socket bound to the address
int
BoundSocket(const sockaddr_in& address)
{
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || bind(s, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0)
    {
        Fail("bind");
    }
    return s;
}

} // namespace

int
main()
{
    const sockaddr_in server = Address("10.0.0.2", 5000);
    const int listener = BoundSocket(server);
    if (listen(listener, 1) != 0)
    {
        Fail("listen");
    }
    const int client = BoundSocket(Address("10.0.0.1", 0));
    const auto before = std::chrono::steady_clock::now();
    if (connect(client, reinterpret_cast<const sockaddr*>(&server), sizeof(server)) != 0)
    {
        Fail("connect");
    }
    const auto connectNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now() - before)
                               .count();
    const int accepted = accept(listener, nullptr, nullptr);
    char byte = 'x';
    if (accepted < 0 || send(client, &byte, 1, 0) != 1 || recv(accepted, &byte, 1, 0) != 1
        || send(accepted, &byte, 1, 0) != 1 || recv(client, &byte, 1, 0) != 1)
    {
        Fail("exchanging a byte");
    }
    std::cout << "connect_ns " << connectNs << "\n";
    return 0;
}

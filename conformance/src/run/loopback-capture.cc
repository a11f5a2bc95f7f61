// Captures a case's TCP segments on the loopback interface with libpcap, as trace segment events.
#include "run/loopback-capture.h"

#include <arpa/inet.h>
#include <chrono>
#include <pcap/pcap.h>
#include <unistd.h>

namespace wsdsim
{

namespace
{

std::string
FlagsText(uint8_t flags)
{
    static const std::pair<uint8_t, const char*> kNames[] = {{0x02, "SYN"},
                                                             {0x01, "FIN"},
                                                             {0x04, "RST"},
                                                             {0x08, "PSH"},
                                                             {0x10, "ACK"},
                                                             {0x20, "URG"},
                                                             {0x40, "ECE"},
                                                             {0x80, "CWR"}};
    std::string text;
    for (const auto& [bit, name] : kNames)
    {
        if (flags & bit)
        {
            text += text.empty() ? name : std::string("|") + name;
        }
    }
    return text.empty() ? "NONE" : text;
}

/**
 * \brief This process's capture on lo, opened on first use and kept between cases: setting up
 *        its ring (PACKET_RX_RING) took 10 to 15 ms, whatever its size (the kernel waits for
 *        the network's readers to drop the socket's old hook), and a served case takes about
 *        as long as that itself. A forked child opens its own.
 * \param error set to why not \return the handle, or null
 */
pcap_t*
SharedLoopbackHandle(std::string* error)
{
    static pid_t owner = -1;
    static pcap_t* handle = nullptr;
    if (owner == getpid() && handle)
    {
        return handle;
    }
    owner = getpid();
    char message[PCAP_ERRBUF_SIZE] = {};
    handle = pcap_create("lo", message);
    if (!handle)
    {
        *error = message;
        return nullptr;
    }
    pcap_set_snaplen(handle, 256);
    pcap_set_immediate_mode(handle, 1);
    pcap_set_timeout(handle, 5);
    pcap_set_tstamp_precision(handle, PCAP_TSTAMP_PRECISION_NANO);
    if (pcap_activate(handle) < 0)
    {
        *error = std::string("cannot capture on lo: ") + pcap_geterr(handle);
        pcap_close(handle);
        handle = nullptr;
    }
    return handle;
}

/// \return the bytes before the IP header in a packet of the handle's link type
int
LinkOffset(pcap_t* handle)
{
    switch (pcap_datalink(handle))
    {
        case DLT_EN10MB:
            return 14;
        case DLT_NULL:
            return 4;
        case DLT_LINUX_SLL:
            return 16;
        default:
            return 0;
    }
}

} // namespace

LoopbackCapture::~LoopbackCapture()
{
    if (m_handle)
    {
        Stop();
    }
}

bool
LoopbackCapture::Start(const std::array<std::string, 2>& hosts,
                       int64_t startEpochNs,
                       const std::string& pcapPath,
                       std::string* error)
{
    m_hosts = hosts;
    m_start = startEpochNs;
    m_handle = SharedLoopbackHandle(error);
    if (!m_handle)
    {
        return false;
    }
    m_linkOffset = LinkOffset(m_handle);
    const std::string filter = "tcp and host " + hosts[0] + " and host " + hosts[1];
    bpf_program program{};
    if (pcap_compile(m_handle, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0)
    {
        pcap_setfilter(m_handle, &program);
        pcap_freecode(&program);
    }
    // What the handle still holds came before this case (an earlier case's sockets closing).
    char message[PCAP_ERRBUF_SIZE] = {};
    if (pcap_setnonblock(m_handle, 1, message) == 0)
    {
        DrainPending(false);
        pcap_setnonblock(m_handle, 0, message);
    }
    if (!pcapPath.empty())
    {
        m_dumper = pcap_dump_open(m_handle, pcapPath.c_str());
    }
    m_stop = false;
    m_thread = std::thread([this]() { Loop(); });
    return true;
}

void
LoopbackCapture::Loop()
{
    while (!m_stop.load())
    {
        DispatchPending(true);
    }
}

void
LoopbackCapture::DrainPending(bool keep)
{
    // A break the capture thread left unconsumed ends the first dispatch at once.
    for (int handled = 0; (handled = DispatchPending(keep)) > 0 || handled == PCAP_ERROR_BREAK;)
    {
    }
}

int
LoopbackCapture::DispatchPending(bool keep)
{
    m_keep = keep;
    return pcap_dispatch(
        m_handle,
        -1,
        [](u_char* user, const pcap_pkthdr* header, const u_char* bytes)
        {
            auto* self = reinterpret_cast<LoopbackCapture*>(user);
            if (!self->m_keep)
            {
                return;
            }
            if (self->m_dumper)
            {
                pcap_dump(reinterpret_cast<u_char*>(self->m_dumper), header, bytes);
            }
            // Nanosecond precision was asked for: tv_usec holds nanoseconds.
            const int64_t epochNs
                = static_cast<int64_t>(header->ts.tv_sec) * 1'000'000'000 + header->ts.tv_usec;
            self->OnPacket(epochNs, bytes, header->caplen);
        },
        reinterpret_cast<u_char*>(this));
}

void
LoopbackCapture::OnPacket(int64_t epochNs, const uint8_t* bytes, uint32_t length)
{
    if (length < static_cast<uint32_t>(m_linkOffset) + 20)
    {
        return;
    }
    const uint8_t* ip = bytes + m_linkOffset;
    const uint32_t ipHeader = (ip[0] & 0x0f) * 4u;
    const uint32_t total = (static_cast<uint32_t>(ip[2]) << 8) | ip[3];
    if ((ip[0] >> 4) != 4 || ip[9] != 6 || length < m_linkOffset + ipHeader + 20)
    {
        return;
    }
    const uint8_t* tcp = ip + ipHeader;
    const uint32_t tcpHeader = (tcp[12] >> 4) * 4u;
    char source[INET_ADDRSTRLEN] = {};
    char destination[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, ip + 12, source, sizeof(source));
    inet_ntop(AF_INET, ip + 16, destination, sizeof(destination));
    const uint16_t sourcePort = static_cast<uint16_t>((tcp[0] << 8) | tcp[1]);
    const uint16_t destinationPort = static_cast<uint16_t>((tcp[2] << 8) | tcp[3]);
    const uint32_t sequence
        = (static_cast<uint32_t>(tcp[4]) << 24) | (tcp[5] << 16) | (tcp[6] << 8) | tcp[7];
    const uint32_t acknowledgement
        = (static_cast<uint32_t>(tcp[8]) << 24) | (tcp[9] << 16) | (tcp[10] << 8) | tcp[11];
    const uint8_t flags = tcp[13];
    TraceEvent event;
    event.kind = EventKind::SEGMENT;
    event.timeNs = epochNs - m_start;
    event.protocol = "tcp";
    event.flags = FlagsText(flags);
    event.source = std::string(source) + ":" + std::to_string(sourcePort);
    event.destination = std::string(destination) + ":" + std::to_string(destinationPort);
    event.length = total > ipHeader + tcpHeader ? total - ipHeader - tcpHeader : 0;
    std::lock_guard<std::mutex> lock(m_mutex);
    // Sequence numbers relative to each direction's SYN.
    auto isnOf = [this](const std::string& key) -> const uint32_t*
    {
        for (const auto& [name, isn] : m_initialSequence)
        {
            if (name == key)
            {
                return &isn;
            }
        }
        return nullptr;
    };
    const std::string forward = event.source + ">" + event.destination;
    const std::string backward = event.destination + ">" + event.source;
    if ((flags & 0x02) && !isnOf(forward))
    {
        m_initialSequence.emplace_back(forward, sequence);
    }
    const uint32_t* isn = isnOf(forward);
    const uint32_t* peerIsn = isnOf(backward);
    event.sequence = sequence - (isn ? *isn : 0);
    event.acknowledgement = (flags & 0x10) ? acknowledgement - (peerIsn ? *peerIsn : 0) : 0;
    const uint32_t from = std::string(source) == m_hosts[1] ? 1 : 0;
    event.host = from;
    event.direction = "tx";
    m_events.push_back(event);
    event.host = 1 - from;
    event.direction = "rx";
    m_events.push_back(event);
}

std::vector<TraceEvent>
LoopbackCapture::Stop()
{
    if (!m_handle)
    {
        return {};
    }
    m_stop = true;
    pcap_breakloop(m_handle);
    if (m_thread.joinable())
    {
        m_thread.join();
    }
    // Loopback hands each packet to the capture as it is sent: every segment of the case, sent
    // before its driver said ENDED, is in the capture's queue by now. Take what is still there.
    char message[PCAP_ERRBUF_SIZE] = {};
    if (pcap_setnonblock(m_handle, 1, message) == 0)
    {
        DrainPending(true);
        pcap_setnonblock(m_handle, 0, message);
    }
    if (m_dumper)
    {
        pcap_dump_close(reinterpret_cast<pcap_dumper_t*>(m_dumper));
        m_dumper = nullptr;
    }
    m_handle = nullptr; // the process's, kept open for the next case
    std::lock_guard<std::mutex> lock(m_mutex);
    return std::move(m_events);
}

} // namespace wsdsim

// Captures a case's TCP segments on the loopback interface with libpcap, as trace segment events.
#include "run/loopback-capture.h"

#include <limits>
#include <pcap/pcap.h>
#include <span>
#include <unistd.h>

namespace wsdsim
{

namespace
{

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
    const auto linkHeader = static_cast<uint32_t>(m_linkOffset);
    if (length < linkHeader)
    {
        return;
    }
    // The capture keeps the first 256 bytes: the IPv4 Total Length says how much data there was.
    const auto segment
        = link::ReadTcpSegment(std::span<const uint8_t>(bytes + linkHeader, length - linkHeader),
                               std::numeric_limits<size_t>::max());
    if (!segment)
    {
        return;
    }
    TraceEvent event;
    event.kind = EventKind::SEGMENT;
    event.timeNs = epochNs - m_start;
    event.protocol = "tcp";
    event.flags = link::TcpFlagsText(segment->flags);
    event.source = link::EndpointText(segment->source, segment->sourcePort);
    event.destination = link::EndpointText(segment->destination, segment->destinationPort);
    event.length = segment->payloadBytes;
    std::lock_guard<std::mutex> lock(m_mutex);
    const link::SegmentNumbering::Relative relative = m_numbering.Number(*segment);
    event.sequence = relative.sequence;
    event.acknowledgement = relative.acknowledgement;
    // Seen once on loopback: it leaves one host and reaches the other at the same time.
    const uint32_t from = event.source.rfind(m_hosts[1] + ":", 0) == 0 ? 1 : 0;
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

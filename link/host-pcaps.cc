// The pcaps of the link's two hosts (see host-pcaps.h).
#include "link/host-pcaps.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <pcap/pcap.h>
#include <stdexcept>

namespace wsdsim::link
{

namespace
{
/// The largest packet recorded whole: libpcap's largest snapshot length, above any TUN packet.
constexpr int kSnapshotLength = 262144;
} // namespace

HostPcaps::HostPcaps(const std::string& prefix, int64_t startEpochNs)
    : m_startEpochNs(startEpochNs)
{
    m_writer = pcap_open_dead_with_tstamp_precision(
        DLT_RAW, kSnapshotLength, PCAP_TSTAMP_PRECISION_NANO);
    if (!m_writer)
    {
        throw std::runtime_error("libpcap cannot write raw IP pcaps (pcap_open_dead)");
    }
    for (uint32_t host = 0; host < 2; ++host)
    {
        m_paths[host] = PathOf(prefix, host);
        // "e": closed on exec, so that the command under test does not inherit it.
        std::FILE* file = std::fopen(m_paths[host].c_str(), "wbe");
        if (!file)
        {
            const std::string reason = std::strerror(errno);
            CloseQuietly();
            throw std::runtime_error(m_paths[host] + ": cannot be written: " + reason);
        }
        m_dumpers[host] = pcap_dump_fopen(m_writer, file);
        if (!m_dumpers[host])
        {
            std::fclose(file);
            const std::string reason = pcap_geterr(m_writer);
            CloseQuietly();
            throw std::runtime_error(m_paths[host] + ": cannot be written: " + reason);
        }
        // The header now, not in a buffer that the command's fork would copy.
        pcap_dump_flush(m_dumpers[host]);
    }
}

HostPcaps::~HostPcaps()
{
    CloseQuietly();
}

std::string
HostPcaps::PathOf(const std::string& prefix, uint32_t host)
{
    return prefix + "-host" + std::to_string(host) + ".pcap";
}

void
HostPcaps::Sent(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs)
{
    Write(from, packet, nowNs);
}

void
HostPcaps::Arrived(uint32_t to, std::span<const uint8_t> packet, int64_t nowNs)
{
    Write(to, packet, nowNs);
}

void
HostPcaps::Write(uint32_t host, std::span<const uint8_t> packet, int64_t nowNs)
{
    if (!m_dumpers[host])
    {
        return;
    }
    const int64_t epochNs = m_startEpochNs + nowNs;
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(epochNs / 1'000'000'000);
    // A nanosecond-precision pcap: tv_usec holds nanoseconds.
    header.ts.tv_usec = static_cast<suseconds_t>(epochNs % 1'000'000'000);
    header.len = static_cast<bpf_u_int32>(packet.size());
    header.caplen = std::min<bpf_u_int32>(header.len, kSnapshotLength);
    pcap_dump(reinterpret_cast<u_char*>(m_dumpers[host]), &header, packet.data());
}

void
HostPcaps::Close()
{
    const std::string failed = CloseQuietly();
    if (!failed.empty())
    {
        throw std::runtime_error(failed + ": not written whole");
    }
}

std::string
HostPcaps::CloseQuietly()
{
    std::string failed;
    for (uint32_t host = 0; host < 2; ++host)
    {
        if (!m_dumpers[host])
        {
            continue;
        }
        std::FILE* file = pcap_dump_file(m_dumpers[host]);
        const bool written = std::fflush(file) == 0 && std::ferror(file) == 0;
        pcap_dump_close(m_dumpers[host]);
        m_dumpers[host] = nullptr;
        if (!written)
        {
            failed += (failed.empty() ? "" : ", ") + m_paths[host];
        }
    }
    if (m_writer)
    {
        pcap_close(m_writer);
        m_writer = nullptr;
    }
    return failed;
}

} // namespace wsdsim::link

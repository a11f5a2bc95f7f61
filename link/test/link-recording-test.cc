// Tests of recording the link's segments as trace events: each packet's "tx" and, unless the
// link loses it, its "rx", through the link model's faults, as the model's traces show them.
#include "link-fixture.h"
#include "packet-fixture.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "link/link-model.h"
#include "link/link-transit.h"
#include "link/segment-log.h"

namespace
{

using namespace wsdsim::link;
using namespace wsdsim::link::test;

/// \return the topology's defaults with these faults
LinkConfig
LinkWith(std::vector<LinkFault> faults)
{
    LinkConfig config = DefaultLink();
    config.faults = std::move(faults);
    return config;
}

/// A link model, its transit and a segment log into a temporary file.
class RecordedLink
{
  public:
    explicit RecordedLink(const LinkConfig& config)
        : m_model(config)
        , m_file(std::tmpfile())
        , m_log(m_file)
        , m_transit(m_model, {&m_log})
    {
    }

    ~RecordedLink()
    {
        std::fclose(m_file);
    }

    /// Host `from` sends at `nowNs`, after every packet due by then has arrived.
    void Send(uint32_t from, const std::vector<uint8_t>& packet, int64_t nowNs)
    {
        DeliverUntil(nowNs);
        m_transit.Send(from, packet, nowNs);
    }

    /// Hand over each packet due by `untilNs` at its arrival time, as an idle loop does.
    void DeliverUntil(int64_t untilNs)
    {
        while (const auto next = m_transit.NextArrivalNs())
        {
            if (*next > untilNs)
            {
                break;
            }
            m_transit.DeliverDue(*next, [](uint32_t, std::span<const uint8_t>) { return true; });
        }
    }

    /// \return the lines written so far
    std::vector<std::string> Lines()
    {
        std::fflush(m_file);
        std::rewind(m_file);
        std::vector<std::string> lines;
        std::string line;
        for (int c = 0; (c = std::fgetc(m_file)) != EOF;)
        {
            if (c == '\n')
            {
                lines.push_back(line);
                line.clear();
                continue;
            }
            line += static_cast<char>(c);
        }
        return lines;
    }

    /// \return what the link did
    const LinkCounts& Counts() const
    {
        return m_transit.Counts();
    }

  private:
    LinkModel m_model;     //!< the link
    std::FILE* m_file;     //!< the log's file
    SegmentLog m_log;      //!< the recording
    LinkTransit m_transit; //!< the packets on their way
};

/// \return whether a line holds a fragment
bool
Has(const std::string& line, const std::string& fragment)
{
    return line.find(fragment) != std::string::npos;
}

/**
 * \return a segment line between the client (10.0.0.1:49153) and the server (10.0.0.2:5000)
 *         written out as the model's reference traces have them: keys sorted, no spaces
 * \param timeNs when \param host where it is seen \param direction "tx" or "rx"
 * \param flags its flags \param seq, ack its relative numbers \param len its data bytes
 */
std::string
ModelLine(int64_t timeNs,
          uint32_t host,
          const std::string& direction,
          const std::string& flags,
          uint32_t seq,
          uint32_t ack,
          uint32_t len)
{
    const bool fromClient = (direction == "tx") == (host == 0);
    const std::string client = "10.0.0.1:49153";
    const std::string server = "10.0.0.2:5000";
    return R"({"ack":)" + std::to_string(ack) + R"(,"dir":")" + direction + R"(","dst":")"
           + (fromClient ? server : client) + R"(","flags":")" + flags + R"(","host":)"
           + std::to_string(host) + R"(,"kind":"segment","len":)" + std::to_string(len)
           + R"(,"proto":"tcp","seq":)" + std::to_string(seq) + R"(,"src":")"
           + (fromClient ? client : server) + R"(","time_ns":)" + std::to_string(timeNs) + "}";
}

// The client (host 0, port 49153, ISN 1000) and the server (host 1, port 5000, ISN 7000).
SegmentNumbers
Client(uint32_t sequence, uint32_t acknowledgement)
{
    return {0, 49153, 5000, sequence, acknowledgement};
}

SegmentNumbers
Server(uint32_t sequence, uint32_t acknowledgement)
{
    return {1, 5000, 49153, sequence, acknowledgement};
}

// On the default link a segment of 40 bytes (IPv4 and TCP headers, no options) takes
// (40 + 2) x 8 bits / 10^7 b/s = 33,600 ns to send, then 1 ms to cross: it arrives 1,033,600 ns
// after it leaves. With 100 bytes of data: (140 + 2) x 8 / 10^7 = 113,600 ns, arriving 1,113,600
// ns after.

TEST_CASE("recording_drop_fault_fin_sent_never_received_as_in_the_model")
{
    // linger/close-fin-lost's fault: the first FIN arriving at host 1 from 50 ms on is dropped.
    RecordedLink link(LinkWith({SegmentFault("drop", 1, kFin, 1, 50 * kMs)}));
    link.Send(0, NumberedSegment(kSyn, 0, Client(1000, 0)), 1 * kMs);
    link.Send(1, NumberedSegment(kSyn | kAck, 0, Server(7000, 1001)), 2033600);
    link.Send(0, NumberedSegment(kAck, 0, Client(1001, 7001)), 3067200);
    link.Send(0, NumberedSegment(kPsh | kAck, 100, Client(1001, 7001)), 50 * kMs);
    link.Send(1, NumberedSegment(kAck, 0, Server(7001, 1101)), 51113600);
    link.Send(0, NumberedSegment(kFin | kAck, 0, Client(1101, 7001)), 100 * kMs); // dropped
    link.Send(0, NumberedSegment(kFin | kAck, 0, Client(1101, 7001)), 300 * kMs); // again
    link.Send(1, NumberedSegment(kAck, 0, Server(7001, 1102)), 301033600);
    link.DeliverUntil(1000 * kMs);

    // As the model's trace has it (scenarios/linger/close-fin-lost.reference): the lost FIN's tx
    // at host 0 and no rx at host 1; numbers relative to each side's SYN.
    const std::vector<std::string> expected{
        ModelLine(1000000, 0, "tx", "SYN", 0, 0, 0),
        ModelLine(2033600, 1, "rx", "SYN", 0, 0, 0),
        ModelLine(2033600, 1, "tx", "SYN|ACK", 0, 1, 0),
        ModelLine(3067200, 0, "rx", "SYN|ACK", 0, 1, 0),
        ModelLine(3067200, 0, "tx", "ACK", 1, 1, 0),
        ModelLine(4100800, 1, "rx", "ACK", 1, 1, 0),
        ModelLine(50000000, 0, "tx", "PSH|ACK", 1, 1, 100),
        ModelLine(51113600, 1, "rx", "PSH|ACK", 1, 1, 100),
        ModelLine(51113600, 1, "tx", "ACK", 1, 101, 0),
        ModelLine(52147200, 0, "rx", "ACK", 1, 101, 0),
        ModelLine(100000000, 0, "tx", "FIN|ACK", 101, 1, 0), // lost: no rx at host 1
        ModelLine(300000000, 0, "tx", "FIN|ACK", 101, 1, 0),
        ModelLine(301033600, 1, "rx", "FIN|ACK", 101, 1, 0),
        ModelLine(301033600, 1, "tx", "ACK", 1, 102, 0),
        ModelLine(302067200, 0, "rx", "ACK", 1, 102, 0),
    };
    CHECK(link.Lines() == expected);
    CHECK(link.Counts().forwarded[0] == 4);
    CHECK(link.Counts().dropped[0] == 1);
    CHECK(link.Counts().forwarded[1] == 3);
    CHECK(link.Counts().dropped[1] == 0);
}

TEST_CASE("recording_interface_down_segments_sent_never_received")
{
    // Host 1 down from 50 ms: what reaches it is lost after the link carried it; what its own
    // stack still sends (the real device stays up) leaves it and is lost at once.
    RecordedLink link(LinkWith({InterfaceFault("interface-down", 1, 50 * kMs)}));
    link.Send(0, NumberedSegment(kAck, 0, Client(1, 1)), 10 * kMs);
    link.Send(0, NumberedSegment(kFin | kAck, 0, Client(1, 1)), 100 * kMs);
    link.Send(1, NumberedSegment(kAck, 0, Server(1, 2)), 120 * kMs);
    link.DeliverUntil(1000 * kMs);
    const std::vector<std::string> lines = link.Lines();
    REQUIRE(lines.size() == 4);
    CHECK(Has(lines[0], R"("dir":"tx","dst":"10.0.0.2:5000","flags":"ACK","host":0)"));
    CHECK(Has(lines[1], R"("dir":"rx","dst":"10.0.0.2:5000","flags":"ACK","host":1)"));
    CHECK(Has(lines[1], R"("time_ns":11033600})"));
    CHECK(Has(lines[2], R"("dir":"tx","dst":"10.0.0.2:5000","flags":"FIN|ACK","host":0)"));
    CHECK(Has(lines[3], R"("dir":"tx","dst":"10.0.0.1:49153","flags":"ACK","host":1)"));
    CHECK(link.Counts().dropped[0] == 1);
    CHECK(link.Counts().dropped[1] == 1);
}

TEST_CASE("recording_delay_fault_segment_received_after_the_next_one")
{
    // reordered-data-before-fin's kind of fault: the first data segment arriving at host 1 is
    // held 10 ms; the FIN sent after it arrives first.
    LinkFault hold = SegmentFault("delay", 1, kAck, 1);
    hold.withPayload = true;
    hold.byNs = 10 * kMs;
    RecordedLink link(LinkWith({hold}));
    link.Send(0, NumberedSegment(kPsh | kAck, 100, Client(1, 1)), 50 * kMs);
    link.Send(0, NumberedSegment(kFin | kAck, 0, Client(101, 1)), 51 * kMs);
    link.DeliverUntil(1000 * kMs);
    const std::vector<std::string> lines = link.Lines();
    REQUIRE(lines.size() == 4);
    // The data arrives 1,113,600 ns after it left, held 10 ms: at 61,113,600. The FIN leaves at
    // 51 ms (the transmitter was free from 50.1136 ms) and arrives at 52,033,600.
    CHECK(Has(lines[2], R"("dir":"rx","dst":"10.0.0.2:5000","flags":"FIN|ACK","host":1)"));
    CHECK(Has(lines[2], R"("time_ns":52033600})"));
    CHECK(Has(lines[3], R"("dir":"rx","dst":"10.0.0.2:5000","flags":"PSH|ACK","host":1)"));
    CHECK(Has(lines[3], R"("time_ns":61113600})"));
}

TEST_CASE("recording_tcp_only_udp_forwarded_ipv6_ignored")
{
    RecordedLink link(LinkWith({}));
    link.Send(0, MakePacket(PacketShape{17, 0, 10}), 1 * kMs); // UDP
    std::vector<uint8_t> ipv6 = TcpPacket(kAck);
    ipv6[0] = 0x60;
    link.Send(0, ipv6, 1 * kMs);
    link.DeliverUntil(1000 * kMs);
    CHECK(link.Lines().empty());
    CHECK(link.Counts().forwarded[0] == 1); // the UDP datagram
    CHECK(link.Counts().ignored == 1);      // IPv6 is never forwarded
}

TEST_CASE("segment_numbering_relative_to_each_direction_first_syn")
{
    SegmentNumbering numbering;
    const auto read = [](const std::vector<uint8_t>& packet)
    {
        return *ReadTcpSegment(packet);
    };
    // Before any SYN, numbers count from 0.
    auto early = numbering.Number(read(NumberedSegment(kAck, 0, Client(55, 66))));
    CHECK(early.sequence == 55);
    CHECK(early.acknowledgement == 66);
    numbering.Number(read(NumberedSegment(kSyn, 0, Client(0xfffffffeu, 0))));
    // A second SYN (a retransmission) does not move the origin.
    const auto again = numbering.Number(read(NumberedSegment(kSyn, 0, Client(5, 0))));
    CHECK(again.sequence == 7); // 5 - 0xfffffffe, modulo 2^32
    const auto synAck
        = numbering.Number(read(NumberedSegment(kSyn | kAck, 0, Server(9000, 0xffffffffu))));
    CHECK(synAck.sequence == 0);
    CHECK(synAck.acknowledgement == 1);
    // Past the wrap of 2^32; without ACK, the acknowledgement number is 0.
    const auto data = numbering.Number(read(NumberedSegment(kPsh, 10, Client(3, 9001))));
    CHECK(data.sequence == 5);
    CHECK(data.acknowledgement == 0);
    const auto ack = numbering.Number(read(NumberedSegment(kAck, 0, Server(9001, 13))));
    CHECK(ack.sequence == 1);
    CHECK(ack.acknowledgement == 15);
}

} // namespace

// Tests of the exported case's topology: what a real case's link (link/) reads from it.
#include <catch2/catch.hpp>
#include <string>

#include "link/link-config.h"
#include "run/case-export.h"

namespace
{

using namespace wsdsim;

/// \return a case with no steps on this topology
ScenarioCase
CaseWith(const Topology& topology)
{
    ScenarioCase scenarioCase;
    scenarioCase.id = "faults/test";
    scenarioCase.topology = topology;
    return scenarioCase;
}

TEST_CASE("export_topology_is_what_the_link_reads")
{
    Topology topology;
    topology.rate = "1.5Mbps";
    topology.delayNs = 20000000;
    topology.loss = 0.1;
    topology.segmentSize = 1000;
    Fault drop;
    drop.atNs = 50000000;
    drop.action = "drop";
    drop.host = 1;
    drop.flags = "FIN";
    drop.count = 2;
    Fault delay;
    delay.action = "delay";
    delay.flags = "ACK";
    delay.withPayload = true;
    delay.byNs = 3000000;
    topology.faults = {drop, delay};

    const auto exported = ExportCase(CaseWith(topology), {"10.0.0.1", "10.0.0.2"}, 0);
    const link::LinkConfig config = link::ParseLinkConfig(exported);
    CHECK(config.rateBitsPerSecond == 1500000); // ns-3 DataRate: M is 10^6, bps bits per second
    CHECK(config.delayNs == 20000000);
    CHECK(config.loss == 0.1);
    CHECK(config.seed == 1); // ns-3's RngSeed default, which the model runs with
    CHECK(config.segmentSize == 1000);
    REQUIRE(config.faults.size() == 2);
    CHECK(config.faults[0].atNs == 50000000);
    CHECK(config.faults[0].host == 1);
    CHECK(config.faults[0].flagBits == 0x01);
    CHECK(config.faults[0].count == 2);
    CHECK(config.faults[1].action == "delay");
    CHECK(config.faults[1].withPayload);
    CHECK(config.faults[1].byNs == 3000000);
}

TEST_CASE("export_rate_in_bytes_per_second_counts_bits")
{
    Topology topology;
    topology.rate = "2KBps";
    const auto exported = ExportCase(CaseWith(topology), {"10.0.0.1", "10.0.0.2"}, 0);
    CHECK(exported["topology"]["rate_bps"] == 16000);
    CHECK(exported["topology"]["rate"] == "2KBps"); // the text stays as it was
}

TEST_CASE("export_rate_ns3_cannot_read_is_null_and_the_link_refuses_it")
{
    Topology topology;
    topology.rate = "10 Mbps"; // the loader's pattern allows the space; ns-3's DataRate does not
    const auto exported = ExportCase(CaseWith(topology), {"10.0.0.1", "10.0.0.2"}, 0);
    CHECK(exported["topology"]["rate_bps"].is_null());
    CHECK_THROWS_AS(link::ParseLinkConfig(exported), std::invalid_argument);
}

} // namespace

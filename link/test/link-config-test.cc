// Tests of reading the link from an exported case (the wsdsim-case/1 "topology").
#include <catch2/catch.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "link/link-config.h"

namespace
{

using namespace wsdsim::link;
using nlohmann::json;

/// \return an exported case's topology as conformance/src/run/case-export.cc writes it
json
ExportedCase()
{
    return json::parse(R"({
      "format": "wsdsim-case/1",
      "topology": {
        "rate": "10Mbps", "rate_bps": 10000000, "delay_ns": 1000000, "loss": 0.25, "seed": 7,
        "segment_size": 536, "receive_buffer": 131072, "send_buffer": 131072,
        "faults": [
          {"at_ns": 50000000, "action": "drop", "host": 1, "flags": "FIN|ACK", "count": 2,
           "with_payload": false, "by_ns": 0},
          {"at_ns": 60000000, "action": "delay", "host": 0, "flags": "ACK", "count": 1,
           "with_payload": true, "by_ns": 3000000},
          {"at_ns": 500000000, "action": "interface-down", "host": 1, "flags": null, "count": 1,
           "with_payload": false, "by_ns": 0}
        ]
      }
    })");
}

/// \return the message ParseLinkConfig refuses `exportedCase` with
std::string
Refusal(const json& exportedCase)
{
    try
    {
        ParseLinkConfig(exportedCase);
    }
    catch (const std::invalid_argument& error)
    {
        return error.what();
    }
    FAIL("ParseLinkConfig accepted " << exportedCase.dump());
    return "";
}

TEST_CASE("config_reads_the_link_and_its_faults")
{
    const LinkConfig config = ParseLinkConfig(ExportedCase());
    CHECK(config.delayNs == 1000000);
    CHECK(config.rateBitsPerSecond == 10000000);
    CHECK(config.loss == 0.25);
    CHECK(config.seed == 7);
    CHECK(config.segmentSize == 536);
    CHECK(config.Mtu() == 576); // MSS + 20 bytes of IPv4 and 20 of TCP header
    REQUIRE(config.faults.size() == 3);

    const LinkFault& drop = config.faults[0];
    CHECK(drop.atNs == 50000000);
    CHECK(drop.action == "drop");
    CHECK(drop.host == 1);
    CHECK(drop.flags == "FIN|ACK");
    CHECK(drop.flagBits == 0x11); // RFC 9293 3.1: FIN 0x01, ACK 0x10
    CHECK(drop.count == 2);
    CHECK_FALSE(drop.withPayload);

    const LinkFault& delay = config.faults[1];
    CHECK(delay.action == "delay");
    CHECK(delay.host == 0);
    CHECK(delay.flagBits == 0x10);
    CHECK(delay.withPayload);
    CHECK(delay.byNs == 3000000);

    const LinkFault& down = config.faults[2];
    CHECK(down.action == "interface-down");
    CHECK(down.atNs == 500000000);
    CHECK_FALSE(down.flags);
}

TEST_CASE("config_flags_null_matches_any_segment")
{
    json exported = ExportedCase();
    exported["topology"]["faults"][0]["flags"] = nullptr;
    const LinkConfig config = ParseLinkConfig(exported);
    CHECK_FALSE(config.faults[0].flags);
    CHECK(config.faults[0].flagBits == 0);
}

TEST_CASE("config_every_flag_name_has_its_rfc_bit")
{
    json exported = ExportedCase();
    exported["topology"]["faults"][0]["flags"] = "SYN|FIN|RST|PSH|ACK|URG|ECE|CWR";
    CHECK(ParseLinkConfig(exported).faults[0].flagBits == 0xff);
    exported["topology"]["faults"][0]["flags"] = "RST";
    CHECK(ParseLinkConfig(exported).faults[0].flagBits == 0x04);
    exported["topology"]["faults"][0]["flags"] = "CWR|SYN";
    CHECK(ParseLinkConfig(exported).faults[0].flagBits == 0x82);
}

/// One bad change to a good exported case, and the start of the message it is refused with.
struct BadInput
{
    const char* pointer;         //!< the member changed
    std::optional<json> value;   //!< its new value; nothing: the member is removed
    const char* expectedRefusal; //!< the message, or its start when the range is long
};

TEST_CASE("config_bad_input_names_the_place_and_what_was_expected")
{
    const std::vector<BadInput> table{
        {"/topology", std::nullopt, "the case document: expected a member \"topology\""},
        {"/topology/faults/0/action",
         "explode",
         "/topology/faults/0/action: expected \"interface-down\", \"interface-up\", \"drop\" or "
         "\"delay\", found \"explode\""},
        {"/topology/loss",
         1,
         "/topology/loss: expected a number from 0 up to (not including) 1, found 1"},
        {"/topology/faults/1/by_ns",
         std::nullopt,
         "/topology/faults/1: expected a member \"by_ns\""},
        {"/topology/faults/1/by_ns", 0, "/topology/faults/1/by_ns: expected an integer from 1 to "},
        {"/topology/faults/0/flags",
         "FIN|BOGUS",
         "/topology/faults/0/flags: expected TCP flags joined by | (SYN, FIN, RST, PSH, ACK, URG, "
         "ECE, CWR), found \"FIN|BOGUS\""},
        {"/topology/faults/2/host",
         2,
         "/topology/faults/2/host: expected an integer from 0 to 1, found 2"},
        // null is the export's rate_bps when ns-3 cannot read the scenario's "rate".
        {"/topology/rate_bps", nullptr, "/topology/rate_bps: expected an integer from 1 to "},
        {"/topology/delay_ns", -1, "/topology/delay_ns: expected an integer from 0 to "},
        {"/topology/seed",
         1.5,
         "/topology/seed: expected an integer from 0 to 4294967295, found 1.5"},
        {"/topology/segment_size",
         63,
         "/topology/segment_size: expected an integer from 64 to 65000, found 63"},
        {"/topology/faults", json::object(), "/topology/faults: expected an array, found {}"},
        {"/topology/faults/0/with_payload",
         "yes",
         "/topology/faults/0/with_payload: expected true or false, found \"yes\""},
        {"/topology/faults/0/count", 0, "/topology/faults/0/count: expected an integer from 1 to "},
    };
    for (const BadInput& row : table)
    {
        json exported = ExportedCase();
        const json::json_pointer member(row.pointer);
        if (row.value)
        {
            exported[member] = *row.value;
        }
        else
        {
            exported[member.parent_pointer()].erase(member.back());
        }
        INFO(row.pointer);
        CHECK_THAT(Refusal(exported), Catch::Matchers::StartsWith(row.expectedRefusal));
    }
}

TEST_CASE("config_bad_input_not_an_object")
{
    CHECK(Refusal(json::array()) == "the case document: expected a wsdsim-case/1 object, found []");
    CHECK(Refusal(json::parse(R"({"topology": 3})")) == "/topology: expected an object, found 3");
}

} // namespace

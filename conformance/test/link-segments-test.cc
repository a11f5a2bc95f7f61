// Tests of reading the segments wsdsim-link recorded of a case's link (run/link-segments.h).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "common/input-error.h"
#include "run/link-segments.h"

namespace
{

using namespace wsdsim;

/// \return a file holding `text`, in the temporary folder
std::string
WriteFile(const std::string& name, const std::string& text)
{
    const auto path = std::filesystem::temp_directory_path()
                      / ("wsdsim-link-segments-" + std::to_string(getpid()) + "-" + name);
    std::ofstream(path) << text;
    return path.string();
}

// A FIN sent by host 0 and not received: the link's two lines are one tx.
const std::string kFinTx
    = R"({"ack":1,"dir":"tx","dst":"10.0.0.2:5000","flags":"FIN|ACK","host":0,"kind":"segment",)"
      R"("len":0,"proto":"tcp","seq":3001,"src":"10.0.0.1:49153","time_ns":100343220})";
const std::string kAckRx
    = R"({"ack":3002,"dir":"rx","dst":"10.0.0.1:49153","flags":"ACK","host":0,"kind":"segment",)"
      R"("len":0,"proto":"tcp","seq":1,"src":"10.0.0.2:5000","time_ns":358041979})";

TEST_CASE("link_segments_read_in_the_order_recorded")
{
    const std::string path = WriteFile("good", kFinTx + "\n" + kAckRx + "\n");
    const auto segments = ReadLinkSegments(path);
    std::filesystem::remove(path);
    REQUIRE(segments.size() == 2);
    CHECK(segments[0].kind == EventKind::SEGMENT);
    CHECK(segments[0].direction == "tx");
    CHECK(segments[0].flags == "FIN|ACK");
    CHECK(segments[0].sequence == 3001);
    CHECK(segments[0].timeNs == 100343220);
    CHECK(segments[1].direction == "rx");
    CHECK(segments[1].acknowledgement == 3002);
    CHECK(segments[1].source == "10.0.0.2:5000");
}

TEST_CASE("link_segments_refuse_other_lines_naming_file_and_line")
{
    const std::string call = R"({"args":{},"call":"send","host":0,"kind":"call","step":1,)"
                             R"("thread":"client","time_ns":5})";
    const std::string path = WriteFile("call", kFinTx + "\n" + call + "\n");
    CHECK_THROWS_WITH(ReadLinkSegments(path),
                      path
                          + ":2:1: expected a segment event (docs/trace-format.md): a line of "
                            "kind \"call\"");
    std::filesystem::remove(path);
    const std::string cut = WriteFile("cut", kFinTx.substr(0, 40) + "\n");
    CHECK_THROWS_WITH(ReadLinkSegments(cut),
                      cut + ":1:1: expected a segment event (docs/trace-format.md): not JSON");
    std::filesystem::remove(cut);
    CHECK_THROWS_AS(ReadLinkSegments(cut), InputError); // no file: wsdsim-link wrote none
}

} // namespace

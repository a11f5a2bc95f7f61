// Tests of WsaAddressSpace: the "totally contained in a valid part of the user address space" rule.
#include "ns3/ptr.h"
#include "ns3/wsa-address-space.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace ns3;

namespace
{
/// A descriptor of a whole region of 16 bytes.
struct Region16
{
    Ptr<WsaAddressSpace> space = CreateObject<WsaAddressSpace>();
    WSABUF region = space->AllocateZeroed(16);
};
} // namespace

TEST_CASE("address_space_allocate_gives_region_of_requested_size", "[address_space]")
{
    Region16 f;
    CHECK(f.region.len == 16);
    CHECK(f.region.buf != 0); // address 0 is never valid (wsa-address-space.h)
    CHECK(f.space->Read(f.region.buf, f.region.len) == std::vector<uint8_t>(16, 0));
}

TEST_CASE("address_space_contains_whole_region_and_inner_ranges", "[address_space]")
{
    Region16 f;
    CHECK(f.space->Contains(f.region.buf, f.region.len));
    CHECK(f.space->Contains(f.region.buf, 1));
    CHECK(f.space->Contains(f.region.buf + 4, 8));
    CHECK(f.space->Contains(f.region.buf + f.region.len - 1, 1)); // last byte
}

TEST_CASE("address_space_range_past_region_end_is_not_contained", "[address_space]")
{
    Region16 f;
    // The WSAEFAULT example of the brief: starts on the last byte, runs 3 bytes past the end.
    CHECK_FALSE(f.space->Contains(f.region.buf + f.region.len - 1, 4));
    CHECK_FALSE(f.space->Contains(f.region.buf, f.region.len + 1));
}

TEST_CASE("address_space_range_before_region_is_not_contained", "[address_space]")
{
    Region16 f;
    CHECK_FALSE(f.space->Contains(f.region.buf - 1, 1));
    CHECK_FALSE(f.space->Contains(f.region.buf - 1, 2)); // straddles the start
}

TEST_CASE("address_space_null_address_is_not_contained_even_with_zero_length", "[address_space]")
{
    Region16 f;
    // "Address 0 is never valid, so a descriptor with a null buf faults too."
    CHECK_FALSE(f.space->Contains(0, 4));
    CHECK_FALSE(f.space->Contains(0, 0));
}

TEST_CASE("address_space_range_spanning_two_regions_is_not_contained", "[address_space]")
{
    Region16 f;
    const WSABUF second = f.space->AllocateZeroed(16);
    REQUIRE(second.buf > f.region.buf);
    // "lies wholly inside one allocated region": a range from the first into the second is not.
    CHECK_FALSE(
        f.space->Contains(f.region.buf, static_cast<uint32_t>(second.buf - f.region.buf + 1)));
    CHECK(f.space->Contains(second.buf, second.len));
}

TEST_CASE("address_space_write_then_read_round_trips", "[address_space]")
{
    Ptr<WsaAddressSpace> space = CreateObject<WsaAddressSpace>();
    const WSABUF text = space->Allocate(std::string_view("hello"));
    CHECK(text.len == 5);
    CHECK(space->Read(text.buf, text.len) == std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'});
    space->Write(text.buf + 1, {'E', 'L'});
    CHECK(space->Read(text.buf, text.len) == std::vector<uint8_t>{'h', 'E', 'L', 'l', 'o'});
    const WSABUF bytes = space->Allocate(std::vector<uint8_t>{1, 2, 3});
    CHECK(space->Read(bytes.buf + 1, 2) == std::vector<uint8_t>{2, 3});
}

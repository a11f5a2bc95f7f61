// Known divergence records: which implementations a record covers.
#include <catch2/catch.hpp>

#include "judge/known-divergences.h"

using wsdsim::RecordCoversImplementation;

TEST_CASE("known_divergence_family_record_covers_each_version", "[known]")
{
    CHECK(RecordCoversImplementation("windows", "windows 10.0.22631"));
    CHECK(RecordCoversImplementation("wine", "wine 8.0"));
    CHECK(RecordCoversImplementation("wine", "wine"));
}

TEST_CASE("known_divergence_record_covers_no_other_implementation", "[known]")
{
    CHECK_FALSE(RecordCoversImplementation("win", "windows 10.0.22631"));
    CHECK_FALSE(RecordCoversImplementation("windows 10.0.22631", "windows 10.0.19045"));
    CHECK_FALSE(RecordCoversImplementation("windows 10.0.22631", "windows"));
    CHECK_FALSE(RecordCoversImplementation("linux", "wine 8.0"));
}

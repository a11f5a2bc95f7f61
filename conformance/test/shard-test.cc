// Tests of sharding: `--shard K/N` parsing, the stable choice of a case's shard, and merging.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "common/input-error.h"
#include "report/shard-merge.h"
#include "scenario/case-shard.h"
#include "scenario/scenario-loader.h"

namespace
{

using namespace wsdsim;
namespace fs = std::filesystem;

/// A scenarios root in a temporary folder, removed afterwards.
class ScenarioRoot
{
  public:
    ScenarioRoot()
        : m_path(fs::temp_directory_path() / ("wsdsim-shard-test-" + std::to_string(::getpid())))
    {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
        Write("scenario.schema.json", "{}\n");
    }

    ~ScenarioRoot()
    {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }

    ScenarioRoot(const ScenarioRoot&) = delete;
    ScenarioRoot& operator=(const ScenarioRoot&) = delete;

    /// Write a scenario below the root with this matrix ("" for none).
    void Write(const std::string& relative, const std::string& text) const
    {
        const fs::path file = m_path / relative;
        fs::create_directories(file.parent_path());
        std::ofstream(file) << text;
    }

    /// A scenario with a matrix object `matrix` ("" for none).
    static std::string Scenario(const std::string& matrix)
    {
        return "{ \"description\": \"a scenario for the shard tests\",\n"
               + (matrix.empty() ? std::string() : "  \"matrix\": " + matrix + ",\n")
               + "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
                 "  \"steps\": [ { \"thread\": \"client\", \"call\": \"WSAStartup\" } ] }\n";
    }

    /// \return the root
    std::string Path() const
    {
        return m_path.string();
    }

  private:
    fs::path m_path; //!< the root
};

/// A result as a run writes it for a case.
CaseResult
ResultOf(const ScenarioCase& scenarioCase, const std::string& implementation)
{
    CaseResult result;
    result.id = scenarioCase.id;
    result.scenario = scenarioCase.scenarioName;
    result.implementation = implementation;
    result.verdict = Verdict::PASS;
    return result;
}

/// \return a report of one implementation holding one case, x/a, that PASSes
RunReport
OneCaseReport(const std::string& implementation)
{
    ScenarioCase scenarioCase;
    scenarioCase.id = "x/a";
    RunReport report;
    report.implementations = {implementation};
    report.cases = {ResultOf(scenarioCase, implementation)};
    return report;
}

/// The ids of results.
std::vector<std::string>
Ids(const std::vector<CaseResult>& results)
{
    std::vector<std::string> ids;
    for (const auto& result : results)
    {
        ids.push_back(result.implementation + " " + result.id);
    }
    return ids;
}

/// \return the InputError's message `body` throws, or "" when it throws none
template <typename Body>
std::string
Refusal(Body body)
{
    try
    {
        body();
    }
    catch (const InputError& error)
    {
        return error.Message();
    }
    return "";
}

} // namespace

TEST_CASE("shard_option_k_of_n_is_parsed", "[shard]")
{
    const ShardSpec shard = ParseShard("2/3");
    CHECK(shard.index == 2);
    CHECK(shard.count == 3);
    CHECK(ParseShard("1/1").count == 1);
}

TEST_CASE("shard_option_out_of_range_or_malformed_is_refused", "[shard]")
{
    for (const std::string text :
         {"0/3", "4/3", "3", "1/0", "/3", "1/", "a/b", "1/3x", "-1/3", "1/-3", " 1/3", ""})
    {
        INFO(text);
        CHECK_THAT(Refusal([&] { ParseShard(text); }),
                   Catch::Contains("expected K/N with 1 <= K <= N"));
    }
}

TEST_CASE("fnv1a_hash_matches_the_published_test_vectors", "[shard]")
{
    CHECK(Fnv1a64("") == 0xcbf29ce484222325ULL);
    CHECK(Fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(Fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

TEST_CASE("case_shard_depends_only_on_its_id", "[shard]")
{
    // The shard a case gets is a fixed function of its id: hard-coded here, so that a change
    // of hash (which would move every case's history in CI) fails this test.
    CHECK(ShardOf("linger/so-dontlinger[dontlinger=false]", 3)
          == Fnv1a64("linger/so-dontlinger[dontlinger=false]") % 3 + 1);
    ScenarioCase a;
    a.id = "x/a";
    ScenarioCase b;
    b.id = "x/b";
    ScenarioCase c;
    c.id = "x/c";
    for (unsigned k = 1; k <= 3; ++k)
    {
        const auto withB = SelectShard({a, b, c}, {k, 3});
        const auto withoutB = SelectShard({a, c}, {k, 3});
        const bool hasA = std::any_of(
            withB.begin(), withB.end(), [](const ScenarioCase& x) { return x.id == "x/a"; });
        const bool stillHasA = std::any_of(
            withoutB.begin(), withoutB.end(), [](const ScenarioCase& x) { return x.id == "x/a"; });
        CHECK(hasA == stillHasA);
    }
}

TEST_CASE("shards_partition_the_cases", "[shard]")
{
    std::vector<ScenarioCase> cases(500);
    for (size_t i = 0; i < cases.size(); ++i)
    {
        cases[i].id = "feature/case-" + std::to_string(i);
    }
    size_t total = 0;
    for (unsigned k = 1; k <= 4; ++k)
    {
        const size_t size = SelectShard(cases, {k, 4}).size();
        CHECK(size > 500 / 4 - 40);
        CHECK(size < 500 / 4 + 40);
        total += size;
    }
    CHECK(total == cases.size());
}

TEST_CASE("merged_order_is_the_loader_order_even_where_ids_sort_otherwise", "[shard]")
{
    ScenarioRoot root;
    // "a/d" < "a/d-e" as ids, but the file a/d-e.json comes before a/d.json; "x+y]" < "x]"
    // as text, but the label "x" comes before the label "x+y".
    root.Write("a/b.json",
               ScenarioRoot::Scenario("{ \"p\": { \"x\": {}, \"x+y\": {}, \"w\": {} }, "
                                      "\"o\": { \"2\": {}, \"10\": {} } }"));
    root.Write("a/b-c.json", ScenarioRoot::Scenario(""));
    root.Write("a-b/c.json", ScenarioRoot::Scenario(""));
    root.Write("a/a.json", ScenarioRoot::Scenario("{ \"k\": { \"v\": {} } }"));
    root.Write("a/d.json", ScenarioRoot::Scenario(""));
    root.Write("a/d-e.json", ScenarioRoot::Scenario(""));
    const auto cases = LoadCases({root.Path()});
    REQUIRE(cases.size() == 11);
    // the test means something: plain id order is not the loader's here
    std::vector<std::string> ids;
    for (const auto& scenarioCase : cases)
    {
        ids.push_back(scenarioCase.id);
    }
    CHECK_FALSE(std::is_sorted(ids.begin(), ids.end()));

    std::vector<std::pair<std::string, RunReport>> shards(3);
    RunReport whole;
    whole.implementations = {"model", "linux"};
    for (const auto& implementation : whole.implementations)
    {
        for (const auto& scenarioCase : cases)
        {
            whole.cases.push_back(ResultOf(scenarioCase, implementation));
        }
    }
    for (unsigned k = 1; k <= 3; ++k)
    {
        shards[k - 1].first = "shard-" + std::to_string(k);
        shards[k - 1].second.implementations = whole.implementations;
        for (const auto& result : whole.cases)
        {
            if (ShardOf(result.id, 3) == k)
            {
                shards[k - 1].second.cases.push_back(result);
            }
        }
    }
    // the shards given in any order
    std::swap(shards[0], shards[2]);
    CHECK(Ids(MergeShardReports(shards).cases) == Ids(whole.cases));
}

TEST_CASE("merging_overlapping_shards_is_refused", "[shard]")
{
    const RunReport shard = OneCaseReport("model");
    CHECK_THAT(Refusal(
                   [&] {
                       MergeShardReports({{"one", shard}, {"two", shard}});
                   }),
               Catch::Contains("also in one: the shards overlap"));
}

TEST_CASE("merging_shards_of_different_runs_is_refused", "[shard]")
{
    RunReport model;
    model.implementations = {"model"};
    RunReport linuxRun;
    linuxRun.implementations = {"linux"};
    CHECK_THAT(Refusal(
                   [&] {
                       MergeShardReports({{"one", model}, {"two", linuxRun}});
                   }),
               Catch::Contains("implementations [linux] differ from one's [model]"));

    RunReport other = model;
    other.requirements = nlohmann::json::array({{{"id", "X"}}});
    CHECK_THAT(Refusal(
                   [&] {
                       MergeShardReports({{"one", model}, {"two", other}});
                   }),
               Catch::Contains("requirement catalogue differs"));

    CHECK_THAT(Refusal([&] { MergeShardReports({}); }), Catch::Contains("no shard"));
}

TEST_CASE("merging_reports_beside_puts_their_implementations_side_by_side", "[shard]")
{
    const RunReport model = OneCaseReport("model");
    const RunReport windows = OneCaseReport("windows 10.0.22631");
    const RunReport merged = MergeShardReports({{"one", model}, {"two", windows}}, true);
    CHECK(merged.implementations == std::vector<std::string>{"model", "windows 10.0.22631"});
    REQUIRE(merged.cases.size() == 2);
    CHECK(merged.cases[0].implementation == "model");
    CHECK(merged.cases[1].implementation == "windows 10.0.22631");
    // The same implementation from two reports is still an overlap.
    CHECK_THAT(Refusal(
                   [&] {
                       MergeShardReports({{"one", model}, {"two", model}}, true);
                   }),
               Catch::Contains("the shards overlap"));
}

// Tests of the scenario loader: located refusals, matrix expansion, substitution, durations.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include "common/input-error.h"
#include "common/time-text.h"
#include "scenario/scenario-loader.h"
#include "scenario/scenario.h"

namespace
{

using namespace wsdsim;
namespace fs = std::filesystem;

/// A fresh scenarios root (it holds scenario.schema.json), removed with everything in it
/// afterwards.
class ScenarioFolder
{
  public:
    ScenarioFolder()
    {
        static std::atomic<unsigned> sequence{0};
        m_path = fs::temp_directory_path()
                 / ("wsdsim-loader-test-" + std::to_string(::getpid()) + "-"
                    + std::to_string(sequence++));
        fs::remove_all(m_path);
        fs::create_directories(m_path);
        Write("scenario.schema.json", "{}\n");
    }

    ~ScenarioFolder()
    {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }

    ScenarioFolder(const ScenarioFolder&) = delete;
    ScenarioFolder& operator=(const ScenarioFolder&) = delete;

    /// Write a file below the root. \return its path
    std::string Write(const std::string& relative, const std::string& text) const
    {
        const fs::path file = m_path / relative;
        fs::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << text;
        return file.string();
    }

  private:
    fs::path m_path; //!< the root
};

/// Load and expand a scenario. \return the InputError it throws, or nothing when it is accepted
std::optional<InputError>
Refusal(const std::string& path)
{
    try
    {
        LoadScenario(path);
    }
    catch (const InputError& error)
    {
        return error;
    }
    return std::nullopt;
}

/// A scenario whose steps array is `steps` (one per line, from line 5 on).
std::string
WithSteps(const std::string& steps)
{
    return "{\n"
           "  \"description\": \"a scenario for the loader's tests\",\n"
           "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
           "  \"steps\": [\n"
           + steps
           + "\n  ]\n"
             "}\n";
}

/// The matrix scenario used by the expansion tests.
std::string
MatrixScenario()
{
    return "{\n"
           "  \"description\": \"a matrix\",\n"
           "  \"matrix\": {\n"
           "    \"zeta\": { \"y\": { \"n\": 2 }, \"x\": { \"n\": 1 } },\n"
           "    \"alpha\": { \"r\": { \"text\": \"r\" }, \"p\": { \"text\": \"p\" }, \"q\": { "
           "\"text\": \"q\" } }\n"
           "  },\n"
           "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
           "  \"steps\": [ { \"thread\": \"client\", \"call\": \"WSAStartup\" } ]\n"
           "}\n";
}

} // namespace

TEST_CASE("scenario_with_invalid_json_is_refused_with_its_line_and_column", "[scenario-loader]")
{
    ScenarioFolder folder;
    // The stray comma is on line 4, column 14.
    const auto path = folder.Write("feature/broken.json",
                                   "{\n"
                                   "  \"description\": \"x\",\n"
                                   "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
                                   "  \"steps\": [ , ]\n"
                                   "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->File() == path);
    CHECK(error->Line() == 4);
    CHECK(error->Column() == 14);
    CHECK_THAT(error->Message(), Catch::Contains("invalid JSON"));
    CHECK_THAT(error->what(), Catch::StartsWith(path + ":4:14: "));
}

TEST_CASE("scenario_with_invalid_json_on_its_first_line_is_refused_at_line_one",
          "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write("feature/broken.json", "{ \"description\" \"x\" }\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Line() == 1);
    // The missing colon: the unexpected string "x" spans columns 17 to 19 (nlohmann/json reports
    // the last byte of the token it could not use).
    CHECK(error->Column() >= 17);
    CHECK(error->Column() <= 19);
    CHECK_THAT(error->Message(), Catch::Contains("invalid JSON"));
}

TEST_CASE("empty_scenario_file_is_refused_as_empty", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write("feature/empty.json", "  \n\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Line() == 1);
    CHECK_THAT(error->Message(), Catch::Contains("empty"));
    CHECK_THAT(error->Message(), Catch::Contains("expected a JSON object"));
}

TEST_CASE("scenario_that_is_not_an_object_is_refused_expecting_an_object", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write("feature/array.json", "[1, 2]\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/");
    CHECK_THAT(error->Message(), Catch::Contains("expected an object"));
    CHECK_THAT(error->Message(), Catch::Contains("an array"));
}

TEST_CASE("scenario_with_unknown_field_is_refused_with_its_line_and_pointer", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path
        = folder.Write("feature/bogus.json",
                       "{\n"
                       "  \"description\": \"x\",\n"
                       "  \"bogus\": 1,\n"
                       "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
                       "  \"steps\": [ { \"thread\": \"client\", \"call\": \"WSAStartup\" } ]\n"
                       "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/bogus");
    CHECK(error->Line() == 3);
    CHECK(error->Column() == 12); // the value 1
    CHECK_THAT(error->Message(), Catch::Contains("unknown field \"bogus\""));
    CHECK_THAT(error->Message(), Catch::Contains("expected one of"));
    CHECK_THAT(error->Message(), Catch::Contains("description"));
    CHECK_THAT(error->what(), Catch::Contains(path + ":3:12: /bogus: "));
}

TEST_CASE("scenario_with_unknown_field_spelt_with_an_escape_is_refused_at_its_line",
          "[scenario-loader]")
{
    ScenarioFolder folder;
    // "\u0062ogus" is the key "bogus": JSON allows any character of a key to be escaped.
    const auto path
        = folder.Write("feature/escaped-bogus.json",
                       "{\n"
                       "  \"description\": \"x\",\n"
                       "  \"\\u0062ogus\": 1,\n"
                       "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
                       "  \"steps\": [ { \"thread\": \"client\", \"call\": \"WSAStartup\" } ]\n"
                       "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/bogus");
    CHECK(error->Line() == 3);
}

TEST_CASE("step_with_unknown_field_is_refused_with_its_pointer", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/step-field.json",
        WithSteps("    { \"thread\": \"client\", \"call\": \"WSAStartup\" },\n"
                  "    { \"thread\": \"client\", \"call\": \"WSACleanup\", \"colour\": \"red\" }"));
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps/1/colour");
    CHECK(error->Line() == 6);
    CHECK_THAT(error->Message(), Catch::Contains("unknown field \"colour\""));
    CHECK_THAT(error->Message(), Catch::Contains("thread"));
}

TEST_CASE("scenario_with_steps_of_wrong_type_is_refused_expecting_an_array", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write("feature/steps-number.json",
                                   "{\n"
                                   "  \"description\": \"x\",\n"
                                   "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
                                   "  \"steps\": 3\n"
                                   "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps");
    CHECK(error->Line() == 4);
    CHECK(error->Column() == 12);
    CHECK_THAT(error->Message(), Catch::Contains("expected"));
    CHECK_THAT(error->Message(), Catch::Contains("array"));
}

TEST_CASE("scenario_with_description_of_wrong_type_is_refused_expecting_a_string",
          "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path
        = folder.Write("feature/description-number.json",
                       "{\n"
                       "  \"description\": 7,\n"
                       "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
                       "  \"steps\": [ { \"thread\": \"client\", \"call\": \"WSAStartup\" } ]\n"
                       "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/description");
    CHECK(error->Line() == 2);
    CHECK_THAT(error->Message(), Catch::Contains("expected a string"));
    CHECK_THAT(error->Message(), Catch::Contains("an integer"));
}

TEST_CASE("scenario_without_description_is_refused_naming_the_missing_field", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path
        = folder.Write("feature/no-description.json",
                       "{\n"
                       "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
                       "  \"steps\": [ { \"thread\": \"client\", \"call\": \"WSAStartup\" } ]\n"
                       "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/");
    CHECK(error->Line() == 1);
    CHECK_THAT(error->Message(), Catch::Contains("missing required field \"description\""));
}

TEST_CASE("step_with_unknown_call_is_refused_listing_the_known_calls", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path
        = folder.Write("feature/unknown-call.json",
                       WithSteps("    { \"thread\": \"client\", \"call\": \"WSAStartup\" },\n"
                                 "    { \"thread\": \"client\", \"call\": \"sokcet\" }"));
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps/1/call");
    CHECK(error->Line() == 6);
    CHECK_THAT(error->Message(), Catch::Contains("unknown call \"sokcet\""));
    CHECK_THAT(error->Message(), Catch::Contains("expected one of"));
    CHECK_THAT(error->Message(), Catch::Contains("closesocket"));
    CHECK_THAT(error->Message(), Catch::Contains("WSASendDisconnect"));
}

TEST_CASE("step_naming_a_handle_no_earlier_step_made_is_refused_at_its_s", "[scenario-loader]")
{
    ScenarioFolder folder;
    // "c" is named, but only by a later step: a handle must come from an earlier one.
    const auto path = folder.Write(
        "feature/late-handle.json",
        WithSteps("    { \"thread\": \"client\", \"call\": \"WSAStartup\" },\n"
                  "    { \"thread\": \"client\", \"call\": \"closesocket\", \"args\": { \"s\": "
                  "\"c\" } },\n"
                  "    { \"thread\": \"client\", \"call\": \"socket\", \"args\": { \"type\": "
                  "\"SOCK_STREAM\" }, \"as\": \"c\" }"));
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps/1/args/s");
    CHECK(error->Line() == 6);
    CHECK_THAT(error->Message(), Catch::Contains("\"c\" names no handle"));
    CHECK_THAT(error->Message(), Catch::Contains("\"as\""));
}

TEST_CASE("step_naming_a_handle_an_earlier_step_made_is_accepted", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/handle.json",
        WithSteps("    { \"thread\": \"client\", \"call\": \"WSAStartup\" },\n"
                  "    { \"thread\": \"client\", \"call\": \"socket\", \"args\": { \"type\": "
                  "\"SOCK_STREAM\" }, \"as\": \"c\" },\n"
                  "    { \"thread\": \"client\", \"call\": \"closesocket\", \"args\": { \"s\": "
                  "\"c\" } },\n"
                  "    { \"thread\": \"client\", \"call\": \"closesocket\", \"args\": { \"s\": "
                  "4242 } }"));
    CHECK_FALSE(Refusal(path));
}

TEST_CASE("scenario_with_duplicate_step_id_is_refused_at_the_second_id", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/duplicate-id.json",
        WithSteps("    { \"id\": \"start\", \"thread\": \"client\", \"call\": \"WSAStartup\" },\n"
                  "    { \"id\": \"start\", \"thread\": \"client\", \"call\": \"WSACleanup\" }"));
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps/1/id");
    CHECK(error->Line() == 6);
    CHECK_THAT(error->Message(), Catch::Contains("duplicate step id \"start\""));
}

TEST_CASE("step_with_bad_duration_is_refused_naming_the_expected_units", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/parsecs.json",
        WithSteps(
            "    { \"thread\": \"client\", \"call\": \"WSAStartup\" },\n"
            "    { \"thread\": \"client\", \"call\": \"WSACleanup\", \"at\": \"10 parsecs\" }"));
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps/1/at");
    CHECK(error->Line() == 6);
    CHECK_THAT(error->Message(), Catch::Contains("expected a duration"));
    CHECK_THAT(error->Message(), Catch::Contains("10 parsecs"));
    CHECK_THAT(error->Message(), Catch::Contains("ms"));
}

TEST_CASE("scenario_with_bad_until_is_refused_at_until", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path
        = folder.Write("feature/until.json",
                       "{\n"
                       "  \"description\": \"x\",\n"
                       "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
                       "  \"steps\": [ { \"thread\": \"client\", \"call\": \"WSAStartup\" } ],\n"
                       "  \"until\": \"10 parsecs\"\n"
                       "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/until");
    CHECK(error->Line() == 5);
    CHECK_THAT(error->Message(), Catch::Contains("expected a duration"));
}

TEST_CASE("outcome_with_unknown_error_name_is_refused_at_its_error", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path
        = folder.Write("feature/bad-error.json",
                       WithSteps("    { \"thread\": \"client\", \"call\": \"WSAStartup\",\n"
                                 "      \"expect\": [ { \"result\": 0 },\n"
                                 "                  { \"error\": \"WSAEBOGUS\" } ] }"));
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps/0/expect/1/error");
    CHECK(error->Line() == 7);
    CHECK_THAT(error->Message(), Catch::Contains("WSAEBOGUS"));
    CHECK_THAT(error->Message(), Catch::Contains("NO_ERROR"));
    CHECK_THAT(error->Message(), Catch::Contains("Winsock error name"));
}

TEST_CASE("outcome_with_known_error_name_is_accepted_with_its_level", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/good-error.json",
        WithSteps(
            "    { \"thread\": \"client\", \"call\": \"WSACleanup\",\n"
            "      \"expect\": { \"result\": \"SOCKET_ERROR\", \"error\": \"WSANOTINITIALISED\",\n"
            "                  \"level\": \"SHOULD\", \"requirements\": [\"R-1\"] } }"));
    const auto cases = LoadScenario(path).cases;
    REQUIRE(cases.size() == 1);
    REQUIRE(cases[0].steps.size() == 1);
    REQUIRE(cases[0].steps[0].outcomes.size() == 1);
    const Outcome& outcome = cases[0].steps[0].outcomes[0];
    REQUIRE(outcome.result);
    CHECK(outcome.result->kind == ExpectedResult::Kind::EXACT);
    CHECK(outcome.result->value == -1);
    CHECK(outcome.error == std::optional<std::string>("WSANOTINITIALISED"));
    CHECK(outcome.level == Level::SHOULD);
    CHECK(outcome.requirements == std::vector<std::string>{"R-1"});
    CHECK(outcome.pointer == "/steps/0/expect");
}

TEST_CASE("step_when_naming_an_unknown_dimension_is_refused_at_that_dimension", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/bad-when.json",
        "{\n"
        "  \"description\": \"x\",\n"
        "  \"matrix\": { \"mode\": { \"a\": {}, \"b\": {} } },\n"
        "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
        "  \"steps\": [\n"
        "    { \"thread\": \"client\", \"call\": \"WSAStartup\", \"when\": { \"speed\": \"a\" } }\n"
        "  ]\n"
        "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps/0/when/speed");
    CHECK(error->Line() == 6);
    CHECK_THAT(error->Message(), Catch::Contains("\"speed\" is not a dimension"));
}

TEST_CASE("step_when_naming_an_unknown_label_is_refused_at_that_dimension", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/bad-label.json",
        "{\n"
        "  \"description\": \"x\",\n"
        "  \"matrix\": { \"mode\": { \"a\": {}, \"b\": {} } },\n"
        "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
        "  \"steps\": [\n"
        "    { \"thread\": \"client\", \"call\": \"WSAStartup\", \"when\": { \"mode\": [\"a\", "
        "\"c\"] } }\n"
        "  ]\n"
        "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps/0/when/mode");
    CHECK_THAT(error->Message(), Catch::Contains("\"c\" is not a label"));
}

TEST_CASE("scenario_without_matrix_expands_to_one_case_named_below_the_root", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/name.json", WithSteps("    { \"thread\": \"client\", \"call\": \"WSAStartup\" }"));
    const auto scenario = LoadScenario(path);
    CHECK(scenario.name == "feature/name");
    CHECK(scenario.description == "a scenario for the loader's tests");
    const auto& cases = scenario.cases;
    REQUIRE(cases.size() == 1);
    CHECK(cases[0].id == "feature/name");
    CHECK(cases[0].ParameterKey() == "default");
    CHECK(cases[0].ReferencePath() == path.substr(0, path.size() - 5) + ".reference/default.jsonl");
    CHECK(cases[0].untilNs == 300'000'000'000);
    CHECK(cases[0].wire == "MUST");
    CHECK(cases[0].profile == "tcp-ip");
}

TEST_CASE("scenario_with_matrix_expands_to_every_combination_with_sorted_ids", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write("feature/name.json", MatrixScenario());
    const auto cases = LoadScenario(path).cases;
    std::vector<std::string> ids;
    for (const auto& scenarioCase : cases)
    {
        ids.push_back(scenarioCase.id);
    }
    const std::vector<std::string> expected{
        "feature/name[alpha=p,zeta=x]",
        "feature/name[alpha=p,zeta=y]",
        "feature/name[alpha=q,zeta=x]",
        "feature/name[alpha=q,zeta=y]",
        "feature/name[alpha=r,zeta=x]",
        "feature/name[alpha=r,zeta=y]",
    };
    CHECK(ids == expected);
    REQUIRE(cases.size() == 6);
    CHECK(cases[3].parameters == std::map<std::string, std::string>{{"alpha", "q"}, {"zeta", "y"}});
    CHECK(cases[3].ParameterKey() == "alpha=q,zeta=y");
    CHECK_THAT(cases[3].ReferencePath(),
               Catch::EndsWith("feature/name.reference/alpha=q,zeta=y.jsonl"));
}

TEST_CASE("matrix_variable_substituted_into_args_and_expect_keeps_its_json_type",
          "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/substitution.json",
        "{\n"
        "  \"description\": \"x\",\n"
        "  \"matrix\": { \"size\": { \"small\": { \"n\": 10, \"off\": false, \"text\": \"hi\", "
        "\"code\": \"WSAENOTCONN\" } } },\n"
        "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
        "  \"steps\": [\n"
        "    { \"thread\": \"client\", \"call\": \"socket\", \"args\": { \"type\": \"SOCK_STREAM\" "
        "}, \"as\": \"c\" },\n"
        "    { \"thread\": \"client\", \"call\": \"send\", \"args\": { \"s\": \"c\", \"size\": "
        "\"$n\", \"data\": \"$text\" },\n"
        "      \"expect\": { \"result\": \"$n\", \"error\": \"$code\" } },\n"
        "    { \"thread\": \"client\", \"call\": \"setsockopt\",\n"
        "      \"args\": { \"s\": \"c\", \"option\": \"SO_DONTLINGER\", \"value\": \"$off\" } },\n"
        "    { \"thread\": \"client\", \"call\": \"recv\", \"args\": { \"s\": \"c\" },\n"
        "      \"expect\": { \"data\": \"$text\" } }\n"
        "  ]\n"
        "}\n");
    const auto cases = LoadScenario(path).cases;
    REQUIRE(cases.size() == 1);
    REQUIRE(cases[0].steps.size() == 4);
    const auto& send = std::get<calls::Send>(cases[0].steps[1].call);
    CHECK(send.size == std::optional<int64_t>(10));
    CHECK(send.data == std::optional<std::string>("hi"));
    const auto& outcomes = cases[0].steps[1].outcomes;
    REQUIRE(outcomes.size() == 1);
    REQUIRE(outcomes[0].result);
    CHECK(outcomes[0].result->value == 10);
    CHECK(outcomes[0].error == std::optional<std::string>("WSAENOTCONN"));
    const auto& option = std::get<calls::SetSockOpt>(cases[0].steps[2].call);
    CHECK(option.value == std::optional<bool>(false));
    REQUIRE(cases[0].steps[3].outcomes.size() == 1);
    CHECK(cases[0].steps[3].outcomes[0].data == std::optional<std::string>("hi"));
}

TEST_CASE("matrix_variable_that_does_not_exist_is_refused_at_its_use", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/no-variable.json",
        "{\n"
        "  \"description\": \"x\",\n"
        "  \"matrix\": { \"size\": { \"small\": { \"n\": 10 } } },\n"
        "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
        "  \"steps\": [\n"
        "    { \"thread\": \"client\", \"call\": \"recv\", \"args\": { \"s\": 4242, \"len\": "
        "\"$m\" } }\n"
        "  ]\n"
        "}\n");
    const auto error = Refusal(path);
    REQUIRE(error);
    CHECK(error->Pointer() == "/steps/0/args/len");
    CHECK(error->Line() == 6);
    CHECK_THAT(error->Message(), Catch::Contains("\"$m\" names no variable"));
}

TEST_CASE("step_when_selects_the_cases_it_belongs_to", "[scenario-loader]")
{
    ScenarioFolder folder;
    const auto path = folder.Write(
        "feature/when.json",
        "{\n"
        "  \"description\": \"x\",\n"
        "  \"matrix\": { \"mode\": { \"a\": {}, \"b\": {} } },\n"
        "  \"threads\": [ { \"name\": \"client\", \"host\": 0 } ],\n"
        "  \"steps\": [\n"
        "    { \"id\": \"start\", \"thread\": \"client\", \"call\": \"WSAStartup\" },\n"
        "    { \"id\": \"only-b\", \"thread\": \"client\", \"call\": \"WSACleanup\", \"when\": { "
        "\"mode\": \"b\" } },\n"
        "    { \"id\": \"last\", \"thread\": \"client\", \"call\": \"WSACleanup\",\n"
        "      \"expect\": [ { \"result\": 0, \"when\": { \"mode\": [\"a\"] } }, { \"result\": -1 "
        "} ] }\n"
        "  ]\n"
        "}\n");
    const auto cases = LoadScenario(path).cases;
    REQUIRE(cases.size() == 2);
    REQUIRE(cases[0].id == "feature/when[mode=a]");
    REQUIRE(cases[0].steps.size() == 2);
    CHECK(cases[0].steps[1].id == "last");
    CHECK(cases[0].steps[1].index == 1);
    CHECK(cases[0].steps[1].outcomes.size() == 2);
    REQUIRE(cases[1].steps.size() == 3);
    CHECK(cases[1].steps[1].id == "only-b");
    CHECK(cases[1].steps[2].index == 2);
    REQUIRE(cases[1].steps[2].outcomes.size() == 1);
    CHECK(cases[1].steps[2].outcomes[0].result->value == -1);
}

TEST_CASE("duration_with_a_unit_parses_to_nanoseconds", "[scenario-loader]")
{
    CHECK(ParseDuration("1.5s") == 1'500'000'000);
    CHECK(ParseDuration("250us") == 250'000);
    CHECK(ParseDuration("10ms") == 10'000'000);
    CHECK(ParseDuration("0s") == 0);
    CHECK(ParseDuration("100ns") == 100);
    CHECK(ParseDuration("2s") == 2'000'000'000);
    CHECK(ParseDuration("0.001ms") == 1'000);
}

TEST_CASE("duration_that_is_malformed_parses_to_minus_one", "[scenario-loader]")
{
    CHECK(ParseDuration("1.2.3s") == -1);
    CHECK(ParseDuration("-1s") == -1);
    CHECK(ParseDuration("") == -1);
    CHECK(ParseDuration("10") == -1);
    CHECK(ParseDuration("10 ms") == -1);
    CHECK(ParseDuration("10parsecs") == -1);
    CHECK(ParseDuration("s") == -1);
    CHECK(ParseDuration("1.s") == -1);
    CHECK(ParseDuration(".5s") == -1);
}

TEST_CASE("duration_finer_than_a_nanosecond_is_refused", "[scenario-loader]")
{
    CHECK(ParseDuration("1.5ns") == -1);
    CHECK(ParseDuration("1.0001us") == -1);
    CHECK(ParseDuration("1.0000001ms") == -1);
    CHECK(ParseDuration("1.000000001s") == 1'000'000'001);
    CHECK(ParseDuration("1.500ns") == -1);
    CHECK(ParseDuration("1.0ns") == 1);
}

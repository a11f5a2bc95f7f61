// Tests of a serving driver's session: a crash, a hang or a driver that leaves ends that case
// alone, and the next case gets a new driver process.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "run/driver-session.h"

namespace
{

using namespace wsdsim;

/// A serving driver in bash: each request's case path names what it does. It prints its PID
/// with every answer, so that a test sees which process answered.
const char* const kServingDriver = R"(#!/bin/bash
[ "$1" = --serve ] || exit 2
while read -r request; do
    echo "PID $$"
    case "$request" in
    *crash*) kill -SEGV $$ ;;
    *hang*) exec sleep 60 ;;
    *leave*) echo "STARTED 1"; echo "DONE 0 LEAVING"; exit 0 ;;
    *) echo "STARTED 1"; echo "ENDED 5"; echo "DONE 0" ;;
    esac
done
)";

/// A temporary serving driver script, removed afterwards.
class ServingDriverScript
{
  public:
    ServingDriverScript()
        : m_path((std::filesystem::temp_directory_path()
                  / ("wsdsim-test-serving-driver-" + std::to_string(::getpid()) + ".sh"))
                     .string())
    {
        std::ofstream(m_path) << kServingDriver;
        std::filesystem::permissions(m_path, std::filesystem::perms::owner_all);
    }

    ~ServingDriverScript()
    {
        std::filesystem::remove(m_path);
    }

    const std::string& Path() const
    {
        return m_path;
    }

  private:
    std::string m_path; //!< the script
};

/// \return the PID a served answer names
std::string
AnsweredBy(const ServedCase& served)
{
    return served.output.substr(0, served.output.find('\n'));
}

TEST_CASE("driver_session_serves_cases_on_one_process")
{
    const ServingDriverScript script;
    DriverSession session({script.Path()}, {});
    const ServedCase first = session.Run("/cases/a.json", "/traces/a.jsonl", 10);
    const ServedCase second = session.Run("/cases/b.json", "/traces/b.jsonl", 10);
    REQUIRE(WIFEXITED(first.status));
    REQUIRE(WEXITSTATUS(first.status) == 0);
    REQUIRE(first.output.find("STARTED 1\nENDED 5\n") != std::string::npos);
    REQUIRE(AnsweredBy(first) == AnsweredBy(second));
}

TEST_CASE("driver_session_a_crash_ends_that_case_alone")
{
    const ServingDriverScript script;
    DriverSession session({script.Path()}, {});
    const ServedCase before = session.Run("/cases/a.json", "/traces/a.jsonl", 10);
    const ServedCase crashed = session.Run("/cases/crash.json", "/traces/crash.jsonl", 10);
    const ServedCase after = session.Run("/cases/b.json", "/traces/b.jsonl", 10);
    REQUIRE(WIFSIGNALED(crashed.status));
    REQUIRE(WTERMSIG(crashed.status) == SIGSEGV);
    REQUIRE(WIFEXITED(after.status));
    REQUIRE(after.output.find("STARTED 1") != std::string::npos);
    REQUIRE(AnsweredBy(after) != AnsweredBy(before)); // a new process
}

TEST_CASE("driver_session_a_hang_is_killed_at_the_timeout")
{
    const ServingDriverScript script;
    DriverSession session({script.Path()}, {});
    const ServedCase hung = session.Run("/cases/hang.json", "/traces/hang.jsonl", 1);
    const ServedCase after = session.Run("/cases/b.json", "/traces/b.jsonl", 10);
    REQUIRE(hung.timedOut);
    REQUIRE(WIFSIGNALED(hung.status));
    REQUIRE(WIFEXITED(after.status));
    REQUIRE(after.output.find("STARTED 1") != std::string::npos);
    REQUIRE(AnsweredBy(after) != AnsweredBy(hung));
}

TEST_CASE("driver_session_a_driver_that_leaves_is_replaced")
{
    const ServingDriverScript script;
    DriverSession session({script.Path()}, {});
    const ServedCase left = session.Run("/cases/leave.json", "/traces/leave.jsonl", 10);
    const ServedCase after = session.Run("/cases/b.json", "/traces/b.jsonl", 10);
    REQUIRE(WIFEXITED(left.status));
    REQUIRE(WEXITSTATUS(left.status) == 0);
    REQUIRE(left.output.find("STARTED 1") != std::string::npos);
    REQUIRE(AnsweredBy(after) != AnsweredBy(left));
}

} // namespace

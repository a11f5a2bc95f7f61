// Tests of where a Wine program looks for its prefix's wineserver (the folders a case's
// namespace keeps to itself on the link).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "run/backend.h"
#include "run/wine-server-folders.h"

namespace
{

using namespace wsdsim;
namespace fs = std::filesystem;

/// A Wine prefix in a temporary folder, its `wineserver` file holding `content` (none: no file).
struct PrefixFixture
{
    explicit PrefixFixture(const std::string* content)
    {
        folder = fs::temp_directory_path() / ("wsdsim-prefix-" + std::to_string(getpid()));
        fs::create_directories(folder);
        if (content != nullptr)
        {
            std::ofstream(folder / "wineserver") << *content;
        }
    }
    ~PrefixFixture()
    {
        fs::remove_all(folder);
    }
    PrefixFixture(const PrefixFixture&) = delete;
    PrefixFixture& operator=(const PrefixFixture&) = delete;

    fs::path folder;
};

const std::string kUpstream = "/tmp/.wine-" + std::to_string(getuid());

} // namespace

TEST_CASE("wine_server_folders_upstream_only_without_the_file", "[link]")
{
    const PrefixFixture prefix(nullptr);
    CHECK(WineServerFolders(prefix.folder) == std::vector<std::string>{kUpstream});
}

TEST_CASE("wine_server_folders_debian_name_under_tmpdir", "[link]")
{
    const std::string name = "wine-ikEuJ1"; // as Debian's wine writes it: no newline
    const PrefixFixture prefix(&name);
    const char* before = std::getenv("TMPDIR");
    const std::string saved = before != nullptr ? before : "";
    setenv("TMPDIR", "/var/tmp/x", 1);
    const auto withTmpdir = WineServerFolders(prefix.folder);
    unsetenv("TMPDIR");
    const auto withoutTmpdir = WineServerFolders(prefix.folder);
    if (before != nullptr)
    {
        setenv("TMPDIR", saved.c_str(), 1);
    }
    CHECK(withTmpdir == std::vector<std::string>{kUpstream, "/var/tmp/x/wine-ikEuJ1"});
    CHECK(withoutTmpdir == std::vector<std::string>{kUpstream, "/tmp/wine-ikEuJ1"});
}

TEST_CASE("wine_server_folders_refuse_a_name_that_leads_elsewhere", "[link]")
{
    for (const std::string content : {"../../etc", "wine-ab/../../x", "wine-abc", "/etc/passwd"})
    {
        const PrefixFixture prefix(&content);
        CHECK(WineServerFolders(prefix.folder) == std::vector<std::string>{kUpstream});
    }
}

TEST_CASE("needs_link_for_faults_and_loss_only", "[link]")
{
    ScenarioCase plain;
    CHECK_FALSE(NeedsLink(plain));
    ScenarioCase lossy;
    lossy.topology.loss = 0.01;
    CHECK(NeedsLink(lossy));
    ScenarioCase faulty;
    faulty.topology.faults.emplace_back();
    CHECK(NeedsLink(faulty));
}

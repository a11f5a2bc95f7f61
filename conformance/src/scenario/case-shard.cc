// Splitting a run into shards (`--shard K/N`) by case id.
#include "scenario/case-shard.h"

#include <algorithm>
#include <charconv>

#include "common/input-error.h"

namespace wsdsim
{

namespace
{
/// The largest shard count accepted.
constexpr unsigned kMaxShards = 10000;

/// \return the decimal number `text` holds in full, or 0
unsigned
ParseCount(std::string_view text)
{
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
    {
        return 0;
    }
    return value;
}

} // namespace

ShardSpec
ParseShard(const std::string& text)
{
    const size_t slash = text.find('/');
    ShardSpec shard;
    if (slash != std::string::npos)
    {
        shard.index = ParseCount(std::string_view(text).substr(0, slash));
        shard.count = ParseCount(std::string_view(text).substr(slash + 1));
    }
    if (slash == std::string::npos || shard.index == 0 || shard.count == 0
        || shard.index > shard.count || shard.count > kMaxShards)
    {
        throw InputError("--shard",
                         0,
                         0,
                         "",
                         "expected K/N with 1 <= K <= N <= " + std::to_string(kMaxShards)
                             + " (e.g. 2/3), found \"" + text + "\"");
    }
    return shard;
}

uint64_t
Fnv1a64(std::string_view text)
{
    uint64_t hash = 0xcbf29ce484222325ULL; // FNV offset basis
    for (const char c : text)
    {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL; // FNV prime
    }
    return hash;
}

unsigned
ShardOf(std::string_view caseId, unsigned count)
{
    return static_cast<unsigned>(Fnv1a64(caseId) % std::max(1u, count)) + 1;
}

std::vector<ScenarioCase>
SelectShard(const std::vector<ScenarioCase>& cases, const ShardSpec& shard)
{
    std::vector<ScenarioCase> selected;
    for (const auto& scenarioCase : cases)
    {
        if (ShardOf(scenarioCase.id, shard.count) == shard.index)
        {
            selected.push_back(scenarioCase);
        }
    }
    return selected;
}

} // namespace wsdsim

// Splitting a run into shards (`--shard K/N`) and merging the shards' reports back into one.
#ifndef WSDSIM_SHARD_H
#define WSDSIM_SHARD_H

#include "case-result.h"
#include "scenario.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wsdsim
{

/// One share of a run: shard `index` of `count` (1 <= index <= count).
struct ShardSpec
{
    unsigned index{1}; //!< which shard, from 1
    unsigned count{1}; //!< how many shards
};

/**
 * \brief Parse "K/N".
 * \param text the option's value \return the shard
 * \throws InputError naming --shard unless 1 <= K <= N <= 10000
 */
ShardSpec ParseShard(const std::string& text);

/// \param text bytes \return their 64-bit FNV-1a hash (fixed across platforms and builds)
uint64_t Fnv1a64(std::string_view text);

/**
 * \brief The shard a case belongs to: FNV-1a of its id, modulo the shard count, plus 1.
 *
 * Trade-off: hash-mod-N depends only on the id and N, so a case stays in its shard when cases
 * are added, removed or filtered out (a shard's history in CI stays comparable), and the shards
 * need no shared list; the price is statistical balance (each shard holds n/N +- about
 * sqrt(n/N) cases). Dealing the sorted ids round-robin would balance to within one case, but
 * adding one case moves every case after it to another shard.
 * \param caseId the case id \param count shards \return the shard, 1 to count
 */
unsigned ShardOf(std::string_view caseId, unsigned count);

/// \return the cases of `cases` in shard `shard`, in their order
std::vector<ScenarioCase> SelectShard(const std::vector<ScenarioCase>& cases,
                                      const ShardSpec& shard);

/**
 * \brief Whether `a` runs before `b` in an unsharded run of the same implementation.
 *
 * The loader takes scenario files sorted by path and expands a matrix in the order of its
 * dimension names, each dimension's labels in name order (nlohmann::json objects are sorted
 * maps): so a case's place is (its scenario name + ".json", the labels of its id in dimension
 * order). Comparing plain ids is not the same: "a/b" sorts before "a/b-c" while the file
 * "a/b-c.json" sorts before "a/b.json".
 */
bool RunsBefore(const CaseResult& a, const CaseResult& b);

/**
 * \brief Merge the reports of the shards of one run into the report of an unsharded run:
 * cases ordered by implementation (the implementations list's order), then as RunsBefore();
 * wall time the longest shard's (shards run side by side).
 * \param shards the shards' reports, with the folder each came from (for messages)
 * \return the merged report
 * \throws InputError when the shards overlap (a case twice) or disagree (tool, version,
 *         implementations, requirement catalogue)
 */
RunReport MergeShardReports(const std::vector<std::pair<std::string, RunReport>>& shards);

} // namespace wsdsim

#endif // WSDSIM_SHARD_H

// Splitting a run into shards (`--shard K/N`) by case id.
#ifndef WSDSIM_CASE_SHARD_H
#define WSDSIM_CASE_SHARD_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.h"

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

} // namespace wsdsim

#endif // WSDSIM_CASE_SHARD_H

// Merging the reports of a run's shards back into the report of one unsharded run.
#ifndef WSDSIM_SHARD_MERGE_H
#define WSDSIM_SHARD_MERGE_H

#include <string>
#include <utility>
#include <vector>

#include "judge/case-result.h"

namespace wsdsim
{

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
 * \param beside false: the shards of one run (the same implementations); true: runs of other
 *        implementations put side by side (a Windows import beside a model, Linux and Wine run),
 *        the implementations list being theirs in order
 * \return the merged report
 * \throws InputError when the shards overlap (a case twice on one implementation) or disagree
 *         (tool, version, requirement catalogue, and without `beside` implementations)
 */
RunReport MergeShardReports(const std::vector<std::pair<std::string, RunReport>>& shards,
                            bool beside = false);

} // namespace wsdsim

#endif // WSDSIM_SHARD_MERGE_H

// index.json: the run as one JSON object, written for tools and read back by `wsdsim merge`.
#ifndef WSDSIM_INDEX_JSON_H
#define WSDSIM_INDEX_JSON_H

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "judge/case-result.h"

namespace wsdsim
{

/// The version of index.json's layout, written as its "indexFormat". 2: each case holds
/// "divergences", every divergence in order, each with its "kind" (api, delivery, wire); 1 held
/// one "divergence" (the first in time), which RunReportFromIndex() still reads.
constexpr int kIndexFormat = 2;

/// The name of the index file in a report folder.
constexpr const char* kIndexFileName = "index.json";

/**
 * \brief The run as index.json's object.
 *
 * `{ indexFormat, tool, version, implementations, wallSeconds, exitStatus, summary,
 * summaryByImplementation, requirements, requirementsChecked, cases }`: `summary` counts every
 * verdict (all seven names always present, plus "total"), `summaryByImplementation` the same per
 * implementation, `requirementsChecked` whether a catalogue holds every requirement id the cases
 * name (Matrix::IdsChecked()), `cases` holds CaseResult::ToJson() of every case in run order.
 * \param report the run \return the JSON
 */
nlohmann::json IndexJson(const RunReport& report);

/**
 * \brief Read a run back from index.json's object (the inverse of IndexJson()).
 * \param index the JSON \return the run
 * \throws std::invalid_argument when it is not an index written by IndexJson()
 */
RunReport RunReportFromIndex(const nlohmann::json& index);

/// Write index.json (IndexJson(), indented, invalid UTF-8 replaced by U+FFFD).
void WriteIndexJson(const RunReport& report, std::ostream& out);

/**
 * \param directory a path \return whether it is a report folder: a directory holding an
 * index.json object with a "tool" string and a "cases" array
 */
bool IsReportFolder(const std::filesystem::path& directory);

} // namespace wsdsim

#endif // WSDSIM_INDEX_JSON_H

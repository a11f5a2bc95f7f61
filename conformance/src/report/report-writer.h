// Writes a run's report folder: index.json, junit.xml, summary.md and summary.html, atomically.
#ifndef WSDSIM_REPORT_WRITER_H
#define WSDSIM_REPORT_WRITER_H

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "judge/case-result.h"
#include "report/atomic-directory.h"

namespace wsdsim
{

/// The version of index.json's layout, written as its "indexFormat".
constexpr int kIndexFormat = 1;

/// The names of the files a report folder holds.
constexpr const char* kIndexFileName = "index.json";
constexpr const char* kJUnitFileName = "junit.xml";
constexpr const char* kMarkdownFileName = "summary.md";
constexpr const char* kHtmlFileName = "summary.html";

/**
 * \brief The run as index.json's object.
 *
 * `{ indexFormat, tool, version, implementations, wallSeconds, exitStatus, summary,
 * summaryByImplementation, requirements, cases }`: `summary` counts every verdict (all seven
 * names always present, plus "total"), `summaryByImplementation` the same per implementation,
 * `cases` holds CaseResult::ToJson() of every case in run order.
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
 * \brief Write JUnit XML as GitLab, Jenkins and GitHub test reporters read it.
 *
 * One `<testsuite name="wsdsim.<implementation>">` per implementation; every `<testcase>` has
 * `name` (the case id), `classname` (`wsdsim.<implementation>.<feature>`, dots inside a
 * component replaced by '_') and `time`. FAIL gives `<failure type="FAIL">`, ERROR `<error
 * type="ERROR">`, UNSUPPORTED `<skipped>`, XFAIL `<skipped message="XFAIL: ...">`; NON-STRICT
 * and XPASS pass with a `<system-out>` note. Text is escaped for XML 1.0: control characters
 * and invalid UTF-8 become visible `\xNN`.
 * \param report the run \param out where to write
 */
void WriteJUnit(const RunReport& report, std::ostream& out);

/// Write summary.md: counts per verdict, the cases, and the requirement x case matrix.
void WriteSummaryMarkdown(const RunReport& report, std::ostream& out);

/**
 * \brief Write summary.html: summary.md's content as one self-contained page (no external
 * resources), with the divergence of every non-PASS case and links to its artifacts.
 */
void WriteSummaryHtml(const RunReport& report, std::ostream& out);

/**
 * \brief Write the four report files into an existing directory (not atomically: use
 * ReportStaging or WriteReport() for a report folder others may read).
 * \throws std::runtime_error when a file cannot be written
 */
void WriteReportFiles(const RunReport& report, const std::filesystem::path& directory);

/**
 * \brief Write a JUnit file atomically (a temporary sibling renamed into place), creating its
 * parent directories: for `--junit PATH`.
 * \throws std::runtime_error or std::filesystem::filesystem_error on failure
 */
void WriteJUnitFile(const RunReport& report, const std::filesystem::path& path);

/**
 * \param directory a path \return whether it is a report folder: a directory holding an
 * index.json object with a "tool" string and a "cases" array
 */
bool IsReportFolder(const std::filesystem::path& directory);

/**
 * \brief Write a complete report folder atomically, replacing a previous report there.
 * Traces are not kept: a run that writes traces uses ReportStaging.
 * \param report the run \param directory the report folder
 * \throws as ReportStaging::Begin() and ReportStaging::Commit()
 */
void WriteReport(const RunReport& report, const std::filesystem::path& directory);

/**
 * \brief A report folder under construction: the runner writes traces into GetStagingPath()
 * while cases run, then Commit() adds the four report files and puts the folder in place.
 *
 * \code
 *   ReportStaging staging;
 *   auto dir = staging.Begin("reports/latest");  // reports/.latest.tmp-<pid>-<n>
 *   ... write dir / "traces/..." and set CaseResult::tracePath = "traces/..." ...
 *   staging.Commit(report);                      // reports/latest, complete, or nothing new
 * \endcode
 * Destroyed without Commit() (an exception), it abandons the staging folder. A run killed
 * outright leaves a hidden staging folder that the next Begin() for that target removes.
 */
class ReportStaging
{
  public:
    /**
     * \brief Create the staging folder beside the target.
     * \param target the report folder to produce. When it exists it must be a report folder
     *        (an index.json with "tool" and "cases") or empty: anything else is refused, so that
     *        `--out .` cannot replace a source tree.
     * \return the staging folder
     * \throws std::runtime_error for a target that is not a report folder; as
     *         AtomicDirectory::Begin()
     */
    std::filesystem::path Begin(const std::filesystem::path& target);

    /**
     * \brief Write index.json, junit.xml, summary.md and summary.html into the staging folder
     * and put it in place of the target.
     * \throws std::logic_error when not begun; std::runtime_error or
     *         std::filesystem::filesystem_error on failure, the target being then unchanged
     */
    void Commit(const RunReport& report);

    /// Remove the staging folder and everything written to it. Does nothing when not begun.
    void Abandon();

    /// \return whether Begin() was called and neither Commit() nor Abandon() since
    bool IsActive() const;
    /// \return the staging folder (empty when not active)
    const std::filesystem::path& GetStagingPath() const;
    /// \return the absolute target folder
    const std::filesystem::path& GetTargetPath() const;

  private:
    AtomicDirectory m_directory; //!< the folder being built
};

} // namespace wsdsim

#endif // WSDSIM_REPORT_WRITER_H

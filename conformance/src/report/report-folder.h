// The report folder: the four report files written into a staging folder that is put in place
// atomically, beside the traces a run writes there.
#ifndef WSDSIM_REPORT_FOLDER_H
#define WSDSIM_REPORT_FOLDER_H

#include <filesystem>

#include "judge/case-result.h"
#include "report/atomic-directory.h"

namespace wsdsim
{

/**
 * \brief Write the four report files into an existing directory (not atomically: use
 * ReportStaging or WriteReport() for a report folder others may read).
 * \throws std::runtime_error when a file cannot be written
 */
void WriteReportFiles(const RunReport& report, const std::filesystem::path& directory);

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

#endif // WSDSIM_REPORT_FOLDER_H

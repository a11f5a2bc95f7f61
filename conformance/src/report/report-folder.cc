// The report folder, written atomically (see report-folder.h).
#include "report/report-folder.h"

#include <stdexcept>
#include <string>
#include <system_error>

#include "report/index-json.h"
#include "report/junit.h"
#include "report/report-file.h"
#include "report/summary-html.h"
#include "report/summary-markdown.h"

namespace wsdsim
{

void
WriteReportFiles(const RunReport& report, const std::filesystem::path& directory)
{
    WriteReportFile(directory / kIndexFileName,
                    [&report](std::ostream& out) { WriteIndexJson(report, out); });
    WriteReportFile(directory / kJUnitFileName,
                    [&report](std::ostream& out) { WriteJUnit(report, out); });
    WriteReportFile(directory / kMarkdownFileName,
                    [&report](std::ostream& out) { WriteSummaryMarkdown(report, out); });
    WriteReportFile(directory / kHtmlFileName,
                    [&report, &directory](std::ostream& out)
                    { WriteSummaryHtml(report, out, directory); });
}

void
WriteReport(const RunReport& report, const std::filesystem::path& directory)
{
    ReportStaging staging;
    staging.Begin(directory);
    staging.Commit(report);
}

std::filesystem::path
ReportStaging::Begin(const std::filesystem::path& target)
{
    std::error_code error;
    auto status = std::filesystem::status(target, error);
    if (std::filesystem::exists(status))
    {
        if (!std::filesystem::is_directory(status))
        {
            throw std::runtime_error("report folder " + target.string()
                                     + " exists and is not a directory");
        }
        if (!std::filesystem::is_empty(target) && !IsReportFolder(target))
        {
            throw std::runtime_error("refusing to replace " + target.string()
                                     + ": it is neither empty nor a report folder (no "
                                       "index.json with \"tool\" and \"cases\")");
        }
    }
    return m_directory.Begin(target);
}

void
ReportStaging::Commit(const RunReport& report)
{
    if (!m_directory.IsActive())
    {
        throw std::logic_error("ReportStaging::Commit: not begun");
    }
    WriteReportFiles(report, m_directory.GetStagingPath());
    m_directory.Commit();
}

void
ReportStaging::Abandon()
{
    m_directory.Abandon();
}

bool
ReportStaging::IsActive() const
{
    return m_directory.IsActive();
}

const std::filesystem::path&
ReportStaging::GetStagingPath() const
{
    return m_directory.GetStagingPath();
}

const std::filesystem::path&
ReportStaging::GetTargetPath() const
{
    return m_directory.GetTargetPath();
}

} // namespace wsdsim

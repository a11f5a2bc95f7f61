// summary.html: the run as one self-contained web page, for a person reading it in a browser.
#ifndef WSDSIM_SUMMARY_HTML_H
#define WSDSIM_SUMMARY_HTML_H

#include <filesystem>
#include <ostream>

#include "judge/case-result.h"

namespace wsdsim
{

/// The name of the HTML summary in a report folder.
constexpr const char* kHtmlFileName = "summary.html";

/**
 * \brief Write summary.html: summary.md's content as one self-contained page (no external
 * resources), with every case's sequence diagram and narration, every divergence of every
 * non-PASS case (API divergences first) and links to its artifacts. Traces are read relative to the
 * working directory.
 */
void WriteSummaryHtml(const RunReport& report, std::ostream& out);

/**
 * \brief Write summary.html as WriteSummaryHtml(report, out) does, the cases' traces read from
 * a report folder.
 * \param report the run \param out where to write
 * \param directory the report folder the cases' trace paths are relative to
 */
void WriteSummaryHtml(const RunReport& report,
                      std::ostream& out,
                      const std::filesystem::path& directory);

} // namespace wsdsim

#endif // WSDSIM_SUMMARY_HTML_H

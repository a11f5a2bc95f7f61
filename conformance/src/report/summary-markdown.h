// summary.md: the run in Markdown, for a person reading it on a forge or in a terminal.
#ifndef WSDSIM_SUMMARY_MARKDOWN_H
#define WSDSIM_SUMMARY_MARKDOWN_H

#include <ostream>

#include "judge/case-result.h"

namespace wsdsim
{

/// The name of the Markdown summary in a report folder.
constexpr const char* kMarkdownFileName = "summary.md";

/**
 * \brief Write summary.md: the headline, counts per verdict, the case x implementation grid
 * (when more than one implementation ran), the cases, the requirement x case matrix, and every
 * divergence of every case that did not pass (API divergences first, then delivery, then wire).
 * \param report the run \param out where to write
 */
void WriteSummaryMarkdown(const RunReport& report, std::ostream& out);

} // namespace wsdsim

#endif // WSDSIM_SUMMARY_MARKDOWN_H

// A case's divergences as plain text, worded once for JUnit bodies, summaries and the command
// line.
#ifndef WSDSIM_DIVERGENCE_TEXT_H
#define WSDSIM_DIVERGENCE_TEXT_H

#include <ostream>
#include <string>
#include <vector>

#include "judge/case-result.h"

namespace wsdsim
{

/// \return what a divergence is about, for a heading: "API", "Delivery" or "Wire"
const char* DivergenceKindTitle(DivergenceKind kind);

/**
 * \brief The heading of one divergence of a list.
 * \param divergence the divergence \param position its place in the list (0 for the first)
 * \param count how many the list holds
 * \return "API divergence at event 5: what", numbered "[1/2] " when the list holds more than one
 */
std::string DivergenceHeading(const Divergence& divergence, size_t position, size_t count);

/// \return "" for no more, "and 1 more divergence", "and 2 more divergences"
std::string MoreDivergencesText(size_t more);

/**
 * \brief The one-line reason of a case: its first listed divergence, and how many follow.
 * \param divergences the case's divergences, in their order (not empty)
 * \return "what" or "what (and 2 more divergences)"
 */
std::string LeadDivergenceLine(const std::vector<Divergence>& divergences);

/// How much of each divergence WriteDivergencesText() writes.
struct DivergenceTextOptions
{
    std::string indent;     //!< put before every line
    bool withContext{true}; //!< the trace lines around each divergence
    bool withLevel{true};   //!< the level and the requirements concerned
};

/**
 * \brief Write every divergence of a case as plain text, in the list's order: its heading
 * (DivergenceHeading()), "Level: MUST; requirements: ...", "Expected: ...", "Actual: ..." and
 * "Context:" with the trace lines around it.
 * \param divergences the divergences \param options what to write \param out where
 */
void WriteDivergencesText(const std::vector<Divergence>& divergences,
                          const DivergenceTextOptions& options,
                          std::ostream& out);

} // namespace wsdsim

#endif // WSDSIM_DIVERGENCE_TEXT_H

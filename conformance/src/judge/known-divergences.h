// Known divergences (conformance/known-divergences.json): the cases an implementation is
// recorded to fail, so that such a failure shows as XFAIL and a fixed one as XPASS.
#ifndef WSDSIM_KNOWN_DIVERGENCES_H
#define WSDSIM_KNOWN_DIVERGENCES_H

#include <string>
#include <vector>

#include "judge/case-result.h"

namespace wsdsim
{

/// One known divergence: an implementation expected to fail a case.
struct KnownDivergence
{
    std::string implementation; //!< the implementation ("linux")
    std::string caseId;         //!< the case's id
    std::string reason;         //!< why, with its clause in parentheses when the file gives one
};

/**
 * \brief Whether a record's implementation covers a result's: the same name, or the name's
 *        family ("windows" covers "windows 10.0.22631", "wine" covers "wine 8.0").
 * \param recorded the record's implementation \param implementation the result's
 * \return whether the record applies
 */
bool RecordCoversImplementation(const std::string& recorded, const std::string& implementation);

/**
 * \brief Read the known divergences: a JSON array of {implementation, case, reason, clause}.
 * \param path the file ("" or a missing file: none)
 * \return the divergences, in the file's order
 * \throws InputError for invalid JSON, a document that is not an array, or a malformed entry
 */
std::vector<KnownDivergence> LoadKnownDivergences(const std::string& path);

/**
 * \brief Judge a result against the known divergences: a FAIL or NON-STRICT of a recorded case
 *        becomes XFAIL, a PASS becomes XPASS. Silent data loss is never a known divergence.
 * \param result the result, changed in place
 * \param known the known divergences
 */
void ApplyKnownDivergences(CaseResult& result, const std::vector<KnownDivergence>& known);

} // namespace wsdsim

#endif // WSDSIM_KNOWN_DIVERGENCES_H

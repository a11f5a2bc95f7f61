// summary.html's "Sequence diagrams" section: every case drawn from its trace, beside its
// reference when it diverges, and told in words.
#ifndef WSDSIM_CASE_DIAGRAMS_H
#define WSDSIM_CASE_DIAGRAMS_H

#include <filesystem>
#include <ostream>

#include "judge/case-result.h"

namespace wsdsim
{

/**
 * \brief Write the section of summary.html that draws every case: a `<details>` per case with
 * its sequence diagram (beside the reference's when it diverges, the first divergence marked)
 * and its narration, or a note saying why there is none. Nothing when no case ran.
 * \param report the run \param directory the report folder the trace paths are relative to
 * \param out where to write
 */
void WriteCaseDiagrams(const RunReport& report,
                       const std::filesystem::path& directory,
                       std::ostream& out);

} // namespace wsdsim

#endif // WSDSIM_CASE_DIAGRAMS_H

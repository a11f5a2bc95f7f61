// Printing why a case did not pass, as the subcommands show it: every divergence (API first,
// then delivery, then wire), or its reason.
#include "cli/commands.h"
#include "report/divergence-text.h"

namespace wsdsim
{

void
PrintWhyNotPassed(const CaseResult& result, std::ostream& out)
{
    if (!result.divergences.empty())
    {
        DivergenceTextOptions options;
        options.indent = "    ";
        options.withContext = false;
        options.withLevel = false;
        WriteDivergencesText(result.divergences, options, out);
    }
    else if (!result.reason.empty())
    {
        out << "    " << result.reason << "\n";
    }
}

} // namespace wsdsim

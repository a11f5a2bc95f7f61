// Printing why a case did not pass, as the subcommands show it: its divergence or its reason.
#include "cli/commands.h"

namespace wsdsim
{

void
PrintWhyNotPassed(const CaseResult& result, std::ostream& out)
{
    if (result.divergence)
    {
        out << "    " << result.divergence->what
            << "\n    Expected: " << result.divergence->expected
            << "\n    Actual:   " << result.divergence->actual << "\n";
    }
    else if (!result.reason.empty())
    {
        out << "    " << result.reason << "\n";
    }
}

} // namespace wsdsim

// A case's divergences as plain text (see divergence-text.h).
#include "report/divergence-text.h"

#include "report/report-text.h"

namespace wsdsim
{

const char*
DivergenceKindTitle(DivergenceKind kind)
{
    switch (kind)
    {
        case DivergenceKind::API:
            // a call's return against its acceptable outcomes
            return "API";
        case DivergenceKind::DELIVERY:
            // the delivery invariant: bytes sent and never received
            return "Delivery";
        case DivergenceKind::WIRE:
            // the segments against the reference's
            return "Wire";
    }
    return "API"; // unreachable for a valid enumerator
}

std::string
DivergenceHeading(const Divergence& divergence, size_t position, size_t count)
{
    std::string heading
        = count > 1 ? "[" + std::to_string(position + 1) + "/" + std::to_string(count) + "] "
                    : std::string();
    heading += DivergenceKindTitle(divergence.kind);
    heading += " divergence at event " + std::to_string(divergence.eventIndex) + ": ";
    heading += divergence.what;
    return heading;
}

std::string
MoreDivergencesText(size_t more)
{
    if (more == 0)
    {
        return "";
    }
    return "and " + std::to_string(more) + " more divergence" + (more == 1 ? "" : "s");
}

std::string
LeadDivergenceLine(const std::vector<Divergence>& divergences)
{
    if (divergences.empty())
    {
        return "";
    }
    const std::string more = MoreDivergencesText(divergences.size() - 1);
    return divergences.front().what + (more.empty() ? std::string() : " (" + more + ")");
}

void
WriteDivergencesText(const std::vector<Divergence>& divergences,
                     const DivergenceTextOptions& options,
                     std::ostream& out)
{
    const std::string& indent = options.indent;
    for (size_t i = 0; i < divergences.size(); ++i)
    {
        const Divergence& divergence = divergences[i];
        out << indent << DivergenceHeading(divergence, i, divergences.size()) << "\n";
        if (options.withLevel)
        {
            out << indent << "Level: " << divergence.level;
            if (!divergence.requirements.empty())
            {
                out << "; requirements: " << Join(divergence.requirements);
            }
            out << "\n";
        }
        out << indent << "Expected: " << divergence.expected << "\n";
        out << indent << "Actual: " << divergence.actual << "\n";
        if (options.withContext && !divergence.context.empty())
        {
            out << indent << "Context:\n";
            for (const auto& line : divergence.context)
            {
                out << indent << "  " << line << "\n";
            }
        }
    }
}

} // namespace wsdsim

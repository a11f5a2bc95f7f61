// `wsdsim check`: judge a trace made elsewhere against a scenario case and its reference.
#include <filesystem>
#include <iostream>
#include <memory>
#include <vector>

#include "cli/commands.h"
#include "common/input-error.h"
#include "judge/comparator.h"
#include "judge/delivery-check.h"
#include "report/divergence-text.h"
#include "scenario/scenario-loader.h"
#include "trace/trace-io.h"

namespace wsdsim
{

namespace
{
struct CheckOptions
{
    std::string trace;
    std::string scenario;
    std::string reference;
    bool noWire{false};
    ToleranceOptions tolerance;
    std::string requirements;
};

int
Check(const CheckOptions& options)
{
    const std::string caseId = TraceReader(options.trace).Header().caseId;
    const auto cases = LoadScenario(options.scenario).cases;
    CheckRequirementIds(cases, options.requirements, "check");
    auto it = std::find_if(
        cases.begin(), cases.end(), [&](const ScenarioCase& c) { return c.id == caseId; });
    if (it == cases.end())
    {
        throw InputError(options.trace,
                         1,
                         1,
                         "/case",
                         "case \"" + caseId + "\" is not a case of " + options.scenario);
    }
    const std::string reference
        = options.reference.empty() ? it->ReferencePath() : options.reference;
    if (!std::filesystem::exists(reference))
    {
        throw InputError(reference, 0, 0, "", "no such reference trace");
    }
    const Comparison comparison
        = CompareTrace(*it, options.trace, reference, options.tolerance.Get(), !options.noWire);
    // The delivery invariant holds whatever the scenario expects (delivery-check.h).
    const DeliveryCheck delivery = CheckDelivery(*it, options.trace);
    const Verdict verdict = delivery.violation ? Verdict::FAIL : comparison.verdict;
    std::vector<Divergence> divergences = comparison.divergences;
    if (delivery.violation)
    {
        divergences.push_back(*delivery.violation);
        OrderDivergences(divergences);
    }
    std::cout << VerdictName(verdict) << (delivery.violation ? " (data lost)" : "") << "  "
              << caseId << "\n";
    if (!divergences.empty())
    {
        std::cout << options.trace << ": " << divergences.size()
                  << (divergences.size() == 1 ? " divergence" : " divergences")
                  << " (API first, then delivery, then wire)\n";
        DivergenceTextOptions text;
        text.indent = "  ";
        WriteDivergencesText(divergences, text, std::cout);
    }
    return verdict == Verdict::FAIL ? 1 : 0;
}
} // namespace

void
AddCheckCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<CheckOptions>();
    CLI::App* check
        = app.add_subcommand("check", "Judge an existing trace against its scenario and reference");
    check->add_option("trace", options->trace, "The trace (JSON Lines, docs/trace-format.md)")
        ->required();
    check->add_option("--scenario", options->scenario, "The scenario file the trace ran")
        ->required();
    check->add_option(
        "--reference", options->reference, "The reference trace (default: the case's)");
    check->add_flag("--no-wire", options->noWire, "The trace did not observe the wire");
    check->add_option(
        "--tolerance-floor", options->tolerance.floor, "Wire time tolerance floor (5ms)");
    check->add_option(
        "--tolerance-share", options->tolerance.share, "Wire time tolerance share (0.25)");
    AddRequirementsOption(*check, options->requirements);
    check->callback([options, &exitCode]() { exitCode = Check(*options); });
}

} // namespace wsdsim

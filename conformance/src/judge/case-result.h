// The outcome of running one case: its verdict, its divergences, timings and artifacts.
#ifndef WSDSIM_CASE_RESULT_H
#define WSDSIM_CASE_RESULT_H

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace wsdsim
{

/// Per-case verdicts (DESIGN.md).
enum class Verdict
{
    PASS,        //!< everything as required
    FAIL,        //!< a MUST broken
    NON_STRICT,  //!< a SHOULD broken, no MUST broken
    UNSUPPORTED, //!< the implementation cannot express the case
    XFAIL,       //!< failed, as a recorded known divergence says it will
    XPASS,       //!< passed although recorded as a known divergence
    ERROR,       //!< harness or input fault, crash, hang
};

/// \return "PASS", "FAIL", "NON-STRICT", "UNSUPPORTED", "XFAIL", "XPASS" or "ERROR"
const char* VerdictName(Verdict verdict);
/// \param name a verdict name \return the verdict, or nothing
std::optional<Verdict> VerdictFromName(const std::string& name);

struct CaseResult;

/// \return the verdict as a report shows it: its name, "FAIL (data lost)" for silent data loss
std::string VerdictLabel(const CaseResult& result);

/// What a divergence is about, in the order reports list them.
enum class DivergenceKind
{
    API,      //!< a call's return against its outcomes: what the spec states
    DELIVERY, //!< the delivery invariant (delivery-check.h): data silently lost
    WIRE,     //!< the segments against the reference's
};

/// \return "api", "delivery" or "wire"
const char* DivergenceKindName(DivergenceKind kind);
/// \param name a kind's name \return the kind, or nothing
std::optional<DivergenceKind> DivergenceKindFromName(const std::string& name);

/// Where a trace departs from what was expected.
struct Divergence
{
    DivergenceKind kind{DivergenceKind::API}; //!< what it is about
    size_t eventIndex{0};                  //!< index of the actual event (0 = first after header)
    std::string what;                      //!< one sentence: what differs
    std::string expected;                  //!< the expected event or outcome, as text
    std::string actual;                    //!< the actual event, as text
    std::vector<std::string> context;      //!< the events around it, as trace lines
    std::string level{"MUST"};             //!< the level broken: MUST or SHOULD
    std::vector<std::string> requirements; //!< requirement ids concerned
};

/**
 * \brief Put a case's divergences in the order every report lists them: API divergences first
 * (what the spec states), then delivery violations, then wire divergences; within each kind by
 * event index (of equal ones, the first noted first).
 */
void OrderDivergences(std::vector<Divergence>& divergences);

/// One case's result.
struct CaseResult
{
    std::string id;                              //!< case id
    std::string scenario;                        //!< scenario name
    std::string description;                     //!< what the case checks
    std::string implementation{"model"};         //!< the implementation run
    Verdict verdict{Verdict::ERROR};             //!< the verdict
    std::string reason;                          //!< why (UNSUPPORTED, XFAIL, ERROR, FAIL summary)
    std::vector<Divergence> divergences;         //!< every divergence, as OrderDivergences()
    std::vector<std::string> requirements;       //!< requirement ids the case checks
    std::vector<std::string> passedRequirements; //!< ids whose outcomes all held
    std::vector<std::string> failedRequirements; //!< ids of broken outcomes
    double durationSeconds{0};                   //!< wall time of the run (not compared)
    std::string tracePath;                       //!< the recorded trace (relative to the report)
    std::string referencePath;                   //!< the reference it was compared with
    std::string scenarioPath;                    //!< the scenario file the case comes from
    std::string pcapPath;                        //!< pcap, when asked for
    bool wireObserved{true};                     //!< whether segments were recorded
    bool dataLost{false};               //!< the delivery invariant broke (delivery-check.h): a FAIL
                                        //!< of its own kind, which no known divergence covers
    uint64_t deliveryStreamsChecked{0}; //!< connection directions whose end of stream was read
    uint64_t deliveryBytesChecked{0};   //!< received bytes compared with what was sent

    /// \return the divergence a report leads with (the first listed), or null for none
    const Divergence* LeadDivergence() const;
    /// \return the result as JSON (index.json's entry)
    nlohmann::json ToJson() const;
    /// \param object an index.json entry \return the result
    static CaseResult FromJson(const nlohmann::json& object);
};

/// A whole run: what index.json holds.
struct RunReport
{
    std::string tool{"wsdsim"};               //!< producer
    std::string version;                      //!< wsdsim version
    std::vector<std::string> implementations; //!< implementations run
    std::vector<CaseResult> cases;            //!< every case, in run order
    double wallSeconds{0};                    //!< wall time of the whole run
    nlohmann::json requirements;              //!< the catalogue: [{id, source, text, level}]
    /// The cases run, by id, whose steps and outcomes the narration cites (not in index.json:
    /// the runner hands them over; a merge loads them from each result's scenarioPath).
    std::map<std::string, ScenarioCase> scenarioCases;

    /// \return the exit status: 0 no FAIL or ERROR, 1 a FAIL, 2 an ERROR
    int ExitStatus() const;
};

} // namespace wsdsim

#endif // WSDSIM_CASE_RESULT_H

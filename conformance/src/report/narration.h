// A case's timeline told in plain words: what each host's application called, what came back,
// what TCP did, and the clause of the spec that says why.
#ifndef WSDSIM_NARRATION_H
#define WSDSIM_NARRATION_H

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "trace/timeline.h"

namespace wsdsim
{

/// A clause of the spec a line rests on.
struct NarrationClause
{
    std::string id;    //!< requirement id ("WSD-DISABLES-SEND")
    std::string level; //!< MUST, SHOULD, IMPLEMENTATION-DEFINED ("" when not in the catalogue)
    std::string text;  //!< the requirement's text ("" when not in the catalogue)
};

/// One line of a narration: one moment of the timeline.
struct NarrationLine
{
    int64_t timeNs{0};                    //!< simulated time
    size_t eventIndex{0};                 //!< the trace event it tells
    std::string text;                     //!< what happened, in plain words
    std::vector<NarrationClause> clauses; //!< why: the requirements of the matched outcome
    std::string note;                     //!< the scenario's note on the matched outcome
    bool unexpected{false};               //!< the return matches none of the step's outcomes
    bool divergence{false};               //!< this is the case's first divergence
};

/// What a narration knows beyond the trace.
struct NarrationContext
{
    const ScenarioCase* scenarioCase{nullptr}; //!< the case (its steps' outcomes), if known
    const nlohmann::json* catalogue{nullptr};  //!< requirements.json: [{id, level, text, ...}]
    std::optional<size_t> divergenceEvent;     //!< event index of the first divergence
    std::string divergenceText;                //!< what differs there
};

/**
 * \brief Tell a timeline: one line per call (a blocking call also at its return), segment sent
 * (with its arrival, or that it was lost) and TCP state change, in event order. A return is
 * matched against its step's outcomes; the matched outcome's requirements, with their level and
 * text from the catalogue, are the line's clauses.
 * \param timeline the case's timeline \param context the case and catalogue
 * \return the lines
 */
std::vector<NarrationLine> Narrate(const Timeline& timeline, const NarrationContext& context);

/// \return the lines for a terminal: "0.003093 s  host 0 (client) calls ..." with clauses below
std::string NarrationText(const std::vector<NarrationLine>& lines);

/// \return the lines as an HTML `<ol class="narration">`, all text escaped
std::string NarrationHtml(const std::vector<NarrationLine>& lines);

} // namespace wsdsim

#endif // WSDSIM_NARRATION_H

// Verdict names, the order of a case's divergences, a case result's index.json form and back,
// and a run's exit status.
#include "judge/case-result.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

namespace wsdsim
{

namespace
{

/// Every verdict with its name, in the order reports list them.
constexpr std::array<std::pair<Verdict, const char*>, 7> kVerdictNames{{
    {Verdict::PASS, "PASS"},
    {Verdict::FAIL, "FAIL"},
    {Verdict::NON_STRICT, "NON-STRICT"},
    {Verdict::UNSUPPORTED, "UNSUPPORTED"},
    {Verdict::XFAIL, "XFAIL"},
    {Verdict::XPASS, "XPASS"},
    {Verdict::ERROR, "ERROR"},
}};

/// Every divergence kind with its name, in the order reports list them.
constexpr std::array<std::pair<DivergenceKind, const char*>, 3> kDivergenceKindNames{{
    {DivergenceKind::API, "api"},
    {DivergenceKind::DELIVERY, "delivery"},
    {DivergenceKind::WIRE, "wire"},
}};

/// \return the name of a value in a table of values and names (fallback: unreachable for a
/// valid enumerator)
template <typename Table, typename Value>
const char*
NameIn(const Table& table, Value value, const char* fallback)
{
    for (const auto& [entry, name] : table)
    {
        if (entry == value)
        {
            return name;
        }
    }
    return fallback;
}

/// \return the value of a name in a table of values and names, or nothing
template <typename Table>
auto
ValueIn(const Table& table, const std::string& name)
    -> std::optional<typename Table::value_type::first_type>
{
    for (const auto& [value, entryName] : table)
    {
        if (name == entryName)
        {
            return value;
        }
    }
    return std::nullopt;
}

/// \return a path as JSON: null when empty, so that every artifact key is always present
nlohmann::json
PathOrNull(const std::string& path)
{
    return path.empty() ? nlohmann::json(nullptr) : nlohmann::json(path);
}

/**
 * \brief Read an optional member of an index.json object.
 * \param object the object \param key the member \param fallback the value when absent or null
 * \return the member's value
 * \throws std::invalid_argument when the member has the wrong type
 */
template <typename T>
T
Get(const nlohmann::json& object, const char* key, T fallback)
{
    auto member = object.find(key);
    if (member == object.end() || member->is_null())
    {
        return fallback;
    }
    try
    {
        return member->get<T>();
    }
    catch (const nlohmann::json::exception& e)
    {
        throw std::invalid_argument(std::string("/") + key + ": " + e.what());
    }
}

/// \return the divergence as JSON
nlohmann::json
DivergenceToJson(const Divergence& divergence)
{
    return nlohmann::json{
        {"kind", DivergenceKindName(divergence.kind)},
        {"eventIndex", divergence.eventIndex},
        {"what", divergence.what},
        {"expected", divergence.expected},
        {"actual", divergence.actual},
        {"context", divergence.context},
        {"level", divergence.level},
        {"requirements", divergence.requirements},
    };
}

/// \return the divergences as JSON, in their order
nlohmann::json
DivergencesToJson(const std::vector<Divergence>& divergences)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto& divergence : divergences)
    {
        list.push_back(DivergenceToJson(divergence));
    }
    return list;
}

/**
 * \brief Read a divergence's fields other than its kind.
 * \param object the JSON \param where its JSON pointer, for errors
 * \return the divergence \throws std::invalid_argument when malformed
 */
Divergence
DivergenceFromJson(const nlohmann::json& object, const std::string& where)
{
    if (!object.is_object())
    {
        throw std::invalid_argument(where + ": expected an object");
    }
    Divergence divergence;
    divergence.eventIndex = Get<size_t>(object, "eventIndex", 0);
    divergence.what = Get<std::string>(object, "what", "");
    divergence.expected = Get<std::string>(object, "expected", "");
    divergence.actual = Get<std::string>(object, "actual", "");
    divergence.context = Get<std::vector<std::string>>(object, "context", {});
    divergence.level = Get<std::string>(object, "level", "MUST");
    divergence.requirements = Get<std::vector<std::string>>(object, "requirements", {});
    return divergence;
}

/**
 * \brief Read index.json's "divergences" (indexFormat 2): each entry names its kind.
 * \param list the JSON array \return the divergences, in the file's order
 * \throws std::invalid_argument when malformed
 */
std::vector<Divergence>
DivergencesFromJson(const nlohmann::json& list)
{
    if (!list.is_array())
    {
        throw std::invalid_argument("/divergences: expected an array");
    }
    std::vector<Divergence> divergences;
    for (size_t i = 0; i < list.size(); ++i)
    {
        const std::string where = "/divergences/" + std::to_string(i);
        Divergence divergence = DivergenceFromJson(list[i], where);
        const auto kind = DivergenceKindFromName(Get<std::string>(list[i], "kind", ""));
        if (!kind)
        {
            throw std::invalid_argument(where
                                        + "/kind: expected \"api\", \"delivery\" or \"wire\"");
        }
        divergence.kind = *kind;
        divergences.push_back(std::move(divergence));
    }
    return divergences;
}

/**
 * \brief Read the one "divergence" of indexFormat 1, which had no kind: the delivery check's
 * when the case lost data, a wire one when it speaks of a segment, else an API one.
 * \param object the JSON \param dataLost whether the case lost data
 * \return the divergence \throws std::invalid_argument when malformed
 */
Divergence
FormatOneDivergence(const nlohmann::json& object, bool dataLost)
{
    Divergence divergence = DivergenceFromJson(object, "/divergence");
    divergence.kind = dataLost ? DivergenceKind::DELIVERY
                      : divergence.what.find("segment") != std::string::npos ? DivergenceKind::WIRE
                                                                             : DivergenceKind::API;
    return divergence;
}

} // namespace

const char*
VerdictName(Verdict verdict)
{
    return NameIn(kVerdictNames, verdict, "ERROR");
}

std::optional<Verdict>
VerdictFromName(const std::string& name)
{
    return ValueIn(kVerdictNames, name);
}

const char*
DivergenceKindName(DivergenceKind kind)
{
    return NameIn(kDivergenceKindNames, kind, "api");
}

std::optional<DivergenceKind>
DivergenceKindFromName(const std::string& name)
{
    return ValueIn(kDivergenceKindNames, name);
}

void
OrderDivergences(std::vector<Divergence>& divergences)
{
    std::stable_sort(
        divergences.begin(),
        divergences.end(),
        [](const Divergence& a, const Divergence& b)
        { return std::make_pair(a.kind, a.eventIndex) < std::make_pair(b.kind, b.eventIndex); });
}

const Divergence*
CaseResult::LeadDivergence() const
{
    return divergences.empty() ? nullptr : &divergences.front();
}

std::string
VerdictLabel(const CaseResult& result)
{
    return std::string(VerdictName(result.verdict)) + (result.dataLost ? " (data lost)" : "");
}

nlohmann::json
CaseResult::ToJson() const
{
    return nlohmann::json{
        {"id", id},
        {"scenario", scenario},
        {"description", description},
        {"implementation", implementation},
        {"verdict", VerdictName(verdict)},
        {"reason", reason},
        {"durationSeconds", durationSeconds},
        {"requirements", requirements},
        {"passedRequirements", passedRequirements},
        {"failedRequirements", failedRequirements},
        {"artifacts",
         {
             {"trace", PathOrNull(tracePath)},
             {"reference", PathOrNull(referencePath)},
             {"scenario", PathOrNull(scenarioPath)},
             {"pcap", PathOrNull(pcapPath)},
         }},
        {"wireObserved", wireObserved},
        {"delivery",
         {
             {"dataLost", dataLost},
             {"streamsChecked", deliveryStreamsChecked},
             {"bytesChecked", deliveryBytesChecked},
         }},
        {"divergences", DivergencesToJson(divergences)},
    };
}

CaseResult
CaseResult::FromJson(const nlohmann::json& object)
{
    if (!object.is_object())
    {
        throw std::invalid_argument("case result: expected an object");
    }
    CaseResult result;
    result.id = Get<std::string>(object, "id", "");
    if (result.id.empty())
    {
        throw std::invalid_argument("/id: expected a non-empty string");
    }
    auto verdictName = Get<std::string>(object, "verdict", "");
    auto verdict = VerdictFromName(verdictName);
    if (!verdict)
    {
        throw std::invalid_argument("/verdict: unknown verdict \"" + verdictName + "\"");
    }
    result.verdict = *verdict;
    result.scenario = Get<std::string>(object, "scenario", "");
    result.description = Get<std::string>(object, "description", "");
    result.implementation = Get<std::string>(object, "implementation", "model");
    result.reason = Get<std::string>(object, "reason", "");
    result.durationSeconds = Get<double>(object, "durationSeconds", 0.0);
    result.requirements = Get<std::vector<std::string>>(object, "requirements", {});
    result.passedRequirements = Get<std::vector<std::string>>(object, "passedRequirements", {});
    result.failedRequirements = Get<std::vector<std::string>>(object, "failedRequirements", {});
    result.wireObserved = Get<bool>(object, "wireObserved", true);
    auto delivery = object.find("delivery");
    if (delivery != object.end() && !delivery->is_null())
    {
        if (!delivery->is_object())
        {
            throw std::invalid_argument("/delivery: expected an object");
        }
        result.dataLost = Get<bool>(*delivery, "dataLost", false);
        result.deliveryStreamsChecked = Get<uint64_t>(*delivery, "streamsChecked", 0);
        result.deliveryBytesChecked = Get<uint64_t>(*delivery, "bytesChecked", 0);
    }
    auto artifacts = object.find("artifacts");
    if (artifacts != object.end() && !artifacts->is_null())
    {
        if (!artifacts->is_object())
        {
            throw std::invalid_argument("/artifacts: expected an object");
        }
        result.tracePath = Get<std::string>(*artifacts, "trace", "");
        result.referencePath = Get<std::string>(*artifacts, "reference", "");
        result.scenarioPath = Get<std::string>(*artifacts, "scenario", "");
        result.pcapPath = Get<std::string>(*artifacts, "pcap", "");
    }
    auto divergences = object.find("divergences");
    auto formatOne = object.find("divergence");
    if (divergences != object.end() && !divergences->is_null())
    {
        result.divergences = DivergencesFromJson(*divergences);
    }
    else if (formatOne != object.end() && !formatOne->is_null())
    {
        result.divergences = {FormatOneDivergence(*formatOne, result.dataLost)};
    }
    return result;
}

int
RunReport::ExitStatus() const
{
    bool failed = false;
    for (const auto& result : cases)
    {
        switch (result.verdict)
        {
            case Verdict::ERROR:
                // a harness or input fault outranks any verdict: status 2
                return 2;
            case Verdict::FAIL:
                // a MUST broken: status 1 unless an ERROR follows
                failed = true;
                break;
            case Verdict::PASS:
                // conforms
            case Verdict::NON_STRICT:
                // a SHOULD broken is reported, not fatal
            case Verdict::UNSUPPORTED:
                // not expressible is not a failure (quic-interop-runner)
            case Verdict::XFAIL:
                // a recorded known divergence, as recorded
            case Verdict::XPASS:
                // better than recorded: reported so the record gets updated, not fatal
                break;
        }
    }
    return failed ? 1 : 0;
}

} // namespace wsdsim

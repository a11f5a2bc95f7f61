// Verdict names, a case result's index.json form and back, and a run's exit status.
#include "judge/case-result.h"

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
        {"eventIndex", divergence.eventIndex},
        {"what", divergence.what},
        {"expected", divergence.expected},
        {"actual", divergence.actual},
        {"context", divergence.context},
        {"level", divergence.level},
        {"requirements", divergence.requirements},
    };
}

/// \return the divergence read from JSON \throws std::invalid_argument when malformed
Divergence
DivergenceFromJson(const nlohmann::json& object)
{
    if (!object.is_object())
    {
        throw std::invalid_argument("/divergence: expected an object or null");
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

} // namespace

const char*
VerdictName(Verdict verdict)
{
    for (const auto& [value, name] : kVerdictNames)
    {
        if (value == verdict)
        {
            return name;
        }
    }
    return "ERROR"; // unreachable for a valid enumerator
}

std::optional<Verdict>
VerdictFromName(const std::string& name)
{
    for (const auto& [value, verdictName] : kVerdictNames)
    {
        if (name == verdictName)
        {
            return value;
        }
    }
    return std::nullopt;
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
        {"divergence", divergence ? DivergenceToJson(*divergence) : nlohmann::json(nullptr)},
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
    auto divergence = object.find("divergence");
    if (divergence != object.end() && !divergence->is_null())
    {
        result.divergence = DivergenceFromJson(*divergence);
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

// A call event read back into the call vocabulary's typed form (see traced-call.h).
#include "trace/traced-call.h"

#include <nlohmann/json.hpp>

#include "wsdsim/call-json.h"

namespace wsdsim
{

std::optional<Call>
TracedCall(const TraceEvent& call)
{
    if (call.kind != EventKind::CALL || !FindCallInfo(call.call))
    {
        return std::nullopt;
    }
    const auto args
        = nlohmann::json::parse(call.arguments.empty() ? "{}" : call.arguments, nullptr, false);
    try
    {
        return DecodeCall(call.call, args);
    }
    catch (const ArgumentError&)
    {
        return std::nullopt;
    }
}

std::string
TracedCallSignature(const TraceEvent& call)
{
    return TracedCallSignature(call, TracedCall(call));
}

std::string
TracedCallSignature(const TraceEvent& call, const std::optional<Call>& typed)
{
    if (call.kind != EventKind::CALL)
    {
        return call.call + "(...)"; // a return whose call is not recorded
    }
    if (typed)
    {
        return CallSignature(*typed);
    }
    return call.call + "(" + call.arguments + ")";
}

} // namespace wsdsim

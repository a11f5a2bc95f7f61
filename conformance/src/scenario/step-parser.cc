// A scenario's threads and steps, each call decoded once into its typed form (see step-parser.h).
#include "scenario/step-parser.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/json-locator.h"
#include "scenario/outcome-parser.h"
#include "wsdsim/call-json.h"

namespace wsdsim
{

using nlohmann::json;

namespace
{

/// What reading a case's steps keeps from one step to the next.
struct StepsState
{
    const JsonContext& context;            //!< the file
    const Matrix& matrix;                  //!< the scenario's matrix
    const Labels& labels;                  //!< the case's labels
    std::map<std::string, json> variables; //!< the case's "$variables"
    std::set<std::string> threadNames;     //!< the scenario's threads
    std::set<std::string> stepIds;         //!< ids so far (unique across the file)
    std::map<HandleKind, std::set<std::string>> handleNames; //!< "as" names so far, by kind
    std::vector<Step> steps;                                 //!< the case's steps so far
};

/// \return what a kind of handle is, for messages
std::string
HandleWords(HandleKind kind)
{
    switch (kind)
    {
        case HandleKind::NONE:
        case HandleKind::SOCKET:
            return "handle";
        case HandleKind::EVENT:
            return "event";
        case HandleKind::PORT:
            return "completion port";
        case HandleKind::FUNCTION:
            return "extension function";
    }
    return "handle";
}

/// \return the names of the calls that return a handle, for messages: "socket and accept"
std::string
HandleCallNames()
{
    std::vector<std::string_view> names;
    ForEachCallType(
        [&](auto tag)
        {
            using C = typename decltype(tag)::type;
            if (C::kInfo.names != HandleKind::NONE)
            {
                names.push_back(C::kInfo.name);
            }
        });
    std::string text;
    for (size_t i = 0; i < names.size(); ++i)
    {
        text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + std::string(names[i]);
    }
    return text;
}

/// \return the step's call, its arguments decoded into their typed form
Call
ParseCall(StepsState& state, const json& s, const std::string& at)
{
    const std::string name = *state.context.String(s, at, "call", true);
    if (!FindCallInfo(name))
    {
        std::string list;
        for (const auto& known : CallNames())
        {
            list += (list.empty() ? "" : ", ") + std::string(known);
        }
        state.context.Fail(at + "/call", "unknown call \"" + name + "\"; expected one of: " + list);
    }
    const json args
        = Substitute(s.value("args", json::object()), state.variables, state.context, at + "/args");
    try
    {
        Call call = DecodeCall(name, args);
        for (const auto& named : NamedHandles(call))
        {
            if (!state.handleNames[named.kind].count(named.name))
            {
                state.context.Fail(at + "/args/" + named.argument,
                                   "\"" + named.name + "\" names no " + HandleWords(named.kind)
                                       + ": no earlier step that makes one has \"as\": \""
                                       + named.name + "\"");
            }
        }
        return call;
    }
    catch (const ArgumentError& error)
    {
        state.context.Fail(at + "/args" + error.At(), error.what());
    }
}

/// Read a step's timing, its context and the handle name it gives.
void
ParseTiming(StepsState& state, const json& s, const std::string& at, Step& step)
{
    const JsonContext& context = state.context;
    step.atNs = context.Duration(s, at, "at");
    step.delayNs = context.Duration(s, at, "delay").value_or(0);
    step.after = context.String(s, at, "after", false);
    if (step.after && !state.stepIds.count(*step.after))
    {
        context.Fail(at + "/after", "\"" + *step.after + "\" is not the id of an earlier step");
    }
    if (auto inHook = context.String(s, at, "context", false))
    {
        if (*inHook != "blocking-hook")
        {
            context.Fail(at + "/context", "expected \"blocking-hook\", found \"" + *inHook + "\"");
        }
        step.inBlockingHook = true;
    }
    step.as = context.String(s, at, "as", false);
    if (step.as)
    {
        const HandleKind kind = InfoOf(step.call).names;
        if (kind == HandleKind::NONE)
        {
            context.Fail(at + "/as", "only " + HandleCallNames() + " return a handle to name");
        }
        state.handleNames[kind].insert(*step.as);
    }
}

/// \return the outcomes of a step that apply to the case
std::vector<Outcome>
ParseExpect(StepsState& state, const json& s, const std::string& at, const CallInfo& call)
{
    std::vector<Outcome> outcomes;
    if (!s.contains("expect"))
    {
        return outcomes;
    }
    const json expect = Substitute(s.at("expect"), state.variables, state.context, at + "/expect");
    std::vector<std::pair<json, std::string>> objects;
    if (!expect.is_array())
    {
        objects.emplace_back(expect, at + "/expect");
    }
    else if (expect.empty())
    {
        state.context.Fail(at + "/expect", "expected at least one outcome");
    }
    for (size_t k = 0; expect.is_array() && k < expect.size(); ++k)
    {
        objects.emplace_back(expect[k], at + "/expect/" + std::to_string(k));
    }
    for (const auto& [object, pointer] : objects)
    {
        Outcome outcome = ParseOutcome(state.context, object, pointer, call);
        if (!object.contains("when")
            || Matches(object.at("when"),
                       state.labels,
                       state.matrix.dimensions,
                       state.context,
                       pointer + "/when"))
        {
            outcomes.push_back(std::move(outcome));
        }
    }
    return outcomes;
}

/// Read one step; a step whose "when" does not hold only reserves its id and "as" name.
void
ParseStep(StepsState& state, const json& steps, size_t index)
{
    const std::string at = "/steps/" + std::to_string(index);
    const JsonContext& context = state.context;
    const json& s = context.Object(steps[index], at);
    context.CheckKnown(s,
                       at,
                       {"id",
                        "thread",
                        "call",
                        "args",
                        "at",
                        "delay",
                        "after",
                        "context",
                        "as",
                        "expect",
                        "when"});
    // Ids are unique across the file, whatever the case.
    const std::string id
        = context.String(s, at, "id", false).value_or("step-" + std::to_string(index));
    if (!state.stepIds.insert(id).second)
    {
        context.Fail(at + "/id", "duplicate step id \"" + id + "\"");
    }
    if (s.contains("when")
        && !Matches(s.at("when"), state.labels, state.matrix.dimensions, context, at + "/when"))
    {
        // the name stays known (of the kind its call makes, if the call is one)
        const auto as = context.String(s, at, "as", false);
        const auto call = context.String(s, at, "call", false);
        const CallInfo* info = call ? FindCallInfo(*call) : nullptr;
        if (as && info && info->names != HandleKind::NONE)
        {
            state.handleNames[info->names].insert(*as);
        }
        return;
    }
    Step step;
    step.index = state.steps.size();
    step.id = id;
    step.pointer = at;
    step.thread = *context.String(s, at, "thread", true);
    if (!state.threadNames.count(step.thread))
    {
        context.Fail(at + "/thread",
                     "\"" + step.thread + "\" is not one of the scenario's threads");
    }
    step.call = ParseCall(state, s, at);
    ParseTiming(state, s, at, step);
    step.outcomes = ParseExpect(state, s, at, InfoOf(step.call));
    state.steps.push_back(std::move(step));
}

} // namespace

std::vector<Thread>
ParseThreads(const JsonContext& context, const json& root)
{
    const json& threads = root.at("threads");
    if (!threads.is_array() || threads.empty())
    {
        context.Fail("/threads", "expected a non-empty array of threads");
    }
    std::vector<Thread> parsed;
    std::set<std::string> names;
    for (size_t i = 0; i < threads.size(); ++i)
    {
        const std::string at = "/threads/" + std::to_string(i);
        const json& th = context.Object(threads[i], at);
        context.CheckKnown(th, at, {"name", "host"});
        Thread thread;
        thread.name = *context.String(th, at, "name", true);
        if (!th.contains("host"))
        {
            context.Fail(at, "missing required field \"host\"");
        }
        thread.host = static_cast<uint32_t>(*context.Integer(th, at, "host", 0, 1));
        if (!names.insert(thread.name).second)
        {
            context.Fail(at + "/name", "duplicate thread name \"" + thread.name + "\"");
        }
        parsed.push_back(thread);
    }
    return parsed;
}

std::vector<Step>
ParseSteps(const JsonContext& context,
           const json& root,
           const Matrix& matrix,
           const Labels& labels,
           const std::vector<Thread>& threads)
{
    const json& steps = root.at("steps");
    if (!steps.is_array() || steps.empty())
    {
        context.Fail("/steps", "expected a non-empty array of steps");
    }
    StepsState state{context, matrix, labels, matrix.VariablesOf(labels), {}, {}, {}, {}};
    for (const auto& thread : threads)
    {
        state.threadNames.insert(thread.name);
    }
    for (size_t i = 0; i < steps.size(); ++i)
    {
        ParseStep(state, steps, i);
    }
    return std::move(state.steps);
}

} // namespace wsdsim

// A scenario's matrix, its variables and "when" conditions (see matrix.h).
#include "scenario/matrix.h"

#include <algorithm>

#include "common/json-locator.h"

namespace wsdsim
{

using nlohmann::json;

namespace
{

/// Most cases one scenario may expand to.
constexpr size_t kMaxCases = 10000;

/// Check the dimensions: objects of labels, at least one label each, each label an object.
void
CheckDimensions(const JsonContext& context, const json& dimensions)
{
    for (const auto& [dimension, labels] : dimensions.items())
    {
        const std::string at = "/matrix/" + EscapePointerToken(dimension);
        context.Object(labels, at);
        if (labels.empty())
        {
            context.Fail(at, "expected at least one label");
        }
        for (const auto& [label, variables] : labels.items())
        {
            context.Object(variables, at + "/" + EscapePointerToken(label));
        }
    }
    size_t caseCount = 1;
    for (const auto& [dimension, labels] : dimensions.items())
    {
        if (labels.size() > kMaxCases / caseCount)
        {
            context.Fail("/matrix",
                         "expected a matrix of at most " + std::to_string(kMaxCases)
                             + " cases; this one has more");
        }
        caseCount *= labels.size();
    }
}

} // namespace

std::map<std::string, json>
Matrix::VariablesOf(const Labels& labels) const
{
    std::map<std::string, json> variables;
    for (const auto& [dimension, label] : labels)
    {
        for (const auto& [name, value] : dimensions.at(dimension).at(label).items())
        {
            variables[name] = value;
        }
    }
    return variables;
}

Matrix
ParseMatrix(const JsonContext& context, const json& root)
{
    Matrix matrix;
    if (!root.contains("matrix"))
    {
        return matrix;
    }
    matrix.dimensions = context.Object(root.at("matrix"), "/matrix");
    CheckDimensions(context, matrix.dimensions);
    for (const auto& [dimension, labels] : matrix.dimensions.items())
    {
        std::vector<Labels> next;
        for (const auto& combination : matrix.combinations)
        {
            for (const auto& [label, variables] : labels.items())
            {
                auto extended = combination;
                extended[dimension] = label;
                next.push_back(extended);
            }
        }
        matrix.combinations = std::move(next);
    }
    return matrix;
}

/// Replace "$name" strings by the case's variables.
json
Substitute(const json& value,
           const std::map<std::string, json>& variables,
           const JsonContext& context,
           const std::string& pointer)
{
    if (value.is_string())
    {
        const auto text = value.get<std::string>();
        if (text.size() > 1 && text[0] == '$')
        {
            auto it = variables.find(text.substr(1));
            if (it == variables.end())
            {
                context.Fail(pointer, "\"" + text + "\" names no variable of the matrix");
            }
            return it->second;
        }
        return value;
    }
    if (value.is_object())
    {
        json result = json::object();
        for (const auto& [key, member] : value.items())
        {
            result[key]
                = Substitute(member, variables, context, pointer + "/" + EscapePointerToken(key));
        }
        return result;
    }
    if (value.is_array())
    {
        json result = json::array();
        for (size_t i = 0; i < value.size(); ++i)
        {
            result.push_back(
                Substitute(value[i], variables, context, pointer + "/" + std::to_string(i)));
        }
        return result;
    }
    return value;
}

/// Whether a "when" object matches a case's labels.
bool
Matches(const json& when,
        const std::map<std::string, std::string>& labels,
        const json& matrix,
        const JsonContext& context,
        const std::string& pointer)
{
    context.Object(when, pointer);
    for (const auto& [dimension, wanted] : when.items())
    {
        const std::string at = pointer + "/" + EscapePointerToken(dimension);
        if (!matrix.contains(dimension))
        {
            context.Fail(at, "\"" + dimension + "\" is not a dimension of the matrix");
        }
        std::vector<std::string> accepted;
        if (wanted.is_string())
        {
            accepted.push_back(wanted.get<std::string>());
        }
        else if (wanted.is_array()
                 && std::all_of(
                     wanted.begin(), wanted.end(), [](const json& v) { return v.is_string(); }))
        {
            accepted = wanted.get<std::vector<std::string>>();
        }
        else
        {
            context.Fail(at,
                         "expected a label or an array of labels, found " + JsonTypeName(wanted));
        }
        for (const auto& label : accepted)
        {
            if (!matrix.at(dimension).contains(label))
            {
                context.Fail(at,
                             "\"" + label + "\" is not a label of dimension \"" + dimension + "\"");
            }
        }
        if (std::find(accepted.begin(), accepted.end(), labels.at(dimension)) == accepted.end())
        {
            return false;
        }
    }
    return true;
}

} // namespace wsdsim

// The requirement catalogue: reading one with located errors, finding a suite's, and checking the
// requirement ids a scenario's outcomes cite against it.
#include "scenario/requirement-catalogue.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/input-error.h"
#include "common/json-text.h"
#include "scenario/json-context.h"
#include "scenario/suite-root.h"

namespace wsdsim
{

namespace fs = std::filesystem;
using nlohmann::json;

namespace
{

/// \return a file's text \throws InputError when it is not a file that can be read
std::string
ReadCatalogueText(const std::string& path)
{
    std::error_code code;
    if (!fs::is_regular_file(path, code))
    {
        throw InputError(path, 0, 0, "", "no such requirement catalogue file");
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in)
    {
        throw InputError(path, 0, 0, "", "cannot read the requirement catalogue");
    }
    return text.str();
}

/// \return the catalogue's entry array and its pointer, or fail: the document as a whole must be
///         an array, or an object whose "requirements" is one
std::pair<const json*, std::string>
EntryArray(const JsonContext& context, const json& document)
{
    if (document.is_array())
    {
        return {&document, ""};
    }
    if (document.is_object() && document.contains("requirements")
        && document["requirements"].is_array())
    {
        return {&document["requirements"], "/requirements"};
    }
    context.Fail("",
                 "expected a requirement catalogue: an array of {\"id\", \"source\", \"level\", "
                 "\"text\"} objects, found "
                     + JsonTypeName(document));
}

/// Read one entry's id into the catalogue, refusing an entry without one and an id seen before.
void
ReadEntryId(const JsonContext& context,
            const json& entry,
            const std::string& pointer,
            RequirementCatalogue& catalogue)
{
    const json& object = context.Object(entry, pointer);
    const std::string id = *context.String(object, pointer, "id", true);
    if (id.empty())
    {
        context.Fail(pointer + "/id", "expected a non-empty requirement id");
    }
    if (!catalogue.ids.insert(id).second)
    {
        context.Fail(pointer + "/id", "requirement id \"" + id + "\" appears twice");
    }
}

/// \return the line and column of a JSON pointer in a file ({0, 0} when it cannot be read)
std::pair<size_t, size_t>
LocateInFile(const std::string& path, const std::string& pointer)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    try
    {
        return JsonLocator(text.str()).Locate(pointer);
    }
    catch (const std::exception&)
    {
        return {0, 0};
    }
}

} // namespace

RequirementCatalogue
LoadRequirementCatalogueFile(const std::string& path)
{
    const std::string text = ReadCatalogueText(path);
    RequirementCatalogue catalogue;
    catalogue.path = path;
    const json document = ParseJsonText(path, text);
    const JsonContext context(path, text);
    const auto [entries, pointer] = EntryArray(context, document);
    for (size_t i = 0; i < entries->size(); ++i)
    {
        ReadEntryId(context, (*entries)[i], pointer + "/" + std::to_string(i), catalogue);
    }
    catalogue.entries = *entries;
    return catalogue;
}

std::optional<std::string>
FindSuiteCatalogue(const std::string& scenarioFile)
{
    const auto root = FindSuiteRoot(scenarioFile);
    std::error_code ignored;
    if (!root || !fs::exists(*root / kRequirementCatalogueFileName, ignored))
    {
        return std::nullopt;
    }
    return (*root / kRequirementCatalogueFileName).string();
}

void
CheckCitedRequirements(const ScenarioCase& scenarioCase, const RequirementCatalogue& catalogue)
{
    for (const auto& step : scenarioCase.steps)
    {
        for (const auto& outcome : step.outcomes)
        {
            for (size_t i = 0; i < outcome.requirements.size(); ++i)
            {
                const std::string& id = outcome.requirements[i];
                if (catalogue.ids.count(id))
                {
                    continue;
                }
                const std::string pointer = outcome.pointer + "/requirements/" + std::to_string(i);
                const auto [line, column] = LocateInFile(scenarioCase.scenarioPath, pointer);
                throw InputError(scenarioCase.scenarioPath,
                                 line,
                                 column,
                                 pointer,
                                 "requirement \"" + id + "\" is not in the catalogue "
                                     + catalogue.path + "; expected one of its ids");
            }
        }
    }
}

} // namespace wsdsim

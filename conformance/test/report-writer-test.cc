// Tests of the report writers: verdicts, index.json, JUnit, summaries and atomic report folders.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <memory>
#include <optional>
#include <signal.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "judge/case-result.h"
#include "report/atomic-directory.h"
#include "report/report-writer.h"

namespace
{

using namespace wsdsim;
namespace fs = std::filesystem;

/// A fresh empty directory for one test, removed with everything in it afterwards.
class ScratchDirectory
{
  public:
    ScratchDirectory()
    {
        static std::atomic<unsigned> sequence{0};
        m_path = fs::temp_directory_path()
                 / ("wsdsim-report-test-" + std::to_string(::getpid()) + "-"
                    + std::to_string(sequence++));
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }

    ~ScratchDirectory()
    {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }

    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;

    /// \return the directory
    const fs::path& Path() const
    {
        return m_path;
    }

    /// \return the names of the directory's entries, hidden ones included
    std::vector<std::string> Entries() const
    {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(m_path))
        {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

  private:
    fs::path m_path; //!< the directory
};

/// \return a file's whole content
std::string
ReadFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

/// \return a case with every field set
CaseResult
MakeCase(const std::string& id, Verdict verdict, const std::string& implementation = "model")
{
    CaseResult result;
    result.id = id;
    result.scenario = id.substr(0, id.find('['));
    result.description = "checks " + id;
    result.implementation = implementation;
    result.verdict = verdict;
    result.durationSeconds = 0.25;
    result.requirements = {"WSD-1"};
    result.tracePath = "traces/" + implementation + "/" + id + ".jsonl";
    switch (verdict)
    {
        case Verdict::PASS:
        case Verdict::XPASS:
            result.passedRequirements = {"WSD-1"};
            break;
        case Verdict::FAIL:
        case Verdict::NON_STRICT:
        case Verdict::XFAIL:
            result.failedRequirements = {"WSD-1"};
            result.reason = "recv returned early";
            result.divergences = {Divergence{
                DivergenceKind::API,
                3,
                "recv returned 0 instead of blocking",
                "{\"call\":\"recv\",\"result\":\"positive\"}",
                "{\"call\":\"recv\",\"result\":0}",
                {"{\"call\":\"send\"}", "{\"call\":\"recv\",\"result\":0}"},
                verdict == Verdict::NON_STRICT ? "SHOULD" : "MUST",
                {"WSD-1"},
            }};
            break;
        case Verdict::UNSUPPORTED:
            result.reason = "no blocking hook on Linux";
            break;
        case Verdict::ERROR:
            result.reason = "backend crashed: signal 11";
            break;
    }
    return result;
}

/// \return a run with one case of every verdict over two implementations and a catalogue
RunReport
MakeReport()
{
    RunReport report;
    report.version = "0.1.0";
    report.implementations = {"model", "linux"};
    report.wallSeconds = 4.5;
    report.cases = {
        MakeCase("linger/close-unsent-data[linger=abortive]", Verdict::PASS),
        MakeCase("linger/close-unsent-data[linger=off]", Verdict::FAIL),
        MakeCase("errors/send-disconnect-not-connected", Verdict::NON_STRICT),
        MakeCase("hooks/cancel-blocking-call", Verdict::UNSUPPORTED, "linux"),
        MakeCase("shutdown/both", Verdict::XFAIL, "linux"),
        MakeCase("shutdown/send", Verdict::XPASS, "linux"),
        MakeCase("startup/null-data", Verdict::ERROR, "linux"),
    };
    report.cases[2].requirements = {"WSD-2"};
    report.cases[2].failedRequirements = {"WSD-2"};
    report.cases[2].divergences.front().requirements = {"WSD-2"};
    report.cases[6].requirements = {"WSD-9-UNCATALOGUED"};
    report.requirements = nlohmann::json::array({
        {{"id", "WSD-1"},
         {"source", "closesocket docs"},
         {"text", "hard close"},
         {"level", "MUST"}},
        {{"id", "WSD-2"}, {"source", "WSASendDisconnect"}, {"text", "errors"}, {"level", "SHOULD"}},
        {{"id", "WSD-3"},
         {"source", "shutdown docs"},
         {"text", "never checked"},
         {"level", "MUST"}},
    });
    return report;
}

/// \return a run with one case per verdict given
RunReport
ReportWith(const std::vector<Verdict>& verdicts)
{
    RunReport report;
    for (size_t i = 0; i < verdicts.size(); ++i)
    {
        report.cases.push_back(MakeCase("feature/case-" + std::to_string(i), verdicts[i]));
    }
    return report;
}

/// A parsed XML document, freed with the guard.
using XmlDocument = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

/// \return the document parsed strictly (no recovery, no network), or null when ill-formed
XmlDocument
ParseXml(const std::string& text)
{
    return XmlDocument(xmlReadMemory(text.data(),
                                     static_cast<int>(text.size()),
                                     "junit.xml",
                                     nullptr,
                                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
                       xmlFreeDoc);
}

/// \return the elements an XPath expression selects
std::vector<xmlNodePtr>
Select(xmlDocPtr document, const char* expression)
{
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> context(
        xmlXPathNewContext(document), xmlXPathFreeContext);
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(expression), context.get()),
        xmlXPathFreeObject);
    std::vector<xmlNodePtr> nodes;
    if (result && result->nodesetval)
    {
        for (int i = 0; i < result->nodesetval->nodeNr; ++i)
        {
            nodes.push_back(result->nodesetval->nodeTab[i]);
        }
    }
    return nodes;
}

/// \return an attribute's value, or nothing when absent
std::optional<std::string>
Attribute(xmlNodePtr node, const char* name)
{
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (value == nullptr)
    {
        return std::nullopt;
    }
    std::string text(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return text;
}

/// \return the text content of a node
std::string
Content(xmlNodePtr node)
{
    xmlChar* value = xmlNodeGetContent(node);
    std::string text(value ? reinterpret_cast<const char*>(value) : "");
    xmlFree(value);
    return text;
}

/// \return the testcase element named id
xmlNodePtr
TestCase(xmlDocPtr document, const std::string& id)
{
    for (auto* node : Select(document, "//testcase"))
    {
        if (Attribute(node, "name") == id)
        {
            return node;
        }
    }
    return nullptr;
}

/// \return the JUnit XML of a run
std::string
JUnitOf(const RunReport& report)
{
    std::ostringstream out;
    WriteJUnit(report, out);
    return out.str();
}

/**
 * \brief Validate a document against one of the schemas in conformance/test/xsd/.
 * \param document the document \param schemaFile the schema's file name
 * \return the validator's messages, one a line ("" when the document is valid)
 */
std::string
SchemaProblems(xmlDocPtr document, const std::string& schemaFile)
{
    const fs::path path = fs::absolute(fs::path(__FILE__)).parent_path() / "xsd" / schemaFile;
    std::unique_ptr<xmlSchemaParserCtxt, decltype(&xmlSchemaFreeParserCtxt)> parser(
        xmlSchemaNewParserCtxt(path.c_str()), xmlSchemaFreeParserCtxt);
    REQUIRE(parser);
    std::unique_ptr<xmlSchema, decltype(&xmlSchemaFree)> schema(xmlSchemaParse(parser.get()),
                                                                xmlSchemaFree);
    REQUIRE(schema);
    std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> validator(
        xmlSchemaNewValidCtxt(schema.get()), xmlSchemaFreeValidCtxt);
    REQUIRE(validator);
    std::string problems;
    // A generic lambda: libxml2 2.12 made the error parameter const, 2.9 has it not.
    xmlSchemaSetValidStructuredErrors(
        validator.get(),
        [](void* text, auto error)
        { *static_cast<std::string*>(text) += std::string(error->message ? error->message : "?"); },
        &problems);
    const int status = xmlSchemaValidateDoc(validator.get(), document);
    return status == 0 ? std::string() : (problems.empty() ? "invalid" : problems);
}

/// \return each `<testsuite>` of a JUnit document as a document of its own (a surefire file)
std::vector<XmlDocument>
SuitesAsDocuments(xmlDocPtr junit)
{
    std::vector<XmlDocument> suites;
    for (auto* suite : Select(junit, "/testsuites/testsuite"))
    {
        XmlDocument document(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")), xmlFreeDoc);
        xmlDocSetRootElement(document.get(), xmlDocCopyNode(suite, document.get(), 1));
        suites.push_back(std::move(document));
    }
    return suites;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Verdicts and exit status
// ---------------------------------------------------------------------------------------------

TEST_CASE("verdict_name_round_trips", "[report-writer]")
{
    for (auto verdict : {Verdict::PASS,
                         Verdict::FAIL,
                         Verdict::NON_STRICT,
                         Verdict::UNSUPPORTED,
                         Verdict::XFAIL,
                         Verdict::XPASS,
                         Verdict::ERROR})
    {
        REQUIRE(VerdictFromName(VerdictName(verdict)) == verdict);
    }
    CHECK(std::string(VerdictName(Verdict::NON_STRICT)) == "NON-STRICT");
    CHECK_FALSE(VerdictFromName("NON_STRICT").has_value());
    CHECK_FALSE(VerdictFromName("pass").has_value());
    CHECK_FALSE(VerdictFromName("").has_value());
}

TEST_CASE("exit_status_follows_the_worst_verdict", "[report-writer]")
{
    using V = Verdict;
    CHECK(ReportWith({}).ExitStatus() == 0);
    CHECK(ReportWith({V::PASS}).ExitStatus() == 0);
    CHECK(ReportWith({V::NON_STRICT}).ExitStatus() == 0);
    CHECK(ReportWith({V::UNSUPPORTED}).ExitStatus() == 0);
    CHECK(ReportWith({V::XFAIL}).ExitStatus() == 0);
    CHECK(ReportWith({V::XPASS}).ExitStatus() == 0);
    CHECK(ReportWith({V::PASS, V::NON_STRICT, V::UNSUPPORTED, V::XFAIL, V::XPASS}).ExitStatus()
          == 0);
    CHECK(ReportWith({V::FAIL}).ExitStatus() == 1);
    CHECK(ReportWith({V::PASS, V::XFAIL, V::FAIL, V::NON_STRICT}).ExitStatus() == 1);
    CHECK(ReportWith({V::ERROR}).ExitStatus() == 2);
    CHECK(ReportWith({V::FAIL, V::ERROR}).ExitStatus() == 2);
    CHECK(ReportWith({V::ERROR, V::FAIL}).ExitStatus() == 2);
    CHECK(ReportWith({V::PASS, V::XPASS, V::ERROR}).ExitStatus() == 2);
}

// ---------------------------------------------------------------------------------------------
// index.json
// ---------------------------------------------------------------------------------------------

TEST_CASE("case_result_json_round_trips", "[report-writer]")
{
    auto original = MakeCase("linger/close-unsent-data[linger=off]", Verdict::FAIL, "wine");
    original.referencePath = "scenarios/linger/close-unsent-data.reference/linger=off.jsonl";
    original.pcapPath = "pcap/x.pcap";
    original.wireObserved = false;
    auto json = original.ToJson();
    CHECK(json["verdict"] == "FAIL");
    CHECK(json["artifacts"]["trace"] == original.tracePath);
    CHECK(json["divergences"][0]["expected"] == original.divergences.front().expected);
    CHECK(json["divergences"][0]["kind"] == "api");

    auto copy = CaseResult::FromJson(nlohmann::json::parse(json.dump()));
    CHECK(copy.ToJson() == json);
    CHECK(copy.id == original.id);
    CHECK(copy.verdict == Verdict::FAIL);
    CHECK(copy.wireObserved == false);
    REQUIRE(copy.divergences.size() == 1);
    CHECK(copy.divergences.front().eventIndex == 3);
    CHECK(copy.divergences.front().context == original.divergences.front().context);
    CHECK(copy.divergences.front().level == "MUST");
    CHECK(copy.pcapPath == "pcap/x.pcap");

    auto pass = MakeCase("a/b", Verdict::PASS);
    pass.tracePath.clear();
    auto passJson = pass.ToJson();
    CHECK(passJson["divergences"] == nlohmann::json::array());
    CHECK(passJson["artifacts"]["trace"].is_null());
    auto passCopy = CaseResult::FromJson(passJson);
    CHECK(passCopy.divergences.empty());
    CHECK(passCopy.tracePath.empty());
    CHECK(passCopy.ToJson() == passJson);
}

TEST_CASE("case_result_from_json_refuses_bad_input", "[report-writer]")
{
    auto json = MakeCase("a/b", Verdict::PASS).ToJson();
    json["verdict"] = "GREAT";
    CHECK_THROWS_AS(CaseResult::FromJson(json), std::invalid_argument);
    json["verdict"] = "PASS";
    json["durationSeconds"] = "fast";
    CHECK_THROWS_AS(CaseResult::FromJson(json), std::invalid_argument);
    CHECK_THROWS_AS(CaseResult::FromJson(nlohmann::json::array()), std::invalid_argument);
    CHECK_THROWS_AS(CaseResult::FromJson(nlohmann::json{{"verdict", "PASS"}}),
                    std::invalid_argument);
}

TEST_CASE("index_json_round_trips_and_counts_every_verdict", "[report-writer]")
{
    auto report = MakeReport();
    std::ostringstream out;
    WriteIndexJson(report, out);
    auto index = nlohmann::json::parse(out.str());

    CHECK(index["tool"] == "wsdsim");
    CHECK(index["version"] == "0.1.0");
    CHECK(index["exitStatus"] == 2);
    CHECK(index["implementations"] == nlohmann::json::array({"model", "linux"}));
    for (const char* name :
         {"PASS", "FAIL", "NON-STRICT", "UNSUPPORTED", "XFAIL", "XPASS", "ERROR"})
    {
        CHECK(index["summary"][name] == 1);
    }
    CHECK(index["summary"]["total"] == 7);
    CHECK(index["summaryByImplementation"]["model"]["total"] == 3);
    CHECK(index["summaryByImplementation"]["linux"]["ERROR"] == 1);
    REQUIRE(index["cases"].size() == report.cases.size());

    auto copy = RunReportFromIndex(index);
    CHECK(copy.version == report.version);
    CHECK(copy.implementations == report.implementations);
    CHECK(copy.wallSeconds == report.wallSeconds);
    CHECK(copy.requirements == report.requirements);
    REQUIRE(copy.cases.size() == report.cases.size());
    for (size_t i = 0; i < report.cases.size(); ++i)
    {
        CHECK(copy.cases[i].ToJson() == report.cases[i].ToJson());
    }
    CHECK(IndexJson(copy) == index);
}

TEST_CASE("divergences_are_ordered_api_then_delivery_then_wire_each_by_event", "[report-writer]")
{
    const auto make = [](DivergenceKind kind, size_t eventIndex, const std::string& what)
    {
        Divergence divergence;
        divergence.kind = kind;
        divergence.eventIndex = eventIndex;
        divergence.what = what;
        return divergence;
    };
    std::vector<Divergence> divergences{
        make(DivergenceKind::WIRE, 2, "extra FIN"),
        make(DivergenceKind::DELIVERY, 9, "bytes lost"),
        make(DivergenceKind::API, 12, "never returned"),
        make(DivergenceKind::WIRE, 1, "late SYN"),
        make(DivergenceKind::API, 5, "wrong error"),
        make(DivergenceKind::API, 5, "set-up error, noted later"),
    };
    OrderDivergences(divergences);
    std::vector<std::string> order;
    for (const auto& divergence : divergences)
    {
        order.push_back(divergence.what);
    }
    CHECK(order
          == std::vector<std::string>{"wrong error",
                                      "set-up error, noted later",
                                      "never returned",
                                      "bytes lost",
                                      "late SYN",
                                      "extra FIN"});
}

TEST_CASE("index_json_lists_every_divergence_in_order_and_reads_format_1", "[report-writer]")
{
    auto report = ReportWith({Verdict::FAIL});
    Divergence wire = report.cases[0].divergences.front();
    wire.kind = DivergenceKind::WIRE;
    wire.what = "host 0 tx: a control segment the reference does not have";
    report.cases[0].divergences.push_back(wire);
    auto index = IndexJson(report);
    CHECK(index["indexFormat"] == 2);
    const auto& listed = index["cases"][0]["divergences"];
    REQUIRE(listed.size() == 2);
    CHECK(listed[0]["kind"] == "api");
    CHECK(listed[1]["kind"] == "wire");
    CHECK(listed[1]["what"] == wire.what);
    CHECK_FALSE(index["cases"][0].contains("divergence"));

    // A shard written before the list (indexFormat 1): its one divergence, its kind inferred.
    auto formatOne = index;
    formatOne["indexFormat"] = 1;
    auto& oldCase = formatOne["cases"][0];
    oldCase["divergence"] = oldCase["divergences"][1];
    oldCase["divergence"].erase("kind");
    oldCase.erase("divergences");
    const auto read = RunReportFromIndex(formatOne);
    REQUIRE(read.cases[0].divergences.size() == 1);
    CHECK(read.cases[0].divergences[0].what == wire.what);
    CHECK(read.cases[0].divergences[0].kind == DivergenceKind::WIRE);
    oldCase["divergence"]["what"] = "step x (recv) matched none of its acceptable outcomes";
    CHECK(RunReportFromIndex(formatOne).cases[0].divergences[0].kind == DivergenceKind::API);

    // A divergence of an unknown kind is refused, naming where.
    index["cases"][0]["divergences"][1]["kind"] = "timing";
    CHECK_THROWS_WITH(RunReportFromIndex(index),
                      Catch::Contains("/cases/0/divergences/1/kind")
                          && Catch::Contains("\"api\", \"delivery\" or \"wire\""));
}

TEST_CASE("index_json_survives_invalid_utf8", "[report-writer]")
{
    auto report = ReportWith({Verdict::FAIL});
    report.cases[0].divergences.front().actual = std::string("data \xff\xfe end");
    std::ostringstream out;
    REQUIRE_NOTHROW(WriteIndexJson(report, out));
    auto index = nlohmann::json::parse(out.str());
    CHECK(index["cases"][0]["divergences"][0]["actual"] == "data \xEF\xBF\xBD\xEF\xBF\xBD end");
}

// ---------------------------------------------------------------------------------------------
// junit.xml
// ---------------------------------------------------------------------------------------------

TEST_CASE("junit_is_well_formed_and_names_every_testcase", "[report-writer]")
{
    auto report = MakeReport();
    auto xml = JUnitOf(report);
    auto document = ParseXml(xml);
    REQUIRE(document);

    auto suites = Select(document.get(), "/testsuites/testsuite");
    REQUIRE(suites.size() == 2);
    CHECK(Attribute(suites[0], "name") == "wsdsim.model");
    CHECK(Attribute(suites[1], "name") == "wsdsim.linux");
    CHECK(Attribute(suites[0], "tests") == "3");
    CHECK(Attribute(suites[0], "failures") == "1");
    CHECK(Attribute(suites[0], "errors") == "0");
    CHECK(Attribute(suites[0], "skipped") == "0");
    CHECK(Attribute(suites[1], "tests") == "4");
    CHECK(Attribute(suites[1], "failures") == "0");
    CHECK(Attribute(suites[1], "errors") == "1");
    CHECK(Attribute(suites[1], "skipped") == "2");
    CHECK(Attribute(suites[0], "time") == "0.750");

    auto testcases = Select(document.get(), "//testcase");
    REQUIRE(testcases.size() == report.cases.size());
    for (auto* testcase : testcases)
    {
        auto name = Attribute(testcase, "name");
        auto classname = Attribute(testcase, "classname");
        REQUIRE(name);
        REQUIRE(classname);
        CHECK_FALSE(name->empty());
        CHECK(classname->rfind("wsdsim.", 0) == 0);
        CHECK(Attribute(testcase, "time"));
    }
    auto* failing = TestCase(document.get(), "linger/close-unsent-data[linger=off]");
    REQUIRE(failing);
    CHECK(Attribute(failing, "classname") == "wsdsim.model.linger");
    CHECK(Attribute(failing, "time") == "0.250");
}

TEST_CASE("junit_maps_each_verdict_to_its_element", "[report-writer]")
{
    auto report = MakeReport();
    auto document = ParseXml(JUnitOf(report));
    REQUIRE(document);
    auto children = [&](const std::string& id, const char* element)
    {
        auto* testcase = TestCase(document.get(), id);
        REQUIRE(testcase);
        std::vector<xmlNodePtr> found;
        for (auto* child = testcase->children; child; child = child->next)
        {
            if (child->type == XML_ELEMENT_NODE
                && xmlStrcmp(child->name, reinterpret_cast<const xmlChar*>(element)) == 0)
            {
                found.push_back(child);
            }
        }
        return found;
    };
    auto elementCount = [&](const std::string& id)
    {
        size_t count = 0;
        auto* testcase = TestCase(document.get(), id);
        for (auto* child = testcase->children; child; child = child->next)
        {
            count += child->type == XML_ELEMENT_NODE ? 1 : 0;
        }
        return count;
    };

    // PASS: no child
    CHECK(elementCount("linger/close-unsent-data[linger=abortive]") == 0);

    // FAIL: failure with expected, actual and context
    auto failures = children("linger/close-unsent-data[linger=off]", "failure");
    REQUIRE(failures.size() == 1);
    CHECK(Attribute(failures[0], "type") == "FAIL");
    CHECK(Attribute(failures[0], "message") == "recv returned 0 instead of blocking");
    auto body = Content(failures[0]);
    CHECK_THAT(body, Catch::Contains("Expected: {\"call\":\"recv\",\"result\":\"positive\"}"));
    CHECK_THAT(body, Catch::Contains("Actual: {\"call\":\"recv\",\"result\":0}"));
    CHECK_THAT(body, Catch::Contains("  {\"call\":\"send\"}"));
    CHECK_THAT(body, Catch::Contains("Trace: traces/model/"));

    // NON-STRICT: passes, with a note
    const std::string nonStrict = "errors/send-disconnect-not-connected";
    CHECK(children(nonStrict, "failure").empty());
    CHECK(children(nonStrict, "error").empty());
    CHECK(children(nonStrict, "skipped").empty());
    auto notes = children(nonStrict, "system-out");
    REQUIRE(notes.size() == 1);
    CHECK_THAT(Content(notes[0]), Catch::StartsWith("NON-STRICT: a SHOULD"));
    CHECK_THAT(Content(notes[0]), Catch::Contains("Level: SHOULD"));

    // UNSUPPORTED: skipped with the reason
    auto skipped = children("hooks/cancel-blocking-call", "skipped");
    REQUIRE(skipped.size() == 1);
    CHECK(Attribute(skipped[0], "message") == "no blocking hook on Linux");

    // XFAIL: skipped, message prefixed
    auto xfail = children("shutdown/both", "skipped");
    REQUIRE(xfail.size() == 1);
    CHECK(Attribute(xfail[0], "message") == "XFAIL: recv returned early");
    CHECK(children("shutdown/both", "failure").empty());

    // XPASS: passes, with a note
    CHECK(children("shutdown/send", "failure").empty());
    CHECK(children("shutdown/send", "skipped").empty());
    auto xpass = children("shutdown/send", "system-out");
    REQUIRE(xpass.size() == 1);
    CHECK_THAT(Content(xpass[0]), Catch::StartsWith("XPASS:"));

    // ERROR: error
    auto errors = children("startup/null-data", "error");
    REQUIRE(errors.size() == 1);
    CHECK(Attribute(errors[0], "message") == "backend crashed: signal 11");
    CHECK(Attribute(errors[0], "type") == "ERROR");
}

TEST_CASE("junit_escapes_markup_control_characters_and_invalid_utf8", "[report-writer]")
{
    RunReport report;
    report.implementations = {"wine-8.0"};
    auto result = MakeCase("x/a<b>&\"c'[d=e]", Verdict::FAIL, "wine-8.0");
    result.divergences.front().what = "line one\nline two\ttab \x01 bell\x07 cr\r end";
    result.divergences.front().expected = "]]> <![CDATA[ & </failure>";
    result.divergences.front().actual = std::string("bytes \xff\xc0\x80 \xe2\x82\xac ok");
    result.divergences.front().context = {"\x1b[31mred\x1b[0m"};
    report.cases = {result};

    auto xml = JUnitOf(report);
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find('\x07') == std::string::npos);
    CHECK(xml.find('\x1b') == std::string::npos);
    CHECK(xml.find('\xff') == std::string::npos);
    auto document = ParseXml(xml);
    REQUIRE(document);

    auto testcases = Select(document.get(), "//testcase");
    REQUIRE(testcases.size() == 1);
    CHECK(Attribute(testcases[0], "name") == "x/a<b>&\"c'[d=e]");
    // dots inside a component would move Jenkins' package/class split
    CHECK(Attribute(testcases[0], "classname") == "wsdsim.wine-8_0.x");
    auto failures = Select(document.get(), "//failure");
    REQUIRE(failures.size() == 1);
    // line ends and tabs survive attribute-value normalisation
    CHECK(Attribute(failures[0], "message") == "line one\nline two\ttab \\x01 bell\\x07 cr\r end");
    auto body = Content(failures[0]);
    CHECK_THAT(body, Catch::Contains("Expected: ]]> <![CDATA[ & </failure>"));
    CHECK_THAT(body, Catch::Contains("Actual: bytes \\xFF\\xC0\\x80 \xe2\x82\xac ok"));
    CHECK_THAT(body, Catch::Contains("\\x1B[31mred\\x1B[0m"));
}

TEST_CASE("junit_is_valid_for_jenkins_xunit_and_for_surefire_suite_by_suite", "[report-writer]")
{
    // Every verdict, two implementations, and text that needs escaping.
    auto report = MakeReport();
    auto escaped = MakeCase("x/a<b>&\"c'[d=e]", Verdict::FAIL, "wine-8.0");
    escaped.divergences.front().what = "line one\nline two\ttab \x01 bell";
    escaped.divergences.push_back(escaped.divergences.front());
    report.cases.push_back(escaped);
    const auto document = ParseXml(JUnitOf(report));
    REQUIRE(document);

    CHECK(SchemaProblems(document.get(), "jenkins-xunit-junit-10.xsd").empty());
    const auto suites = SuitesAsDocuments(document.get());
    REQUIRE(suites.size() == 3);
    for (const auto& suite : suites)
    {
        CHECK(SchemaProblems(suite.get(), "surefire-test-report.xsd").empty());
    }

    // The schemas are strict where a reader is: "skipped" on <testsuites> (what the xunit
    // plugin refused), a testcase without time (what surefire refuses).
    auto* root = xmlDocGetRootElement(document.get());
    xmlSetProp(
        root, reinterpret_cast<const xmlChar*>("skipped"), reinterpret_cast<const xmlChar*>("2"));
    CHECK_THAT(SchemaProblems(document.get(), "jenkins-xunit-junit-10.xsd"),
               Catch::Contains("skipped"));
    auto* testcase = Select(suites[0].get(), "//testcase")[0];
    xmlUnsetProp(testcase, reinterpret_cast<const xmlChar*>("time"));
    CHECK_THAT(SchemaProblems(suites[0].get(), "surefire-test-report.xsd"),
               Catch::Contains("time"));
}

TEST_CASE("junit_file_is_written_atomically_where_asked", "[report-writer]")
{
    ScratchDirectory scratch;
    auto path = scratch.Path() / "ci" / "results" / "wsdsim.xml";
    WriteJUnitFile(MakeReport(), path);
    REQUIRE(fs::exists(path));
    CHECK(ParseXml(ReadFile(path)));
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path.parent_path()))
    {
        names.push_back(entry.path().filename().string());
    }
    CHECK(names == std::vector<std::string>{"wsdsim.xml"});
}

// ---------------------------------------------------------------------------------------------
// summary.md and summary.html
// ---------------------------------------------------------------------------------------------

TEST_CASE("markdown_matrix_lists_every_requirement", "[report-writer]")
{
    auto report = MakeReport();
    std::ostringstream out;
    WriteSummaryMarkdown(report, out);
    auto md = out.str();

    for (const auto& requirement : report.requirements)
    {
        CHECK_THAT(md, Catch::Contains("| `" + requirement["id"].get<std::string>() + "` |"));
    }
    auto uncovered = md.find("### Requirements covered by no case");
    REQUIRE(uncovered != std::string::npos);
    CHECK(md.find("- `WSD-3`", uncovered) != std::string::npos);
    CHECK(md.find("- `WSD-1`", uncovered) == std::string::npos);
    auto uncatalogued = md.find("### Requirement ids not in the catalogue");
    REQUIRE(uncatalogued != std::string::npos);
    CHECK(md.find("- `WSD-9-UNCATALOGUED`", uncatalogued) != std::string::npos);

    // counts per verdict, per implementation and in total
    CHECK_THAT(md, Catch::Contains("| FAIL | a MUST broken | 1 | 0 | 1 |"));
    CHECK_THAT(md, Catch::Contains("| ERROR | harness or input fault, crash, hang | 0 | 1 | 1 |"));
    // the case table with its first divergence
    CHECK_THAT(md,
               Catch::Contains("| `linger/close-unsent-data[linger=off]` | model | **FAIL** | "
                               "0.250 | event 3: recv returned 0 instead of blocking"));
    // the matrix cell of WSD-1 for model: held by the PASS case, broken by the FAIL case
    CHECK_THAT(md, Catch::Contains("\u2713 `linger/close-unsent-data[linger=abortive]`"));
    CHECK_THAT(md, Catch::Contains("\u2717 `linger/close-unsent-data[linger=off]` FAIL"));
    // relative links to traces
    CHECK_THAT(md, Catch::Contains("[trace](traces/model/linger/"));
    CHECK_THAT(md, Catch::Contains("Expected:\n\n```text\n"));
}

TEST_CASE("markdown_escapes_table_breaking_text", "[report-writer]")
{
    auto report = ReportWith({Verdict::FAIL});
    report.cases[0].divergences.front().what = "a | b\nc <script>";
    report.cases[0].divergences.front().expected = "x|y `z`";
    std::ostringstream out;
    WriteSummaryMarkdown(report, out);
    auto md = out.str();
    CHECK_THAT(md, Catch::Contains("a \\| b<br>c \\<script\\>"));
    CHECK_THAT(md, Catch::Contains("(expected `` x\\|y `z` ``, got"));
    CHECK(md.find("<script>") == std::string::npos);
}

TEST_CASE("html_is_self_contained_with_divergences_side_by_side", "[report-writer]")
{
    auto report = MakeReport();
    report.cases[1].divergences.front().expected = "<b>bold</b> & \x02";
    std::ostringstream out;
    WriteSummaryHtml(report, out);
    auto html = out.str();

    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK_THAT(html, Catch::Contains("<style>"));
    CHECK_THAT(html, Catch::Contains("<span class=\"v v-fail\">FAIL</span>"));
    CHECK_THAT(html, Catch::Contains("<th>Expected</th><th>Actual</th>"));
    CHECK_THAT(html, Catch::Contains("<pre>&lt;b&gt;bold&lt;/b&gt; &amp; \\x02</pre>"));
    CHECK_THAT(
        html,
        Catch::Contains("href=\"traces/model/linger/close-unsent-data%5Blinger%3Doff%5D.jsonl\""));
    for (const auto& requirement : report.requirements)
    {
        CHECK_THAT(html,
                   Catch::Contains("<code>" + requirement["id"].get<std::string>() + "</code>"));
    }
    CHECK_THAT(html, Catch::Contains("<span class=\"uncovered\">not covered</span>"));
    // a detail section for each of the six non-PASS cases, none for the PASS case
    for (size_t index = 0; index < report.cases.size(); ++index)
    {
        auto anchor = "<article id=\"case-" + std::to_string(index) + "\"";
        CHECK((html.find(anchor) != std::string::npos) == (index != 0));
    }

    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> document(
        htmlReadMemory(html.data(),
                       static_cast<int>(html.size()),
                       "summary.html",
                       "UTF-8",
                       HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING),
        xmlFreeDoc);
    REQUIRE(document);
    // verdicts, the case x implementation matrix (the report has two implementations), cases,
    // requirements, and expected | actual of FAIL, NON-STRICT and XFAIL
    CHECK(Select(document.get(), "//section[@id='matrix']/table").size() == 1);
    CHECK(Select(document.get(), "//table").size() == 7);
}

// ---------------------------------------------------------------------------------------------
// Atomic report folders
// ---------------------------------------------------------------------------------------------

TEST_CASE("staging_commit_creates_the_report_with_its_traces", "[report-writer]")
{
    ScratchDirectory scratch;
    auto target = scratch.Path() / "reports" / "latest";
    ReportStaging staging;
    auto directory = staging.Begin(target);
    CHECK(staging.IsActive());
    CHECK(directory.parent_path() == target.parent_path());
    CHECK(directory.filename().string().rfind(".latest.tmp-" + std::to_string(::getpid()), 0) == 0);
    CHECK_FALSE(fs::exists(target));

    fs::create_directories(directory / "traces");
    std::ofstream(directory / "traces" / "a.jsonl") << "{\"kind\":\"header\"}\n";
    staging.Commit(MakeReport());
    CHECK_FALSE(staging.IsActive());

    for (const char* name : {"index.json", "junit.xml", "summary.md", "summary.html"})
    {
        CHECK(fs::is_regular_file(target / name));
    }
    CHECK(ReadFile(target / "traces" / "a.jsonl") == "{\"kind\":\"header\"}\n");
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(target.parent_path()))
    {
        names.push_back(entry.path().filename().string());
    }
    CHECK(names == std::vector<std::string>{"latest"});
}

TEST_CASE("commit_over_existing_report_replaces_it_and_leaves_no_temporaries", "[report-writer]")
{
    ScratchDirectory scratch;
    auto target = scratch.Path() / "run";
    WriteReport(ReportWith({Verdict::FAIL}), target);
    std::ofstream(target / "old-only.txt") << "old";

    ReportStaging staging;
    auto directory = staging.Begin(target / ""); // a trailing '/' names the same folder
    std::ofstream(directory / "new-only.txt") << "new";
    // readers see the complete old report until the commit
    CHECK(fs::exists(target / "old-only.txt"));
    staging.Commit(ReportWith({Verdict::PASS, Verdict::PASS}));

    CHECK_FALSE(fs::exists(target / "old-only.txt"));
    CHECK(fs::exists(target / "new-only.txt"));
    auto index = nlohmann::json::parse(ReadFile(target / "index.json"));
    CHECK(index["summary"]["PASS"] == 2);
    CHECK(index["exitStatus"] == 0);
    CHECK(scratch.Entries() == std::vector<std::string>{"run"});

    // and once more through WriteReport
    WriteReport(ReportWith({Verdict::ERROR}), target);
    CHECK(nlohmann::json::parse(ReadFile(target / "index.json"))["exitStatus"] == 2);
    CHECK_FALSE(fs::exists(target / "new-only.txt"));
    CHECK(scratch.Entries() == std::vector<std::string>{"run"});
}

TEST_CASE("abandon_leaves_nothing_and_keeps_the_old_report", "[report-writer]")
{
    ScratchDirectory scratch;
    auto fresh = scratch.Path() / "fresh";
    {
        ReportStaging staging;
        auto directory = staging.Begin(fresh);
        std::ofstream(directory / "trace.jsonl") << "x";
        staging.Abandon();
        CHECK_FALSE(staging.IsActive());
        CHECK(scratch.Entries().empty());
        staging.Abandon(); // twice is harmless
    }

    auto kept = scratch.Path() / "kept";
    WriteReport(ReportWith({Verdict::PASS}), kept);
    auto before = ReadFile(kept / "index.json");
    {
        ReportStaging staging;
        auto directory = staging.Begin(kept);
        std::ofstream(directory / "trace.jsonl") << "x";
        staging.Abandon();
    }
    CHECK(ReadFile(kept / "index.json") == before);
    CHECK(scratch.Entries() == std::vector<std::string>{"kept"});

    // destroyed without Commit (an exception unwinding): same as Abandon
    {
        ReportStaging staging;
        staging.Begin(fresh);
    }
    CHECK(scratch.Entries() == std::vector<std::string>{"kept"});
}

TEST_CASE("staging_refuses_to_replace_what_is_not_a_report", "[report-writer]")
{
    ScratchDirectory scratch;
    auto source = scratch.Path() / "src";
    fs::create_directories(source);
    std::ofstream(source / "main.cc") << "int main() {}";
    ReportStaging staging;
    CHECK_THROWS_AS(staging.Begin(source), std::runtime_error);
    CHECK_FALSE(staging.IsActive());
    CHECK(fs::exists(source / "main.cc"));

    std::ofstream(scratch.Path() / "file") << "x";
    CHECK_THROWS_AS(staging.Begin(scratch.Path() / "file"), std::runtime_error);

    fs::create_directories(scratch.Path() / "empty");
    CHECK_NOTHROW(staging.Begin(scratch.Path() / "empty"));
    staging.Commit(ReportWith({Verdict::PASS}));
    CHECK(fs::exists(scratch.Path() / "empty" / "index.json"));

    CHECK_THROWS_AS(staging.Commit(ReportWith({})), std::logic_error);
    AtomicDirectory root;
    CHECK_THROWS_AS(root.Begin("/"), std::invalid_argument);
}

TEST_CASE("begin_removes_leftovers_of_killed_runs_only", "[report-writer]")
{
    ScratchDirectory scratch;
    auto target = scratch.Path() / "run";

    // a process that has exited: its pid names no process any more
    pid_t dead = ::fork();
    REQUIRE(dead >= 0);
    if (dead == 0)
    {
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(dead, &status, 0);

    auto deadStaging = scratch.Path() / (".run.tmp-" + std::to_string(dead) + "-0");
    auto deadOld = scratch.Path() / (".run.old-" + std::to_string(dead) + "-3");
    auto liveStaging = scratch.Path() / (".run.tmp-1-0"); // pid 1 always runs
    auto otherTarget = scratch.Path() / (".other.tmp-" + std::to_string(dead) + "-0");
    for (const auto& path : {deadStaging, deadOld, liveStaging, otherTarget})
    {
        fs::create_directories(path / "traces");
    }

    ReportStaging staging;
    auto directory = staging.Begin(target);
    CHECK_FALSE(fs::exists(deadStaging));
    CHECK_FALSE(fs::exists(deadOld));
    CHECK(fs::exists(liveStaging));
    CHECK(fs::exists(otherTarget));
    CHECK(fs::exists(directory));
    staging.Abandon();
}

TEST_CASE("atomic_directory_refuses_the_working_directory_and_its_parents", "[report-writer]")
{
    ScratchDirectory scratch;
    auto inner = scratch.Path() / "work";
    fs::create_directories(inner);
    auto previous = fs::current_path();
    fs::current_path(inner);
    AtomicDirectory directory;
    CHECK_THROWS_AS(directory.Begin("."), std::invalid_argument);
    CHECK_THROWS_AS(directory.Begin(".."), std::invalid_argument);
    CHECK_THROWS_AS(directory.Begin(scratch.Path()), std::invalid_argument);
    CHECK_NOTHROW(directory.Begin("reports/latest"));
    directory.Abandon();
    fs::current_path(previous);
    CHECK(fs::exists(inner));
    CHECK(IsReportFolder(inner) == false);
}

TEST_CASE("killed_run_leaves_the_old_report_and_its_staging_is_cleaned_up", "[report-writer]")
{
    ScratchDirectory scratch;
    auto target = scratch.Path() / "run";
    WriteReport(ReportWith({Verdict::PASS}), target);
    auto before = ReadFile(target / "index.json");

    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0)
    {
        ReportStaging staging;
        auto directory = staging.Begin(target);
        std::ofstream(directory / "half-written.jsonl") << "{\"kind\":";
        ::kill(::getpid(), SIGKILL); // no destructor, no Commit
        ::_exit(3);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));

    CHECK(ReadFile(target / "index.json") == before);
    CHECK_FALSE(fs::exists(target / "half-written.jsonl"));
    CHECK(scratch.Entries().size() == 2); // the report and the killed run's staging folder

    ReportStaging staging;
    staging.Begin(target);
    staging.Commit(ReportWith({Verdict::FAIL}));
    CHECK(scratch.Entries() == std::vector<std::string>{"run"});
}

// junit.xml: the run as JUnit XML, for the test reports of GitLab, Jenkins and GitHub.
#ifndef WSDSIM_JUNIT_H
#define WSDSIM_JUNIT_H

#include <filesystem>
#include <ostream>

#include "judge/case-result.h"

namespace wsdsim
{

/// The name of the JUnit file in a report folder.
constexpr const char* kJUnitFileName = "junit.xml";

/**
 * \brief Write JUnit XML as GitLab, Jenkins and GitHub test reporters read it.
 *
 * One `<testsuite name="wsdsim.<implementation>">` per implementation; every `<testcase>` has
 * `name` (the case id), `classname` (`wsdsim.<implementation>.<feature>`, dots inside a
 * component replaced by '_') and `time`. FAIL gives `<failure type="FAIL">`, ERROR `<error
 * type="ERROR">`, UNSUPPORTED `<skipped>`, XFAIL `<skipped message="XFAIL: ...">`; NON-STRICT
 * and XPASS pass with a `<system-out>` note. Text is escaped for XML 1.0: control characters
 * and invalid UTF-8 become visible `\xNN`. The file is valid for the strictest common readers:
 * Jenkins' xunit plugin (junit-10.xsd: `skipped` counted on each `<testsuite>`, never on
 * `<testsuites>`) and, suite by suite, Maven surefire's report schema (conformance/test/xsd/).
 * \param report the run \param out where to write
 */
void WriteJUnit(const RunReport& report, std::ostream& out);

/**
 * \brief Write a JUnit file atomically (a temporary sibling renamed into place), creating its
 * parent directories: for `--junit PATH`.
 * \throws std::runtime_error or std::filesystem::filesystem_error on failure
 */
void WriteJUnitFile(const RunReport& report, const std::filesystem::path& path);

} // namespace wsdsim

#endif // WSDSIM_JUNIT_H

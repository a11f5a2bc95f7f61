// What every report file says about a run: the verdicts in order, how many cases got each, the
// headline, why a case did not pass, the files it left, and the case x implementation grid.
#ifndef WSDSIM_RUN_SUMMARY_H
#define WSDSIM_RUN_SUMMARY_H

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "judge/case-result.h"

namespace wsdsim
{

/// Every verdict, in the order reports list them (the enumeration's order).
constexpr std::array<Verdict, 7> kVerdicts{
    Verdict::PASS,
    Verdict::FAIL,
    Verdict::NON_STRICT,
    Verdict::UNSUPPORTED,
    Verdict::XFAIL,
    Verdict::XPASS,
    Verdict::ERROR,
};

/// \return what a verdict means, for the reports' legends
const char* VerdictMeaning(Verdict verdict);

/// How many cases got each verdict.
struct VerdictCounts
{
    std::array<size_t, kVerdicts.size()> m_count{}; //!< indexed by the verdict's value
    size_t m_total{0};                              //!< all cases
    double m_seconds{0};                            //!< sum of the cases' durations

    /// Count one case.
    void Add(const CaseResult& result);

    /// \return the number of cases with that verdict
    size_t Get(Verdict verdict) const;

    /// \return the counts as JSON: every verdict name, and "total"
    nlohmann::json ToJson() const;
};

/// \return the implementations of the run: the declared ones, then any others cases name
std::vector<std::string> Implementations(const RunReport& report);

/// \return the counts over all cases
VerdictCounts CountAll(const RunReport& report);

/// \return the counts per implementation (every implementation of the run, even without cases)
std::map<std::string, VerdictCounts> CountByImplementation(const RunReport& report);

/// The counts every report file shows, taken once from a run.
struct RunTally
{
    std::vector<std::string> m_implementations;              //!< Implementations()
    std::map<std::string, VerdictCounts> m_byImplementation; //!< CountByImplementation()
    VerdictCounts m_all;                                     //!< CountAll()

    /// \return the tally of a run
    static RunTally Of(const RunReport& report);

    /// \return the counts of one of the run's implementations
    const VerdictCounts& Get(const std::string& implementation) const;
};

/// \return a one-line headline of the exit status
std::string Headline(const RunReport& report, const VerdictCounts& counts);

/// \return a one-line summary of why a case did not pass: the first listed divergence (and how
/// many follow), else the reason
std::string ShortWhy(const CaseResult& result);

/// \return the indexes of the cases that did not pass, in run order
std::vector<size_t> CasesNotPassed(const RunReport& report);

/// A file a case left behind, as a report links to it.
struct ArtifactLink
{
    std::string m_label; //!< "trace", "reference", "pcap", "pcap host 0"
    std::string m_path;  //!< the file, as the case names it
};

/**
 * \return a case's artifacts: its trace, its reference, then its pcaps (none for paths it does
 * not have)
 * \param result the case
 * \param onePerPcap whether to split `pcapPath` at spaces into one link per pcap (the model
 *        writes one per host: "pcap host 0", "pcap host 1"), else one "pcap" link to it whole
 */
std::vector<ArtifactLink> ArtifactLinks(const CaseResult& result, bool onePerPcap);

/// The case x implementation grid: each case id, and where each implementation's run of it is.
struct CaseGrid
{
    std::vector<std::string> m_ids; //!< case ids, in the order of their first run
    std::map<std::pair<std::string, std::string>, size_t> m_index; //!< (id, implementation) -> case

    /// \return the grid of a run
    static CaseGrid Build(const RunReport& report);

    /// \return the index of a case's run on an implementation, if there is one
    const size_t* Find(const std::string& id, const std::string& implementation) const;
};

} // namespace wsdsim

#endif // WSDSIM_RUN_SUMMARY_H

// The requirement x case matrix of a run: the catalogue, which cases check each requirement, and
// what each of those cases says about it.
#ifndef WSDSIM_REQUIREMENT_MATRIX_H
#define WSDSIM_REQUIREMENT_MATRIX_H

#include <map>
#include <string>
#include <vector>

#include "judge/case-result.h"

namespace wsdsim
{

/// One entry of the requirement catalogue.
struct Requirement
{
    std::string m_id;     //!< stable id
    std::string m_source; //!< the document and clause
    std::string m_text;   //!< what it requires
    std::string m_level;  //!< MUST, SHOULD, ...
};

/// What one case says about one requirement.
enum class Coverage
{
    HELD,         //!< its outcomes held
    BROKEN,       //!< an outcome concerning it was broken
    NOT_RUN,      //!< the case was UNSUPPORTED
    FAULT,        //!< the case was ERROR
    UNDETERMINED, //!< the case did not pass, but not because of this requirement as far as known
};

/// \return what a case says about a requirement it names
Coverage CoverageOf(const CaseResult& result, const std::string& id);

/// \return the mark of a coverage in the matrix
const char* CoverageMark(Coverage coverage);

/// \return a coverage's CSS class
const char* CoverageClass(Coverage coverage);

/// The legend of the matrix marks.
constexpr const char* kCoverageLegend = "\u2713 held, \u2717 broken, \u2013 not run (UNSUPPORTED), "
                                        "! harness fault (ERROR), ? case did not pass, requirement "
                                        "not known to be the cause";

/// The requirement x case matrix.
struct Matrix
{
    std::vector<Requirement> m_catalogue;               //!< rows, in catalogue order
    std::map<std::string, std::vector<size_t>> m_cases; //!< id -> indexes of cases
    std::vector<std::string> m_uncatalogued;            //!< ids cases name, not catalogued
    std::vector<const Requirement*> m_uncovered;        //!< catalogued, covered by none

    /// \return the matrix of a run
    static Matrix Build(const RunReport& report);

    /// \return whether the run's requirement ids were checked: it has a catalogue, and that
    ///         holds every id its cases name
    bool IdsChecked() const
    {
        return !m_catalogue.empty() && m_uncatalogued.empty();
    }

    /// \return the indexes of the cases of one implementation that cover a requirement
    std::vector<size_t> CasesOf(const RunReport& report,
                                const std::string& id,
                                const std::string& implementation) const;
};

} // namespace wsdsim

#endif // WSDSIM_REQUIREMENT_MATRIX_H

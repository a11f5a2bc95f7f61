// The flag sets a real stack's control segment may carry where the reference's carries another,
// each with why it is acceptable: a table the comparator reads, so that every such allowance is
// written down in one place (docs/findings.md, "How a real implementation is judged").
#ifndef WSDSIM_FLAG_EQUIVALENCE_H
#define WSDSIM_FLAG_EQUIVALENCE_H

#include <span>
#include <string>
#include <string_view>

namespace wsdsim
{

/// A flag set accepted in place of the reference's.
struct FlagAlternative
{
    std::string_view reference; //!< the reference's flags, as a trace writes them ("RST")
    std::string_view accepted;  //!< the flags accepted in their place ("RST|ACK")
    std::string_view why;       //!< why the difference does not change the disconnect, cited
};

/// \return every alternative, in the table's order
std::span<const FlagAlternative> FlagAlternatives();

/// \return whether two flag texts name the same set of flags ("SYN|ACK" and "ACK|SYN" do)
bool SameFlagSet(std::string_view a, std::string_view b);

/**
 * \brief Whether a segment's flags agree with the reference's: the same set exactly, or a set
 * the table accepts in place of the reference's.
 * \param actual the trace's flags \param expected the reference's flags
 * \return whether they agree
 */
bool FlagsAgree(std::string_view actual, std::string_view expected);

/// \return the flag sets that agree with the reference's: "RST or RST|ACK", "SYN|ACK"
std::string AgreeingFlagSets(std::string_view expected);

} // namespace wsdsim

#endif // WSDSIM_FLAG_EQUIVALENCE_H

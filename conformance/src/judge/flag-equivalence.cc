// The flag sets accepted in place of the reference's, and why (see flag-equivalence.h).
#include "judge/flag-equivalence.h"

#include <array>
#include <set>

namespace wsdsim
{

namespace
{

/// The table. The reference is the model, whose TCP is ns-3.37's; a real stack's control
/// segments are compared with its segments (WireDetail::CONTROL), the flag set exactly unless
/// an entry here accepts another. Each entry says why the receiver's state machine, and so the
/// disconnect a scenario checks, is the same either way. The converse of an entry is not
/// accepted unless it has an entry of its own.
constexpr std::array<FlagAlternative, 4> kAlternatives{{
    // A reset on a synchronized connection (closesocket under linger {1,0}, or with data
    // received and not read): ns-3's TcpSocketBase::SendRST sends RST alone, as RFC 9293 3.10.4
    // (ABORT: <SEQ=SND.NXT><CTL=RST>) writes it; Linux 6.x, and Wine 8.0 over it, set ACK too
    // (observed on loopback: on Linux, linger/hard-close-no-time-wait[close=hard],
    // faults/peer-reset-during-linger and errors/send-disconnect-after-reset FAIL without this
    // entry; the abortive linger/closesocket-linger cases send RST|ACK too).
    {"RST",
     "RST|ACK",
     "RFC 9293 3.1: once a connection is established the acknowledgment is always sent; a "
     "receiver in a synchronized state checks a reset by its sequence number and acts on it "
     "before it looks at the ACK field (RFC 9293 3.5.3, 3.10.7.4: \"second, check the RST "
     "bit\" before \"fifth, check the ACK field\"). Not the converse: a reset answering a SYN "
     "must carry ACK (RFC 9293 3.5.2), or a SYN-SENT peer ignores it (3.10.7.3)."},
    // A FIN that carries the last bytes of a send: ns-3 never sets PSH; Linux sets it on the
    // last segment of a write, and a FIN queued behind that segment before it leaves goes out
    // in it (tcp_send_fin). Not seen in this suite on loopback, where data leaves at once.
    {"FIN|ACK",
     "FIN|PSH|ACK",
     "RFC 9293 3.9.1.2: a sender sets PSH on the last segment of a send (MUST-61 when it "
     "implements no PUSH flag); PSH only asks the receiver to deliver promptly (3.10.7.4, "
     "\"seventh, process the segment text\") and changes no connection state."},
    // An ECN-setup SYN (a Linux host with net.ipv4.tcp_ecn=1; this machine runs with 2, which
    // asks for ECN only when the peer does, so the suite has not seen it).
    {"SYN",
     "SYN|ECE|CWR",
     "RFC 3168 6.1.1: a host asks for ECN with ECE and CWR on its SYN; the handshake is the "
     "same."},
    // The ECN-setup SYN|ACK answering it.
    {"SYN|ACK",
     "SYN|ACK|ECE",
     "RFC 3168 6.1.1: a host that agrees to ECN sets ECE on its SYN|ACK; the handshake is the "
     "same."},
}};

/// \return the flag names of a flags text ("SYN|ACK"), as a set
std::set<std::string_view>
FlagSet(std::string_view flags)
{
    std::set<std::string_view> names;
    while (!flags.empty())
    {
        const size_t bar = flags.find('|');
        const std::string_view name = flags.substr(0, bar);
        if (!name.empty())
        {
            names.insert(name);
        }
        flags = bar == std::string_view::npos ? std::string_view() : flags.substr(bar + 1);
    }
    return names;
}

} // namespace

std::span<const FlagAlternative>
FlagAlternatives()
{
    return kAlternatives;
}

bool
SameFlagSet(std::string_view a, std::string_view b)
{
    return FlagSet(a) == FlagSet(b);
}

bool
FlagsAgree(std::string_view actual, std::string_view expected)
{
    if (SameFlagSet(actual, expected))
    {
        return true;
    }
    for (const auto& alternative : kAlternatives)
    {
        if (SameFlagSet(alternative.reference, expected)
            && SameFlagSet(alternative.accepted, actual))
        {
            return true;
        }
    }
    return false;
}

std::string
AgreeingFlagSets(std::string_view expected)
{
    std::string sets(expected);
    for (const auto& alternative : kAlternatives)
    {
        if (SameFlagSet(alternative.reference, expected))
        {
            sets += " or ";
            sets += alternative.accepted;
        }
    }
    return sets;
}

} // namespace wsdsim

// The link between a real case's two hosts, decided packet by packet as the model's
// point-to-point link and its WsaFaultErrorModel decide it.
#ifndef WSDSIM_LINK_MODEL_H
#define WSDSIM_LINK_MODEL_H

#include <array>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "link/link-config.h"

namespace wsdsim::link
{

/// Why the link lost a packet (Departure::dropReason).
inline constexpr const char* kDroppedByFault = "drop fault"; //!< a "drop" fault matched it
inline constexpr const char* kDroppedByLoss = "random loss"; //!< the topology's "loss"
inline constexpr const char* kDroppedInterfaceDown = "interface down"; //!< sender's or receiver's

/// What becomes of a packet put on the link.
struct Departure
{
    bool delivered{false};  //!< whether it reaches the other host
    int64_t arrivalNs{0};   //!< when it reaches the other host, or when the link loses it
    std::string dropReason; //!< empty when delivered; else kDroppedByFault, kDroppedByLoss or
                            //!< kDroppedInterfaceDown
};

/**
 * \brief The link of a real case: each packet's fate and arrival time, from the case's topology.
 *
 * It mirrors the model (sim/helper/wsa-two-hosts.cc, sim/model/wsa-fault-error-model.cc): each
 * direction serialises its packets one after another at the rate (a packet counts 2 bytes more,
 * the model's PPP header), then the delay passes; at the receiving host, its drop and delay
 * faults are tried in the scenario's order (a matched segment is never lost at random), then
 * random loss, then whether its interface is up. Times are nanoseconds since the case start;
 * packets of one direction must be submitted in the order they leave.
 */
class LinkModel
{
  public:
    /// \param config the link
    explicit LinkModel(const LinkConfig& config);

    /**
     * \brief Put a packet on the link.
     * \param from the sending host, 0 or 1
     * \param packet the whole IPv4 packet
     * \param nowNs when it leaves host `from`
     * \return whether and when it reaches the other host
     * \throws std::invalid_argument when `from` is not 0 or 1
     */
    Departure Submit(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs);

    /**
     * \param host 0 or 1 \param nowNs a time of the case
     * \return whether the host's interface is up then (interface-down and interface-up faults
     *         at or before nowNs, in the scenario's order)
     */
    bool InterfaceUp(uint32_t host, int64_t nowNs) const;

  private:
    /// A drop or delay fault at its receiving host, with what it has left to do.
    struct SegmentRule
    {
        int64_t atNs;       //!< matches segments arriving from then
        uint8_t flagBits;   //!< the TCP flag bits a segment must all have
        bool withPayload;   //!< only segments carrying data
        uint32_t remaining; //!< segments left to drop or hold back
        int64_t byNs;       //!< 0: drop; else hold back this long
    };

    /// \return the rule of `host` that takes this packet arriving at `arrivalNs`, counted; null
    ///         when none does
    const SegmentRule* TakeRule(uint32_t host, std::span<const uint8_t> packet, int64_t arrivalNs);

    /// \return the time serialising `bytes` at the link's rate takes
    int64_t TransmitNs(size_t bytes) const;

    /// \return whether random loss takes a packet arriving at `host` (one draw of its stream)
    bool LostAtRandom(uint32_t host);

    /// An interface-down or interface-up fault.
    struct InterfaceChange
    {
        int64_t atNs; //!< when
        bool up;      //!< the state from then
    };

    LinkConfig m_config;                                            //!< the link
    std::array<std::vector<InterfaceChange>, 2> m_interfaceChanges; //!< per host, in time order
    std::array<int64_t, 2> m_transmitterFreeNs{};    //!< per sending host: its packets' end
    std::array<std::vector<SegmentRule>, 2> m_rules; //!< per receiving host
    std::array<std::mt19937, 2> m_random;            //!< per receiving host: loss draws
};

} // namespace wsdsim::link

#endif // WSDSIM_LINK_MODEL_H

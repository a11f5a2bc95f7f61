// The link between a real case's two hosts, as the case's exported "topology" describes it.
#ifndef WSDSIM_LINK_CONFIG_H
#define WSDSIM_LINK_CONFIG_H

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace wsdsim::link
{

/// Something done to the link at a time of the case (a scenario's topology fault).
struct LinkFault
{
    int64_t atNs{0};    //!< when, since the case start (drop, delay: segments arriving from then)
    std::string action; //!< "interface-down", "interface-up", "drop" or "delay"
    uint32_t host{0};   //!< whose interface; drop, delay: the host that receives the segments
    std::optional<std::string> flags; //!< drop, delay: TCP flag names joined by '|' ("FIN|ACK")
    uint8_t flagBits{0};              //!< the same flags as TCP header bits (0: any segment)
    uint32_t count{1};                //!< drop, delay: how many matching segments
    bool withPayload{false};          //!< drop, delay: only segments carrying data
    int64_t byNs{0};                  //!< delay: how long each matching segment is held back
};

/// The link: one-way delay, rate, random loss and faults, the same in both directions.
struct LinkConfig
{
    int64_t delayNs{0};            //!< one-way propagation delay
    uint64_t rateBitsPerSecond{0}; //!< the rate each direction serialises packets at
    double loss{0.0};              //!< probability that a packet is lost, from 0 up to 1
    uint32_t seed{0};              //!< the seed of the random loss
    uint32_t segmentSize{0};       //!< TCP MSS in bytes
    std::vector<LinkFault> faults; //!< in the scenario's order

    /// \return the IPv4 MTU that gives a TCP MSS of segmentSize (20 bytes of IPv4 header and 20
    ///         of TCP header, no options)
    uint32_t Mtu() const
    {
        return segmentSize + 40;
    }
};

/**
 * \brief Read the link of an exported case (a wsdsim-case/1 document: its "topology", written by
 *        conformance/src/run/case-export.cc).
 * \param exportedCase the document
 * \return the link
 * \throws std::invalid_argument on bad input; what() reads "/json/pointer: what was expected,
 *         found what"
 */
LinkConfig ParseLinkConfig(const nlohmann::json& exportedCase);

} // namespace wsdsim::link

#endif // WSDSIM_LINK_CONFIG_H

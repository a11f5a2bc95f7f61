// STAND-IN for L1's link/link-config.h (issue 14): the interface of link-shared.md, so that the
// namespace runner builds before the link model exists. Delete this folder when L1's
// wsdsim-link-model library is merged; link/CMakeLists.txt then uses it instead.
#ifndef WSDSIM_LINK_CONFIG_H
#define WSDSIM_LINK_CONFIG_H

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace wsdsim::link
{

/// One fault of the case's topology (STAND-IN: read, not applied).
struct LinkFault
{
    int64_t atNs{0};                  //!< when it applies (since the case start)
    std::string action;               //!< "drop", "delay", "interface-down", "interface-up"
    uint32_t host{0};                 //!< the host it concerns
    std::optional<std::string> flags; //!< the TCP flags a drop matches
    uint32_t count{1};                //!< how many segments
    bool withPayload{false};          //!< only segments that carry data
};

/// The case's link between its two hosts.
struct LinkConfig
{
    int64_t delayNs{0};            //!< one-way delay
    uint64_t rateBitsPerSecond{0}; //!< serialisation rate per direction
    double loss{0};                //!< random loss probability
    uint32_t seed{1};              //!< seed of the random loss
    uint32_t segmentSize{536};     //!< the scenario's MSS
    std::vector<LinkFault> faults; //!< in the case's order
};

/**
 * \brief Read the "topology" of an exported case (STAND-IN: delay and segment size only).
 * \param exportedCase a wsdsim-case/1 document \return the link
 * \throws std::invalid_argument naming the place on bad input
 */
LinkConfig ParseLinkConfig(const nlohmann::json& exportedCase);

} // namespace wsdsim::link

#endif // WSDSIM_LINK_CONFIG_H

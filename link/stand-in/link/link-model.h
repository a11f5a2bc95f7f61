// STAND-IN for L1's link/link-model.h (issue 14): delivers every packet after the one-way delay,
// nothing else. Delete this folder when L1's wsdsim-link-model library is merged.
#ifndef WSDSIM_LINK_MODEL_H
#define WSDSIM_LINK_MODEL_H

#include <cstdint>
#include <span>
#include <string>

#include "link/link-config.h"

namespace wsdsim::link
{

/// What becomes of a packet submitted to the link.
struct Departure
{
    bool delivered{true};   //!< false: the link dropped it
    int64_t arrivalNs{0};   //!< when it reaches the other host (since the case start)
    std::string dropReason; //!< why it was dropped
};

/// The link between the case's two hosts (STAND-IN: a pure delay).
class LinkModel
{
  public:
    /// \param config the case's link
    explicit LinkModel(const LinkConfig& config);
    /// An IPv4 packet leaves host `from` (0 or 1) at `nowNs` (since the case start).
    Departure Submit(uint32_t from, std::span<const uint8_t> packet, int64_t nowNs);
    /// Whether host `host`'s interface is up at `nowNs` (STAND-IN: always).
    bool InterfaceUp(uint32_t host, int64_t nowNs) const;

  private:
    LinkConfig m_config; //!< the case's link
};

} // namespace wsdsim::link

#endif // WSDSIM_LINK_MODEL_H

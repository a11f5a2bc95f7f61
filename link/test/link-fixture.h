// The links of the link model's tests: the topology's defaults and the scenarios' faults.
#ifndef WSDSIM_LINK_TEST_LINK_FIXTURE_H
#define WSDSIM_LINK_TEST_LINK_FIXTURE_H

#include <cstdint>

#include "link/link-config.h"

namespace wsdsim::link::test
{

/// A millisecond in nanoseconds.
inline constexpr int64_t kMs = 1000000;

/// \return the topology's defaults (scenarios/scenario.schema.json, conformance's Topology):
///         10 Mb/s, 1 ms, no loss, MSS 536
inline LinkConfig
DefaultLink()
{
    LinkConfig config;
    config.delayNs = 1 * kMs;
    config.rateBitsPerSecond = 10000000;
    config.loss = 0;
    config.seed = 1;
    config.segmentSize = 536;
    return config;
}

/// \return a drop or delay fault
inline LinkFault
SegmentFault(const char* action, uint32_t host, uint8_t flagBits, uint32_t count, int64_t atNs = 0)
{
    LinkFault fault;
    fault.atNs = atNs;
    fault.action = action;
    fault.host = host;
    fault.flagBits = flagBits;
    fault.count = count;
    return fault;
}

/// \return an interface-down or interface-up fault
inline LinkFault
InterfaceFault(const char* action, uint32_t host, int64_t atNs)
{
    LinkFault fault;
    fault.atNs = atNs;
    fault.action = action;
    fault.host = host;
    return fault;
}

} // namespace wsdsim::link::test

#endif // WSDSIM_LINK_TEST_LINK_FIXTURE_H

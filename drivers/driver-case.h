// A wsdsim-case/1 document (docs/driver-contract.md) read once into typed form: each step's call
// decoded with the call vocabulary, as the harness's loader decodes it.
#ifndef WSDSIM_DRIVER_CASE_H
#define WSDSIM_DRIVER_CASE_H

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "wsdsim/call-vocabulary.h"

namespace wsdsim::driver
{

/// One step of a case.
struct DriverStep
{
    int64_t index{0};                 //!< its index in the case (the trace's "step")
    std::string id;                   //!< its id ("after" names it)
    std::string thread;               //!< the calling thread
    Call call;                        //!< the call with its typed arguments
    std::optional<int64_t> atNs;      //!< start no earlier than this (since the case start)
    int64_t delayNs{0};               //!< then wait this long
    std::optional<std::string> after; //!< start once this step has returned
    bool inBlockingHook{false};       //!< runs inside the thread's blocking hook
    std::optional<std::string> as;    //!< the name of the handle it returns
};

/// A case as a driver runs it.
struct DriverCase
{
    std::string id;                                        //!< the case id
    std::string scenario;                                  //!< its scenario's name
    std::string profile{"tcp-ip"};                         //!< the provider profile
    std::array<std::string, 2> hosts;                      //!< host 0's and host 1's address
    uint16_t portOffset{0};                                //!< added to every port of the case
    uint32_t receiveBuffer{131072};                        //!< SO_RCVBUF of each socket
    uint32_t sendBuffer{131072};                           //!< SO_SNDBUF of each socket
    uint32_t segmentSize{536};                             //!< the MSS asked for
    bool hasFaults{false};                                 //!< faults or loss on the link
    bool onLink{false};                                    //!< on the link: it applies them
    std::vector<std::pair<std::string, uint32_t>> threads; //!< name and host
    std::vector<DriverStep> steps;                         //!< in order
    std::set<std::string> expectedErrors;                  //!< every error an outcome names
    int64_t untilNs{0};                                    //!< the case's end
    int64_t graceNs{300'000'000}; //!< how long the sockets stay open after the last call returned
};

/**
 * \brief Read a wsdsim-case/1 document.
 * \param document the JSON
 * \return the case
 * \throws std::exception (nlohmann's, or ArgumentError for a step's arguments) for a document
 *         that is not one
 */
DriverCase ParseDriverCase(const nlohmann::json& document);

/**
 * \brief Read a wsdsim-case/1 file.
 * \param path the file \param error set to what is wrong with it ("path: what")
 * \return the case, or nothing when the file cannot be read or is not a case
 */
std::optional<DriverCase> ReadDriverCaseFile(const std::string& path, std::string* error);

} // namespace wsdsim::driver

#endif // WSDSIM_DRIVER_CASE_H

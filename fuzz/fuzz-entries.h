// The fuzz entry functions: shared by the libFuzzer mains (clang) and the regression replay (g++).
#ifndef WSDSIM_FUZZ_ENTRIES_H
#define WSDSIM_FUZZ_ENTRIES_H

#include <cstddef>
#include <cstdint>

/**
 * \brief Scenario loader: the bytes as a scenario file, through LoadScenario (which expands it into
 * its cases). Only wsdsim::InputError may come out of the loader; anything else escaping is a bug.
 * \param data the input \param size its length \return 0
 */
int WsdsimFuzzScenarioLoader(const uint8_t* data, size_t size);

/**
 * \brief Trace reader: the bytes as a trace file, read to its end with TraceReader; every event
 * read must survive a write / read round trip unchanged.
 * \param data the input \param size its length \return 0
 */
int WsdsimFuzzTraceReader(const uint8_t* data, size_t size);

/**
 * \brief Comparator: the bytes as a trace of a fixed small case, compared with the case's
 * reference, with no reference, and as the reference of the real trace.
 * \param data the input \param size its length \return 0
 */
int WsdsimFuzzComparator(const uint8_t* data, size_t size);

/**
 * \brief Results import: the bytes as a results zip, unpacked (UnpackResults) and read
 * (ReadImportedRun) against one known case. Only wsdsim::InputError may come out, and nothing
 * may be written outside the unpacking folder.
 * \param data the input \param size its length \return 0
 */
int WsdsimFuzzResultsImport(const uint8_t* data, size_t size);

#endif // WSDSIM_FUZZ_ENTRIES_H

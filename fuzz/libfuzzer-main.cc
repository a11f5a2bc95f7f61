// libFuzzer's entry point for one fuzz target; WSDSIM_FUZZ_ENTRY names its entry function.
#include "fuzz-entries.h"

#ifndef WSDSIM_FUZZ_ENTRY
#error "define WSDSIM_FUZZ_ENTRY as one of the functions of fuzz-entries.h"
#endif

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    return WSDSIM_FUZZ_ENTRY(data, size);
}

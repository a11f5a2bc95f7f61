// A wsdsim driver: runs one case on this platform's sockets and writes its trace
// (docs/driver-contract.md).
#include "case-interpreter.h"
#include "platform.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

int
main(int argc, char** argv)
{
    if (argc != 4)
    {
        std::cerr << "usage: " << argv[0] << " CASE_JSON TRACE_PATH START_EPOCH_NS\n";
        return 2;
    }
    wsdsim::driver::DriverCase testCase;
    try
    {
        std::ifstream in(argv[1]);
        const auto document = nlohmann::json::parse(in);
        if (document.value("format", "") != "wsdsim-case/1")
        {
            std::cerr << argv[1] << ": not a wsdsim-case/1 document\n";
            return 2;
        }
        testCase = wsdsim::driver::ParseDriverCase(document);
    }
    catch (const std::exception& error)
    {
        std::cerr << argv[1] << ": " << error.what() << "\n";
        return 2;
    }
    auto platform = wsdsim::driver::CreatePlatform();
    const int status
        = wsdsim::driver::RunCase(testCase, *platform, argv[2], std::strtoll(argv[3], nullptr, 10));
    std::cout.flush();
    // Threads still blocked in a call are abandoned: end the process without joining them.
#ifdef _WIN32
    // mingw's C runtime has no quick_exit; _Exit likewise ends the process without unwinding.
    std::_Exit(status);
#else
    std::quick_exit(status);
#endif
}

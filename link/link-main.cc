// wsdsim-link: run a command with the case's two hosts on the scenario's link, in a network
// namespace of its own (docs/real-networks.md, "The namespace runner").
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "link/link-config.h"
#include "link/namespace-runner.h"

namespace
{

/**
 * \brief Read the link of an exported case (wsdsim-case/1).
 * \param path the case file \return its link
 * \throws std::invalid_argument naming the file and what was wrong in it
 */
wsdsim::link::LinkConfig
ReadCaseLink(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw std::invalid_argument(path + ": cannot be read");
    }
    nlohmann::json document;
    try
    {
        document = nlohmann::json::parse(in);
    }
    catch (const nlohmann::json::parse_error& error)
    {
        throw std::invalid_argument(path
                                    + ": expected a wsdsim-case/1 JSON document: " + error.what());
    }
    try
    {
        return wsdsim::link::ParseLinkConfig(document);
    }
    catch (const std::exception& error)
    {
        throw std::invalid_argument(path + ": " + error.what());
    }
}

} // namespace

int
main(int argc, char** argv)
{
    CLI::App app{"Run COMMAND with the case's hosts 10.0.0.1 and 10.0.0.2 on the scenario's link, "
                 "in network and PID namespaces of its own (root only). Exit status: COMMAND's, "
                 "128 + the signal that ended it, 125 when the namespaces cannot be made, 2 for "
                 "bad input or a record (--segments, --pcap) that cannot be written.",
                 "wsdsim-link"};
    std::string casePath;
    wsdsim::link::RunnerOptions options;
    int64_t startEpochNs = 0;
    app.add_option(
           "--case", casePath, "The exported case (wsdsim-case/1) whose topology is the link")
        ->required();
    app.add_option("--start",
                   startEpochNs,
                   "The case's time zero, CLOCK_REALTIME nanoseconds (default: when COMMAND "
                   "starts)");
    app.add_flag("--summary", options.summary, "Print what the link forwarded and dropped");
    app.add_option("--segments",
                   options.segmentsPath,
                   "Write the TCP segments the link carries here, as trace segment events (JSON "
                   "Lines, docs/trace-format.md): tx when one leaves its host, rx when it reaches "
                   "the other; a lost one has no rx");
    app.add_option("--pcap",
                   options.pcapPrefix,
                   "Write what each host's device saw to PREFIX-host0.pcap and PREFIX-host1.pcap "
                   "(raw IP)");
    app.add_option("--private-dir",
                   options.privateDirs,
                   "Give the namespace an empty folder of its own here (a tmpfs in a mount "
                   "namespace of its own; made if missing): /tmp/.wine-UID, so that Wine started "
                   "inside starts its own wineserver there (repeatable)")
        ->allow_extra_args(false)
        ->check(
            [](const std::string& folder)
            { return folder.rfind('/', 0) == 0 ? "" : "an absolute path is expected: " + folder; });
    app.add_option("command", options.command, "The command to run, after --")->required();
    try
    {
        app.parse(argc, argv);
    }
    catch (const CLI::ParseError& error)
    {
        const int code = app.exit(error);
        return code == 0 ? 0 : wsdsim::link::kExitBadInput;
    }
    try
    {
        options.link = ReadCaseLink(casePath);
    }
    catch (const std::exception& error)
    {
        std::cerr << "wsdsim-link: " << error.what() << "\n";
        return wsdsim::link::kExitBadInput;
    }
    if (app.count("--start") != 0)
    {
        options.startEpochNs = startEpochNs;
    }
    return wsdsim::link::RunInNamespace(options);
}

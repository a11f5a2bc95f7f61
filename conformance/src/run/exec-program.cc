// Becoming another program in a forked child, with variables added to the environment.
#include "run/exec-program.h"

#include <cstdlib>
#include <unistd.h>

namespace wsdsim
{

void
ExecWithEnvironment(std::vector<std::string>& arguments,
                    const std::vector<std::string>& environment)
{
    for (const auto& variable : environment)
    {
        putenv(const_cast<char*>(variable.c_str()));
    }
    std::vector<char*> argv;
    for (auto& argument : arguments)
    {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
}

} // namespace wsdsim

// Becoming another program in a forked child, with variables added to the environment.
#ifndef WSDSIM_EXEC_PROGRAM_H
#define WSDSIM_EXEC_PROGRAM_H

#include <string>
#include <vector>

namespace wsdsim
{

/**
 * \brief In a forked child: add the environment variables and become the program
 *        (arguments[0]); exit 127 when it cannot start.
 * \param arguments the program and its arguments \param environment NAME=value each
 */
[[noreturn]] void ExecWithEnvironment(std::vector<std::string>& arguments,
                                      const std::vector<std::string>& environment);

} // namespace wsdsim

#endif // WSDSIM_EXEC_PROGRAM_H

# The Wine driver: wsdsim-driver-winsock.exe cross-built with mingw. The Wine prefix it runs in is
# made by wsdsim on first use, in the user's cache folder (conformance/src/run/wine-prefix.h).
#
# The executable is a Windows program, so it is built by custom commands with the mingw compiler
# (the -posix variant: its libstdc++ has std::thread, std::mutex and std::condition_variable), not
# as a target of the host compiler. Without mingw or Wine the driver is skipped and the wine
# backend reports each case as it does for a missing driver.
find_program(MINGW_CXX x86_64-w64-mingw32-g++-posix)
set(WSDSIM_WINE64 /usr/lib/wine/wine64)
set(WSDSIM_WINESERVER /usr/lib/wine/wineserver)

if(NOT MINGW_CXX OR NOT EXISTS ${WSDSIM_WINE64})
    message(STATUS "wsdsim: mingw (x86_64-w64-mingw32-g++-posix) or Wine (${WSDSIM_WINE64}) missing: "
                   "the Wine driver is not built (scripts/setup.sh installs both)")
    return()
endif()

# nlohmann/json from the host, without -I/usr/include (which would put glibc's headers before
# mingw's): a folder of the build tree holding only a link to the nlohmann folder.
find_path(WSDSIM_NLOHMANN_PARENT nlohmann/json.hpp REQUIRED)
set(winsockInclude ${CMAKE_CURRENT_BINARY_DIR}/mingw-include)
file(MAKE_DIRECTORY ${winsockInclude})
file(CREATE_LINK ${WSDSIM_NLOHMANN_PARENT}/nlohmann ${winsockInclude}/nlohmann SYMBOLIC)

# The call vocabulary and symbol table are header-only and compile beside <winsock2.h>.
set(winsockFlags -std=c++20 -O2 -Wall -Wextra -Werror -I${winsockInclude}
    -I${PROJECT_SOURCE_DIR}/vocabulary -DWSDSIM_DRIVER_VERSION=\"${PROJECT_VERSION}\")
set(winsockExe ${CMAKE_CURRENT_BINARY_DIR}/wsdsim-driver-winsock.exe)
set(winsockObjects)
# One object per source, so that a parallel build compiles them side by side.
foreach(source driver-main.cc driver-case.cc case-interpreter.cc case-server.cc platform-invoker.cc
               platform-winsock.cc platform-winsock-async.cc bundle-runner.cc machine-record.cc)
    set(object ${CMAKE_CURRENT_BINARY_DIR}/winsock-objects/${source}.obj)
    add_custom_command(
        OUTPUT ${object}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/winsock-objects
        COMMAND ${MINGW_CXX} ${winsockFlags} -MD -MF ${object}.d -c ${CMAKE_CURRENT_SOURCE_DIR}/${source} -o ${object}
        DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${source}
        DEPFILE ${object}.d
        COMMENT "Compiling ${source} for Windows (mingw)"
        VERBATIM)
    list(APPEND winsockObjects ${object})
endforeach()

add_custom_command(
    OUTPUT ${winsockExe}
    COMMAND ${MINGW_CXX} -static -O2 ${winsockObjects} -lws2_32 -o ${winsockExe}
    DEPENDS ${winsockObjects}
    COMMENT "Linking wsdsim-driver-winsock.exe (mingw, static)"
    VERBATIM)

add_custom_target(wsdsim-driver-winsock ALL DEPENDS ${winsockExe})

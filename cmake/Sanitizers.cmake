# Sanitizer builds: WSDSIM_SANITIZE=ON instruments the project's own targets with AddressSanitizer
# and UndefinedBehaviorSanitizer (ns-3's Debian libraries stay uninstrumented; their heap is still
# checked through ASan's malloc interposition). Include this file before the project's
# add_subdirectory() calls: the flags apply to every target defined after it, and imported
# targets (ns-3, Catch2, CLI11) are untouched. scripts/sanitize.sh builds and tests with it.
option(WSDSIM_SANITIZE "Build the project's own code with -fsanitize=address,undefined" OFF)

if(WSDSIM_SANITIZE)
  # -fno-sanitize-recover: undefined behaviour ends the process (and fails its test) even when
  # UBSAN_OPTIONS is not set.
  set(WSDSIM_SANITIZE_FLAGS
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12's -Wmaybe-uninitialized reports false positives inside libstdc++'s <regex>
    # (std::function moves in regex_automaton.h) once ASan instruments the code; -Werror would
    # turn them into a failed build. The normal build keeps the warning.
    list(APPEND WSDSIM_SANITIZE_FLAGS -Wno-maybe-uninitialized)
  endif()
  add_compile_options(${WSDSIM_SANITIZE_FLAGS})
  add_link_options(-fsanitize=address,undefined)
  list(JOIN WSDSIM_SANITIZE_FLAGS " " flags_text)
  message(STATUS "wsdsim: sanitizers on: ${flags_text}")
endif()

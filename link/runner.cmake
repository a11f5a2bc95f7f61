# wsdsim-link: runs a command in network and PID namespaces of its own, its two hosts joined by
# a user-space link that applies the scenario's topology (docs/real-networks.md, "The namespace
# runner"). Included from link/CMakeLists.txt, after the wsdsim-link-model library.
find_package(CLI11 2 REQUIRED)
find_package(PkgConfig REQUIRED)
# The hosts' pcaps (--pcap) are written with libpcap's dump API.
pkg_check_modules(PCAP REQUIRED IMPORTED_TARGET libpcap)

add_executable(wsdsim-link
  link-main.cc namespace-runner.cc link-network.cc link-loop.cc tun-device.cc link-recorders.cc
  host-pcaps.cc private-folders.cc)
target_include_directories(wsdsim-link PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(wsdsim-link
  PRIVATE wsdsim-link-model CLI11::CLI11 PkgConfig::PCAP wsdsim_warnings)
# Beside the drivers, where wsdsim finds it (common/data-layout.h).
set_target_properties(wsdsim-link PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/drivers)

if(BUILD_TESTING)
  # A TCP connection between the case's two addresses, run inside the namespace.
  add_executable(wsdsim-link-tcp-probe test/tcp-connect-probe.cc)
  target_link_libraries(wsdsim-link-tcp-probe PRIVATE wsdsim_warnings)
  # Root only; each prints SKIP with its reason otherwise (exit 77).
  add_test(NAME link:leaves_nothing_behind
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/leaves-nothing-behind.sh
            $<TARGET_FILE:wsdsim-link> ${CMAKE_CURRENT_SOURCE_DIR}/test/link-case.json)
  add_test(NAME link:private_folders_stay_inside
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/private-folders.sh
            $<TARGET_FILE:wsdsim-link> ${CMAKE_CURRENT_SOURCE_DIR}/test/link-case.json)
  add_test(NAME link:tcp_crosses_the_link
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/link-crossing.sh
            $<TARGET_FILE:wsdsim-link> ${CMAKE_CURRENT_SOURCE_DIR}/test/link-case.json
            $<TARGET_FILE:wsdsim-link-tcp-probe>)
  # The fault scenarios on Linux on the link, two cases at once: each gets a real verdict.
  add_test(NAME link:fault_scenarios_get_verdicts
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/fault-verdicts.sh
            $<TARGET_FILE:wsdsim> ${PROJECT_SOURCE_DIR}/scenarios
            ${CMAKE_CURRENT_BINARY_DIR}/fault-report)
  # The same on Wine: each case's driver starts a wineserver of its own inside its namespace.
  add_test(NAME link:wine_fault_scenarios_get_verdicts
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/fault-verdicts.sh
            $<TARGET_FILE:wsdsim> ${PROJECT_SOURCE_DIR}/scenarios
            ${CMAKE_CURRENT_BINARY_DIR}/wine-fault-report wine)
  # A FIN the link drops, on Linux on the link with --pcap: the case's trace has the link's
  # segments, the dropped FIN sent and never received as in the model's trace, and each host's
  # pcap holds what its device saw.
  add_test(NAME link:lost_fin_in_trace_and_pcaps
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/lost-fin-capture.sh
            $<TARGET_FILE:wsdsim> ${PROJECT_SOURCE_DIR}/scenarios/linger/close-fin-lost.json
            ${CMAKE_CURRENT_BINARY_DIR}/capture-report)
  # Without root (as root: as nobody), a case on the link is UNSUPPORTED saying root is needed.
  add_test(NAME link:without_root_unsupported
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/without-root.sh
            $<TARGET_FILE:wsdsim> ${PROJECT_SOURCE_DIR}/scenarios/faults/lost-fin-ack.json)
  # link:leaves_nothing_behind looks for its run's network namespace by inode number, and the
  # kernel gives a freed namespace's number to the next one made: a namespace made meanwhile by
  # another test (the fault scenarios' runs) could look like one left behind (seen once under
  # scripts/sanitize.sh). So the tests that make namespaces take turns (RESOURCE_LOCK).
  set_tests_properties(link:leaves_nothing_behind link:tcp_crosses_the_link
                       link:private_folders_stay_inside link:wine_fault_scenarios_get_verdicts
                       link:fault_scenarios_get_verdicts link:lost_fin_in_trace_and_pcaps
    PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 RESOURCE_LOCK network_namespaces)
  # Their interface-down cases stay blocked until their until (30 s): 75 s each at -j 2 on a
  # quiet machine.
  set_tests_properties(link:fault_scenarios_get_verdicts link:wine_fault_scenarios_get_verdicts
    PROPERTIES TIMEOUT 400)
endif()

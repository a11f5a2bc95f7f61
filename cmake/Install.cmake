# Install rules: wsdsim in bin/, its drivers in libexec/wsdsim/, its files in share/wsdsim/, and the
# ns-3 module wsd (library, headers, CMake package config) for find_package(wsd) and wsd::wsd.
include(CMakePackageConfigHelpers)

set(wsdsim_share ${CMAKE_INSTALL_DATADIR}/wsdsim)
set(wsdsim_libexec ${CMAKE_INSTALL_LIBEXECDIR}/wsdsim)

# The command and its drivers (common/data-layout.cc finds them from bin/).
install(TARGETS wsdsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS wsdsim-driver-linux RUNTIME DESTINATION ${wsdsim_libexec})
install(TARGETS wsdsim-link RUNTIME DESTINATION ${wsdsim_libexec})
if(TARGET wsdsim-driver-winsock)
  install(PROGRAMS ${PROJECT_BINARY_DIR}/drivers/wsdsim-driver-winsock.exe
          DESTINATION ${wsdsim_libexec})
  # What `wsdsim bundle` puts beside the driver: run.cmd (cmd.exe is on every Windows and needs
  # no execution policy) and README.txt.
  install(DIRECTORY drivers/bundle/ DESTINATION ${wsdsim_share}/bundle)
endif()

# The suite (scenarios, their references, scenario.schema.json, requirements.json), the known
# divergences, the trace schema and the documents.
install(DIRECTORY scenarios/ DESTINATION ${wsdsim_share}/scenarios)
install(FILES conformance/known-divergences.json conformance/trace.schema.json
        DESTINATION ${wsdsim_share})
install(FILES README.md DESTINATION ${wsdsim_share}/docs)
install(DIRECTORY docs/ DESTINATION ${wsdsim_share}/docs)
install(DIRECTORY sim/doc/ DESTINATION ${wsdsim_share}/docs/sim)

# The ns-3 module: headers under include/ns3/ beside ns-3's own, the call vocabulary under
# include/wsdsim/, the static library, and its package config.
install(TARGETS ns3-wsd wsdsim-vocabulary EXPORT wsdTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES ${wsd_installed_headers} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ns3)
install(DIRECTORY vocabulary/wsdsim DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(wsd_config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/wsd)
install(EXPORT wsdTargets NAMESPACE wsd:: DESTINATION ${wsd_config_dir})
configure_package_config_file(cmake/wsdConfig.cmake.in ${PROJECT_BINARY_DIR}/wsdConfig.cmake
                              INSTALL_DESTINATION ${wsd_config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wsdConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wsdConfig.cmake ${PROJECT_BINARY_DIR}/wsdConfigVersion.cmake
        DESTINATION ${wsd_config_dir})

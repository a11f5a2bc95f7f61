# The Debian package (cpack -G DEB in the build folder): wsdsim_<version>_<arch>.deb, installing
# under /usr. Depends: ns-3.37's shared libraries, and what dpkg-shlibdeps finds the binaries use;
# Recommends: wine64 (without it the wine implementation's cases are UNSUPPORTED, saying so).
# nlohmann/json is header-only; libns3-dev is needed only to build against the wsd module.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wsdsim)
set(CPACK_PACKAGE_VENDOR "wsdsim")
set(CPACK_PACKAGE_CONTACT "wsdsim developers <wsdsim@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Winsock disconnect-semantics simulator (ns-3) and conformance harness")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libns3.37 (>= 3.37)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "wine64")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libns3-dev, nlohmann-json3-dev")
# Strip the Linux programs (installed with install(TARGETS)): the build's debug information would
# make the package some hundred megabytes. The Windows driver and the static library are left.
set(CPACK_STRIP_FILES TRUE)
include(CPack)

// The Catch2 main of every unit-test program (wsd-tests, wsdsim-tests, wsdsim-link-tests): built
// once, as the object library wsdsim-catch-main (testing/CMakeLists.txt).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

// The Catch2 entry point of wsd-tests (the test cases live in the other files of this directory).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

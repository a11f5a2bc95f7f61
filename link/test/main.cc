// The Catch2 main of the link model's unit tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

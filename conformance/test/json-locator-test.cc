// Tests of the JSON locator: JSON pointers to line and column, and RFC 6901 token escaping.
#include <catch2/catch.hpp>
#include <string>

#include "common/json-locator.h"

namespace
{

using namespace wsdsim;

/// \return where a pointer's value starts, as "line:column" (readable in Catch's messages)
std::string
At(const JsonLocator& locator, const std::string& pointer)
{
    const auto [line, column] = locator.Locate(pointer);
    return std::to_string(line) + ":" + std::to_string(column);
}

/// \return where a byte offset is, as "line:column"
std::string
Offset(const std::string& text, size_t offset)
{
    const auto [line, column] = JsonLocator::LineColumn(text, offset);
    return std::to_string(line) + ":" + std::to_string(column);
}

/// A document over several lines with nested objects and arrays.
const std::string kNested = "{\n"                                 // line 1
                            "  \"a\": {\n"                        // line 2
                            "    \"b\": [ 10, { \"c\": true },\n" // line 3
                            "           \"text\" ],\n"            // line 4
                            "    \"d\": null\n"                   // line 5
                            "  },\n"                              // line 6
                            "\t\"e\": -1.5e3\n"                   // line 7
                            "}\n";                                // line 8

} // namespace

TEST_CASE("locator_of_nested_document_finds_each_value_by_its_pointer", "[json-locator]")
{
    const JsonLocator locator(kNested);
    CHECK(At(locator, "") == "1:1");
    CHECK(At(locator, "/a") == "2:8");
    CHECK(At(locator, "/a/b") == "3:10");
    CHECK(At(locator, "/a/b/0") == "3:12");
    CHECK(At(locator, "/a/b/1") == "3:16");
    CHECK(At(locator, "/a/b/1/c") == "3:23");
    CHECK(At(locator, "/a/b/2") == "4:12");
    CHECK(At(locator, "/a/d") == "5:10");
    CHECK(At(locator, "/e") == "7:7");
}

TEST_CASE("locator_of_missing_pointer_gives_its_nearest_ancestor", "[json-locator]")
{
    const JsonLocator locator(kNested);
    CHECK(At(locator, "/a/b/7") == "3:10");
    CHECK(At(locator, "/a/b/1/zzz/y") == "3:16");
    CHECK(At(locator, "/nothing") == "1:1");
}

TEST_CASE("locator_of_document_after_blank_lines_places_the_root_at_its_brace", "[json-locator]")
{
    const std::string text = "\n\n   {\"k\": [1,2]}";
    const JsonLocator locator(text);
    CHECK(At(locator, "") == "3:4");
    CHECK(At(locator, "/k") == "3:10");
    CHECK(At(locator, "/k/1") == "3:13");
}

TEST_CASE("locator_of_strings_with_escaped_quotes_and_brackets_keeps_its_place", "[json-locator]")
{
    // The first value holds an escaped quote and brackets; the walk must not lose its place.
    const std::string text = "{ \"x\": \"a\\\"]}{[\\\\\",\n"
                             "  \"y\": 2 }";
    const JsonLocator locator(text);
    CHECK(At(locator, "/x") == "1:8");
    CHECK(At(locator, "/y") == "2:8");
}

TEST_CASE("pointer_token_of_key_with_tilde_and_slash_is_escaped", "[json-locator]")
{
    CHECK(EscapePointerToken("plain") == "plain");
    CHECK(EscapePointerToken("a/b") == "a~1b");
    CHECK(EscapePointerToken("m~n") == "m~0n");
    CHECK(EscapePointerToken("~1") == "~01");
    CHECK(EscapePointerToken("/~") == "~1~0");
    CHECK(EscapePointerToken("") == "");
}

TEST_CASE("locator_of_keys_with_tilde_and_slash_finds_them_by_escaped_pointer", "[json-locator]")
{
    const std::string text = "{\n"
                             "  \"a/b\": 1,\n"
                             "  \"m~n\": { \"~1\": 2 },\n"
                             "  \"c\\/d\": 3\n"
                             "}";
    const JsonLocator locator(text);
    CHECK(At(locator, "/a~1b") == "2:10");
    CHECK(At(locator, "/m~0n") == "3:10");
    CHECK(At(locator, "/m~0n/~01") == "3:18");
    // "c\/d" is the key "c/d" once decoded.
    CHECK(At(locator, "/c~1d") == "4:11");
}

TEST_CASE("locator_of_key_with_unicode_escape_finds_it_by_its_decoded_name", "[json-locator]")
{
    // nlohmann/json decodes "\u0062ogus" to "bogus", so a loader refusing that field asks for
    // "/bogus"; its position must be that of the value, not of the root.
    const std::string text = "{\n"
                             "  \"\\u0062ogus\": 1\n"
                             "}";
    const JsonLocator locator(text);
    CHECK(At(locator, "/bogus") == "2:17");
}

TEST_CASE("line_column_of_offsets_counts_lines_from_one", "[json-locator]")
{
    const std::string text = "ab\ncd\n\nef";
    CHECK(Offset(text, 0) == "1:1");
    CHECK(Offset(text, 1) == "1:2");
    CHECK(Offset(text, 2) == "1:3"); // the newline itself
    CHECK(Offset(text, 3) == "2:1");
    CHECK(Offset(text, 6) == "3:1");
    CHECK(Offset(text, 7) == "4:1");
    CHECK(Offset(text, 8) == "4:2");
}

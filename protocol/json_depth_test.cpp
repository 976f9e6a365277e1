// Tests of the nesting-depth pre-check.
#include "protocol/json_depth.hpp"

#include <catch2/catch.hpp>

#include <string>

using samskab::protocol::within_depth;

TEST_CASE("within_depth counts brackets outside strings only", "[protocol]") {
    struct row { std::string text; int max; bool want; };
    const row rows[] = {
        {"{}", 1, true},
        {"{\"a\":{}}", 1, false},
        {"{\"a\":{}}", 2, true},
        {"[[[]]]", 3, true},
        {"[[[]]]", 2, false},
        {"{\"s\":\"[[[[[[\"}", 1, true},           // brackets in a string
        {"{\"s\":\"\\\"[[[[\"}", 1, true},         // escaped quote stays inside the string
        {"{\"s\":\"\\\\\",\"t\":[[]]}", 2, false}, // escaped backslash ends the string
        {"not json at all", 1, true},
        {std::string(40, '[') + std::string(40, ']'), 32, false},
        {std::string(32, '[') + std::string(32, ']'), 32, true},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        CHECK(within_depth(r.text, r.max) == r.want);
    }
}

// Tests of join code normalisation.
#include "domain/join_code.hpp"

#include <catch2/catch.hpp>

using namespace samskab::domain;

TEST_CASE("join codes are normalised or refused", "[domain]") {
    struct row { const char* in; const char* want; };  // want nullptr: refused
    const row rows[] = {
        {"K7M4QX", "K7M4QX"},
        {"k7m-4qx", "K7M4QX"},
        {" K7M 4QX ", "K7M4QX"},
        {"K7M4Q", nullptr},      // too short
        {"K7M4QXZ", nullptr},    // too long
        {"K7M4Q0", nullptr},     // 0 is not in the alphabet
        {"K7M4QO", nullptr},     // nor O
        {"K7M4Q1", nullptr},     // nor 1
        {"K7M4QI", nullptr},     // nor I
        {"K7M4Ql", nullptr},     // nor l
        {"K7M4Q\xC3\xA6", nullptr},
        {"", nullptr},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        auto got = normalize_join_code(r.in);
        if (r.want) {
            REQUIRE(got.has_value());
            CHECK(*got == r.want);
        } else {
            CHECK_FALSE(got.has_value());
        }
    }
    CHECK(display_join_code("K7M4QX") == "K7M-4QX");
    for (char c : join_code_alphabet) CHECK(std::string_view("01OIL").find(c) == std::string_view::npos);
}

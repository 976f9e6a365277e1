// Tests of text normalisation and UTF-8 validation.
#include "domain/text.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace samskab::domain;

TEST_CASE("utf8_length counts code points and rejects malformed UTF-8", "[domain]") {
    struct row { std::string in; std::size_t want; };
    const std::size_t bad = std::string_view::npos;
    const row rows[] = {
        {"", 0},
        {"abc", 3},
        {"\xC3\xA6\xC3\xB8\xC3\xA5", 3},          // æøå
        {"\xE2\x82\xAC", 1},                      // euro sign
        {"\xF0\x9F\x98\x80", 1},                  // emoji
        {"\xC3", bad},                            // truncated
        {"\xE2\x82", bad},                        // truncated
        {"\xC0\xAF", bad},                        // overlong '/'
        {"\xE0\x80\xAF", bad},                    // overlong
        {"\xED\xA0\x80", bad},                    // UTF-16 surrogate
        {"\xF4\x90\x80\x80", bad},                // above U+10FFFF
        {"\x80", bad},                            // lone continuation byte
        {"a\xFF" "b", bad},
    };
    for (const auto& r : rows) {
        INFO("input bytes: " << r.in.size());
        CHECK(utf8_length(r.in) == r.want);
    }
}

TEST_CASE("clean_text normalises line breaks and trims white space", "[domain]") {
    struct row { std::string in; bool multiline; std::string want; };
    const row rows[] = {
        {"  hello  ", true, "hello"},
        {"\n\tidea\r\n", true, "idea"},
        {"line one\r\nline two\rline three", true, "line one\nline two\nline three"},
        {"line one\r\nline two", false, "line one line two"},
        {"tab\tinside", false, "tab\tinside"},
        {"Pr\xC3\xB8vehandling", false, "Pr\xC3\xB8vehandling"},
    };
    for (const auto& r : rows) {
        auto got = clean_text(r.in, text_rule{"text", 100, r.multiline});
        REQUIRE(got.ok());
        CHECK(got.value() == r.want);
    }
}

TEST_CASE("clean_text refuses empty, control characters, bad UTF-8 and long texts", "[domain]") {
    struct row { std::string in; errc want; };
    const row rows[] = {
        {"", errc::invalid_field},
        {"   \n\t ", errc::invalid_field},
        {std::string("a\0b", 3), errc::invalid_field},
        {"bell\x07", errc::invalid_field},
        {"del\x7F", errc::invalid_field},
        {"c1\xC2\x85", errc::invalid_field},     // U+0085, a C1 control
        {"bad\xC3", errc::invalid_field},
        {std::string(11, 'x'), errc::too_long},
    };
    for (const auto& r : rows) {
        auto got = clean_text(r.in, text_rule{"text", 10, true});
        REQUIRE_FALSE(got.ok());
        CHECK(got.err().code == r.want);
        CHECK(got.err().field == "text");
    }
}

TEST_CASE("clean_text counts the limit in code points, not bytes", "[domain]") {
    std::string ten_ae;
    for (int i = 0; i < 10; ++i) ten_ae += "\xC3\xA6";  // 10 characters, 20 bytes
    CHECK(clean_text(ten_ae, text_rule{"text", 10, false}).ok());
    auto over = clean_text(ten_ae + "x", text_rule{"text", 10, false});
    REQUIRE_FALSE(over.ok());
    CHECK(over.err().code == errc::too_long);
    REQUIRE(over.err().limit.has_value());
    CHECK(*over.err().limit == 10);
}

TEST_CASE("same_name ignores the case of letters and the spacing between words", "[domain]") {
    struct row { std::string a, b; bool same; };
    const row rows[] = {
        {"Anna", "Anna", true},
        {"anna", "ANNA", true},
        {"\xC3\x98yvind \xC3\x85se", "\xC3\xB8yvind  \xC3\xA5se", true},  // Øyvind Åse, øyvind  åse
        {"S\xC3\xB8ren", "S\xC3\x98REN", true},                            // Søren, SØREN
        {"Anna\tBo", "anna bo", true},
        {"Anna", "Anne", false},
        {"Anna", "Anna B", false},
        {"S\xC3\xB8ren", "Soren", false},                                   // ø is not o
        {"\xC3\x97", "\xC3\xB7", false},                                    // × is not a letter: not ÷
        {"", "", true},
    };
    for (const auto& r : rows) {
        INFO(r.a << " / " << r.b);
        CHECK(same_name(r.a, r.b) == r.same);
        CHECK(same_name(r.b, r.a) == r.same);
    }
}

// objects::dump writes what nlohmann's dump writes (with invalid UTF-8 replaced), for
// every kind of value and string the encoder produces.
#include "protocol/json_objects.hpp"

#include <catch2/catch.hpp>

#include <string>

using samskab::protocol::objects::dump;
using samskab::protocol::objects::json;
using samskab::protocol::objects::object_builder;

namespace {

std::string reference(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

TEST_CASE("dump writes the same text as nlohmann for every value the encoder uses", "[protocol]") {
    const std::string strings[] = {
        "",
        "plain ascii idea",
        "Kan vi prøve det på plejehjemmet? Æble, øl og å",  // Danish
        "innbygger \xf0\x9f\x98\x80 smiler",                // an emoji, four bytes
        "quote \" and backslash \\ and slash /",
        "tab\tnewline\ncarriage\rbell\x07 nul-free control \x1f",
        "\x7f delete is not escaped",
        "bad \xff byte",             // invalid UTF-8: replaced
        "cut \xe2\x82 short",        // a truncated sequence
        "overlong \xc0\xaf slash",   // an overlong form
        "surrogate \xed\xa0\x80 half",
    };
    for (const auto& s : strings) {
        INFO(s);
        CHECK(dump(json(s)) == reference(json(s)));
        const json member{{"text", s}, {s, 1}};
        CHECK(dump(member) == reference(member));
    }
    const json values[] = {
        json(nullptr), json(true), json(false), json(0), json(-1), json(INT64_MIN), json(INT64_MAX),
        json(UINT64_MAX), json(0.5), json(-1e300), json::array(), json::object(),
        json{{"type", "idea.added"}, {"idea", {{"id", 7}, {"tags", json::array({1, "two", nullptr})}}}, {"seq", 12}},
    };
    for (const auto& v : values) {
        INFO(reference(v));
        CHECK(dump(v) == reference(v));
    }
}

TEST_CASE("object_builder keeps the members in the order added", "[protocol]") {
    const json built = object_builder(3).add("b", 1).add("a", "x").add("c", json::array({true})).done();
    CHECK(dump(built) == R"({"b":1,"a":"x","c":[true]})");
    CHECK(built == json{{"b", 1}, {"a", "x"}, {"c", json::array({true})}});
}

// Tests of message parsing: every message type, and bad input of every kind.
#include "protocol/parser.hpp"

#include "protocol/limits.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace samskab::protocol;
using namespace samskab::domain;

namespace {

command parse_command(const std::string& text) {
    auto p = parse_client_message(text);
    if (!p.message.ok()) FAIL(text << " -> " << to_string(p.message.err().code) << ": " << p.message.err().message);
    auto* req = std::get_if<command_request>(&p.message.value());
    REQUIRE(req != nullptr);
    return req->cmd;
}

}  // namespace

TEST_CASE("every command type parses into its command", "[protocol]") {
    auto add = std::get<add_idea>(parse_command(R"({"type":"idea.add","ref":"r1","column":2,"text":"Hej"})"));
    CHECK(add.column == 2);
    CHECK(add.text == "Hej");
    CHECK_FALSE(add.index.has_value());
    CHECK(std::get<add_idea>(parse_command(R"({"type":"idea.add","ref":"r1","column":2,"text":"x","index":0})")).index == 0);

    auto edit = std::get<edit_idea>(parse_command(R"({"type":"idea.edit","ref":"a:b","id":7,"base_version":3,"text":"t"})"));
    CHECK(edit.id == 7);
    CHECK(edit.base_version == 3);
    auto move = std::get<move_idea>(parse_command(R"({"type":"idea.move","ref":"r","id":7,"base_version":3,"column":1,"index":4})"));
    CHECK(move.column == 1);
    CHECK(move.index == 4);
    CHECK(std::get<delete_idea>(parse_command(R"({"type":"idea.delete","ref":"r","id":7,"base_version":3})")).id == 7);
    CHECK(std::get<add_column>(parse_command(R"({"type":"column.add","ref":"r","title":"T"})")).title == "T");
    CHECK(std::get<rename_column>(parse_command(R"({"type":"column.rename","ref":"r","id":2,"title":"U"})")).title == "U");
    CHECK(std::get<move_column>(parse_command(R"({"type":"column.move","ref":"r","id":2,"index":0})")).index == 0);
    CHECK(std::get<delete_column>(parse_command(R"({"type":"column.delete","ref":"r","id":2})")).id == 2);
    auto upd = std::get<update_session>(parse_command(R"({"type":"session.update","ref":"r","question":"Q?"})"));
    CHECK_FALSE(upd.title.has_value());
    CHECK(upd.question == "Q?");
}

TEST_CASE("join parses a new participant or a returning one", "[protocol]") {
    auto p = parse_client_message(R"({"type":"join","protocol":1,"code":"k7m-4qx","name":"Anna"})");
    REQUIRE(p.message.ok());
    auto j = std::get<join_request>(p.message.value());
    CHECK(j.code == "K7M4QX");
    CHECK(j.name == "Anna");
    CHECK_FALSE(j.token.has_value());

    p = parse_client_message(R"({"type":"join","protocol":1,"code":"K7M4QX","token":"abc","since":12})");
    REQUIRE(p.message.ok());
    j = std::get<join_request>(p.message.value());
    CHECK(j.token == "abc");
    CHECK(j.since == 12);
}

TEST_CASE("bad messages get their own error codes", "[protocol]") {
    struct row { std::string text; errc code; const char* field; const char* ref; };
    const row rows[] = {
        {"", errc::bad_json, "", ""},
        {"{", errc::bad_json, "", ""},
        {"[1,2]", errc::bad_json, "", ""},
        {"\"text\"", errc::bad_json, "", ""},
        {"{\"type\":\"idea.add\",\"ref\":\"r\",\"column\":1,\"text\":\"x\"} trailing", errc::bad_json, "", ""},
        {std::string(40, '[') + std::string(40, ']'), errc::too_deep, "", ""},
        {R"({"ref":"r1"})", errc::invalid_field, "type", "r1"},
        {R"({"type":7})", errc::invalid_field, "type", ""},
        {R"({"type":"idea.paint","ref":"r2"})", errc::unknown_type, "", "r2"},
        {R"({"type":"idea.add","column":1,"text":"x"})", errc::invalid_field, "ref", ""},
        {R"({"type":"idea.add","ref":"has space","column":1,"text":"x"})", errc::invalid_field, "ref", ""},
        {R"({"type":"idea.add","ref":")" + std::string(65, 'r') + R"(","column":1,"text":"x"})", errc::too_long, "ref", ""},
        {R"({"type":"idea.add","ref":"r3","text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":"1","text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1.5,"text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":0,"text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":-4,"text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":18446744073709551615,"text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1,"text":5})", errc::invalid_field, "text", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1,"text":null})", errc::invalid_field, "text", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1,"text":"x","index":-1})", errc::invalid_field, "index", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1,"text":"x","colour":"red"})", errc::invalid_field, "colour", "r3"},
        {R"({"type":"idea.edit","ref":"r4","id":1,"text":"x"})", errc::invalid_field, "base_version", "r4"},
        {R"({"type":"idea.move","ref":"r5","id":1,"base_version":1,"column":1})", errc::invalid_field, "index", "r5"},
        {R"({"type":"column.rename","ref":"r6","id":1,"title":["x"]})", errc::invalid_field, "title", "r6"},
        {R"({"type":"join","code":"K7M4QX","name":"A"})", errc::invalid_field, "protocol", ""},
        {R"({"type":"join","protocol":2,"code":"K7M4QX","name":"A"})", errc::unsupported_protocol, "protocol", ""},
        {R"({"type":"join","protocol":1,"code":"nope!!","name":"A"})", errc::invalid_field, "code", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX"})", errc::invalid_field, "name", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","name":"A","token":"t"})", errc::invalid_field, "token", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","name":"A","since":-1})", errc::invalid_field, "since", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","token":")" + std::string(129, 't') + R"("})", errc::too_long, "token", ""},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        auto p = parse_client_message(r.text);
        REQUIRE_FALSE(p.message.ok());
        CHECK(p.message.err().code == r.code);
        CHECK(p.message.err().field == r.field);
        CHECK(p.ref == r.ref);
        CHECK_FALSE(p.message.err().message.empty());
    }
}

TEST_CASE("invalid UTF-8 inside a JSON string is bad JSON", "[protocol]") {
    auto p = parse_client_message("{\"type\":\"idea.add\",\"ref\":\"r\",\"column\":1,\"text\":\"\xC3\"}");
    REQUIRE_FALSE(p.message.ok());
    CHECK(p.message.err().code == errc::bad_json);
    // A lone surrogate escape is not text either.
    p = parse_client_message(R"({"type":"idea.add","ref":"r","column":1,"text":"\ud800"})");
    REQUIRE_FALSE(p.message.ok());
    CHECK(p.message.err().code == errc::bad_json);
}

TEST_CASE("create-session bodies are checked", "[protocol]") {
    auto ok = parse_create_session(R"({"title":"T","question":"Q","columns":["A","B"],"facilitator_name":"F"})");
    REQUIRE(ok.ok());
    CHECK(ok->columns.size() == 2);
    CHECK(ok->facilitator_name == "F");
    CHECK(parse_create_session(R"({"title":"T","question":"Q"})")->columns.empty());

    struct row { const char* body; errc code; const char* field; };
    const row rows[] = {
        {"nope", errc::bad_json, ""},
        {R"({"question":"Q"})", errc::invalid_field, "title"},
        {R"({"title":"T"})", errc::invalid_field, "question"},
        {R"({"title":"T","question":"Q","columns":"A"})", errc::invalid_field, "columns"},
        {R"({"title":"T","question":"Q","columns":[]})", errc::invalid_field, "columns"},
        {R"({"title":"T","question":"Q","columns":[1]})", errc::invalid_field, "columns"},
        {R"({"title":"T","question":"Q","owner":"x"})", errc::invalid_field, "owner"},
    };
    for (const auto& r : rows) {
        INFO(r.body);
        auto got = parse_create_session(r.body);
        REQUIRE_FALSE(got.ok());
        CHECK(got.err().code == r.code);
        CHECK(got.err().field == r.field);
    }
}

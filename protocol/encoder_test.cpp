// Tests of message encoding: the JSON a client receives, read back with a JSON parser.
#include "protocol/encoder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace samskab::protocol;
using namespace samskab::domain;
using nlohmann::json;

namespace {

const time_point t0{std::chrono::milliseconds{1'795'440'420'123}};  // 2026-11-23T13:27:00.123Z

struct fixture {
    board b = board::create(session_info{"s1", "K7M4QX", "Title", "What is impossible today?", session_status::open, t0},
                            {"Ideas", "Later"}, participant{0, "Fac", role::facilitator, "h", t0});

    change run(const command& cmd) {
        auto ev = b.decide(*b.find_participant(1), cmd, t0);
        REQUIRE(ev.ok());
        change c{b.seq() + 1, 1, t0, "r", ev.value()};
        b.apply(c);
        return c;
    }
};

}  // namespace

TEST_CASE("times are RFC 3339 in UTC with milliseconds", "[protocol]") {
    auto j = json::parse(encode_session_summary(fixture{}.b.info()));
    CHECK(j["created_at"] == "2026-11-23T13:27:00.123Z");
}

TEST_CASE("events carry their type, seq and payload", "[protocol]") {
    fixture f;
    auto j = json::parse(encode_event(f.run(add_idea{1, std::nullopt, "Caf\xC3\xA9 for introverts"}), f.b));
    CHECK(j["type"] == "idea.added");
    CHECK(j["seq"] == 1);
    CHECK(j["idea"]["id"] == 1);
    CHECK(j["idea"]["column"] == 1);
    CHECK(j["idea"]["index"] == 0);
    CHECK(j["idea"]["text"] == "Caf\xC3\xA9 for introverts");
    CHECK(j["idea"]["author"]["name"] == "Fac");
    CHECK(j["idea"]["version"] == 1);
    CHECK_FALSE(j["idea"].contains("rank"));

    j = json::parse(encode_event(f.run(move_idea{1, 1, 2, 0}), f.b));
    CHECK(j["type"] == "idea.moved");
    CHECK(j["column"] == 2);
    CHECK(j["version"] == 2);
    j = json::parse(encode_event(f.run(edit_idea{1, 2, "new"}), f.b));
    CHECK(j["type"] == "idea.edited");
    CHECK(j["text"] == "new");
    j = json::parse(encode_event(f.run(delete_idea{1, 3}), f.b));
    CHECK(j == json{{"type", "idea.deleted"}, {"id", 1}, {"seq", 4}, {"at", "2026-11-23T13:27:00.123Z"}});
    j = json::parse(encode_event(f.run(add_column{"Temaer", 0}), f.b));
    CHECK(j["column"] == json{{"id", 3}, {"title", "Temaer"}});
    CHECK(j["index"] == 0);
    CHECK(json::parse(encode_event(f.run(rename_column{3, "T"}), f.b))["type"] == "column.renamed");
    CHECK(json::parse(encode_event(f.run(move_column{3, 2}), f.b))["index"] == 2);
    CHECK(json::parse(encode_event(f.run(delete_column{3}), f.b))["type"] == "column.deleted");
    j = json::parse(encode_event(f.run(update_session{std::nullopt, std::string("Q2")}), f.b));
    CHECK(j["title"] == "Title");
    CHECK(j["question"] == "Q2");
}

TEST_CASE("a snapshot holds columns in order and every idea", "[protocol]") {
    fixture f;
    f.run(add_idea{1, std::nullopt, "a"});
    f.run(add_idea{2, std::nullopt, "b"});
    f.run(add_idea{1, 0, "c"});
    auto j = json::parse(encode_snapshot(f.b));
    CHECK(j["type"] == "snapshot");
    CHECK(j["seq"] == 3);
    CHECK(j["session"]["code"] == "K7M4QX");
    CHECK(j["columns"][0]["ideas"] == json::array({3, 1}));
    CHECK(j["columns"][1]["ideas"] == json::array({2}));
    REQUIRE(j["ideas"].size() == 3);
    CHECK(j["ideas"][0]["text"] == "c");
    CHECK(j["ideas"][1]["index"] == 1);
}

TEST_CASE("acks wrap the event text unchanged", "[protocol]") {
    fixture f;
    const std::string ev = encode_event(f.run(add_idea{1, std::nullopt, "a"}), f.b);
    auto j = json::parse(encode_ack("r\"1", 1, ev));
    CHECK(j["type"] == "ack");
    CHECK(j["ref"] == "r\"1");
    CHECK(j["seq"] == 1);
    CHECK(j["event"] == json::parse(ev));
}

TEST_CASE("errors carry code, message, field, limit and the current idea", "[protocol]") {
    fixture f;
    f.run(add_idea{1, std::nullopt, "a"});
    error e = error::make(errc::stale_version, "stale");
    e.current = *f.b.find_idea(1);
    auto j = json::parse(encode_error("r9", e, &f.b));
    CHECK(j["type"] == "error");
    CHECK(j["ref"] == "r9");
    CHECK(j["code"] == "stale_version");
    CHECK(j["current"]["text"] == "a");
    CHECK(j["current"]["index"] == 0);

    error t = error::in_field(errc::too_long, "text", "too long");
    t.limit = 500;
    j = json::parse(encode_error("", t));
    CHECK_FALSE(j.contains("ref"));
    CHECK(j["field"] == "text");
    CHECK(j["limit"] == 500);

    j = json::parse(encode_http_error(t));
    CHECK(j["error"]["code"] == "too_long");
}

TEST_CASE("welcome tells who you are and how the client catches up", "[protocol]") {
    fixture f;
    welcome_info w;
    w.you = f.b.find_participant(1);
    w.token = "secret";
    w.seq = 0;
    w.snapshot = false;
    w.pending_refs = {"p1"};
    auto j = json::parse(encode_welcome(f.b, w));
    CHECK(j["type"] == "welcome");
    CHECK(j["protocol"] == 1);
    CHECK(j["you"]["role"] == "facilitator");
    CHECK(j["token"] == "secret");
    CHECK(j["resume"] == "events");
    CHECK(j["pending_refs"] == json::array({"p1"}));
    CHECK(j["recent_refs"] == json::array());
    w.token.reset();
    CHECK_FALSE(json::parse(encode_welcome(f.b, w)).contains("token"));
    // The participant's token hash never leaves the server.
    CHECK(encode_welcome(f.b, w).find("\"h\"") == std::string::npos);
}

TEST_CASE("HTTP bodies for a created session and for health", "[protocol]") {
    fixture f;
    auto j = json::parse(encode_created_session(f.b.info(), "tok"));
    CHECK(j["code"] == "K7M4QX");
    CHECK(j["display_code"] == "K7M-4QX");
    CHECK(j["join_path"] == "/join/K7M4QX");
    CHECK(j["facilitator_token"] == "tok");
    CHECK(j["session"]["title"] == "Title");
    CHECK(json::parse(encode_health("0.1.0", true)) == json{{"status", "ok"}, {"version", "0.1.0"}, {"database", "ok"}});
    CHECK(json::parse(encode_health("0.1.0", false))["database"] == "unavailable");
}

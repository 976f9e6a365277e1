// The log's renderings, its throttle, and its catalogue against README.md's "Logs".
#include "net/log.hpp"
#include "net/log_events.hpp"
#include "support/documented_log_events.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <regex>
#include <set>
#include <string>

using namespace samskab::server;
using namespace std::chrono_literals;

namespace {

// 2026-12-06T12:00:00.250Z
const auto at = std::chrono::system_clock::time_point{std::chrono::milliseconds{1796558400250}};

constexpr log::event sample{"sample_event", log::level::warn, "session {session} did {what} in {seconds} s"};

}  // namespace

TEST_CASE("a JSON line is one object with time, level, event, message and typed fields", "[server]") {
    const std::string line =
        log::render(log::format::json, at, sample,
                    {{"session", "abc"}, {"what", "x"}, {"seconds", 1500ms}, {"count", std::size_t{3}}, {"delta", -2},
                     {"kept", true}});
    REQUIRE(line.ends_with("\n"));
    CHECK(line.find('\n') == line.size() - 1);
    const auto j = nlohmann::json::parse(line);
    CHECK(j["time"] == "2026-12-06T12:00:00.250Z");
    CHECK(j["level"] == "warn");
    CHECK(j["event"] == "sample_event");
    CHECK(j["message"] == "session abc did x in 1.5 s count=3 delta=-2 kept=true");
    CHECK(j["session"] == "abc");
    CHECK(j["seconds"].is_number_float());
    CHECK(j["seconds"] == 1.5);
    CHECK(j["count"].is_number_unsigned());
    CHECK(j["count"] == 3);
    CHECK(j["delta"] == -2);
    CHECK(j["kept"] == true);
    // The order an operator reads in: time, level, event, message, then the fields.
    CHECK(line.starts_with(R"({"time":"2026-12-06T12:00:00.250Z","level":"warn","event":"sample_event","message":)"));
}

TEST_CASE("a field with a line break, a quote or invalid UTF-8 never breaks a line", "[server]") {
    const std::string nasty = "a\"b\nc\r\nd\\e\x01\xff";
    for (const auto fmt : {log::format::json, log::format::text}) {
        const std::string line = log::render(fmt, at, sample, {{"session", nasty}, {"what", "w"}, {"seconds", 0.5}});
        CHECK(line.find('\n') == line.size() - 1);
        CHECK(line.find('\r') == std::string::npos);
        if (fmt == log::format::json) {
            const auto j = nlohmann::json::parse(line);
            CHECK(j["session"].get<std::string>().starts_with("a\"b\nc\r\nd\\e\x01"));
        }
    }
}

TEST_CASE("a text line is the time, the level and the event's sentence", "[server]") {
    CHECK(log::render(log::format::text, at, sample, {{"session", "abc"}, {"what", "x"}, {"seconds", 0.000251}}) ==
          "2026-12-06T12:00:00.250Z warn  session abc did x in 0.000251 s\n");
    CHECK(log::render(log::format::text, at, log::events::listening,
                      {{"address", "127.0.0.1"}, {"port", 8080}, {"url", "http://127.0.0.1:8080"}}) ==
          "2026-12-06T12:00:00.250Z info  listening on http://127.0.0.1:8080 address=127.0.0.1 port=8080\n");
    // A duration is seconds, without trailing zeros.
    CHECK(log::sentence(sample, {{"session", "s"}, {"what", "w"}, {"seconds", std::chrono::minutes(2)}}) ==
          "session s did w in 120 s");
}

TEST_CASE("the throttle lets one line per key and window through, counting the rest", "[server]") {
    log::throttle t(60s, 3);
    const auto t0 = log::throttle::clock::time_point{} + 1h;
    CHECK(t.admit("joins 10.0.0.1", t0) == 0u);
    CHECK_FALSE(t.admit("joins 10.0.0.1", t0 + 1s).has_value());
    CHECK_FALSE(t.admit("joins 10.0.0.1", t0 + 59s).has_value());
    CHECK(t.admit("creations 10.0.0.1", t0 + 2s) == 0u);  // another limit: its own key
    CHECK(t.admit("joins 10.0.0.2", t0 + 3s) == 0u);      // another address
    CHECK(t.admit("joins 10.0.0.1", t0 + 60s) == 2u);     // the window passed: two were held back
    CHECK_FALSE(t.admit("joins 10.0.0.1", t0 + 61s).has_value());
    // A fourth key: the full table forgets the keys whose window passed, not the others.
    CHECK(t.admit("joins 10.0.0.3", t0 + 64s) == 0u);
    CHECK_FALSE(t.admit("joins 10.0.0.1", t0 + 65s).has_value());
}

TEST_CASE("every event has a unique snake_case name and snake_case fields", "[server]") {
    std::set<std::string_view> names;
    const std::regex snake("[a-z]+(_[a-z]+)*");
    for (const log::event* e : log::events::all) {
        INFO(e->name);
        CHECK(names.insert(e->name).second);
        CHECK(std::regex_match(std::string(e->name), snake));
        for (const auto& f : log::field_names(*e)) {
            INFO(f);
            CHECK(std::regex_match(f, snake));
            // Reserved by the JSON line.
            CHECK((f != "time" && f != "level" && f != "event" && f != "message"));
        }
    }
}

// README.md's "Logs" table: | `event` | level | `field`, `field` | meaning |. Its rows and
// the catalogue must name the same events, at the same levels, with the same fields
// (logging_test.cpp holds the lines a live server writes to the catalogue).
TEST_CASE("README.md's table of log events matches the catalogue", "[server]") {
    auto rows = samskab::testing::documented_log_events(SAMSKAB_README_PATH);
    REQUIRE_FALSE(rows.empty());
    const char* level_names[] = {"debug", "info", "warn", "error"};
    for (const log::event* e : log::events::all) {
        INFO(e->name);
        const auto r = rows.find(std::string(e->name));
        REQUIRE(r != rows.end());
        CHECK(r->second.level == level_names[static_cast<int>(e->severity)]);
        const auto names = log::field_names(*e);
        CHECK(r->second.fields == std::set<std::string>(names.begin(), names.end()));
        CHECK(names.size() == r->second.fields.size());  // no field twice
        rows.erase(r);
    }
    CHECK(rows.empty());  // no row for an event the server does not have
}

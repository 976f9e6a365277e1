// Integration tests of the server's log (README.md, "Logs"): the real server with
// --log-format json runs a whole workshop with distinctive texts and names, refuses an
// address that keeps trying tokens, deletes the session and stops on SIGTERM; then every
// line of its standard error must be one JSON object with time, level and event, with
// exactly the fields README.md lists for that event, and nothing any person wrote or was
// given (a token, the join code, an invitation, a name, a text) anywhere in the bytes.
// With --log-format text the same events read as sentences.
#include "live_server.hpp"
#include "support/documented_log_events.hpp"
#include "workshop_play.hpp"

#include <regex>
#include <set>
#include <sstream>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// Every line of the log, parsed; fails the test on a line that is not a JSON object with
// time, level, event and message, or whose fields are not those README.md lists.
std::vector<json> parsed_lines(const std::string& log) {
    static const auto documented = documented_log_events(SAMSKAB_README_PATH);
    REQUIRE_FALSE(documented.empty());
    REQUIRE(log.ends_with("\n"));
    std::vector<json> lines;
    std::istringstream in(log);
    static const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
    for (std::string line; std::getline(in, line);) {
        INFO(line);
        const json j = json::parse(line, nullptr, false);
        REQUIRE(j.is_object());
        REQUIRE(j.contains("time"));
        REQUIRE(j.contains("level"));
        REQUIRE(j.contains("event"));
        REQUIRE(j.contains("message"));
        CHECK(std::regex_match(j["time"].get<std::string>(), time));
        const auto doc = documented.find(j["event"].get<std::string>());
        REQUIRE(doc != documented.end());
        CHECK(j["level"] == doc->second.level);
        std::set<std::string> fields;
        for (const auto& [k, v] : j.items())
            if (k != "time" && k != "level" && k != "event" && k != "message") fields.insert(k);
        CHECK(fields == doc->second.fields);
        lines.push_back(j);
    }
    return lines;
}

std::vector<json> events_named(const std::vector<json>& lines, const std::string& name) {
    std::vector<json> out;
    for (const auto& j : lines)
        if (j["event"] == name) out.push_back(j);
    return out;
}

}  // namespace

TEST_CASE("the JSON log of a whole workshop: one object per line, the events an operator needs, nothing people wrote",
          "[integration]") {
    live_server s("", {"--log-format", "json"});
    const std::string db = s.dir.file("samskab.db");

    // Everything people write or are given, each found nowhere else.
    const play_texts t{"Hvad ville Brombærhøgen Quiltmose spørge om?",
                       "Ottiline Vrangstrøm",
                       "Balduin Kringelhjerte",
                       "Sneglepost til Lystbådehavnen",
                       "Sneglepost til Lystbådehavnen og Tårnet",
                       "Kommentaren om Pebernøddeflåden",
                       "Prøvehandling Karamelbroen",
                       "Beslutningen om Muslingeorkestret",
                       "Læringen om Hyldeblomstkanonen"};
    const std::string title = "Workshoppen om Rabarbertrompeten";
    const std::string facilitator = "Gunnhild Sølvskæg";
    auto created = create_session(s.port(), json{{"title", title},
                                                 {"question", "Det første spørgsmål om Vandrestøvlen"},
                                                 {"facilitator_name", facilitator},
                                                 {"columns", {"Ideer om Gulerodsfløjten", "Senere"}}}
                                                .dump());
    REQUIRE(created.status == 201);
    const json c = json::parse(created.body);
    const test_session sess{c["code"], c["facilitator_token"], c};
    const std::string id = c["id"];
    std::vector<std::string> secrets{title,          facilitator, "Det første spørgsmål om Vandrestøvlen",
                                     "Ideer om Gulerodsfløjten", sess.code, sess.facilitator_token,
                                     t.question,     t.citizen,   t.manager,
                                     t.idea,         t.edited_idea, t.comment,
                                     t.trial,        t.decision,  t.learning};
    {
        const played p = play(s, sess, t);
        secrets.push_back(p.citizen->token);
        secrets.push_back(p.manager->token);
        secrets.push_back(p.manager_invite);
        // The outcome read by its facilitator, as after a workshop.
        CHECK(http(s.port(), "GET", "/api/sessions/" + id + "/outcome", "",
                   {{"Authorization", "Bearer " + sess.facilitator_token}})
                  .status == 200);
    }
    for (const auto& secret : secrets) REQUIRE(secret.size() >= 6);

    // The session deleted by its facilitator (before the address below is refused).
    REQUIRE(http(s.port(), "DELETE", "/api/sessions/" + id + "?trial_actions=delete", "",
                 {{"Authorization", "Bearer " + sess.facilitator_token}})
                .status == 200);

    // An address that keeps trying tokens: refused (429) once its failures are spent, and
    // logged once however often it is refused within the minute.
    int refused = 0;
    for (int k = 0; k < 30 && refused < 3; ++k) {
        const auto r = http(s.port(), "GET", "/api/sessions/" + id + "/outcome", "",
                            {{"Authorization", "Bearer " + std::string(43, 'B')}});
        if (r.status == 429) ++refused;
    }
    REQUIRE(refused == 3);

    const auto pid = s.proc->pid();
    REQUIRE(s.proc->stop() == 0);
    const std::string log = s.proc->log();
    INFO(log);

    for (const auto& secret : secrets) {
        INFO(secret);
        CHECK(log.find(secret) == std::string::npos);
    }

    const auto lines = parsed_lines(log);
    REQUIRE(lines.size() >= 8);
    CHECK(lines.front()["event"] == "starting");
    CHECK(lines.back()["event"] == "stopped");

    const auto starting = events_named(lines, "starting");
    REQUIRE(starting.size() == 1);
    CHECK(starting[0]["db"] == db);
    CHECK(starting[0]["pid"] == pid);
    CHECK(starting[0]["threads"].get<int>() >= 1);
    CHECK(starting[0]["version"].get<std::string>().size() >= 5);

    const auto loaded = events_named(lines, "sessions_loaded");
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0]["sessions"] == 0);
    CHECK(loaded[0]["seconds"].is_number());

    const auto listening = events_named(lines, "listening");
    REQUIRE(listening.size() == 1);
    CHECK(listening[0]["address"] == "127.0.0.1");
    CHECK(listening[0]["port"] == s.port());
    CHECK(listening[0]["url"] == "http://127.0.0.1:" + std::to_string(s.port()));
    // The sentence, as the text format writes it, is in the JSON too.
    CHECK(listening[0]["message"].get<std::string>().starts_with("listening on http://127.0.0.1:"));

    const auto made = events_named(lines, "session_created");
    REQUIRE(made.size() == 1);
    CHECK(made[0]["session"] == id);
    const auto deleted = events_named(lines, "session_deleted");
    REQUIRE(deleted.size() == 1);
    CHECK(deleted[0]["session"] == id);
    CHECK(deleted[0]["trial_actions_kept"] == false);

    // Three refusals, one line: the throttle holds the rest back for a minute.
    std::vector<json> limited;
    for (const auto& j : events_named(lines, "rate_limited"))
        if (j["limit"] == "failed_attempts") limited.push_back(j);
    REQUIRE(limited.size() == 1);
    CHECK(limited[0]["level"] == "warn");
    CHECK(limited[0]["address"] == "127.0.0.1");
    CHECK(limited[0]["suppressed"] == 0);

    const auto begun = events_named(lines, "shutdown_begun");
    REQUIRE(begun.size() == 1);
    CHECK(begun[0]["sessions"] == 0);  // the one session was deleted
    CHECK(begun[0]["connections"].is_number_unsigned());
    REQUIRE(events_named(lines, "shutdown_drained").size() == 1);
    const auto stopped = events_named(lines, "stopped");
    REQUIRE(stopped.size() == 1);
    CHECK(stopped[0]["shutdown_seconds"].get<double>() >= 0);
    CHECK(stopped[0]["shutdown_seconds"].get<double>() < 10);
    CHECK(stopped[0]["uptime_seconds"].get<double>() > 0);
}

TEST_CASE("the log in text: one sentence per line, the same events", "[integration]") {
    live_server s("", {"--log-format", "text"});
    const auto sess = make_session(s.port());
    REQUIRE(s.proc->stop() == 0);
    const std::string log = s.proc->log();
    INFO(log);
    const std::string port = std::to_string(s.port());
    const std::regex line(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (debug|info |warn |error) [^\n]+)");
    std::istringstream in(log);
    int n = 0;
    for (std::string l; std::getline(in, l); ++n) {
        INFO(l);
        CHECK(std::regex_match(l, line));
        CHECK(l.find('{') == std::string::npos);  // no placeholder left, no JSON
    }
    CHECK(n >= 6);
    CHECK(log.find(" info  listening on http://127.0.0.1:" + port + " address=127.0.0.1 port=" + port + "\n") !=
          std::string::npos);
    CHECK(log.find(" info  session " + sess.created["id"].get<std::string>() + " created\n") != std::string::npos);
    CHECK(log.find(" info  0 session(s) loaded from " + s.dir.file("samskab.db") + " in ") != std::string::npos);
    CHECK(log.find(" info  shutting down: ") != std::string::npos);
    CHECK(log.find(" info  stopped: shutdown took ") != std::string::npos);
    CHECK(log.find(sess.facilitator_token) == std::string::npos);
    CHECK(log.find(sess.code) == std::string::npos);
}

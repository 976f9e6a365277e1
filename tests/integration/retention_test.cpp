// Integration tests of retention (README.md, "Personal data"; PROTOCOL.md, "Retention"):
// with the real server, its real SQLite file and a pinned day (SAMSKAB_TODAY), a closed
// session's display names are removed once its workspace's retention has run out, by the
// server on its own: from the running room (reports, archives, a rejoin's snapshot), and
// from every byte of the database file and its WAL, while a session whose day has not
// come keeps them until a restart on a later day removes them too.
#include "live_server.hpp"
#include "recorder.hpp"
#include "workspace_helpers.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// Waits (up to 20 s) until none of the names is in the database's bytes.
bool names_leave_the_file(live_server& s, const std::vector<std::string>& names) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
        const std::string bytes = database_bytes(s);
        bool any = false;
        for (const auto& n : names) any = any || bytes.find(n) != std::string::npos;
        if (!any) return true;
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void set_retention(live_server& s, const made_workspace& w, int months) {
    auto r = http(s.port(), "POST", "/api/workspaces/" + w.id + "/settings",
                  json{{"retention_months", months}}.dump(),
                  {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + w.token}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["retention_months"] == months);
}

json get_json(live_server& s, const std::string& path, const std::string& token) {
    auto r = http(s.port(), "GET", path, "", {{"Authorization", "Bearer " + token}});
    INFO(path << ": " << r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
}

struct closed_session {
    test_session sess;
    std::string id;
};

// A session of w played by a citizen and a manager with these names, with an idea, a
// comment, a trial action the citizen owns, a manager's decision and a learning; then
// closed. Its facilitator stays connected in `fac`.
closed_session play_and_close(live_server& s, const made_workspace& w, recorder& fac, const std::string& citizen_name,
                              const std::string& manager_name) {
    closed_session out{workspace_session(s, w, {}), ""};
    out.id = out.sess.created["id"];
    fac.join({{"code", out.sess.code}, {"token", out.sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("invite.renew", "f2", {{"role", "manager"}}))["type"] == "ack");
    const std::string invite = link_of(fac.next_of_type("invites"), "manager");
    recorder citizen(s.port()), manager(s.port());
    citizen.join({{"code", out.sess.code}, {"name", citizen_name}});
    manager.join({{"code", out.sess.code}, {"name", manager_name}, {"invite", invite}});
    const auto idea = added_idea(citizen, "c1", "Flere bænke ved havnen");
    REQUIRE(citizen.answer(cmd("comment.add", "c2", {{"target_kind", "idea"}, {"target_id", idea},
                                                     {"text", "Gerne med ryglæn"}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f3", {{"phase", "trial_actions"}}))["type"] == "ack");
    const std::int64_t citizen_id = citizen.of_type("welcome").front()["you"]["id"];
    const auto trial = fac.answer(
        cmd("trial.create", "f4", {{"title", "Bænkeforsøget"}, {"ideas", {idea}}, {"owners", {citizen_id}}}));
    REQUIRE(trial["type"] == "ack");
    const std::int64_t trial_id = trial["event"]["trial_action"]["id"];
    REQUIRE(manager.answer(cmd("decision.record", "m1", {{"target_kind", "trial_action"}, {"target_id", trial_id},
                                                         {"kind", "approve"}, {"note", "Godkendt"}}))["type"] == "ack");
    REQUIRE(citizen.answer(cmd("trial.learning", "c3", {{"id", trial_id}, {"text", "Bænkene blev brugt"}}))["type"] ==
            "ack");
    REQUIRE(fac.answer(cmd("session.close", "f5", json::object()))["type"] == "ack");
    return out;
}

}  // namespace

TEST_CASE("retention: a closed session's names leave the room and the database file once its workspace's months "
          "have passed, by the server on its own",
          "[integration]") {
    // The sessions close today (December 2026); the server takes 2027-07-01 as today.
    live_server s("", {}, {"env", "SAMSKAB_TODAY=2027-07-01"});
    const auto w = make_workspace(s, "Tårnby Kommune");
    const auto later = make_workspace(s, "Dragør Kommune");
    recorder fac(s.port()), later_fac(s.port());
    const std::vector<std::string> names{"Ursulina Pemberwick", "Qorblenhavn Zyxmund"};
    const std::vector<std::string> later_names{"Bartholomæa Knirkeby", "Sigvaldur Plimsoll"};
    const auto sess = play_and_close(s, w, fac, names[0], names[1]);
    const auto kept = play_and_close(s, later, later_fac, later_names[0], later_names[1]);
    {
        const std::string before = database_bytes(s);
        for (const auto& n : names) CHECK(before.find(n) != std::string::npos);
        for (const auto& n : later_names) CHECK(before.find(n) != std::string::npos);
    }

    // Dragør keeps names 12 months: not due before December 2027. Then Tårnby's 6 months
    // run out on 2027-06-06: the server removes them at once, without anyone asking.
    set_retention(s, later, 12);
    set_retention(s, w, 6);
    CHECK(fac.client.wait_closed() == 1001);  // connected clients come back to a snapshot
    REQUIRE(names_leave_the_file(s, names));
    {
        // The runs are one at a time, in order: Dragør's was checked first, and kept.
        const std::string bytes = database_bytes(s);
        for (const auto& n : later_names) CHECK(bytes.find(n) != std::string::npos);
    }
    CHECK_FALSE(later_fac.client.wait_closed(std::chrono::milliseconds(0)).has_value());

    // Nowhere in what the server gives: the archive (state and history), the report, the
    // history, and a rejoin's snapshot; the texts people wrote stay.
    auto names_gone_everywhere = [&] {
        const auto archive =
            get_json(s, "/api/sessions/" + sess.id + "/export/session.json", sess.sess.facilitator_token);
        const auto report = get_json(s, "/api/sessions/" + sess.id + "/outcome", sess.sess.facilitator_token);
        const auto history = get_json(s, "/api/sessions/" + sess.id + "/history", sess.sess.facilitator_token);
        recorder back(s.port());
        back.join({{"code", sess.sess.code}, {"token", sess.sess.facilitator_token}});
        const auto welcome = back.of_type("welcome").front();
        for (const std::string text : {archive.dump(), report.dump(), history.dump(), welcome.dump()}) {
            for (const auto& n : names) CHECK(text.find(n) == std::string::npos);
            CHECK(text.find("Mette") == std::string::npos);  // the facilitator's too
        }
        for (const auto& p : archive["participants"]) CHECK(p["name"] == "#" + std::to_string(p["id"].get<int>()));
        CHECK(archive.dump().find("Bænkene blev brugt") != std::string::npos);
        CHECK(archive.dump().find("Flere bænke ved havnen") != std::string::npos);
        const auto& trial = archive["trial_actions"][0];
        CHECK(trial["owners"][0]["name"] == "#" + std::to_string(trial["owners"][0]["id"].get<int>()));
    };
    names_gone_everywhere();

    // A closed session's trial actions go on: a decision from the portfolio page, signed
    // with a name typed now, is removed too on the next check (here, a settings change).
    {
        const auto archive =
            get_json(s, "/api/sessions/" + sess.id + "/export/session.json", sess.sess.facilitator_token);
        auto r = http(s.port(), "POST", "/api/workspaces/" + w.id + "/decisions",
                      json{{"session", sess.id}, {"trial_action", archive["trial_actions"][0]["id"]},
                           {"kind", "continue"}, {"note", "Fortsæt"}, {"name", "Leder Vindelbo Krusemynte"}}
                          .dump(),
                      {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + w.token}});
        INFO(r.body);
        REQUIRE(r.status == 200);
        CHECK(database_bytes(s).find("Leder Vindelbo Krusemynte") != std::string::npos);
        set_retention(s, w, 6);
        REQUIRE(names_leave_the_file(s, {"Leder Vindelbo Krusemynte"}));
        names_gone_everywhere();
    }

    // Still so after a restart; and on a later day the server removes Dragør's names when
    // it starts.
    s.restart_with({"env", "SAMSKAB_TODAY=2027-12-06"});
    names_gone_everywhere();
    REQUIRE(names_leave_the_file(s, later_names));
    const auto kept_archive =
        get_json(s, "/api/sessions/" + kept.id + "/export/session.json", kept.sess.facilitator_token);
    for (const auto& n : later_names) CHECK(kept_archive.dump().find(n) == std::string::npos);
}

TEST_CASE("retention: the setting is the admin's, from 0 to max_retention_months, and typed when wrong",
          "[integration]") {
    live_server s;
    const auto w = make_workspace(s, "Tårnby Kommune");
    const std::string manager = workspace_link(s, w, "manager");
    auto post = [&](const std::string& token, const std::string& body) {
        return http(s.port(), "POST", "/api/workspaces/" + w.id + "/settings", body,
                    {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
    };
    CHECK(get_json(s, "/api/workspaces/" + w.id, w.token)["retention_months"] == 0);  // off by default
    CHECK(post(manager, R"({"retention_months":6})").status == 403);
    for (const std::string bad : {R"({"retention_months":-1})", R"({"retention_months":121})",
                                  R"({"retention_months":"6"})", R"({})"}) {
        INFO(bad);
        auto r = post(w.token, bad);
        CHECK(r.status == 400);
        CHECK(error_code(r) == "invalid_field");
    }
    CHECK(get_json(s, "/api/workspaces/" + w.id, w.token)["retention_months"] == 0);
    REQUIRE(post(w.token, R"({"retention_months":24})").status == 200);
    // Each setting keeps its value when the other changes.
    REQUIRE(post(w.token, R"({"overload_limit":5})").status == 200);
    const auto now = get_json(s, "/api/workspaces/" + w.id, w.token);
    CHECK(now["retention_months"] == 24);
    CHECK(now["overload_limit"] == 5);
    CHECK(get_json(s, "/api/workspaces/" + w.id, manager)["retention_months"] == 24);
}

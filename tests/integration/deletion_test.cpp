// Integration tests of deleting a session, DELETE /api/sessions/{id}?trial_actions=delete,
// with the real server and its real SQLite file: a session in a workspace played with
// distinctive names and texts, every refusal (typed, nothing changed), then the deletion:
// its connections closed with 4002, the session unknown everywhere (outcome, code, join,
// portfolio, the workspace's list, after a restart too), and none of its texts, names,
// id or join code left anywhere in the database file or its WAL, while another session's
// texts are still there. With ?trial_actions=keep: only its trial actions are left (with
// their learnings and decisions), still shown by its follow-up and the portfolio, and
// everything else of it is gone from the file.
#include "live_server.hpp"
#include "recorder.hpp"
#include "schema_check.hpp"
#include "workspace_helpers.hpp"
#include "workshop_play.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace samskab::testing;
using nlohmann::json;

namespace {

http_reply erase(std::uint16_t port, const std::string& id, const std::string& token,
                 const std::string& query = "?trial_actions=delete") {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return http(port, "DELETE", "/api/sessions/" + id + query, "", headers);
}

std::int64_t status_of_outcome(std::uint16_t port, const std::string& id, const std::string& token) {
    return http(port, "GET", "/api/sessions/" + id + "/outcome", "", {{"Authorization", "Bearer " + token}}).status;
}

json workspace_get(std::uint16_t port, const made_workspace& w, const std::string& part) {
    auto r = http(port, "GET", "/api/workspaces/" + w.id + "/" + part, "", {{"Authorization", "Bearer " + w.token}});
    REQUIRE(r.status == 200);
    return json::parse(r.body);
}

}  // namespace

TEST_CASE("a deleted session leaves nothing of itself in the database file, and every refusal changes nothing",
          "[integration]") {
    live_server s;
    const auto w = make_workspace(s, "Tårnby Kommune");
    const auto elsewhere = make_workspace(s, "Andet sted");
    const std::string facilitator_link = workspace_link(s, w, "facilitator");
    const auto sess = workspace_session(s, w, {});
    const std::string id = sess.created["id"];

    // What the session holds: names and texts nothing else in the file has.
    const std::vector<std::string> secrets{"Qorblenhavn Zyxmund",         "Ursulina Pemberwick",
                                           "Kvantehamster i rådhusets kælder",
                                           "Kvantehamster i rådhusets loft", "Glimmerfrø-kommentaren",
                                           "Prøvehandling Vindeltrappe",    "Beslutningsnoten Lakridsmåne",
                                           "Læringen om Spejlæggekage"};
    const played p = play(s, sess,
                          {"Hvad ville Qorblenhavn Zyxmund spørge om?", "Ursulina Pemberwick", "Qorblenhavn Zyxmund",
                           "Kvantehamster i rådhusets kælder", "Kvantehamster i rådhusets loft",
                           "Glimmerfrø-kommentaren", "Prøvehandling Vindeltrappe", "Beslutningsnoten Lakridsmåne",
                           "Læringen om Spejlæggekage"});
    recorder &fac = *p.fac, &citizen = *p.citizen, &manager = *p.manager;
    // Another session of the workspace, which must stay whole.
    const auto other = workspace_session(s, w, {});
    recorder other_fac(s.port());
    other_fac.join({{"code", other.code}, {"token", other.facilitator_token}});
    REQUIRE(other_fac.answer(cmd("phase.set", "o1", {{"phase", "ideas"}}))["type"] == "ack");
    added_idea(other_fac, "o2", "Den anden sessions Pindsvinepostkasse");

    // What is in the file before: so that the search below can find what it looks for.
    {
        const std::string before = database_bytes(s);
        for (const auto& text : secrets) CHECK(before.find(text) != std::string::npos);
    }
    REQUIRE(workspace_get(s.port(), w, "portfolio")["trial_actions"].size() == 1);

    // Every refusal: typed, and the session goes on as before.
    auto still_there = [&] {
        CHECK(status_of_outcome(s.port(), id, sess.facilitator_token) == 200);
        CHECK_FALSE(citizen.client.wait_closed(std::chrono::milliseconds(0)).has_value());
    };
    {
        auto r = erase(s.port(), id, "");
        CHECK(r.status == 401);
        CHECK(error_code(r) == "credentials_required");
        CHECK(r.headers["www-authenticate"] == "Bearer");
    }
    for (const auto& [token, why] : {std::pair<std::string, const char*>{std::string(43, 'A'), "a wrong token"},
                                     {elsewhere.token, "another workspace's admin link"},
                                     {"not a token!", "a malformed token"}}) {
        INFO(why);
        auto r = erase(s.port(), id, token);
        CHECK(r.status == 403);
        CHECK(error_code(r) == "invalid_token");
    }
    {
        auto r = erase(s.port(), "no-such-session", sess.facilitator_token);
        CHECK(r.status == 403);
        CHECK(error_code(r) == "invalid_token");
    }
    for (const auto& [token, why] : {std::pair<std::string, const char*>{citizen.token, "a citizen's token"},
                                     {manager.token, "a manager's token"},
                                     {facilitator_link, "the workspace's facilitator link"}}) {
        INFO(why);
        auto r = erase(s.port(), id, token);
        CHECK(r.status == 403);
        CHECK(error_code(r) == "forbidden");
    }
    for (const std::string query : {"", "?trial_actions=KEEP", "?trial_actions=", "?trial_actions=archive",
                                    "?trial_actions=delete&trial_actions=delete", "?trial_actions=keep&trial_actions=delete"}) {
        INFO(query);
        auto r = erase(s.port(), id, sess.facilitator_token, query);
        CHECK(r.status == 400);
        CHECK(error_code(r) == "invalid_field");
        CHECK(json::parse(r.body)["error"]["field"] == "trial_actions");
    }
    {  // only DELETE deletes
        auto r = http(s.port(), "POST", "/api/sessions/" + id + "?trial_actions=delete", "",
                      {{"Authorization", "Bearer " + sess.facilitator_token}});
        CHECK(r.status == 405);
    }
    still_there();
    CHECK(workspace_get(s.port(), w, "portfolio")["trial_actions"].size() == 1);

    // The facilitator deletes it.
    {
        auto r = erase(s.port(), id, sess.facilitator_token);
        INFO(r.body);
        REQUIRE(r.status == 200);
        const auto answer = json::parse(r.body);
        CHECK(answer["session"] == id);
        CHECK(answer["deleted"] == true);
        CHECK(answer["trial_actions"] == "deleted");
        CHECK(answer["wal_emptied"] == true);
    }
    // Everyone connected is told, with the code and reason PROTOCOL.md gives.
    for (auto* r : {&fac, &citizen, &manager}) {
        CHECK(r->client.wait_closed() == 4002);
        CHECK(r->client.close_reason() == "session deleted");
    }
    CHECK_FALSE(other_fac.client.wait_closed(std::chrono::milliseconds(0)).has_value());

    // Unknown from now on, as a session that never was.
    auto gone_everywhere = [&] {
        auto again = erase(s.port(), id, sess.facilitator_token);
        CHECK(again.status == 403);
        CHECK(error_code(again) == "invalid_token");
        CHECK(status_of_outcome(s.port(), id, sess.facilitator_token) == 403);
        CHECK(status_of_outcome(s.port(), id, w.token) == 403);
        CHECK(http(s.port(), "GET", "/api/sessions/" + sess.code).status == 404);
        ws_client late(s.port());
        late.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"token", sess.facilitator_token}});
        const auto refused = late.next_json();
        CHECK(refused["type"] == "error");
        CHECK(refused["code"] == "session_not_found");
        CHECK(workspace_get(s.port(), w, "portfolio")["trial_actions"].empty());
        const auto listed = workspace_get(s.port(), w, "sessions")["sessions"];
        REQUIRE(listed.size() == 1);
        CHECK(listed[0]["id"] == other.created["id"]);
    };
    gone_everywhere();

    // Nothing of it in the file or the WAL: no text, no name, not its id nor its code.
    auto nothing_left = [&] {
        const std::string after = database_bytes(s);
        for (const auto& text : secrets) {
            INFO(text);
            CHECK(after.find(text) == std::string::npos);
        }
        CHECK(after.find(id) == std::string::npos);
        CHECK(after.find(sess.code) == std::string::npos);
        CHECK(after.find("Den anden sessions Pindsvinepostkasse") != std::string::npos);  // the other one stays
        CHECK(after.find(other.created["id"].get<std::string>()) != std::string::npos);
    };
    nothing_left();

    // The other session goes on; and after a restart the deleted one stays gone.
    CHECK(other_fac.answer(cmd("phase.set", "o3", {{"phase", "vote"}}))["type"] == "ack");
    s.proc.reset();
    s.start(0);
    gone_everywhere();
    nothing_left();
}

TEST_CASE("the workspace's admin deletes a session, and one that a follow-up shows only once the follow-up is gone",
          "[integration]") {
    live_server s;
    const auto w = make_workspace(s, "Holbæk Kommune");
    const auto first = workspace_session(s, w, {});
    const std::string first_id = first.created["id"];
    {
        auto fac = facilitator(s.port(), first, "trial_actions");
        REQUIRE(command(*fac, cmd("trial.create", "t1", {{"title", "Kaffe før mødet"}}))["type"] == "ack");
    }
    auto review = http(s.port(), "POST", "/api/sessions",
                       json{{"title", "Opfølgning"},
                            {"question", "Hvad lærte vi?"},
                            {"template", "review"},
                            {"workspace", w.id},
                            {"follow_up", {{"session", first_id}}}}
                           .dump(),
                       {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + w.token}});
    INFO(review.body);
    REQUIRE(review.status == 201);
    const std::string review_id = json::parse(review.body)["session"]["id"];

    // The follow-up shows the first session's trial action live: that one cannot go first.
    auto refused = erase(s.port(), first_id, w.token);
    CHECK(refused.status == 409);
    CHECK(error_code(refused) == "invalid_state");
    CHECK(status_of_outcome(s.port(), first_id, w.token) == 200);
    CHECK(workspace_get(s.port(), w, "sessions")["sessions"].size() == 2);
    // The session goes on taking changes after a refused deletion.
    {
        auto fac = facilitator(s.port(), first, "trial_actions");
        CHECK(command(*fac, cmd("trial.create", "t2", {{"title", "Te efter mødet"}}))["type"] == "ack");
    }

    auto r = erase(s.port(), review_id, w.token);
    INFO(r.body);
    CHECK(r.status == 200);
    r = erase(s.port(), first_id, w.token);
    INFO(r.body);
    CHECK(r.status == 200);
    CHECK(workspace_get(s.port(), w, "sessions")["sessions"].empty());
    CHECK(workspace_get(s.port(), w, "portfolio")["trial_actions"].empty());
    CHECK(database_bytes(s).find("Kaffe før mødet") == std::string::npos);
}

TEST_CASE("a session deleted with its trial actions kept leaves only them, which its follow-up and the portfolio go on "
          "showing",
          "[integration]") {
    live_server s;
    const auto w = make_workspace(s, "Dragør Kommune");
    const auto first = workspace_session(s, w, {});
    const std::string first_id = first.created["id"];

    const played p = play(s, first,
                          {"Spørgsmålet om Fnuglebakken?", "Ursulina Pemberwick", "Qorblenhavn Zyxmund",
                           "Idéen om Snirkelkagen", "Idéen om Snirkelkagen, rettet", "Kommentaren om Tudsehatten",
                           "Prøvehandlingen Morgenkaffe", "Godkendt med Kanelsnegl", "Læringen om Havregrød"});
    recorder &fac = *p.fac, &citizen = *p.citizen, &manager = *p.manager;
    // Someone who only wrote an idea, and a decision on an idea: gone with the rest.
    recorder writer(s.port());
    writer.join({{"code", first.code}, {"name", "Bartholomæus Quillfeather"}});
    REQUIRE(fac.answer(cmd("phase.set", "f5", {{"phase", "ideas"}}))["type"] == "ack");
    added_idea(writer, "w1", "Skriverens idé om Rabarbergrøden");
    REQUIRE(manager.answer(cmd("decision.record", "m2", {{"target_kind", "idea"}, {"target_id", p.idea},
                                                         {"kind", "approve"},
                                                         {"note", "Idébeslutningen Tranebærsten"}}))["type"] == "ack");
    // A follow-up shows the trial action live.
    auto review = http(s.port(), "POST", "/api/sessions",
                       json{{"title", "Opfølgning"},
                            {"question", "Hvad lærte vi?"},
                            {"facilitator_name", "Sofie"},
                            {"template", "review"},
                            {"workspace", w.id},
                            {"follow_up", {{"session", first_id}}}}
                           .dump(),
                       {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + w.token}});
    INFO(review.body);
    REQUIRE(review.status == 201);
    const auto review_made = json::parse(review.body);
    ws_client follow(s.port());
    follow.join_token(review_made["code"], review_made["facilitator_token"]);
    const auto snap = follow.next_of_type("snapshot");
    follow.next_of_type("presence");
    REQUIRE(snap["trial_actions"].size() == 1);
    const std::int64_t view = snap["trial_actions"][0]["id"];
    const auto portfolio_before = workspace_get(s.port(), w, "portfolio")["trial_actions"];
    REQUIRE(portfolio_before.size() == 1);

    const std::vector<std::string> gone{"Spørgsmålet om Fnuglebakken", "Bartholomæus Quillfeather",
                                        "Idéen om Snirkelkagen", "Kommentaren om Tudsehatten",
                                        "Skriverens idé om Rabarbergrøden", "Idébeslutningen Tranebærsten", first.code};
    const std::vector<std::string> kept{"Prøvehandlingen Morgenkaffe", "Ursulina Pemberwick", "Qorblenhavn Zyxmund",
                                        "Godkendt med Kanelsnegl", "Læringen om Havregrød"};
    {
        const std::string before = database_bytes(s);
        for (const auto& text : gone) CHECK(before.find(text) != std::string::npos);
    }

    // Outside a workspace nobody could reach kept trial actions: refused, nothing changed.
    {
        auto lone = http(s.port(), "POST", "/api/sessions",
                         json{{"title", "Uden arbejdsrum"}, {"question", "Hvad?"}, {"facilitator_name", "Ib"}}.dump(),
                         {{"Content-Type", "application/json"}});
        REQUIRE(lone.status == 201);
        const auto made_lone = json::parse(lone.body);
        auto r = erase(s.port(), made_lone["id"], made_lone["facilitator_token"], "?trial_actions=keep");
        CHECK(r.status == 400);
        CHECK(error_code(r) == "invalid_field");
        CHECK(json::parse(r.body)["error"]["field"] == "trial_actions");
        CHECK(http(s.port(), "GET", "/api/sessions/" + made_lone["code"].get<std::string>()).status == 200);
    }

    // The facilitator deletes it and keeps its trial actions: the follow-up no longer
    // stops the deletion.
    {
        auto r = erase(s.port(), first_id, first.facilitator_token, "?trial_actions=keep");
        INFO(r.body);
        REQUIRE(r.status == 200);
        const auto answer = json::parse(r.body);
        CHECK(answer["session"] == first_id);
        CHECK(answer["deleted"] == true);
        CHECK(answer["trial_actions"] == "kept");
        CHECK(answer["wal_emptied"] == true);
    }
    for (auto* r : {&fac, &citizen, &writer, &manager}) CHECK(r->client.wait_closed() == 4002);
    CHECK_FALSE(follow.wait_closed(std::chrono::milliseconds(0)).has_value());

    auto only_trials_left = [&] {
        const std::string after = database_bytes(s);
        for (const auto& text : gone) {
            INFO("gone: " << text);
            CHECK(after.find(text) == std::string::npos);
        }
        for (const auto& text : kept) {
            INFO("kept: " << text);
            CHECK(after.find(text) != std::string::npos);
        }
        // Nobody of the session can come back: no code, no token.
        CHECK(http(s.port(), "GET", "/api/sessions/" + first.code).status == 404);
        ws_client late(s.port());
        late.send(json{{"type", "join"}, {"protocol", 1}, {"code", first.code}, {"token", first.facilitator_token}});
        CHECK(late.next_json()["code"] == "session_not_found");
        ws_client by_id(s.port());
        by_id.send(json{{"type", "join"}, {"protocol", 1}, {"session", first_id}, {"token", citizen.token}});
        CHECK(by_id.next_json()["type"] == "error");
        CHECK(status_of_outcome(s.port(), first_id, first.facilitator_token) == 403);
        // The workspace lists it as deleted, with its trial action and no one.
        const auto listed = workspace_get(s.port(), w, "sessions")["sessions"];
        REQUIRE(listed.size() == 2);
        const auto shell = listed[0]["id"] == first_id ? listed[0] : listed[1];
        CAPTURE(shell);
        CHECK(shell["id"] == first_id);
        CHECK(shell.contains("deleted_at"));
        CHECK(shell["code"] == "");
        CHECK(shell["question"] == "");
        CHECK(shell["status"] == "closed");
        CHECK(shell["counts"]["participants"].empty());
        CHECK(shell["counts"]["trial_actions"] == 1);
        CHECK(shell["counts"]["ideas"] == 0);
        // Its outcome, for the workspace's links: the trial action with its learning.
        auto outcome = http(s.port(), "GET", "/api/sessions/" + first_id + "/outcome", "",
                            {{"Authorization", "Bearer " + w.token}});
        REQUIRE(outcome.status == 200);
        const auto report = json::parse(outcome.body);
        CHECK(report["snapshot"]["session"].contains("deleted_at"));
        CHECK(report.dump().find("Læringen om Havregrød") != std::string::npos);
        CHECK(report.dump().find("Snirkelkagen") == std::string::npos);
        CHECK(workspace_get(s.port(), w, "portfolio")["trial_actions"].size() == 1);
    };
    only_trials_left();

    // The follow-up goes on changing it where it lives.
    auto learned = command(follow, cmd("trial.learning", "r1", {{"id", view}, {"text", "Læring efter sletningen"}}));
    CAPTURE(learned);
    CHECK(learned["type"] == "ack");
    {
        const auto rows = workspace_get(s.port(), w, "portfolio")["trial_actions"];
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].dump().find(first_id) != std::string::npos);
    }

    // After a restart, the same.
    s.proc.reset();
    s.start(0);
    only_trials_left();
    CHECK(database_bytes(s).find("Læring efter sletningen") != std::string::npos);

    // Its archive is valid, says what it is, and imports as such a session again.
    {
        auto r = http(s.port(), "GET", "/api/sessions/" + first_id + "/export/session.json", "",
                      {{"Authorization", "Bearer " + w.token}});
        REQUIRE(r.status == 200);
        const auto archive = json::parse(r.body);
        CHECK(archive["session"].contains("deleted_at"));
        CHECK(archive["participants"].empty());
        CHECK(schema_errors(s.dir, SAMSKAB_ARCHIVE_SCHEMA_PATH, archive) == "");
        auto imported = http(s.port(), "POST", "/api/workspaces/" + w.id + "/import", r.body,
                             {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + w.token}});
        INFO(imported.body);
        REQUIRE(imported.status == 201);
        const auto answer = json::parse(imported.body);
        CHECK(answer["code"] == "");
        CHECK(answer["links"].empty());
        CHECK(answer["session"].contains("deleted_at"));
        CHECK(workspace_get(s.port(), w, "sessions")["sessions"].size() == 3);
        CHECK(erase(s.port(), answer["id"], w.token).status == 200);
    }

    // The shell can be deleted for good, once its follow-up is gone.
    CHECK(erase(s.port(), first_id, w.token).status == 409);
    CHECK(erase(s.port(), review_made["id"], w.token).status == 200);
    CHECK(erase(s.port(), first_id, w.token).status == 200);
    const std::string last = database_bytes(s);
    for (const auto& text : kept) CHECK(last.find(text) == std::string::npos);
    CHECK(workspace_get(s.port(), w, "sessions")["sessions"].empty());
}

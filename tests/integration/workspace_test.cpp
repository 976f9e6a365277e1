// Integration tests of workspaces with the real binary: `samskab-server workspace create`
// beside a running server, the admin link printed once and kept nowhere.
#include "live_server.hpp"
#include "workspace_helpers.hpp"

#include <regex>

#include <sqlite3.h>

#include <future>

using namespace samskab::testing;

TEST_CASE("workspace create, beside a running server, prints the admin link once and keeps only its hash",
          "[integration]") {
    live_server s;
    const std::string db = s.dir.file("samskab.db");
    auto r = run_binary({"workspace", "create", "--db", db, "--name", "  Dragør Kommune ", "--public-url",
                         "https://samskab.example.dk/"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("workspace created: Dragør Kommune") != std::string::npos);
    const auto first = link_in(r.output, "https://samskab\\.example\\.dk");

    // Without --public-url: the link's path, and how to complete it.
    auto again = run_binary({"workspace", "create", "--db", db, "--name", "Tårnby Kommune"});
    INFO(again.output);
    REQUIRE(again.exit_code == 0);
    const auto second = link_in(again.output, "\n");
    CHECK(again.output.find("--public-url") != std::string::npos);
    CHECK(second.id != first.id);
    CHECK(second.token != first.token);

    // On a new database, in a folder not yet made: the database and its key are made.
    const std::string fresh = s.dir.file("elsewhere/samskab.db");
    auto made = run_binary({"workspace", "create", "--db", fresh, "--name", "Ny"});
    INFO(made.output);
    CHECK(made.exit_code == 0);
    CHECK(std::filesystem::exists(fresh));
    CHECK(std::filesystem::exists(fresh + ".key"));

    // The server on the same database was not disturbed.
    CHECK(http(s.port(), "GET", "/healthz").status == 200);
    // Neither token is in the database, its WAL or the server's log.
    const std::string bytes = file_bytes(db) + file_bytes(db + "-wal");
    CHECK(bytes.find(first.id) != std::string::npos);  // the workspace is there
    for (const auto& w : {first, second}) {
        CHECK(bytes.find(w.token) == std::string::npos);
        CHECK(s.proc->log().find(w.token) == std::string::npos);
    }
}

TEST_CASE("workspace create refuses a bad name with the reason, and writes nothing", "[integration]") {
    temp_dir dir;
    const std::string db = dir.file("new/samskab.db");
    struct row {
        std::vector<std::string> args;
        std::string says;
    };
    for (const auto& [args, says] : {row{{"--name", ""}, "needs a value"},
                                     row{{"--name", "   "}, "--name"},
                                     row{{"--name", std::string(121, 'x')}, "--name"},
                                     row{{"--name", "bad\x01name"}, "--name"},
                                     row{{}, "needs --name"}}) {
        std::vector<std::string> all{"workspace", "create", "--db", db};
        all.insert(all.end(), args.begin(), args.end());
        auto r = run_binary(all);
        INFO(r.output);
        CHECK(r.exit_code == 2);
        CHECK(r.output.find(says) != std::string::npos);
    }
    // No database and no key file were made for a refused name.
    CHECK_FALSE(std::filesystem::exists(db));
    CHECK_FALSE(std::filesystem::exists(db + ".key"));
}

namespace {

// A running server with a workspace made beside it, and its admin token.
struct workspace_server {
    live_server s;
    made_workspace admin;

    // wrapper: see live_server (e.g. to pin the server's day for the portfolio).
    explicit workspace_server(std::vector<std::string> wrapper = {}) : s("", {}, std::move(wrapper)) {
        auto r = run_binary({"workspace", "create", "--db", s.dir.file("samskab.db"), "--name", "Dragør Kommune"});
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        admin = link_in(r.output, "\n");
    }

    http_reply get(const std::string& id, const std::string& token) {
        std::map<std::string, std::string> headers;
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        return http(s.port(), "GET", "/api/workspaces/" + id, "", headers);
    }
    http_reply links(const std::string& token, const std::string& body,
                     const std::string& type = "application/json") {
        return http(s.port(), "POST", "/api/workspaces/" + admin.id + "/links", body,
                    {{"Authorization", "Bearer " + token}, {"Content-Type", type}});
    }
    // A session made with a workspace link (body: POST /api/sessions's).
    test_session session(const std::string& token, const std::string& body) {
        auto r = http(s.port(), "POST", "/api/sessions", body,
                      {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
        INFO(r.body);
        REQUIRE(r.status == 201);
        const auto j = nlohmann::json::parse(r.body);
        return test_session{j["code"], j["facilitator_token"], j};
    }
    // The admin makes a new link for the role; its token.
    std::string new_link(const std::string& role) { return workspace_link(s, admin, role); }
};

std::string code_of(const http_reply& r) { return nlohmann::json::parse(r.body)["error"]["code"]; }

// The token of the newest link of a role in a workspace answer.
std::string token_for(const nlohmann::json& w, const std::string& role) {
    std::string token;
    for (const auto& l : w["links"])
        if (l["role"] == role) token = l["token"];
    return token;
}

}  // namespace

TEST_CASE("a workspace link's token, in the Authorization header, shows the workspace and the role it gives",
          "[integration]") {
    workspace_server w;
    auto r = w.get(w.admin.id, w.admin.token);
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.headers["cache-control"] == "no-store");
    const auto body = nlohmann::json::parse(r.body);
    CHECK(body["id"] == w.admin.id);
    CHECK(body["name"] == "Dragør Kommune");
    CHECK(body["role"] == "admin");
    REQUIRE(body["links"].size() == 1);
    CHECK(body["links"][0] == nlohmann::json{{"role", "admin"}, {"token", w.admin.token}, {"active", true},
                                             {"created_at", body["created_at"]}});

    // No token: 401, and how to send one. A token in the address is not read.
    auto bare = http(w.s.port(), "GET", "/api/workspaces/" + w.admin.id + "?token=" + w.admin.token);
    CHECK(bare.status == 401);
    CHECK(code_of(bare) == "credentials_required");
    CHECK(bare.headers["www-authenticate"] == "Bearer");
    // A wrong token, another scheme and a workspace that does not exist: the same 403.
    for (const auto& reply : {w.get(w.admin.id, std::string(43, 'A')), w.get("AAAAAAAAAAAAAAAA", w.admin.token),
                              w.get("short", w.admin.token),
                              http(w.s.port(), "GET", "/api/workspaces/" + w.admin.id, "",
                                   {{"Authorization", "Basic " + w.admin.token}})}) {
        CHECK(reply.status == 403);
        CHECK(code_of(reply) == "invalid_token");
    }
    CHECK(http(w.s.port(), "DELETE", "/api/workspaces/" + w.admin.id).status == 405);
    CHECK(http(w.s.port(), "GET", "/api/workspaces/" + w.admin.id + "/members").status == 404);
}

TEST_CASE("the admin makes, renews and revokes the role links, and the others may not", "[integration]") {
    workspace_server w;
    auto made = w.links(w.admin.token, R"({"role":"manager","action":"renew"})");
    INFO(made.body);
    REQUIRE(made.status == 200);
    const std::string manager = token_for(nlohmann::json::parse(made.body), "manager");
    REQUIRE(manager.size() == 43);

    // The manager sees the workspace as a manager, without the links, and may not manage them.
    auto seen = w.get(w.admin.id, manager);
    REQUIRE(seen.status == 200);
    CHECK(nlohmann::json::parse(seen.body)["role"] == "manager");
    CHECK_FALSE(nlohmann::json::parse(seen.body).contains("links"));
    auto refused = w.links(manager, R"({"role":"viewer","action":"renew"})");
    CHECK(refused.status == 403);
    CHECK(code_of(refused) == "forbidden");

    // Renewed: the old manager link stops working, the new one works.
    auto renewed = w.links(w.admin.token, R"({"role":"manager","action":"renew"})");
    REQUIRE(renewed.status == 200);
    const std::string manager2 = token_for(nlohmann::json::parse(renewed.body), "manager");
    CHECK(manager2 != manager);
    CHECK(w.get(w.admin.id, manager).status == 403);
    CHECK(w.get(w.admin.id, manager2).status == 200);
    // Revoked: it stops working, and shows no token.
    auto revoked = w.links(w.admin.token, R"({"role":"manager","action":"revoke"})");
    REQUIRE(revoked.status == 200);
    CHECK(token_for(nlohmann::json::parse(revoked.body), "manager").empty());
    CHECK(w.get(w.admin.id, manager2).status == 403);

    // The admin link is renewed, never revoked.
    auto keep = w.links(w.admin.token, R"({"role":"admin","action":"revoke"})");
    CHECK(keep.status == 400);
    CHECK(code_of(keep) == "invalid_state");
    auto new_admin = w.links(w.admin.token, R"({"role":"admin","action":"renew"})");
    REQUIRE(new_admin.status == 200);
    const std::string admin2 = token_for(nlohmann::json::parse(new_admin.body), "admin");
    CHECK(w.get(w.admin.id, w.admin.token).status == 403);
    CHECK(w.get(w.admin.id, admin2).status == 200);

    // Bad bodies: typed, and nothing changes.
    struct row {
        std::string body, type;
        int status;
        std::string code;
    };
    for (const auto& [body, type, status, code] :
         {row{R"({"role":"owner","action":"renew"})", "application/json", 400, "invalid_field"},
          row{R"({"role":"viewer"})", "application/json", 400, "invalid_field"},
          row{R"({"role":"viewer","action":"delete"})", "application/json", 400, "invalid_field"},
          row{R"({"role":"viewer","action":"renew","extra":1})", "application/json", 400, "invalid_field"},
          row{"not json", "application/json", 400, "bad_json"},
          row{R"({"role":"viewer","action":"renew"})", "text/plain", 415, "invalid_field"}}) {
        INFO(body << " as " << type);
        auto r = w.links(admin2, body, type);
        CHECK(r.status == status);
        CHECK(code_of(r) == code);
    }
    auto now = nlohmann::json::parse(w.get(w.admin.id, admin2).body);
    CHECK(token_for(now, "viewer").empty());
}

TEST_CASE("wrong workspace links count as failed attempts of the address, as wrong join codes do", "[integration]") {
    workspace_server w;
    int refused = 0;
    for (int k = 0; k < 30 && refused == 0; ++k) {
        auto r = w.get(w.admin.id, std::string(43, static_cast<char>('a' + k % 26)));
        if (r.status == 429) ++refused;
        else CHECK(r.status == 403);
    }
    CHECK(refused == 1);
    // Then even the right link waits, with Retry-After.
    auto r = w.get(w.admin.id, w.admin.token);
    CHECK(r.status == 429);
    CHECK_FALSE(r.headers["retry-after"].empty());
}

TEST_CASE("sessions are made in a workspace with its admin's or a facilitator's link, listed there, and kept there",
          "[integration]") {
    workspace_server w;
    const std::string facilitator = w.new_link("facilitator");
    const std::string viewer = w.new_link("viewer");
    auto create = [&](const std::string& token, const std::string& extra = "") {
        std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        return http(w.s.port(), "POST", "/api/sessions",
                    R"({"title":"Værksted","question":"Hvad nu?","workspace":")" + w.admin.id + "\"" + extra + "}",
                    headers);
    };

    auto made = create(facilitator);
    INFO(made.body);
    REQUIRE(made.status == 201);
    const auto session = nlohmann::json::parse(made.body);
    CHECK(session["session"]["workspace"] == w.admin.id);
    REQUIRE(create(w.admin.token).status == 201);
    // Outside the workspace, as before.
    auto outside = create_session(w.s.port(), R"({"title":"Andet","question":"Hvad?"})");
    REQUIRE(outside.status == 201);
    CHECK(nlohmann::json::parse(outside.body)["session"]["workspace"] == "");

    // Who may not: a viewer, no link, a link of no workspace.
    auto by_viewer = create(viewer);
    CHECK(by_viewer.status == 403);
    CHECK(code_of(by_viewer) == "forbidden");
    CHECK(create("").status == 401);
    CHECK(code_of(create(std::string(43, 'Z'))) == "invalid_token");

    // A follow-up stays in its workspace.
    const std::string follow_up = R"(,"template":"review","follow_up":{"code":")" +
                                  session["code"].get<std::string>() + R"(","facilitator_token":")" +
                                  session["facilitator_token"].get<std::string>() + "\"}";
    auto elsewhere = create_session(w.s.port(), R"({"title":"Opfølgning","question":"Hvad lærte vi?")" + follow_up + "}");
    CHECK(elsewhere.status == 403);
    CHECK(code_of(elsewhere) == "forbidden");
    auto review = create(facilitator, follow_up);
    INFO(review.body);
    CHECK(review.status == 201);

    // Listed for every role of the workspace, newest first, and still after a restart.
    auto list_of = [&](const std::string& token) {
        auto r = http(w.s.port(), "GET", "/api/workspaces/" + w.admin.id + "/sessions", "",
                      {{"Authorization", "Bearer " + token}});
        REQUIRE(r.status == 200);
        std::vector<std::string> titles;
        const auto body = nlohmann::json::parse(r.body);
        for (const auto& listed : body["sessions"]) titles.push_back(listed["title"]);
        return titles;
    };
    const std::vector<std::string> expected{"Værksted", "Værksted", "Værksted"};
    CHECK(list_of(viewer) == expected);
    const std::uint16_t port = w.s.port();
    REQUIRE(w.s.proc->stop() == 0);
    w.s.start(port);
    CHECK(list_of(w.admin.token) == expected);
}

TEST_CASE("a workspace's facilitator follows up any of its sessions without that session's token, "
          "and the list counts each session's people, ideas and trial actions",
          "[integration]") {
    workspace_server w;
    const std::string facilitator = w.new_link("facilitator");
    const std::string manager = w.new_link("manager");
    auto create = [&](const std::string& token, const std::string& title, const std::string& extra = "") {
        return http(w.s.port(), "POST", "/api/sessions",
                    R"({"title":")" + title + R"(","question":"Hvad nu?","workspace":")" + w.admin.id + "\"" + extra +
                        "}",
                    {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
    };
    // The admin made the first workshop; the facilitator has never had its token.
    auto first = create(w.admin.token, "Første");
    REQUIRE(first.status == 201);
    const auto made = nlohmann::json::parse(first.body);
    test_session s{made["code"], made["facilitator_token"], made};
    {
        auto fac = samskab::testing::facilitator(w.s.port(), s);
        ws_client anna(w.s.port());
        anna.join_name(s.code, "Anna");
        REQUIRE(command(anna, idea_add("a1", 1, "Læseklub")).value("type", "") == "ack");
        REQUIRE(command(anna, idea_add("a2", 1, "Bordtennis")).value("type", "") == "ack");
        REQUIRE(command(*fac, cmd("trial.create", "t1", {{"title", "Læseklub på prøve"}})).value("type", "") == "ack");
        REQUIRE(command(*fac, cmd("trial.create", "t2", {{"title", "Bordtennis på prøve"}})).value("type", "") == "ack");
        // One of them is no longer under way: a follow-up does not take it over.
        REQUIRE(command(*fac, cmd("trial.status", "t3", {{"id", 2}, {"status", "stopped"}})).value("type", "") ==
                "ack");
    }

    auto sessions_for = [&](const std::string& token) {
        auto r = http(w.s.port(), "GET", "/api/workspaces/" + w.admin.id + "/sessions", "",
                      {{"Authorization", "Bearer " + token}});
        REQUIRE(r.status == 200);
        return nlohmann::json::parse(r.body)["sessions"];
    };
    const auto listed = sessions_for(manager);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0]["counts"] ==
          nlohmann::json{{"participants", {{"facilitator", 1}, {"citizen", 1}}}, {"ideas", 2}, {"trial_actions", 2}});

    // The follow-up, by the session's id, with the workspace's facilitator link only.
    const std::string by_id = R"(,"template":"review","follow_up":{"session":")" + made["id"].get<std::string>() + "\"}";
    auto review = create(facilitator, "Opfølgning", by_id);
    INFO(review.body);
    REQUIRE(review.status == 201);
    CHECK(nlohmann::json::parse(review.body)["session"]["follow_up_of"] == made["id"]);
    const auto both = sessions_for(facilitator);
    REQUIRE(both.size() == 2);
    CHECK(both[0]["title"] == "Opfølgning");
    CHECK(both[0]["counts"]["trial_actions"] == 1);  // the one still under way
    CHECK(both[0]["counts"]["participants"] == nlohmann::json{{"facilitator", 1}});

    // Without a token, only a workspace link vouches: a manager's does not, nor does
    // no workspace at all; neither makes anything.
    auto by_manager = create(manager, "Ikke tilladt", by_id);
    CHECK(by_manager.status == 403);
    CHECK(code_of(by_manager) == "forbidden");
    auto outside = create_session(w.s.port(), R"({"title":"Udenfor","question":"Hvad?")" + by_id + "}");
    CHECK(outside.status == 403);  // the earlier session is in a workspace
    auto plain = make_session(w.s.port());
    auto no_token = create_session(w.s.port(), R"({"title":"Udenfor","question":"Hvad?","template":"review",)"
                                               R"("follow_up":{"code":")" + plain.code + "\"}}");
    CHECK(no_token.status == 400);
    CHECK(code_of(no_token) == "invalid_field");
    CHECK(nlohmann::json::parse(no_token.body)["error"]["field"] == "facilitator_token");
    CHECK(sessions_for(w.admin.token).size() == 2);
}

namespace {

// The trial action with this id in a snapshot message.
nlohmann::json trial_in(const nlohmann::json& snapshot, std::int64_t id) {
    for (const auto& t : snapshot["trial_actions"])
        if (t["id"] == id) return t;
    return nullptr;
}

// Trial action `id` in the snapshot a new connection of the session's facilitator gets.
nlohmann::json trial_seen_by_facilitator(std::uint16_t port, const test_session& s, std::int64_t id) {
    ws_client c(port);
    c.join_token(s.code, s.facilitator_token);
    return trial_in(c.next_of_type("snapshot"), id);
}

// The next message of `type` about trial action `id` (other changes are passed over).
nlohmann::json next_about(ws_client& c, const std::string& type, std::int64_t id) {
    for (;;) {
        auto j = next_change(c);
        if (j["type"] == type && (j.contains("trial_action") && (j["trial_action"].is_number()
                                                                     ? j["trial_action"] == id
                                                                     : j["trial_action"]["id"] == id)))
            return j;
    }
}

}  // namespace

TEST_CASE("a follow-up in a workspace shows the trial actions it follows up live: "
          "a change made in either is seen in both, in the order it was made, and kept",
          "[integration]") {
    workspace_server w;
    const std::string facilitator = w.new_link("facilitator");
    auto create = [&](const std::string& body) { return w.session(facilitator, body); };
    const std::string ws = w.admin.id;
    auto first = create(R"({"title":"Første","question":"Hvad?","facilitator_name":"Mette","workspace":")" + ws + "\"}");
    auto a = samskab::testing::facilitator(w.s.port(), first, "welcome");
    auto made = command(*a, cmd("trial.create", "a1", {{"title", "Læseklub"}}));
    REQUIRE(made["type"] == "ack");
    const std::int64_t t = made["event"]["trial_action"]["id"];
    REQUIRE(command(*a, cmd("trial.learning", "a2", {{"id", t}, {"text", "De kom"}}))["type"] == "ack");

    auto review = create(R"({"title":"Opfølgning","question":"Hvad lærte vi?","facilitator_name":"Sofie",)"
                         R"("template":"review","workspace":")" + ws + R"(","follow_up":{"session":")" +
                         first.created["id"].get<std::string>() + "\"}}");
    ws_client b(w.s.port());
    b.join_token(review.code, review.facilitator_token);
    const auto snap = b.next_of_type("snapshot");
    b.next_of_type("presence");
    REQUIRE(snap["trial_actions"].size() == 1);
    const auto view = snap["trial_actions"][0];
    const std::int64_t v = view["id"];
    CHECK(view["origin"] == nlohmann::json{{"session", first.created["id"]}, {"trial_action", t}});
    CHECK(view["version"] == 2);  // the original's version: the view is the same trial action
    CHECK(view["learnings"].size() == 1);

    // Changed in the review: acked there as the review's own event, seen in the original.
    auto renamed = command(b, cmd("trial.update", "b1", {{"id", v}, {"base_version", 2}, {"title", "Læseklub, 2. runde"}}));
    CAPTURE(renamed);
    REQUIRE(renamed["type"] == "ack");
    CHECK(renamed["event"]["type"] == "trial_action.saved");
    CHECK(renamed["event"]["trial_action"]["id"] == v);
    CHECK(renamed["event"]["trial_action"]["version"] == 3);
    auto in_a = next_about(*a, "trial_action.saved", t);
    CHECK(in_a["trial_action"]["title"] == "Læseklub, 2. runde");
    CHECK(in_a["trial_action"]["version"] == 3);

    // A manager's decision in the review is recorded there and approves the trial action
    // where it belongs; both see it approved.
    const std::string manager_link = renew_invite(b, "manager", "b-inv");
    ws_client mona(w.s.port());
    mona.send(nlohmann::json{{"type", "join"}, {"protocol", 1}, {"code", review.code}, {"name", "Mona"},
                             {"invite", manager_link}});
    REQUIRE(mona.next_of_type("welcome")["you"]["role"] == "manager");
    mona.next_of_type("presence");
    auto decided = command(mona, cmd("decision.record", "m1",
                                     {{"target_kind", "trial_action"}, {"target_id", v}, {"kind", "approve"}, {"note", ""}}));
    REQUIRE(decided["type"] == "ack");
    CHECK(next_about(*a, "trial_action.saved", t)["trial_action"]["status"] == "approved");
    CHECK(next_about(b, "trial_action.saved", v)["trial_action"]["status"] == "approved");

    // Changed in the original: seen in the review.
    REQUIRE(command(*a, cmd("trial.status", "a3", {{"id", t}, {"status", "running"}}))["type"] == "ack");
    auto in_b = next_about(b, "trial_action.saved", v);
    CHECK(in_b["trial_action"]["status"] == "running");
    CHECK(in_b["trial_action"]["title"] == "Læseklub, 2. runde");

    // A learning written in the review is signed there and kept in the original.
    auto learned = command(b, cmd("trial.learning", "b2", {{"id", v}, {"text", "Flere kom anden gang"}}));
    REQUIRE(learned["type"] == "ack");
    CHECK(learned["event"]["learning"]["by"]["name"] == "Sofie");
    auto learned_a = next_about(*a, "trial_action.learning_added", t);
    CHECK(learned_a["learning"]["text"] == "Flere kom anden gang");
    CHECK(learned_a["learning"]["by"]["name"] == "Sofie");

    // The original's rules decide: a stale version is a conflict, and nothing changes.
    auto stale = command(b, cmd("trial.update", "b3", {{"id", v}, {"base_version", 2}, {"title", "Gammel"}}));
    CHECK(stale["type"] == "error");
    CHECK(stale["code"] == "stale_version");
    // Deleting it is for the session it belongs to.
    auto removed = command(b, cmd("trial.delete", "b4", {{"id", v}}));
    CHECK(removed["type"] == "error");
    CHECK(removed["code"] == "invalid_state");
    CHECK(no_change_within(*a, std::chrono::milliseconds(300)));

    // Both the same after a restart.
    const std::uint16_t port = w.s.port();
    REQUIRE(w.s.proc->stop() == 0);
    w.s.start(port);
    auto state_of = [&](const test_session& s, std::int64_t id) { return trial_seen_by_facilitator(w.s.port(), s, id); };
    const auto after_a = state_of(first, t);
    const auto after_b = state_of(review, v);
    for (const char* field : {"title", "status", "version"}) CHECK(after_a[field] == after_b[field]);
    CHECK(after_a["title"] == "Læseklub, 2. runde");
    // The same learnings; each session names its own people by id, the others by name.
    auto learnings = [](const nlohmann::json& trial) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& l : trial["learnings"]) out.emplace_back(l["by"]["name"], l["text"]);
        return out;
    };
    const std::vector<std::pair<std::string, std::string>> both{{"Mette", "De kom"}, {"Sofie", "Flere kom anden gang"}};
    CHECK(learnings(after_a) == both);
    CHECK(learnings(after_b) == both);
}

TEST_CASE("after a kill -9, a follow-up brings its views level with the trial actions where they belong",
          "[integration]") {
    workspace_server w;
    const std::string facilitator = w.new_link("facilitator");
    auto create = [&](const std::string& body) { return w.session(facilitator, body); };
    const std::string ws = w.admin.id;
    auto first = create(R"({"title":"Første","question":"Hvad?","workspace":")" + ws + "\"}");
    {
        auto a = samskab::testing::facilitator(w.s.port(), first, "welcome");
        REQUIRE(command(*a, cmd("trial.create", "a1", {{"title", "Læseklub"}}))["type"] == "ack");
    }
    auto review = create(R"({"title":"Opfølgning","question":"Hvad nu?","template":"review","workspace":")" + ws +
                         R"(","follow_up":{"session":")" + first.created["id"].get<std::string>() + "\"}}");
    const std::uint16_t port = w.s.port();
    w.s.proc->kill();

    // The original changed and was written, and the server died before the follow-up
    // recorded it: as a kill -9 between the two writes leaves the database.
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(w.s.dir.file("samskab.db").c_str(), &db) == SQLITE_OK);
        const std::string sql = "UPDATE trial_actions SET title = 'Læseklub for alle', version = version + 1 "
                                "WHERE session_id = '" + first.created["id"].get<std::string>() + "' AND id = 1";
        CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        CHECK(sqlite3_changes(db) == 1);
        sqlite3_close(db);
    }
    w.s.start(port);
    // The follow-up records the change as an event of its own (a client resuming from
    // before it gets it), without anyone touching it.
    ws_client b(w.s.port());
    CHECK(eventually([&] {
        ws_client c(w.s.port());
        c.join_token(review.code, review.facilitator_token);
        const auto snap = c.next_of_type("snapshot");
        return snap["trial_actions"].size() == 1 && snap["trial_actions"][0]["title"] == "Læseklub for alle" &&
               snap["trial_actions"][0]["version"] == 2 && snap["seq"] == 1;
    }));
    b.join_token(review.code, review.facilitator_token, 0);
    const auto resumed = next_change(b);
    CHECK(resumed["type"] == "trial_action.saved");
    CHECK(resumed["trial_action"]["title"] == "Læseklub for alle");
}

TEST_CASE("a follow-up in a workspace takes trial actions from several earlier sessions, "
          "the open ones or those it picks, each once",
          "[integration]") {
    workspace_server w;
    const std::string facilitator = w.new_link("facilitator");
    const std::string ws = w.admin.id;
    auto made_with = [&](const std::string& title, const std::vector<std::string>& trials) {
        auto s = w.session(facilitator, R"({"title":")" + title + R"(","question":"Hvad?","workspace":")" + ws + "\"}");
        auto fac = samskab::testing::facilitator(w.s.port(), s, "welcome");
        int n = 0;
        for (const auto& t : trials)
            REQUIRE(command(*fac, cmd("trial.create", "t" + std::to_string(++n), {{"title", t}}))["type"] == "ack");
        return std::pair{s, std::move(fac)};
    };
    auto [one, fac_one] = made_with("Én", {"Læseklub", "Bordtennis"});
    auto [two, fac_two] = made_with("To", {"Havebrug", "Strikkecafé"});
    REQUIRE(command(*fac_two, cmd("trial.status", "s1", {{"id", 2}, {"status", "stopped"}}))["type"] == "ack");
    auto id_of = [](const test_session& s) { return s.created["id"].get<std::string>(); };
    auto titles_in = [&](const test_session& s) {
        ws_client c(w.s.port());
        c.join_token(s.code, s.facilitator_token);
        std::vector<std::string> titles;
        const auto snap = c.next_of_type("snapshot");
        for (const auto& t : snap["trial_actions"]) titles.push_back(t["title"]);
        return titles;
    };

    // The open ones of the first, and from the second the stopped one it picks.
    auto review = w.session(facilitator, R"({"title":"Opfølgning","question":"Og nu?","template":"review","workspace":")" +
                                             ws + R"(","follow_up":[{"session":")" + id_of(one) +
                                             R"("},{"session":")" + id_of(two) + R"(","trial_actions":[2]}]})");
    CHECK(review.created["session"]["follow_up_of"] == id_of(one));
    CHECK(titles_in(review) == std::vector<std::string>{"Læseklub", "Bordtennis", "Strikkecafé"});

    // A second review of the review and of the first: what both show is taken once (the
    // stopped one is not open any more, so not taken without a pick).
    auto again = w.session(facilitator, R"({"title":"Igen","question":"Og så?","template":"review","workspace":")" + ws +
                                            R"(","follow_up":[{"session":")" + id_of(review) + R"("},{"session":")" +
                                            id_of(one) + R"("}]})");
    CHECK(titles_in(again) == std::vector<std::string>{"Læseklub", "Bordtennis"});
    // Live in all three: a change in the first reaches both reviews.
    REQUIRE(command(*fac_one, cmd("trial.update", "u1", {{"id", 1}, {"base_version", 1}, {"title", "Læsning"}}))["type"] ==
            "ack");
    CHECK(eventually([&] { return titles_in(review)[0] == "Læsning" && titles_in(again)[0] == "Læsning"; }));

    // A pick the session does not hold, and too many earlier sessions: nothing is made.
    auto count = [&] {
        auto r = http(w.s.port(), "GET", "/api/workspaces/" + ws + "/sessions", "", {{"Authorization", "Bearer " + facilitator}});
        return nlohmann::json::parse(r.body)["sessions"].size();
    };
    const auto before = count();
    auto missing = http(w.s.port(), "POST", "/api/sessions",
                        R"({"title":"X","question":"Y","template":"review","workspace":")" + ws +
                            R"(","follow_up":{"session":")" + id_of(one) + R"(","trial_actions":[7]}})",
                        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + facilitator}});
    CHECK(missing.status == 400);
    CHECK(code_of(missing) == "trial_not_found");
    nlohmann::json many = nlohmann::json::array();
    for (int i = 0; i < 21; ++i) many.push_back({{"session", id_of(one)}});
    auto too_many = http(w.s.port(), "POST", "/api/sessions",
                         nlohmann::json{{"title", "X"}, {"question", "Y"}, {"workspace", ws}, {"follow_up", many}}.dump(),
                         {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + facilitator}});
    CHECK(too_many.status == 400);
    CHECK(code_of(too_many) == "too_long");
    CHECK(count() == before);
}

TEST_CASE("an owner checks in through their personal link after the session has closed: "
          "the check-in and a moved review date reach the original and the follow-up live, and are kept",
          "[integration]") {
    workspace_server w;
    const std::string facilitator = w.new_link("facilitator");
    const std::string ws = w.admin.id;
    auto first = w.session(facilitator, R"({"title":"Første","question":"Hvad?","facilitator_name":"Mette","workspace":")" + ws + "\"}");
    const std::string first_id = first.created["id"];
    auto a = samskab::testing::facilitator(w.s.port(), first, "welcome");
    ws_client bo(w.s.port());
    const auto welcome = bo.join_name(first.code, "Bo");
    const std::string bo_token = welcome["token"];
    const std::int64_t bo_id = welcome["you"]["id"];
    auto made = command(*a, cmd("trial.create", "a1", {{"title", "Læseklub"}, {"start_date", "2027-01-01"},
                                                     {"review_date", "2027-02-01"}, {"owners", {bo_id}}}));
    REQUIRE(made["type"] == "ack");
    const std::int64_t t = made["event"]["trial_action"]["id"];
    auto review = w.session(facilitator, R"({"title":"Opfølgning","question":"Hvad lærte vi?","facilitator_name":"Sofie",)"
                                         R"("template":"review","workspace":")" + ws + R"(","follow_up":{"session":")" +
                                             first_id + "\"}}");
    ws_client b(w.s.port());
    b.join_token(review.code, review.facilitator_token);
    const std::int64_t v = b.next_of_type("snapshot")["trial_actions"][0]["id"];
    b.next_of_type("presence");
    REQUIRE(command(*a, cmd("session.close", "a2", {}))["type"] == "ack");

    // The personal link: the session's id and the owner's token, weeks later.
    ws_client phone(w.s.port());
    phone.send(nlohmann::json{{"type", "join"}, {"protocol", 1}, {"session", first_id}, {"token", bo_token}});
    REQUIRE(phone.next_of_type("welcome")["you"]["id"] == bo_id);
    CHECK(trial_in(phone.next_of_type("snapshot"), t)["owners"][0]["name"] == "Bo");
    const nlohmann::json report{{"id", t},
                                {"what_happened", "Fire aftener, otte faste"},
                                {"evidence", {{"value", 8}, {"unit", "faste deltagere"}}},
                                {"learned", "Tirsdag passer bedst"},
                                {"proposal", "adapt"}};
    auto checked = command(phone, cmd("trial.check_in", "p1", report));
    CAPTURE(checked);
    REQUIRE(checked["type"] == "ack");
    const nlohmann::json expected{{"what_happened", "Fire aftener, otte faste"},
                                  {"evidence", {{"value", 8}, {"unit", "faste deltagere"}}},
                                  {"proposal", "adapt"}};
    CHECK(checked["event"]["learning"]["check_in"] == expected);
    // Seen live by the facilitator of the closed session and in the follow-up.
    CHECK(next_about(*a, "trial_action.learning_added", t)["learning"]["check_in"] == expected);
    auto in_review = next_about(b, "trial_action.learning_added", v);
    CHECK(in_review["learning"]["check_in"] == expected);
    CHECK(in_review["learning"]["by"] == nlohmann::json{{"id", 0}, {"name", "Bo"}});
    CHECK(in_review["learning"]["text"] == "Tirsdag passer bedst");

    auto moved = command(phone, cmd("trial.review_date", "p2", {{"id", t}, {"to", "2027-03-01"}, {"reason", "Vinterferien"}}));
    REQUIRE(moved["type"] == "ack");
    CHECK(next_about(*a, "trial_action.saved", t)["trial_action"]["review_date"] == "2027-03-01");
    const auto moved_b = next_about(b, "trial_action.saved", v)["trial_action"];
    CHECK(moved_b["review_date"] == "2027-03-01");
    REQUIRE(moved_b["review_moves"].size() == 1);
    CHECK(moved_b["review_moves"][0]["reason"] == "Vinterferien");
    CHECK(moved_b["review_moves"][0]["from"] == "2027-02-01");

    // The rest of the closed session stays closed; nobody else checks in for the owner.
    auto late = command(phone, cmd("comment.add", "p3", {{"target_kind", "trial_action"}, {"target_id", t}, {"text", "hej"}}));
    CHECK(late["code"] == "session_closed");
    auto not_owner = command(b, cmd("trial.check_in", "b1", {{"id", v}, {"what_happened", "x"}, {"proposal", "stop"}}));
    CHECK(not_owner["code"] == "forbidden");
    auto bad = command(phone, cmd("trial.review_date", "p4", {{"id", t}, {"to", "2026-12-24"}, {"reason", "før start"}}));
    CHECK(bad["code"] == "invalid_field");
    CHECK(bad["field"] == "to");
    CHECK(no_change_within(b, std::chrono::milliseconds(300)));

    // Kept in both after a restart.
    const std::uint16_t port = w.s.port();
    REQUIRE(w.s.proc->stop() == 0);
    w.s.start(port);
    auto state_of = [&](const test_session& s, std::int64_t id) { return trial_seen_by_facilitator(w.s.port(), s, id); };
    for (const auto& [s, id] : {std::pair{first, t}, std::pair{review, v}}) {
        const auto after = state_of(s, id);
        REQUIRE(after["learnings"].size() == 1);
        CHECK(after["learnings"][0]["check_in"] == expected);
        CHECK(after["review_moves"].size() == 1);
        CHECK(after["review_date"] == "2027-03-01");
    }
}

namespace {

// GET /api/workspaces/{id}/portfolio with a query, as the holder of token.
http_reply portfolio(workspace_server& w, const std::string& token, const std::string& query = "") {
    return http(w.s.port(), "GET", "/api/workspaces/" + w.admin.id + "/portfolio" + query, "",
                {{"Authorization", "Bearer " + token}});
}

http_reply post_json(workspace_server& w, const std::string& token, const std::string& part, const nlohmann::json& body) {
    return http(w.s.port(), "POST", "/api/workspaces/" + w.admin.id + "/" + part, body.dump(),
                {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
}

std::vector<std::string> titles(const nlohmann::json& answer) {
    std::vector<std::string> out;
    for (const auto& row : answer["trial_actions"]) out.push_back(row["trial_action"]["title"]);
    return out;
}

}  // namespace

TEST_CASE("the portfolio shows every trial action of the workspace once, marks the overdue ones by the server's day, "
          "filters, sorts, warns of overload, takes managers' decisions and follows changes live",
          "[integration]") {
    workspace_server w({"env", "SAMSKAB_TODAY=2027-03-02"});
    const std::string facilitator = w.new_link("facilitator"), manager = w.new_link("manager"),
                      viewer = w.new_link("viewer");
    const std::string ws = w.admin.id;
    auto first = w.session(facilitator, R"({"title":"Ældrepleje","question":"Hvad?","facilitator_name":"Mette","workspace":")" + ws + "\"}");
    auto second = w.session(facilitator, R"({"title":"Skoler","question":"Hvad?","facilitator_name":"Mette","workspace":")" + ws + "\"}");
    const std::string first_id = first.created["id"], second_id = second.created["id"];
    auto a = samskab::testing::facilitator(w.s.port(), first, "welcome");
    ws_client bo(w.s.port());
    const std::int64_t bo_id = bo.join_name(first.code, "Bo")["you"]["id"];
    bo.next_of_type("snapshot");
    auto make = [&](ws_client& c, const std::string& ref, nlohmann::json fields) {
        auto made = command(c, cmd("trial.create", ref, std::move(fields)));
        REQUIRE(made["type"] == "ack");
        return made["event"]["trial_action"]["id"].get<std::int64_t>();
    };
    const auto reading = make(*a, "a1", {{"title", "Læseklub"}, {"review_date", "2027-02-01"}, {"owners", {bo_id}}});
    const auto tennis = make(*a, "a2", {{"title", "Bordtennis"}, {"review_date", "2027-04-01"}, {"owners", {bo_id}}});
    auto b = samskab::testing::facilitator(w.s.port(), second, "welcome");
    const auto garden = make(*b, "b1", {{"title", "Skolehave"}});
    // A follow-up shows Læseklub and Bordtennis as views: still three trial actions.
    w.session(facilitator, R"({"title":"Opfølgning","question":"?","facilitator_name":"Sofie","template":"review",)"
                           R"("workspace":")" + ws + R"(","follow_up":{"session":")" + first_id + "\"}}");

    // Every role reads it.
    for (const auto& token : {w.admin.token, facilitator, manager, viewer}) {
        auto r = portfolio(w, token);
        INFO(r.body);
        REQUIRE(r.status == 200);
    }
    auto all = nlohmann::json::parse(portfolio(w, viewer).body);
    CHECK(all["today"] == "2027-03-02");
    CHECK(titles(all) == std::vector<std::string>{"Læseklub", "Bordtennis", "Skolehave"});  // by review date
    REQUIRE(all["trial_actions"].size() == 3);
    const auto& row = all["trial_actions"][0];
    CHECK(row["session"]["id"] == first_id);
    CHECK(row["session"]["title"] == "Ældrepleje");
    CHECK(row["trial_action"]["id"] == reading);
    CHECK(row["overdue"] == true);  // under way, reviewed before the pinned day
    CHECK(all["trial_actions"][1]["overdue"] == false);
    CHECK(row["last_check_in"].is_null());
    CHECK(row["last_decision"].is_null());
    CHECK_FALSE(row["trial_action"].contains("learnings"));
    CHECK(all["overloaded"] == false);

    // Filters and sorts; bad ones are refused by name.
    CHECK(titles(nlohmann::json::parse(portfolio(w, viewer, "?overdue=true").body)) == std::vector<std::string>{"Læseklub"});
    CHECK(titles(nlohmann::json::parse(portfolio(w, viewer, "?owner=%20BO&sort=title").body)) ==
          std::vector<std::string>{"Bordtennis", "Læseklub"});
    CHECK(titles(nlohmann::json::parse(portfolio(w, viewer, "?session=" + second_id).body)) ==
          std::vector<std::string>{"Skolehave"});
    CHECK(titles(nlohmann::json::parse(portfolio(w, viewer, "?status=running").body)).empty());
    for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
             {"?colour=red", "colour"}, {"?status=maybe", "status"}, {"?sort=age", "sort"},
             {"?overdue=yes", "overdue"}, {"?owner=%ZZ", "owner"}, {"?after=-1", "after"}, {"?status=running&status=stopped", "status"}}) {
        auto r = portfolio(w, viewer, query);
        INFO(query);
        CHECK(r.status == 400);
        CHECK(code_of(r) == "invalid_field");
        CHECK(nlohmann::json::parse(r.body)["error"]["field"] == field);
    }

    // A manager decides from the portfolio: recorded in the session the trial action was
    // made in, named, and seen there at once.
    auto approve = [&](const std::string& token, std::int64_t trial, const std::string& session = "") {
        return post_json(w, token, "decisions",
                         {{"session", session.empty() ? first_id : session}, {"trial_action", trial},
                          {"kind", "approve"}, {"note", ""}, {"name", "Mona"}});
    };
    auto decided = approve(manager, reading);
    INFO(decided.body);
    REQUIRE(decided.status == 200);
    CHECK(nlohmann::json::parse(decided.body)["decision"]["by"] == nlohmann::json{{"id", 0}, {"name", "Mona"}, {"role", "manager"}});
    auto recorded = next_about(*a, "decision.recorded", reading);
    CHECK(recorded["decision"]["by"]["name"] == "Mona");
    CHECK(recorded["trial_action"]["status"] == "approved");
    REQUIRE(approve(w.admin.token, tennis).status == 200);
    CHECK(code_of(approve(viewer, reading)) == "forbidden");
    CHECK(code_of(approve(facilitator, reading)) == "forbidden");
    CHECK(code_of(approve(manager, 99)) == "trial_not_found");
    CHECK(approve(manager, reading, "nosuchsession000").status == 404);
    auto spread = post_json(w, manager, "decisions", {{"session", first_id}, {"trial_action", reading}, {"kind", "spread"},
                                                      {"note", "Alle"}, {"name", "Mona"}});
    CHECK(spread.status == 400);
    CHECK(code_of(spread) == "invalid_state");
    auto nameless = post_json(w, manager, "decisions", {{"session", first_id}, {"trial_action", reading}, {"kind", "approve"}});
    CHECK(code_of(nameless) == "invalid_field");
    // A session of another workspace is not this portfolio's.
    auto other = run_binary({"workspace", "create", "--db", w.s.dir.file("samskab.db"), "--name", "Tårnby"});
    REQUIRE(other.exit_code == 0);
    const made_workspace elsewhere = link_in(other.output, "\n");
    auto theirs = http(w.s.port(), "POST", "/api/sessions",
                       R"({"title":"T","question":"Q","facilitator_name":"X","workspace":")" + elsewhere.id + "\"}",
                       {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + elsewhere.token}});
    REQUIRE(theirs.status == 201);
    CHECK(code_of(approve(manager, 1, nlohmann::json::parse(theirs.body)["id"])) == "forbidden");
    CHECK(titles(nlohmann::json::parse(portfolio(w, viewer).body)).size() == 3);

    // The overload warning: the admin's setting, against the trial actions running.
    CHECK(code_of(post_json(w, manager, "settings", {{"overload_limit", 1}})) == "forbidden");
    CHECK(code_of(post_json(w, w.admin.token, "settings", {{"overload_limit", 501}})) == "invalid_field");
    auto set = post_json(w, w.admin.token, "settings", {{"overload_limit", 1}});
    REQUIRE(set.status == 200);
    CHECK(nlohmann::json::parse(set.body)["overload_limit"] == 1);
    REQUIRE(command(bo, cmd("trial.status", "o1", {{"id", reading}, {"status", "running"}}))["type"] == "ack");
    CHECK(nlohmann::json::parse(portfolio(w, viewer).body)["overloaded"] == false);  // one runs: at the limit
    REQUIRE(command(bo, cmd("trial.status", "o2", {{"id", tennis}, {"status", "running"}}))["type"] == "ack");
    auto loaded = nlohmann::json::parse(portfolio(w, viewer).body);
    CHECK(loaded["running"] == 2);
    CHECK(loaded["overloaded"] == true);
    CHECK(loaded["overload_limit"] == 1);

    // Live: a request with the version it has waits for the next change, and brings it.
    const std::uint64_t version = loaded["version"];
    auto waiting = std::async(std::launch::async, [&] { return portfolio(w, viewer, "?after=" + std::to_string(version)); });
    CHECK(waiting.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);  // nothing new yet
    REQUIRE(command(bo, cmd("trial.check_in", "o3", {{"id", reading}, {"what_happened", "Otte kom"}, {"proposal", "adapt"}}))["type"] == "ack");
    REQUIRE(waiting.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto woken = nlohmann::json::parse(waiting.get().body);
    CHECK(woken["version"].get<std::uint64_t>() > version);
    // Only what changed: the one row, with the counts of the whole portfolio.
    CHECK(woken["complete"] == false);
    REQUIRE(woken["trial_actions"].size() == 1);
    const auto& changed = woken["trial_actions"][0];
    CHECK(changed["session"]["id"] == first_id);
    CHECK(changed["trial_action"]["id"] == reading);
    CHECK(changed["last_check_in"]["check_in"]["proposal"] == "adapt");
    CHECK(changed["check_ins"] == 1);
    CHECK(changed["last_decision"]["kind"] == "approve");
    CHECK(woken["gone"].empty());
    CHECK(woken["running"] == 2);
    // An older version answers at once with what changed since; one this server never
    // gave (from before its start, or ahead of it) with the whole portfolio.
    const std::uint64_t woken_version = woken["version"];
    for (const auto& [after, complete] : std::vector<std::pair<std::string, bool>>{
             {std::to_string(version), false}, {"0", true}, {std::to_string(woken_version + 1000), true}}) {
        const std::string query = "?after=" + after;  // (a lambda may not capture a structured binding in clang 14)
        auto at_once = std::async(std::launch::async, [&] { return portfolio(w, viewer, query); });
        REQUIRE(at_once.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
        auto r = at_once.get();
        REQUIRE(r.status == 200);
        auto got = nlohmann::json::parse(r.body);
        INFO(after);
        CHECK(got["complete"] == complete);
        CHECK(got["trial_actions"].size() == (complete ? 3U : 1U));
    }
    // A row that leaves a filtered page is named in `gone`.
    auto running_page = std::async(std::launch::async, [&] {
        return portfolio(w, viewer, "?status=running&after=" + std::to_string(woken_version));
    });
    CHECK(running_page.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
    REQUIRE(post_json(w, manager, "decisions", {{"session", first_id}, {"trial_action", tennis}, {"kind", "park"},
                                                {"note", "Vent"}, {"name", "Mona"}})
                .status == 200);
    REQUIRE(running_page.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto left = nlohmann::json::parse(running_page.get().body);
    CHECK(left["trial_actions"].empty());
    CHECK(left["gone"] == nlohmann::json::array({{{"session", first_id}, {"trial_action", tennis}}}));
    CHECK(left["running"] == 1);
    // A waiting page gets the admin's new limit with the change it brings.
    const std::uint64_t now_version = nlohmann::json::parse(portfolio(w, viewer).body)["version"];
    auto watching = std::async(std::launch::async, [&] { return portfolio(w, viewer, "?after=" + std::to_string(now_version)); });
    CHECK(watching.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
    REQUIRE(post_json(w, w.admin.token, "settings", {{"overload_limit", 5}}).status == 200);
    REQUIRE(watching.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto relieved = nlohmann::json::parse(watching.get().body);
    CHECK(relieved["overload_limit"] == 5);
    CHECK(relieved["overloaded"] == false);
    CHECK(relieved["trial_actions"].empty());  // a setting changes no row
    CHECK(relieved["complete"] == false);

    // Versions go on after a restart: a page's version from before it is older than any
    // the restarted server gives, and is answered at once with the whole portfolio.
    const std::uint64_t before_restart = relieved["version"];
    const std::uint16_t port = w.s.port();
    REQUIRE(w.s.proc->stop() == 0);
    w.s.start(port);
    auto again = std::async(std::launch::async, [&] { return portfolio(w, viewer, "?after=" + std::to_string(before_restart)); });
    REQUIRE(again.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    auto restarted = nlohmann::json::parse(again.get().body);
    CHECK(restarted["complete"] == true);
    CHECK(restarted["version"].get<std::uint64_t>() > before_restart);
    CHECK(titles(restarted).size() == 3);
    (void)garden;
}

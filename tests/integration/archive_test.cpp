// Integration tests of the session archive (PROTOCOL.md, "Session archive (JSON export
// and import)") with the real binary: a scripted workshop exported as session.json and
// checked against what happened and against protocol/session-archive.schema.json;
// imported into a second server (another data folder) over HTTP and with
// `samskab-server import`, exported again and compared; an anonymous session's archive
// names nobody; and a table of malformed imports, each refused with its typed error
// and nothing written to the database file.
#include "live_server.hpp"
#include "recorder.hpp"
#include "schema_check.hpp"
#include "workspace_helpers.hpp"

#include <sqlite3.h>

#include <fstream>
#include <set>

using namespace samskab::testing;
using nlohmann::json;

namespace {

http_reply archive_of(std::uint16_t port, const std::string& session_id, const std::string& token) {
    return http(port, "GET", "/api/sessions/" + session_id + "/export/session.json", "",
                {{"Authorization", "Bearer " + token}});
}

json ok_archive(std::uint16_t port, const std::string& session_id, const std::string& token) {
    auto r = archive_of(port, session_id, token);
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"].starts_with("application/json"));
    CHECK(r.headers["content-disposition"] == "attachment; filename=\"samskab-" + session_id + "-session.json\"");
    return json::parse(r.body);
}

http_reply import_into(std::uint16_t port, const std::string& workspace, const std::string& token,
                       const std::string& body, const std::string& type = "application/json") {
    std::map<std::string, std::string> headers{{"Content-Type", type}};
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return http(port, "POST", "/api/workspaces/" + workspace + "/import", body, headers);
}

// The archive without what an import gives anew: the session's id, code and workspace,
// in the session and in the snapshots it began with.
json without_new_ids(json a) {
    auto drop = [](json& session) {
        session.erase("id");
        session.erase("code");
        session.erase("workspace");
    };
    drop(a["session"]);
    if (a.contains("origin"))
        for (const char* version : {"others", "facilitators"}) drop(a["origin"][version]["session"]);
    return a;
}

// How many rows the database file holds in the tables an import writes.
std::int64_t rows_in(const std::string& file) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    std::int64_t total = 0;
    for (const char* table : {"sessions", "participants", "invites", "columns", "clusters", "ideas", "votes", "comments",
                              "reactions", "trial_actions", "trial_owners", "trial_learnings", "decisions", "changes"}) {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, ("SELECT COUNT(*) FROM " + std::string(table)).c_str(), -1, &st, nullptr) ==
                SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        total += sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return total;
}

// A workshop in a workspace, played over WebSockets: every kind of thing a session holds.
struct played {
    made_workspace w;
    test_session sess;
    std::string id;
    std::set<std::string> tokens;
    std::int64_t anna_id = 0;
    std::int64_t a_idea = 0, b_idea = 0, merged = 0, trial_id = 0;
};

played play(live_server& s, const std::string& anonymity) {
    played p;
    p.w = make_workspace(s, "Dragør Kommune");
    p.sess = workspace_session(s, p.w, {{"fold_threshold", 2}, {"anonymity", anonymity}});
    p.id = p.sess.created["id"];
    p.tokens = {p.w.token, p.sess.facilitator_token};
    recorder fac(s.port());
    fac.join({{"code", p.sess.code}, {"token", p.sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("invite.renew", "f2", {{"role", "manager"}}))["type"] == "ack");
    const auto manager_invite = link_of(fac.next_of_type("invites"), "manager");
    p.tokens.insert(manager_invite);
    recorder anna(s.port()), bo(s.port()), mona(s.port());
    anna.join({{"code", p.sess.code}, {"name", "Anna"}});
    bo.join({{"code", p.sess.code}, {"name", "Bo"}});
    mona.join({{"code", p.sess.code}, {"name", "Mona"}, {"invite", manager_invite}});
    for (auto* r : {&anna, &bo, &mona}) p.tokens.insert(r->token);
    p.anna_id = anna.of_type("welcome").front()["you"]["id"];
    p.a_idea = added_idea(anna, "a1", "Længere besøg, \"rigtig\" tid");
    p.b_idea = added_idea(bo, "b1", "Faste hold\nmed to linjer");
    p.merged = added_idea(bo, "b2", "Længere besøg igen");
    const auto parked = added_idea(anna, "a2", "Robotstøvsugere");
    REQUIRE(fac.answer(cmd("idea.merge", "f3", {{"into", p.a_idea}, {"ideas", {p.merged}}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("idea.fate", "f4", {{"id", parked}, {"fate", "parked"}, {"reason", "Ikke nu"}}))["type"] ==
            "ack");
    const auto deleted = added_idea(bo, "b3", "Slettes igen");
    REQUIRE(bo.answer(cmd("idea.delete", "b4", {{"id", deleted}, {"base_version", 1}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f5", {{"phase", "cluster"}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("cluster.create", "f6", {{"column", 1}, {"name", "Tid"}, {"ideas", {p.a_idea}}}))["type"] ==
            "ack");
    REQUIRE(anna.answer(cmd("comment.add", "a3", {{"target_kind", "idea"}, {"target_id", p.b_idea}, {"text", "Godt!"}}))[
                "type"] == "ack");
    REQUIRE(bo.answer(cmd("reaction.toggle", "b5",
                          {{"target_kind", "idea"}, {"target_id", p.a_idea}, {"reaction", "love"}}))["type"] == "ack");
    REQUIRE(anna.answer(cmd("reaction.toggle", "a4",
                            {{"target_kind", "idea"}, {"target_id", p.a_idea}, {"reaction", "love"}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f7", {{"phase", "vote"}}))["type"] == "ack");
    REQUIRE(anna.answer(cmd("vote.set", "a5", {{"idea", p.a_idea}, {"dots", 2}}))["type"] == "ack");
    REQUIRE(bo.answer(cmd("vote.set", "b6", {{"idea", p.a_idea}, {"dots", 1}}))["type"] == "ack");
    REQUIRE(bo.answer(cmd("vote.set", "b7", {{"idea", p.b_idea}, {"dots", 2}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("votes.reveal", "f8"))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f9", {{"phase", "trial_actions"}}))["type"] == "ack");
    const auto trial = fac.answer(cmd("trial.create", "f10",
                                      {{"title", "Længere besøg"},
                                       {"what", "Besøg på en time"},
                                       {"we_believe", "længere besøg hjælper"},
                                       {"we_know_when", "færre opkald"},
                                       {"start_date", "2027-01-04"},
                                       {"review_date", "2027-03-01"},
                                       {"ideas", {p.a_idea}},
                                       {"owners", {p.anna_id}}}));
    REQUIRE(trial["type"] == "ack");
    p.trial_id = trial["event"]["trial_action"]["id"];
    REQUIRE(anna.answer(cmd("trial.learning", "a6", {{"id", p.trial_id}, {"text", "Borgerne blev glade"}}))["type"] ==
            "ack");
    REQUIRE(mona.answer(cmd("decision.record", "m1",
                            {{"target_kind", "trial_action"}, {"target_id", p.trial_id}, {"kind", "approve"},
                             {"note", "Vi prøver det"}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f11", {{"phase", "wrap_up"}}))["type"] == "ack");
    return p;
}

// No token of the session, or of its workspace, in any text.
void no_token_in(const std::string& text, const std::set<std::string>& tokens) {
    for (const auto& t : tokens) {
        INFO("token " << t);
        CHECK(text.find(t) == std::string::npos);
    }
}

}  // namespace

TEST_CASE("session archive: export, import into another server, export again gives the same document",
          "[integration]") {
    live_server a;
    auto p = play(a, "named");
    const json first = ok_archive(a.port(), p.id, p.sess.facilitator_token);
    no_token_in(first.dump(), p.tokens);
    CHECK(first.dump().find("token") == std::string::npos);
    CHECK(first.dump().find("nonce") == std::string::npos);
    CHECK(schema_errors(a.dir, SAMSKAB_ARCHIVE_SCHEMA_PATH, first) == "");

    // What happened is there.
    CHECK(first["format"] == "samskab-session");
    CHECK(first["version"] == 1);
    CHECK(first["session"]["id"] == p.id);
    CHECK(first["session"]["workspace"] == p.w.id);
    CHECK(first["controls"]["phase"] == "wrap_up");
    CHECK(first["controls"]["votes_revealed"] == true);
    CHECK(first["participants"].size() == 4);
    CHECK(first["invitations"].size() == 1);
    const auto& ideas = first["board"]["ideas"];
    REQUIRE(ideas.size() == 4);  // the deleted one is gone, its id kept as used
    CHECK(first["board"]["last_idea_id"] == 5);
    json a_idea, merged;
    for (const auto& i : ideas) {
        if (i["id"] == p.a_idea) a_idea = i;
        if (i["id"] == p.merged) merged = i;
    }
    CHECK(a_idea["text"] == "Længere besøg, \"rigtig\" tid");
    CHECK(a_idea["author"] == p.anna_id);
    CHECK(a_idea["fate"] == "trial_action");
    CHECK(a_idea["trial"] == p.trial_id);
    CHECK(a_idea["cluster"] == first["board"]["clusters"][0]["id"]);
    CHECK(merged["fate"] == "merged");
    CHECK(merged["merged_into"] == p.a_idea);
    CHECK(first["votes"].size() == 3);
    CHECK(first["comments"].size() == 1);
    CHECK(first["reactions"].size() == 1);
    CHECK(first["reactions"][0]["count"] == 2);
    REQUIRE(first["trial_actions"].size() == 1);
    CHECK(first["trial_actions"][0]["owners"][0]["name"] == "Anna");
    CHECK(first["trial_actions"][0]["learnings"][0]["text"] == "Borgerne blev glade");
    CHECK(first["decisions"].size() == 1);
    const auto& history = first["history"];
    REQUIRE_FALSE(history.empty());
    CHECK(history.back()["seq"] == first["session"]["seq"]);
    for (std::size_t k = 1; k < history.size(); ++k) CHECK(history[k]["seq"] > history[k - 1]["seq"]);
    CHECK(history[0]["action"] == "phase.set");
    CHECK(history[0]["event"]["type"].is_string());

    SECTION("who may have it: the facilitators and the workspace's admin; others 403") {
        CHECK(ok_archive(a.port(), p.id, p.w.token) == first);
        const auto manager = workspace_link(a, p.w, "manager");
        auto r = archive_of(a.port(), p.id, manager);
        CHECK(r.status == 403);
        CHECK(error_code(r) == "forbidden");
        r = http(a.port(), "GET", "/api/sessions/" + p.id + "/export/session.json");
        CHECK(r.status == 401);
        r = archive_of(a.port(), p.id, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        CHECK(r.status == 403);
        CHECK(error_code(r) == "invalid_token");
    }

    SECTION("over HTTP, by the admin of the other server's workspace") {
        live_server b;
        const auto wb = make_workspace(b, "Tårnby Kommune");
        // Only the admin link imports.
        const auto fac_link = workspace_link(b, wb, "facilitator");
        auto refused = import_into(b.port(), wb.id, fac_link, first.dump());
        CHECK(refused.status == 403);
        CHECK(error_code(refused) == "forbidden");
        CHECK(import_into(b.port(), wb.id, "", first.dump()).status == 401);

        auto r = import_into(b.port(), wb.id, wb.token, first.dump());
        INFO(r.body);
        REQUIRE(r.status == 201);
        const auto answer = json::parse(r.body);
        const std::string new_id = answer["id"];
        CHECK(new_id != p.id);
        CHECK(answer["session"]["workspace"] == wb.id);
        REQUIRE(answer["links"].size() == 1);
        const std::string token = answer["links"][0]["token"];
        CHECK(answer["links"][0]["name"] == "Mette");
        CHECK(answer["links"][0]["path"] == "/board/" + answer["code"].get<std::string>() + "#token=" + token);

        // Usable at once: the facilitator's new link opens the board as it was.
        recorder fac(b.port());
        fac.join({{"code", answer["code"]}, {"token", token}});
        const auto snap = fac.of_type("snapshot").front();
        CHECK(snap["seq"] == first["session"]["seq"]);
        // ... and goes on: the next change follows the imported history.
        const auto added = fac.answer(idea_add("n1", 1, "Efter importen"));
        REQUIRE(added["type"] == "ack");
        CHECK(added["seq"] == first["session"]["seq"].get<std::int64_t>() + 1);
        // The old tokens do not open it.
        CHECK(archive_of(b.port(), new_id, p.sess.facilitator_token).status == 403);

        SECTION("export again: the same document") {
            // (before the change above: compare with the history up to the imported seq)
            auto again = ok_archive(b.port(), new_id, token);
            CHECK(again["session"]["id"] == new_id);
            CHECK(again["session"]["workspace"] == wb.id);
            CHECK(again["history"].size() == first["history"].size() + 1);
            again["history"].erase(again["history"].size() - 1);
            // Take the added idea back out to compare with what was imported.
            json expected = without_new_ids(first);
            json got = without_new_ids(again);
            auto& gi = got["board"]["ideas"];
            for (std::size_t k = 0; k < gi.size(); ++k)
                if (gi[k]["text"] == "Efter importen") {
                    gi.erase(k);
                    break;
                }
            got["board"]["last_idea_id"] = expected["board"]["last_idea_id"];
            got["session"]["seq"] = expected["session"]["seq"];
            CHECK(got == expected);
        }
    }

    SECTION("import, export right away, and after a restart: equal apart from the new ids") {
        live_server b;
        const auto wb = make_workspace(b, "Tårnby Kommune");
        auto r = import_into(b.port(), wb.id, wb.token, first.dump());
        REQUIRE(r.status == 201);
        const auto answer = json::parse(r.body);
        const std::string new_id = answer["id"], token = answer["links"][0]["token"];
        const auto again = ok_archive(b.port(), new_id, token);
        CHECK(without_new_ids(again) == without_new_ids(first));
        CHECK(again["session"]["code"] != first["session"]["code"]);
        // The snapshot it began with came along, as the new session's: its history is the
        // original's, replayed from the same start.
        REQUIRE(first.contains("origin"));
        CHECK(first["origin"]["others"]["session"]["id"] == p.id);
        CHECK(again["origin"]["others"]["session"]["id"] == new_id);
        CHECK(again["origin"]["facilitators"]["session"]["code"] == answer["code"]);
        {
            auto history_of = [](std::uint16_t port, const std::string& id, const std::string& bearer) {
                auto h = http(port, "GET", "/api/sessions/" + id + "/history", "", {{"Authorization", "Bearer " + bearer}});
                INFO(h.body);
                REQUIRE(h.status == 200);
                return json::parse(h.body);
            };
            auto was = history_of(a.port(), p.id, p.sess.facilitator_token);
            auto now = history_of(b.port(), new_id, token);
            REQUIRE(now["origin"].is_object());
            CHECK(now["origin"]["session"]["id"] == new_id);
            for (auto* h : {&was, &now}) (*h)["origin"].erase("session");
            CHECK(now["origin"] == was["origin"]);
            CHECK(now["changes"].size() == was["changes"].size());
        }
        no_token_in(again.dump(), {token, wb.token});
        const auto port = b.port();
        b.proc.reset();
        b.start(port);
        const auto restarted = ok_archive(b.port(), new_id, token);
        CHECK(without_new_ids(restarted) == without_new_ids(first));
        // A new idea after the restart does not take the id of one deleted before the export.
        recorder fac(b.port());
        fac.join({{"code", answer["code"]}, {"token", token}});
        const auto added = fac.answer(idea_add("n1", 1, "Ny"));
        REQUIRE(added["type"] == "ack");
        CHECK(added["event"]["idea"]["id"] == first["board"]["last_idea_id"].get<std::int64_t>() + 1);
    }

    SECTION("with the subcommand, into another server's database") {
        live_server b;
        const auto wb = make_workspace(b, "Tårnby Kommune");
        const std::string file = b.dir.file("archive.json");
        std::ofstream(file) << first.dump();
        auto run = run_binary({"import", "--db", b.dir.file("samskab.db"), "--workspace", wb.id, file});
        INFO(run.output);
        REQUIRE(run.exit_code == 0);
        std::smatch m;
        const std::regex link("Mette \\(facilitator\\): /board/([A-Za-z0-9]+)#token=([A-Za-z0-9_-]{43})\n");
        REQUIRE(std::regex_search(run.output, m, link));
        const std::string code = m[1], token = m[2];
        const std::regex id_re("\\(id ([A-Za-z0-9_-]+), join code");
        std::smatch idm;
        REQUIRE(std::regex_search(run.output, idm, id_re));
        const std::string new_id = idm[1];
        // The running server sees it after a restart.
        const auto port = b.port();
        b.proc.reset();
        b.start(port);
        const auto again = ok_archive(b.port(), new_id, token);
        CHECK(again["session"]["workspace"] == wb.id);
        CHECK(without_new_ids(again) == without_new_ids(first));
        recorder fac(b.port());
        fac.join({{"code", code}, {"token", token}});
        CHECK(fac.of_type("snapshot").front()["seq"] == first["session"]["seq"]);
    }
}

TEST_CASE("session archive: an anonymous session's archive names nobody, and comes back the same", "[integration]") {
    live_server a;
    auto p = play(a, "anonymous");
    const json first = ok_archive(a.port(), p.id, p.sess.facilitator_token);
    no_token_in(first.dump(), p.tokens);
    CHECK(schema_errors(a.dir, SAMSKAB_ARCHIVE_SCHEMA_PATH, first) == "");
    for (const auto& i : first["board"]["ideas"]) CHECK_FALSE(i.contains("author"));
    for (const auto& c : first["comments"]) CHECK_FALSE(c.contains("author"));
    for (const auto& v : first["votes"]) CHECK_FALSE(v.contains("voter"));
    for (const auto& r : first["reactions"]) CHECK_FALSE(r.contains("by"));
    for (const auto& t : first["trial_actions"]) CHECK_FALSE(t.contains("created_by"));
    for (const auto& h : first["history"]) {
        CHECK_FALSE(h.contains("by"));
        // What everyone else received: no author in any event (an idea's is null).
        const std::string event = h["event"].dump();
        for (auto at = event.find("\"author\":"); at != std::string::npos; at = event.find("\"author\":", at + 1))
            CHECK(event.substr(at, 13) == "\"author\":null");
    }
    // The votes as totals per idea: 3 dots on one, 2 on the other.
    REQUIRE(first["votes"].size() == 2);
    std::int64_t dots = 0;
    for (const auto& v : first["votes"]) dots += v["dots"].get<std::int64_t>();
    CHECK(dots == 5);
    CHECK(first["reactions"][0]["count"] == 2);

    live_server b;
    const auto wb = make_workspace(b, "Tårnby Kommune");
    auto r = import_into(b.port(), wb.id, wb.token, first.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    const auto answer = json::parse(r.body);
    const auto again = ok_archive(b.port(), answer["id"], answer["links"][0]["token"]);
    CHECK(without_new_ids(again) == without_new_ids(first));
    // An author in an anonymous session's archive is refused.
    json named = first;
    named["board"]["ideas"][0]["author"] = 1;
    auto refused = import_into(b.port(), wb.id, wb.token, named.dump());
    CHECK(refused.status == 400);
    CHECK(error_code(refused) == "invalid_field");
}

TEST_CASE("session archive: every malformed import is refused with its typed error, and nothing is written",
          "[integration]") {
    live_server a;
    auto p = play(a, "named");
    const json good = ok_archive(a.port(), p.id, p.sess.facilitator_token);
    const std::string text = good.dump();

    live_server b;
    const auto wb = make_workspace(b, "Tårnby Kommune");
    const std::string db = b.dir.file("samskab.db");

    struct bad_case {
        std::string name;
        std::function<std::string()> body;
        int status;
        std::string code;
        std::string field;  // the JSON Pointer named, if any
    };
    auto edited = [&](std::function<void(json&)> edit) {
        return [&good, edit] {
            json j = good;
            edit(j);
            return j.dump();
        };
    };
    const std::vector<bad_case> cases{
        {"not an archive", edited([](json& j) { j["format"] = "something-else"; }), 400, "unsupported_protocol", "/format"},
        {"another version", edited([](json& j) { j["version"] = 2; }), 400, "unsupported_protocol", "/version"},
        {"truncated", [&] { return text.substr(0, text.size() / 2); }, 400, "bad_json", ""},
        {"not JSON", [] { return std::string("samskab"); }, 400, "bad_json", ""},
        {"a vote for a missing idea", edited([](json& j) { j["votes"][0]["idea"] = 999; }), 400, "invalid_field",
         "/votes/0/idea"},
        {"a vote by nobody of the session", edited([](json& j) { j["votes"][0]["voter"] = 77; }), 400, "invalid_field",
         "/votes/0/voter"},
        {"a cluster in a missing column", edited([](json& j) { j["board"]["clusters"][0]["column"] = 9; }), 400,
         "invalid_field", "/board/clusters/0/column"},
        {"an idea merged into a missing idea",
         edited([&](json& j) {
             for (auto& i : j["board"]["ideas"])
                 if (i["fate"] == "merged") i["merged_into"] = 999;
         }),
         400, "invalid_field", ""},
        {"a comment on a missing trial action",
         edited([](json& j) {
             j["comments"][0]["on"] = "trial_action";
             j["comments"][0]["target"] = 42;
         }),
         400, "invalid_field", "/comments/0/target"},
        {"a duplicate idea id", edited([](json& j) { j["board"]["ideas"][1]["id"] = j["board"]["ideas"][0]["id"]; }),
         400, "invalid_field", "/board/ideas/1/id"},
        {"a duplicate participant",
         edited([](json& j) { j["participants"].push_back(j["participants"][1]); }), 400, "invalid_field",
         "/participants/4/id"},
        {"a title of the wrong type", edited([](json& j) { j["session"]["title"] = 12; }), 400, "invalid_field",
         "/session/title"},
        {"a missing member", edited([](json& j) { j.erase("decisions"); }), 400, "invalid_field", "/decisions"},
        {"an unknown role", edited([](json& j) { j["participants"][1]["role"] = "king"; }), 400, "invalid_field",
         "/participants/1/role"},
        {"a text over its limit", edited([](json& j) { j["board"]["ideas"][0]["text"] = std::string(501, 'x'); }), 400,
         "too_long", "/board/ideas/0/text"},
        {"a control character in a text",
         edited([](json& j) { j["board"]["ideas"][0]["text"] = std::string("ny\x01tekst"); }), 400, "invalid_field",
         "/board/ideas/0/text"},
        {"the history's seqs out of order",
         edited([](json& j) { std::swap(j["history"][1]["seq"], j["history"][2]["seq"]); }), 400, "invalid_field",
         "/history/2/seq"},
        {"the history cut short", edited([](json& j) { j["history"].erase(j["history"].size() - 1); }), 400,
         "invalid_field", "/history"},
        {"an event that is no event", edited([](json& j) { j["history"][0]["event"] = "phase.set"; }), 400,
         "invalid_field", "/history/0/event"},
        {"no facilitator", edited([](json& j) { j["participants"][0]["role"] = "citizen"; }), 400, "invalid_field",
         "/participants"},
        {"an origin that is no snapshot", edited([](json& j) { j["origin"]["others"]["type"] = "welcome"; }), 400,
         "invalid_field", "/origin/others"},
        {"an origin without its facilitators' version", edited([](json& j) { j["origin"].erase("facilitators"); }),
         400, "invalid_field", "/origin/facilitators"},
        {"a phase its template does not have", edited([](json& j) { j["controls"]["phase"] = "review"; }), 400,
         "invalid_field", "/controls/phase"},
    };
    const auto before = rows_in(db);
    for (const auto& c : cases) {
        INFO(c.name);
        auto r = import_into(b.port(), wb.id, wb.token, c.body());
        INFO(r.body);
        CHECK(r.status == c.status);
        CHECK(error_code(r) == c.code);
        if (!c.field.empty()) CHECK(json::parse(r.body)["error"]["field"] == c.field);
        CHECK(rows_in(db) == before);
    }
    // Oversized: refused from its Content-Length, before the body is read.
    const auto raw = parse_responses(http_raw(
        b.port(), "POST /api/workspaces/" + wb.id + "/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + wb.token +
                      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(16 * 1024 * 1024 + 1) +
                      "\r\n\r\n{"));
    REQUIRE(raw.size() == 1);
    CHECK(raw[0].status == 413);
    CHECK(error_code(raw[0]) == "too_long");
    CHECK(rows_in(db) == before);
    // The wrong Content-Type, before the body is read.
    CHECK(import_into(b.port(), wb.id, wb.token, text, "text/plain").status == 415);

    // The subcommand refuses the same way, writing nothing.
    const std::string file = b.dir.file("bad.json");
    json bad = good;
    bad["votes"][0]["idea"] = 999;
    std::ofstream(file) << bad.dump();
    auto run = run_binary({"import", "--db", db, file});
    CHECK(run.exit_code == 2);
    CHECK(run.output.find("invalid_field") != std::string::npos);
    CHECK(run.output.find("/votes/0/idea") != std::string::npos);
    std::ofstream(file) << text.substr(0, 100);
    run = run_binary({"import", "--db", db, file});
    CHECK(run.exit_code == 2);
    CHECK(run.output.find("bad_json") != std::string::npos);
    std::ofstream(file) << text << std::string(16 * 1024 * 1024, ' ');
    run = run_binary({"import", "--db", db, file});
    CHECK(run.exit_code == 2);
    CHECK(run.output.find("too_long") != std::string::npos);
    CHECK(rows_in(db) == before);
    // And a good one is then imported whole.
    auto ok = import_into(b.port(), wb.id, wb.token, text);
    CHECK(ok.status == 201);
    CHECK(rows_in(db) > before);
}

TEST_CASE("session archive: an import's credentials are checked before its body is read", "[integration]") {
    live_server a;
    auto p = play(a, "named");
    const std::string text = ok_archive(a.port(), p.id, p.sess.facilitator_token).dump();

    live_server b;
    const auto wb = make_workspace(b, "Tårnby Kommune");
    const std::string db = b.dir.file("samskab.db");
    const auto before = rows_in(db);
    // Only the head of a 10 MiB upload: without the admin's link the server answers at
    // once and closes, without waiting for (or reading) the body. Its request timeout
    // (30 s) is longer than the exchange's, so an answer proves it did not wait for it.
    auto head_only = [&](const std::string& authorization) {
        return http_raw_exchange(b.port(),
                                 "POST /api/workspaces/" + wb.id + "/import HTTP/1.1\r\nHost: x\r\n" + authorization +
                                     "Content-Type: application/json\r\nContent-Length: " +
                                     std::to_string(10 * 1024 * 1024) + "\r\n\r\n",
                                 std::chrono::seconds(10));
    };
    const std::string manager = workspace_link(b, wb, "manager");
    struct refusal {
        std::string name, authorization;
        int status;
        std::string code;
    };
    for (const auto& r : std::vector<refusal>{
             {"no credentials", "", 401, "credentials_required"},
             {"a token of no link", "Authorization: Bearer " + std::string(43, 'A') + "\r\n", 403, "invalid_token"},
             {"a malformed header", "Authorization: Basic eDp5\r\n", 403, "invalid_token"},
             {"a manager's link", "Authorization: Bearer " + manager + "\r\n", 403, "forbidden"},
         }) {
        INFO(r.name);
        const auto raw = head_only(r.authorization);
        CHECK(raw.closed);
        const auto replies = parse_responses(raw.bytes);
        REQUIRE(replies.size() == 1);
        CHECK(replies[0].status == r.status);
        CHECK(error_code(replies[0]) == r.code);
        CHECK(replies[0].headers.at("connection") == "close");
    }
    CHECK(rows_in(db) == before);

    // The admin's import is read whole, however much larger than other requests' bodies
    // (16 KiB) it is, and a client that asks leave to send it (Expect: 100-continue, as
    // curl does) is given it first.
    const std::string padded = text + std::string(200 * 1024, ' ');
    const auto raw = http_raw_exchange(
        b.port(), "POST /api/workspaces/" + wb.id + "/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + wb.token +
                      "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nConnection: close\r\n"
                      "Content-Length: " + std::to_string(padded.size()) + "\r\n\r\n" + padded);
    INFO(raw.bytes.substr(0, 600));
    CHECK(raw.closed);
    CHECK(raw.bytes.starts_with("HTTP/1.1 100 Continue\r\n"));
    CHECK(raw.bytes.find("HTTP/1.1 201 Created\r\n") != std::string::npos);
    CHECK(rows_in(db) > before);
}

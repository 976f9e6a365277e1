// Integration tests of the workspace archive (PROTOCOL.md, "Workspace archive"),
// GET /api/workspaces/{id}/export/workspace.json, with the real binary: a workspace with
// a named and an anonymous session (and another workspace's session, which must not
// appear) exported whole; each session in it compared with that session's own
// session.json; the document validated against protocol/workspace-archive.schema.json
// (which takes the sessions from session-archive.schema.json); no token, nonce or hash
// that the database file holds anywhere in its bytes; and the refusals.
#include "live_server.hpp"
#include "recorder.hpp"
#include "schema_check.hpp"
#include "workspace_helpers.hpp"

#include <sqlite3.h>

#include <chrono>
#include <set>

using namespace samskab::testing;
using nlohmann::json;

namespace {

http_reply workspace_archive_of(std::uint16_t port, const std::string& workspace, const std::string& token,
                                const std::string& method = "GET") {
    return with_bearer(port, method, "/api/workspaces/" + workspace + "/export/workspace.json", token);
}

json session_archive_of(std::uint16_t port, const std::string& session, const std::string& token) {
    auto r = with_bearer(port, "GET", "/api/sessions/" + session + "/export/session.json", token);
    INFO(r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
}

// doc checked against protocol/workspace-archive.schema.json, its sessions against
// session-archive.schema.json, which it names by $ref.
std::string workspace_schema_errors(const temp_dir& dir, const json& doc) {
    return schema_errors(dir, SAMSKAB_WORKSPACE_ARCHIVE_SCHEMA_PATH, doc, {SAMSKAB_ARCHIVE_SCHEMA_PATH});
}

// Every token hash and nonce the database file holds (participants, invitations,
// workspace links): what must never be in an export.
std::set<std::string> stored_secrets(const std::string& file) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    std::set<std::string> out;
    for (const char* q : {"SELECT token_hash FROM participants", "SELECT token_hash FROM invites",
                          "SELECT nonce FROM invites", "SELECT token_hash FROM workspace_links",
                          "SELECT nonce FROM workspace_links"}) {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, q, -1, &st, nullptr) == SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
            if (text && *text) out.insert(text);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

TEST_CASE("workspace archive: every session of the workspace as its own session.json, no secret, for the admin only",
          "[integration]") {
    live_server s;
    const auto w = make_workspace(s, "Dragør Kommune");
    const auto other = make_workspace(s, "Tårnby Kommune");
    std::set<std::string> tokens{w.token, other.token};
    // Every role's link, and a renewed manager link: the old one stays listed, inactive.
    const auto old_manager = workspace_link(s, w, "manager");
    const auto manager = workspace_link(s, w, "manager");
    const auto facilitator_link = workspace_link(s, w, "facilitator");
    const auto viewer = workspace_link(s, w, "viewer");
    tokens.insert({old_manager, manager, facilitator_link, viewer});
    auto set = http(s.port(), "POST", "/api/workspaces/" + w.id + "/settings", json{{"overload_limit", 7}}.dump(),
                    {{"Authorization", "Bearer " + w.token}, {"Content-Type", "application/json"}});
    REQUIRE(set.status == 200);

    // A named session, then an anonymous one; and one in the other workspace.
    const auto named = workspace_session(s, w, {{"anonymity", "named"}});
    const std::string named_id = named.created["id"];
    tokens.insert(named.facilitator_token);
    {
        recorder fac(s.port()), anna(s.port());
        fac.join({{"code", named.code}, {"token", named.facilitator_token}});
        REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
        REQUIRE(fac.answer(cmd("invite.renew", "f2", {{"role", "manager"}}))["type"] == "ack");
        tokens.insert(link_of(fac.next_of_type("invites"), "manager"));
        anna.join({{"code", named.code}, {"name", "Anna"}});
        tokens.insert(anna.token);
        added_idea(anna, "a1", "Længere besøg");
    }
    const auto anonymous = workspace_session(s, w, {{"anonymity", "anonymous"}});
    const std::string anonymous_id = anonymous.created["id"];
    tokens.insert(anonymous.facilitator_token);
    {
        recorder fac(s.port()), bo(s.port());
        fac.join({{"code", anonymous.code}, {"token", anonymous.facilitator_token}});
        REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
        bo.join({{"code", anonymous.code}, {"name", "Bo"}});
        tokens.insert(bo.token);
        added_idea(bo, "b1", "Faste hold");
    }
    const auto elsewhere = workspace_session(s, other, {{"anonymity", "named"}});
    const std::string elsewhere_id = elsewhere.created["id"];
    tokens.insert(elsewhere.facilitator_token);
    {
        recorder fac(s.port());
        fac.join({{"code", elsewhere.code}, {"token", elsewhere.facilitator_token}});
        REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
        added_idea(fac, "c1", "Kun i Tårnby");
    }

    const auto before = now_ms();
    auto r = workspace_archive_of(s.port(), w.id, w.token);
    const auto after = now_ms();
    INFO(r.body.substr(0, 2000));
    REQUIRE(r.status == 200);
    CHECK(r.headers["content-type"].starts_with("application/json"));
    CHECK(r.headers["content-disposition"] == "attachment; filename=\"samskab-" + w.id + "-workspace.json\"");
    CHECK(r.headers["cache-control"] == "no-store");
    const json doc = json::parse(r.body);

    CHECK(doc["format"] == "samskab-workspace");
    CHECK(doc["version"] == 1);
    CHECK(doc["exported_at"].get<std::int64_t>() >= before);
    CHECK(doc["exported_at"].get<std::int64_t>() <= after);
    CHECK(doc["workspace"]["id"] == w.id);
    CHECK(doc["workspace"]["name"] == "Dragør Kommune");
    CHECK(doc["workspace"]["overload_limit"] == 7);
    CHECK(doc["workspace"]["created_at"].get<std::int64_t>() <= before);

    // The links: every one the workspace has had, oldest first, with role, active and time only.
    const json shown = ok_json(with_bearer(s.port(), "GET", "/api/workspaces/" + w.id, w.token));
    REQUIRE(doc["links"].size() == shown["links"].size());
    REQUIRE(doc["links"].size() == 5);  // admin, manager (renewed: twice), facilitator, viewer
    for (std::size_t k = 0; k < doc["links"].size(); ++k) {
        const auto& l = doc["links"][k];
        CHECK(l.size() == 3);
        CHECK(l["role"] == shown["links"][k]["role"]);
        CHECK(l["active"] == shown["links"][k]["active"]);
        CHECK(l["created_at"].is_number_integer());
    }
    CHECK(doc["links"][1]["role"] == "manager");
    CHECK(doc["links"][1]["active"] == false);
    CHECK(doc["links"][2]["role"] == "manager");
    CHECK(doc["links"][2]["active"] == true);

    // The workspace's sessions, oldest first, each exactly its own session.json.
    REQUIRE(doc["sessions"].size() == 2);
    CHECK(doc["sessions"][0]["session"]["id"] == named_id);
    CHECK(doc["sessions"][1]["session"]["id"] == anonymous_id);
    CHECK(doc["sessions"][0] == session_archive_of(s.port(), named_id, w.token));
    CHECK(doc["sessions"][1] == session_archive_of(s.port(), anonymous_id, anonymous.facilitator_token));
    // The anonymous session names no author, as its own archive does.
    REQUIRE(doc["sessions"][1]["board"]["ideas"].size() == 1);
    CHECK(doc["sessions"][1]["board"]["ideas"][0]["text"] == "Faste hold");
    CHECK_FALSE(doc["sessions"][1]["board"]["ideas"][0].contains("author"));
    CHECK(doc["sessions"][0]["board"]["ideas"][0].contains("author"));
    // Nothing of the other workspace.
    CHECK(r.body.find(elsewhere_id) == std::string::npos);
    CHECK(r.body.find("Kun i Tårnby") == std::string::npos);
    CHECK(r.body.find(other.id) == std::string::npos);

    // No token, and no token hash or nonce the database holds, anywhere in the bytes.
    const auto secrets = stored_secrets(s.dir.file("samskab.db"));
    CHECK(secrets.size() >= 10);  // the search below has something to find
    for (const auto& t : tokens) {
        INFO("token " << t);
        CHECK(r.body.find(t) == std::string::npos);
    }
    for (const auto& h : secrets) {
        INFO("stored secret " << h);
        CHECK(r.body.find(h) == std::string::npos);
    }
    CHECK(r.body.find("token") == std::string::npos);
    CHECK(r.body.find("nonce") == std::string::npos);

    // The schema: this document is valid, and the check can fail (a session's archive
    // without its history, a link with a token).
    CHECK(workspace_schema_errors(s.dir, doc) == "");
    json broken = doc;
    broken["sessions"][1].erase("history");
    CHECK(workspace_schema_errors(s.dir, broken) != "");
    broken = doc;
    broken["links"][0]["token"] = "x";
    CHECK(workspace_schema_errors(s.dir, broken) != "");

    // HEAD: the same head, no body.
    auto head = workspace_archive_of(s.port(), w.id, w.token, "HEAD");
    CHECK(head.status == 200);
    CHECK(head.body.empty());

    // A workspace without sessions: an empty list, still valid.
    const auto empty = make_workspace(s, "Tom");
    const json none = json::parse(workspace_archive_of(s.port(), empty.id, empty.token).body);
    CHECK(none["sessions"] == json::array());
    CHECK(none["workspace"]["name"] == "Tom");
    CHECK(workspace_schema_errors(s.dir, none) == "");
}

TEST_CASE("workspace archive: refusals, typed, as for the other workspace routes", "[integration]") {
    live_server s;
    const auto w = make_workspace(s, "Dragør Kommune");
    const auto other = make_workspace(s, "Tårnby Kommune");
    const auto sess = workspace_session(s, w, {{"anonymity", "named"}});

    auto r = workspace_archive_of(s.port(), w.id, "");
    CHECK(r.status == 401);
    CHECK(error_code(r) == "credentials_required");
    CHECK(r.headers["www-authenticate"] == "Bearer");

    // The links that may not have the whole workspace: a good token, not a guess.
    for (const std::string role : {"manager", "facilitator", "viewer"}) {
        INFO(role);
        r = workspace_archive_of(s.port(), w.id, workspace_link(s, w, role));
        CHECK(r.status == 403);
        CHECK(error_code(r) == "forbidden");
    }
    // Tokens that are no link of this workspace.
    for (const std::string token :
         {std::string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), sess.facilitator_token, other.token}) {
        r = workspace_archive_of(s.port(), w.id, token);
        CHECK(r.status == 403);
        CHECK(error_code(r) == "invalid_token");
    }
    r = workspace_archive_of(s.port(), "nosuchworkspace1", w.token);
    CHECK(r.status == 403);
    CHECK(error_code(r) == "invalid_token");

    r = workspace_archive_of(s.port(), w.id, w.token, "POST");
    CHECK(r.status == 405);
    r = with_bearer(s.port(), "GET", "/api/workspaces/" + w.id + "/export/workspace.xml", w.token);
    CHECK(r.status == 404);
    CHECK(error_code(r) == "not_found");
    // The admin still gets it after all that.
    CHECK(workspace_archive_of(s.port(), w.id, w.token).status == 200);
}

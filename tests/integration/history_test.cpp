// Integration tests of a session's history, GET /api/sessions/{id}/history, with the real
// server and database: each reader gets, for every change, exactly the event their own
// connection received (the author's, the facilitators', everyone else's version), from
// the snapshot the session was made with; nothing they may no longer see comes back (a
// hidden idea, a deleted one, an edited text); the refusals are the outcome report's; a
// session without a stored origin says so; no token in any answer.
#include "live_server.hpp"
#include "recorder.hpp"
#include "workspace_helpers.hpp"

#include <sqlite3.h>

#include <set>

using namespace samskab::testing;
using nlohmann::json;

namespace {

std::vector<std::string> answers;  // every answer, to look for tokens in them

http_reply get_history(std::uint16_t port, const std::string& session_id, const std::string& token,
                       const std::string& method = "GET") {
    auto r = with_bearer(port, method, "/api/sessions/" + session_id + "/history", token);
    answers.push_back(r.body);
    return r;
}

json ok_history(std::uint16_t port, const std::string& session_id, const std::string& token) {
    return ok_json(get_history(port, session_id, token));
}

// The events a recorder received after seq `after` (acks as the event they carry), by seq.
std::map<std::int64_t, json> received_events(const recorder& r, std::int64_t after) {
    std::map<std::int64_t, json> out;
    for (const auto& m : r.raw) {
        json j = json::parse(m);
        if (j["type"] == "ack") j = j["event"];
        if (!j.contains("seq") || j["type"] == "welcome" || j["type"] == "snapshot") continue;
        if (j["seq"].get<std::int64_t>() > after) out[j["seq"]] = j;
    }
    return out;
}

json change_at(const json& history, std::int64_t seq) {
    for (const auto& e : history["changes"])
        if (e["seq"] == seq) return e;
    FAIL("no change " << seq);
    return {};
}

}  // namespace

TEST_CASE("the history gives each reader the events their connection received, minus what they may no longer see",
          "[integration]") {
    answers.clear();
    live_server s;
    const auto w = make_workspace(s, "Dragør Kommune");
    const std::string link = workspace_link(s, w, "viewer");
    const auto sess = workspace_session(s, w, {{"private_writing", true}});
    const std::string id = sess.created["id"];
    std::set<std::string> tokens{w.token, link, sess.facilitator_token};

    recorder fac(s.port()), anna(s.port()), bo(s.port());
    const std::int64_t fac_id = fac.join({{"code", sess.code}, {"token", sess.facilitator_token}})["you"]["id"];
    anna.join({{"code", sess.code}, {"name", "Anna"}});
    bo.join({{"code", sess.code}, {"name", "Bo"}});
    tokens.insert(anna.token);
    tokens.insert(bo.token);

    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");            // 1
    const auto annas = added_idea(anna, "a1", "Anna: longer visits");                               // 2 (private)
    const auto bos = added_idea(bo, "b1", "Bo: a name nobody should read");                         // 3 (private)
    REQUIRE(fac.answer(cmd("ideas.reveal", "f2"))["type"] == "ack");                                // 4
    const auto kept = added_idea(bo, "b2", "Bo: to be edited");                                     // 5 (private)
    const auto gone = added_idea(anna, "a2", "Anna: deleted later");                                // 6 (private)
    REQUIRE(fac.answer(cmd("ideas.reveal", "f3"))["type"] == "ack");                                // 7
    REQUIRE(fac.answer(cmd("idea.moderate", "f4", {{"id", bos}, {"hidden", true}}))["type"] == "ack");  // 8
    REQUIRE(bo.answer(cmd("idea.edit", "b3", {{"id", kept}, {"base_version", 1}, {"text", "Bo: edited"}}))["type"] ==
            "ack");                                                                                 // 9
    REQUIRE(anna.answer(cmd("idea.delete", "a3", {{"id", gone}, {"base_version", 1}}))["type"] == "ack");  // 10
    REQUIRE(fac.answer(cmd("column.rename", "f5", {{"id", 1}, {"title", "Idéer"}}))["type"] == "ack");     // 11
    for (auto* r : {&anna, &bo}) r->until_seq(11);  // the facilitator has read his ack of it

    const auto as_fac = ok_history(s.port(), id, sess.facilitator_token);
    const auto as_anna = ok_history(s.port(), id, anna.token);
    const auto as_bo = ok_history(s.port(), id, bo.token);
    const auto as_link = ok_history(s.port(), id, link);

    for (const auto* h : {&as_fac, &as_anna, &as_bo, &as_link}) {
        CHECK((*h)["format"] == 1);
        CHECK((*h)["seq"] == 11);
        CHECK((*h)["complete"] == true);
        REQUIRE((*h)["changes"].size() == 11);
        // The origin: the session as it was made, in its first phase, with no idea.
        REQUIRE((*h)["origin"].is_object());
        CHECK((*h)["origin"]["type"] == "snapshot");
        CHECK((*h)["origin"]["seq"] == 0);
        CHECK((*h)["origin"]["controls"]["phase"] == "welcome");
        CHECK((*h)["origin"]["ideas"].empty());
        CHECK((*h)["origin"]["session"] == sess.created["session"]);
    }
    CHECK(as_fac["reader"] == json{{"kind", "participant"}, {"role", "facilitator"}, {"participant", fac_id}});
    CHECK(as_link["reader"] == json{{"kind", "workspace"}, {"role", "viewer"}, {"participant", 0}});
    CHECK(as_fac["origin"].contains("invites"));  // the facilitators' origin
    CHECK_FALSE(as_anna["origin"].contains("invites"));

    // Where nothing was taken out of view since, each reader's history is exactly what
    // their connection received: the author's own version (mine), the others' (unseen
    // for a private idea), the facilitators'.
    for (const auto& [reader, h] : {std::pair{&fac, &as_fac}, {&anna, &as_anna}, {&bo, &as_bo}}) {
        for (const auto& [seq, got] : received_events(*reader, 0)) {
            // Below: the edited idea's old text (5, 7), the idea deleted since (6, 7), and
            // Bo's idea, hidden from Anna since, in what the first reveal showed her (4).
            if (seq == 5 || seq == 6 || seq == 7 || (reader == &anna && seq == 4)) continue;
            INFO("seq " << seq);
            CHECK(change_at(*h, seq) == got);
        }
    }
    CHECK(change_at(as_anna, 2)["idea"]["mine"] == true);
    CHECK(change_at(as_bo, 2)["type"] == "unseen");  // Anna's idea was private then
    CHECK(change_at(as_bo, 2)["private_count"] == 1);

    // Bo's hidden idea: its author and the facilitators still see it, so it stays for
    // them; Anna and the link never get it back, not even from the reveal.
    CHECK(change_at(as_bo, 3)["idea"]["text"] == "Bo: a name nobody should read");
    CHECK(change_at(as_fac, 8)["type"] == "idea.updated");
    for (const auto* h : {&as_anna, &as_link}) {
        CHECK(change_at(*h, 3)["type"] == "unseen");
        // Held here: a range-for over a member of the temporary would read freed memory.
        const json revealed = change_at(*h, 4);
        for (const auto& i : revealed["ideas"]) CHECK(i["id"] != bos);
        CHECK(change_at(*h, 8) == json{{"type", "idea.withdrawn"}, {"id", bos}, {"seq", 8}, {"at", change_at(*h, 8)["at"]}});
        CHECK(h->dump().find("a name nobody should read") == std::string::npos);
    }
    // The deleted idea is gone for everyone, its author too; the deletion stays (an id).
    // The edited idea shows its text as it is now, from the start.
    for (const auto* h : {&as_fac, &as_anna, &as_bo, &as_link}) {
        CHECK(change_at(*h, 6)["type"] == "unseen");
        CHECK(change_at(*h, 10)["type"] == "idea.deleted");
        CHECK(h->dump().find("deleted later") == std::string::npos);
        const json revealed = change_at(*h, 7)["ideas"];
        REQUIRE(revealed.size() == 1);
        CHECK(revealed[0]["id"] == kept);
        CHECK(revealed[0]["text"] == "Bo: edited");
        CHECK(change_at(*h, 9)["text"] == "Bo: edited");
        CHECK(h->dump().find("to be edited") == std::string::npos);
    }
    CHECK(change_at(as_bo, 5)["idea"]["text"] == "Bo: edited");
    CHECK(change_at(as_anna, 5)["type"] == "unseen");  // Bo's idea was private then
    CHECK(change_at(as_anna, 2)["idea"]["id"] == annas);

    // No token in any answer.
    for (const auto& a : answers)
        for (const auto& t : tokens) CHECK(a.find(t) == std::string::npos);
}

TEST_CASE("the history's refusals are the outcome report's, and a session without an origin has no history",
          "[integration]") {
    live_server s;
    const auto sess = make_session(s.port());
    const std::string id = sess.created["id"];
    recorder fac(s.port());
    fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
    CHECK(ok_history(s.port(), id, sess.facilitator_token)["changes"].size() == 1);

    auto none = get_history(s.port(), id, "");
    CHECK(none.status == 401);
    CHECK(error_code(none) == "credentials_required");
    CHECK(none.headers["www-authenticate"].starts_with("Bearer"));
    const std::string wrong(43, 'x');
    auto bad = get_history(s.port(), id, wrong);
    CHECK(bad.status == 403);
    CHECK(error_code(bad) == "invalid_token");
    auto elsewhere = get_history(s.port(), "NoSuchSession0000", sess.facilitator_token);
    CHECK(elsewhere.status == 403);
    CHECK(elsewhere.body == bad.body);  // word for word: ids cannot be probed
    auto post = get_history(s.port(), id, sess.facilitator_token, "POST");
    CHECK(post.status == 405);
    CHECK(post.headers["allow"] == "GET, HEAD");
    CHECK(get_history(s.port(), id, sess.facilitator_token, "HEAD").status == 200);

    // A session stored before origins were kept: origin null, and no changes (nothing to
    // apply them to).
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(s.dir.file("samskab.db").c_str(), &db) == SQLITE_OK);
        sqlite3_busy_timeout(db, 5000);
        const std::string sql = "DELETE FROM session_origins WHERE session_id = '" + id + "'";  // an id of [A-Za-z0-9_-]
        CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        CHECK(sqlite3_changes(db) == 1);
        sqlite3_close(db);
    }
    const auto h = ok_history(s.port(), id, sess.facilitator_token);
    CHECK(h["origin"].is_null());
    CHECK(h["changes"].empty());
}

TEST_CASE("the history stops after its first 10,000 changes, and says so", "[integration]") {
    live_server s;
    const auto sess = make_session(s.port());
    const std::string id = sess.created["id"];
    // 10,001 changes could not be sent in a test's time (a connection's messages are
    // paced): they are written as the journal writes them while the server is stopped,
    // and read back when it starts again (a session's seq is its last change's).
    s.proc.reset();
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(s.dir.file("samskab.db").c_str(), &db) == SQLITE_OK);
        const std::string sql =
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001)"
            " INSERT INTO changes (session_id, seq, participant_id, ref, at, body, action, subject_id, withdraws)"
            " SELECT '" + id + "', i, 1, 'r' || i, 1795440420123 + i,"
            " json_object('type', 'column.renamed', 'id', 1, 'title', 'T' || i, 'seq', i, 'at', '2026-11-23T13:27:00.123Z'),"
            " 'column.rename', 0, 0 FROM n";
        CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        CHECK(sqlite3_changes(db) == 10001);
        sqlite3_close(db);
    }
    s.start(0);
    const auto h = ok_history(s.port(), id, sess.facilitator_token);
    CHECK(h["seq"] == 10001);
    CHECK(h["complete"] == false);
    REQUIRE(h["changes"].size() == 10000);
    CHECK(h["changes"].front()["seq"] == 1);
    CHECK(h["changes"].back()["seq"] == 10000);
    CHECK(h["changes"].back()["title"] == "T10000");
}

// Integration tests of the outcome report, GET /api/sessions/{id}/outcome, with the real
// server: a short workshop in a workspace played over WebSockets, then the report as its
// facilitator, a citizen and a workspace link read it (each exactly their own WebSocket
// snapshot, and an observer's for the link), its participation and timeline, every
// refusal, and no token in any answer.
#include "live_server.hpp"
#include "recorder.hpp"
#include "workspace_helpers.hpp"

#include <set>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// Every answer the tests received, to look for tokens in them.
std::vector<std::string> answers;

http_reply outcome(std::uint16_t port, const std::string& session_id, const std::string& token,
                   const std::string& method = "GET") {
    auto r = with_bearer(port, method, "/api/sessions/" + session_id + "/outcome", token);
    std::string all = r.body;
    for (const auto& [k, v] : r.headers) all += "\n" + k + ": " + v;
    answers.push_back(all);
    return r;
}

json ok_outcome(std::uint16_t port, const std::string& session_id, const std::string& token) {
    return ok_json(outcome(port, session_id, token));
}

// Milliseconds since the epoch of a wire time, "2026-11-23T13:07:00.123Z".
std::int64_t ms_of(const std::string& t) {
    REQUIRE(t.size() == 24);
    int y = std::stoi(t.substr(0, 4)), mo = std::stoi(t.substr(5, 2)), d = std::stoi(t.substr(8, 2));
    const auto day = std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(static_cast<unsigned>(mo)) /
                                           std::chrono::day(static_cast<unsigned>(d)));
    return std::chrono::duration_cast<std::chrono::milliseconds>(day.time_since_epoch()).count() +
           ((std::stoll(t.substr(11, 2)) * 60 + std::stoll(t.substr(14, 2))) * 60 + std::stoll(t.substr(17, 2))) * 1000 +
           std::stoll(t.substr(20, 3));
}

// The texts of the ideas in a snapshot.
std::set<std::string> idea_texts(const json& snapshot) {
    std::set<std::string> out;
    for (const auto& i : snapshot["ideas"]) out.insert(i["text"].get<std::string>());
    return out;
}

// The snapshot a fresh WebSocket connection with this token receives now.
json ws_snapshot(std::uint16_t port, const std::string& code, const std::string& token) {
    recorder r(port);
    r.join({{"code", code}, {"token", token}});
    const auto snapshots = r.of_type("snapshot");
    REQUIRE(snapshots.size() == 1);
    return snapshots.front();
}

}  // namespace

TEST_CASE("the outcome report: each reader sees what their own snapshot shows, with participation and timeline",
          "[integration]") {
    answers.clear();
    live_server s;
    const auto w = make_workspace(s, "Dragør Kommune");
    const std::string viewer_link = workspace_link(s, w, "viewer");
    const std::string manager_link = workspace_link(s, w, "manager");
    const auto sess = workspace_session(s, w, {{"private_writing", true}});
    const std::string id = sess.created["id"];
    std::set<std::string> tokens{w.token, viewer_link, manager_link, sess.facilitator_token};

    recorder fac(s.port());
    fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    // Before anything happened: the session's first phase, going on; nobody active.
    {
        const auto early = ok_outcome(s.port(), id, sess.facilitator_token);
        REQUIRE(early["timeline"].size() == 1);
        CHECK(early["timeline"][0]["phase"] == "welcome");
        CHECK(early["timeline"][0]["started_at"] == sess.created["session"]["created_at"]);
        CHECK(early["timeline"][0]["ended_at"].is_null());
        CHECK(early["participation"]["facilitator"] == json{{"joined", 1}, {"active", 0}});
    }
    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
    const std::string manager_invite = [&] {
        REQUIRE(fac.answer(cmd("invite.renew", "f2", {{"role", "manager"}}))["type"] == "ack");
        return link_of(fac.next_of_type("invites"), "manager");
    }();
    const std::string observer_invite = [&] {
        REQUIRE(fac.answer(cmd("invite.renew", "f3", {{"role", "observer"}}))["type"] == "ack");
        return link_of(fac.next_of_type("invites"), "observer");
    }();
    tokens.insert(manager_invite);
    tokens.insert(observer_invite);

    recorder anna(s.port()), bo(s.port()), mona(s.port()), screen(s.port()), gone(s.port());
    anna.join({{"code", sess.code}, {"name", "Anna"}});
    bo.join({{"code", sess.code}, {"name", "Bo"}});
    mona.join({{"code", sess.code}, {"name", "Mona"}, {"invite", manager_invite}});
    screen.join({{"code", sess.code}, {"name", "Skærm"}, {"invite", observer_invite}});
    gone.join({{"code", sess.code}, {"name", "Gone"}});
    for (auto* r : {&anna, &bo, &mona, &screen, &gone}) {
        REQUIRE(r->token.size() == 43);
        tokens.insert(r->token);
    }

    const auto annas = added_idea(anna, "a1", "Anna: more time with each person");
    const auto bos = added_idea(bo, "b1", "Bo: something to hide");
    added_idea(gone, "g1", "Gone: written by someone removed later");
    REQUIRE(fac.answer(cmd("ideas.reveal", "f4"))["type"] == "ack");
    REQUIRE(fac.answer(cmd("idea.moderate", "f5", {{"id", bos}, {"hidden", true}}))["type"] == "ack");
    added_idea(anna, "a2", "Anna: still private");  // private writing is still on

    REQUIRE(fac.answer(cmd("phase.set", "f6", {{"phase", "cluster"}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("cluster.create", "f7", {{"column", 1}, {"name", "Tid"}, {"ideas", {annas}}}))["type"] ==
            "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f8", {{"phase", "vote"}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f9", {{"phase", "cluster"}}))["type"] == "ack");  // back once
    REQUIRE(fac.answer(cmd("phase.set", "f10", {{"phase", "vote"}}))["type"] == "ack");
    REQUIRE(anna.answer(cmd("vote.set", "a3", {{"idea", annas}, {"dots", 2}}))["type"] == "ack");
    REQUIRE(mona.answer(cmd("vote.set", "m1", {{"idea", annas}, {"dots", 1}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("votes.reveal", "f11"))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f12", {{"phase", "trial_actions"}}))["type"] == "ack");
    const auto trial = fac.answer(cmd("trial.create", "f13",
                                      {{"title", "Længere besøg"},
                                       {"we_believe", "we believe longer visits help"},
                                       {"we_know_when", "fewer calls"},
                                       {"ideas", {annas}},
                                       {"owners", {anna.of_type("welcome").front()["you"]["id"]}}}));
    REQUIRE(trial["type"] == "ack");
    const std::int64_t trial_id = trial["event"]["trial_action"]["id"];
    REQUIRE(mona.answer(cmd("decision.record", "m2",
                            {{"target_kind", "trial_action"}, {"target_id", trial_id}, {"kind", "approve"}}))["type"] ==
            "ack");
    const std::int64_t gone_id = gone.of_type("welcome").front()["you"]["id"];
    REQUIRE(fac.answer(cmd("participant.remove", "f14", {{"participant", gone_id}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f15", {{"phase", "wrap_up"}}))["type"] == "ack");

    SECTION("each reader gets exactly the snapshot their own WebSocket connection gets") {
        const auto as_fac = ok_outcome(s.port(), id, sess.facilitator_token);
        CHECK(as_fac["format"] == 1);
        CHECK(as_fac["reader"] == json{{"kind", "participant"}, {"role", "facilitator"}, {"participant", 1}});
        CHECK(as_fac["snapshot"] == ws_snapshot(s.port(), sess.code, sess.facilitator_token));
        // The facilitators see the hidden idea, not another's private one.
        CHECK(idea_texts(as_fac["snapshot"]).count("Bo: something to hide") == 1);
        CHECK(idea_texts(as_fac["snapshot"]).count("Anna: still private") == 0);
        CHECK(as_fac["snapshot"]["private_count"] == 1);

        const auto as_bo = ok_outcome(s.port(), id, bo.token);
        CHECK(as_bo["reader"]["kind"] == "participant");
        CHECK(as_bo["reader"]["role"] == "citizen");
        CHECK(as_bo["snapshot"] == ws_snapshot(s.port(), sess.code, bo.token));
        // His own hidden idea, not Anna's private one.
        CHECK(idea_texts(as_bo["snapshot"]) ==
              std::set<std::string>{"Anna: more time with each person", "Bo: something to hide",
                                    "Gone: written by someone removed later"});

        const auto as_anna = ok_outcome(s.port(), id, anna.token);
        CHECK(idea_texts(as_anna["snapshot"]).count("Anna: still private") == 1);
        CHECK(idea_texts(as_anna["snapshot"]).count("Bo: something to hide") == 0);
        CHECK(as_anna["snapshot"]["votes"]["mine"] == json{{std::to_string(annas), 2}});

        // A workspace link reads as an observer who is no participant: as the big screen does.
        for (const auto& [link, role] : {std::pair{viewer_link, "viewer"}, std::pair{manager_link, "manager"},
                                         std::pair{w.token, "admin"}}) {
            const auto as_link = ok_outcome(s.port(), id, link);
            CHECK(as_link["reader"] == json{{"kind", "workspace"}, {"role", role}, {"participant", 0}});
            CHECK(as_link["snapshot"] == ws_snapshot(s.port(), sess.code, screen.token));
            CHECK(idea_texts(as_link["snapshot"]) == std::set<std::string>{"Anna: more time with each person",
                                                                          "Gone: written by someone removed later"});
            CHECK_FALSE(as_link["snapshot"].contains("invites"));
        }
        const auto shown = ok_outcome(s.port(), id, viewer_link)["snapshot"];
        // The votes revealed, the cluster, the trial action with its hypothesis and owner, the decision.
        CHECK(shown["votes"]["results"].is_object());
        CHECK(shown["clusters"].size() == 1);
        REQUIRE(shown["trial_actions"].size() == 1);
        CHECK(shown["trial_actions"][0]["we_believe"] == "we believe longer visits help");
        CHECK(shown["trial_actions"][0]["status"] == "approved");
        REQUIRE(shown["decisions"].size() == 1);
        CHECK(shown["decisions"][0]["kind"] == "approve");
    }

    SECTION("participation by role, counts only; the timeline of every phase entered, in order") {
        const auto a = ok_outcome(s.port(), id, viewer_link);
        CHECK(a["participation"] == json{{"facilitator", {{"joined", 1}, {"active", 1}}},
                                         {"co_facilitator", {{"joined", 0}, {"active", 0}}},
                                         {"manager", {{"joined", 1}, {"active", 1}}},
                                         {"staff", {{"joined", 0}, {"active", 0}}},
                                         {"citizen", {{"joined", 2}, {"active", 2}}},
                                         {"observer", {{"joined", 1}, {"active", 0}}}});
        const auto& t = a["timeline"];
        std::vector<std::string> phases;
        for (const auto& span : t) phases.push_back(span["phase"]);
        CHECK(phases == std::vector<std::string>{"welcome", "ideas", "cluster", "vote", "cluster", "vote",
                                                 "trial_actions", "wrap_up"});
        CHECK(t[0]["started_at"] == sess.created["session"]["created_at"]);
        for (std::size_t k = 0; k + 1 < t.size(); ++k) {
            INFO(k);
            CHECK(t[k]["ended_at"] == t[k + 1]["started_at"]);
            CHECK(t[k]["seconds"] == (ms_of(t[k]["ended_at"]) - ms_of(t[k]["started_at"])) / 1000);
        }
        CHECK(t.back()["ended_at"].is_null());  // open: going on
        CHECK(t.back()["seconds"] == (ms_of(a["generated_at"]) - ms_of(t.back()["started_at"])) / 1000);
        CHECK(a["timeline_complete"] == true);

        // Closed: the last phase ends when the session was closed, and the report still answers.
        const auto closed = fac.answer(cmd("session.close", "f16"));
        REQUIRE(closed["type"] == "ack");
        const auto after = ok_outcome(s.port(), id, viewer_link);
        CHECK(after["snapshot"]["session"]["status"] == "closed");
        CHECK(after["timeline"].size() == t.size());
        CHECK(after["timeline"].back()["ended_at"] == closed["event"]["at"]);
        CHECK(after["timeline"].back()["seconds"] ==
              (ms_of(closed["event"]["at"]) - ms_of(t.back()["started_at"])) / 1000);
        CHECK(ok_outcome(s.port(), id, anna.token)["reader"]["role"] == "citizen");

        // The same after a restart: the timeline is read from the stored changes.
        s.proc.reset();
        s.start(0);
        const auto restarted = ok_outcome(s.port(), id, viewer_link);
        CHECK(restarted["timeline"] == after["timeline"]);
        CHECK(restarted["participation"] == after["participation"]);
    }

    SECTION("HEAD answers like GET without a body") {
        auto r = outcome(s.port(), id, anna.token, "HEAD");
        CHECK(r.status == 200);
        CHECK(r.body.empty());
        CHECK(std::stoul(r.headers["content-length"]) > 100);
    }

    SECTION("refusals: nothing tells a session that exists from one that does not, and failures are counted") {
        auto none = outcome(s.port(), id, "");
        CHECK(none.status == 401);
        CHECK(error_code(none) == "credentials_required");
        CHECK(none.headers["www-authenticate"] == "Bearer");

        auto post = http(s.port(), "POST", "/api/sessions/" + id + "/outcome", "{}",
                         {{"Authorization", "Bearer " + sess.facilitator_token}, {"Content-Type", "application/json"}});
        answers.push_back(post.body);
        CHECK(post.status == 405);
        CHECK(post.headers["allow"] == "GET, HEAD");

        // Another session of the workspace, and another workspace: their tokens fit nothing here.
        const auto other = workspace_session(s, w, json::object());
        const auto elsewhere = make_workspace(s, "Tårnby Kommune");
        tokens.insert(other.facilitator_token);
        tokens.insert(elsewhere.token);

        std::vector<http_reply> refused;
        refused.push_back(outcome(s.port(), id, std::string(43, 'A')));                      // fits nothing
        refused.push_back(outcome(s.port(), "nosuchsession000", sess.facilitator_token));   // no such session
        refused.push_back(outcome(s.port(), std::string(300, 'x'), sess.facilitator_token)); // not an id
        refused.push_back(outcome(s.port(), id, other.facilitator_token));                  // another session's
        refused.push_back(outcome(s.port(), id, elsewhere.token));                          // another workspace's
        refused.push_back(outcome(s.port(), id, gone.token));                               // removed
        {
            auto r = http(s.port(), "GET", "/api/sessions/" + id + "/outcome", "",
                          {{"Authorization", "Basic " + sess.facilitator_token}});  // not a bearer token
            answers.push_back(r.body);
            refused.push_back(r);
        }
        for (const auto& r : refused) {
            CHECK(r.status == 403);
            CHECK(r.body == refused.front().body);  // word for word the same
        }
        CHECK(error_code(refused.front()) == "invalid_token");

        // Ten failures from one address: the next attempt, even a good one, waits.
        http_reply last;
        for (int k = 0; k < 20; ++k) {
            last = outcome(s.port(), id, std::string(43, 'B'));
            if (last.status == 429) break;
        }
        CHECK(last.status == 429);
        CHECK(error_code(last) == "rate_limited");
        CHECK_FALSE(last.headers["retry-after"].empty());
        CHECK(outcome(s.port(), id, sess.facilitator_token).status == 429);
    }

    // No token anywhere in any answer.
    for (const auto& a : answers)
        for (const auto& t : tokens) CHECK(a.find(t) == std::string::npos);
}

TEST_CASE("the outcome report of an anonymous session shows a workspace link no authors", "[integration]") {
    answers.clear();
    live_server s;
    const auto w = make_workspace(s, "Dragør Kommune");
    const std::string viewer_link = workspace_link(s, w, "viewer");
    const auto sess = workspace_session(s, w, {{"anonymity", "anonymous"}});
    const std::string id = sess.created["id"];

    recorder fac(s.port()), anna(s.port());
    fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
    anna.join({{"code", sess.code}, {"name", "Anna"}});
    const auto a = anna.answer(idea_add("a1", 1, "Nobody knows who wrote this"));
    REQUIRE(a["type"] == "ack");
    REQUIRE(anna.answer(cmd("comment.add", "a2",
                            {{"target_kind", "idea"}, {"target_id", a["event"]["idea"]["id"]}, {"text", "Me too"}}))["type"] ==
            "ack");

    const auto as_link = ok_outcome(s.port(), id, viewer_link);
    REQUIRE(as_link["snapshot"]["ideas"].size() == 1);
    CHECK(as_link["snapshot"]["ideas"][0]["author"].is_null());
    REQUIRE(as_link["snapshot"]["comments"].size() == 1);
    CHECK(as_link["snapshot"]["comments"][0]["author"].is_null());
    CHECK(as_link.dump().find("Anna") == std::string::npos);
    // Counts only: one citizen joined and wrote.
    CHECK(as_link["participation"]["citizen"] == json{{"joined", 1}, {"active", 1}});
    // Anna reads as herself: her own idea is marked hers (and she is shown as its author, as on her board).
    const auto as_anna = ok_outcome(s.port(), id, anna.token);
    CHECK(as_anna["snapshot"]["ideas"][0]["mine"] == true);
    CHECK(as_anna["snapshot"] == ws_snapshot(s.port(), sess.code, anna.token));

    // A session outside any workspace: only its participants read its report.
    const auto lone = make_session(s.port());
    const auto lone_id = lone.created["id"].get<std::string>();
    CHECK(ok_outcome(s.port(), lone_id, lone.facilitator_token)["reader"]["role"] == "facilitator");
    CHECK(outcome(s.port(), lone_id, viewer_link).status == 403);
    CHECK(outcome(s.port(), lone_id, w.token).status == 403);

    for (const auto& answer : answers)
        for (const auto& t : {w.token, viewer_link, sess.facilitator_token, anna.token, lone.facilitator_token})
            CHECK(answer.find(t) == std::string::npos);
}

TEST_CASE("the session's receipt reads the report as an observer, the same for everyone, and does nothing else",
          "[integration]") {
    answers.clear();
    live_server s;
    const auto w = make_workspace(s, "Dragør Kommune");
    const auto sess = workspace_session(s, w, {{"private_writing", true}});
    const auto other = workspace_session(s, w, {});
    const std::string id = sess.created["id"];

    recorder fac(s.port()), anna(s.port());
    const auto welcomed = fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
    const auto annas_welcome = anna.join({{"code", sess.code}, {"name", "Anna"}});
    REQUIRE(anna.answer(idea_add("a1", 1, "Anna: kept to herself"))["type"] == "ack");

    // Everyone in the session gets the same receipt; it is no one's token.
    const std::string receipt = welcomed["receipt"];
    CHECK(receipt.size() == 43);
    CHECK(annas_welcome["receipt"] == receipt);
    CHECK(receipt != sess.facilitator_token);
    CHECK(receipt != anna.token);
    recorder other_fac(s.port());
    const std::string other_receipt = other_fac.join({{"code", other.code}, {"token", other.facilitator_token}})["receipt"];
    CHECK(other_receipt != receipt);

    // It reads the report as an observer does: Anna's private idea is not in it.
    const auto read = ok_outcome(s.port(), id, receipt);
    CHECK(read["reader"] == json{{"kind", "receipt"}, {"role", "observer"}, {"participant", 0}});
    CHECK(read["snapshot"]["ideas"].empty());
    CHECK(read["snapshot"].dump().find("kept to herself") == std::string::npos);
    CHECK_FALSE(read["snapshot"].contains("invites"));
    CHECK(ok_outcome(s.port(), id, sess.facilitator_token)["snapshot"]["ideas"].empty());  // private to Anna, even here
    CHECK(ok_outcome(s.port(), id, anna.token)["snapshot"]["ideas"].size() == 1);

    // Another session's receipt opens nothing here (and counts as a failed attempt).
    auto theirs = outcome(s.port(), id, other_receipt);
    CHECK(theirs.status == 403);
    CHECK(error_code(theirs) == "invalid_token");

    // It joins nothing and exports nothing.
    ws_client c(s.port());
    c.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"token", receipt}});
    const auto refused = c.next_json();
    CHECK(refused["type"] == "error");
    CHECK(refused["code"] == "invalid_token");
    auto exported = http(s.port(), "GET", "/api/sessions/" + id + "/export/ideas.csv", "",
                         {{"Authorization", "Bearer " + receipt}});
    CHECK(exported.status == 403);
    CHECK(error_code(exported) == "forbidden");

    for (const auto& answer : answers)
        for (const auto& t : {w.token, sess.facilitator_token, anna.token, receipt, other_receipt})
            CHECK(answer.find(t) == std::string::npos);
}

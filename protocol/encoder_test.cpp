// Tests of message encoding, read back with a JSON parser: above all, that each kind of
// recipient receives what it may see and nothing more.
#include "protocol/encoder.hpp"

#include "domain/test_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

using namespace samskab::protocol;
using namespace samskab::domain;
using namespace samskab::domain::testing;
using nlohmann::json;

namespace {

const viewer facilitators{0, role::facilitator};
const viewer others{0, role::citizen};

// Runs a command and returns the change, for encoding.
struct encoding : session_fixture {
    explicit encoding(settings s = {}) : session_fixture(s) {}
    change go(const participant& who, const command& cmd) {
        auto ev = w.decide(current(who), cmd, ctx());
        if (!ev.ok()) FAIL(command_name(cmd) << ": " << ev.err().message);
        change c{w.seq() + 1, who.id, now, "r", std::string(command_name(cmd)), ev.value()};
        w.apply(c);
        return c;
    }
    json as(const change& c, const viewer& v) { return json::parse(encode_event(c, w, v)); }
    json as(const change& c, const participant& p) { return as(c, viewer_of(p)); }
};

settings with(anonymity a, bool private_writing = false) {
    settings s;
    s.anonymity_ = a;
    s.private_writing = private_writing;
    return s;
}

}  // namespace

TEST_CASE("times are RFC 3339 in UTC with milliseconds", "[protocol]") {
    auto j = json::parse(encode_session_summary(encoding{}.w.info()));
    CHECK(j["created_at"] == "2026-11-23T13:27:00.123Z");
    CHECK(j["template"] == "idea_workshop");
}

TEST_CASE("an idea is sent with its author as the anonymity allows", "[protocol]") {
    struct row { anonymity a; bool facilitators_see; bool others_see; };
    const row rows[] = {{anonymity::named, true, true},
                        {anonymity::hidden_from_participants, true, false},
                        {anonymity::anonymous, false, false}};
    for (const auto& r : rows) {
        INFO(to_string(r.a));
        encoding f(with(r.a));
        f.phase(phase::ideas);
        auto c = f.go(f.citizen, add_idea{1, 0, "Café for stille unge"});
        auto mine = f.as(c, f.citizen);
        CHECK(mine["type"] == "idea.added");
        CHECK(mine["idea"]["mine"] == true);
        CHECK(mine["idea"]["author"]["name"] == "Anna");
        auto fac = f.as(c, facilitators);
        CHECK(fac["idea"]["mine"] == false);
        CHECK(fac["idea"]["author"].is_null() == !r.facilitators_see);
        auto other = f.as(c, others);
        CHECK(other["idea"]["author"].is_null() == !r.others_see);
        CHECK(other["idea"]["text"] == "Café for stille unge");
        if (!r.others_see) CHECK(encode_event(c, f.w, others).find("Anna") == std::string::npos);
    }
}

TEST_CASE("a private idea reaches its author alone, the others learn the count", "[protocol]") {
    encoding f(with(anonymity::named, true));
    f.phase(phase::ideas);
    auto c = f.go(f.citizen, add_idea{1, 0, "hemmelig idé"});
    CHECK(f.as(c, f.citizen)["idea"]["private"] == true);
    for (const viewer& v : {facilitators, others}) {
        const std::string text = encode_event(c, f.w, v);
        auto j = json::parse(text);
        CHECK(j["type"] == "unseen");
        CHECK(j["private_count"] == 1);
        CHECK(j["seq"] == c.seq);
        CHECK(text.find("hemmelig") == std::string::npos);
        CHECK(text.find("Anna") == std::string::npos);
    }
    auto edit = f.go(f.citizen, edit_idea{1, 1, "stadig hemmelig"});
    CHECK(f.as(edit, others)["type"] == "unseen");
    auto snap = json::parse(encode_snapshot(f.w, viewer_of(f.citizen2)));
    CHECK(snap["ideas"].empty());
    CHECK(snap["private_count"] == 1);
    auto own = json::parse(encode_snapshot(f.w, viewer_of(f.citizen)));
    CHECK(own["ideas"].size() == 1);
    auto reveal = f.go(f.fac, reveal_ideas{});
    auto j = f.as(reveal, others);
    CHECK(j["type"] == "ideas.revealed");
    CHECK(j["ideas"][0]["text"] == "stadig hemmelig");
}

TEST_CASE("a voter sees their dots, everyone else only how many were cast", "[protocol]") {
    encoding f;
    f.phase(phase::ideas);
    f.add(f.fac, "a");
    f.phase(phase::vote);
    auto c = f.go(f.citizen, set_vote{1, 2});
    auto mine = f.as(c, f.citizen);
    CHECK(mine["type"] == "vote.updated");
    CHECK(mine["mine"] == json{{"1", 2}});
    CHECK(mine["dots_left"] == 1);
    for (const viewer& v : {facilitators, others, viewer_of(f.citizen2)}) {
        auto j = f.as(c, v);
        CHECK(j == json{{"type", "votes.progress"}, {"dots_cast", 2}, {"voters", 1}, {"seq", c.seq}, {"at", j["at"]}});
    }
    // Nobody but the voter is ever told who gave the dots, not even in a snapshot.
    auto snap = json::parse(encode_snapshot(f.w, facilitators));
    CHECK(snap["votes"]["mine"].empty());
    CHECK(snap["votes"]["dots_cast"] == 2);
    CHECK(snap["votes"]["results"].is_null());
    auto revealed = f.as(f.go(f.fac, reveal_votes{}), others);
    CHECK(revealed["type"] == "votes.revealed");
    CHECK(revealed["results"]["ideas"][0]["total"] == 2);
    CHECK(revealed["results"]["groups"] == json::array());  // one voter: nothing can be split, not even as "others"
    CHECK(revealed["results"]["ideas"][0]["by_group"] == json::object());
}

TEST_CASE("a hidden idea is withdrawn from others and shown to its author and the facilitators", "[protocol]") {
    encoding f;
    f.phase(phase::ideas);
    const idea_id id = f.add(f.citizen, "x");
    auto c = f.go(f.co, moderate_idea{id, true});
    CHECK(f.as(c, others) ==
          json{{"type", "idea.withdrawn"}, {"id", id}, {"seq", c.seq}, {"at", f.as(c, others)["at"]}});
    CHECK(f.as(c, facilitators)["idea"]["moderated"] == true);
    CHECK(f.as(c, f.citizen)["idea"]["moderated"] == true);
    // Later changes to it stay unseen by the others.
    auto edit = f.go(f.citizen, edit_idea{id, 1, "better"});
    CHECK(f.as(edit, others)["type"] == "unseen");
    CHECK(f.as(edit, facilitators)["type"] == "idea.edited");
    auto back = f.go(f.fac, moderate_idea{id, false});
    CHECK(f.as(back, others)["idea"]["text"] == "better");
}

TEST_CASE("a facilitator hiding their own private idea tells nobody else its id", "[protocol]") {
    settings s;
    s.private_writing = true;
    encoding f(s);
    f.phase(phase::ideas);
    const idea_id id = f.add(f.co, "the co-facilitator's own, private");
    auto hide = f.go(f.co, moderate_idea{id, true});
    for (const viewer& v : {others, facilitators, viewer_of(f.fac)}) {
        const json j = f.as(hide, v);
        CHECK(j["type"] == "unseen");
        CHECK(j.dump().find("\"id\":" + std::to_string(id)) == std::string::npos);
    }
    CHECK(f.as(hide, f.co)["idea"]["moderated"] == true);  // its author sees it hidden
    auto show = f.go(f.co, moderate_idea{id, false});
    CHECK(f.as(show, others)["type"] == "unseen");
}

TEST_CASE("invitations reach the facilitators only, and no event or snapshot carries a token or nonce",
          "[protocol]") {
    encoding f;
    auto c = f.go(f.fac, renew_invite{role::manager});
    auto fac = f.as(c, facilitators);
    CHECK(fac["type"] == "invites.updated");
    CHECK(fac["invites"] == json::array({json{{"role", "manager"}, {"active", true}, {"created_at", fac["at"]}}}));
    const std::string other = encode_event(c, f.w, viewer_of(f.manager));
    CHECK(json::parse(other)["type"] == "unseen");
    const std::string snapshot = encode_snapshot(f.w, viewer_of(f.co));
    CHECK(json::parse(snapshot)["invites"] == fac["invites"]);
    CHECK_FALSE(json::parse(encode_snapshot(f.w, viewer_of(f.staff))).contains("invites"));
    for (const std::string& text : {encode_event(c, f.w, viewer_of(f.fac)), other, snapshot})
        CHECK(text.find("nonce-1") == std::string::npos);
}

TEST_CASE("the invites message lists every invitation with the token the server gives it", "[protocol]") {
    const time_point t = samskab::domain::testing::t0;
    const json j = json::parse(encode_invites({invite_link{role::manager, "", false, t},
                                               invite_link{role::manager, "Xc2", true, t + std::chrono::seconds(1)}}));
    CHECK(j == json{{"type", "invites"},
                    {"invites", json::array({json{{"role", "manager"}, {"token", ""}, {"active", false},
                                                  {"created_at", "2026-11-23T13:27:00.123Z"}},
                                             json{{"role", "manager"}, {"token", "Xc2"}, {"active", true},
                                                  {"created_at", "2026-11-23T13:27:01.123Z"}}})}});
    CHECK_FALSE(j.contains("seq"));
    CHECK(json::parse(encode_invites({})) == json{{"type", "invites"}, {"invites", json::array()}});
}

TEST_CASE("trial actions, decisions and controls reach everyone", "[protocol]") {
    encoding f;
    f.phase(phase::ideas);
    const idea_id id = f.add(f.citizen, "Bordtennis");
    f.phase(phase::trial_actions);
    auto created = f.as(f.go(f.fac, create_trial{"Bordtennis", "what", "", "", "", "2027-02-01", {id}, {f.staff.id}}), others);
    CHECK(created["type"] == "trial_action.saved");
    CHECK(created["trial_action"]["owners"][0]["name"] == "Sam");
    CHECK(created["ideas"][0]["fate"] == "trial_action");
    auto decided = f.as(f.go(f.manager, record_decision{target_kind::trial_action, 1, decision_kind::approve, "Ja"}), others);
    CHECK(decided["decision"]["by"]["name"] == "Mona");
    CHECK(decided["trial_action"]["status"] == "approved");
    auto parked = f.as(f.go(f.manager, record_decision{target_kind::trial_action, 1, decision_kind::park, "Til foråret"}), others);
    CHECK(parked["decision"]["kind"] == "park");
    CHECK(parked["decision"]["note"] == "Til foråret");
    CHECK(parked["trial_action"]["status"] == "parked");
    CHECK(parked["trial_action"]["version"] == 3);
    CHECK(json::parse(encode_snapshot(f.w, others))["trial_actions"][0]["status"] == "parked");
    auto timer = f.as(f.go(f.fac, start_timer{300}), others);
    CHECK(timer["type"] == "controls.updated");
    CHECK(timer["controls"]["timer"]["state"] == "running");
    CHECK(timer["controls"]["timer"]["ends_at"] == "2026-11-23T13:32:00.123Z");
    CHECK(timer["controls"]["phase"] == "trial_actions");
}

TEST_CASE("comments and reactions follow what the recipient may see", "[protocol]") {
    encoding f(with(anonymity::anonymous));
    f.phase(phase::ideas);
    const idea_id id = f.add(f.citizen, "x");
    auto c = f.go(f.staff, add_comment{target_kind::idea, id, "Godt"});
    CHECK(f.as(c, f.staff)["comment"]["mine"] == true);
    CHECK(f.as(c, facilitators)["comment"]["author"].is_null());
    auto r = f.go(f.manager, toggle_reaction{target_kind::idea, id, reaction::love});
    auto mine = f.as(r, f.manager);
    CHECK(mine["counts"] == json{{"love", 1}});
    CHECK(mine["mine"] == json::array({"love"}));
    CHECK_FALSE(f.as(r, others).contains("mine"));
    auto hidden = f.go(f.fac, moderate_comment{1, true});
    CHECK(f.as(hidden, others)["type"] == "comment.withdrawn");
    CHECK(f.as(hidden, f.staff)["type"] == "comment.updated");
}

TEST_CASE("welcome, ack, error, presence, pong and audit", "[protocol]") {
    encoding f;
    welcome_info w;
    w.you = &f.citizen;
    w.token = "secret";
    w.snapshot = false;
    w.pending_refs = {"p1"};
    w.server_time = t0;
    auto j = json::parse(encode_welcome(f.w, w));
    CHECK(j["type"] == "welcome");
    CHECK(j["server_time"] == "2026-11-23T13:27:00.123Z");
    CHECK(j["you"]["role"] == "citizen");
    CHECK(j["token"] == "secret");
    CHECK(j["resume"] == "events");
    CHECK(encode_welcome(f.w, w).find("h-Anna") == std::string::npos);  // never a token hash

    CHECK(json::parse(encode_ack("r\"1", 1, R"({"type":"x"})"))["event"] == json{{"type", "x"}});

    f.phase(phase::ideas);
    const idea_id id = f.add(f.citizen, "a");
    error e = error::make(errc::stale_version, "stale");
    e.current = *f.w.ideas().find_idea(id);
    const viewer v = viewer_of(f.citizen);
    CHECK(json::parse(encode_error("r9", e, &f.w, &v))["current"]["text"] == "a");
    error t = error::in_field(errc::too_long, "text", "too long");
    t.limit = 500;
    j = json::parse(encode_error("", t));
    CHECK_FALSE(j.contains("ref"));
    CHECK(j["limit"] == 500);

    presence_counts counts{{role::citizen, {2, 3}}};
    auto named = json::parse(encode_presence({{3, "Anna", role::citizen, true}}, 7, counts, true));
    CHECK(named["participants"][0]["name"] == "Anna");
    CHECK(named["more"] == 7);
    CHECK(named["counts"]["citizen"] == json{{"online", 2}, {"total", 3}});
    auto blind = encode_presence({{3, "Anna", role::citizen, true}}, 7, counts, false);
    CHECK(json::parse(blind)["participants"].is_null());
    CHECK(json::parse(blind)["more"] == 0);
    CHECK(blind.find("Anna") == std::string::npos);
    const std::vector<presence_entry> changed{{3, "Anna", role::citizen, false}, {4, "Bo", role::staff, true}};
    CHECK(json::parse(encode_presence_changed(changed, counts, false))["participants"].is_null());
    auto pair = json::parse(encode_presence_changed(changed, counts, true));
    REQUIRE(pair["participants"].size() == 2);
    CHECK(pair["participants"][1] == json{{"id", 4}, {"name", "Bo"}, {"role", "staff"}, {"online", true}});

    error slow = error::slow_down("slow down", 0);
    CHECK(json::parse(encode_error("r1", slow))["retry_after"] == 1);  // never less than a second
    CHECK(json::parse(encode_http_error(error::slow_down("slow down", 42)))["error"]["retry_after"] == 42);
    CHECK_FALSE(json::parse(encode_error("r1", t)).contains("retry_after"));

    const std::vector<participant_activity> people{{{5, "Flood", role::citizen, true}, false, 460, 3},
                                                   {{1, "Fac", role::facilitator, true}, false, 0, 0}};
    auto counted = json::parse(encode_participants("p1", people, 9, true));
    CHECK(counted["ref"] == "p1");
    CHECK(counted["participants"][0]["ideas"] == 460);
    CHECK(counted["participants"][0]["removed"] == false);
    CHECK(counted["total"] == 9);
    CHECK(counted["more"] == true);
    auto uncounted = json::parse(encode_participants("p2", people, 2, false));
    CHECK(uncounted["participants"][0]["ideas"].is_null());
    CHECK(uncounted["more"] == false);

    CHECK(json::parse(encode_pong("p", t0))["server_time"] == "2026-11-23T13:27:00.123Z");
    auto audit = json::parse(encode_audit("a", f.w, {{4, t0, 1, "phase.set", R"({"type":"controls.updated"})"}}, true));
    CHECK(audit["entries"][0]["actor"]["name"] == "Fac");
    CHECK(audit["entries"][0]["event"]["type"] == "controls.updated");
    CHECK(audit["more"] == true);
    // Two entries, one whose stored event is damaged; and an empty page.
    auto two = json::parse(encode_audit("b", f.w, {{5, t0, 1, "phase.set", R"({"type":"controls.updated"})"}, {4, t0, 1, "x", "{broken"}}, false));
    REQUIRE(two["entries"].size() == 2);
    CHECK(two["entries"][0]["seq"] == 5);
    CHECK(two["entries"][1]["event"].is_null());
    CHECK(two["more"] == false);
    CHECK(json::parse(encode_audit("c", f.w, {}, false)) == json{{"type", "audit"}, {"ref", "c"}, {"entries", json::array()}, {"more", false}});
}

TEST_CASE("HTTP bodies for a created session and for health", "[protocol]") {
    encoding f;
    auto j = json::parse(encode_created_session(f.w.info(), "tok"));
    CHECK(j["code"] == "K7M4QX");
    CHECK(j["display_code"] == "K7M-4QX");
    CHECK(j["join_path"] == "/join/K7M4QX");
    CHECK(j["facilitator_token"] == "tok");
    CHECK(json::parse(encode_health("0.1.0", true)) == json{{"status", "ok"}, {"version", "0.1.0"}, {"database", "ok"}});
    CHECK(json::parse(encode_http_error(error::make(errc::forbidden, "no")))["error"]["code"] == "forbidden");
}

TEST_CASE("the readiness body says ready, or not_ready with its reason", "[protocol]") {
    CHECK(json::parse(encode_readiness("0.1.0", readiness::ready)) == json{{"status", "ready"}, {"version", "0.1.0"}});
    const std::pair<readiness, const char*> cases[] = {{readiness::shutting_down, "shutting_down"},
                                                       {readiness::database_unavailable, "database_unavailable"},
                                                       {readiness::database_not_responding, "database_not_responding"}};
    for (const auto& c : cases) {
        INFO(c.second);
        CHECK(json::parse(encode_readiness("0.2.0", c.first)) ==
              json{{"status", "not_ready"}, {"version", "0.2.0"}, {"reason", c.second}});
    }
}

TEST_CASE("counts and controls travel with the events that change them", "[protocol]") {
    settings s;
    s.private_writing = true;
    encoding f(s);
    f.phase(phase::ideas);
    auto added = f.go(f.citizen, add_idea{1, 0, "mine"});
    CHECK(f.as(added, f.citizen)["private_count"] == 1);  // the author is told the count too
    auto deleted = f.go(f.citizen, delete_idea{1, 1});
    auto j = f.as(deleted, f.citizen);
    CHECK(j["private_count"] == 0);
    CHECK(j["dots_cast"] == 0);
    f.add(f.staff, "a");
    CHECK(f.as(f.go(f.fac, reveal_ideas{}), others)["private_count"] == 0);
    f.phase(phase::vote);
    f.add(f.fac, "b");
    f.go(f.staff, set_vote{2, 1});
    auto merged = f.as(f.go(f.fac, merge_ideas{3, {2}}), others);
    CHECK(merged["dots_returned"] == true);
    CHECK(merged["dots_cast"] == 0);
    auto revealed = f.as(f.go(f.fac, reveal_votes{}), others);
    CHECK(revealed["controls"]["votes_revealed"] == true);
    CHECK(f.as(f.go(f.fac, reset_votes{}), others)["controls"]["votes_revealed"] == false);
}

TEST_CASE("an idea shown again brings what was said about it while hidden", "[protocol]") {
    encoding f;
    f.phase(phase::ideas);
    const idea_id id = f.add(f.citizen, "x");
    f.go(f.fac, moderate_idea{id, true});
    f.go(f.citizen, add_comment{target_kind::idea, id, "said while hidden"});
    f.go(f.fac, toggle_reaction{target_kind::idea, id, reaction::idea});
    auto back = f.as(f.go(f.fac, moderate_idea{id, false}), others);
    CHECK(back["type"] == "idea.updated");
    CHECK(back["comments"][0]["text"] == "said while hidden");
    CHECK(back["reactions"]["counts"] == json{{"idea", 1}});
}

TEST_CASE("a trial action conflict carries the trial action as it is now", "[protocol]") {
    encoding f;
    f.phase(phase::trial_actions);
    f.go(f.fac, create_trial{"T", "", "", "", "", "", {}, {}});
    f.go(f.fac, update_trial{1, 1, std::string("T2"), {}, {}, {}, {}, {}});
    auto ev = f.w.decide(f.fac, update_trial{1, 1, std::string("T3"), {}, {}, {}, {}, {}}, f.ctx());
    REQUIRE_FALSE(ev.ok());
    auto j = json::parse(encode_error("r", ev.err()));
    CHECK(j["code"] == "stale_version");
    CHECK(j["field"] == "title");
    CHECK(j["current"]["title"] == "T2");
    CHECK_FALSE(j["current"].contains("learnings"));
}

TEST_CASE("events leave a trial action's learnings out, an added learning travels alone", "[protocol]") {
    encoding f;
    f.phase(phase::trial_actions);
    f.go(f.fac, create_trial{"T", "", "", "", "", "", {}, {f.citizen.id}});
    f.now += std::chrono::seconds(1);
    auto added = f.go(f.citizen, add_learning{1, "De unge kom"});
    CHECK_FALSE(varies_by_viewer(added.what));
    const json learning{{"id", 1},
                        {"at", "2026-11-23T13:27:01.123Z"},
                        {"by", json{{"id", f.citizen.id}, {"name", "Anna"}}},
                        {"text", "De unge kom"},
                        {"check_in", nullptr}};
    for (const viewer& v : {facilitators, others, viewer_of(f.citizen), viewer_of(f.observer)})
        CHECK(f.as(added, v) == json{{"type", "trial_action.learning_added"},
                                     {"trial_action", 1},
                                     {"learning", learning},
                                     {"version", 2},
                                     {"updated_at", "2026-11-23T13:27:01.123Z"},
                                     {"seq", added.seq},
                                     {"at", "2026-11-23T13:27:01.123Z"}});
    CHECK(encode_event(added, f.w, others) ==
          R"({"type":"trial_action.learning_added","trial_action":1,"learning":{"id":1,"at":"2026-11-23T13:27:01.123Z",)"
          R"("by":{"id":5,"name":"Anna"},"text":"De unge kom","check_in":null},"version":2,"updated_at":"2026-11-23T13:27:01.123Z",)"
          R"("seq":)" + std::to_string(added.seq) + R"(,"at":"2026-11-23T13:27:01.123Z"})");
    CHECK(f.w.trial_actions().find(1)->version == 2);

    // Whatever else changes the trial action, the log is not sent again.
    auto owner = f.as(f.go(f.staff, add_owner{1, f.staff.id}), others);
    CHECK(owner["type"] == "trial_action.saved");
    CHECK(owner["trial_action"]["version"] == 3);
    CHECK(owner["trial_action"]["owners"].size() == 2);
    CHECK_FALSE(owner["trial_action"].contains("learnings"));
    auto decided = f.as(f.go(f.manager, record_decision{target_kind::trial_action, 1, decision_kind::approve, ""}), others);
    CHECK(decided["trial_action"]["status"] == "approved");
    CHECK_FALSE(decided["trial_action"].contains("learnings"));
    auto edited = f.go(f.fac, update_trial{1, 4, std::string("T2"), {}, {}, {}, {}, {}});
    CHECK(encode_event(edited, f.w, others).find("De unge kom") == std::string::npos);

    // A check-in is an entry of the log with its report; a review date move is kept in
    // the trial action, which every event about it carries.
    auto checked = f.as(f.go(f.citizen, check_in_trial{1, check_in{"Fire turneringer", evidence{evidence::kind::measure, 8.5, "faste deltagere", ""}, proposal::adapt}, ""}),
                        others);
    CHECK(checked["type"] == "trial_action.learning_added");
    const json report{{"what_happened", "Fire turneringer"},
                      {"evidence", json{{"value", 8.5}, {"unit", "faste deltagere"}}},
                      {"proposal", "adapt"}};
    CHECK(checked["learning"]["check_in"] == report);
    CHECK(checked["learning"]["text"] == "");
    auto moved = f.as(f.go(f.citizen, move_review_date{1, "2027-03-01", "Juleferien"}), others);
    CHECK(moved["type"] == "trial_action.saved");
    CHECK(moved["trial_action"]["review_date"] == "2027-03-01");
    CHECK(moved["trial_action"]["review_moves"] ==
          json::array({json{{"from", ""},
                            {"to", "2027-03-01"},
                            {"reason", "Juleferien"},
                            {"by", json{{"id", f.citizen.id}, {"name", "Anna"}}},
                            {"at", "2026-11-23T13:27:01.123Z"}}}));
    CHECK_FALSE(moved["trial_action"].contains("learnings"));

    // The snapshot has them all.
    auto snap = json::parse(encode_snapshot(f.w, others));
    REQUIRE(snap["trial_actions"].size() == 1);
    REQUIRE(snap["trial_actions"][0]["learnings"].size() == 2);
    CHECK(snap["trial_actions"][0]["learnings"][0] == learning);
    CHECK(snap["trial_actions"][0]["learnings"][1]["check_in"] == report);
    CHECK(snap["trial_actions"][0]["review_moves"].size() == 1);
    CHECK(snap["trial_actions"][0]["version"] == 7);
}

namespace {

// Every idea id a message names in a `reranked` list or in `results`.
std::vector<std::int64_t> listed_ids(const json& j) {
    std::vector<std::int64_t> out;
    if (j.contains("reranked"))
        for (const auto& pair : j["reranked"]) out.push_back(pair[0].get<std::int64_t>());
    if (j.contains("results") && j["results"].is_object())
        for (const auto& r : j["results"]["ideas"]) out.push_back(r["id"].get<std::int64_t>());
    return out;
}

}  // namespace

TEST_CASE("a reranked list names only ideas the recipient may see", "[protocol]") {
    // Inserting again and again at one spot runs out of room between two ranks: the
    // column is given fresh ranks, and the event carries them.
    settings s;
    s.private_writing = true;
    s.idea_quota = 1000;  // far more inserts than a person makes
    encoding f(s);
    f.add(f.fac, "anchor");  // public: written before the ideas phase
    f.phase(phase::ideas);
    std::vector<idea_id> private_ideas;
    idea_id next = f.add(f.citizen, "Anna's first");
    private_ideas.push_back(next);
    bool reranked = false;
    std::vector<change> changes;
    for (int k = 0; k < 70; ++k) {
        // Anna's private ideas, each before the last (so between it and the anchor):
        // only she may see them.
        auto c = f.go(f.citizen, add_idea{1, next, "p" + std::to_string(k)});
        next = std::get<idea_added>(c.what).item.id;
        private_ideas.push_back(next);
        reranked = reranked || !std::get<idea_added>(c.what).reranked.empty();
        changes.push_back(c);
    }
    CHECK(reranked);
    // And the facilitator's in the same column, after the ideas phase: public, each
    // before the last (so between it and Anna's first, at the end of the column).
    f.phase(phase::cluster);
    idea_id top = f.add(f.fac, "last");
    for (int k = 0; k < 70; ++k) {
        auto c = f.go(f.fac, add_idea{1, top, "f" + std::to_string(k)});
        top = std::get<idea_added>(c.what).item.id;
        changes.push_back(c);
    }
    bool some_seen = false;
    for (const auto& c : changes)
        for (const viewer& v : {others, facilitators, viewer_of(f.citizen2), viewer_of(f.fac)}) {
            const auto j = f.as(c, v);
            for (std::int64_t id : listed_ids(j)) {
                INFO(j.dump());
                CHECK(std::find(private_ideas.begin(), private_ideas.end(), id) == private_ideas.end());
                some_seen = true;
            }
        }
    CHECK(some_seen);
    // Anna herself is told the ranks of her own ideas.
    bool own = false;
    for (const auto& c : changes)
        for (std::int64_t id : listed_ids(f.as(c, f.citizen)))
            own = own || std::find(private_ideas.begin(), private_ideas.end(), id) != private_ideas.end();
    CHECK(own);
}

TEST_CASE("the results name only ideas the recipient may see", "[protocol]") {
    // Private writing goes on into the vote: Anna votes for her own private idea.
    settings s;
    s.private_writing = true;
    s.late_ideas = true;
    encoding f(s);
    f.phase(phase::welcome);
    const idea_id pub = f.add(f.fac, "public");
    f.phase(phase::ideas);
    const idea_id priv = f.add(f.citizen, "Anna's private idea");
    f.phase(phase::vote);
    f.go(f.citizen, set_vote{priv, 2});
    f.go(f.citizen2, set_vote{pub, 1});
    auto revealed = f.go(f.fac, reveal_votes{});
    for (const viewer& v : {others, facilitators, viewer_of(f.citizen2)}) {
        const auto ids = listed_ids(f.as(revealed, v));
        CHECK(ids == std::vector<std::int64_t>{pub});
        const auto snap = json::parse(encode_snapshot(f.w, v));
        CHECK(listed_ids(snap["votes"]) == std::vector<std::int64_t>{pub});
    }
    CHECK(listed_ids(f.as(revealed, f.citizen)) == std::vector<std::int64_t>{priv, pub});
}

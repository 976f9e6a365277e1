// Integration tests of the workshop method over real sockets, reading the raw messages
// each client receives: before the reveal nobody receives another participant's
// private idea or any tally; no message ever says who voted for what, nor names an
// author the recipient may not know; invitations give roles; managers decide; a closed
// session stays closed.
#include "recorder.hpp"

#include <functional>

using namespace samskab::testing;
using nlohmann::json;

TEST_CASE("a whole session over real sockets: nobody receives what they may not see", "[integration]") {
    live_server s;
    auto sess = make_session(s.port(), {"Idéer", "Temaer"},
                             {{"private_writing", true}, {"anonymity", "hidden_from_participants"}, {"fold_threshold", 2}});

    recorder fac(s.port());
    fac.client.join_token(sess.code, sess.facilitator_token);
    REQUIRE(fac.answer(cmd("invite.renew", "f1", {{"role", "manager"}}))["type"] == "ack");
    const std::string manager_link = link_of(fac.next(), "manager");  // the `invites` message after the ack
    REQUIRE(fac.answer(cmd("invite.renew", "f2", {{"role", "staff"}}))["type"] == "ack");
    const std::string staff_link = link_of(fac.next(), "staff");
    REQUIRE_FALSE(manager_link.empty());
    REQUIRE_FALSE(staff_link.empty());
    REQUIRE(fac.answer(cmd("phase.set", "f3", {{"phase", "ideas"}}))["type"] == "ack");

    recorder anna(s.port()), sam(s.port()), mona(s.port());
    auto wa = anna.client.join_name(sess.code, "Anna");
    anna.raw.push_back(wa.dump());
    CHECK(wa["you"]["role"] == "citizen");
    sam.client.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Sam"}, {"invite", staff_link}});
    const json ws = sam.next();
    CHECK(ws["you"]["role"] == "staff");
    const std::int64_t sam_id = ws["you"]["id"];
    mona.client.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Mona"}, {"invite", manager_link}});
    CHECK(mona.next()["you"]["role"] == "manager");
    const std::int64_t anna_id = wa["you"]["id"];

    // Private writing.
    const auto a1 = anna.answer(idea_add("a1", 1, "ANNA-SECRET-IDEA"));
    CHECK(a1["event"]["idea"]["private"] == true);
    sam.answer(idea_add("s1", 1, "SAM-SECRET-IDEA"));
    const auto m1 = mona.answer(idea_add("m1", 2, "MONA-SECRET-IDEA"));
    const std::int64_t before_reveal = m1["seq"];
    anna.until_seq(before_reveal);
    fac.until_seq(before_reveal);
    CHECK_FALSE(anna.received("SAM-SECRET-IDEA"));
    CHECK_FALSE(anna.received("MONA-SECRET-IDEA"));
    CHECK_FALSE(fac.received("SAM-SECRET-IDEA"));  // not even the facilitator
    CHECK_FALSE(fac.received("ANNA-SECRET-IDEA"));
    CHECK(fac.received("\"private_count\":3"));

    // The reveal: texts for all, authors for the facilitators only.
    const std::int64_t reveal = fac.answer(cmd("ideas.reveal", "f4"))["seq"];
    anna.until_seq(reveal);
    CHECK(anna.received("SAM-SECRET-IDEA"));
    CHECK(fac.received("\"name\":\"Sam\""));

    // Voting: each voter is told their own dots, the rest only the totals cast.
    fac.answer(cmd("phase.set", "f5", {{"phase", "vote"}}));
    const std::int64_t anna_idea = a1["event"]["idea"]["id"];
    const std::int64_t sam_idea = anna_idea + 1;
    CHECK(sam.answer(cmd("vote.set", "s2", {{"idea", anna_idea}, {"dots", 2}}))["event"]["type"] == "vote.updated");
    mona.answer(cmd("vote.set", "m2", {{"idea", anna_idea}, {"dots", 1}}));
    const auto last_vote = anna.answer(cmd("vote.set", "a2", {{"idea", sam_idea}, {"dots", 1}}));
    CHECK(last_vote["event"]["mine"] == json{{std::to_string(sam_idea), 1}});
    fac.until_seq(last_vote["seq"]);
    CHECK(fac.answer(cmd("vote.set", "f6", {{"idea", anna_idea}, {"dots", 1}}))["code"] == "forbidden");
    const std::int64_t revealed = fac.answer(cmd("votes.reveal", "f7"))["seq"];
    anna.until_seq(revealed);
    json results;
    anna.each_object([&](const json& o) {
        if (o.value("type", "") == "votes.revealed") results = o["results"];
    });
    REQUIRE(results.is_object());
    // One voter of each role: no role can be shown on its own, only the three together.
    CHECK(results["groups"] == json::array({"others"}));
    CHECK(results["ideas"][0] == json{{"id", anna_idea}, {"total", 3}, {"by_group", {{"others", 3}}}});

    // Trial action and the manager's decision, seen by all at once.
    fac.answer(cmd("phase.set", "f8", {{"phase", "trial_actions"}}));
    const auto created =
        fac.answer(cmd("trial.create", "f9", {{"title", "Bordtennis"}, {"ideas", {anna_idea}}, {"owners", {sam_id}}}));
    REQUIRE(created["type"] == "ack");
    CHECK(created["event"]["trial_action"]["owners"][0]["name"] == "Sam");  // owners are named
    const std::int64_t trial = created["event"]["trial_action"]["id"];
    CHECK(sam.answer(cmd("decision.record", "s3", {{"target_kind", "trial_action"}, {"target_id", trial}, {"kind", "approve"}}))["code"] == "forbidden");
    const auto decided = mona.answer(cmd("decision.record", "m3", {{"target_kind", "trial_action"}, {"target_id", trial}, {"kind", "approve"}, {"note", "Ja"}}));
    CHECK(decided["event"]["trial_action"]["status"] == "approved");
    anna.until_seq(decided["seq"]);
    CHECK(anna.received("\"kind\":\"approve\""));

    // Closing: read-only from then on.
    const auto closed = fac.answer(cmd("session.close", "f10"));
    anna.until_seq(closed["seq"]);
    CHECK(anna.answer(idea_add("a3", 1, "too late"))["code"] == "session_closed");

    // Over the whole session: no message to Anna or the facilitator said who gave dots
    // to what, and Anna was never told who wrote anything but her own.
    for (const recorder* r : {&anna, &fac})
        r->each_object([&](const json& o) {
            const std::string type = o.value("type", "");
            if (type == "votes.progress") CHECK(o.size() == 5);  // type, dots_cast, voters, seq, at
            CHECK_FALSE(o.contains("voter"));
            CHECK_FALSE(o.contains("votes_by"));
        });
    anna.each_object([&](const json& o) {
        if (o.contains("author") && !o["author"].is_null()) CHECK(o["author"]["id"] == anna_id);
        // vote.updated only ever reaches the voter: Anna's are her own dots.
        if (o.value("type", "") == "vote.updated") CHECK(o["mine"] == json{{std::to_string(sam_idea), 1}});
    });
    // Sam's name reached Anna only where names are always given: as an owner of a trial
    // action (taking one on is done openly).
    for (const auto& m : anna.raw)
        if (m.find("\"name\":\"Sam\"") != std::string::npos) {
            INFO(m);
            CHECK(m.find("\"owners\":[{\"id\":" + std::to_string(sam_id) + ",\"name\":\"Sam\"}]") != std::string::npos);
            json stripped = json::parse(m);
            std::function<void(json&)> drop_owners = [&](json& j) {
                if (j.is_object()) j.erase("owners");
                if (j.is_structured())
                    for (auto& child : j) drop_owners(child);
            };
            drop_owners(stripped);
            CHECK(stripped.dump().find("\"Sam\"") == std::string::npos);
        }
}

TEST_CASE("in an anonymous session nobody, the facilitator included, is told an author", "[integration]") {
    live_server s;
    auto sess = make_session(s.port(), {"Idéer"}, {{"anonymity", "anonymous"}});
    recorder fac(s.port());
    fac.client.join_token(sess.code, sess.facilitator_token);
    fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}));
    recorder anna(s.port());
    anna.client.join_name(sess.code, "Anna-Unique-Name");
    const auto added = anna.answer(idea_add("a1", 1, "anonymous idea"));
    anna.answer(cmd("comment.add", "a2", {{"target_kind", "idea"}, {"target_id", added["event"]["idea"]["id"]}, {"text", "and a comment"}}));
    fac.until_seq(added["seq"].get<std::int64_t>() + 1);
    CHECK(fac.received("anonymous idea"));
    CHECK(fac.received("and a comment"));
    fac.each_object([&](const json& o) {
        if (o.contains("author")) CHECK(o["author"].is_null());
    });
    // A later snapshot is no different.
    ws_client late(s.port());
    late.join_token(sess.code, sess.facilitator_token);
    auto snap = late.next_of_type("snapshot");
    CHECK(snap["ideas"][0]["author"].is_null());
    CHECK(snap["comments"][0]["author"].is_null());
}

namespace {

// Creates a review session that follows up the session with this code; returns it.
test_session follow_up(std::uint16_t port, const test_session& earlier) {
    auto r = create_session(port, json{{"title", "Opfølgning"},
                                       {"question", "Hvad har vi lært?"},
                                       {"facilitator_name", "Mette"},
                                       {"template", "review"},
                                       {"follow_up", {{"code", earlier.code}, {"facilitator_token", earlier.facilitator_token}}}}
                                      .dump());
    REQUIRE(r.status == 201);
    auto j = json::parse(r.body);
    return {j["code"], j["facilitator_token"], j};
}

// The titles and statuses of the trial actions in a session's snapshot, as its facilitator gets it.
std::map<std::string, std::string> trials_of(std::uint16_t port, const test_session& s) {
    ws_client c(port);
    c.join_token(s.code, s.facilitator_token);
    std::map<std::string, std::string> out;
    const json snapshot = c.next_of_type("snapshot");
    for (const auto& t : snapshot["trial_actions"]) out[t["title"]] = t["status"];
    return out;
}

}  // namespace

TEST_CASE("a parked trial action is not carried into a review session until a manager approves it again", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess, "trial_actions");
    const std::string manager_link = renew_invite(*fac, "manager", "f:invite");
    ws_client mona(s.port());
    mona.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Mona"}, {"invite", manager_link}});
    REQUIRE(mona.next_of_type("welcome")["you"]["role"] == "manager");

    std::map<std::string, std::int64_t> id;
    for (const std::string title : {"Proposed", "Approved", "Parked", "Stopped"}) {
        const auto a = command(*fac, cmd("trial.create", "f:" + title, {{"title", title}}));
        REQUIRE(a["type"] == "ack");
        id[title] = a["event"]["trial_action"]["id"];
    }
    auto decide = [&](const std::string& title, const std::string& kind, const std::string& note, const std::string& ref) {
        return command(mona, cmd("decision.record", ref,
                                 {{"target_kind", "trial_action"}, {"target_id", id[title]}, {"kind", kind}, {"note", note}}));
    };
    REQUIRE(decide("Approved", "approve", "", "m1")["type"] == "ack");
    const auto parked = decide("Parked", "park", "Vi venter på budgettet", "m2");
    REQUIRE(parked["type"] == "ack");
    CHECK(parked["event"]["trial_action"]["status"] == "parked");
    CHECK(parked["event"]["decision"]["note"] == "Vi venter på budgettet");
    // Parked already; nor may a status change run it before a manager approves it again.
    CHECK(decide("Parked", "park", "igen", "m3")["code"] == "invalid_state");
    CHECK(command(*fac, cmd("trial.status", "f:run", {{"id", id["Parked"]}, {"status", "running"}}))["code"] == "invalid_state");
    REQUIRE(command(*fac, cmd("trial.status", "f:stop", {{"id", id["Stopped"]}, {"status", "stopped"}}))["type"] == "ack");

    // The review takes over what is under way, not what is parked or ended.
    CHECK(trials_of(s.port(), follow_up(s.port(), sess)) ==
          std::map<std::string, std::string>{{"Approved", "approved"}, {"Proposed", "proposed"}});
    // The earlier session keeps the parked one, as parked.
    CHECK(trials_of(s.port(), sess).at("Parked") == "parked");

    // A manager's approval takes it up again, and the next review has it.
    const auto approved = decide("Parked", "approve", "Budgettet er der", "m4");
    REQUIRE(approved["type"] == "ack");
    CHECK(approved["event"]["trial_action"]["status"] == "approved");
    CHECK(trials_of(s.port(), follow_up(s.port(), sess)) ==
          std::map<std::string, std::string>{{"Approved", "approved"}, {"Parked", "approved"}, {"Proposed", "proposed"}});
}

TEST_CASE("an earlier owner who volunteers again in a review session is listed once, and acts as an owner", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess, "trial_actions");
    const std::string staff_link = renew_invite(*fac, "staff", "f:invite");
    ws_client sam(s.port());
    sam.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Sam"}, {"invite", staff_link}});
    const std::int64_t sam_id = sam.next_of_type("welcome")["you"]["id"];
    ws_client anna(s.port());
    const std::int64_t anna_id = anna.join_name(sess.code, "Anna")["you"]["id"];
    const auto created = command(*fac, cmd("trial.create", "f:t", {{"title", "Bordtennis"}, {"owners", {sam_id}}}));
    REQUIRE(created["type"] == "ack");
    const std::int64_t trial = created["event"]["trial_action"]["id"];
    REQUIRE(command(anna, cmd("trial.owner_add", "a1", {{"id", trial}, {"participant", anna_id}}))["type"] == "ack");

    const test_session review = follow_up(s.port(), sess);
    ws_client sam_again(s.port());
    const std::int64_t sam_now = sam_again.join_name(review.code, "sam")["you"]["id"];
    const json snapshot = sam_again.next_of_type("snapshot");
    REQUIRE(snapshot["trial_actions"].size() == 1);
    const json& taken = snapshot["trial_actions"][0];
    CHECK(taken["owners"] == json::array({json{{"id", 0}, {"name", "Sam"}}, json{{"id", 0}, {"name", "Anna"}}}));
    const std::int64_t copy = taken["id"];
    // Not an owner here yet: a citizen who owns nothing may not write learnings.
    CHECK(command(sam_again, cmd("trial.learning", "s1", {{"id", copy}, {"text", "x"}}))["code"] == "forbidden");
    const auto volunteered = command(sam_again, cmd("trial.owner_add", "s2", {{"id", copy}, {"participant", sam_now}}));
    REQUIRE(volunteered["type"] == "ack");
    CHECK(volunteered["event"]["trial_action"]["owners"] ==
          json::array({json{{"id", sam_now}, {"name", "sam"}}, json{{"id", 0}, {"name", "Anna"}}}));
    CHECK(command(sam_again, cmd("trial.learning", "s3", {{"id", copy}, {"text", "Flere ældre kommer nu"}}))["type"] == "ack");
    CHECK(command(sam_again, cmd("trial.owner_add", "s4", {{"id", copy}, {"participant", sam_now}}))["code"] == "invalid_state");
}

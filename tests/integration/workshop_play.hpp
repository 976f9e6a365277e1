// A whole workshop played through the real server, for the tests that then look for
// what it left behind (deletion_test.cpp in the database file, logging_test.cpp in the
// log).
#pragma once

#include "live_server.hpp"
#include "recorder.hpp"
#include "workspace_helpers.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace samskab::testing {

// The texts a played session is given: each one nothing else in the file has.
struct play_texts {
    std::string question, citizen, manager, idea, edited_idea, comment, trial, decision, learning;
};

// A session played to its trial actions: the facilitator sets the question; a citizen
// and a manager (by invitation) join; the citizen writes an idea, edits it and comments
// on it; the facilitator makes a trial action of it owned by the citizen; the manager
// approves it with a note; the citizen adds a learning.
struct played {
    std::unique_ptr<recorder> fac, citizen, manager;
    std::int64_t idea = 0, trial = 0;
    std::string manager_invite{};  // the invitation the manager joined with
};

inline played play(live_server& s, const test_session& sess, const play_texts& t) {
    played p{std::make_unique<recorder>(s.port()), std::make_unique<recorder>(s.port()),
             std::make_unique<recorder>(s.port())};
    recorder &fac = *p.fac, &citizen = *p.citizen, &manager = *p.manager;
    fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("session.update", "f0", {{"question", t.question}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f1", {{"phase", "ideas"}}))["type"] == "ack");
    const std::string manager_invite = [&] {
        REQUIRE(fac.answer(cmd("invite.renew", "f2", {{"role", "manager"}}))["type"] == "ack");
        return link_of(fac.next_of_type("invites"), "manager");
    }();
    citizen.join({{"code", sess.code}, {"name", t.citizen}});
    manager.join({{"code", sess.code}, {"name", t.manager}, {"invite", manager_invite}});
    p.manager_invite = manager_invite;
    p.idea = added_idea(citizen, "c1", t.idea);
    REQUIRE(citizen.answer(cmd("idea.edit", "c2", {{"id", p.idea}, {"base_version", 1}, {"text", t.edited_idea}}))["type"] ==
            "ack");
    REQUIRE(citizen.answer(cmd("comment.add", "c3", {{"target_kind", "idea"}, {"target_id", p.idea},
                                                     {"text", t.comment}}))["type"] == "ack");
    REQUIRE(fac.answer(cmd("phase.set", "f3", {{"phase", "trial_actions"}}))["type"] == "ack");
    const std::int64_t citizen_id = citizen.of_type("welcome").front()["you"]["id"];
    const auto trial = fac.answer(cmd("trial.create", "f4", {{"title", t.trial},
                                                             {"ideas", {p.idea}},
                                                             {"owners", {citizen_id}}}));
    REQUIRE(trial["type"] == "ack");
    p.trial = trial["event"]["trial_action"]["id"];
    REQUIRE(manager.answer(cmd("decision.record", "m1", {{"target_kind", "trial_action"}, {"target_id", p.trial},
                                                         {"kind", "approve"}, {"note", t.decision}}))["type"] == "ack");
    REQUIRE(citizen.answer(cmd("trial.learning", "c4", {{"id", p.trial}, {"text", t.learning}}))["type"] == "ack");
    return p;
}

}  // namespace samskab::testing

// Tests of the session as a whole: phases and templates, the timer, settings,
// invitations, removing participants, closing, comments and reactions, and that the
// state survives a restore and replays deterministically.
#include "domain/workshop.hpp"

#include "domain/test_fixture.hpp"
#include "domain/visibility.hpp"

#include <catch2/catch.hpp>

using namespace samskab::domain;
using namespace samskab::domain::testing;

TEST_CASE("phases follow the template, forward and back", "[domain]") {
    session_fixture f;
    CHECK(f.w.controls().current == phase::welcome);
    f.run(f.co, set_phase{phase::vote});
    f.run(f.fac, set_phase{phase::ideas});
    CHECK(f.refuse(f.fac, set_phase{phase::ideas}) == errc::invalid_state);
    CHECK(f.refuse(f.fac, set_phase{phase::review}) == errc::invalid_field);  // not in an idea workshop
    CHECK(f.refuse(f.manager, set_phase{phase::vote}) == errc::forbidden);

    session_fixture review({}, session_template::review);
    CHECK(phases_of(session_template::review) == std::vector<phase>{phase::welcome, phase::review, phase::wrap_up});
    review.run(review.fac, set_phase{phase::review});
    CHECK(review.refuse(review.fac, set_phase{phase::vote}) == errc::invalid_field);
}

TEST_CASE("the server keeps the timer: start, pause, resume, extend, stop", "[domain]") {
    using status = timer_state::status;
    session_fixture f;
    CHECK(f.refuse(f.fac, pause_timer{}) == errc::invalid_state);
    CHECK(f.refuse(f.fac, start_timer{0}) == errc::invalid_field);
    CHECK(f.refuse(f.citizen, start_timer{60}) == errc::forbidden);
    f.run(f.fac, start_timer{300});
    CHECK(f.w.controls().timer.state == status::running);
    CHECK(f.w.controls().timer.ends_at == t0 + std::chrono::seconds(300));
    f.now = t0 + std::chrono::seconds(100);
    f.run(f.co, pause_timer{});
    CHECK(f.w.controls().timer.remaining_ms == 200'000);
    f.now = t0 + std::chrono::seconds(1000);  // time passes while paused
    f.run(f.fac, extend_timer{60});
    CHECK(f.w.controls().timer.remaining_ms == 260'000);
    f.run(f.fac, resume_timer{});
    CHECK(f.w.controls().timer.ends_at == f.now + std::chrono::seconds(260));
    f.run(f.fac, extend_timer{-300});  // shorten below zero: it simply ends now
    CHECK(f.w.controls().timer.ends_at == f.now);
    CHECK(f.w.controls().timer.duration_ms == 60'000);
    f.run(f.fac, stop_timer{});
    CHECK(f.w.controls().timer == timer_state{});
}

TEST_CASE("anonymity is fixed once something is written, and only the facilitator sets it", "[domain]") {
    session_fixture f;
    update_settings anon{};
    anon.anonymity_ = anonymity::anonymous;
    CHECK(f.refuse(f.co, anon) == errc::forbidden);
    f.run(f.fac, anon);
    CHECK(f.w.controls().options.anonymity_ == anonymity::anonymous);
    f.add(f.fac, "something written");
    anon.anonymity_ = anonymity::named;
    CHECK(f.refuse(f.fac, anon) == errc::setting_locked);
    CHECK(f.refuse(f.fac, update_settings{}) == errc::invalid_state);  // nothing to change
}

TEST_CASE("who sees an author depends on the anonymity and the viewer", "[domain]") {
    struct row { anonymity a; role viewer_role; bool is_author; bool shown; };
    const row rows[] = {
        {anonymity::named, role::citizen, false, true},
        {anonymity::named, role::observer, false, true},
        {anonymity::hidden_from_participants, role::citizen, false, false},
        {anonymity::hidden_from_participants, role::manager, false, false},
        {anonymity::hidden_from_participants, role::co_facilitator, false, true},
        {anonymity::hidden_from_participants, role::facilitator, false, true},
        {anonymity::anonymous, role::facilitator, false, false},
        {anonymity::anonymous, role::citizen, true, true},
    };
    for (const auto& r : rows) {
        const viewer v{r.is_author ? 7 : 8, r.viewer_role};
        CHECK(shows_author(r.a, v, 7) == r.shown);
    }
    CHECK(shows_names(anonymity::named, viewer{1, role::citizen}));
    CHECK_FALSE(shows_names(anonymity::anonymous, viewer{1, role::citizen}));
    CHECK(shows_names(anonymity::anonymous, viewer{1, role::facilitator}));
}

TEST_CASE("invitations are renewed and revoked by the facilitator alone", "[domain]") {
    session_fixture f;
    auto first = std::get<invite_set>(f.run(f.fac, renew_invite{role::manager})).item;
    CHECK(first.active);
    // The workshop keeps the nonce and the token's hash that the context drew; never a token.
    CHECK(first.nonce == "nonce-1");
    CHECK(first.token_hash == "hash-1");
    CHECK(f.w.people().find_invite("hash-1")->active);
    auto second = std::get<invite_set>(f.run(f.fac, renew_invite{role::manager})).item;
    CHECK(second.nonce == "nonce-2");
    // The first link is now revoked, and known as such; its nonce is forgotten.
    CHECK_FALSE(f.w.people().find_invite("hash-1")->active);
    CHECK(f.w.people().find_invite("hash-1")->nonce.empty());
    f.run(f.fac, revoke_invite{role::manager});
    CHECK_FALSE(f.w.people().invite_for(role::manager)->active);
    CHECK(f.w.people().invite_for(role::manager)->nonce.empty());
    CHECK(f.refuse(f.fac, revoke_invite{role::manager}) == errc::invalid_state);
    CHECK(f.refuse(f.fac, renew_invite{role::citizen}) == errc::invalid_field);
    CHECK(f.refuse(f.fac, renew_invite{role::facilitator}) == errc::invalid_field);
    CHECK(f.refuse(f.co, renew_invite{role::staff}) == errc::forbidden);
}

TEST_CASE("a session's counts: who is here by role, the ideas on the board, the trial actions", "[domain]") {
    session_fixture f;
    f.phase(phase::ideas);
    const std::map<role, std::size_t> everyone{{role::facilitator, 1}, {role::co_facilitator, 1}, {role::manager, 1},
                                               {role::staff, 1},       {role::citizen, 2},        {role::observer, 1}};
    CHECK(f.w.counts() == session_counts{everyone, 0, 0});
    const idea_id a = f.add(f.citizen, "one");
    const idea_id b = f.add(f.citizen2, "two");
    f.run(f.fac, merge_ideas{a, {b}});  // b is no longer on the board
    create_trial trial;
    trial.title = "Try it";
    f.run(f.fac, trial);
    f.run(f.fac, remove_participant{f.citizen.id});
    f.run(f.fac, remove_participant{f.observer.id});
    auto left = everyone;
    left[role::citizen] = 1;
    left.erase(role::observer);
    CHECK(f.w.counts() == session_counts{left, 1, 1});
    // Restored from storage, the same counts.
    auto again = workshop::restore(f.w.state());
    REQUIRE(again.ok());
    CHECK(again->counts() == f.w.counts());
}

TEST_CASE("removed participants can do nothing more, co-facilitators cannot remove each other", "[domain]") {
    session_fixture f;
    f.phase(phase::ideas);
    const idea_id kept = f.add(f.citizen, "stays on the board");
    auto co2 = f.join("Co2", role::co_facilitator);
    CHECK(f.refuse(f.co, remove_participant{co2.id}) == errc::forbidden);
    CHECK(f.refuse(f.co, remove_participant{f.fac.id}) == errc::forbidden);
    CHECK(f.refuse(f.fac, remove_participant{f.fac.id}) == errc::invalid_state);
    CHECK(f.refuse(f.citizen, remove_participant{f.citizen2.id}) == errc::forbidden);
    f.run(f.co, remove_participant{f.citizen.id});
    CHECK(f.current(f.citizen).removed);
    CHECK(f.refuse(f.citizen, add_idea{1, 0, "x"}) == errc::participant_removed);
    CHECK(f.refuse(f.fac, remove_participant{f.citizen.id}) == errc::invalid_state);
    CHECK(f.w.ideas().find_idea(kept) != nullptr);
    f.run(f.fac, remove_participant{co2.id});
}

TEST_CASE("a closed session refuses every change", "[domain]") {
    session_fixture f;
    CHECK(f.refuse(f.co, close_session{}) == errc::forbidden);
    f.run(f.fac, close_session{});
    CHECK(f.w.info().status == session_status::closed);
    for (const participant* who : {&f.fac, &f.co, &f.manager, &f.citizen})
        CHECK(f.refuse(*who, add_idea{1, 0, "late"}) == errc::session_closed);
    CHECK(f.refuse(f.fac, set_phase{phase::ideas}) == errc::session_closed);
}

TEST_CASE("comments and reactions on ideas and trial actions", "[domain]") {
    session_fixture f;
    f.phase(phase::ideas);
    const idea_id id = f.add(f.citizen, "x");
    auto c = std::get<comment_added>(f.run(f.citizen2, add_comment{target_kind::idea, id, "Godt!"})).item;
    CHECK(c.author == f.citizen2.id);
    CHECK(f.refuse(f.citizen, delete_comment{c.id}) == errc::forbidden);
    CHECK(f.refuse(f.observer, add_comment{target_kind::idea, id, "?"}) == errc::forbidden);
    CHECK(f.refuse(f.citizen, add_comment{target_kind::trial_action, 5, "?"}) == errc::trial_not_found);
    f.run(f.fac, moderate_comment{c.id, true});
    CHECK_FALSE(can_see(viewer_of(f.citizen), *f.w.talk().find(c.id)));
    CHECK(can_see(viewer_of(f.citizen2), *f.w.talk().find(c.id)));
    CHECK(f.refuse(f.citizen, delete_comment{c.id}) == errc::comment_not_found);
    f.run(f.citizen2, delete_comment{c.id});

    auto on = std::get<reaction_toggled>(f.run(f.staff, toggle_reaction{target_kind::idea, id, reaction::love}));
    CHECK(on.given);
    f.run(f.manager, toggle_reaction{target_kind::idea, id, reaction::love});
    CHECK(f.w.talk().reactions_on({target_kind::idea, id})->given.at(reaction::love).size() == 2);
    auto off = std::get<reaction_toggled>(f.run(f.staff, toggle_reaction{target_kind::idea, id, reaction::love}));
    CHECK_FALSE(off.given);
    // Deleting the idea takes its comments and reactions with it.
    f.run(f.citizen, add_comment{target_kind::idea, id, "mine"});
    f.run(f.citizen, delete_idea{id, 1});
    CHECK(f.w.talk().comments().empty());
    CHECK(f.w.talk().reactions().empty());
}

TEST_CASE("a whole session survives a restore and replays to the same state", "[domain]") {
    session_fixture f;
    workshop replica = f.w;
    std::vector<change> log;
    auto record = [&](const participant& who, command cmd) {
        auto ev = f.w.decide(f.current(who), cmd, f.ctx());
        if (!ev.ok()) FAIL(command_name(cmd) << ": " << ev.err().message);
        change c{f.w.seq() + 1, who.id, f.now, "r", std::string(command_name(cmd)), ev.value()};
        f.w.apply(c);
        log.push_back(c);
        f.now += std::chrono::seconds(1);
    };
    update_settings priv{};
    priv.private_writing = true;
    record(f.fac, priv);
    record(f.fac, renew_invite{role::staff});
    record(f.fac, set_phase{phase::ideas});
    record(f.fac, start_timer{120});
    record(f.citizen, add_idea{1, 0, "a"});
    record(f.staff, add_idea{1, 0, "b"});
    record(f.manager, add_idea{2, 0, "c"});
    record(f.fac, reveal_ideas{});
    record(f.fac, set_phase{phase::cluster});
    record(f.fac, create_cluster{1, "ab", {1, 2}});
    record(f.fac, merge_ideas{1, {2}});
    record(f.citizen2, add_comment{target_kind::idea, 3, "yes"});
    record(f.staff, toggle_reaction{target_kind::idea, 3, reaction::idea});
    record(f.fac, set_phase{phase::vote});
    record(f.citizen, set_vote{1, 2});
    record(f.staff, set_vote{3, 1});
    record(f.fac, reveal_votes{});
    record(f.fac, set_phase{phase::trial_actions});
    record(f.fac, create_trial{"T", "what", "believe", "know", "2026-12-01", "", {1}, {f.staff.id}});
    record(f.manager, record_decision{target_kind::trial_action, 1, decision_kind::approve, "ok"});
    record(f.staff, set_trial_status{1, trial_status::running, outcome::none});
    record(f.staff, add_learning{1, "learned"});
    record(f.manager, record_decision{target_kind::idea, 3, decision_kind::park, "later"});
    record(f.fac, moderate_comment{1, true});
    record(f.fac, remove_participant{f.citizen2.id});
    record(f.fac, lock_board{true});
    record(f.fac, update_session{std::string("New"), std::nullopt});
    record(f.fac, close_session{});

    for (const auto& c : log) replica.apply(c);
    CHECK(replica.state() == f.w.state());
    auto restored = workshop::restore(f.w.state());
    REQUIRE(restored.ok());
    CHECK(restored.value().state() == f.w.state());
    CHECK(f.w.seq() == static_cast<seq_t>(log.size()));
}

TEST_CASE("each participant has an idea quota per phase, the facilitators none", "[domain]") {
    settings s;
    s.idea_quota = 3;
    session_fixture f(s);
    f.phase(phase::ideas);
    for (int k = 0; k < 3; ++k) f.add(f.citizen, "idea " + std::to_string(k));
    const auto refused = f.w.decide(f.citizen, add_idea{1, 0, "one too many"}, f.ctx());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.err().code == errc::limit_reached);
    CHECK(refused.err().field == "idea_quota");
    CHECK(refused.err().limit == 3);
    f.add(f.citizen2, "another person has their own quota");
    for (int k = 0; k < 5; ++k) f.add(f.co, "a facilitator copies the wall in");
    // A deleted idea gives its place back; a new phase starts a new quota.
    const idea_id first = f.w.ideas().find_column(1)->ideas.front();
    f.run(f.citizen, delete_idea{first, 1});
    f.add(f.citizen, "in the place of the deleted one");
    CHECK(f.refuse(f.citizen, add_idea{1, 0, "x"}) == errc::limit_reached);
    f.now += std::chrono::seconds(1);
    f.phase(phase::cluster);
    f.run(f.fac, update_settings{.late_ideas = true});  // late ideas
    f.add(f.citizen, "the cluster phase counts anew");
    // The facilitator sets the quota, from 1 to 1,000.
    f.run(f.fac, update_settings{.idea_quota = 500});
    CHECK(f.w.controls().options.idea_quota == 500);
    CHECK(f.refuse(f.fac, update_settings{.idea_quota = 0}) == errc::invalid_field);
    CHECK(f.refuse(f.fac, update_settings{.idea_quota = 1001}) == errc::invalid_field);
}

TEST_CASE("removing a participant can hide everything they wrote in the same step", "[domain]") {
    session_fixture f;
    f.phase(phase::ideas);
    const idea_id a = f.add(f.citizen, "flood 1");
    const idea_id b = f.add(f.citizen, "flood 2");
    const idea_id other = f.add(f.citizen2, "someone else's");
    f.run(f.citizen, add_comment{target_kind::idea, other, "flood comment"});
    f.run(f.fac, moderate_idea{b, true});  // already hidden: not hidden again
    const auto ev = f.run(f.fac, remove_participant{f.citizen.id, true});
    const auto& removed = std::get<participant_removed>(ev);
    REQUIRE(removed.hidden_ideas.size() == 1);
    CHECK(removed.hidden_ideas[0].id == a);
    CHECK_FALSE(removed.hidden_ideas[0].moderated);  // as it was before
    CHECK(removed.hidden_comments.size() == 1);
    CHECK(f.w.ideas().find_idea(a)->moderated);
    CHECK_FALSE(f.w.ideas().find_idea(other)->moderated);
    CHECK(f.w.talk().comments().begin()->second.moderated);
    // Without it, what they wrote stays.
    f.add(f.citizen2, "Bo's own");
    f.run(f.fac, remove_participant{f.citizen2.id, false});
    CHECK_FALSE(f.w.ideas().find_idea(other)->moderated);
}

TEST_CASE("in an anonymous session nothing can be hidden by its author", "[domain]") {
    settings s;
    s.anonymity_ = anonymity::anonymous;
    session_fixture f(s);
    f.phase(phase::ideas);
    f.add(f.citizen, "anonymous");
    CHECK(f.refuse(f.fac, remove_participant{f.citizen.id, true}) == errc::invalid_state);
    f.run(f.fac, remove_participant{f.citizen.id, false});
}

TEST_CASE("the facilitator opens and closes the door to newcomers by code", "[domain]") {
    session_fixture f;
    CHECK(f.w.controls().options.join_by_code);
    f.run(f.fac, update_settings{.join_by_code = false});
    CHECK_FALSE(f.w.controls().options.join_by_code);
    CHECK(f.refuse(f.citizen, update_settings{.join_by_code = true}) == errc::forbidden);
}

TEST_CASE("the big screen's focus: only what everyone sees, cleared when it leaves their view", "[domain]") {
    session_fixture f(settings{.private_writing = true});
    f.phase(phase::ideas);
    const idea_id shown = f.add(f.citizen, "Revealed");
    const idea_id other = f.add(f.fac, "Facilitator's idea");
    f.run(f.fac, reveal_ideas{});
    const idea_id unrevealed = f.add(f.citizen, "Written after the reveal");
    auto focus = [&](screen_kind k, std::int64_t id) { return focus_screen{screen_focus{k, id}}; };

    // Facilitators and co-facilitators only; nobody else.
    CHECK(f.refuse(f.manager, focus(screen_kind::idea, shown)) == errc::forbidden);
    CHECK(f.refuse(f.observer, focus(screen_kind::none, 0)) == errc::forbidden);
    f.run(f.co, focus(screen_kind::idea, shown));
    CHECK(f.w.controls().screen == screen_focus{screen_kind::idea, shown});

    // What not everyone sees is answered like what does not exist.
    CHECK(f.refuse(f.fac, focus(screen_kind::idea, unrevealed)) == errc::idea_not_found);
    CHECK(f.refuse(f.fac, focus(screen_kind::idea, 999)) == errc::idea_not_found);
    CHECK(f.refuse(f.fac, focus(screen_kind::cluster, 999)) == errc::cluster_not_found);
    CHECK(f.refuse(f.fac, focus(screen_kind::results, 0)) == errc::invalid_state);  // not revealed
    CHECK(f.refuse(f.fac, focus(screen_kind::none, 3)) == errc::invalid_field);

    // Hiding the focused idea clears the focus in the same change.
    f.run(f.fac, moderate_idea{shown, true});
    CHECK(f.w.controls().screen == screen_focus{});
    CHECK(f.refuse(f.fac, focus(screen_kind::idea, shown)) == errc::idea_not_found);  // hidden
    f.run(f.fac, moderate_idea{shown, false});

    // A merged idea: the same.
    f.run(f.fac, focus(screen_kind::idea, other));
    f.run(f.fac, merge_ideas{shown, {other}});
    CHECK(f.w.controls().screen == screen_focus{});
    CHECK(f.refuse(f.fac, focus(screen_kind::idea, other)) == errc::idea_not_found);

    // A cluster, until it is deleted.
    f.phase(phase::cluster);
    const auto made = std::get<cluster_created>(f.run(f.fac, create_cluster{1, "Together", {shown}}));
    f.run(f.fac, focus(screen_kind::cluster, made.item.id));
    CHECK(f.w.controls().screen == screen_focus{screen_kind::cluster, made.item.id});
    f.run(f.fac, delete_cluster{made.item.id});
    CHECK(f.w.controls().screen == screen_focus{});

    // The results once revealed, until the votes are reset.
    f.phase(phase::vote);
    f.run(f.citizen, set_vote{shown, 1});
    f.run(f.fac, reveal_votes{});
    f.run(f.fac, focus(screen_kind::results, 0));
    CHECK(f.w.controls().screen == screen_focus{screen_kind::results, 0});
    f.run(f.fac, reset_votes{});
    CHECK(f.w.controls().screen == screen_focus{});

    // A deleted idea, and clearing by hand.
    f.run(f.fac, focus(screen_kind::idea, shown));
    f.run(f.fac, focus(screen_kind::none, 0));
    CHECK(f.w.controls().screen == screen_focus{});
    const idea_id gone = f.add(f.fac, "To be deleted");
    f.run(f.fac, focus(screen_kind::idea, gone));
    f.run(f.fac, delete_idea{gone, f.w.ideas().find_idea(gone)->version});
    CHECK(f.w.controls().screen == screen_focus{});
    CHECK(f.refuse(f.fac, focus(screen_kind::idea, gone)) == errc::idea_not_found);
}

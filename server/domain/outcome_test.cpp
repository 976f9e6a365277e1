// Tests of the outcome report's figures: who joined and who contributed, by role, and
// the timeline of the phases.
#include "domain/outcome.hpp"

#include "domain/test_fixture.hpp"

#include <catch2/catch.hpp>

using namespace samskab::domain;
using namespace samskab::domain::testing;

namespace {

std::vector<std::size_t> active(const participation& p) {
    std::vector<std::size_t> out;
    for (const auto& [r, part] : p) out.push_back(part.active);
    return out;
}

std::vector<std::size_t> joined(const participation& p) {
    std::vector<std::size_t> out;
    for (const auto& [r, part] : p) out.push_back(part.joined);
    return out;
}

}  // namespace

TEST_CASE("participation: every role, who joined and who contributed", "[domain]") {
    settings private_writing;
    private_writing.private_writing = true;
    session_fixture f(private_writing);
    // In role order: facilitator, co_facilitator, manager, staff, citizen, observer.
    auto p = participation_of(f.w);
    REQUIRE(p.size() == 6);
    CHECK(joined(p) == std::vector<std::size_t>{1, 1, 1, 1, 2, 1});
    CHECK(active(p) == std::vector<std::size_t>{0, 0, 0, 0, 0, 0});

    f.phase(phase::ideas);
    const idea_id anna = f.add(f.citizen, "Private until revealed");  // seen by Anna alone, but counted
    const idea_id sams = f.add(f.staff, "Written, then deleted");
    f.run(f.staff, delete_idea{sams, f.w.ideas().find_idea(sams)->version});
    CHECK(active(participation_of(f.w)) == std::vector<std::size_t>{0, 0, 0, 0, 1, 0});

    f.run(f.fac, reveal_ideas{});
    f.run(f.manager, add_comment{target_kind::idea, anna, "Good"});
    f.run(f.citizen2, toggle_reaction{target_kind::idea, anna, reaction::like});
    f.run(f.co, create_cluster{1, "A cluster", {anna}});  // arranging the board is no contribution
    CHECK(active(participation_of(f.w)) == std::vector<std::size_t>{0, 0, 1, 0, 2, 0});

    f.phase(phase::vote);
    f.run(f.staff, set_vote{anna, 1});
    CHECK(active(participation_of(f.w)) == std::vector<std::size_t>{0, 0, 1, 1, 2, 0});
    f.run(f.staff, set_vote{anna, 0});  // took the dot back: nothing of theirs is left
    CHECK(active(participation_of(f.w)) == std::vector<std::size_t>{0, 0, 1, 0, 2, 0});

    f.phase(phase::trial_actions);
    f.run(f.fac, create_trial{"Try it", "what", "we believe", "we know when", "", "", {anna}, {f.staff.id}});
    // The facilitator made it; the staff member, named an owner by them, did nothing.
    CHECK(active(participation_of(f.w)) == std::vector<std::size_t>{1, 0, 1, 0, 2, 0});

    // Removed: in neither count.
    f.run(f.fac, remove_participant{f.citizen2.id, false});
    p = participation_of(f.w);
    CHECK(joined(p) == std::vector<std::size_t>{1, 1, 1, 1, 1, 1});
    CHECK(active(p) == std::vector<std::size_t>{1, 0, 1, 0, 1, 0});
}

TEST_CASE("participation: a decision and a learning are contributions", "[domain]") {
    session_fixture f;
    f.phase(phase::trial_actions);
    const auto saved = std::get<trial_saved>(f.run(f.fac, create_trial{"Try", "w", "b", "k", "", "", {}, {}}));
    f.run(f.manager, record_decision{target_kind::trial_action, saved.item.id, decision_kind::approve, ""});
    f.run(f.staff, add_owner{saved.item.id, f.staff.id});
    CHECK(active(participation_of(f.w)) == std::vector<std::size_t>{1, 0, 1, 0, 0, 0});
    f.run(f.staff, add_learning{saved.item.id, "It helped"});
    CHECK(active(participation_of(f.w)) == std::vector<std::size_t>{1, 0, 1, 1, 0, 0});
}

TEST_CASE("timeline: every phase entered, in order, with its length", "[domain]") {
    using std::chrono::seconds;
    session_info info{"s1", "K7M4QX", "T", "Q?", session_status::open, t0, session_template::idea_workshop, "", ""};
    // Given out of order: ordered by seq. A change to the phase it is in adds nothing.
    const std::vector<phase_change> changes{{4, t0 + seconds(200), phase::ideas},
                                            {1, t0 + seconds(60), phase::ideas},
                                            {2, t0 + seconds(70), phase::ideas},
                                            {3, t0 + seconds(180), phase::vote}};
    auto t = timeline_of(info, phase::ideas, changes, std::nullopt, t0 + seconds(300) + std::chrono::milliseconds(999));
    REQUIRE(t.size() == 4);
    CHECK(t[0] == phase_span{phase::welcome, t0, t0 + seconds(60), 60});
    CHECK(t[1] == phase_span{phase::ideas, t0 + seconds(60), t0 + seconds(180), 120});
    CHECK(t[2] == phase_span{phase::vote, t0 + seconds(180), t0 + seconds(200), 20});
    CHECK(t[3] == phase_span{phase::ideas, t0 + seconds(200), std::nullopt, 100});  // still going: up to now

    info.status = session_status::closed;
    t = timeline_of(info, phase::ideas, changes, t0 + seconds(250), t0 + seconds(900));
    CHECK(t.back() == phase_span{phase::ideas, t0 + seconds(200), t0 + seconds(250), 50});
    // Closed at a time not known: no end, no length.
    t = timeline_of(info, phase::ideas, changes, std::nullopt, t0 + seconds(900));
    CHECK(t.back() == phase_span{phase::ideas, t0 + seconds(200), std::nullopt, 0});

    // No change yet: the template's first phase since the creation. A clock set back
    // gives 0, not a negative length.
    info.status = session_status::open;
    info.template_ = session_template::review;
    t = timeline_of(info, phase::welcome, {}, std::nullopt, t0 - seconds(5));
    CHECK(t == std::vector<phase_span>{{phase::welcome, t0, std::nullopt, 0}});
    // A session stored before phases existed, in the ideas phase since, never moved.
    info.template_ = session_template::idea_workshop;
    t = timeline_of(info, phase::ideas, {}, std::nullopt, t0 + seconds(5));
    CHECK(t == std::vector<phase_span>{{phase::ideas, t0, std::nullopt, 5}});
}

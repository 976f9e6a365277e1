// Tests of the shell a session leaves when it is deleted with its trial actions kept.
#include "domain/deletion.hpp"

#include <catch2/catch.hpp>

using namespace samskab::domain;

namespace {

time_point ms(std::int64_t n) { return time_point{std::chrono::milliseconds{n}}; }

// A session of a workspace with a facilitator and a citizen, an idea, a trial action of
// its own made from the idea, a view of an earlier session's trial action, a decision
// on each and one on the idea.
workshop_state played() {
    session_info info{"s1", "ABC123", "Hverdagsrehabilitering", "Hvordan ...?", session_status::open, ms(1000),
                      session_template::idea_workshop, "s0", "w1", std::nullopt};
    workshop w = workshop::create(info, settings{}, {"Idéer"},
                                  participant{1, "Mette", role::facilitator, "aa", ms(1000), false});
    workshop_state st = w.state();
    st.participants.push_back(participant{2, "Ole", role::citizen, "bb", ms(2000), false});
    idea i;
    i.id = 1;
    i.column = st.board.columns.at(0).id;
    i.text = "Morgenmad sammen";
    i.author = 2;
    st.board.ideas.push_back(i);
    st.board.last_idea_id = 1;
    trial_action own;
    own.id = 2;
    own.title = "Fælles morgenmad";
    own.owners = {owner{2, "Ole"}};
    own.from_ideas = {1};
    own.created_by = 1;
    own.learnings = {learning{1, ms(3000), 2, "Ole", "Flere kom", std::nullopt}};
    own.review_moves = {review_move{"", "2027-03-01", "ferie", 1, "Mette", ms(3500)}};
    trial_action view;
    view.id = 1;
    view.title = "Fra sidst";
    view.origin_session = "s0";
    view.origin_trial = 7;
    st.trials = {view, own};
    st.last_trial_id = 3;  // trial action 3 was deleted
    st.decisions = {decision{1, target_kind::trial_action, 2, decision_kind::approve, "ja", 1, "Mette", ms(4000)},
                    decision{2, target_kind::trial_action, 1, decision_kind::approve, "", 1, "Mette", ms(4000)},
                    decision{3, target_kind::idea, 1, decision_kind::approve, "", 1, "Mette", ms(4000)}};
    st.seq = 42;
    return st;
}

}  // namespace

TEST_CASE("deletion: a session deleted with its trial actions kept leaves only them, pointing at no one of it",
          "[domain]") {
    const workshop_state st = played();
    REQUIRE(workshop::restore(st));  // the played session holds together

    const workshop_state shell = trials_kept(st, ms(9000));

    CHECK(is_deleted(shell.info));
    CHECK(!is_deleted(st.info));
    CHECK(shell.info.deleted_at == ms(9000));
    CHECK(shell.info.id == "s1");
    CHECK(shell.info.title == "Hverdagsrehabilitering");
    CHECK(shell.info.workspace_id == "w1");
    CHECK(shell.info.code.empty());
    CHECK(shell.info.question.empty());
    CHECK(shell.info.status == session_status::closed);
    CHECK(shell.seq == 0);
    CHECK(shell.participants.empty());
    CHECK(shell.invites.empty());
    CHECK(shell.board.columns == st.board.columns);
    CHECK(shell.board.ideas.empty());
    CHECK(shell.votes.empty());
    CHECK(shell.comments.empty());
    CHECK(shell.last_trial_id == 3);
    // Its own trial action, not the view of the earlier session's.
    REQUIRE(shell.trials.size() == 1);
    const trial_action& t = shell.trials[0];
    CHECK(t.id == 2);
    CHECK(t.title == "Fælles morgenmad");
    CHECK(t.from_ideas.empty());
    CHECK(t.created_by == 0);
    CHECK(t.owners == std::vector<owner>{owner{0, "Ole"}});
    CHECK(t.learnings.at(0).by == 0);
    CHECK(t.learnings.at(0).by_name == "Ole");
    CHECK(t.learnings.at(0).text == "Flere kom");
    CHECK(t.review_moves.at(0).by == 0);
    // Only the decision on it.
    REQUIRE(shell.decisions.size() == 1);
    CHECK(shell.decisions[0].id == 1);
    CHECK(shell.decisions[0].by == 0);
    CHECK(shell.decisions[0].note == "ja");
    // The shell is a session the server can load.
    auto restored = workshop::restore(shell);
    REQUIRE(restored);
    CHECK(restored->state() == shell);
}

TEST_CASE("deletion: outside a workspace a follow-up's trial actions are copies of its own, and are kept", "[domain]") {
    workshop_state st = played();
    st.info.workspace_id.clear();
    const workshop_state shell = trials_kept(st, ms(9000));
    REQUIRE(shell.trials.size() == 2);
    CHECK(shell.trials[0].origin_session == "s0");
    CHECK(shell.decisions.size() == 2);
}

// workshop: the whole state of one session and the rules for changing it: the
// session's facilitation controls (phase, timer, settings, lock), its participants,
// the idea board, the ballot, the trial actions, the discussion and the managers'
// decisions. Each of those parts keeps its own rules; the workshop checks who may do
// what in which phase (permissions.hpp) and what one part's change means for another
// (a trial action gives its ideas their fate; a decision approves).
//
// decide() checks a command against the state and returns either an event or a
// typed error; it never modifies the workshop, so a refused command leaves nothing
// half-applied. apply() applies an accepted event. The server keeps two workshops
// per session: one with every accepted change, one with the committed ones only.
//
// Threading: a plain value with no internal locking; the owner confines it to one
// thread or strand.
#pragma once

#include "domain/ballot.hpp"
#include "domain/board.hpp"
#include "domain/command.hpp"
#include "domain/discussion.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"
#include "domain/roster.hpp"
#include "domain/trials.hpp"
#include "domain/types.hpp"
#include "domain/visibility.hpp"

#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace samskab::domain {

// Everything needed to rebuild a workshop, e.g. from storage.
struct workshop_state {
    session_info info;
    seq_t seq = 0;
    facilitation controls;
    board_state board;
    ballot::votes_t votes;
    std::vector<trial_action> trials;
    trial_id last_trial_id = 0;
    std::vector<comment> comments;
    comment_id last_comment_id = 0;
    std::map<target_key, reaction_set> reactions;
    std::vector<decision> decisions;
    std::vector<participant> participants;
    std::vector<invite> invites;
    bool operator==(const workshop_state&) const = default;
};

// The settings s with the given fields changed, if each is in range. Fails with
// invalid_field naming the first that is not. (Whether a setting may still change is
// the workshop's to decide.)
result<settings> settings_with(settings s, const update_settings& c);

// A new invitation's secret as the workshop keeps it: the token itself stays outside.
struct invite_secret {
    std::string nonce;       // random; with the server's key it gives the token again
    std::string token_hash;  // hex SHA-256 of the token, to admit whoever presents it
};

// What decide() needs from outside: the time, and fresh secrets for invitations.
struct decide_context {
    time_point now{};
    // Draws a new invitation's nonce and returns it with the hash of its token.
    std::function<invite_secret()> new_invite;
};

// A change to a trial action asked by a follow-up session of the same workspace that
// shows it live (workshop::shows_live), to be made in the session it belongs to. That
// session's rules for the person were checked there; here, those of the trial action.
struct remote_trial_change {
    trial_id id = 0;      // the trial action, in the session it belongs to
    std::string by_name;  // who asked, as the follow-up names them
    // A decision_kind is the effect of a manager's decision recorded in the follow-up;
    // add_owner's `who` is not used: the person is a new owner by name.
    using kind = std::variant<update_trial, set_trial_status, add_learning, check_in_trial, move_review_date, add_owner,
                              decision_kind>;
    kind what;
};

class workshop {
public:
    // A new session: columns 1..n from titles (already cleaned), the facilitator as
    // participant 1, and the first phase of the template.
    static workshop create(session_info info, settings options, const std::vector<std::string>& column_titles,
                           participant facilitator);
    // Rebuilds a workshop. Fails with internal_error if the state is inconsistent.
    static result<workshop> restore(workshop_state st);
    workshop_state state() const;

    const session_info& info() const noexcept { return info_; }
    seq_t seq() const noexcept { return seq_; }
    const facilitation& controls() const noexcept { return controls_; }
    const board& ideas() const noexcept { return board_; }
    const ballot& votes() const noexcept { return ballot_; }
    const trials& trial_actions() const noexcept { return trials_; }
    const discussion& talk() const noexcept { return discussion_; }
    const std::vector<decision>& decisions() const noexcept { return decisions_; }
    const roster& people() const noexcept { return roster_; }
    session_counts counts() const;
    vote_results results() const { return ballot_.results(roster_, board_, controls_.options.fold_threshold); }

    // ---- lookups for a viewer (see visibility.hpp): what v may not see is not there ----
    // The idea, or idea_not_found whether it does not exist or v may not see it.
    result<const idea*> idea_for(const viewer& v, idea_id id) const { return board_.idea_for(v, id); }
    // The comment, or comment_not_found whether it does not exist or v may not see it
    // or what it is on.
    result<const comment*> comment_for(const viewer& v, comment_id id) const;
    // Whether v may see what a comment, reaction or decision is on.
    bool can_see_target(const viewer& v, target_kind on, std::int64_t id) const;
    // Whether v may see a comment: the comment itself and what it is on.
    bool can_see_comment(const viewer& v, const comment& c) const;

    // Precondition: p.id == people().next_id() and its token hash is unused.
    void add_participant(participant p) { roster_.add(std::move(p)); }

    result<event> decide(const participant& actor, const command& c, const decide_context& ctx) const;
    // Decides a change asked by a follow-up that shows the trial action live: its rules
    // (versions, statuses, texts), not who may ask (the follow-up checked that). The
    // event is the one the command would give here (trial_saved or learning_added);
    // invalid_state for a decision that changes nothing.
    result<event> decide_remote(const remote_trial_change& r, time_point now) const;
    // Whether this session shows t live from the session it came from: a follow-up in a
    // workspace. Its changes are made there and come back as events here (trials::mirrored).
    bool shows_live(const trial_action& t) const { return !info_.workspace_id.empty() && !t.origin_session.empty(); }
    // Preconditions: c.seq == seq() + 1, and c.what was returned by decide() on a
    // workshop equal to this one.
    void apply(const change& c);
    // Whether everyone sees what a big-screen focus names (none: always).
    bool shown_to_all(const screen_focus& s) const;

    // Whose idea or comment an applied event concerns (0 if nobody's in particular):
    // that person may receive a fuller version of the event than others.
    participant_id subject_of(const event& e) const;

private:
    // decide(), once the session is open and the actor may ever do the command: hands
    // it to its handler, one per command, in the part that owns it.
    result<event> decide_open(const participant& actor, const command& c, const decide_context& ctx) const;
    // The handlers (workshop_decide.hpp): what they all need, and one visitor per part.
    struct deciding;
    struct board_commands;
    struct ballot_commands;
    struct discussion_commands;
    struct trial_commands;
    struct facilitation_commands;
    struct roster_commands;
    // The target of a comment, reaction or decision exists and the actor may see it
    // (for a decision, which everyone is shown: everyone may see it).
    std::optional<error> check_target(const participant& actor, target_kind on, std::int64_t id, bool shown_to_all) const;
    // After every change: a focus on what everyone no longer sees (an idea hidden,
    // deleted or merged, a cluster deleted, results reset) is cleared in the same
    // change, so no later message names it.
    void drop_lost_focus();

    void apply_decision(const change& c, const decision& d);

    session_info info_;
    seq_t seq_ = 0;
    facilitation controls_;
    board board_;
    ballot ballot_;
    trials trials_;
    discussion discussion_;
    std::vector<decision> decisions_;
    roster roster_;
};

}  // namespace samskab::domain

// The handlers of workshop::decide_open, for the files that define them: one visitor
// per part of the workshop, with one overload per command that part owns and no
// generic one. decide_open visits a command with all of them together, so a command
// without its handler does not compile (workshop_decide.cpp checks it with a clear
// message). Only the domain's workshop_decide*.cpp files include this header.
//
// Every handler checks in the same order: the target is looked up (what the actor may
// not see counts as not found), the permission matrix is checked with whether the
// target is the actor's own, and the part that owns the target checks the rest.
#pragma once

#include "domain/permissions.hpp"
#include "domain/visibility.hpp"
#include "domain/workshop.hpp"

#include <optional>
#include <string>

namespace samskab::domain {

// What every handler needs: the workshop as it is, the actor, the context and the
// command being decided.
struct workshop::deciding {
    const workshop& w;
    const participant& a;
    const decide_context& ctx;
    const command& cmd;
    viewer v;

    static error trial_missing() { return error::make(errc::trial_not_found, "no trial action has this id"); }
    static error bad_state(const std::string& why) { return error::make(errc::invalid_state, why); }

    // The permission matrix for cmd; `own` says whether its target is the actor's own.
    std::optional<error> allowed(bool own) const { return check_permission(cmd, a.role_, own, w.controls_); }

    // A command on one idea: the idea as the actor may see it, the matrix (whether it
    // is the actor's own counts if by_author), then the part's decision on it.
    template <class F>
    result<event> on_idea(idea_id id, bool by_author, F decide_on) const {
        auto i = w.board_.idea_for(v, id);
        if (!i) return i.err();
        if (auto e = allowed(by_author && i.value()->author == a.id)) return *e;
        return decide_on(*i.value());
    }
};

// Ideas, columns and clusters (workshop_decide_board.cpp).
struct workshop::board_commands {
    const deciding& d;
    result<event> operator()(const add_idea& c) const;
    result<event> operator()(const edit_idea& c) const;
    result<event> operator()(const move_idea& c) const;
    result<event> operator()(const delete_idea& c) const;
    result<event> operator()(const reveal_ideas& c) const;
    result<event> operator()(const merge_ideas& c) const;
    result<event> operator()(const set_fate& c) const;
    result<event> operator()(const moderate_idea& c) const;
    result<event> operator()(const add_column& c) const;
    result<event> operator()(const rename_column& c) const;
    result<event> operator()(const move_column& c) const;
    result<event> operator()(const delete_column& c) const;
    result<event> operator()(const create_cluster& c) const;
    result<event> operator()(const rename_cluster& c) const;
    result<event> operator()(const assign_cluster& c) const;
    result<event> operator()(const delete_cluster& c) const;
    // limit_reached if the actor's ideas written since the phase began reach the quota.
    std::optional<error> check_idea_quota() const;
};

// Dot voting (workshop_decide_board.cpp).
struct workshop::ballot_commands {
    const deciding& d;
    result<event> operator()(const set_vote& c) const;
    result<event> operator()(const reveal_votes& c) const;
    result<event> operator()(const reset_votes& c) const;
};

// Comments and reactions (workshop_decide_discussion.cpp).
struct workshop::discussion_commands {
    const deciding& d;
    result<event> operator()(const add_comment& c) const;
    result<event> operator()(const delete_comment& c) const;
    result<event> operator()(const moderate_comment& c) const;
    result<event> operator()(const toggle_reaction& c) const;
};

// Trial actions and the managers' decisions (workshop_decide_trials.cpp).
struct workshop::trial_commands {
    const deciding& d;
    result<event> operator()(const create_trial& c) const;
    result<event> operator()(const update_trial& c) const;
    result<event> operator()(const add_owner& c) const;
    result<event> operator()(const remove_owner& c) const;
    result<event> operator()(const set_trial_status& c) const;
    result<event> operator()(const add_learning& c) const;
    result<event> operator()(const check_in_trial& c) const;
    result<event> operator()(const move_review_date& c) const;
    result<event> operator()(const delete_trial& c) const;
    result<event> operator()(const record_decision& c) const;
};

// The facilitators' controls and the session itself: phase, timer, settings, lock,
// review focus, title and question, closing (workshop_decide_facilitation.cpp).
struct workshop::facilitation_commands {
    const deciding& d;
    result<event> operator()(const set_phase& c) const;
    result<event> operator()(const start_timer& c) const;
    result<event> operator()(const pause_timer& c) const;
    result<event> operator()(const resume_timer& c) const;
    result<event> operator()(const extend_timer& c) const;
    result<event> operator()(const stop_timer& c) const;
    result<event> operator()(const update_settings& c) const;
    result<event> operator()(const lock_board& c) const;
    result<event> operator()(const focus_trial& c) const;
    result<event> operator()(const focus_screen& c) const;
    result<event> operator()(const update_session& c) const;
    result<event> operator()(const close_session& c) const;
    // Whether a big-screen focus may be set: what everyone sees, results once revealed.
    std::optional<error> check_screen_focus(const screen_focus& s) const;
    // The controls as change_controls leaves them, as an event.
    template <class F>
    result<event> with_controls(F change_controls) const {
        facilitation next = d.w.controls_;
        change_controls(next);
        return event{facilitation_set{next}};
    }
};

// Participants and invitations (workshop_decide_facilitation.cpp).
struct workshop::roster_commands {
    const deciding& d;
    result<event> operator()(const remove_participant& c) const;
    result<event> operator()(const renew_invite& c) const;
    result<event> operator()(const revoke_invite& c) const;
};

}  // namespace samskab::domain

// Commands: what a participant asks to change in a session. A command is a request;
// the workshop decides whether the participant's role, the phase and the state allow
// it and, if so, turns it into an event (event.hpp).
#pragma once

#include "domain/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace samskab::domain {

// ---- ideas and the board ---------------------------------------------------------------

// Positions are given as the idea to come before ("before"): clients see different
// subsets of a column (private and hidden ideas), so an index would mean different
// places to different clients. 0 or absent: the end of the column.
struct add_idea {
    column_id column = 0;
    idea_id before = 0;
    std::string text;
};
struct edit_idea {
    idea_id id = 0;
    std::int64_t base_version = 0;  // the version the author was looking at
    std::string text;
};
struct move_idea {
    idea_id id = 0;
    std::int64_t base_version = 0;
    column_id column = 0;
    idea_id before = 0;  // the idea it goes before in the target column; 0: the end
};
struct delete_idea {
    idea_id id = 0;
    std::int64_t base_version = 0;
};
struct reveal_ideas {};
struct merge_ideas {
    idea_id into = 0;
    std::vector<idea_id> ideas;  // absorbed into `into`
};
struct set_fate {
    idea_id id = 0;
    fate to = fate::open;  // open, selected or parked
    std::string reason;    // required for parked
};
struct moderate_idea {
    idea_id id = 0;
    bool hidden = true;
};

struct add_column {
    std::string title;
    std::optional<std::int64_t> index;  // end when absent
};
struct rename_column {
    column_id id = 0;
    std::string title;
};
struct move_column {
    column_id id = 0;
    std::int64_t index = 0;
};
struct delete_column {
    column_id id = 0;
};

struct create_cluster {
    column_id column = 0;
    std::string name;
    std::vector<idea_id> ideas;
};
struct rename_cluster {
    cluster_id id = 0;
    std::string name;
};
struct assign_cluster {
    idea_id idea = 0;
    cluster_id group = 0;  // 0: out of its cluster
};
struct delete_cluster {
    cluster_id id = 0;
};

// ---- voting ----------------------------------------------------------------------------

struct set_vote {
    idea_id idea = 0;
    std::int64_t dots = 0;  // this participant's dots on the idea, from now on
};
struct reveal_votes {};
struct reset_votes {};

// ---- conversation ----------------------------------------------------------------------

struct add_comment {
    target_kind on = target_kind::idea;
    std::int64_t target = 0;
    std::string text;
};
struct delete_comment {
    comment_id id = 0;
};
struct moderate_comment {
    comment_id id = 0;
    bool hidden = true;
};
struct toggle_reaction {
    target_kind on = target_kind::idea;
    std::int64_t target = 0;
    reaction what = reaction::like;
};

// ---- trial actions and decisions ------------------------------------------------------

struct create_trial {
    std::string title;
    std::string what, we_believe, we_know_when, start_date, review_date;
    std::vector<idea_id> ideas;
    std::vector<participant_id> owners;
};
// Changes the fields that are present; base_version as for ideas.
struct update_trial {
    trial_id id = 0;
    std::int64_t base_version = 0;
    std::optional<std::string> title, what, we_believe, we_know_when, start_date, review_date;
};
struct add_owner {
    trial_id id = 0;
    participant_id who = 0;
};
struct remove_owner {
    trial_id id = 0;
    participant_id who = 0;
};
struct set_trial_status {
    trial_id id = 0;
    trial_status to = trial_status::running;
    outcome result = outcome::none;  // required when evaluated
};
struct add_learning {
    trial_id id = 0;
    std::string text;
};
// An owner's check-in: added to the log as a learning with its check_in.
struct check_in_trial {
    trial_id id = 0;
    check_in report;
    std::string learned;  // may be empty
};
struct move_review_date {
    trial_id id = 0;
    std::string to;  // YYYY-MM-DD
    std::string reason;
};
struct delete_trial {
    trial_id id = 0;
};
struct record_decision {
    target_kind on = target_kind::idea;
    std::int64_t target = 0;
    decision_kind kind = decision_kind::approve;
    std::string note;  // required for park, needs_check, adapt, scale and stop
};

// ---- facilitation ----------------------------------------------------------------------

struct set_phase {
    phase to = phase::welcome;
};
struct start_timer {
    std::int64_t seconds = 0;
};
struct pause_timer {};
struct resume_timer {};
struct extend_timer {
    std::int64_t seconds = 0;  // may be negative to shorten
};
struct stop_timer {};
struct update_settings {
    std::optional<anonymity> anonymity_;
    std::optional<bool> private_writing, late_ideas, join_by_code;
    std::optional<std::int64_t> vote_budget, vote_cap, fold_threshold, idea_quota;
};
struct lock_board {
    bool locked = true;
};
struct focus_trial {
    trial_id id = 0;  // 0: none
};
struct focus_screen {
    screen_focus what;
};
struct remove_participant {
    participant_id id = 0;
    bool hide_content = false;  // also hide every idea and comment they wrote
};
struct renew_invite {
    role for_role = role::staff;
};
struct revoke_invite {
    role for_role = role::staff;
};
struct update_session {
    std::optional<std::string> title;
    std::optional<std::string> question;
};
struct close_session {};

using command = std::variant<
    add_idea, edit_idea, move_idea, delete_idea, reveal_ideas, merge_ideas, set_fate, moderate_idea,  //
    add_column, rename_column, move_column, delete_column,                                            //
    create_cluster, rename_cluster, assign_cluster, delete_cluster,                                   //
    set_vote, reveal_votes, reset_votes,                                                              //
    add_comment, delete_comment, moderate_comment, toggle_reaction,                                   //
    create_trial, update_trial, add_owner, remove_owner, set_trial_status, add_learning, check_in_trial,  //
    move_review_date, delete_trial,                                                                     //
    record_decision,                                                                                   //
    set_phase, start_timer, pause_timer, resume_timer, extend_timer, stop_timer, update_settings,      //
    lock_board, focus_trial, remove_participant, renew_invite, revoke_invite, update_session,           //
    close_session, focus_screen>;

// The wire name of a command's type, e.g. "idea.add".
std::string_view command_name(const command& c);

}  // namespace samskab::domain

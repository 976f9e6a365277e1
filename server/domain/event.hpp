// Events: accepted changes to a session. workshop::decide produces them,
// workshop::apply applies them, storage persists what they touched and the protocol
// broadcasts them (in a variant for each audience). Applying the same events in the
// same order to equal workshops gives equal workshops.
//
// Where a change can be described by the new state of one thing (a trial action,
// the facilitation controls), the event carries that whole state: applying is then
// replacing, and nothing is derived twice. The one exception is a trial action's log
// of learnings, which only grows and can be long: an added learning is its own event,
// and trial_saved neither carries nor changes the log.
#pragma once

#include "domain/types.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace samskab::domain {

// New ranks for every idea of one column, when inserting needed a fresh spread of
// ranks (see board.cpp). Empty in the common case.
using rerank_list = std::vector<std::pair<idea_id, std::int64_t>>;

// ---- ideas and the board ---------------------------------------------------------------

struct idea_added {
    idea item;           // complete, with id, rank and author
    std::int64_t index;  // its position in its column
    rerank_list reranked;
};
struct idea_edited {
    idea_id id;
    std::string text;
    std::int64_t version;
};
struct idea_moved {
    idea_id id;
    column_id column;
    std::int64_t index;
    std::int64_t rank;
    std::int64_t version;
    rerank_list reranked;
};
struct idea_deleted {
    idea_id id;
    idea item;  // as it was, to tell who could see it
};
struct ideas_revealed {
    std::vector<idea_id> ideas;
};
struct ideas_merged {
    idea_id into;
    std::vector<idea_id> absorbed;
};
struct fate_set {
    idea_id id;
    fate to;
    std::string reason;
};
struct idea_moderated {
    idea_id id;
    bool hidden;
};

struct column_added {
    column item;
    std::int64_t index;
};
struct column_renamed {
    column_id id;
    std::string title;
};
struct column_moved {
    column_id id;
    std::int64_t index;
};
struct column_deleted {
    column_id id;
};

struct cluster_created {
    cluster item;
    std::vector<idea_id> ideas;
};
struct cluster_renamed {
    cluster_id id;
    std::string name;
};
struct cluster_assigned {
    idea_id idea;
    cluster_id group;
};
struct cluster_deleted {
    cluster_id id;
};

// ---- voting ----------------------------------------------------------------------------

struct vote_set {
    participant_id voter;
    idea_id idea;
    std::int64_t dots;
};
struct votes_revealed {};
struct votes_reset {};

// ---- conversation ----------------------------------------------------------------------

struct comment_added {
    comment item;
};
struct comment_deleted {
    comment_id id;
    comment item;  // as it was
};
struct comment_moderated {
    comment_id id;
    bool hidden;
};
struct reaction_toggled {
    target_kind on;
    std::int64_t target;
    reaction what;
    participant_id who;
    bool given;  // true: added; false: taken back
};

// ---- trial actions and decisions ------------------------------------------------------

// A trial action created, edited, given owners or a status: its new state, except
// that item.learnings is empty. Applying it keeps the learnings the trial action has.
struct trial_saved {
    trial_action item;
    bool created;
};
// A learning appended to a trial action's log, and the trial action's new version.
struct learning_added {
    trial_id trial;
    learning item;
    std::int64_t version;
    time_point updated_at;
};
struct trial_deleted {
    trial_id id;
    std::vector<idea_id> ideas;  // the ideas it came from, open again
};
struct decision_recorded {
    decision item;
};

// ---- facilitation and the session ----------------------------------------------------

// Phase, timer, settings, lock or review focus changed: the new controls.
struct facilitation_set {
    facilitation now;
};
// A participant removed; with hide_content, everything they wrote that was not hidden
// yet is hidden in the same step (as it was before: to tell who could see it).
struct participant_removed {
    participant_id id;
    std::vector<idea> hidden_ideas;
    std::vector<comment> hidden_comments;
};
// An invitation renewed or revoked: the new invitation for that role.
struct invite_set {
    invite item;
};
struct session_updated {
    std::string title;
    std::string question;
};
struct session_closed {};

using event = std::variant<
    idea_added, idea_edited, idea_moved, idea_deleted, ideas_revealed, ideas_merged, fate_set, idea_moderated,  //
    column_added, column_renamed, column_moved, column_deleted,                                                  //
    cluster_created, cluster_renamed, cluster_assigned, cluster_deleted,                                         //
    vote_set, votes_revealed, votes_reset,                                                                       //
    comment_added, comment_deleted, comment_moderated, reaction_toggled,                                         //
    trial_saved, learning_added, trial_deleted, decision_recorded,                                               //
    facilitation_set, participant_removed, invite_set, session_updated, session_closed>;

// An event as accepted into a session's history.
struct change {
    seq_t seq = 0;
    participant_id by = 0;  // who made it
    time_point at{};
    std::string ref;        // the client's reference for the command, for retries
    std::string action;     // the wire name of the command, e.g. "idea.add", for the audit log
    event what;
};

}  // namespace samskab::domain

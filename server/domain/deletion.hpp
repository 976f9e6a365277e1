// Deleting a session but keeping its trial actions (PROTOCOL.md, "Deleting a session";
// README.md, "Personal data").
//
// A session deleted with `trial_actions=keep` leaves a shell: the session's id, title,
// workspace, creation time and board columns, closed, with no join code, and its own
// trial actions with their learnings, review date moves and the decisions on them.
// Everything else goes: the participants and their tokens, the invitations, the
// question, the ideas and clusters, the votes, comments and reactions, the decisions on ideas,
// and the views of other sessions' trial actions that a follow-up showed (those live in
// their own session). What is kept no longer points at anyone of the session: the trial
// actions' links to the ideas they came from are dropped, and the ids of their creator,
// owners and of the writers of learnings, moves and decisions become 0 ("of another
// session", as for trial actions taken over by a follow-up). The names of the owners and
// writers stay: they are the people answerable for the trial action, and the workspace's
// retention removes them like any other session's (domain/retention.hpp).
#pragma once

#include "domain/workshop.hpp"

#include <string>

namespace samskab::domain {

// The shell of st, deleted at `at` (see above). Its seq is 0: the stored changes go.
workshop_state trials_kept(const workshop_state& st, time_point at);

// Whether the session is such a shell.
inline bool is_deleted(const session_info& s) { return s.deleted_at.has_value(); }

}  // namespace samskab::domain

// Limits of the domain: how long texts may be and how much a session may hold.
// Their values come from protocol/limits.json (section "domain"), the one source that the
// web client reads too, as constants in samskab::domain::limits:
//   texts, counted in Unicode code points after normalisation (see text.hpp):
//     idea_text_chars, session_title_chars, question_chars, display_name_chars,
//     column_title_chars, cluster_name_chars, reason_chars (why an idea was parked),
//     comment_chars, trial_title_chars, trial_text_chars (what, we believe, we know
//     when), learning_chars, decision_note_chars;
//   counts: columns_per_session, ideas_per_session (deleted ones excluded),
//     participants_per_session, clusters_per_session, comments_per_session,
//     trials_per_session, owners_per_trial, learnings_per_trial, learnings_per_session,
//     decisions_per_session, ideas_per_command (merge, cluster.create, trial.create);
//   settings: min/max_vote_budget (dots per participant), min/max_fold_threshold (the
//     smallest group the results show: a group of one would show that person's dots),
//     max_timer_seconds, min/max_idea_quota (ideas per participant per phase).
#pragma once

#include "domain/limit_values.hpp"

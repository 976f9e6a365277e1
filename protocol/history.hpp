// A session's history as one reader may read it (GET /api/sessions/{id}/history,
// PROTOCOL.md "History"): its snapshot when it was made and every stored change, each
// as the text the reader received (or would have), with what the reader may no longer
// see taken out.
//
// The rule: nothing comes back through the history that the reader's snapshot does not
// hold now. An idea, a comment, a trial action or a decision that is not in `current`
// (deleted, hidden by a facilitator, still another's private idea) is left out of every
// object list, and an event that is about nothing but it becomes `unseen` (with its
// `private_count` and, filtered, its `reranked`); references to it by id alone (a
// deletion, a withdrawal, a cluster's or a voter's list of ids) stay, for they show no
// text. What the reader does see keeps its history, but an idea's or a comment's text
// and author are always shown as they are now: an edit takes the old text out of view
// (as for resuming, PROTOCOL.md "Resume"), and the author follows the session's
// anonymity now.
//
// Threading: plain functions of values; safe from any thread.
#pragma once

#include "protocol/outcome.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace samskab::protocol {

struct history_answer {
    outcome_reader reader;
    domain::seq_t seq = 0;  // the last change read against: current's seq
    std::string current;    // the reader's snapshot now (encode_snapshot's text)
    // The snapshot at seq 0 as the reader was shown it, or nullopt: none kept.
    std::optional<std::string> origin;
    // The changes, oldest first: each the event text the reader received.
    std::vector<std::shared_ptr<const std::string>> changes;
    bool complete = true;  // false: there are more changes after the last one given
};

// The 200 answer's body. Texts that are not JSON objects are left out (none are stored).
// Without an origin, no changes are given (nothing to apply them to).
std::string encode_history(const history_answer& a);

}  // namespace samskab::protocol

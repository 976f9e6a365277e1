// write_set: the rows one change wrote, copied from the session's state right after the
// change was applied, for the journal to persist later on its own thread. The copies
// make the write independent of whatever the session does meanwhile.
//
// collect() knows which rows each kind of event touches; the journal then needs one
// upsert per kind of row, not one piece of SQL per event.
#pragma once

#include "domain/workshop.hpp"

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace samskab::storage {

// A session's snapshot when it was made (seq 0), as texts: for everyone else and for
// the facilitators. The start of its history (PROTOCOL.md, "History").
struct origin_texts {
    std::string others, facilitators;
};

struct write_set {
    domain::time_point at{};  // when the change was made (deletions are marked with it)
    bool session = false;  // the sessions row: its info and controls
    domain::session_info info;
    domain::facilitation controls;

    bool columns = false;  // every column's title and position
    std::vector<domain::column> column_order;
    std::vector<domain::column_id> columns_deleted;  // with their clusters

    std::vector<domain::cluster> clusters;
    std::vector<domain::cluster_id> clusters_deleted;  // their ideas leave them
    std::vector<domain::idea> ideas;
    std::vector<domain::idea_id> ideas_deleted;

    // Voters' dots, all of them, replacing what was stored; or every vote cleared.
    std::vector<std::pair<domain::participant_id, std::map<domain::idea_id, std::int64_t>>> votes_of;
    bool votes_cleared = false;
    std::vector<domain::idea_id> votes_on_deleted;  // dots on a deleted idea are given back

    std::vector<domain::comment> comments;
    std::vector<domain::comment_id> comments_deleted;
    // Reactions on a target, all of them, replacing what was stored.
    std::vector<std::pair<domain::target_key, domain::reaction_set>> reactions;
    // Targets deleted: their comments and reactions go with them.
    std::vector<domain::target_key> targets_deleted;

    // Trial actions: each one's row, owners, ideas and field versions replace what was
    // stored; its learnings are added to the stored ones. A learning is never changed
    // or taken back, so a change carries only the learning it added, if any (the log
    // can be long), and a new session all of them.
    std::vector<domain::trial_action> trials;
    std::vector<domain::trial_id> trials_deleted;
    std::vector<domain::decision> decisions;
    std::vector<domain::participant> participants;
    std::vector<domain::invite> invites;

    // Only for a new session (journal::create_session): its snapshot at seq 0, if given.
    std::optional<origin_texts> origin;
};

// The rows change c touched; `after` is the session with c applied.
write_set collect(const domain::change& c, const domain::workshop& after);

// Every row of a session, to write a new one.
write_set collect_all(const domain::workshop& w);

}  // namespace samskab::storage

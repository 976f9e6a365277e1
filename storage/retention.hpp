// retention: a session's display names taken out of the database months after it closed
// (domain/retention.hpp; README.md, "Personal data").
//
// The names are in the state tables (participants, trial_owners, trial_learnings,
// trial_review_moves, decisions) and inside the texts sent, which the session keeps: its
// changes, in each recipient's version, and its origin snapshot. The state tables take
// the labels the room's state has after domain::remove_names (one rule, the domain's);
// the texts are rewritten by a function the caller gives (protocol::without_names: this
// layer knows no JSON). With secure_delete on, the old bytes are overwritten; the caller
// then empties the WAL (deletion.hpp, empty_wal).
#pragma once

#include "domain/workshop.hpp"
#include "storage/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::storage {

// A closed session in a workspace with a retention whose names are still there: never
// removed, or changed since they were (a closed session's trial actions go on: a decision
// from the portfolio page signs with a name typed then).
struct retention_candidate {
    std::string session_id;
    domain::time_point closed_at{};  // its session.close change
    std::int64_t months = 0;         // its workspace's retention_months
};

// Every such session.
std::vector<retention_candidate> retention_candidates(connection& db, status& err);

// A stored text with the names taken out.
using text_scrub = std::function<std::string(std::string_view)>;

// Inside a transaction the caller holds (the journal's): writes the names st has (after
// domain::remove_names) over the stored ones, rewrites every stored text of the session
// with scrub, and records that its names were removed at `at`.
[[nodiscard]] status write_removed_names(connection& db, const domain::workshop_state& st, const text_scrub& scrub,
                                         domain::time_point at);

}  // namespace samskab::storage

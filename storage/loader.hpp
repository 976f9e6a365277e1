// Reading every session back at start-up: each session's state from the state tables
// and its most recent changes, as sent, for clients that resume.
#pragma once

#include "domain/workshop.hpp"
#include "storage/journal.hpp"
#include "storage/sqlite.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace samskab::storage {

// A committed change as kept for resuming clients.
struct stored_change {
    domain::seq_t seq = 0;
    domain::participant_id by = 0;
    std::string ref;
    change_texts texts;  // others is never null here
};

struct loaded_session {
    domain::workshop_state state;
    std::vector<stored_change> recent;  // oldest first, at most recent_limit
};

// Loads every session of db. On failure returns the status; sessions is then
// incomplete and must not be used.
status load_sessions(connection& db, std::size_t recent_limit, std::vector<loaded_session>& sessions);

}  // namespace samskab::storage

// Reading every session back at start-up: the boards from the state tables and, for
// each session, its most recent changes for clients that resume.
#pragma once

#include "domain/board.hpp"
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
    std::shared_ptr<const std::string> wire;  // the event text, as sent to clients
};

struct loaded_session {
    domain::board_state state;
    std::vector<stored_change> recent;  // oldest first, at most recent_limit
};

// Loads every session of db. On failure returns the status and leaves out nothing
// silently: sessions is then incomplete and must not be used.
status load_sessions(connection& db, std::size_t recent_limit, std::vector<loaded_session>& sessions);

}  // namespace samskab::storage

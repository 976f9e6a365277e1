// Reading every session back at start-up: each session's state from the state tables
// and, if asked, its most recent changes, as sent, for clients that resume. (The server
// reads those later, for each session when a client first joins it: read_recent.)
#pragma once

#include "domain/workshop.hpp"
#include "storage/journal.hpp"
#include "storage/sqlite.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::storage {

struct loaded_session {
    domain::workshop_state state;
    std::vector<stored_change> recent;  // oldest first, at most recent_limit
};

// Loads every session of db, with up to recent_limit recent changes each (0: none). On
// failure returns the status; sessions is then incomplete and must not be used.
status load_sessions(connection& db, std::size_t recent_limit, std::vector<loaded_session>& sessions);

// The query of read_recent, to prepare once.
extern const std::string_view recent_changes_sql;

// Reads the last `limit` changes of the session into out, oldest first, with `query`
// (recent_changes_sql prepared on the database's connection).
status read_recent(statement& query, const std::string& session_id, std::size_t limit, std::vector<stored_change>& out);

}  // namespace samskab::storage

// Workspaces in the database: the rows of workspaces and workspace_links (see
// domain/workspace.hpp and schema.cpp's migration 9).
//
// Written from the command line (`samskab-server workspace create`) on a connection of
// its own, also while a server runs on the same database: SQLite serialises the writes,
// and a server finds a workspace by reading it, not from a copy made at its start.
#pragma once

#include "domain/workspace.hpp"
#include "storage/sqlite.hpp"

#include <optional>
#include <string>
#include <vector>

namespace samskab::storage {

// Writes a new workspace and its links in a transaction of its own: all or nothing.
[[nodiscard]] status insert_workspace(connection& db, const domain::workspace& w);

// Inside a transaction the caller holds (the journal's): deactivates the active links
// of `role` and, if `renewal` is given, adds it.
[[nodiscard]] status write_link_change(connection& db, const std::string& id, domain::workspace_role role,
                                       const std::optional<domain::workspace_link>& renewal);

// Sets the workspace's settings (domain::workspace::overload_limit, retention_months).
[[nodiscard]] status write_workspace_settings(connection& db, const std::string& id, std::int64_t overload_limit,
                                              std::int64_t retention_months);

// The workspace with this id and its links (oldest first), or nullopt if there is none;
// `err` is set if the database could not be read.
std::optional<domain::workspace> read_workspace(connection& db, const std::string& id, status& err);

}  // namespace samskab::storage

// The server binary's maintenance modes: an online backup of the database, the restore
// of a backup, and the creation of a workspace. Each prints what it did and returns the
// exit code.
#pragma once

#include "net/config.hpp"
#include "storage/schema.hpp"

#include <optional>
#include <string>

namespace samskab::server {

// storage::open_database for the server and every subcommand: what it did to a
// database of an older schema (the backup beside it, the migration) goes to the log.
std::optional<storage::connection> open_database_logged(const std::string& path, storage::status& err);

// --backup-to: copies cfg.db to cfg.backup_to (also while a server runs on cfg.db).
int run_backup(const config& cfg);

// --restore-from: puts cfg.restore_from back into cfg.db; refused while a server runs.
int run_restore(const config& cfg);

// workspace create: makes a workspace named cfg.workspace_name in cfg.db (also while a
// server runs on it) with its admin link, derived from the key in cfg.key_file (created
// if missing, as the server would), and prints the link once: the database keeps only
// its hash. Exit code 2 for a name that is refused, 1 if the key or the database fail.
int run_workspace_create(const config& cfg);

// import: reads the session archive cfg.import_file (protocol/archive.hpp) and writes it
// into cfg.db as a new session (of workspace cfg.import_workspace, which must exist, if
// given) in one transaction, through the journal as the server writes (also while a
// server runs on the database; that server sees the session after its next start);
// prints the session's id and code and its facilitators' new links once. Exit code 2
// for an archive that is refused (its typed error is printed, nothing is written), 1 if
// the key or the database fail.
int run_import(const config& cfg);

}  // namespace samskab::server

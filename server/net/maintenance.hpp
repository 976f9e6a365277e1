// The server binary's maintenance modes: an online backup of the database, and the
// restore of a backup. Each prints what it did and returns the exit code.
#pragma once

#include "net/config.hpp"

namespace samskab::server {

// --backup-to: copies cfg.db to cfg.backup_to (also while a server runs on cfg.db).
int run_backup(const config& cfg);

// --restore-from: puts cfg.restore_from back into cfg.db; refused while a server runs.
int run_restore(const config& cfg);

}  // namespace samskab::server

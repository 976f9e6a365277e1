// The database schema, as numbered migrations applied at start-up, and the opening of
// a database file ready for use.
#pragma once

#include "storage/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace samskab::storage {

struct migration {
    int version;            // 1, 2, 3, ...; stored in PRAGMA user_version once applied
    std::string_view sql;   // run in one transaction with the update of user_version
    // Or, for what cannot run inside a transaction (VACUUM): this, on its own, after
    // which user_version is set. It must be safe to run twice, since a crash between it
    // and setting the version runs it again at the next start.
    status (*outside_transaction)(connection& db) = nullptr;
};

// Every migration, in order. Append new ones; never edit one that has shipped.
std::span<const migration> migrations();

// The version the database is at (0 for a new file).
int schema_version(connection& db);

// Applies each migration newer than the database, each in its own transaction (or, for
// one that runs outside a transaction, on its own). On failure the database stays at
// the last version that applied fully. A database newer than this program is refused.
status migrate(connection& db, std::span<const migration> list = migrations());

// What open_database found and did besides opening the file.
struct opening {
    int from_version = 0;  // the schema version the file had (0: a new database)
    int to_version = 0;    // the version it has now
    // The backup written before migrating a database of an older schema (see below),
    // with what it holds; empty if none was needed.
    std::string backup;
    std::int64_t backup_sessions = 0;
};

// Whether open_database backs a database of an older schema up before migrating it.
enum class before_migrating { back_up, no_backup };

// Opens the database at path, creating the file and its folder if missing, sets WAL
// mode with synchronous=FULL, and migrates it. Before migrating a database that has
// tables (schema version 1 or more) but an older schema than this program's, it writes
// a checked backup of it beside it, named by migration_backup_path, unless told
// no_backup (a restore, which replaces the content anyway); if that backup fails,
// nothing is migrated and the opening fails. On failure returns nullopt and fills err;
// `report`, if given, says what was done.
std::optional<connection> open_database(const std::string& path, status& err, opening* report = nullptr,
                                        before_migrating backup = before_migrating::back_up);

// Where open_database puts the backup of the database at path taken before migrating
// it to schema version `to`: `<path>.before-schema-<to>.bak`, or, if that file exists,
// `<path>.before-schema-<to>.2.bak`, `.3.bak`, ...: never a file that exists.
std::string migration_backup_path(const std::string& path, int to);

}  // namespace samskab::storage

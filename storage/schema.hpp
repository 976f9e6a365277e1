// The database schema, as numbered migrations applied at start-up, and the opening of
// a database file ready for use.
#pragma once

#include "storage/sqlite.hpp"

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

// Opens the database at path, creating the file and its folder if missing, sets WAL
// mode with synchronous=FULL, and migrates it. On failure returns nullopt and fills err.
std::optional<connection> open_database(const std::string& path, status& err);

}  // namespace samskab::storage

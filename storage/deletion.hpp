// deletion: a session's rows taken out of the database for good (PROTOCOL.md, "Deleting
// a session"; README.md, "Personal data").
//
// Every row of a session goes: the row of `sessions` and every row of every table that
// has a `session_id` column. The tables are read from the schema itself when the
// deletion runs, so a table a later migration adds with a `session_id` column is deleted
// with the rest without a change here (storage_test.cpp, "a deleted session leaves no
// row", checks every table of the current schema). A table that keeps a session's data
// under another column name must be added to `delete_session_rows`.
//
// A session that another session follows up (its `follow_up_of`, or trial actions copied
// or shown live with `origin_session`) is not deleted: those sessions name it and show its
// trial actions; they are deleted first. Unless its trial actions are kept
// (domain/deletion.hpp): then its rows are deleted all the same, and the caller writes
// its shell back in the same transaction (sqlite_journal), under the same id, so that
// what names it still finds it.
//
// The connection must have `secure_delete` on (open_database sets it), so that freed
// pages and the free space inside pages are overwritten with zeros; the caller then
// checkpoints the WAL (`empty_wal`), so that no copy of an old page stays there.
#pragma once

#include "storage/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace samskab::storage {

enum class deletion_outcome {
    deleted,
    not_found,       // no session has this id
    has_follow_ups,  // another session follows it up: nothing was deleted
};

// The tables with a `session_id` column, as the schema has them now.
std::vector<std::string> session_tables(connection& db, status& err);

// Inside a transaction the caller holds (the journal's): deletes every row of session
// `id`. On an error nothing must be committed (the caller rolls back). `keeping`: its
// shell is written back next, so follow-ups do not stop the deletion.
[[nodiscard]] status delete_session_rows(connection& db, const std::string& id, deletion_outcome& outcome,
                                         bool keeping = false);

// When session `id` closed, as stored (its `closed_at`, or its stored close), or nullopt
// if it is open or no close was stored.
std::optional<std::int64_t> closed_at_ms(connection& db, const std::string& id, status& err);

// PRAGMA wal_checkpoint(TRUNCATE), outside any transaction: copies every page of the
// WAL into the database file and empties the WAL. Fails (SQLITE_BUSY) if a reader kept
// it from finishing.
[[nodiscard]] status empty_wal(connection& db);

}  // namespace samskab::storage

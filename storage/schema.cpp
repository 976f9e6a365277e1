// Schema migrations (see schema.hpp).
//
// Layout: the current state of every board lives in sessions, columns, ideas and
// participants, so that start-up reads state, never replays history. Every accepted
// change is also kept, in the text sent to clients, in changes: the recent ones serve
// clients that resume; all of them are the session's history. Deleted ideas and
// columns stay as rows with a mark, so their ids are never reused.
#include "storage/schema.hpp"

#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <system_error>

namespace samskab::storage {

namespace {

constexpr std::string_view migration_1 = R"sql(
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL,
    title       TEXT NOT NULL,
    question    TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_at  INTEGER NOT NULL,          -- ms since the Unix epoch, UTC
    seq         INTEGER NOT NULL DEFAULT 0 -- the last committed change
) STRICT;
CREATE UNIQUE INDEX sessions_open_code ON sessions (code) WHERE status = 'open';

CREATE TABLE participants (
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    id          INTEGER NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL,             -- hex SHA-256 of the secret token
    joined_at   INTEGER NOT NULL,
    PRIMARY KEY (session_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE columns (
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    id          INTEGER NOT NULL,
    title       TEXT NOT NULL,
    position    INTEGER,                   -- 0, 1, 2, ... on the board; NULL once deleted
    deleted     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE ideas (
    session_id    TEXT NOT NULL REFERENCES sessions (id),
    id            INTEGER NOT NULL,
    column_id     INTEGER NOT NULL,
    rank          INTEGER NOT NULL,        -- order within the column
    text          TEXT NOT NULL,
    author_id     INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    text_version  INTEGER NOT NULL,
    place_version INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER,                 -- NULL while on the board
    PRIMARY KEY (session_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE changes (
    session_id     TEXT NOT NULL REFERENCES sessions (id),
    seq            INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    ref            TEXT NOT NULL,
    at             INTEGER NOT NULL,
    body           TEXT NOT NULL,          -- the event exactly as sent to clients
    PRIMARY KEY (session_id, seq)
) STRICT, WITHOUT ROWID;
)sql";

constexpr std::array<migration, 1> all{{{1, migration_1}}};

}  // namespace

std::span<const migration> migrations() { return all; }

int schema_version(connection& db) {
    status err;
    statement s = db.prepare("PRAGMA user_version", err);
    if (!s.valid() || !s.step(err)) return -1;
    return static_cast<int>(s.column_int(0));
}

status migrate(connection& db, std::span<const migration> list) {
    const int current = schema_version(db);
    if (current < 0) return db.last_error();
    const int newest = list.empty() ? 0 : list.back().version;
    if (current > newest)
        return status{SQLITE_ERROR, "the database has schema version " + std::to_string(current) +
                                        ", newer than this program's " + std::to_string(newest)};
    for (const auto& m : list) {
        if (m.version <= current) continue;
        if (auto s = db.exec("BEGIN IMMEDIATE"); !s.ok()) return s;
        status s = db.exec(m.sql);
        // PRAGMA takes no bound parameters; the version is our own integer.
        if (s.ok()) s = db.exec("PRAGMA user_version = " + std::to_string(m.version));
        if (s.ok()) s = db.exec("COMMIT");
        if (!s.ok()) {
            db.exec("ROLLBACK");
            s.message = "migration " + std::to_string(m.version) + ": " + s.message;
            return s;
        }
    }
    return status::success();
}

std::optional<connection> open_database(const std::string& path, status& err) {
    if (path != ":memory:") {
        const auto dir = std::filesystem::path(path).parent_path();
        std::error_code ec;
        if (!dir.empty()) std::filesystem::create_directories(dir, ec);
        if (ec) {
            err = status{SQLITE_CANTOPEN, "cannot create " + dir.string() + ": " + ec.message()};
            return std::nullopt;
        }
    }
    auto db = connection::open(path, err);
    if (!db) return std::nullopt;
    for (std::string_view pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
                                    "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"}) {
        if (err = db->exec(pragma); !err.ok()) return std::nullopt;
    }
    if (err = migrate(*db); !err.ok()) return std::nullopt;
    return db;
}

}  // namespace samskab::storage

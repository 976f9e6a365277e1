// Schema migrations (see schema.hpp).
//
// Layout: the current state of every board lives in sessions, columns, ideas and
// participants, so that start-up reads state, never replays history. Every accepted
// change is also kept, in the text sent to clients, in changes: the recent ones serve
// clients that resume; all of them are the session's history. Deleted ideas and
// columns stay as rows with a mark, so their ids are never reused.
#include "storage/schema.hpp"

#include "storage/backup.hpp"
#include "storage/deletion.hpp"

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

// The workshop method: roles, phases and settings, clusters, fates, votes, comments,
// reactions, trial actions, decisions, invitations, and the per-recipient versions of
// each change kept for resuming clients. Deleted clusters, comments and trial actions
// stay as rows with a mark, like ideas, so that their ids are never reused.
constexpr std::string_view migration_2 = R"sql(
ALTER TABLE sessions ADD COLUMN template TEXT NOT NULL DEFAULT 'idea_workshop';
ALTER TABLE sessions ADD COLUMN follow_up_of TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN phase TEXT NOT NULL DEFAULT 'ideas';
ALTER TABLE sessions ADD COLUMN anonymity TEXT NOT NULL DEFAULT 'named';
ALTER TABLE sessions ADD COLUMN private_writing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN late_ideas INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN vote_budget INTEGER NOT NULL DEFAULT 3;
ALTER TABLE sessions ADD COLUMN vote_cap INTEGER NOT NULL DEFAULT 2;
ALTER TABLE sessions ADD COLUMN fold_threshold INTEGER NOT NULL DEFAULT 3;
ALTER TABLE sessions ADD COLUMN timer_state TEXT NOT NULL DEFAULT 'idle';
ALTER TABLE sessions ADD COLUMN timer_duration_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN timer_ends_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN timer_remaining_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN votes_revealed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN focus INTEGER NOT NULL DEFAULT 0;

-- Version 1 knew one kind of participant, who joined with the code: a citizen.
UPDATE participants SET role = 'citizen' WHERE role = 'participant';
ALTER TABLE participants ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;

ALTER TABLE ideas ADD COLUMN cluster_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN is_private INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN moderated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN fate TEXT NOT NULL DEFAULT 'open';
ALTER TABLE ideas ADD COLUMN fate_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE ideas ADD COLUMN merged_into INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN trial_id INTEGER NOT NULL DEFAULT 0;

ALTER TABLE changes ADD COLUMN action TEXT NOT NULL DEFAULT '';
ALTER TABLE changes ADD COLUMN subject_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE changes ADD COLUMN body_facilitators TEXT;  -- NULL: the same as body
ALTER TABLE changes ADD COLUMN body_subject TEXT;
ALTER TABLE changes ADD COLUMN body_actor TEXT;

CREATE TABLE clusters (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    id         INTEGER NOT NULL,
    column_id  INTEGER NOT NULL,
    name       TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE votes (
    session_id     TEXT NOT NULL REFERENCES sessions (id),
    participant_id INTEGER NOT NULL,
    idea_id        INTEGER NOT NULL,
    dots           INTEGER NOT NULL CHECK (dots > 0),
    PRIMARY KEY (session_id, participant_id, idea_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE comments (
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    id          INTEGER NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    author_id   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    moderated   INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE reactions (
    session_id     TEXT NOT NULL REFERENCES sessions (id),
    target_kind    TEXT NOT NULL,
    target_id      INTEGER NOT NULL,
    reaction       TEXT NOT NULL,
    participant_id INTEGER NOT NULL,
    PRIMARY KEY (session_id, target_kind, target_id, reaction, participant_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE trial_actions (
    session_id     TEXT NOT NULL REFERENCES sessions (id),
    id             INTEGER NOT NULL,
    title          TEXT NOT NULL,
    what           TEXT NOT NULL,
    we_believe     TEXT NOT NULL,
    we_know_when   TEXT NOT NULL,
    start_date     TEXT NOT NULL,
    review_date    TEXT NOT NULL,
    status         TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    version        INTEGER NOT NULL,
    created_by     INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    origin_session TEXT NOT NULL DEFAULT '',
    origin_trial   INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX trial_actions_review ON trial_actions (status, review_date);

CREATE TABLE trial_owners (
    session_id     TEXT NOT NULL,
    trial_id       INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    name           TEXT NOT NULL,
    PRIMARY KEY (session_id, trial_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE trial_ideas (
    session_id TEXT NOT NULL,
    trial_id   INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    idea_id    INTEGER NOT NULL,
    PRIMARY KEY (session_id, trial_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE trial_learnings (
    session_id TEXT NOT NULL,
    trial_id   INTEGER NOT NULL,
    id         INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    by_id      INTEGER NOT NULL,
    by_name    TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (session_id, trial_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE trial_fields (
    session_id TEXT NOT NULL,
    trial_id   INTEGER NOT NULL,
    field      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (session_id, trial_id, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE decisions (
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    id          INTEGER NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL,
    by_id       INTEGER NOT NULL,
    by_name     TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (session_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE invites (
    session_id TEXT NOT NULL REFERENCES sessions (id),
    token_hash TEXT NOT NULL,
    role       TEXT NOT NULL,
    token      TEXT NOT NULL,   -- shown to facilitators while active; '' once revoked
    active     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, token_hash)
) STRICT, WITHOUT ROWID;
)sql";

// The history of changes as a rowid table. Its rows carry the texts sent, about a
// kilobyte each; in a WITHOUT ROWID table the interior pages of the b-tree hold whole
// rows too, so that each change rewrote several pages (and the file grew with interior
// pages). Now rows are appended in commit order to the table and the key (session_id,
// seq) lives in a small index: a commit writes about a third of the pages it did.
constexpr std::string_view migration_3 = R"sql(
CREATE TABLE changes_v3 (
    session_id        TEXT NOT NULL REFERENCES sessions (id),
    seq               INTEGER NOT NULL,
    participant_id    INTEGER NOT NULL,
    ref               TEXT NOT NULL,
    at                INTEGER NOT NULL,
    body              TEXT NOT NULL,   -- the event exactly as sent to clients
    action            TEXT NOT NULL DEFAULT '',
    subject_id        INTEGER NOT NULL DEFAULT 0,
    body_facilitators TEXT,            -- NULL: the same as body
    body_subject      TEXT,
    body_actor        TEXT,
    PRIMARY KEY (session_id, seq)
) STRICT;
INSERT INTO changes_v3 (session_id, seq, participant_id, ref, at, body, action, subject_id, body_facilitators,
                        body_subject, body_actor)
    SELECT session_id, seq, participant_id, ref, at, body, action, subject_id, body_facilitators, body_subject,
           body_actor FROM changes ORDER BY session_id, seq;
DROP TABLE changes;
ALTER TABLE changes_v3 RENAME TO changes;
)sql";

// A session's last change is the largest seq of its changes (the journal keeps it in
// memory while it writes): updating the session's row for every change made each
// change cost a third more.
constexpr std::string_view migration_4 = R"sql(
ALTER TABLE sessions DROP COLUMN seq;
)sql";

// No secret at rest. An invitation keeps a random nonce, from which the server derives
// its token with a key kept outside the database, and no longer the token itself. The
// clear tokens of earlier invitations are erased: those stay active and admit whoever
// has the link (their hash is kept), but their links cannot be shown again, so the
// facilitator renews them. The invites.updated events kept in changes carried the
// tokens too: each is taken out of every element of the event's "invites" (the other
// fields keep their place and their text). Migration 6 then rewrites the file.
constexpr std::string_view migration_5 = R"sql(
ALTER TABLE invites ADD COLUMN nonce TEXT NOT NULL DEFAULT '';
ALTER TABLE invites DROP COLUMN token;

UPDATE changes SET body = (
    WITH RECURSIVE s(i, v) AS (
        SELECT 0, changes.body
        UNION ALL
        SELECT i + 1, json_remove(v, '$.invites[' || i || '].token') FROM s
        WHERE i < json_array_length(changes.body, '$.invites'))
    SELECT v FROM s ORDER BY i DESC LIMIT 1)
WHERE instr(body, '"invites"') > 0 AND json_valid(body);

UPDATE changes SET body_facilitators = (
    WITH RECURSIVE s(i, v) AS (
        SELECT 0, changes.body_facilitators
        UNION ALL
        SELECT i + 1, json_remove(v, '$.invites[' || i || '].token') FROM s
        WHERE i < json_array_length(changes.body_facilitators, '$.invites'))
    SELECT v FROM s ORDER BY i DESC LIMIT 1)
WHERE instr(body_facilitators, '"invites"') > 0 AND json_valid(body_facilitators);

UPDATE changes SET body_subject = (
    WITH RECURSIVE s(i, v) AS (
        SELECT 0, changes.body_subject
        UNION ALL
        SELECT i + 1, json_remove(v, '$.invites[' || i || '].token') FROM s
        WHERE i < json_array_length(changes.body_subject, '$.invites'))
    SELECT v FROM s ORDER BY i DESC LIMIT 1)
WHERE instr(body_subject, '"invites"') > 0 AND json_valid(body_subject);

UPDATE changes SET body_actor = (
    WITH RECURSIVE s(i, v) AS (
        SELECT 0, changes.body_actor
        UNION ALL
        SELECT i + 1, json_remove(v, '$.invites[' || i || '].token') FROM s
        WHERE i < json_array_length(changes.body_actor, '$.invites'))
    SELECT v FROM s ORDER BY i DESC LIMIT 1)
WHERE instr(body_actor, '"invites"') > 0 AND json_valid(body_actor);
)sql";

// After migration 5, the erased tokens may still be in the file's free pages and in the
// free space inside pages (from those rows and from every earlier update of an
// invitation), and in old pages in the WAL. VACUUM writes the whole database anew from
// its rows; the checkpoint copies every page back into the file, which it shortens to
// the new size, and empties the WAL. Safe to repeat.
status rewrite_file(connection& db) {
    if (status s = db.exec("VACUUM"); !s.ok()) return s;
    return empty_wal(db);
}

// Against floods: whether newcomers may join with the code, how many ideas one person
// may add in one phase, and when the phase began (what that quota counts from). And
// whether a change took something out of view, so that resuming clients are never
// replayed what they may no longer see (unknown for older changes: assumed so).
constexpr std::string_view migration_7 = R"sql(
ALTER TABLE sessions ADD COLUMN join_by_code INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sessions ADD COLUMN idea_quota INTEGER NOT NULL DEFAULT 30;
ALTER TABLE sessions ADD COLUMN phase_started_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE changes ADD COLUMN withdraws INTEGER NOT NULL DEFAULT 1;
)sql";

// What the facilitators put in focus on the big screen (screen.focus): none, idea,
// cluster or results, and the idea's or cluster's id.
constexpr std::string_view migration_screen_focus = R"sql(
ALTER TABLE sessions ADD COLUMN screen_kind TEXT NOT NULL DEFAULT 'none';
ALTER TABLE sessions ADD COLUMN screen_id INTEGER NOT NULL DEFAULT 0;
)sql";

// Workspaces (DEVELOPERS.md, "Workspaces and trial actions across sessions"): an
// organisation's home, its role links (a nonce and the hash of the token, as for
// invitations) and the workspace a session belongs to ('' for none: every session made
// before, and every one made without a workspace, works as before).
constexpr std::string_view migration_workspaces = R"sql(
CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE workspace_links (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    role         TEXT NOT NULL,
    nonce        TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    active       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX workspace_links_of ON workspace_links (workspace_id, created_at);
CREATE UNIQUE INDEX workspace_links_hash ON workspace_links (token_hash);
ALTER TABLE sessions ADD COLUMN workspace_id TEXT NOT NULL DEFAULT '';
)sql";

// Check-ins and review date moves (trial.check_in, trial.review_date): a check-in is an
// entry of the trial action's log of learnings with its report (what happened, the
// evidence: 'none', 'measure' with its value and unit, or 'note'; the proposal), and
// every move of the review date is kept with its reason, in order. A trial action that
// worked may be marked to spread (a manager's decision). A workspace has the limit of
// trial actions running at once over which its portfolio warns (0: none).
constexpr std::string_view migration_check_ins = R"sql(
ALTER TABLE trial_learnings ADD COLUMN check_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trial_learnings ADD COLUMN what_happened TEXT NOT NULL DEFAULT '';
ALTER TABLE trial_learnings ADD COLUMN evidence_kind TEXT NOT NULL DEFAULT 'none';
ALTER TABLE trial_learnings ADD COLUMN evidence_value REAL NOT NULL DEFAULT 0;
ALTER TABLE trial_learnings ADD COLUMN evidence_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE trial_learnings ADD COLUMN evidence_note TEXT NOT NULL DEFAULT '';
ALTER TABLE trial_learnings ADD COLUMN proposal TEXT NOT NULL DEFAULT 'continue';
ALTER TABLE trial_actions ADD COLUMN spread INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workspaces ADD COLUMN overload_limit INTEGER NOT NULL DEFAULT 0;
CREATE TABLE trial_review_moves (
    session_id TEXT NOT NULL,
    trial_id   INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    from_date  TEXT NOT NULL,
    to_date    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    by_id      INTEGER NOT NULL,
    by_name    TEXT NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (session_id, trial_id, position)
) STRICT, WITHOUT ROWID;
)sql";

// A session's history (PROTOCOL.md, "History") starts from its snapshot when it was
// made (seq 0), kept as the texts sent: for everyone else (body) and, where it differs,
// for the facilitators (NULL: the same as body). Written with the session; sessions made
// before have none, so no history.
constexpr std::string_view migration_origins = R"sql(
CREATE TABLE session_origins (
    session_id        TEXT PRIMARY KEY REFERENCES sessions (id),
    body              TEXT NOT NULL,
    body_facilitators TEXT
) STRICT, WITHOUT ROWID;
)sql";

// Retention (domain/retention.hpp): a workspace's months after which a closed session's
// display names are removed (0: never), and when a session's were (NULL: not yet).
constexpr std::string_view migration_retention = R"sql(
ALTER TABLE workspaces ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN names_removed_at INTEGER;
)sql";

// A session deleted with its trial actions kept (domain/deletion.hpp): when (NULL: not
// deleted), and when it had closed, for retention, since its stored changes are gone.
constexpr std::string_view migration_kept_trials = R"sql(
ALTER TABLE sessions ADD COLUMN deleted_at INTEGER;
ALTER TABLE sessions ADD COLUMN closed_at INTEGER;
)sql";

// Migration 12: secure_delete is on from this version (open_database), so that what is
// deleted is overwritten; the file is rewritten once (rewrite_file, as for migration 6) so
// that nothing freed before lingers in its free pages or the free space inside pages: a
// session deleted later leaves no text behind (storage/deletion.hpp).
constexpr std::array<migration, 14> all{{{1, migration_1},
                                        {2, migration_2},
                                        {3, migration_3},
                                        {4, migration_4},
                                        {5, migration_5},
                                        {6, {}, rewrite_file},
                                        {7, migration_7},
                                        {8, migration_screen_focus},
                                        {9, migration_workspaces},
                                        {10, migration_check_ins},
                                        {11, migration_origins},
                                        {12, {}, rewrite_file},
                                        {13, migration_retention},
                                        {14, migration_kept_trials}}};

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
        // PRAGMA takes no bound parameters; the version is our own integer.
        const std::string set_version = "PRAGMA user_version = " + std::to_string(m.version);
        status s;
        if (m.outside_transaction) {
            s = m.outside_transaction(db);
            if (s.ok()) s = db.exec(set_version);
        } else {
            if (s = db.exec("BEGIN IMMEDIATE"); !s.ok()) return s;
            s = db.exec(m.sql);
            if (s.ok()) s = db.exec(set_version);
            if (s.ok()) s = db.exec("COMMIT");
            if (!s.ok()) s = db.rollback_after(std::move(s));
        }
        if (!s.ok()) {
            s.message = "migration " + std::to_string(m.version) + ": " + s.message;
            return s;
        }
    }
    return status::success();
}

std::string migration_backup_path(const std::string& path, int to) {
    const std::string stem = path + ".before-schema-" + std::to_string(to);
    std::string candidate = stem + ".bak";
    std::error_code ec;
    for (int n = 2; std::filesystem::exists(candidate, ec) || ec; ++n) candidate = stem + "." + std::to_string(n) + ".bak";
    return candidate;
}

std::optional<connection> open_database(const std::string& path, status& err, opening* report,
                                        before_migrating backup) {
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
    // A page cache of 64 MiB (SQLite's default is 2 MiB): a batch of the journal dirties
    // up to a few thousand pages, which a smaller cache would spill into the WAL and
    // read back before the commit. Statement journals (a savepoint, an INSERT OR
    // REPLACE) stay in memory rather than in temporary files.
    //
    // The foreign keys are declared but not enforced on every write (SQLite's default):
    // checking them, and keeping a statement journal so that a violation could be undone,
    // cost a quarter of the journal's instructions per change (BENCHMARKS.md, scenario
    // f). Every row is written for a session the journal created; check_database (run on
    // every backup, and by the crash and storage tests) verifies it with foreign_key_check.
    //
    // secure_delete: whatever SQLite frees (a deleted or replaced row's bytes inside a
    // page, a page put on the free list) is overwritten with zeros, so that a deleted
    // session leaves no text in the file (storage/deletion.hpp; README.md, "Personal data").
    for (std::string_view pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = OFF",
                                    "PRAGMA busy_timeout = 5000", "PRAGMA cache_size = -65536", "PRAGMA secure_delete = ON",
                                    "PRAGMA temp_store = MEMORY"}) {
        if (err = db->exec(pragma); !err.ok()) return std::nullopt;
    }
    opening done;
    done.from_version = done.to_version = schema_version(*db);
    const int newest = migrations().back().version;
    // A database with tables at an older schema: a copy of it as it is, before anything
    // of it changes, so that the previous program can be put back with it.
    if (backup == before_migrating::back_up && path != ":memory:" && done.from_version >= 1 &&
        done.from_version < newest) {
        const std::string to = migration_backup_path(path, newest);
        database_info info;
        if (err = backup_database(path, to, info); !err.ok()) {
            err.message = "cannot back the database up to " + to + " before migrating it from schema version " +
                          std::to_string(done.from_version) + " to " + std::to_string(newest) +
                          ", so it was left as it is: " + err.message;
            return std::nullopt;
        }
        done.backup = to;
        done.backup_sessions = info.sessions;
    }
    if (err = migrate(*db); !err.ok()) return std::nullopt;
    done.to_version = schema_version(*db);
    if (report) *report = std::move(done);
    return db;
}

}  // namespace samskab::storage

// A session's rows taken out of the database (see deletion.hpp).
#include "storage/deletion.hpp"

#include <sqlite3.h>

namespace samskab::storage {

namespace {

// An identifier quoted for SQL (table names come from the schema, never from a client).
std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

}  // namespace

std::vector<std::string> session_tables(connection& db, status& err) {
    std::vector<std::string> out;
    statement s = db.prepare(
        "SELECT m.name FROM sqlite_schema m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        " AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'session_id') ORDER BY m.name",
        err);
    if (!s.valid()) return out;
    while (s.step(err)) out.push_back(s.column_text(0));
    return out;
}

status delete_session_rows(connection& db, const std::string& id, deletion_outcome& outcome, bool keeping) {
    status err;
    {
        statement found = db.prepare("SELECT 1 FROM sessions WHERE id = ?1", err);
        if (!found.valid()) return err;
        found.bind(1, id);
        const bool exists = found.step(err);
        if (!err.ok()) return err;
        if (!exists) {
            outcome = deletion_outcome::not_found;
            return status::success();
        }
    }
    if (!keeping) {
        statement followed = db.prepare(
            "SELECT 1 FROM sessions WHERE follow_up_of = ?1 AND id <> ?1"
            " UNION ALL SELECT 1 FROM trial_actions WHERE origin_session = ?1 AND session_id <> ?1 LIMIT 1",
            err);
        if (!followed.valid()) return err;
        followed.bind(1, id);
        const bool any = followed.step(err);
        if (!err.ok()) return err;
        if (any) {
            outcome = deletion_outcome::has_follow_ups;
            return status::success();
        }
    }
    const auto tables = session_tables(db, err);
    if (!err.ok()) return err;
    for (const auto& t : tables) {
        statement del = db.prepare("DELETE FROM " + quoted(t) + " WHERE session_id = ?1", err);
        if (!del.valid()) return err;
        if (status s = del.bind(1, id).run(); !s.ok()) return s;
    }
    statement del = db.prepare("DELETE FROM sessions WHERE id = ?1", err);
    if (!del.valid()) return err;
    if (status s = del.bind(1, id).run(); !s.ok()) return s;
    outcome = deletion_outcome::deleted;
    return status::success();
}

std::optional<std::int64_t> closed_at_ms(connection& db, const std::string& id, status& err) {
    statement s = db.prepare(
        "SELECT COALESCE(closed_at, (SELECT MAX(c.at) FROM changes c WHERE c.session_id = ?1 AND"
        " c.action = 'session.close')) FROM sessions WHERE id = ?1",
        err);
    if (!s.valid()) return std::nullopt;
    s.bind(1, id);
    if (!s.step(err) || s.column_is_null(0)) return std::nullopt;
    return s.column_int(0);
}

status empty_wal(connection& db) {
    status err;
    statement checkpoint = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)", err);
    if (!checkpoint.valid() || !checkpoint.step(err))
        return err.ok() ? status{SQLITE_ERROR, "the checkpoint gave no answer"} : err;
    // Its row: whether it was blocked, the WAL's frames, the frames copied back.
    if (checkpoint.column_int(0) != 0)
        return status{SQLITE_BUSY, "the WAL could not be emptied while another connection reads the database"};
    return status::success();
}

}  // namespace samskab::storage

// A session's display names taken out of the database (see retention.hpp).
#include "storage/retention.hpp"

#include <optional>
#include <variant>

namespace samskab::storage {

namespace {

// Runs sql (parameters ?1 session, then `values`) once.
status update(connection& db, std::string_view sql, const std::string& session,
              std::initializer_list<std::variant<std::int64_t, std::string_view>> values) {
    status err;
    statement s = db.prepare(std::string(sql), err);
    if (!s.valid()) return err;
    s.bind(1, session);
    int k = 2;
    for (const auto& v : values) std::visit([&](const auto& x) { s.bind(k++, x); }, v);
    return s.run();
}

// Rewrites the text columns of the rows of `table` (a rowid table, or one with a row per
// session: its key is then session_id) of the session, a page of rows at a time (a
// statement that reads a table is not stepped while the same table is written).
status rewrite_texts(connection& db, const std::string& table, const std::string& key,
                     std::initializer_list<std::string_view> columns, const std::string& session,
                     const text_scrub& scrub) {
    const bool by_rowid = key == "rowid";
    std::string select = "SELECT " + std::string(by_rowid ? "rowid" : "0");
    for (auto c : columns) select += ", " + std::string(c);
    select += " FROM " + table + " WHERE session_id = ?1";
    if (by_rowid) select += " AND rowid > ?2 ORDER BY rowid LIMIT 256";
    std::int64_t after = -1;
    for (;;) {
        struct row {
            std::int64_t rowid;
            std::vector<std::optional<std::string>> texts;
        };
        std::vector<row> page;
        status err;
        {
            statement s = db.prepare(select, err);
            if (!s.valid()) return err;
            s.bind(1, session);
            if (by_rowid) s.bind(2, after);
            while (s.step(err)) {
                row r{s.column_int(0), {}};
                for (int c = 1; c <= static_cast<int>(columns.size()); ++c)
                    r.texts.push_back(s.column_is_null(c) ? std::nullopt : std::optional(s.column_text(c)));
                page.push_back(std::move(r));
            }
            if (!err.ok()) return err;
        }
        if (page.empty()) return status::success();
        for (auto& r : page) {
            after = r.rowid;
            int k = 0;
            for (auto c : columns) {
                auto& text = r.texts[static_cast<std::size_t>(k++)];
                if (!text) continue;
                std::string clean = scrub(*text);
                if (clean == *text) continue;
                statement u = db.prepare("UPDATE " + table + " SET " + std::string(c) + " = ?2 WHERE " +
                                             (by_rowid ? "rowid = ?3" : "session_id = ?1"),
                                         err);
                if (!u.valid()) return err;
                u.bind(1, session).bind(2, clean);
                if (by_rowid) u.bind(3, r.rowid);
                if (status s = u.run(); !s.ok()) return s;
            }
        }
        if (!by_rowid) return status::success();
    }
}

}  // namespace

std::vector<retention_candidate> retention_candidates(connection& db, status& err) {
    std::vector<retention_candidate> out;
    statement s = db.prepare(
        "SELECT s.id, COALESCE(s.closed_at, (SELECT MAX(c.at) FROM changes c WHERE c.session_id = s.id AND"
        " c.action = 'session.close')),"
        " w.retention_months FROM sessions s JOIN workspaces w ON w.id = s.workspace_id"
        " WHERE s.status = 'closed' AND w.retention_months > 0 AND (s.names_removed_at IS NULL OR"
        " s.names_removed_at < (SELECT MAX(c.at) FROM changes c WHERE c.session_id = s.id)) ORDER BY s.id",
        err);
    if (!s.valid()) return out;
    while (s.step(err)) {
        // A session closed without a stored close (none is made so) is left alone.
        if (s.column_is_null(1)) continue;
        out.push_back(retention_candidate{s.column_text(0), from_ms(s.column_int(1)), s.column_int(2)});
    }
    return out;
}

status write_removed_names(connection& db, const domain::workshop_state& st, const text_scrub& scrub,
                           domain::time_point at) {
    const std::string& id = st.info.id;
    for (const auto& p : st.participants)
        if (status s = update(db, "UPDATE participants SET name = ?3 WHERE session_id = ?1 AND id = ?2", id, {p.id, p.name});
            !s.ok())
            return s;
    for (const auto& t : st.trials) {
        std::int64_t position = 0;
        for (const auto& o : t.owners)
            if (status s = update(db,
                                  "UPDATE trial_owners SET name = ?4 WHERE session_id = ?1 AND trial_id = ?2"
                                  " AND position = ?3",
                                  id, {t.id, position++, o.name});
                !s.ok())
                return s;
        for (const auto& l : t.learnings)
            if (status s = update(db,
                                  "UPDATE trial_learnings SET by_name = ?4 WHERE session_id = ?1 AND trial_id = ?2"
                                  " AND id = ?3",
                                  id, {t.id, l.id, l.by_name});
                !s.ok())
                return s;
        position = 0;
        for (const auto& m : t.review_moves)
            if (status s = update(db,
                                  "UPDATE trial_review_moves SET by_name = ?4 WHERE session_id = ?1 AND trial_id = ?2"
                                  " AND position = ?3",
                                  id, {t.id, position++, m.by_name});
                !s.ok())
                return s;
    }
    for (const auto& d : st.decisions)
        if (status s = update(db, "UPDATE decisions SET by_name = ?3 WHERE session_id = ?1 AND id = ?2", id,
                              {d.id, d.by_name});
            !s.ok())
            return s;
    if (status s = rewrite_texts(db, "changes", "rowid", {"body", "body_facilitators", "body_subject", "body_actor"}, id, scrub);
        !s.ok())
        return s;
    if (status s = rewrite_texts(db, "session_origins", "session_id", {"body", "body_facilitators"}, id, scrub); !s.ok()) return s;
    return update(db, "UPDATE sessions SET names_removed_at = ?2 WHERE id = ?1", id, {ms(at)});
}

}  // namespace samskab::storage

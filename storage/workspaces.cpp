// Workspaces in the database (see workspaces.hpp).
#include "storage/workspaces.hpp"

#include <chrono>

namespace samskab::storage {

namespace {

status insert_links(connection& db, const std::string& id, const std::vector<domain::workspace_link>& links) {
    status err;
    statement link = db.prepare(
        "INSERT INTO workspace_links (workspace_id, role, nonce, token_hash, active, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        err);
    if (!link.valid()) return err;
    for (const auto& l : links) {
        status s = link.bind(1, id)
                       .bind(2, to_string(l.role))
                       .bind(3, l.nonce)
                       .bind(4, l.token_hash)
                       .bind(5, std::int64_t{l.active ? 1 : 0})
                       .bind(6, ms(l.created_at))
                       .run();
        if (!s.ok()) return s;
    }
    return status::success();
}

status insert_rows(connection& db, const domain::workspace& w) {
    status err;
    statement ws = db.prepare("INSERT INTO workspaces (id, name, created_at) VALUES (?1, ?2, ?3)", err);
    if (!ws.valid()) return err;
    if (status s = ws.bind(1, w.id).bind(2, w.name).bind(3, ms(w.created_at)).run(); !s.ok()) return s;
    return insert_links(db, w.id, w.links);
}

}  // namespace

status insert_workspace(connection& db, const domain::workspace& w) {
    if (status s = db.exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    status s = insert_rows(db, w);
    if (s.ok()) s = db.exec("COMMIT");
    if (!s.ok()) return db.rollback_after(std::move(s));
    return s;
}

status write_link_change(connection& db, const std::string& id, domain::workspace_role role,
                         const std::optional<domain::workspace_link>& renewal) {
    status err;
    statement off = db.prepare("UPDATE workspace_links SET active = 0 WHERE workspace_id = ?1 AND role = ?2", err);
    if (!off.valid()) return err;
    if (status s = off.bind(1, id).bind(2, to_string(role)).run(); !s.ok()) return s;
    if (!renewal) return status::success();
    return insert_links(db, id, {*renewal});
}

status write_workspace_settings(connection& db, const std::string& id, std::int64_t overload_limit,
                                std::int64_t retention_months) {
    status err;
    statement set =
        db.prepare("UPDATE workspaces SET overload_limit = ?2, retention_months = ?3 WHERE id = ?1", err);
    if (!set.valid()) return err;
    return set.bind(1, id).bind(2, overload_limit).bind(3, retention_months).run();
}

std::optional<domain::workspace> read_workspace(connection& db, const std::string& id, status& err) {
    statement ws =
        db.prepare("SELECT name, created_at, overload_limit, retention_months FROM workspaces WHERE id = ?1", err);
    if (!ws.valid()) return std::nullopt;
    ws.bind(1, id);
    if (!ws.step(err)) return std::nullopt;
    domain::workspace w{id, ws.column_text(0), from_ms(ws.column_int(1)), {}, ws.column_int(2), ws.column_int(3)};
    ws.reset();
    statement links = db.prepare(
        "SELECT role, nonce, token_hash, active, created_at FROM workspace_links WHERE workspace_id = ?1"
        " ORDER BY created_at, rowid",
        err);
    if (!links.valid()) return std::nullopt;
    links.bind(1, id);
    while (links.step(err)) {
        auto role = domain::workspace_role_from_string(links.column_view(0));
        w.links.push_back(domain::workspace_link{role.value_or(domain::workspace_role::viewer), links.column_text(1),
                                                 links.column_text(2), links.column_int(3) != 0,
                                                 from_ms(links.column_int(4))});
    }
    links.reset();
    if (!err.ok()) return std::nullopt;
    return w;
}

}  // namespace samskab::storage

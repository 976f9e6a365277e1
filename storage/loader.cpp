// Start-up loading (see loader.hpp). One pass over each state table, ordered by
// session, and one indexed range read of the changes table per session; the time taken
// grows with the size of the boards, not with the length of their history.
#include "storage/loader.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <unordered_map>

namespace samskab::storage {

using namespace samskab::domain;

namespace {

time_point from_ms(std::int64_t v) { return time_point{std::chrono::milliseconds{v}}; }

// Runs sql and calls row(stmt) for each row. Returns the first error.
template <class F>
status each_row(connection& db, std::string_view sql, F&& row) {
    status err;
    statement s = db.prepare(sql, err);
    if (!s.valid()) return err;
    while (s.step(err)) row(s);
    return err;
}

}  // namespace

status load_sessions(connection& db, std::size_t recent_limit, std::vector<loaded_session>& sessions) {
    sessions.clear();
    std::unordered_map<std::string, std::size_t> index;
    auto session_of = [&](const std::string& id) -> loaded_session* {
        auto it = index.find(id);
        return it == index.end() ? nullptr : &sessions[it->second];
    };

    status s = each_row(db, "SELECT id, code, title, question, status, created_at, seq FROM sessions ORDER BY created_at, id",
                        [&](statement& r) {
                            loaded_session ls;
                            auto& i = ls.state.info;
                            i.id = r.column_text(0);
                            i.code = r.column_text(1);
                            i.title = r.column_text(2);
                            i.question = r.column_text(3);
                            i.status = session_status_from_string(r.column_text(4)).value_or(session_status::closed);
                            i.created_at = from_ms(r.column_int(5));
                            ls.state.seq = r.column_int(6);
                            index.emplace(i.id, sessions.size());
                            sessions.push_back(std::move(ls));
                        });
    if (!s.ok()) return s;

    s = each_row(db, "SELECT session_id, id, title, deleted FROM columns ORDER BY session_id, deleted, position",
                 [&](statement& r) {
                     loaded_session* ls = session_of(r.column_text(0));
                     if (!ls) return;
                     const column_id id = r.column_int(1);
                     ls->state.last_column_id = std::max(ls->state.last_column_id, id);
                     if (r.column_int(3) == 0) ls->state.columns.push_back(column{id, r.column_text(2)});
                 });
    if (!s.ok()) return s;

    s = each_row(db,
                 "SELECT session_id, id, column_id, rank, text, author_id, version, text_version, place_version,"
                 " created_at, updated_at, deleted_at IS NOT NULL FROM ideas",
                 [&](statement& r) {
                     loaded_session* ls = session_of(r.column_text(0));
                     if (!ls) return;
                     idea i;
                     i.id = r.column_int(1);
                     ls->state.last_idea_id = std::max(ls->state.last_idea_id, i.id);
                     if (r.column_int(11) != 0) return;  // deleted
                     i.column = r.column_int(2);
                     i.rank = r.column_int(3);
                     i.text = r.column_text(4);
                     i.author = r.column_int(5);
                     i.version = r.column_int(6);
                     i.text_version = r.column_int(7);
                     i.place_version = r.column_int(8);
                     i.created_at = from_ms(r.column_int(9));
                     i.updated_at = from_ms(r.column_int(10));
                     ls->state.ideas.push_back(std::move(i));
                 });
    if (!s.ok()) return s;

    s = each_row(db, "SELECT session_id, id, name, role, token_hash, joined_at FROM participants ORDER BY session_id, id",
                 [&](statement& r) {
                     loaded_session* ls = session_of(r.column_text(0));
                     if (!ls) return;
                     participant p;
                     p.id = r.column_int(1);
                     p.name = r.column_text(2);
                     p.role_ = role_from_string(r.column_text(3)).value_or(role::participant);
                     p.token_hash = r.column_text(4);
                     p.joined_at = from_ms(r.column_int(5));
                     ls->state.participants.push_back(std::move(p));
                 });
    if (!s.ok()) return s;

    status err;
    statement recent = db.prepare(
        "SELECT seq, participant_id, ref, body FROM changes WHERE session_id = ?1 ORDER BY seq DESC LIMIT ?2", err);
    if (!recent.valid()) return err;
    for (auto& ls : sessions) {
        recent.bind(1, ls.state.info.id).bind(2, static_cast<std::int64_t>(recent_limit));
        while (recent.step(err))
            ls.recent.push_back(stored_change{recent.column_int(0), recent.column_int(1), recent.column_text(2),
                                              std::make_shared<const std::string>(recent.column_text(3))});
        recent.reset();
        if (!err.ok()) return err;
        std::reverse(ls.recent.begin(), ls.recent.end());
    }
    return status::success();
}

}  // namespace samskab::storage

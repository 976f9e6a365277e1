// The SQLite journal's writer thread (see sqlite_journal.hpp).
#include "storage/sqlite_journal.hpp"

#include <sqlite3.h>

#include <utility>
#include <vector>

namespace samskab::storage {

using namespace samskab::domain;

namespace {

std::int64_t ms(time_point t) { return t.time_since_epoch().count(); }

constexpr std::int64_t no_upper_bound = std::int64_t{1} << 40;

}  // namespace

// Every statement the writer uses, prepared once on the writer's connection.
struct sqlite_journal::statements {
    connection& db;
    status prepare_error;
    statement insert_session, insert_column, insert_participant, advance_seq, insert_change, insert_idea,
        set_rank, edit_idea, move_idea, delete_idea, shift_columns, column_position, set_column_position,
        rename_column, delete_column, update_session;

    explicit statements(connection& c) : db(c) {
        auto p = [&](std::string_view sql) { return db.prepare(sql, prepare_error); };
        insert_session = p("INSERT INTO sessions (id, code, title, question, status, created_at, seq)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)");
        insert_column = p("INSERT INTO columns (session_id, id, title, position) VALUES (?1, ?2, ?3, ?4)");
        insert_participant = p("INSERT INTO participants (session_id, id, name, role, token_hash, joined_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        advance_seq = p("UPDATE sessions SET seq = ?3 WHERE id = ?1 AND seq = ?2");
        insert_change = p("INSERT INTO changes (session_id, seq, participant_id, ref, at, body)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        insert_idea = p("INSERT INTO ideas (session_id, id, column_id, rank, text, author_id, version, text_version,"
                        " place_version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        set_rank = p("UPDATE ideas SET rank = ?3 WHERE session_id = ?1 AND id = ?2");
        edit_idea = p("UPDATE ideas SET text = ?3, version = ?4, text_version = ?4, updated_at = ?5"
                      " WHERE session_id = ?1 AND id = ?2 AND deleted_at IS NULL");
        move_idea = p("UPDATE ideas SET column_id = ?3, rank = ?4, version = ?5, place_version = ?5, updated_at = ?6"
                      " WHERE session_id = ?1 AND id = ?2 AND deleted_at IS NULL");
        delete_idea = p("UPDATE ideas SET deleted_at = ?3 WHERE session_id = ?1 AND id = ?2 AND deleted_at IS NULL");
        shift_columns = p("UPDATE columns SET position = position + ?4"
                          " WHERE session_id = ?1 AND deleted = 0 AND position BETWEEN ?2 AND ?3");
        column_position = p("SELECT position FROM columns WHERE session_id = ?1 AND id = ?2 AND deleted = 0");
        set_column_position = p("UPDATE columns SET position = ?3 WHERE session_id = ?1 AND id = ?2 AND deleted = 0");
        rename_column = p("UPDATE columns SET title = ?3 WHERE session_id = ?1 AND id = ?2 AND deleted = 0");
        delete_column = p("UPDATE columns SET deleted = 1, position = NULL WHERE session_id = ?1 AND id = ?2");
        update_session = p("UPDATE sessions SET title = ?2, question = ?3 WHERE id = ?1");
    }

    // Runs s (already bound) and checks that it changed exactly one row.
    status one_row(statement& s) {
        status st = s.run();
        if (st.ok() && db.changes() != 1) st = status{SQLITE_CONSTRAINT, "the row to change does not exist"};
        return st;
    }

    status shift(const std::string& sid, std::int64_t from, std::int64_t to, std::int64_t by) {
        return shift_columns.bind(1, sid).bind(2, from).bind(3, to).bind(4, by).run();
    }

    // The position of a column on the board, or -1 if it has none.
    std::int64_t position_of(const std::string& sid, column_id id, status& err) {
        column_position.bind(1, sid).bind(2, id);
        const std::int64_t pos = column_position.step(err) ? column_position.column_int(0) : -1;
        column_position.reset();
        return pos;
    }

    status reranks(const std::string& sid, const rerank_list& list) {
        for (const auto& [id, rank] : list)
            if (status s = one_row(set_rank.bind(1, sid).bind(2, id).bind(3, rank)); !s.ok()) return s;
        return status::success();
    }

    status participant(const std::string& sid, const domain::participant& p) {
        return insert_participant.bind(1, sid).bind(2, p.id).bind(3, p.name).bind(4, to_string(p.role_))
            .bind(5, p.token_hash).bind(6, ms(p.joined_at)).run();
    }

    status session(const board_state& st) {
        const auto& i = st.info;
        if (status s = insert_session.bind(1, i.id).bind(2, i.code).bind(3, i.title).bind(4, i.question)
                           .bind(5, to_string(i.status)).bind(6, ms(i.created_at)).run();
            !s.ok())
            return s;
        std::int64_t pos = 0;
        for (const auto& c : st.columns)
            if (status s = insert_column.bind(1, i.id).bind(2, c.id).bind(3, c.title).bind(4, pos++).run(); !s.ok())
                return s;
        for (const auto& p : st.participants)
            if (status s = participant(i.id, p); !s.ok()) return s;
        return status::success();
    }

    // Writes change c: the seq guard, the history row and the new state.
    status change(const std::string& sid, const domain::change& c, const std::string& wire) {
        if (status s = one_row(advance_seq.bind(1, sid).bind(2, c.seq - 1).bind(3, c.seq)); !s.ok()) {
            if (s.code == SQLITE_CONSTRAINT) s.message = "change " + std::to_string(c.seq) + " is out of order";
            return s;
        }
        if (status s = insert_change.bind(1, sid).bind(2, c.seq).bind(3, c.by).bind(4, c.ref).bind(5, ms(c.at))
                           .bind(6, wire).run();
            !s.ok())
            return s;
        return std::visit([&](const auto& ev) { return apply(sid, c, ev); }, c.what);
    }

    status apply(const std::string& sid, const domain::change&, const idea_added& e) {
        const idea& i = e.item;
        if (status s = insert_idea.bind(1, sid).bind(2, i.id).bind(3, i.column).bind(4, i.rank).bind(5, i.text)
                           .bind(6, i.author).bind(7, i.version).bind(8, i.text_version).bind(9, i.place_version)
                           .bind(10, ms(i.created_at)).bind(11, ms(i.updated_at)).run();
            !s.ok())
            return s;
        return reranks(sid, e.reranked);
    }
    status apply(const std::string& sid, const domain::change& c, const idea_edited& e) {
        return one_row(edit_idea.bind(1, sid).bind(2, e.id).bind(3, e.text).bind(4, e.version).bind(5, ms(c.at)));
    }
    status apply(const std::string& sid, const domain::change& c, const idea_moved& e) {
        if (status s = one_row(move_idea.bind(1, sid).bind(2, e.id).bind(3, e.column).bind(4, e.rank)
                                   .bind(5, e.version).bind(6, ms(c.at)));
            !s.ok())
            return s;
        return reranks(sid, e.reranked);
    }
    status apply(const std::string& sid, const domain::change& c, const idea_deleted& e) {
        return one_row(delete_idea.bind(1, sid).bind(2, e.id).bind(3, ms(c.at)));
    }
    status apply(const std::string& sid, const domain::change&, const column_added& e) {
        if (status s = shift(sid, e.index, no_upper_bound, 1); !s.ok()) return s;
        return insert_column.bind(1, sid).bind(2, e.item.id).bind(3, e.item.title).bind(4, e.index).run();
    }
    status apply(const std::string& sid, const domain::change&, const column_renamed& e) {
        return one_row(rename_column.bind(1, sid).bind(2, e.id).bind(3, e.title));
    }
    status apply(const std::string& sid, const domain::change&, const column_moved& e) {
        status err;
        const std::int64_t from = position_of(sid, e.id, err);
        if (from < 0) return err.ok() ? status{SQLITE_CONSTRAINT, "the column to move does not exist"} : err;
        status s = from < e.index ? shift(sid, from + 1, e.index, -1) : shift(sid, e.index, from - 1, 1);
        if (!s.ok()) return s;
        return one_row(set_column_position.bind(1, sid).bind(2, e.id).bind(3, e.index));
    }
    status apply(const std::string& sid, const domain::change&, const column_deleted& e) {
        status err;
        const std::int64_t from = position_of(sid, e.id, err);
        if (from < 0) return err.ok() ? status{SQLITE_CONSTRAINT, "the column to delete does not exist"} : err;
        if (status s = one_row(delete_column.bind(1, sid).bind(2, e.id)); !s.ok()) return s;
        return shift(sid, from + 1, no_upper_bound, -1);
    }
    status apply(const std::string& sid, const domain::change&, const session_updated& e) {
        return one_row(update_session.bind(1, sid).bind(2, e.title).bind(3, e.question));
    }
};

sqlite_journal::sqlite_journal(connection db)
    : db_(std::move(db)), stmts_(std::make_unique<statements>(db_)) {
    if (!stmts_->prepare_error.ok()) healthy_ = false;
    thread_ = std::thread([this] { writer_loop(); });
}

sqlite_journal::~sqlite_journal() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void sqlite_journal::create_session(board_state state, completion done) {
    enqueue({{}, [st = std::move(state)](statements& s) { return s.session(st); }, std::move(done), {}});
}

void sqlite_journal::add_participant(const session_epoch& owner, participant p, completion done) {
    enqueue({owner, [sid = owner.session_id, p = std::move(p)](statements& s) { return s.participant(sid, p); },
             std::move(done), {}});
}

void sqlite_journal::append(const session_epoch& owner, domain::change c, std::shared_ptr<const std::string> wire,
                            completion done) {
    enqueue({owner,
             [sid = owner.session_id, c = std::move(c), w = std::move(wire)](statements& s) {
                 return s.change(sid, c, *w);
             },
             std::move(done), {}});
}

void sqlite_journal::flush(std::function<void()> done) { enqueue({{}, {}, {}, std::move(done)}); }

bool sqlite_journal::poisoned(const session_epoch& s) const {
    if (s.session_id.empty()) return false;
    auto it = failed_epoch_.find(s.session_id);
    return it != failed_epoch_.end() && it->second >= s.epoch;
}

void sqlite_journal::enqueue(job j) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(j));
    }
    wake_.notify_one();
}

void sqlite_journal::writer_loop() {
    std::deque<job> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return !queue_.empty() || stopping_; });
            if (queue_.empty()) return;  // stopping, and everything is written
            const std::size_t n = std::min(queue_.size(), max_batch);
            std::move(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n), std::back_inserter(batch));
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        }
        run_batch(batch);
        batch.clear();
    }
}

void sqlite_journal::run_batch(std::deque<job>& batch) {
    std::vector<status> results(batch.size());
    bool any_write = false;
    for (const auto& j : batch) any_write = any_write || static_cast<bool>(j.run);

    status txn = stmts_->prepare_error;
    if (any_write && txn.ok()) txn = db_.exec("BEGIN IMMEDIATE");
    if (any_write && txn.ok()) {
        for (std::size_t k = 0; k < batch.size(); ++k) {
            if (!batch[k].run) continue;
            if (poisoned(batch[k].owner)) {
                results[k] = status{SQLITE_ABORT, "an earlier write of this session failed"};
                continue;
            }
            // Each write in its own savepoint: a failing one is undone alone.
            results[k] = db_.exec("SAVEPOINT w");
            if (results[k].ok()) results[k] = batch[k].run(*stmts_);
            if (results[k].ok()) {
                results[k] = db_.exec("RELEASE w");
            } else {
                db_.exec("ROLLBACK TO w; RELEASE w");
                if (!batch[k].owner.session_id.empty()) failed_epoch_[batch[k].owner.session_id] = batch[k].owner.epoch;
            }
        }
        if (int n = inject_failures_.load(); n > 0) {
            inject_failures_.store(n - 1);
            txn = status{SQLITE_FULL, "database or disk is full (injected)"};
            db_.exec("ROLLBACK");
        } else {
            txn = db_.exec("COMMIT");
            if (!txn.ok()) db_.exec("ROLLBACK");
        }
    }
    if (any_write) healthy_.store(txn.ok(), std::memory_order_relaxed);
    if (!txn.ok())  // nothing of the batch was kept: every session in it must roll back
        for (const auto& j : batch)
            if (j.run && !j.owner.session_id.empty()) {
                auto& e = failed_epoch_[j.owner.session_id];
                e = std::max(e, j.owner.epoch);
            }

    for (std::size_t k = 0; k < batch.size(); ++k) {
        if (batch[k].flushed) batch[k].flushed();
        else batch[k].done(txn.ok() ? results[k] : txn);
    }
}

}  // namespace samskab::storage

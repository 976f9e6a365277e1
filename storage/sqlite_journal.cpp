// The SQLite journal's writer thread (see sqlite_journal.hpp).
#include "storage/sqlite_journal.hpp"

#include "storage/deletion.hpp"
#include "storage/loader.hpp"
#include "storage/schema.hpp"
#include "storage/workspaces.hpp"

#include "domain/permissions.hpp"
#include "domain/replay.hpp"

#include <pthread.h>
#include <sqlite3.h>

#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace samskab::storage {

using namespace samskab::domain;

namespace {

std::int64_t flag(bool b) { return b ? 1 : 0; }

// A statement to prepare: every statement here takes the session id as parameter 1.
struct stmt_def {
    statement* target;
    std::string_view sql;
};

}  // namespace

// Every statement the writer uses, prepared once on the writer's connection, and the
// writing of each kind of row.
struct sqlite_journal::statements {
    connection& db;
    status prepare_error;
    statement upsert_session, last_seq, insert_change, upsert_column, delete_column, delete_column_clusters,
        upsert_cluster, delete_cluster, unassign_cluster, upsert_idea, delete_idea, clear_voter, insert_vote,
        clear_votes, drop_idea_votes, upsert_comment, delete_comment, delete_target_comments, clear_reactions,
        insert_reaction, upsert_trial, clear_trial_owners, insert_trial_owner, clear_trial_ideas, insert_trial_idea,
        insert_trial_learning, clear_trial_moves, insert_trial_move, clear_trial_fields, insert_trial_field, delete_trial,
        insert_decision, upsert_participant, upsert_invite, audit, recent, actions, insert_origin, origin, history;

    explicit statements(connection& c) : db(c) {
        const stmt_def defs[] = {
            {&upsert_session,
             "INSERT INTO sessions (id, code, title, question, status, created_at, template, follow_up_of, phase,"
             " anonymity, private_writing, late_ideas, vote_budget, vote_cap, fold_threshold, timer_state,"
             " timer_duration_ms, timer_ends_at, timer_remaining_ms, locked, votes_revealed, focus, join_by_code,"
             " idea_quota, phase_started_at, screen_kind, screen_id, workspace_id, deleted_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
             " ?23, ?24, ?25, ?26, ?27, ?28, ?29)"
             " ON CONFLICT (id) DO UPDATE SET title = ?3, question = ?4, status = ?5, phase = ?9, anonymity = ?10,"
             " private_writing = ?11, late_ideas = ?12, vote_budget = ?13, vote_cap = ?14, fold_threshold = ?15,"
             " timer_state = ?16, timer_duration_ms = ?17, timer_ends_at = ?18, timer_remaining_ms = ?19, locked = ?20,"
             " votes_revealed = ?21, focus = ?22, join_by_code = ?23, idea_quota = ?24, phase_started_at = ?25,"
             " screen_kind = ?26, screen_id = ?27"},
            {&last_seq, "SELECT MAX(seq) FROM changes WHERE session_id = ?1"},
            {&insert_change,
             "INSERT INTO changes (session_id, seq, participant_id, ref, at, body, action, subject_id, body_facilitators,"
             " body_subject, body_actor, withdraws) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"},
            {&upsert_column,
             "INSERT OR REPLACE INTO columns (session_id, id, title, position, deleted) VALUES (?1, ?2, ?3, ?4, 0)"},
            {&delete_column, "UPDATE columns SET deleted = 1, position = NULL WHERE session_id = ?1 AND id = ?2"},
            {&delete_column_clusters, "UPDATE clusters SET deleted = 1 WHERE session_id = ?1 AND column_id = ?2"},
            {&upsert_cluster,
             "INSERT OR REPLACE INTO clusters (session_id, id, column_id, name, deleted) VALUES (?1, ?2, ?3, ?4, 0)"},
            {&delete_cluster, "UPDATE clusters SET deleted = 1 WHERE session_id = ?1 AND id = ?2"},
            {&unassign_cluster, "UPDATE ideas SET cluster_id = 0 WHERE session_id = ?1 AND cluster_id = ?2"},
            {&upsert_idea,
             "INSERT OR REPLACE INTO ideas (session_id, id, column_id, rank, text, author_id, version, text_version,"
             " place_version, created_at, updated_at, deleted_at, cluster_id, is_private, moderated, fate, fate_reason,"
             " merged_into, trial_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, ?12, ?13, ?14, ?15,"
             " ?16, ?17, ?18)"},
            {&delete_idea, "UPDATE ideas SET deleted_at = ?3 WHERE session_id = ?1 AND id = ?2"},
            {&clear_voter, "DELETE FROM votes WHERE session_id = ?1 AND participant_id = ?2"},
            {&insert_vote, "INSERT INTO votes (session_id, participant_id, idea_id, dots) VALUES (?1, ?2, ?3, ?4)"},
            {&clear_votes, "DELETE FROM votes WHERE session_id = ?1"},
            {&drop_idea_votes, "DELETE FROM votes WHERE session_id = ?1 AND idea_id = ?2"},
            {&upsert_comment,
             "INSERT OR REPLACE INTO comments (session_id, id, target_kind, target_id, author_id, text, created_at,"
             " moderated, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)"},
            {&delete_comment, "UPDATE comments SET deleted = 1 WHERE session_id = ?1 AND id = ?2"},
            {&delete_target_comments,
             "UPDATE comments SET deleted = 1 WHERE session_id = ?1 AND target_kind = ?2 AND target_id = ?3"},
            {&clear_reactions, "DELETE FROM reactions WHERE session_id = ?1 AND target_kind = ?2 AND target_id = ?3"},
            {&insert_reaction,
             "INSERT INTO reactions (session_id, target_kind, target_id, reaction, participant_id) VALUES (?1, ?2, ?3, ?4, ?5)"},
            {&upsert_trial,
             "INSERT OR REPLACE INTO trial_actions (session_id, id, title, what, we_believe, we_know_when, start_date,"
             " review_date, status, outcome, version, created_by, created_at, updated_at, origin_session, origin_trial,"
             " deleted, spread) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0, ?17)"},
            {&clear_trial_owners, "DELETE FROM trial_owners WHERE session_id = ?1 AND trial_id = ?2"},
            {&insert_trial_owner,
             "INSERT INTO trial_owners (session_id, trial_id, position, participant_id, name) VALUES (?1, ?2, ?3, ?4, ?5)"},
            {&clear_trial_ideas, "DELETE FROM trial_ideas WHERE session_id = ?1 AND trial_id = ?2"},
            {&insert_trial_idea, "INSERT INTO trial_ideas (session_id, trial_id, position, idea_id) VALUES (?1, ?2, ?3, ?4)"},
            {&insert_trial_learning,
             "INSERT INTO trial_learnings (session_id, trial_id, id, at, by_id, by_name, text, check_in, what_happened,"
             " evidence_kind, evidence_value, evidence_unit, evidence_note, proposal)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"},
            {&clear_trial_moves, "DELETE FROM trial_review_moves WHERE session_id = ?1 AND trial_id = ?2"},
            {&insert_trial_move,
             "INSERT INTO trial_review_moves (session_id, trial_id, position, from_date, to_date, reason, by_id,"
             " by_name, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
            {&clear_trial_fields, "DELETE FROM trial_fields WHERE session_id = ?1 AND trial_id = ?2"},
            {&insert_trial_field, "INSERT INTO trial_fields (session_id, trial_id, field, version) VALUES (?1, ?2, ?3, ?4)"},
            {&delete_trial, "UPDATE trial_actions SET deleted = 1 WHERE session_id = ?1 AND id = ?2"},
            {&insert_decision,
             "INSERT INTO decisions (session_id, id, target_kind, target_id, kind, note, by_id, by_name, at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
            {&upsert_participant,
             "INSERT OR REPLACE INTO participants (session_id, id, name, role, token_hash, joined_at, removed)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
            {&upsert_invite,
             "INSERT OR REPLACE INTO invites (session_id, token_hash, role, nonce, active, created_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
            {&audit,
             "SELECT c.seq, c.at, c.participant_id, c.action, COALESCE(c.body_facilitators, c.body) FROM changes c"
             " JOIN participants p ON p.session_id = c.session_id AND p.id = c.participant_id"
             " WHERE c.session_id = ?1 AND c.seq < ?2 AND p.role IN ('facilitator', 'co_facilitator', 'manager')"
             " AND c.action IN (SELECT value FROM json_each(?4))"
             " ORDER BY c.seq DESC LIMIT ?3"},
            {&recent, recent_changes_sql},
            {&actions,
             "SELECT seq, at, participant_id, action, body FROM changes"
             " WHERE session_id = ?1 AND seq <= ?2 AND action IN (SELECT value FROM json_each(?4))"
             " ORDER BY seq LIMIT ?3"},
            {&insert_origin, "INSERT INTO session_origins (session_id, body, body_facilitators) VALUES (?1, ?2, ?3)"},
            {&origin, "SELECT body, COALESCE(body_facilitators, body) FROM session_origins WHERE session_id = ?1"},
            {&history,
             "SELECT seq, at, participant_id, body, subject_id, COALESCE(body_facilitators, body),"
             " COALESCE(body_subject, body), COALESCE(body_actor, body), action FROM changes"
             " WHERE session_id = ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3"},
        };
        for (const auto& d : defs) *d.target = db.prepare(d.sql, prepare_error);
    }

    // Runs s (already bound) and checks that it changed exactly one row.
    status one_row(statement& s) {
        status st = s.run();
        if (st.ok() && db.changes() != 1) st = status{SQLITE_CONSTRAINT, "the row to change does not exist"};
        return st;
    }

    status participant(const std::string& sid, const domain::participant& p) {
        return upsert_participant.bind(1, sid).bind(2, p.id).bind(3, p.name).bind(4, to_string(p.role_))
            .bind(5, p.token_hash).bind(6, ms(p.joined_at)).bind(7, flag(p.removed)).run();
    }

    status session(const session_info& i, const facilitation& f) {
        const settings& o = f.options;
        upsert_session.bind(1, i.id).bind(2, i.code).bind(3, i.title).bind(4, i.question)
            .bind(5, to_string(i.status)).bind(6, ms(i.created_at)).bind(7, to_string(i.template_))
            .bind(8, i.follow_up_of).bind(9, to_string(f.current)).bind(10, to_string(o.anonymity_))
            .bind(11, flag(o.private_writing)).bind(12, flag(o.late_ideas)).bind(13, o.vote_budget)
            .bind(14, o.vote_cap).bind(15, o.fold_threshold).bind(16, to_string(f.timer.state))
            .bind(17, f.timer.duration_ms).bind(18, ms(f.timer.ends_at)).bind(19, f.timer.remaining_ms)
            .bind(20, flag(f.locked)).bind(21, flag(f.votes_revealed)).bind(22, f.focus)
            .bind(23, flag(o.join_by_code)).bind(24, o.idea_quota).bind(25, ms(f.phase_started_at))
            .bind(26, to_string(f.screen.kind)).bind(27, f.screen.id).bind(28, i.workspace_id);
        if (i.deleted_at) upsert_session.bind(29, ms(*i.deleted_at));
        else upsert_session.bind_null(29);
        return upsert_session.run();
    }

    status idea(const std::string& sid, const domain::idea& i) {
        return upsert_idea.bind(1, sid).bind(2, i.id).bind(3, i.column).bind(4, i.rank).bind(5, i.text)
            .bind(6, i.author).bind(7, i.version).bind(8, i.text_version).bind(9, i.place_version)
            .bind(10, ms(i.created_at)).bind(11, ms(i.updated_at)).bind(12, i.group).bind(13, flag(i.is_private))
            .bind(14, flag(i.moderated)).bind(15, to_string(i.fate_)).bind(16, i.fate_reason).bind(17, i.merged_into)
            .bind(18, i.trial).run();
    }

    // The trial action's learnings are added to those stored (see write_set.hpp).
    status trial(const std::string& sid, const trial_action& t) {
        status s = upsert_trial.bind(1, sid).bind(2, t.id).bind(3, t.title).bind(4, t.what).bind(5, t.we_believe)
                       .bind(6, t.we_know_when).bind(7, t.start_date).bind(8, t.review_date)
                       .bind(9, to_string(t.status)).bind(10, to_string(t.result)).bind(11, t.version)
                       .bind(12, t.created_by).bind(13, ms(t.created_at)).bind(14, ms(t.updated_at))
                       .bind(15, t.origin_session).bind(16, t.origin_trial).bind(17, flag(t.spread)).run();
        for (statement* clear : {&clear_trial_owners, &clear_trial_ideas, &clear_trial_moves, &clear_trial_fields})
            if (s.ok()) s = clear->bind(1, sid).bind(2, t.id).run();
        for (std::size_t k = 0; s.ok() && k < t.owners.size(); ++k)
            s = insert_trial_owner.bind(1, sid).bind(2, t.id).bind(3, static_cast<std::int64_t>(k))
                    .bind(4, t.owners[k].id).bind(5, t.owners[k].name).run();
        for (std::size_t k = 0; s.ok() && k < t.from_ideas.size(); ++k)
            s = insert_trial_idea.bind(1, sid).bind(2, t.id).bind(3, static_cast<std::int64_t>(k)).bind(4, t.from_ideas[k]).run();
        for (std::size_t k = 0; s.ok() && k < t.learnings.size(); ++k) {
            const learning& l = t.learnings[k];
            const check_in none;
            const check_in& c = l.checked_in ? *l.checked_in : none;
            s = insert_trial_learning.bind(1, sid).bind(2, t.id).bind(3, l.id).bind(4, ms(l.at)).bind(5, l.by)
                    .bind(6, l.by_name).bind(7, l.text).bind(8, flag(l.checked_in.has_value()))
                    .bind(9, c.what_happened).bind(10, to_string(c.shown.is)).bind_real(11, c.shown.value)
                    .bind(12, c.shown.unit).bind(13, c.shown.note).bind(14, to_string(c.proposed)).run();
        }
        for (std::size_t k = 0; s.ok() && k < t.review_moves.size(); ++k) {
            const review_move& m = t.review_moves[k];
            s = insert_trial_move.bind(1, sid).bind(2, t.id).bind(3, static_cast<std::int64_t>(k)).bind(4, m.from)
                    .bind(5, m.to).bind(6, m.reason).bind(7, m.by).bind(8, m.by_name).bind(9, ms(m.at)).run();
        }
        for (auto it = t.field_versions.begin(); s.ok() && it != t.field_versions.end(); ++it)
            s = insert_trial_field.bind(1, sid).bind(2, t.id).bind(3, it->first).bind(4, it->second).run();
        return s;
    }

    // Writes every row of ws; stops at the first failure (the savepoint undoes the rest).
    status rows(const std::string& sid, const write_set& ws) {
        status s;
        auto each = [&](auto& list, auto write) {
            for (auto it = list.begin(); s.ok() && it != list.end(); ++it) s = write(*it);
        };
        if (ws.session) s = session(ws.info, ws.controls);
        if (ws.columns) {
            std::int64_t pos = 0;
            each(ws.column_order, [&](const column& c) {
                return upsert_column.bind(1, sid).bind(2, c.id).bind(3, c.title).bind(4, pos++).run();
            });
        }
        each(ws.columns_deleted, [&](column_id id) {
            status r = delete_column.bind(1, sid).bind(2, id).run();
            return r.ok() ? delete_column_clusters.bind(1, sid).bind(2, id).run() : r;
        });
        each(ws.clusters, [&](const cluster& c) {
            return upsert_cluster.bind(1, sid).bind(2, c.id).bind(3, c.column).bind(4, c.name).run();
        });
        each(ws.clusters_deleted, [&](cluster_id id) {
            status r = delete_cluster.bind(1, sid).bind(2, id).run();
            return r.ok() ? unassign_cluster.bind(1, sid).bind(2, id).run() : r;
        });
        each(ws.ideas, [&](const domain::idea& i) { return idea(sid, i); });
        each(ws.ideas_deleted, [&](idea_id id) { return one_row(delete_idea.bind(1, sid).bind(2, id).bind(3, ms(ws.at))); });
        if (s.ok() && ws.votes_cleared) s = clear_votes.bind(1, sid).run();
        each(ws.votes_on_deleted, [&](idea_id id) { return drop_idea_votes.bind(1, sid).bind(2, id).run(); });
        each(ws.votes_of, [&](const auto& voter) {
            status r = clear_voter.bind(1, sid).bind(2, voter.first).run();
            for (auto it = voter.second.begin(); r.ok() && it != voter.second.end(); ++it)
                r = insert_vote.bind(1, sid).bind(2, voter.first).bind(3, it->first).bind(4, it->second).run();
            return r;
        });
        each(ws.comments, [&](const comment& c) {
            return upsert_comment.bind(1, sid).bind(2, c.id).bind(3, to_string(c.on)).bind(4, c.target)
                .bind(5, c.author).bind(6, c.text).bind(7, ms(c.created_at)).bind(8, flag(c.moderated)).run();
        });
        each(ws.comments_deleted, [&](comment_id id) { return one_row(delete_comment.bind(1, sid).bind(2, id)); });
        each(ws.targets_deleted, [&](const target_key& t) {
            status r = delete_target_comments.bind(1, sid).bind(2, to_string(t.first)).bind(3, t.second).run();
            return r.ok() ? clear_reactions.bind(1, sid).bind(2, to_string(t.first)).bind(3, t.second).run() : r;
        });
        each(ws.reactions, [&](const auto& target) {
            const auto& [key, set] = target;
            status r = clear_reactions.bind(1, sid).bind(2, to_string(key.first)).bind(3, key.second).run();
            for (const auto& [what, who] : set.given)
                for (auto it = who.begin(); r.ok() && it != who.end(); ++it)
                    r = insert_reaction.bind(1, sid).bind(2, to_string(key.first)).bind(3, key.second)
                            .bind(4, to_string(what)).bind(5, *it).run();
            return r;
        });
        each(ws.trials, [&](const trial_action& t) { return trial(sid, t); });
        each(ws.trials_deleted, [&](trial_id id) { return one_row(delete_trial.bind(1, sid).bind(2, id)); });
        each(ws.decisions, [&](const decision& d) {
            return insert_decision.bind(1, sid).bind(2, d.id).bind(3, to_string(d.on)).bind(4, d.target)
                .bind(5, to_string(d.kind)).bind(6, d.note).bind(7, d.by).bind(8, d.by_name).bind(9, ms(d.at)).run();
        });
        each(ws.participants, [&](const domain::participant& p) { return participant(sid, p); });
        each(ws.invites, [&](const invite& i) {
            return upsert_invite.bind(1, sid).bind(2, i.token_hash).bind(3, to_string(i.for_role)).bind(4, i.nonce)
                .bind(5, flag(i.active)).bind(6, ms(i.created_at)).run();
        });
        return s;
    }

    // Writes change c: the seq guard, the history row and the rows it touched.
    // Each session's last change: committed (`committed_seq`), and written by the open
    // transaction (`batch_seq`), which becomes committed with it or is dropped. Kept
    // here rather than in the session's row: updating that row for every change cost a
    // third of the journal's throughput (BENCHMARKS.md, scenario f).
    std::unordered_map<std::string, seq_t> committed_seq, batch_seq;

    status seq_before(const std::string& sid, seq_t& out) {
        if (auto it = batch_seq.find(sid); it != batch_seq.end()) return out = it->second, status{};
        if (auto it = committed_seq.find(sid); it != committed_seq.end()) return out = it->second, status{};
        // The first change of this session since start-up: nothing of it in this
        // transaction yet, so the table holds what is committed.
        status err;
        last_seq.bind(1, sid);
        out = last_seq.step(err) ? last_seq.column_int(0) : 0;
        last_seq.reset();
        if (err.ok()) committed_seq.emplace(sid, out);
        return err;
    }

    status change(const std::string& sid, const domain::change& c, const change_texts& t, const write_set& ws) {
        seq_t before = 0;
        if (status s = seq_before(sid, before); !s.ok()) return s;
        if (c.seq != before + 1)
            return status{SQLITE_CONSTRAINT, "change " + std::to_string(c.seq) + " is out of order (the last is " +
                                                 std::to_string(before) + ")"};
        insert_change.bind(1, sid).bind(2, c.seq).bind(3, c.by).bind(4, c.ref).bind(5, ms(c.at)).bind(6, *t.others)
            .bind(7, c.action).bind(8, t.subject_id);
        int k = 9;
        for (const auto* text : {&t.facilitators, &t.subject, &t.actor}) {
            if (*text && **text != *t.others) insert_change.bind(k, **text);
            else insert_change.bind_null(k);
            ++k;
        }
        insert_change.bind(12, flag(domain::withdraws(c.what)));
        if (status s = insert_change.run(); !s.ok()) return s;
        status s = rows(sid, ws);
        if (s.ok()) batch_seq[sid] = c.seq;
        return s;
    }

    // A new session's snapshot at seq 0, the start of its history.
    status new_origin(const std::string& sid, const origin_texts& o) {
        insert_origin.bind(1, sid).bind(2, o.others);
        if (o.facilitators != o.others) insert_origin.bind(3, o.facilitators);
        else insert_origin.bind_null(3);
        return insert_origin.run();
    }

    // Replaces out (a batch may be run twice, see run_batch).
    status read_history(const std::string& sid, seq_t upto, std::int64_t limit, stored_history& out) {
        out = stored_history{};
        status err;
        origin.bind(1, sid);
        if (origin.step(err)) out.origin = origin_texts{origin.column_text(0), origin.column_text(1)};
        origin.reset();
        if (!err.ok()) return err;
        history.bind(1, sid).bind(2, upto).bind(3, limit);
        while (history.step(err)) {
            history_row r{history.column_int(0), time_point{std::chrono::milliseconds{history.column_int(1)}},
                          history.column_int(2), {}, history.column_text(8)};
            r.texts.others = std::make_shared<const std::string>(history.column_text(3));
            // Most versions are everyone else's text: shared, not copied.
            auto text = [&](int column) {
                const std::string_view v = history.column_view(column);
                return v == *r.texts.others ? r.texts.others : std::make_shared<const std::string>(v);
            };
            r.texts.subject_id = history.column_int(4);
            r.texts.facilitators = text(5);
            r.texts.subject = text(6);
            r.texts.actor = text(7);
            out.changes.push_back(std::move(r));
        }
        history.reset();
        return err;
    }

    // The highest ids a session used keep their deleted items' rows, so that no id is
    // used twice (the loader takes the largest id of each table as the last one used). A
    // session from an archive has only the largest: one deleted row in each table whose
    // last id is above every present item's.
    status tombstones(const write_set& ws, const workshop_state& st) {
        auto above = [](std::int64_t last, const auto& items) {
            for (const auto& i : items)
                if (i.id >= last) return false;
            return last > 0;
        };
        const std::pair<bool, std::string_view> rows[] = {
            {above(st.board.last_idea_id, ws.ideas),
             "INSERT INTO ideas (session_id, id, column_id, rank, text, author_id, version, text_version, place_version,"
             " created_at, updated_at, deleted_at) VALUES (?1, ?2, 0, 0, '', 0, 1, 1, 1, 0, 0, 0)"},
            {above(st.board.last_column_id, ws.column_order),
             "INSERT INTO columns (session_id, id, title, position, deleted) VALUES (?1, ?2, '', NULL, 1)"},
            {above(st.board.last_cluster_id, ws.clusters),
             "INSERT INTO clusters (session_id, id, column_id, name, deleted) VALUES (?1, ?2, 0, '', 1)"},
            {above(st.last_comment_id, ws.comments),
             "INSERT INTO comments (session_id, id, target_kind, target_id, author_id, text, created_at, moderated,"
             " deleted) VALUES (?1, ?2, 'idea', 0, 0, '', 0, 0, 1)"},
            {above(st.last_trial_id, ws.trials),
             "INSERT INTO trial_actions (session_id, id, title, what, we_believe, we_know_when, start_date, review_date,"
             " status, outcome, version, created_by, created_at, updated_at, origin_session, origin_trial, deleted,"
             " spread) VALUES (?1, ?2, '', '', '', '', '', '', 'proposed', 'none', 1, 0, 0, 0, '', 0, 1, 0)"},
        };
        const std::int64_t last[] = {st.board.last_idea_id, st.board.last_column_id, st.board.last_cluster_id,
                                     st.last_comment_id, st.last_trial_id};
        for (std::size_t k = 0; k < std::size(rows); ++k) {
            if (!rows[k].first) continue;
            status err;
            statement insert = db.prepare(rows[k].second, err);
            if (!err.ok()) return err;
            if (status s = insert.bind(1, ws.info.id).bind(2, last[k]).run(); !s.ok()) return s;
        }
        return status{};
    }

    // A session from an archive: its rows, then its history (see journal::import_session).
    status import(const write_set& ws, const workshop_state& st, const std::vector<audit_row>& changes) {
        const std::string& sid = ws.info.id;
        if (status s = rows(sid, ws); !s.ok()) return s;
        if (status s = tombstones(ws, st); !s.ok()) return s;
        if (ws.origin)
            if (status s = new_origin(sid, *ws.origin); !s.ok()) return s;
        seq_t last = 0;
        for (const auto& c : changes) {
            if (c.seq <= last) return status{SQLITE_CONSTRAINT, "the imported history is out of order"};
            last = c.seq;
            insert_change.bind(1, sid).bind(2, c.seq).bind(3, c.actor).bind(4, std::string()).bind(5, ms(c.at))
                .bind(6, c.text).bind(7, c.action).bind(8, std::int64_t{0});
            for (int k = 9; k <= 11; ++k) insert_change.bind_null(k);
            insert_change.bind(12, std::int64_t{1});
            if (status s = insert_change.run(); !s.ok()) return s;
        }
        batch_seq[sid] = last;
        return status{};
    }

    // Replaces out (a batch may be run twice, see run_batch).
    status read_audit(const std::string& sid, seq_t before, std::int64_t limit, std::vector<audit_row>& out) {
        out.clear();
        status err;
        // Only the audited actions (domain::audited_actions), also for changes written
        // before that rule: contributions and votes never reach the log.
        static const std::string audited = [] {
            std::string list = "[";
            for (std::string_view name : domain::audited_actions()) {
                if (list.size() > 1) list += ',';
                list += '"' + std::string(name) + '"';  // wire names: [a-z._] only
            }
            return list + "]";
        }();
        audit.bind(1, sid).bind(2, before).bind(3, limit).bind(4, audited);
        while (audit.step(err))
            out.push_back(audit_row{audit.column_int(0), time_point{std::chrono::milliseconds{audit.column_int(1)}},
                                    audit.column_int(2), audit.column_text(3), audit.column_text(4)});
        audit.reset();
        return err;
    }

    // Replaces out (as read_audit).
    status read_actions(const std::string& sid, seq_t upto, const std::vector<std::string>& names, std::int64_t limit,
                        std::vector<audit_row>& out) {
        out.clear();
        status err;
        std::string list = "[";
        for (const auto& name : names) {
            // Wire names are [a-z._] only; anything else names no command.
            if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz._") != std::string::npos) continue;
            if (list.size() > 1) list += ',';
            list += '"' + name + '"';
        }
        list += "]";
        actions.bind(1, sid).bind(2, upto).bind(3, limit).bind(4, list);
        while (actions.step(err))
            out.push_back(audit_row{actions.column_int(0), time_point{std::chrono::milliseconds{actions.column_int(1)}},
                                    actions.column_int(2), actions.column_text(3), actions.column_text(4)});
        actions.reset();
        return err;
    }
};

sqlite_journal::sqlite_journal(connection db)
    : db_(std::move(db)), stmts_(std::make_unique<statements>(db_)) {
    if (!stmts_->prepare_error.ok()) healthy_ = false;
    const char* file = sqlite3_db_filename(db_.handle(), "main");
    status err;
    if (file && *file) checkpoint_db_ = connection::open(file, err);
    // Without a second connection the writer's own (automatic) checkpoints stay on.
    if (checkpoint_db_ && checkpoint_db_->exec("PRAGMA busy_timeout = 5000").ok()) {
        sqlite3_wal_hook(db_.handle(), &sqlite_journal::on_wal_commit, this);  // replaces the automatic ones
        checkpointer_ = std::thread([this] { checkpoint_loop(); });
    } else {
        checkpoint_db_.reset();
    }
    thread_ = std::thread([this] { writer_loop(); });
}

sqlite_journal::~sqlite_journal() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    if (checkpointer_.joinable()) {
        {
            std::lock_guard lock(checkpoint_mutex_);
            checkpoint_stopping_ = true;
        }
        checkpoint_wake_.notify_one();
        checkpointer_.join();
    }
}

// Runs on the writer's thread, inside each COMMIT: frames is the WAL's size in pages.
int sqlite_journal::on_wal_commit(void* self, sqlite3*, const char*, int frames) {
    auto* j = static_cast<sqlite_journal*>(self);
    if (frames >= checkpoint_frames) {
        {
            std::lock_guard lock(j->checkpoint_mutex_);
            j->wal_frames_ = frames;
        }
        j->checkpoint_wake_.notify_one();
    }
    return SQLITE_OK;
}

void sqlite_journal::checkpoint_loop() {
    pthread_setname_np(pthread_self(), "samskab-ckpt");
    for (;;) {
        int frames = 0;
        checkpoint_observer observer;
        {
            std::unique_lock lock(checkpoint_mutex_);
            checkpoint_wake_.wait(lock, [&] { return wal_frames_ > 0 || checkpoint_stopping_; });
            if (checkpoint_stopping_) return;
            frames = std::exchange(wal_frames_, 0);
            observer = checkpoint_observer_;
        }
        // PASSIVE copies what it can while the writer goes on. RESTART also waits for a
        // moment between two transactions (blocking the writer meanwhile) and makes the next
        // one start the WAL over. A checkpoint that fails is simply tried again later: the
        // WAL keeps every committed change either way.
        const int mode = frames >= restart_frames ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
        checkpoint_report r;
        r.restart = mode == SQLITE_CHECKPOINT_RESTART;
        const auto began = std::chrono::steady_clock::now();
        const int rc = sqlite3_wal_checkpoint_v2(checkpoint_db_->handle(), nullptr, mode, &r.wal_pages,
                                                 &r.checkpointed_pages);
        r.took = std::chrono::steady_clock::now() - began;
        r.busy = rc == SQLITE_BUSY;
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) r.error = sqlite3_errmsg(checkpoint_db_->handle());
        if (observer) observer(r);
    }
}

void sqlite_journal::observe_checkpoints(checkpoint_observer f) {
    std::lock_guard lock(checkpoint_mutex_);
    checkpoint_observer_ = std::move(f);
}

void sqlite_journal::create_session(write_set rows, completion done) {
    enqueue({{},
             [ws = std::move(rows)](statements& s) {
                 status st = s.rows(ws.info.id, ws);
                 if (st.ok() && ws.origin) st = s.new_origin(ws.info.id, *ws.origin);
                 return st;
             },
             std::move(done), {}, {}});
}

void sqlite_journal::add_participant(const session_epoch& owner, participant p, completion done) {
    enqueue({owner, [sid = owner.session_id, p = std::move(p)](statements& s) { return s.participant(sid, p); },
             std::move(done), {}, {}});
}

void sqlite_journal::append(const session_epoch& owner, domain::change c, change_texts texts, write_set rows,
                            completion done) {
    enqueue({owner,
             [sid = owner.session_id, c = std::move(c), t = std::move(texts), ws = std::move(rows)](statements& s) {
                 return s.change(sid, c, t, ws);
             },
             std::move(done), {}, {}});
}

void sqlite_journal::read_audit(std::string session_id, seq_t before, std::int64_t limit, audit_completion done) {
    // One more than asked for tells whether there are more.
    auto rows = std::make_shared<std::vector<audit_row>>();
    enqueue({{},
             [sid = std::move(session_id), before, limit, rows](statements& s) {
                 return s.read_audit(sid, before, limit + 1, *rows);
             },
             [rows, limit, done = std::move(done)](const status& st) {
                 const bool more = static_cast<std::int64_t>(rows->size()) > limit;
                 if (more) rows->pop_back();
                 done(st, std::move(*rows), more);
             },
             {},
             {}});
}

sqlite_journal::counters sqlite_journal::stats() const {
    return {transactions_.load(std::memory_order_relaxed), writes_.load(std::memory_order_relaxed),
            largest_.load(std::memory_order_relaxed)};
}

void sqlite_journal::read_actions(std::string session_id, seq_t upto, std::vector<std::string> names,
                                  std::int64_t limit, audit_completion done) {
    // One more than asked for tells whether there are more.
    auto rows = std::make_shared<std::vector<audit_row>>();
    job j;
    j.run = [sid = std::move(session_id), upto, names = std::move(names), limit, rows](statements& s) {
        return s.read_actions(sid, upto, names, limit + 1, *rows);
    };
    j.done = [rows, limit, done = std::move(done)](const status& st) {
        const bool more = static_cast<std::int64_t>(rows->size()) > limit;
        if (more) rows->pop_back();
        done(st, std::move(*rows), more);
    };
    enqueue(std::move(j));
}

void sqlite_journal::read_history(std::string session_id, seq_t upto, std::int64_t limit, history_completion done) {
    // One more than asked for tells whether there are more.
    auto got = std::make_shared<stored_history>();
    job j;
    j.run = [sid = std::move(session_id), upto, limit, got](statements& s) {
        return s.read_history(sid, upto, limit + 1, *got);
    };
    j.done = [got, limit, done = std::move(done)](const status& st) {
        got->more = static_cast<std::int64_t>(got->changes.size()) > limit;
        if (got->more) got->changes.pop_back();
        done(st, std::move(*got));
    };
    enqueue(std::move(j));
}

void sqlite_journal::read_recent(std::string session_id, std::size_t limit, recent_completion done) {
    auto rows = std::make_shared<std::vector<stored_change>>();
    job j;  // (member by member: GCC 12 sees `{{}, ...}` as reading an uninitialised owner)
    j.run = [sid = std::move(session_id), limit, rows](statements& s) {
        return storage::read_recent(s.recent, sid, limit, *rows);
    };
    j.done = [rows, done = std::move(done)](const status& st) { done(st, std::move(*rows)); };
    enqueue(std::move(j));
}

void sqlite_journal::import_session(write_set rows, workshop_state last_ids, std::vector<audit_row> history,
                                    completion done) {
    job j;
    j.run = [ws = std::move(rows), st = std::move(last_ids), h = std::move(history)](statements& s) {
        return s.import(ws, st, h);
    };
    j.done = std::move(done);
    enqueue(std::move(j));
}

void sqlite_journal::read_workspace(std::string id, workspace_completion done) {
    auto found = std::make_shared<std::optional<domain::workspace>>();
    job j;
    j.run = [id = std::move(id), found](statements& s) {
        status err;
        *found = storage::read_workspace(s.db, id, err);
        return err;
    };
    j.done = [found, done = std::move(done)](const status& st) { done(st, std::move(*found)); };
    enqueue(std::move(j));
}

void sqlite_journal::change_workspace_links(std::string id, domain::workspace_role role,
                                            std::optional<domain::workspace_link> renewal, completion done) {
    job j;
    j.run = [id = std::move(id), role, renewal = std::move(renewal)](statements& s) {
        return write_link_change(s.db, id, role, renewal);
    };
    j.done = std::move(done);
    enqueue(std::move(j));
}

void sqlite_journal::change_workspace_settings(std::string id, std::int64_t overload_limit,
                                               std::int64_t retention_months, completion done) {
    job j;
    j.run = [id = std::move(id), overload_limit, retention_months](statements& s) {
        return write_workspace_settings(s.db, id, overload_limit, retention_months);
    };
    j.done = std::move(done);
    enqueue(std::move(j));
}

void sqlite_journal::read_retention_candidates(retention_completion done) {
    auto found = std::make_shared<std::vector<retention_candidate>>();
    job j;
    j.run = [found](statements& s) {
        status err;
        *found = retention_candidates(s.db, err);
        return err;
    };
    j.done = [found, done = std::move(done)](const status& st) { done(st, std::move(*found)); };
    enqueue(std::move(j));
}

void sqlite_journal::remove_names(domain::workshop_state st, text_scrub scrub, domain::time_point at,
                                  completion done) {
    job j;
    j.run = [st = std::move(st), scrub = std::move(scrub), at](statements& s) {
        return write_removed_names(s.db, st, scrub, at);
    };
    // As after a deletion: no copy of a page with the names stays in the WAL. A reader
    // that keeps the checkpoint from finishing leaves it to the next one.
    j.after_commit = [](statements& s) { (void)empty_wal(s.db); };
    j.done = std::move(done);
    enqueue(std::move(j));
}

void sqlite_journal::delete_session(std::string id, std::optional<kept_shell> shell, deletion_completion done) {
    auto outcome = std::make_shared<deletion_outcome>(deletion_outcome::not_found);
    auto wal_emptied = std::make_shared<bool>(false);
    job j;
    j.run = [id, outcome, shell = std::move(shell)](statements& s) {
        if (!shell) return delete_session_rows(s.db, id, *outcome);
        status err;
        const auto closed = closed_at_ms(s.db, id, err);
        if (!err.ok()) return err;
        if (status st = delete_session_rows(s.db, id, *outcome, true); !st.ok()) return st;
        if (*outcome != deletion_outcome::deleted) return status{};
        if (status st = s.import(shell->rows, shell->state, {}); !st.ok()) return st;
        statement set = s.db.prepare("UPDATE sessions SET closed_at = ?2 WHERE id = ?1", err);
        if (!set.valid()) return err;
        const auto deleted = shell->state.info.deleted_at.value_or(domain::time_point{});
        return set.bind(1, id).bind(2, closed.value_or(ms(deleted))).run();
    };
    j.after_commit = [id, wal_emptied](statements& s) {
        s.committed_seq.erase(id);
        *wal_emptied = empty_wal(s.db).ok();
    };
    j.done = [outcome, wal_emptied, done = std::move(done)](const status& st) { done(st, *outcome, *wal_emptied); };
    enqueue(std::move(j));
}

void sqlite_journal::flush(std::function<void()> done) {
    job j;
    j.flushed = std::move(done);
    enqueue(std::move(j));
}

void sqlite_journal::probe_write(completion done) {
    job j;
    // Setting the schema version to what it is writes the header page all the same: one
    // page in the WAL, committed and synced like any write.
    j.run = [](statements& s) {
        const int version = schema_version(s.db);
        if (version < 0) return s.db.last_error();
        return s.db.exec("PRAGMA user_version = " + std::to_string(version));
    };
    j.done = std::move(done);
    enqueue(std::move(j));
}

bool sqlite_journal::poisoned(const session_epoch& s) const {
    if (s.session_id.empty()) return false;
    auto it = failed_epoch_.find(s.session_id);
    return it != failed_epoch_.end() && it->second >= s.epoch;
}

void sqlite_journal::enqueue(job j) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(j));
        waiting_.fetch_add(1, std::memory_order_relaxed);
    }
    wake_.notify_one();
}

void sqlite_journal::writer_loop() {
    // A name for top, perf and /proc/PID/task/*/comm (at most 15 characters).
    pthread_setname_np(pthread_self(), "samskab-journal");
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
        waiting_.fetch_sub(batch.size(), std::memory_order_relaxed);
        batch.clear();
    }
}

status sqlite_journal::run_writes(std::deque<job>& batch, std::vector<status>& results, bool savepoints) {
    for (std::size_t k = 0; k < batch.size(); ++k) {
        if (!batch[k].run) continue;
        if (poisoned(batch[k].owner)) {
            results[k] = status{SQLITE_ABORT, "an earlier write of this session failed"};
            continue;
        }
        if (!savepoints) {
            results[k] = batch[k].run(*stmts_);
            if (!results[k].ok()) return results[k];
            continue;
        }
        // What the write advances is undone with it.
        const std::string& sid = batch[k].owner.session_id;
        const auto seq_it = stmts_->batch_seq.find(sid);
        const std::optional<seq_t> seq_before =
            seq_it == stmts_->batch_seq.end() ? std::nullopt : std::optional<seq_t>(seq_it->second);
        results[k] = db_.exec("SAVEPOINT w");
        if (results[k].ok()) results[k] = batch[k].run(*stmts_);
        if (results[k].ok()) results[k] = db_.exec("RELEASE w");
        if (!results[k].ok()) {
            if (seq_before) stmts_->batch_seq[sid] = *seq_before;
            else stmts_->batch_seq.erase(sid);
            if (!batch[k].owner.session_id.empty()) failed_epoch_[batch[k].owner.session_id] = batch[k].owner.epoch;
            // If the write cannot be undone alone, or SQLite has rolled the whole
            // transaction back already (a full disk, an I/O error), the writes after it
            // would run outside the transaction: the batch fails as a whole.
            const status undo = db_.exec("ROLLBACK TO w; RELEASE w");
            if (!undo.ok()) return undo;
            if (!db_.in_transaction())
                return status{SQLITE_ABORT, "the transaction ended with a failed write: " + results[k].message};
        }
    }
    return status::success();
}

void sqlite_journal::run_batch(std::deque<job>& batch) {
    std::vector<status> results(batch.size());
    bool any_write = false;
    for (const auto& j : batch) any_write = any_write || static_cast<bool>(j.run);

    status txn = stmts_->prepare_error;
    if (any_write && txn.ok()) txn = db_.exec("BEGIN IMMEDIATE");
    if (any_write && txn.ok()) {
        // Writes rarely fail, so they all go straight into the transaction. If one does,
        // the transaction is rolled back and the batch run again with each write in a
        // savepoint of its own, which undoes the failing one alone. (A savepoint around
        // every write would cost two more statements per write, and SQLite would copy
        // each page a write touches to its statement journal first.)
        stmts_->batch_seq.clear();
        if (!run_writes(batch, results, false).ok()) {
            txn = db_.rollback();
            stmts_->batch_seq.clear();
            results.assign(batch.size(), status{});
            if (txn.ok()) txn = db_.exec("BEGIN IMMEDIATE");
            if (txn.ok()) txn = run_writes(batch, results, true);
        }
        if (!txn.ok()) {
            // Nothing of the batch is kept: undo whatever is left open.
            txn = db_.rollback_after(std::move(txn));
        } else if (int n = inject_failures_.load(); n > 0) {
            inject_failures_.store(n - 1);
            txn = db_.rollback_after(status{SQLITE_FULL, "database or disk is full (injected)"});
        } else {
            txn = db_.exec("COMMIT");
            if (!txn.ok()) txn = db_.rollback_after(std::move(txn));
        }
    }
    if (any_write) healthy_.store(txn.ok(), std::memory_order_relaxed);
    if (txn.ok())
        for (auto& [sid, seq] : stmts_->batch_seq) stmts_->committed_seq[sid] = seq;
    stmts_->batch_seq.clear();
    if (any_write && txn.ok()) {
        std::uint64_t n = 0;
        for (const auto& j : batch) n += j.run ? 1 : 0;
        transactions_.fetch_add(1, std::memory_order_relaxed);
        writes_.fetch_add(n, std::memory_order_relaxed);
        if (n > largest_.load(std::memory_order_relaxed)) largest_.store(n, std::memory_order_relaxed);
    }
    if (!txn.ok())  // nothing of the batch was kept: every session in it must roll back
        for (const auto& j : batch)
            if (j.run && !j.owner.session_id.empty()) {
                auto& e = failed_epoch_[j.owner.session_id];
                e = std::max(e, j.owner.epoch);
            }

    if (txn.ok())
        for (std::size_t k = 0; k < batch.size(); ++k)
            if (batch[k].after_commit && results[k].ok()) batch[k].after_commit(*stmts_);
    for (std::size_t k = 0; k < batch.size(); ++k) {
        if (batch[k].flushed) batch[k].flushed();
        else batch[k].done(txn.ok() ? results[k] : txn);
    }
}

}  // namespace samskab::storage

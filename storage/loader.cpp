// Start-up loading (see loader.hpp). One pass over each state table, the ideas and votes
// on a second thread (and connection), and, if asked, one indexed range read of the
// changes table per session: the time taken grows with the size of the sessions, not
// with the length of their history.
#include "storage/loader.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

namespace samskab::storage {

using namespace samskab::domain;

namespace {

// Runs sql and calls row(stmt) for each row. Returns the first error.
template <class F>
status each_row(connection& db, std::string_view sql, F&& row) {
    status err;
    statement s = db.prepare(sql, err);
    if (!s.valid()) return err;
    while (s.step(err)) row(s);
    return err;
}

template <class E>
E parse_or(std::optional<E> v, E fallback) {
    return v.value_or(fallback);
}

}  // namespace

const std::string_view recent_changes_sql =
    "SELECT seq, participant_id, ref, body, subject_id, body_facilitators, body_subject, body_actor, withdraws"
    " FROM changes"
    " WHERE session_id = ?1 ORDER BY seq DESC LIMIT ?2";

status read_recent(statement& query, const std::string& session_id, std::size_t limit, std::vector<stored_change>& out) {
    out.clear();
    auto text_or = [&](int column, const std::shared_ptr<const std::string>& fallback) {
        return query.column_is_null(column) ? fallback : std::make_shared<const std::string>(query.column_text(column));
    };
    status err;
    query.bind(1, session_id).bind(2, static_cast<std::int64_t>(limit));
    while (query.step(err)) {
        stored_change c{query.column_int(0), query.column_int(1), query.column_text(2), {}};
        c.texts.others = std::make_shared<const std::string>(query.column_text(3));
        c.texts.subject_id = query.column_int(4);
        c.texts.facilitators = text_or(5, c.texts.others);
        c.texts.subject = text_or(6, c.texts.others);
        c.texts.actor = text_or(7, c.texts.others);
        c.withdraws = query.column_int(8) != 0;
        out.push_back(std::move(c));
    }
    query.reset();
    std::reverse(out.begin(), out.end());
    return err;
}

namespace {

// Finds the session of a row (its column 0). Rows mostly come ordered by session: the
// last one found is checked first, without copying the id. One per thread.
class session_finder {
public:
    session_finder(const std::unordered_map<std::string, std::size_t>& index, std::vector<loaded_session>& sessions)
        : index_(index), sessions_(sessions) {}

    workshop_state* operator()(statement& r) {
        const std::string_view id = r.column_view(0);
        if (last_ && id == last_id_) return last_;
        last_id_ = id;
        auto it = index_.find(last_id_);
        last_ = it == index_.end() ? nullptr : &sessions_[it->second].state;
        return last_;
    }

    // Runs sql, whose column 0 is the session's id, and calls f(state, row) for each
    // row of a loaded session; the rows of other sessions are skipped.
    template <class F>
    status each(connection& db, std::string_view sql, F&& f) {
        return each_row(db, sql, [&](statement& r) {
            if (workshop_state* st = (*this)(r)) f(*st, r);
        });
    }

private:
    const std::unordered_map<std::string, std::size_t>& index_;
    std::vector<loaded_session>& sessions_;
    std::string last_id_;
    workshop_state* last_ = nullptr;
};

// The ideas and votes of every session: about half of the work of loading.
status load_ideas(connection& db, session_finder& session_of) {
    status s =
        session_of.each(db,
                        "SELECT session_id, id, column_id, rank, text, author_id, version, text_version, place_version,"
                        " created_at, updated_at, deleted_at IS NOT NULL, cluster_id, is_private, moderated, fate,"
                        " fate_reason, merged_into, trial_id FROM ideas",
                        [&](workshop_state& st, statement& r) {
                            idea i;
                            i.id = r.column_int(1);
                            st.board.last_idea_id = std::max(st.board.last_idea_id, i.id);
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
                            i.group = r.column_int(12);
                            i.is_private = r.column_int(13) != 0;
                            i.moderated = r.column_int(14) != 0;
                            i.fate_ = parse_or(fate_from_string(r.column_view(15)), fate::open);
                            i.fate_reason = r.column_text(16);
                            i.merged_into = r.column_int(17);
                            i.trial = r.column_int(18);
                            st.board.ideas.push_back(std::move(i));
                        });
    if (!s.ok()) return s;
    return session_of.each(
        db, "SELECT session_id, participant_id, idea_id, dots FROM votes",
        [&](workshop_state& st, statement& r) { st.votes[r.column_int(1)][r.column_int(2)] = r.column_int(3); });
}

// The sessions table: one state per session, with its controls and its last seq.
status load_session_rows(connection& db, std::unordered_map<std::string, std::size_t>& index,
                         std::vector<loaded_session>& sessions) {
    return each_row(db,
                    "SELECT id, code, title, question, status, created_at,"
                    " COALESCE((SELECT MAX(c.seq) FROM changes c WHERE c.session_id = sessions.id), 0),"
                    " template, follow_up_of, phase,"
                    " anonymity, private_writing, late_ideas, vote_budget, vote_cap, fold_threshold, timer_state,"
                    " timer_duration_ms, timer_ends_at, timer_remaining_ms, locked, votes_revealed, focus,"
                    " join_by_code, idea_quota, phase_started_at, screen_kind, screen_id, workspace_id, deleted_at"
                    " FROM sessions ORDER BY created_at, id",
                    [&](statement& r) {
                        loaded_session ls;
                        auto& st = ls.state;
                        auto& i = st.info;
                        i.id = r.column_text(0);
                        i.code = r.column_text(1);
                        i.title = r.column_text(2);
                        i.question = r.column_text(3);
                        i.status = parse_or(session_status_from_string(r.column_text(4)), session_status::closed);
                        i.created_at = from_ms(r.column_int(5));
                        st.seq = r.column_int(6);
                        i.template_ = parse_or(template_from_string(r.column_text(7)), session_template::idea_workshop);
                        i.follow_up_of = r.column_text(8);
                        i.workspace_id = r.column_text(28);
                        if (!r.column_is_null(29)) i.deleted_at = from_ms(r.column_int(29));
                        auto& f = st.controls;
                        f.current = parse_or(phase_from_string(r.column_text(9)), phase::welcome);
                        f.options.anonymity_ = parse_or(anonymity_from_string(r.column_text(10)), anonymity::anonymous);
                        f.options.private_writing = r.column_int(11) != 0;
                        f.options.late_ideas = r.column_int(12) != 0;
                        f.options.vote_budget = r.column_int(13);
                        f.options.vote_cap = r.column_int(14);
                        f.options.fold_threshold = r.column_int(15);
                        const std::string timer = r.column_text(16);
                        f.timer.state = timer == "running"  ? timer_state::status::running
                                        : timer == "paused" ? timer_state::status::paused
                                                            : timer_state::status::idle;
                        f.timer.duration_ms = r.column_int(17);
                        f.timer.ends_at = from_ms(r.column_int(18));
                        f.timer.remaining_ms = r.column_int(19);
                        f.locked = r.column_int(20) != 0;
                        f.votes_revealed = r.column_int(21) != 0;
                        f.focus = r.column_int(22);
                        f.options.join_by_code = r.column_int(23) != 0;
                        f.options.idea_quota = r.column_int(24);
                        f.phase_started_at = from_ms(r.column_int(25));
                        f.screen.kind = parse_or(screen_kind_from_string(r.column_text(26)), screen_kind::none);
                        f.screen.id = f.screen.kind == screen_kind::none ? 0 : r.column_int(27);
                        index.emplace(i.id, sessions.size());
                        sessions.push_back(std::move(ls));
                    });
}

// The columns and clusters of every board (the ideas come from load_ideas).
status load_board_places(connection& db, session_finder& session_of) {
    status s =
        session_of.each(db, "SELECT session_id, id, title, deleted FROM columns ORDER BY session_id, deleted, position",
                        [&](workshop_state& st, statement& r) {
                            const column_id id = r.column_int(1);
                            st.board.last_column_id = std::max(st.board.last_column_id, id);
                            if (r.column_int(3) == 0) st.board.columns.push_back(column{id, r.column_text(2)});
                        });
    if (!s.ok()) return s;

    s = session_of.each(db, "SELECT session_id, id, column_id, name, deleted FROM clusters",
                        [&](workshop_state& st, statement& r) {
                            const cluster_id id = r.column_int(1);
                            st.board.last_cluster_id = std::max(st.board.last_cluster_id, id);
                            if (r.column_int(4) == 0)
                                st.board.clusters.push_back(cluster{id, r.column_int(2), r.column_text(3)});
                        });
    return s;
}

// Comments and reactions.
status load_discussion(connection& db, session_finder& session_of) {
    status s = session_of.each(
        db,
        "SELECT session_id, id, target_kind, target_id, author_id, text, created_at, moderated, deleted FROM comments",
        [&](workshop_state& st, statement& r) {
            const comment_id id = r.column_int(1);
            st.last_comment_id = std::max(st.last_comment_id, id);
            if (r.column_int(8) != 0) return;
            st.comments.push_back(comment{id, parse_or(target_kind_from_string(r.column_text(2)), target_kind::idea),
                                          r.column_int(3), r.column_int(4), r.column_text(5), from_ms(r.column_int(6)),
                                          r.column_int(7) != 0});
        });
    if (!s.ok()) return s;

    s = session_of.each(db, "SELECT session_id, target_kind, target_id, reaction, participant_id FROM reactions",
                        [&](workshop_state& st, statement& r) {
                            auto on = target_kind_from_string(r.column_text(1));
                            auto what = reaction_from_string(r.column_text(3));
                            if (on && what) st.reactions[{*on, r.column_int(2)}].given[*what].insert(r.column_int(4));
                        });
    return s;
}

// Trial actions with their owners, ideas, learnings and field versions.
status load_trials(connection& db, session_finder& session_of,
                   const std::unordered_map<std::string, std::size_t>& index, std::vector<loaded_session>& sessions) {
    // Trial actions by (session, id), filled by several tables before they are moved in.
    std::map<std::pair<std::string, trial_id>, trial_action> trials;
    auto trial_of = [&](statement& r) -> trial_action* {
        auto it = trials.find({r.column_text(0), r.column_int(1)});
        return it == trials.end() ? nullptr : &it->second;
    };
    status s = session_of.each(
        db,
        "SELECT session_id, id, title, what, we_believe, we_know_when, start_date, review_date, status, outcome,"
        " version, created_by, created_at, updated_at, origin_session, origin_trial, deleted, spread FROM trial_actions",
        [&](workshop_state& st, statement& r) {
            trial_action t;
            t.id = r.column_int(1);
            st.last_trial_id = std::max(st.last_trial_id, t.id);
            if (r.column_int(16) != 0) return;
            t.title = r.column_text(2);
            t.what = r.column_text(3);
            t.we_believe = r.column_text(4);
            t.we_know_when = r.column_text(5);
            t.start_date = r.column_text(6);
            t.review_date = r.column_text(7);
            t.status = parse_or(trial_status_from_string(r.column_text(8)), trial_status::proposed);
            t.result = parse_or(outcome_from_string(r.column_text(9)), outcome::none);
            t.version = r.column_int(10);
            t.created_by = r.column_int(11);
            t.created_at = from_ms(r.column_int(12));
            t.updated_at = from_ms(r.column_int(13));
            t.origin_session = r.column_text(14);
            t.origin_trial = r.column_int(15);
            t.spread = r.column_int(17) != 0;
            trials.emplace(std::pair{r.column_text(0), t.id}, std::move(t));
        });
    if (!s.ok()) return s;
    s = each_row(
        db,
        "SELECT session_id, trial_id, participant_id, name FROM trial_owners ORDER BY session_id, trial_id, position",
        [&](statement& r) {
            if (trial_action* t = trial_of(r)) t->owners.push_back(owner{r.column_int(2), r.column_text(3)});
        });
    if (!s.ok()) return s;
    s = each_row(db, "SELECT session_id, trial_id, idea_id FROM trial_ideas ORDER BY session_id, trial_id, position",
                 [&](statement& r) {
                     if (trial_action* t = trial_of(r)) t->from_ideas.push_back(r.column_int(2));
                 });
    if (!s.ok()) return s;
    s = each_row(db,
                 "SELECT session_id, trial_id, id, at, by_id, by_name, text, check_in, what_happened, evidence_kind,"
                 " evidence_value, evidence_unit, evidence_note, proposal FROM trial_learnings ORDER BY session_id,"
                 " trial_id, id",
                 [&](statement& r) {
                     trial_action* t = trial_of(r);
                     if (!t) return;
                     learning l{r.column_int(2), from_ms(r.column_int(3)), r.column_int(4), r.column_text(5),
                                r.column_text(6), std::nullopt};
                     if (r.column_int(7) != 0) {
                         evidence e{parse_or(evidence_kind_from_string(r.column_text(9)), evidence::kind::none),
                                    r.column_real(10), r.column_text(11), r.column_text(12)};
                         l.checked_in = check_in{r.column_text(8), std::move(e),
                                                 parse_or(proposal_from_string(r.column_text(13)), proposal::continue_)};
                     }
                     t->learnings.push_back(std::move(l));
                 });
    if (!s.ok()) return s;
    s = each_row(db,
                 "SELECT session_id, trial_id, from_date, to_date, reason, by_id, by_name, at FROM trial_review_moves"
                 " ORDER BY session_id, trial_id, position",
                 [&](statement& r) {
                     if (trial_action* t = trial_of(r))
                         t->review_moves.push_back(review_move{r.column_text(2), r.column_text(3), r.column_text(4),
                                                               r.column_int(5), r.column_text(6),
                                                               from_ms(r.column_int(7))});
                 });
    if (!s.ok()) return s;
    s = each_row(db, "SELECT session_id, trial_id, field, version FROM trial_fields", [&](statement& r) {
        if (trial_action* t = trial_of(r)) t->field_versions[r.column_text(2)] = r.column_int(3);
    });
    if (!s.ok()) return s;
    for (auto& [key, t] : trials)
        if (auto it = index.find(key.first); it != index.end())
            sessions[it->second].state.trials.push_back(std::move(t));
    return s;
}

// The managers' decisions.
status load_decisions(connection& db, session_finder& session_of) {
    status s = session_of.each(
        db,
        "SELECT session_id, id, target_kind, target_id, kind, note, by_id, by_name, at FROM decisions"
        " ORDER BY session_id, id",
        [&](workshop_state& st, statement& r) {
            st.decisions.push_back(decision{
                r.column_int(1), parse_or(target_kind_from_string(r.column_text(2)), target_kind::idea),
                r.column_int(3), parse_or(decision_kind_from_string(r.column_text(4)), decision_kind::needs_check),
                r.column_text(5), r.column_int(6), r.column_text(7), from_ms(r.column_int(8))});
        });
    return s;
}

// Participants and invitations.
status load_roster(connection& db, session_finder& session_of) {
    status s = session_of.each(
        db,
        "SELECT session_id, id, name, role, token_hash, joined_at, removed FROM participants ORDER BY session_id, id",
        [&](workshop_state& st, statement& r) {
            st.participants.push_back(participant{r.column_int(1), r.column_text(2),
                                                  parse_or(role_from_string(r.column_text(3)), role::observer),
                                                  r.column_text(4), from_ms(r.column_int(5)), r.column_int(6) != 0});
        });
    if (!s.ok()) return s;

    s = session_of.each(
        db,
        "SELECT session_id, role, nonce, token_hash, active, created_at FROM invites ORDER BY session_id, created_at",
        [&](workshop_state& st, statement& r) {
            st.invites.push_back(invite{parse_or(role_from_string(r.column_text(1)), role::observer), r.column_text(2),
                                        r.column_text(3), r.column_int(4) != 0, from_ms(r.column_int(5))});
        });
    return s;
}

// The last recent_limit changes of each session, for resumes (none if 0).
status load_recent(connection& db, std::size_t recent_limit, std::vector<loaded_session>& sessions) {
    if (recent_limit == 0) return status::success();
    status err;
    statement recent = db.prepare(recent_changes_sql, err);
    if (!recent.valid()) return err;
    for (auto& ls : sessions)
        if (err = read_recent(recent, ls.state.info.id, recent_limit, ls.recent); !err.ok()) return err;
    return status::success();
}

}  // namespace

status load_sessions(connection& db, std::size_t recent_limit, std::vector<loaded_session>& sessions) {
    sessions.clear();
    std::unordered_map<std::string, std::size_t> index;
    if (status s = load_session_rows(db, index, sessions); !s.ok()) return s;

    // The ideas and votes are read on a thread of their own, with a second connection,
    // while this one reads the rest: they fill other members of the sessions' states.
    // (Nothing writes the database meanwhile: the server holds its lock.)
    session_finder session_of(index, sessions);
    session_finder ideas_session_of(index, sessions);
    status ideas_status;
    std::thread ideas_thread;
    const char* file = sqlite3_db_filename(db.handle(), "main");
    std::optional<connection> second = file && *file ? connection::open(file, ideas_status, true) : std::nullopt;
    if (second) {
        ideas_thread = std::thread([&] { ideas_status = load_ideas(*second, ideas_session_of); });
    } else {
        ideas_status = load_ideas(db, ideas_session_of);
    }
    // Whatever this thread returns by, the ideas thread is joined first.
    struct joiner {
        std::thread& t;
        ~joiner() {
            if (t.joinable()) t.join();
        }
    } join_ideas{ideas_thread};

    if (status s = load_board_places(db, session_of); !s.ok()) return s;
    if (status s = load_discussion(db, session_of); !s.ok()) return s;
    if (status s = load_trials(db, session_of, index, sessions); !s.ok()) return s;
    if (status s = load_decisions(db, session_of); !s.ok()) return s;
    if (status s = load_roster(db, session_of); !s.ok()) return s;

    if (ideas_thread.joinable()) ideas_thread.join();
    if (!ideas_status.ok()) return ideas_status;
    return load_recent(db, recent_limit, sessions);
}

}  // namespace samskab::storage

// workshop::decide: who may do what, and what it becomes (see workshop.hpp).
//
// Each command is checked in the same order: the session is open, the actor has not
// been removed, the actor's role may ever do it; then its target is looked up (what
// the actor may not see counts as not found), the permission matrix is checked with
// whether the target is the actor's own, and the part of the workshop that owns the
// target checks the rest. Every idea and comment id is resolved through the lookups for
// a viewer (visibility.hpp), the parts' own included: what the actor may not see is
// answered exactly like what does not exist.
#include "domain/workshop.hpp"

#include "domain/limits.hpp"
#include "domain/overloaded.hpp"
#include "domain/permissions.hpp"
#include "domain/text.hpp"
#include "domain/visibility.hpp"

#include <algorithm>

namespace samskab::domain {

namespace {

error trial_missing() { return error::make(errc::trial_not_found, "no trial action has this id"); }
error bad_state(const std::string& why) { return error::make(errc::invalid_state, why); }

error out_of_range(const char* field, std::int64_t min, std::int64_t max) {
    error e = error::in_field(errc::invalid_field, field,
                              std::string(field) + " must be from " + std::to_string(min) + " to " + std::to_string(max));
    e.limit = max;
    return e;
}

}  // namespace

std::optional<error> workshop::check_target(const participant& actor, target_kind on, std::int64_t id,
                                            bool shown_to_all) const {
    if (on == target_kind::trial_action) return trials_.find(id) ? std::nullopt : std::optional(trial_missing());
    const viewer v = viewer_of(actor);
    auto i = shown_to_all ? board_.public_idea_for(v, id) : board_.idea_for(v, id);
    return i ? std::nullopt : std::optional(i.err());
}

result<event> workshop::decide(const participant& actor, const command& c, const decide_context& ctx) const {
    if (info_.status == session_status::closed)
        return error::make(errc::session_closed, "the session is closed and can no longer be changed");
    if (actor.removed) return error::make(errc::participant_removed, "the facilitator has removed you from this session");
    if (!may_ever(actor.role_, c)) return *check_permission(c, actor.role_, false, controls_);
    return decide_open(actor, c, ctx);
}

result<event> workshop::decide_open(const participant& a, const command& cmd, const decide_context& ctx) const {
    // Checks the matrix for cmd; `own` says whether its target is the actor's own.
    auto allowed = [&](bool own) { return check_permission(cmd, a.role_, own, controls_); };
    const viewer v = viewer_of(a);
    // A command on one idea: the idea as the actor may see it, the matrix (whether it
    // is the actor's own counts if by_author), then the part's decision on it.
    auto on_idea = [&](idea_id id, bool by_author, auto decide_on) -> result<event> {
        auto i = board_.idea_for(v, id);
        if (!i) return i.err();
        if (auto e = allowed(by_author && i.value()->author == a.id)) return *e;
        return decide_on(*i.value());
    };
    const time_point now = ctx.now;
    auto with_controls = [&](auto change_controls) -> result<event> {
        facilitation next = controls_;
        change_controls(next);
        return event{facilitation_set{next}};
    };

    return std::visit(
        overloaded{
            // ---- ideas ---------------------------------------------------------------
            [&](const add_idea& c) -> result<event> {
                if (auto e = allowed(true)) return *e;
                if (auto e = check_idea_quota(a)) return *e;
                const bool hidden = controls_.options.private_writing && controls_.current == phase::ideas;
                return board_.add(v, c, now, hidden);
            },
            [&](const edit_idea& c) -> result<event> {
                return on_idea(c.id, true, [&](const idea& i) { return board_.edit(i, c); });
            },
            [&](const move_idea& c) -> result<event> {
                return on_idea(c.id, true, [&](const idea& i) { return board_.move(v, i, c); });
            },
            [&](const delete_idea& c) -> result<event> {
                return on_idea(c.id, true, [&](const idea& i) { return board_.remove(i, c); });
            },
            [&](const reveal_ideas&) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return board_.reveal();
            },
            [&](const merge_ideas& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                if (c.ideas.size() > limits::ideas_per_command)
                    return error::in_field(errc::too_long, "ideas", "too many ideas at once");
                return board_.merge(v, c);
            },
            [&](const set_fate& c) -> result<event> {
                return on_idea(c.id, false, [&](const idea& i) { return board_.decide_fate(i, c); });
            },
            [&](const moderate_idea& c) -> result<event> {
                return on_idea(c.id, false, [&](const idea& i) { return board_.moderate(i, c); });
            },
            // ---- columns and clusters --------------------------------------------------
            [&](const add_column& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return board_.add_column_(c);
            },
            [&](const rename_column& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return board_.rename_column_(c);
            },
            [&](const move_column& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return board_.move_column_(c);
            },
            [&](const delete_column& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return board_.delete_column_(c);
            },
            [&](const create_cluster& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                if (c.ideas.size() > limits::ideas_per_command)
                    return error::in_field(errc::too_long, "ideas", "too many ideas at once");
                return board_.create_cluster_(v, c);
            },
            [&](const rename_cluster& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return board_.rename_cluster_(c);
            },
            [&](const assign_cluster& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return board_.assign_cluster_(v, c);
            },
            [&](const delete_cluster& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return board_.delete_cluster_(c);
            },
            // ---- voting ------------------------------------------------------------------
            [&](const set_vote& c) -> result<event> {
                return on_idea(c.idea, false, [&](const idea& i) {
                    return ballot_.decide(a.id, i, c, controls_.options, controls_.votes_revealed);
                });
            },
            [&](const reveal_votes&) -> result<event> {
                if (auto e = allowed(false)) return *e;
                if (controls_.votes_revealed) return bad_state("the votes are already revealed");
                return event{votes_revealed{}};
            },
            [&](const reset_votes&) -> result<event> {
                if (auto e = allowed(false)) return *e;
                if (ballot_.empty() && !controls_.votes_revealed) return bad_state("there are no votes to reset");
                return event{votes_reset{}};
            },
            // ---- comments and reactions ------------------------------------------------
            [&](const add_comment& c) -> result<event> {
                if (auto e = check_target(a, c.on, c.target, false)) return *e;
                if (auto e = allowed(false)) return *e;
                return discussion_.add(a.id, c, now);
            },
            [&](const delete_comment& c) -> result<event> {
                auto k = comment_for(v, c.id);
                if (!k) return k.err();
                if (auto e = allowed(k.value()->author == a.id)) return *e;
                return event{comment_deleted{c.id, *k.value()}};
            },
            [&](const moderate_comment& c) -> result<event> {
                auto k = comment_for(v, c.id);
                if (!k) return k.err();
                if (auto e = allowed(false)) return *e;
                return discussion_.moderate(*k.value(), c.hidden);
            },
            [&](const toggle_reaction& c) -> result<event> {
                if (auto e = check_target(a, c.on, c.target, false)) return *e;
                if (auto e = allowed(false)) return *e;
                return discussion_.toggle(a.id, c);
            },
            // ---- trial actions -------------------------------------------------------------
            [&](const create_trial& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return trials_.create(a, c, roster_, board_, now);
            },
            [&](const update_trial& c) -> result<event> {
                const trial_action* t = trials_.find(c.id);
                if (!t) return trial_missing();
                if (auto e = allowed(trials::owns(*t, a.id))) return *e;
                return trials_.update(*t, c, now);
            },
            [&](const add_owner& c) -> result<event> {
                const trial_action* t = trials_.find(c.id);
                if (!t) return trial_missing();
                const participant* who = roster_.find(c.who);
                if (!who) return error::make(errc::participant_not_found, "no participant has this id");
                // Volunteering: anyone may add themselves.
                if (auto e = allowed(c.who == a.id)) return *e;
                return trials_.add_owner_(*t, *who, now);
            },
            [&](const remove_owner& c) -> result<event> {
                const trial_action* t = trials_.find(c.id);
                if (!t) return trial_missing();
                if (auto e = allowed(c.who == a.id)) return *e;
                return trials_.remove_owner_(*t, c.who, now);
            },
            [&](const set_trial_status& c) -> result<event> {
                const trial_action* t = trials_.find(c.id);
                if (!t) return trial_missing();
                if (auto e = allowed(trials::owns(*t, a.id))) return *e;
                return trials_.set_status(*t, c, now);
            },
            [&](const add_learning& c) -> result<event> {
                const trial_action* t = trials_.find(c.id);
                if (!t) return trial_missing();
                if (auto e = allowed(trials::owns(*t, a.id))) return *e;
                return trials_.add_learning_(*t, a, c, now);
            },
            [&](const delete_trial& c) -> result<event> {
                const trial_action* t = trials_.find(c.id);
                if (!t) return trial_missing();
                if (auto e = allowed(false)) return *e;
                return trials_.remove(*t);
            },
            [&](const record_decision& c) -> result<event> { return decide_decision(a, c, now); },
            // ---- facilitation ------------------------------------------------------------
            [&](const set_phase& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                const auto phases = phases_of(info_.template_);
                if (std::find(phases.begin(), phases.end(), c.to) == phases.end())
                    return error::in_field(errc::invalid_field, "phase", "this session's template has no such phase");
                if (c.to == controls_.current) return bad_state("the session is already in this phase");
                return with_controls([&](facilitation& f) {
                    f.current = c.to;
                    f.phase_started_at = now;
                });
            },
            [&](const update_settings& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return decide_settings(a, c);
            },
            [&](const lock_board& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                if (controls_.locked == c.locked) return bad_state(c.locked ? "the board is already locked" : "the board is not locked");
                return with_controls([&](facilitation& f) { f.locked = c.locked; });
            },
            [&](const focus_trial& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                if (c.id != 0 && !trials_.find(c.id)) return trial_missing();
                return with_controls([&](facilitation& f) { f.focus = c.id; });
            },
            [&](const remove_participant& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                const participant* who = roster_.find(c.id);
                if (!who) return error::make(errc::participant_not_found, "no participant has this id");
                if (who->id == a.id) return bad_state("you cannot remove yourself");
                if (who->role_ == role::facilitator || (who->role_ == role::co_facilitator && a.role_ != role::facilitator))
                    return error::make(errc::forbidden, "only the facilitator may remove a co-facilitator; nobody the facilitator");
                if (who->removed) return bad_state("the participant is already removed");
                participant_removed removed{c.id, {}, {}};
                if (c.hide_content) {
                    // Which ideas someone wrote is what anonymity keeps from everyone,
                    // the facilitators included: hiding them all at once would tell.
                    if (controls_.options.anonymity_ == anonymity::anonymous)
                        return bad_state("in an anonymous session nobody may learn who wrote what; hide ideas one by one");
                    for (const auto& [id, i] : board_.ideas())
                        if (i.author == c.id && !i.moderated) removed.hidden_ideas.push_back(i);
                    std::sort(removed.hidden_ideas.begin(), removed.hidden_ideas.end(),
                              [](const idea& x, const idea& y) { return x.id < y.id; });
                    for (const auto& [id, cm] : discussion_.comments())
                        if (cm.author == c.id && !cm.moderated) removed.hidden_comments.push_back(cm);
                }
                return event{std::move(removed)};
            },
            [&](const renew_invite& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                if (c.for_role == role::facilitator || c.for_role == role::citizen)
                    return error::in_field(errc::invalid_field, "role", "citizens join with the code; there is one facilitator");
                invite_secret secret = ctx.new_invite();
                return event{invite_set{invite{c.for_role, std::move(secret.nonce), std::move(secret.token_hash), true, now}}};
            },
            [&](const revoke_invite& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                const invite* i = roster_.invite_for(c.for_role);
                if (!i || !i->active) return bad_state("this role has no active invitation");
                invite revoked = *i;
                revoked.active = false;
                revoked.nonce.clear();
                return event{invite_set{std::move(revoked)}};
            },
            [&](const update_session& c) -> result<event> {
                if (auto e = allowed(false)) return *e;
                if (!c.title && !c.question)
                    return error::in_field(errc::invalid_field, "title", "give a title, a question or both");
                session_updated ev{info_.title, info_.question};
                if (c.title) {
                    auto t = clean_text(*c.title, session_title_rule);
                    if (!t) return t.err();
                    ev.title = std::move(t.value());
                }
                if (c.question) {
                    auto q = clean_text(*c.question, question_rule);
                    if (!q) return q.err();
                    ev.question = std::move(q.value());
                }
                return event{std::move(ev)};
            },
            [&](const close_session&) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return event{session_closed{}};
            },
            // start, pause, resume, extend and stop of the timer
            [&](const auto&) -> result<event> {
                if (auto e = allowed(false)) return *e;
                return decide_timer(cmd, now);
            },
        },
        cmd);
}

std::optional<error> workshop::check_idea_quota(const participant& a) const {
    // A facilitator fills the board on purpose (copying a wall of sticky notes in).
    if (facilitates(a.role_)) return std::nullopt;
    const std::int64_t quota = controls_.options.idea_quota;
    std::int64_t written = 0;
    for (const auto& [id, i] : board_.ideas())
        if (i.author == a.id && i.created_at >= controls_.phase_started_at) ++written;
    if (written < quota) return std::nullopt;
    error e = error::at_limit("you have written as many ideas in this phase as the facilitator allows one person",
                              static_cast<std::size_t>(quota));
    e.field = "idea_quota";
    return e;
}

result<event> workshop::decide_timer(const command& cmd, time_point now) const {
    using status = timer_state::status;
    timer_state t = controls_.timer;
    const auto remaining = [&] {
        return std::max<std::int64_t>(0, (t.ends_at - now).count());
    };
    if (auto* c = std::get_if<start_timer>(&cmd)) {
        if (c->seconds < 1 || c->seconds > limits::max_timer_seconds) return out_of_range("seconds", 1, limits::max_timer_seconds);
        t = timer_state{status::running, c->seconds * 1000, now + std::chrono::seconds(c->seconds), 0};
    } else if (std::holds_alternative<pause_timer>(cmd)) {
        if (t.state != status::running) return bad_state("the timer is not running");
        t.remaining_ms = remaining();
        t.state = status::paused;
    } else if (std::holds_alternative<resume_timer>(cmd)) {
        if (t.state != status::paused) return bad_state("the timer is not paused");
        t.ends_at = now + std::chrono::milliseconds(t.remaining_ms);
        t.remaining_ms = 0;
        t.state = status::running;
    } else if (auto* x = std::get_if<extend_timer>(&cmd)) {
        if (t.state == status::idle) return bad_state("the timer is not set");
        if (x->seconds == 0 || x->seconds > limits::max_timer_seconds || x->seconds < -limits::max_timer_seconds)
            return out_of_range("seconds", -limits::max_timer_seconds, limits::max_timer_seconds);
        const auto by = std::chrono::milliseconds(x->seconds * 1000);
        if (t.state == status::running) t.ends_at = std::max(now, t.ends_at + by);
        else t.remaining_ms = std::max<std::int64_t>(0, t.remaining_ms + by.count());
        t.duration_ms = std::max<std::int64_t>(0, t.duration_ms + by.count());
    } else {  // stop
        if (t.state == status::idle) return bad_state("the timer is not set");
        t = timer_state{};
    }
    facilitation next = controls_;
    next.timer = t;
    return event{facilitation_set{next}};
}

result<settings> settings_with(settings s, const update_settings& c) {
    if (c.anonymity_) s.anonymity_ = *c.anonymity_;
    if (c.private_writing) s.private_writing = *c.private_writing;
    if (c.late_ideas) s.late_ideas = *c.late_ideas;
    if (c.join_by_code) s.join_by_code = *c.join_by_code;
    struct number {
        const std::optional<std::int64_t>& in;
        std::int64_t& out;
        const char* field;
        std::int64_t min, max;
    };
    for (const number& n :
         {number{c.vote_budget, s.vote_budget, "vote_budget", 1, limits::max_vote_budget},
          number{c.vote_cap, s.vote_cap, "vote_cap", 1, limits::max_vote_budget},
          number{c.fold_threshold, s.fold_threshold, "fold_threshold", limits::min_fold_threshold, limits::max_fold_threshold},
           number{c.idea_quota, s.idea_quota, "idea_quota", 1, limits::max_idea_quota}}) {
        if (!n.in) continue;
        if (*n.in < n.min || *n.in > n.max) return out_of_range(n.field, n.min, n.max);
        n.out = *n.in;
    }
    return s;
}

result<event> workshop::decide_settings(const participant& a, const update_settings& c) const {
    const settings& now = controls_.options;
    auto next = settings_with(now, c);
    if (!next) return next.err();
    const settings& s = next.value();
    if (s.anonymity_ != now.anonymity_) {
        if (a.role_ != role::facilitator) return error::make(errc::forbidden, "only the facilitator may change anonymity");
        // Nobody may find their name on what they wrote believing it anonymous, nor the
        // other way round: anonymity is fixed once something is written.
        if (!board_.ideas().empty() || !discussion_.comments().empty())
            return error::make(errc::setting_locked, "anonymity can only be changed before anything is written");
    }
    const bool voting_changes =
        s.vote_budget != now.vote_budget || s.vote_cap != now.vote_cap || s.fold_threshold != now.fold_threshold;
    if (voting_changes && !ballot_.empty())
        return error::make(errc::setting_locked, "the voting rules cannot change once votes are cast; reset the votes first");
    if (s == now) return bad_state("nothing to change");
    facilitation next_controls = controls_;
    next_controls.options = s;
    return event{facilitation_set{next_controls}};
}

result<event> workshop::decide_decision(const participant& a, const record_decision& c, time_point now) const {
    // A decision is shown to everyone at once: on an idea everyone may see.
    if (auto e = check_target(a, c.on, c.target, true)) return *e;
    if (auto e = check_permission(command{c}, a.role_, false, controls_)) return *e;
    if (c.on == target_kind::trial_action)
        if (auto e = trials::check_decision(*trials_.find(c.target), c.kind)) return *e;
    if (decisions_.size() >= limits::decisions_per_session) {
        return error::at_limit("the session has the most decisions it can", limits::decisions_per_session);
    }
    std::string note;
    const bool needs_note = c.kind != decision_kind::approve;
    const bool blank = std::all_of(c.note.begin(), c.note.end(), [](char ch) { return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r'; });
    if (needs_note || !blank) {
        auto n = clean_text(c.note, decision_note_rule);
        if (!n) return n.err();
        note = std::move(n.value());
    }
    const decision_id id = decisions_.empty() ? 1 : decisions_.back().id + 1;
    return event{decision_recorded{decision{id, c.on, c.target, c.kind, std::move(note), a.id, a.name, now}}};
}

}  // namespace samskab::domain

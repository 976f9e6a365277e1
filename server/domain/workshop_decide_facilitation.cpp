// workshop::decide for the facilitators' controls (phase, timer, settings, lock, review
// focus), the session itself (title, question, closing), its participants and its
// invitations (see workshop_decide.hpp).
#include "domain/workshop_decide.hpp"

#include "domain/limits.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <chrono>

namespace samskab::domain {

namespace {

using timer_status = timer_state::status;

error out_of_range(const char* field, std::int64_t min, std::int64_t max) {
    error e = error::in_field(errc::invalid_field, field,
                              std::string(field) + " must be from " + std::to_string(min) + " to " + std::to_string(max));
    e.limit = max;
    return e;
}

}  // namespace

// ---- phase, lock, review focus ------------------------------------------------------------

result<event> workshop::facilitation_commands::operator()(const set_phase& c) const {
    if (auto e = d.allowed(false)) return *e;
    const auto phases = phases_of(d.w.info_.template_);
    if (std::find(phases.begin(), phases.end(), c.to) == phases.end())
        return error::in_field(errc::invalid_field, "phase", "this session's template has no such phase");
    if (c.to == d.w.controls_.current) return deciding::bad_state("the session is already in this phase");
    return with_controls([&](facilitation& f) {
        f.current = c.to;
        f.phase_started_at = d.ctx.now;
    });
}

result<event> workshop::facilitation_commands::operator()(const lock_board& c) const {
    if (auto e = d.allowed(false)) return *e;
    if (d.w.controls_.locked == c.locked)
        return deciding::bad_state(c.locked ? "the board is already locked" : "the board is not locked");
    return with_controls([&](facilitation& f) { f.locked = c.locked; });
}

result<event> workshop::facilitation_commands::operator()(const focus_trial& c) const {
    if (auto e = d.allowed(false)) return *e;
    if (c.id != 0 && !d.w.trials_.find(c.id)) return deciding::trial_missing();
    return with_controls([&](facilitation& f) { f.focus = c.id; });
}

result<event> workshop::facilitation_commands::operator()(const focus_screen& c) const {
    if (auto e = d.allowed(false)) return *e;
    if (auto e = check_screen_focus(c.what)) return *e;
    return with_controls([&](facilitation& f) { f.screen = c.what; });
}

// Whether a big-screen focus may be set (screen.focus): see PROTOCOL.md.
std::optional<error> workshop::facilitation_commands::check_screen_focus(const screen_focus& s) const {
    switch (s.kind) {
        case screen_kind::none:
        case screen_kind::results:
            if (s.id != 0) return error::in_field(errc::invalid_field, "id", "only an idea or a cluster has an id");
            if (s.kind == screen_kind::results && !d.w.controls_.votes_revealed)
                return deciding::bad_state("the results are shown only once the votes are revealed");
            return std::nullopt;
        case screen_kind::idea:
            // Only what everyone sees: any other idea is answered like a missing one.
            if (!d.w.shown_to_all(s)) return error::make(errc::idea_not_found, "no idea has this id");
            return std::nullopt;
        case screen_kind::cluster:
            if (!d.w.shown_to_all(s)) return error::make(errc::cluster_not_found, "no cluster has this id");
            return std::nullopt;
    }
    return std::nullopt;
}

// ---- the timer -------------------------------------------------------------------------------

result<event> workshop::facilitation_commands::operator()(const start_timer& c) const {
    if (auto e = d.allowed(false)) return *e;
    if (c.seconds < 1 || c.seconds > limits::max_timer_seconds) return out_of_range("seconds", 1, limits::max_timer_seconds);
    const time_point now = d.ctx.now;
    return with_controls([&](facilitation& f) {
        f.timer = timer_state{timer_status::running, c.seconds * 1000, now + std::chrono::seconds(c.seconds), 0};
    });
}

result<event> workshop::facilitation_commands::operator()(const pause_timer&) const {
    if (auto e = d.allowed(false)) return *e;
    const timer_state& t = d.w.controls_.timer;
    if (t.state != timer_status::running) return deciding::bad_state("the timer is not running");
    return with_controls([&](facilitation& f) {
        f.timer.remaining_ms = std::max<std::int64_t>(0, (t.ends_at - d.ctx.now).count());
        f.timer.state = timer_status::paused;
    });
}

result<event> workshop::facilitation_commands::operator()(const resume_timer&) const {
    if (auto e = d.allowed(false)) return *e;
    const timer_state& t = d.w.controls_.timer;
    if (t.state != timer_status::paused) return deciding::bad_state("the timer is not paused");
    return with_controls([&](facilitation& f) {
        f.timer.ends_at = d.ctx.now + std::chrono::milliseconds(t.remaining_ms);
        f.timer.remaining_ms = 0;
        f.timer.state = timer_status::running;
    });
}

result<event> workshop::facilitation_commands::operator()(const extend_timer& c) const {
    if (auto e = d.allowed(false)) return *e;
    const timer_state& t = d.w.controls_.timer;
    if (t.state == timer_status::idle) return deciding::bad_state("the timer is not set");
    if (c.seconds == 0 || c.seconds > limits::max_timer_seconds || c.seconds < -limits::max_timer_seconds)
        return out_of_range("seconds", -limits::max_timer_seconds, limits::max_timer_seconds);
    const auto by = std::chrono::milliseconds(c.seconds * 1000);
    return with_controls([&](facilitation& f) {
        if (t.state == timer_status::running) f.timer.ends_at = std::max(d.ctx.now, t.ends_at + by);
        else f.timer.remaining_ms = std::max<std::int64_t>(0, t.remaining_ms + by.count());
        f.timer.duration_ms = std::max<std::int64_t>(0, t.duration_ms + by.count());
    });
}

result<event> workshop::facilitation_commands::operator()(const stop_timer&) const {
    if (auto e = d.allowed(false)) return *e;
    if (d.w.controls_.timer.state == timer_status::idle) return deciding::bad_state("the timer is not set");
    return with_controls([](facilitation& f) { f.timer = timer_state{}; });
}

// ---- settings ----------------------------------------------------------------------------------

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

result<event> workshop::facilitation_commands::operator()(const update_settings& c) const {
    if (auto e = d.allowed(false)) return *e;
    const settings& now = d.w.controls_.options;
    auto next = settings_with(now, c);
    if (!next) return next.err();
    const settings& s = next.value();
    if (s.anonymity_ != now.anonymity_) {
        if (d.a.role_ != role::facilitator) return error::make(errc::forbidden, "only the facilitator may change anonymity");
        // Nobody may find their name on what they wrote believing it anonymous, nor the
        // other way round: anonymity is fixed once something is written.
        if (!d.w.board_.ideas().empty() || !d.w.discussion_.comments().empty())
            return error::make(errc::setting_locked, "anonymity can only be changed before anything is written");
    }
    const bool voting_changes =
        s.vote_budget != now.vote_budget || s.vote_cap != now.vote_cap || s.fold_threshold != now.fold_threshold;
    if (voting_changes && !d.w.ballot_.empty())
        return error::make(errc::setting_locked, "the voting rules cannot change once votes are cast; reset the votes first");
    if (s == now) return deciding::bad_state("nothing to change");
    return with_controls([&](facilitation& f) { f.options = s; });
}

// ---- the session ---------------------------------------------------------------------------------

result<event> workshop::facilitation_commands::operator()(const update_session& c) const {
    if (auto e = d.allowed(false)) return *e;
    if (!c.title && !c.question) return error::in_field(errc::invalid_field, "title", "give a title, a question or both");
    session_updated ev{d.w.info_.title, d.w.info_.question};
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
}

result<event> workshop::facilitation_commands::operator()(const close_session&) const {
    if (auto e = d.allowed(false)) return *e;
    return event{session_closed{}};
}

// ---- participants and invitations ------------------------------------------------------------------

result<event> workshop::roster_commands::operator()(const remove_participant& c) const {
    if (auto e = d.allowed(false)) return *e;
    const participant* who = d.w.roster_.find(c.id);
    if (!who) return error::make(errc::participant_not_found, "no participant has this id");
    if (who->id == d.a.id) return deciding::bad_state("you cannot remove yourself");
    if (who->role_ == role::facilitator || (who->role_ == role::co_facilitator && d.a.role_ != role::facilitator))
        return error::make(errc::forbidden, "only the facilitator may remove a co-facilitator; nobody the facilitator");
    if (who->removed) return deciding::bad_state("the participant is already removed");
    participant_removed removed{c.id, {}, {}};
    if (c.hide_content) {
        // Which ideas someone wrote is what anonymity keeps from everyone, the
        // facilitators included: hiding them all at once would tell.
        if (d.w.controls_.options.anonymity_ == anonymity::anonymous)
            return deciding::bad_state("in an anonymous session nobody may learn who wrote what; hide ideas one by one");
        for (const auto& [id, i] : d.w.board_.ideas())
            if (i.author == c.id && !i.moderated) removed.hidden_ideas.push_back(i);
        std::sort(removed.hidden_ideas.begin(), removed.hidden_ideas.end(),
                  [](const idea& x, const idea& y) { return x.id < y.id; });
        for (const auto& [id, cm] : d.w.discussion_.comments())
            if (cm.author == c.id && !cm.moderated) removed.hidden_comments.push_back(cm);
    }
    return event{std::move(removed)};
}

result<event> workshop::roster_commands::operator()(const renew_invite& c) const {
    if (auto e = d.allowed(false)) return *e;
    if (c.for_role == role::facilitator || c.for_role == role::citizen)
        return error::in_field(errc::invalid_field, "role", "citizens join with the code; there is one facilitator");
    invite_secret secret = d.ctx.new_invite();
    return event{invite_set{invite{c.for_role, std::move(secret.nonce), std::move(secret.token_hash), true, d.ctx.now}}};
}

result<event> workshop::roster_commands::operator()(const revoke_invite& c) const {
    if (auto e = d.allowed(false)) return *e;
    const invite* i = d.w.roster_.invite_for(c.for_role);
    if (!i || !i->active) return deciding::bad_state("this role has no active invitation");
    invite revoked = *i;
    revoked.active = false;
    revoked.nonce.clear();
    return event{invite_set{std::move(revoked)}};
}

}  // namespace samskab::domain

// workshop::decide for trial actions and the managers' decisions (see
// workshop_decide.hpp).
#include "domain/workshop_decide.hpp"

#include "domain/limits.hpp"
#include "domain/text.hpp"

#include <algorithm>

namespace samskab::domain {

result<event> workshop::trial_commands::operator()(const create_trial& c) const {
    if (auto e = d.allowed(false)) return *e;
    return d.w.trials_.create(d.a, c, d.w.roster_, d.w.board_, d.ctx.now);
}

result<event> workshop::trial_commands::operator()(const update_trial& c) const {
    const trial_action* t = d.w.trials_.find(c.id);
    if (!t) return deciding::trial_missing();
    if (auto e = d.allowed(trials::owns(*t, d.a.id))) return *e;
    return d.w.trials_.update(*t, c, d.ctx.now);
}

result<event> workshop::trial_commands::operator()(const add_owner& c) const {
    const trial_action* t = d.w.trials_.find(c.id);
    if (!t) return deciding::trial_missing();
    const participant* who = d.w.roster_.find(c.who);
    if (!who) return error::make(errc::participant_not_found, "no participant has this id");
    // Volunteering: anyone may add themselves.
    if (auto e = d.allowed(c.who == d.a.id)) return *e;
    return d.w.trials_.add_owner_(*t, *who, d.ctx.now);
}

result<event> workshop::trial_commands::operator()(const remove_owner& c) const {
    const trial_action* t = d.w.trials_.find(c.id);
    if (!t) return deciding::trial_missing();
    if (auto e = d.allowed(c.who == d.a.id)) return *e;
    return d.w.trials_.remove_owner_(*t, c.who, d.ctx.now);
}

result<event> workshop::trial_commands::operator()(const set_trial_status& c) const {
    const trial_action* t = d.w.trials_.find(c.id);
    if (!t) return deciding::trial_missing();
    if (auto e = d.allowed(trials::owns(*t, d.a.id))) return *e;
    return d.w.trials_.set_status(*t, c, d.ctx.now);
}

result<event> workshop::trial_commands::operator()(const add_learning& c) const {
    const trial_action* t = d.w.trials_.find(c.id);
    if (!t) return deciding::trial_missing();
    if (auto e = d.allowed(trials::owns(*t, d.a.id))) return *e;
    return d.w.trials_.add_learning_(*t, d.a, c, d.ctx.now);
}

result<event> workshop::trial_commands::operator()(const check_in_trial& c) const {
    const trial_action* t = d.w.trials_.find(c.id);
    if (!t) return deciding::trial_missing();
    if (auto e = d.allowed(trials::owns(*t, d.a.id))) return *e;
    return d.w.trials_.check_in_(*t, d.a, c, d.ctx.now);
}

result<event> workshop::trial_commands::operator()(const move_review_date& c) const {
    const trial_action* t = d.w.trials_.find(c.id);
    if (!t) return deciding::trial_missing();
    if (auto e = d.allowed(trials::owns(*t, d.a.id))) return *e;
    return d.w.trials_.move_review_(*t, d.a, c, d.ctx.now);
}

result<event> workshop::trial_commands::operator()(const delete_trial& c) const {
    const trial_action* t = d.w.trials_.find(c.id);
    if (!t) return deciding::trial_missing();
    if (auto e = d.allowed(false)) return *e;
    return d.w.trials_.remove(*t);
}

result<event> workshop::trial_commands::operator()(const record_decision& c) const {
    // A decision is shown to everyone at once: on an idea everyone may see.
    if (auto e = d.w.check_target(d.a, c.on, c.target, true)) return *e;
    if (auto e = d.allowed(false)) return *e;
    const bool answers_check_in = c.kind == decision_kind::continue_ || c.kind == decision_kind::adapt ||
                                  c.kind == decision_kind::scale || c.kind == decision_kind::stop ||
                                  c.kind == decision_kind::spread;
    if (answers_check_in && c.on != target_kind::trial_action)
        return error::in_field(errc::invalid_field, "kind", "continue, adapt, scale, stop and spread are decisions on trial actions");
    if (c.on == target_kind::trial_action)
        if (auto e = trials::check_decision(*d.w.trials_.find(c.target), c.kind)) return *e;
    const std::vector<decision>& made = d.w.decisions_;
    if (made.size() >= limits::decisions_per_session)
        return error::at_limit("the session has the most decisions it can", limits::decisions_per_session);
    std::string note;
    const bool needs_note = c.kind != decision_kind::approve && c.kind != decision_kind::continue_;
    const bool blank = std::all_of(c.note.begin(), c.note.end(), [](char ch) { return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r'; });
    if (needs_note || !blank) {
        auto n = clean_text(c.note, decision_note_rule);
        if (!n) return n.err();
        note = std::move(n.value());
    }
    const decision_id id = made.empty() ? 1 : made.back().id + 1;
    return event{decision_recorded{decision{id, c.on, c.target, c.kind, std::move(note), d.a.id, d.a.name, d.ctx.now}}};
}

}  // namespace samskab::domain

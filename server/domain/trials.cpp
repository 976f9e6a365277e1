// Trial actions and their lifecycle (see trials.hpp).
#include "domain/trials.hpp"

#include "domain/limits.hpp"
#include "domain/text.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

namespace samskab::domain {

namespace {

error bad_state(const std::string& why) { return error::make(errc::invalid_state, why); }

// An optional free text of a trial action: empty is allowed (it clears the field).
result<std::string> optional_text(const std::string& raw, const text_rule& rule) {
    bool blank = std::all_of(raw.begin(), raw.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
    if (blank) return std::string();
    return clean_text(raw, rule);
}

result<std::string> date_field(const std::string& raw, const char* field) {
    if (raw.empty() || valid_date(raw)) return raw;
    return error::in_field(errc::invalid_field, field, std::string(field) + " must be a date written YYYY-MM-DD");
}

// The trial action's next version, for a trial_saved: without its learnings, which
// trial_saved leaves as they are (see event.hpp). The log can be long; the event waits
// in memory until it is written.
trial_action bumped(const trial_action& t, time_point now) {
    trial_action n = t;
    n.learnings = std::vector<learning>();
    ++n.version;
    n.updated_at = now;
    return n;
}

}  // namespace

bool valid_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    // Digits only, read by hand: from_chars would take a sign ("-001" is year -1).
    auto num = [&](std::size_t at, std::size_t len) -> int {
        int n = 0;
        for (std::size_t k = at; k < at + len; ++k) {
            if (s[k] < '0' || s[k] > '9') return -1;
            n = n * 10 + (s[k] - '0');
        }
        return n;
    };
    const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if (y < 0 || m < 0 || d < 0) return false;
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                       std::chrono::day{static_cast<unsigned>(d)}}
        .ok();
}

const trial_action* trials::find(trial_id id) const {
    auto it = items_.find(id);
    return it == items_.end() ? nullptr : &it->second;
}

bool trials::owns(const trial_action& t, participant_id who) {
    return who != 0 && std::any_of(t.owners.begin(), t.owners.end(), [&](const owner& o) { return o.id == who; });
}

std::int64_t trials::next_learning_id() const {
    std::int64_t last = 0;
    for (const auto& [id, t] : items_)
        for (const auto& l : t.learnings) last = std::max(last, l.id);
    return last + 1;
}

std::size_t trials::learning_count() const {
    std::size_t n = 0;
    for (const auto& [id, t] : items_) n += t.learnings.size();
    return n;
}

result<event> trials::create(const participant& actor, const create_trial& c, const roster& people, const board& b,
                             time_point now) const {
    if (items_.size() >= limits::trials_per_session)
        return error::at_limit("the session has the most trial actions it can", limits::trials_per_session);
    trial_action t;
    auto title = clean_text(c.title, trial_title_rule);
    if (!title) return title.err();
    t.title = std::move(title.value());
    for (auto [field, in, out] : {std::tuple{"what", &c.what, &t.what}, std::tuple{"we_believe", &c.we_believe, &t.we_believe},
                                  std::tuple{"we_know_when", &c.we_know_when, &t.we_know_when}}) {
        auto v = optional_text(*in, trial_text_rule(field));
        if (!v) return v.err();
        *out = std::move(v.value());
    }
    auto start = date_field(c.start_date, "start_date");
    if (!start) return start.err();
    auto review = date_field(c.review_date, "review_date");
    if (!review) return review.err();
    if (!start.value().empty() && !review.value().empty() && review.value() < start.value())
        return error::in_field(errc::invalid_field, "review_date", "the review date comes after the start date");
    t.start_date = std::move(start.value());
    t.review_date = std::move(review.value());

    if (c.ideas.size() > limits::ideas_per_command) {
        error e = error::in_field(errc::too_long, "ideas", "too many ideas at once");
        e.limit = static_cast<std::int64_t>(limits::ideas_per_command);
        return e;
    }
    // Everyone is shown a trial action and the ideas it came from: each must be one
    // everyone may see.
    std::set<idea_id> seen;
    for (idea_id id : c.ideas) {
        auto found = b.public_idea_for(viewer_of(actor), id);
        if (!found) return found.err();
        const idea* i = found.value();
        if (!seen.insert(id).second) return error::in_field(errc::invalid_field, "ideas", "an idea is named twice");
        if (!board::on_board(*i) || i->fate_ == fate::trial_action)
            return bad_state("an idea that was merged or already became a trial action cannot start another");
    }
    t.from_ideas = c.ideas;
    if (c.owners.size() > limits::owners_per_trial)
        return error::at_limit("a trial action has at most this many owners", limits::owners_per_trial);
    for (participant_id who : c.owners) {
        const participant* p = people.find(who);
        if (!p || p->removed) return error::make(errc::participant_not_found, "no participant has this id");
        if (p->role_ == role::observer) return bad_state("observers cannot own trial actions");
        if (owns(t, who)) return error::in_field(errc::invalid_field, "owners", "an owner is named twice");
        t.owners.push_back(owner{who, p->name});
    }
    t.id = last_id_ + 1;
    t.created_by = actor.id;
    t.created_at = t.updated_at = now;
    return event{trial_saved{std::move(t), true}};
}

result<event> trials::update(const trial_action& t, const update_trial& c, time_point now) const {
    if (t.status == trial_status::evaluated || t.status == trial_status::stopped)
        return bad_state("a trial action that is evaluated or stopped is kept as it ended");
    if (!c.title && !c.what && !c.we_believe && !c.we_know_when && !c.start_date && !c.review_date)
        return error::in_field(errc::invalid_field, "title", "give at least one field to change");
    auto stale = [&](error e) {
        e.current_trial = t;
        return e;
    };
    if (c.base_version > t.version) return stale(error::make(errc::stale_version, "the trial action has no such version"));
    trial_action n = bumped(t, now);
    // A field conflicts when someone else changed it after the version this is based on.
    auto conflict = [&](const char* field) {
        auto it = t.field_versions.find(field);
        return it != t.field_versions.end() && it->second > c.base_version;
    };
    auto set = [&](const char* field, std::string& target, const std::string& value) -> std::optional<error> {
        if (conflict(field))
            return stale(error::in_field(errc::stale_version, field,
                                         std::string(field) + " was changed by someone else meanwhile"));
        target = value;
        n.field_versions[field] = n.version;
        return std::nullopt;
    };
    if (c.title) {
        auto v = clean_text(*c.title, trial_title_rule);
        if (!v) return v.err();
        if (auto e = set("title", n.title, v.value())) return *e;
    }
    for (auto [field, in, out] : {std::tuple{"what", &c.what, &n.what}, std::tuple{"we_believe", &c.we_believe, &n.we_believe},
                                  std::tuple{"we_know_when", &c.we_know_when, &n.we_know_when}}) {
        if (!*in) continue;
        auto v = optional_text(**in, trial_text_rule(field));
        if (!v) return v.err();
        if (auto e = set(field, *out, v.value())) return *e;
    }
    for (auto [field, in, out] : {std::tuple{"start_date", &c.start_date, &n.start_date},
                                  std::tuple{"review_date", &c.review_date, &n.review_date}}) {
        if (!*in) continue;
        auto v = date_field(**in, field);
        if (!v) return v.err();
        if (auto e = set(field, *out, v.value())) return *e;
    }
    if (!n.start_date.empty() && !n.review_date.empty() && n.review_date < n.start_date)
        return error::in_field(errc::invalid_field, "review_date", "the review date comes after the start date");
    return event{trial_saved{std::move(n), false}};
}

result<event> trials::add_owner_(const trial_action& t, const participant& who, time_point now) const {
    if (who.removed) return error::make(errc::participant_not_found, "no participant has this id");
    if (who.role_ == role::observer) return bad_state("observers cannot own trial actions");
    if (owns(t, who.id)) return bad_state("already an owner");
    trial_action n = bumped(t, now);
    auto earlier = std::find_if(n.owners.begin(), n.owners.end(),
                                [&](const owner& o) { return o.id == 0 && same_name(o.name, who.name); });
    if (earlier != n.owners.end()) {
        *earlier = owner{who.id, who.name};
    } else {
        if (t.owners.size() >= limits::owners_per_trial)
            return error::at_limit("the trial action has the most owners it can", limits::owners_per_trial);
        n.owners.push_back(owner{who.id, who.name});
    }
    return event{trial_saved{std::move(n), false}};
}

result<event> trials::remove_owner_(const trial_action& t, participant_id who, time_point now) const {
    if (!owns(t, who)) return bad_state("not an owner");
    trial_action n = bumped(t, now);
    std::erase_if(n.owners, [&](const owner& o) { return o.id == who; });
    return event{trial_saved{std::move(n), false}};
}

result<event> trials::set_status(const trial_action& t, const set_trial_status& c, time_point now) const {
    using s = trial_status;
    const bool final = t.status == s::evaluated || t.status == s::stopped;
    if (c.to == s::approved || c.to == s::proposed)
        return bad_state("a trial action is approved by a manager's decision, not by a status change");
    if (c.to == s::parked) return bad_state("a trial action is parked by a manager's decision, not by a status change");
    if (final) return bad_state("the trial action has ended");
    if (c.to == s::running && t.status != s::approved) return bad_state("a trial action runs once a manager has approved it");
    if (c.to == s::evaluated && t.status != s::running) return bad_state("a trial action is evaluated after it has run");
    if (c.to == s::evaluated && c.result == outcome::none)
        return error::in_field(errc::invalid_field, "outcome", "say whether it worked, partly worked or did not work");
    if (c.to != s::evaluated && c.result != outcome::none)
        return error::in_field(errc::invalid_field, "outcome", "an outcome belongs to an evaluation");
    trial_action n = bumped(t, now);
    n.status = c.to;
    n.result = c.result;
    return event{trial_saved{std::move(n), false}};
}

result<event> trials::add_learning_(const trial_action& t, const participant& by, const add_learning& c,
                                    time_point now) const {
    if (t.learnings.size() >= limits::learnings_per_trial)
        return error::at_limit("the log of learnings is full", limits::learnings_per_trial);
    if (learning_count() >= limits::learnings_per_session)
        return error::at_limit("the session has the most learnings it can", limits::learnings_per_session);
    auto text = clean_text(c.text, learning_rule);
    if (!text) return text.err();
    return event{learning_added{t.id,
                                learning{next_learning_id(), now, by.id, by.name, std::move(text.value()), std::nullopt},
                                t.version + 1, now}};
}

namespace {

bool ended(trial_status s) { return s == trial_status::evaluated || s == trial_status::stopped; }

result<evidence> checked_evidence(const evidence& e) {
    evidence out = e;
    switch (e.is) {
        case evidence::kind::none:
            return evidence{};
        case evidence::kind::measure: {
            if (!std::isfinite(e.value))
                return error::in_field(errc::invalid_field, "value", "the evidence must be a finite number");
            auto unit = clean_text(e.unit, evidence_unit_rule);
            if (!unit) return unit.err();
            out.unit = std::move(unit.value());
            out.note.clear();
            return out;
        }
        case evidence::kind::note: {
            auto note = clean_text(e.note, evidence_note_rule);
            if (!note) return note.err();
            out = evidence{evidence::kind::note, 0, {}, std::move(note.value())};
            return out;
        }
    }
    return evidence{};
}

}  // namespace

result<event> trials::check_in_(const trial_action& t, const participant& by, const check_in_trial& c,
                                time_point now) const {
    if (ended(t.status)) return bad_state("the trial action has ended; add a learning instead");
    if (t.learnings.size() >= limits::learnings_per_trial)
        return error::at_limit("the log of learnings is full", limits::learnings_per_trial);
    if (learning_count() >= limits::learnings_per_session)
        return error::at_limit("the session has the most learnings it can", limits::learnings_per_session);
    auto happened = clean_text(c.report.what_happened, what_happened_rule);
    if (!happened) return happened.err();
    auto learned = optional_text(c.learned, learned_rule);
    if (!learned) return learned.err();
    auto shown = checked_evidence(c.report.shown);
    if (!shown) return shown.err();
    learning l{next_learning_id(), now, by.id, by.name, std::move(learned.value()),
               check_in{std::move(happened.value()), std::move(shown.value()), c.report.proposed}};
    return event{learning_added{t.id, std::move(l), t.version + 1, now}};
}

result<event> trials::move_review_(const trial_action& t, const participant& by, const move_review_date& c,
                                   time_point now) const {
    if (ended(t.status)) return bad_state("the trial action has ended");
    if (!valid_date(c.to)) return error::in_field(errc::invalid_field, "to", "to must be a date written YYYY-MM-DD");
    if (c.to == t.review_date) return error::in_field(errc::invalid_field, "to", "that is already the review date");
    // YYYY-MM-DD dates compare as strings.
    if (!t.start_date.empty() && c.to < t.start_date)
        return error::in_field(errc::invalid_field, "to", "the review date cannot come before the start date");
    if (t.review_moves.size() >= limits::review_moves_per_trial)
        return error::at_limit("the review date has been moved as often as it can", limits::review_moves_per_trial);
    auto reason = clean_text(c.reason, review_move_reason_rule);
    if (!reason) return reason.err();
    trial_action n = bumped(t, now);
    n.review_moves.push_back(review_move{t.review_date, c.to, std::move(reason.value()), by.id, by.name, now});
    n.review_date = c.to;
    n.field_versions["review_date"] = n.version;
    return event{trial_saved{std::move(n), false}};
}

result<event> trials::remove(const trial_action& t) const {
    if (t.status != trial_status::proposed || !t.learnings.empty())
        return bad_state("only a proposed trial action without learnings can be deleted");
    return event{trial_deleted{t.id, t.from_ideas}};
}

std::optional<error> trials::check_decision(const trial_action& t, decision_kind k) {
    using d = decision_kind;
    switch (k) {
        case d::approve:
        case d::needs_check:
            return std::nullopt;
        case d::park:
            if (under_way(t.status)) return std::nullopt;
            return bad_state(t.status == trial_status::parked ? "the trial action is already parked"
                                                              : "the trial action has ended; it cannot be parked");
        case d::continue_:
        case d::adapt:
        case d::scale:
            if (t.status == trial_status::proposed) return bad_state("approve the trial action first");
            [[fallthrough]];
        case d::stop:
            if (ended(t.status)) return bad_state("the trial action has ended");
            return std::nullopt;
        case d::spread:
            if (t.status != trial_status::evaluated ||
                (t.result != outcome::worked && t.result != outcome::partly))
                return bad_state("only a trial action evaluated as one that worked, or partly, is spread");
            if (t.spread) return bad_state("the trial action is already marked to spread");
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<trial_action> trials::decided(const trial_action& t, decision_kind k, time_point now) {
    trial_status to = t.status;
    if (k == decision_kind::approve && (t.status == trial_status::proposed || t.status == trial_status::parked))
        to = trial_status::approved;
    else if (k == decision_kind::park && under_way(t.status))
        to = trial_status::parked;
    else if ((k == decision_kind::continue_ || k == decision_kind::adapt || k == decision_kind::scale) &&
             (t.status == trial_status::approved || t.status == trial_status::parked))
        to = trial_status::running;
    else if (k == decision_kind::stop && (under_way(t.status) || t.status == trial_status::parked))
        to = trial_status::stopped;
    const bool spreads = k == decision_kind::spread && !t.spread && t.status == trial_status::evaluated &&
                         (t.result == outcome::worked || t.result == outcome::partly);
    if (to == t.status && !spreads) return std::nullopt;
    trial_action n = bumped(t, now);
    n.status = to;
    if (spreads) n.spread = true;
    return n;
}

trial_action trials::taken_over(const trial_action& t, trial_id id, const std::string& from_session, time_point now) {
    trial_action n = t;
    n.id = id;
    std::erase_if(n.owners, [&](const owner& o) {
        return o.id == 0 && std::any_of(t.owners.begin(), t.owners.end(),
                                        [&](const owner& p) { return p.id != 0 && same_name(p.name, o.name); });
    });
    for (auto& o : n.owners) o.id = 0;
    for (auto& l : n.learnings) l.by = 0;
    for (auto& m : n.review_moves) m.by = 0;
    n.from_ideas.clear();
    n.field_versions.clear();
    n.version = 1;
    n.created_by = 1;  // the facilitator of the new session
    n.created_at = n.updated_at = now;
    if (n.origin_session.empty()) {  // keep the first origin through a chain of reviews
        n.origin_session = from_session;
        n.origin_trial = t.id;
    }
    return n;
}

trial_action trials::viewed(const trial_action& t, trial_id id, const std::string& from_session, time_point now) {
    trial_action n = taken_over(t, id, from_session, now);
    n.version = t.version;
    n.field_versions = t.field_versions;
    n.created_at = t.created_at;
    n.updated_at = t.updated_at;
    return n;
}

trial_action trials::mirrored(const trial_action& v, const trial_action& o, const participant* author) {
    trial_action n = o;
    n.id = v.id;
    n.origin_session = v.origin_session;
    n.origin_trial = v.origin_trial;
    n.from_ideas = v.from_ideas;
    n.created_by = v.created_by;
    n.learnings = v.learnings;
    // The moves it had keep their people here; a new one is the author's, if made here.
    for (std::size_t k = 0; k < n.review_moves.size(); ++k) {
        review_move& m = n.review_moves[k];
        if (k < v.review_moves.size())
            m.by = v.review_moves[k].by;
        else
            m.by = author && same_name(author->name, m.by_name) ? author->id : 0;
    }
    for (auto& owner : n.owners) {
        owner.id = 0;
        for (const auto& here : v.owners)
            if (here.id != 0 && same_name(here.name, owner.name)) owner = here;
        if (author && same_name(author->name, owner.name)) owner = {author->id, author->name};
    }
    return n;
}

void trials::apply(const trial_saved& e) {
    last_id_ = std::max(last_id_, e.item.id);
    trial_action& t = items_[e.item.id];
    std::vector<learning> log = std::move(t.learnings);
    t = e.item;
    t.learnings = std::move(log);
}

void trials::apply(const learning_added& e) {
    auto it = items_.find(e.trial);
    if (it == items_.end()) return;
    it->second.learnings.push_back(e.item);
    it->second.version = e.version;
    it->second.updated_at = e.updated_at;
}

void trials::apply(const trial_deleted& e) { items_.erase(e.id); }

void trials::restore(std::map<trial_id, trial_action> items, trial_id last_id) {
    items_ = std::move(items);
    last_id_ = last_id;
}

}  // namespace samskab::domain

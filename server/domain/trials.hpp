// trials: the trial actions (prøvehandlinger) of one session, and the rules of their
// lifecycle: proposed, approved (only by a manager's decision), running, evaluated
// (with an outcome) or stopped. A manager may park one that is still under way
// (proposed, approved or running); a manager's approval takes it up again, and its
// owners may stop it. Learnings are appended, dated and signed.
//
// Every decision returns the trial action's whole new state (trial_saved) but for its
// log of learnings, which can be long: applying it replaces the old state and keeps the
// log. An added learning is told on its own (learning_added): applying it appends it.
// Threading: a plain value, confined to its owner's thread.
#pragma once

#include "domain/board.hpp"
#include "domain/command.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"
#include "domain/roster.hpp"
#include "domain/types.hpp"

#include <map>
#include <optional>

namespace samskab::domain {

class trials {
public:
    const std::map<trial_id, trial_action>& all() const noexcept { return items_; }
    const trial_action* find(trial_id id) const;
    static bool owns(const trial_action& t, participant_id who);
    trial_id last_id() const noexcept { return last_id_; }

    // Its ideas are resolved for the actor, and must be ones everyone may see
    // (board::public_idea_for): idea_not_found or invalid_state otherwise.
    result<event> create(const participant& actor, const create_trial& c, const roster& people, const board& b,
                         time_point now) const;
    result<event> update(const trial_action& t, const update_trial& c, time_point now) const;
    // Adds who as an owner. An owner from an earlier session known by name only whose
    // name is who's (same_name) is taken to be who, volunteering again: who takes that
    // entry over (in its place, with who's id and name) rather than being listed twice.
    result<event> add_owner_(const trial_action& t, const participant& who, time_point now) const;
    result<event> remove_owner_(const trial_action& t, participant_id who, time_point now) const;
    result<event> set_status(const trial_action& t, const set_trial_status& c, time_point now) const;
    result<event> add_learning_(const trial_action& t, const participant& by, const add_learning& c,
                                time_point now) const;
    // An owner's check-in, added to the log (learning_added with its check_in). Not on an
    // ended trial action (invalid_state); counts as a learning against the limits.
    // what_happened is required, learned may be empty; a measure needs a finite value and
    // a unit, a note its text.
    result<event> check_in_(const trial_action& t, const participant& by, const check_in_trial& c,
                            time_point now) const;
    // A new review date with its reason, kept in review_moves. Not on an ended one
    // (invalid_state); `to` must be a valid_date, differ from the review date and not come
    // before the start date (invalid_field on "to").
    result<event> move_review_(const trial_action& t, const participant& by, const move_review_date& c,
                               time_point now) const;
    result<event> remove(const trial_action& t) const;
    // Whether a manager may record a decision of this kind on t: parking needs one that
    // is under way (invalid_state for one already parked or ended); continue, adapt and
    // scale one that is approved, running or parked, stop one that has not ended.
    // Approving and asking for a check are always recorded.
    static std::optional<error> check_decision(const trial_action& t, decision_kind k);
    // The trial action as a manager's decision leaves it, for a trial_saved: approve
    // makes a proposed or parked one approved, park parks it, continue, adapt and scale
    // set an approved or parked one running, stop stops it; nullopt if the decision does
    // not change it.
    static std::optional<trial_action> decided(const trial_action& t, decision_kind k, time_point now);

    // A trial action of an earlier session as a review session takes it over: the same
    // content and status under a new id, its owners and learnings by name only (the
    // people of one session are not those of another), its first origin kept through a
    // chain of reviews. An owner already known by name only who is also listed as a
    // participant of the same name (the double listing older versions made when an
    // earlier owner volunteered again) is listed once.
    static trial_action taken_over(const trial_action& t, trial_id id, const std::string& from_session, time_point now);

    // A trial action of an earlier session of the same workspace as a follow-up shows it
    // live (workshop::shows_live): taken over as above, but keeping its version and the
    // versions of its fields, so that a command decided on it here can be carried out on
    // the original, whose changes come back through mirrored().
    static trial_action viewed(const trial_action& t, trial_id id, const std::string& from_session, time_point now);
    // The view v with the state of the original o: o's content, status, dates and versions;
    // its owners by name only, but for those of v who are people of v's session (same
    // name, an id here) and `author`, the person of v's session who made the change if
    // any (who may just have volunteered), who stay themselves. v keeps its id, origin,
    // ideas, creator and learnings (those come one by one, as learning_added).
    static trial_action mirrored(const trial_action& v, const trial_action& o, const participant* author);

    void apply(const trial_saved& e);
    void apply(const learning_added& e);
    void apply(const trial_deleted& e);

    // For restoring from storage.
    void restore(std::map<trial_id, trial_action> items, trial_id last_id);

    // The id the next learning of this session gets.
    std::int64_t next_learning_id() const;

private:
    std::size_t learning_count() const;

    std::map<trial_id, trial_action> items_;
    trial_id last_id_ = 0;
};

// Whether s is a real calendar date written YYYY-MM-DD: exactly four ASCII digits of
// year (0000 to 9999), a hyphen, two of month, a hyphen, two of day; no sign, space or
// anything else; the day within its month, February 29 in leap years only.
bool valid_date(std::string_view s);

}  // namespace samskab::domain

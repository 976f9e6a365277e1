// The permission matrix (see permissions.hpp).
#include "domain/permissions.hpp"

#include <array>
#include <variant>

namespace samskab::domain {

namespace {

constexpr role_mask none = 0;
constexpr role_mask managers = bit(role::manager);
constexpr role_mask only_facilitator = bit(role::facilitator);
constexpr phase_mask vote_phase = bit(phase::vote);

// Indexed like the command variant; the static_assert below and the tests keep the
// two in step.
constexpr std::array<action_rule, 46> rules{{
    // `audited`: kept in the audit log (see action_rule). Not the contributions to the
    // board (who wrote, edited, moved or deleted which idea or comment, who reacted:
    // the anonymity setting may hide it) and never votes (secret).
    // name                  anyone            phases       self           phases          lock_exempt audited
    {"idea.add",             facilitators,     all_phases,  members,       writing_phases, false, false},
    {"idea.edit",            facilitators,     all_phases,  members,       writing_phases, false, false},
    {"idea.move",            facilitators,     all_phases,  members,       writing_phases, false, false},
    {"idea.delete",          facilitators,     all_phases,  members,       writing_phases, false, false},
    {"ideas.reveal",         facilitators,     all_phases,  none,          0,              false, true},
    {"idea.merge",           facilitators,     all_phases,  none,          0,              false, true},
    {"idea.fate",            facilitators,     all_phases,  none,          0,              false, true},
    {"idea.moderate",        facilitators,     all_phases,  none,          0,              false, true},
    {"column.add",           facilitators,     all_phases,  none,          0,              false, true},
    {"column.rename",        facilitators,     all_phases,  none,          0,              false, true},
    {"column.move",          facilitators,     all_phases,  none,          0,              false, true},
    {"column.delete",        facilitators,     all_phases,  none,          0,              false, true},
    {"cluster.create",       facilitators,     all_phases,  none,          0,              false, true},
    {"cluster.rename",       facilitators,     all_phases,  none,          0,              false, true},
    {"cluster.assign",       facilitators,     all_phases,  none,          0,              false, true},
    {"cluster.delete",       facilitators,     all_phases,  none,          0,              false, true},
    {"vote.set",             members,          vote_phase,  none,          0,              false, false},
    {"votes.reveal",         facilitators,     all_phases,  none,          0,              false, true},
    {"votes.reset",          facilitators,     all_phases,  none,          0,              false, true},
    {"comment.add",          contributors,     all_phases,  none,          0,              false, false},
    {"comment.delete",       facilitators,     all_phases,  members,       all_phases,     false, false},
    {"comment.moderate",     facilitators,     all_phases,  none,          0,              false, true},
    {"reaction.toggle",      contributors,     all_phases,  none,          0,              false, false},
    {"trial.create",         facilitators,     all_phases,  none,          0,              false, true},
    {"trial.update",         facilitators,     all_phases,  members,       all_phases,     false, true},
    {"trial.owner_add",      facilitators,     all_phases,  members,       all_phases,     false, true},
    {"trial.owner_remove",   facilitators,     all_phases,  members,       all_phases,     false, true},
    {"trial.status",         facilitators,     all_phases,  members,       all_phases,     false, true},
    {"trial.learning",       facilitators | managers, all_phases, members, all_phases,     false, true},
    {"trial.delete",         facilitators,     all_phases,  none,          0,              false, true},
    {"decision.record",      managers,         all_phases,  none,          0,              true, true},
    {"phase.set",            facilitators,     all_phases,  none,          0,              false, true},
    {"timer.start",          facilitators,     all_phases,  none,          0,              false, true},
    {"timer.pause",          facilitators,     all_phases,  none,          0,              false, true},
    {"timer.resume",         facilitators,     all_phases,  none,          0,              false, true},
    {"timer.extend",         facilitators,     all_phases,  none,          0,              false, true},
    {"timer.stop",           facilitators,     all_phases,  none,          0,              false, true},
    {"settings.update",      facilitators,     all_phases,  none,          0,              false, true},
    {"board.lock",           facilitators,     all_phases,  none,          0,              false, true},
    {"review.focus",         facilitators,     all_phases,  none,          0,              false, true},
    {"participant.remove",   facilitators,     all_phases,  none,          0,              false, true},
    {"invite.renew",         only_facilitator, all_phases,  none,          0,              false, true},
    {"invite.revoke",        only_facilitator, all_phases,  none,          0,              false, true},
    {"session.update",       facilitators,     all_phases,  none,          0,              false, true},
    {"session.close",        only_facilitator, all_phases,  none,          0,              false, true},
    {"screen.focus",         facilitators,     all_phases,  none,          0,              false, true},
}};
static_assert(rules.size() == std::variant_size_v<command>, "one permission rule per command");

bool has(role_mask m, role r) { return (m & bit(r)) != 0; }

bool in_phases(phase_mask m, phase p, const settings& s) {
    if (m == writing_phases) {
        if (p == phase::ideas) return true;
        return s.late_ideas && (p == phase::cluster || p == phase::vote || p == phase::trial_actions || p == phase::review);
    }
    return (m & bit(p)) != 0;
}

}  // namespace

std::span<const action_rule> action_rules() { return rules; }

const action_rule& rule_of(const command& c) { return rules[c.index()]; }

std::string_view command_name(const command& c) { return rule_of(c).name; }

std::vector<std::string_view> audited_actions() {
    std::vector<std::string_view> out;
    for (const auto& r : rules)
        if (r.audited) out.push_back(r.name);
    return out;
}

bool may_ever(role r, const command& c) {
    const action_rule& a = rule_of(c);
    return has(a.anyone, r) || has(a.self, r);
}

std::optional<error> check_permission(const command& c, role r, bool own, const facilitation& f) {
    const action_rule& a = rule_of(c);
    const bool as_anyone = has(a.anyone, r);
    const bool as_self = own && has(a.self, r);
    if (!as_anyone && !as_self) {
        if (has(a.self, r)) return error::make(errc::forbidden, std::string(a.name) + ": only for what is your own");
        return error::make(errc::forbidden, std::string(a.name) + ": your role may not do this");
    }
    const bool phase_ok = (as_anyone && in_phases(a.anyone_phases, f.current, f.options)) ||
                          (as_self && in_phases(a.self_phases, f.current, f.options));
    if (!phase_ok)
        return error::make(errc::wrong_phase,
                           std::string(a.name) + ": not allowed in the " + std::string(to_string(f.current)) + " phase");
    if (f.locked && !facilitates(r) && !a.lock_exempt)
        return error::make(errc::board_locked, "the facilitator has locked the board");
    return std::nullopt;
}

}  // namespace samskab::domain

// The permission matrix (see permissions.hpp).
#include "domain/permissions.hpp"

#include "domain/command_rules.hpp"

#include <variant>

namespace samskab::domain {

namespace {

// Generated from protocol/messages.json; indexed like the command variant, which the
// static_assert below and the tests keep in step.
constexpr const auto& rules = generated::command_rules;
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

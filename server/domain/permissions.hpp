// The permission matrix: which role may do what in which phase. One row per command,
// generated from protocol/messages.json ("commands"), the one source the web client
// shares, in the order of the command variant; protocol/PROTOCOL.md shows the same table.
//
// A row names the roles that may always do the action ("anyone"), in some phases,
// and the roles that may do it to what is their own ("self": their idea, their
// comment, a trial action they own, themselves), in some phases. Whether the target
// is the actor's own is for the caller to say.
#pragma once

#include "domain/command.hpp"
#include "domain/error.hpp"
#include "domain/types.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace samskab::domain {

using role_mask = std::uint8_t;
using phase_mask = std::uint8_t;

constexpr role_mask bit(role r) { return static_cast<role_mask>(1u << static_cast<unsigned>(r)); }
constexpr phase_mask bit(phase p) { return static_cast<phase_mask>(1u << static_cast<unsigned>(p)); }

inline constexpr role_mask facilitators = bit(role::facilitator) | bit(role::co_facilitator);
inline constexpr role_mask members = bit(role::manager) | bit(role::staff) | bit(role::citizen);
inline constexpr role_mask contributors = facilitators | members;  // everyone but observers
inline constexpr phase_mask all_phases = 0x7F;
// Stands for "the ideas phase, and the later working phases if late ideas are allowed".
inline constexpr phase_mask writing_phases = 0x80;

struct action_rule {
    std::string_view name;  // the command's wire name
    role_mask anyone;
    phase_mask anyone_phases;
    role_mask self;
    phase_mask self_phases;
    bool lock_exempt;  // allowed to non-facilitators while the board is locked
    // Kept in the audit log when a facilitator or a manager does it: the control
    // actions (phases, timer, settings, moderation, board structure, fates, merges,
    // reveals, decisions, invitations, removals, the session) and the work on trial
    // actions, which is named anyway. Not the contributions to the board (ideas
    // written, edited, moved or deleted; comments; reactions), since the log would
    // show who wrote what whatever the anonymity setting says; never votes, which are
    // secret.
    bool audited;
    // Allowed also in a closed session: the life of a trial action goes on after the
    // workshop (its updates, status, log, check-ins, review date, decisions on it).
    bool after_close;
};

// Every rule, indexed like the command variant.
std::span<const action_rule> action_rules();
const action_rule& rule_of(const command& c);

// The wire names of the audited commands, in the order of the command variant.
std::vector<std::string_view> audited_actions();

// Whether role r could do c in some phase, to something of their own or not. Used to
// refuse at once what a role may never do.
bool may_ever(role r, const command& c);

// Whether role r may do c now. `own` says whether the target is the actor's own.
// Refusals, in this order: forbidden (the role may not, or not to what is not its
// own), wrong_phase, board_locked. The session's status is checked by the caller.
std::optional<error> check_permission(const command& c, role r, bool own, const facilitation& f);

}  // namespace samskab::domain

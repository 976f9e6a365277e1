// workshop::decide: who may do what, and what it becomes (see workshop.hpp).
//
// Each command is checked in the same order: the session is open, the actor has not
// been removed, the actor's role may ever do it; then its handler (workshop_decide.hpp)
// looks its target up (what the actor may not see counts as not found), checks the
// permission matrix with whether the target is the actor's own, and the part of the
// workshop that owns the target checks the rest. Every idea and comment id is resolved
// through the lookups for a viewer (visibility.hpp), the parts' own included: what the
// actor may not see is answered exactly like what does not exist.
//
// The handlers are in the files of their parts: workshop_decide_board.cpp (ideas,
// columns, clusters, votes), workshop_decide_discussion.cpp (comments, reactions),
// workshop_decide_trials.cpp (trial actions, decisions) and
// workshop_decide_facilitation.cpp (controls, session, participants, invitations).
#include "domain/workshop_decide.hpp"

#include "domain/overloaded.hpp"

#include <type_traits>
#include <variant>

namespace samskab::domain {

namespace {

// Whether the visitor V has a handler for every alternative of the variant.
template <class V, class Variant>
struct handles_each;
template <class V, class... Ts>
struct handles_each<V, std::variant<Ts...>> : std::bool_constant<(std::is_invocable_v<const V&, const Ts&> && ...)> {};

struct not_a_command {};

}  // namespace

std::optional<error> workshop::check_target(const participant& actor, target_kind on, std::int64_t id,
                                            bool shown_to_all) const {
    if (on == target_kind::trial_action) return trials_.find(id) ? std::nullopt : std::optional(deciding::trial_missing());
    const viewer v = viewer_of(actor);
    auto i = shown_to_all ? board_.public_idea_for(v, id) : board_.idea_for(v, id);
    return i ? std::nullopt : std::optional(i.err());
}

result<event> workshop::decide(const participant& actor, const command& c, const decide_context& ctx) const {
    if (info_.status == session_status::closed) {
        const auto* d = std::get_if<record_decision>(&c);
        if (!rule_of(c).after_close || (d && d->on != target_kind::trial_action))
            return error::make(errc::session_closed, "the session is closed and can no longer be changed");
    }
    if (actor.removed) return error::make(errc::participant_removed, "the facilitator has removed you from this session");
    if (!may_ever(actor.role_, c)) return *check_permission(c, actor.role_, false, controls_);
    return decide_open(actor, c, ctx);
}

result<event> workshop::decide_open(const participant& a, const command& cmd, const decide_context& ctx) const {
    using handlers = overloaded<board_commands, ballot_commands, discussion_commands, trial_commands,
                                facilitation_commands, roster_commands>;
    static_assert(handles_each<handlers, command>::value,
                  "every command needs its handler in the part that owns it (workshop_decide.hpp)");
    static_assert(!std::is_invocable_v<const handlers&, const not_a_command&>,
                  "no handler may take any command: a generic one would take a new command unnoticed");
    const deciding d{*this, a, ctx, cmd, viewer_of(a)};
    return std::visit(handlers{board_commands{d}, ballot_commands{d}, discussion_commands{d}, trial_commands{d},
                               facilitation_commands{d}, roster_commands{d}},
                      cmd);
}

}  // namespace samskab::domain

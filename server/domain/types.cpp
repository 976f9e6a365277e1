// Wire and storage names of the domain enumerations. One table per enumeration
// serves both directions.
#include "domain/types.hpp"

#include <array>
#include <utility>

namespace samskab::domain {

namespace {

template <class E, std::size_t N>
using names = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
std::string_view name_of(const names<E, N>& table, E value) {
    for (const auto& [e, n] : table)
        if (e == value) return n;
    return table[0].second;
}

template <class E, std::size_t N>
std::optional<E> value_of(const names<E, N>& table, std::string_view s) {
    for (const auto& [e, n] : table)
        if (n == s) return e;
    return std::nullopt;
}

constexpr names<role, 6> role_names{{{role::facilitator, "facilitator"},
                                     {role::co_facilitator, "co_facilitator"},
                                     {role::manager, "manager"},
                                     {role::staff, "staff"},
                                     {role::citizen, "citizen"},
                                     {role::observer, "observer"}}};
constexpr names<session_status, 2> status_names{{{session_status::open, "open"}, {session_status::closed, "closed"}}};
constexpr names<phase, 7> phase_names{{{phase::welcome, "welcome"},
                                       {phase::ideas, "ideas"},
                                       {phase::cluster, "cluster"},
                                       {phase::vote, "vote"},
                                       {phase::trial_actions, "trial_actions"},
                                       {phase::review, "review"},
                                       {phase::wrap_up, "wrap_up"}}};
constexpr names<session_template, 2> template_names{
    {{session_template::idea_workshop, "idea_workshop"}, {session_template::review, "review"}}};
constexpr names<anonymity, 3> anonymity_names{{{anonymity::named, "named"},
                                               {anonymity::hidden_from_participants, "hidden_from_participants"},
                                               {anonymity::anonymous, "anonymous"}}};
constexpr names<fate, 5> fate_names{{{fate::open, "open"},
                                     {fate::selected, "selected"},
                                     {fate::merged, "merged"},
                                     {fate::parked, "parked"},
                                     {fate::trial_action, "trial_action"}}};
constexpr names<trial_status, 6> trial_status_names{{{trial_status::proposed, "proposed"},
                                                     {trial_status::approved, "approved"},
                                                     {trial_status::running, "running"},
                                                     {trial_status::evaluated, "evaluated"},
                                                     {trial_status::stopped, "stopped"},
                                                     {trial_status::parked, "parked"}}};
constexpr names<outcome, 4> outcome_names{{{outcome::none, "none"},
                                           {outcome::worked, "worked"},
                                           {outcome::partly, "partly"},
                                           {outcome::did_not_work, "did_not_work"}}};
constexpr names<decision_kind, 8> decision_names{{{decision_kind::approve, "approve"},
                                                  {decision_kind::park, "park"},
                                                  {decision_kind::needs_check, "needs_check"},
                                                  {decision_kind::continue_, "continue"},
                                                  {decision_kind::adapt, "adapt"},
                                                  {decision_kind::scale, "scale"},
                                                  {decision_kind::stop, "stop"},
                                                  {decision_kind::spread, "spread"}}};
constexpr names<proposal, 4> proposal_names{{{proposal::continue_, "continue"},
                                            {proposal::adapt, "adapt"},
                                            {proposal::scale, "scale"},
                                            {proposal::stop, "stop"}}};
constexpr names<target_kind, 2> target_names{{{target_kind::idea, "idea"}, {target_kind::trial_action, "trial_action"}}};
constexpr names<reaction, 5> reaction_names{{{reaction::like, "like"},
                                             {reaction::love, "love"},
                                             {reaction::idea, "idea"},
                                             {reaction::question, "question"},
                                             {reaction::celebrate, "celebrate"}}};
constexpr names<screen_kind, 4> screen_kind_names{{{screen_kind::none, "none"},
                                                  {screen_kind::idea, "idea"},
                                                  {screen_kind::cluster, "cluster"},
                                                  {screen_kind::results, "results"}}};
constexpr names<timer_state::status, 3> timer_names{{{timer_state::status::idle, "idle"},
                                                     {timer_state::status::running, "running"},
                                                     {timer_state::status::paused, "paused"}}};

}  // namespace

std::string_view to_string(role r) { return name_of(role_names, r); }
std::optional<role> role_from_string(std::string_view s) { return value_of(role_names, s); }
std::string_view to_string(session_status s) { return name_of(status_names, s); }
std::optional<session_status> session_status_from_string(std::string_view s) { return value_of(status_names, s); }
std::string_view to_string(screen_kind k) { return name_of(screen_kind_names, k); }
std::optional<screen_kind> screen_kind_from_string(std::string_view s) { return value_of(screen_kind_names, s); }
std::string_view to_string(phase p) { return name_of(phase_names, p); }
std::optional<phase> phase_from_string(std::string_view s) { return value_of(phase_names, s); }
std::string_view to_string(session_template t) { return name_of(template_names, t); }
std::optional<session_template> template_from_string(std::string_view s) { return value_of(template_names, s); }
std::string_view to_string(anonymity a) { return name_of(anonymity_names, a); }
std::optional<anonymity> anonymity_from_string(std::string_view s) { return value_of(anonymity_names, s); }
std::string_view to_string(fate f) { return name_of(fate_names, f); }
std::optional<fate> fate_from_string(std::string_view s) { return value_of(fate_names, s); }
std::string_view to_string(trial_status s) { return name_of(trial_status_names, s); }
std::optional<trial_status> trial_status_from_string(std::string_view s) { return value_of(trial_status_names, s); }
std::string_view to_string(outcome o) { return name_of(outcome_names, o); }
std::optional<outcome> outcome_from_string(std::string_view s) { return value_of(outcome_names, s); }
std::string_view to_string(decision_kind k) { return name_of(decision_names, k); }
std::optional<decision_kind> decision_kind_from_string(std::string_view s) { return value_of(decision_names, s); }
std::string_view to_string(proposal p) { return name_of(proposal_names, p); }
namespace {
constexpr names<evidence::kind, 3> evidence_names{
    {{evidence::kind::none, "none"}, {evidence::kind::measure, "measure"}, {evidence::kind::note, "note"}}};
}  // namespace
std::string_view to_string(evidence::kind k) { return name_of(evidence_names, k); }
std::optional<evidence::kind> evidence_kind_from_string(std::string_view s) { return value_of(evidence_names, s); }
std::optional<proposal> proposal_from_string(std::string_view s) { return value_of(proposal_names, s); }
std::string_view to_string(target_kind k) { return name_of(target_names, k); }
std::optional<target_kind> target_kind_from_string(std::string_view s) { return value_of(target_names, s); }
std::string_view to_string(reaction r) { return name_of(reaction_names, r); }
std::optional<reaction> reaction_from_string(std::string_view s) { return value_of(reaction_names, s); }
std::string_view to_string(timer_state::status s) { return name_of(timer_names, s); }

std::vector<phase> phases_of(session_template t) {
    if (t == session_template::review) return {phase::welcome, phase::review, phase::wrap_up};
    return {phase::welcome, phase::ideas, phase::cluster, phase::vote, phase::trial_actions, phase::wrap_up};
}

}  // namespace samskab::domain

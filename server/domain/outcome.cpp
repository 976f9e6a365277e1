// The outcome report's figures (see outcome.hpp).
#include "domain/outcome.hpp"

#include <algorithm>
#include <chrono>
#include <set>

namespace samskab::domain {

participation participation_of(const workshop& w) {
    std::set<participant_id> contributed;
    for (const auto& [id, i] : w.ideas().ideas()) contributed.insert(i.author);
    for (const auto& [id, c] : w.talk().comments()) contributed.insert(c.author);
    for (const auto& [voter, dots] : w.votes().votes())
        if (!dots.empty()) contributed.insert(voter);
    for (const auto& [target, set] : w.talk().reactions())
        for (const auto& [kind, who] : set.given) contributed.insert(who.begin(), who.end());
    for (const auto& [id, t] : w.trial_actions().all()) {
        if (w.shows_live(t)) continue;  // its people are its home session's
        contributed.insert(t.created_by);
        for (const auto& l : t.learnings) contributed.insert(l.by);
        for (const auto& m : t.review_moves) contributed.insert(m.by);
    }
    for (const auto& d : w.decisions()) contributed.insert(d.by);
    contributed.erase(0);  // nobody of this session (an earlier session, the portfolio)

    participation out;
    for (role r : {role::facilitator, role::co_facilitator, role::manager, role::staff, role::citizen, role::observer})
        out[r] = {};
    for (const auto& [id, p] : w.people().all()) {
        if (p.removed) continue;
        auto& part = out[p.role_];
        ++part.joined;
        if (contributed.count(id)) ++part.active;
    }
    return out;
}

std::vector<phase_span> timeline_of(const session_info& info, phase current, const std::vector<phase_change>& changes,
                                    std::optional<time_point> closed_at, time_point now) {
    std::vector<phase_span> out;
    const phase first = changes.empty() ? current : phases_of(info.template_).front();
    out.push_back(phase_span{first, info.created_at, std::nullopt, 0});
    std::vector<phase_change> ordered = changes;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const phase_change& a, const phase_change& b) { return a.seq < b.seq; });
    for (const auto& c : ordered) {
        if (c.to == out.back().which) continue;
        out.back().ended_at = c.at;
        out.push_back(phase_span{c.to, c.at, std::nullopt, 0});
    }
    if (info.status == session_status::closed) out.back().ended_at = closed_at;
    const bool unknown_end = info.status == session_status::closed && !closed_at;
    for (auto& s : out) {
        const time_point end = s.ended_at ? *s.ended_at : unknown_end ? s.started_at : now;
        s.seconds = std::max<std::int64_t>(0, std::chrono::floor<std::chrono::seconds>(end - s.started_at).count());
    }
    return out;
}

}  // namespace samskab::domain

// Dot voting and its results (see ballot.hpp).
#include "domain/ballot.hpp"

#include "domain/limits.hpp"

#include <algorithm>

namespace samskab::domain {

std::int64_t ballot::used_by(participant_id voter) const {
    auto it = votes_.find(voter);
    if (it == votes_.end()) return 0;
    std::int64_t n = 0;
    for (const auto& [idea, d] : it->second) n += d;
    return n;
}

std::int64_t ballot::dots(participant_id voter, idea_id idea) const {
    auto it = votes_.find(voter);
    if (it == votes_.end()) return 0;
    auto jt = it->second.find(idea);
    return jt == it->second.end() ? 0 : jt->second;
}

std::map<idea_id, std::int64_t> ballot::mine(participant_id voter) const {
    auto it = votes_.find(voter);
    return it == votes_.end() ? std::map<idea_id, std::int64_t>{} : it->second;
}

std::int64_t ballot::dots_cast() const {
    std::int64_t n = 0;
    for (const auto& [voter, m] : votes_)
        for (const auto& [idea, d] : m) n += d;
    return n;
}

std::size_t ballot::voter_count() const { return votes_.size(); }

result<event> ballot::decide(participant_id voter, const idea& target, const set_vote& c, const settings& s,
                             bool revealed) const {
    if (revealed) return error::make(errc::voting_closed, "the votes have been revealed; voting is over");
    if (target.fate_ == fate::merged) return error::make(errc::invalid_state, "vote for the idea it was merged into");
    if (c.dots > s.vote_cap) {
        error e = error::make(errc::over_cap, "no more dots than the cap on one idea");
        e.limit = s.vote_cap;
        return e;
    }
    const std::int64_t before = dots(voter, target.id);
    if (c.dots == before) return error::make(errc::invalid_state, "the idea already has these dots from you");
    if (used_by(voter) - before + c.dots > s.vote_budget) {
        error e = error::make(errc::over_budget, "that is more dots than you have");
        e.limit = s.vote_budget;
        return e;
    }
    return event{vote_set{voter, target.id, c.dots}};
}

void ballot::apply(const vote_set& e) {
    auto& mine = votes_[e.voter];
    if (e.dots == 0) mine.erase(e.idea);
    else mine[e.idea] = e.dots;
    if (mine.empty()) votes_.erase(e.voter);
}

void ballot::drop_idea(idea_id id) {
    for (auto it = votes_.begin(); it != votes_.end();) {
        it->second.erase(id);
        it = it->second.empty() ? votes_.erase(it) : std::next(it);
    }
}

vote_results ballot::results(const roster& people, const board& b, std::int64_t fold_threshold) const {
    // Which group each voter counts in, and how many voters each group has.
    std::map<participant_id, std::string> group_of;
    std::map<std::string, std::int64_t> voters;
    for (const auto& [voter, m] : votes_) {
        const participant* p = people.find(voter);
        const std::string g = p ? std::string(to_string(p->role_)) : "others";
        group_of[voter] = g;
        ++voters[g];
    }
    // Groups below the threshold fold into "others"; while "others" itself is below
    // it, the smallest shown group folds in too, or its votes could be inferred from
    // the totals. Whatever the session's threshold (a database may hold one from an
    // older version), no group of one is shown: it would show that person's dots.
    const std::int64_t threshold = std::max(fold_threshold, limits::min_fold_threshold);
    std::vector<std::string> shown;
    std::int64_t others = 0;
    for (const auto& [g, n] : voters) {
        if (g != "others" && n >= threshold) shown.push_back(g);
        else others += n;
    }
    while (others > 0 && others < threshold && !shown.empty()) {
        auto smallest = std::min_element(shown.begin(), shown.end(),
                                         [&](const auto& x, const auto& y) { return voters[x] < voters[y]; });
        others += voters[*smallest];
        shown.erase(smallest);
    }
    // "others" below the threshold is now all there is, and its split is the total;
    // but one voter alone is not shown as a group: the results are the totals only.
    const bool others_shown = others >= limits::min_fold_threshold;
    vote_results out;
    for (const auto& g : shown) out.voters[g] = voters[g];
    if (others_shown) out.voters["others"] = others;
    out.groups = shown;
    if (others_shown) out.groups.push_back("others");

    // An idea's dots include those of the ideas merged into it, however deep.
    auto home = [&](idea_id id) {
        for (int hops = 0; hops < 64; ++hops) {
            const idea* i = b.find_idea(id);
            if (!i || i->fate_ != fate::merged) return id;
            id = i->merged_into;
        }
        return id;
    };
    std::map<idea_id, idea_result> by_idea;
    for (const auto& [voter, m] : votes_) {
        const std::string& g = group_of[voter];
        const bool visible = std::find(shown.begin(), shown.end(), g) != shown.end();
        for (const auto& [id, d] : m) {
            const idea_id target = home(id);
            const idea* i = b.find_idea(target);
            if (!i || !board::on_board(*i)) continue;
            auto& r = by_idea[target];
            r.id = target;
            r.total += d;
            if (visible || others_shown) r.by_group[visible ? g : "others"] += d;
        }
    }
    for (auto& [id, r] : by_idea) out.ideas.push_back(std::move(r));
    std::stable_sort(out.ideas.begin(), out.ideas.end(),
                     [](const idea_result& x, const idea_result& y) { return x.total > y.total; });
    return out;
}

}  // namespace samskab::domain

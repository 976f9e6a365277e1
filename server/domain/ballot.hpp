// ballot: dot voting in one session: who gave how many dots to which idea, and the
// results once revealed: totals, and the same split by role, with role groups of
// fewer voters than the threshold folded into "others" so that nobody's vote can be
// inferred; no group of one voter is ever shown, whatever the threshold.
//
// Who voted for what is kept here only to enforce budgets and caps and to show each
// voter their own dots; it never leaves the server otherwise.
// Threading: a plain value, confined to its owner's thread.
#pragma once

#include "domain/board.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"
#include "domain/roster.hpp"
#include "domain/types.hpp"

#include <map>
#include <string>
#include <vector>

namespace samskab::domain {

struct idea_result {
    idea_id id = 0;
    std::int64_t total = 0;
    std::map<std::string, std::int64_t> by_group;  // group name -> dots
    bool operator==(const idea_result&) const = default;
};

struct vote_results {
    std::vector<std::string> groups;              // "citizen", "staff", "manager", "others": those shown
    std::map<std::string, std::int64_t> voters;   // group -> how many people voted
    std::vector<idea_result> ideas;               // ideas on the board with dots, most dots first
    bool operator==(const vote_results&) const = default;
};

class ballot {
public:
    using votes_t = std::map<participant_id, std::map<idea_id, std::int64_t>>;

    const votes_t& votes() const noexcept { return votes_; }
    std::int64_t used_by(participant_id voter) const;
    std::int64_t dots(participant_id voter, idea_id idea) const;
    std::map<idea_id, std::int64_t> mine(participant_id voter) const;
    std::int64_t dots_cast() const;
    std::size_t voter_count() const;
    bool empty() const noexcept { return votes_.empty(); }

    // Precondition: the idea is on the board and visible to the voter. Fails with
    // voting_closed after the reveal, over_cap, over_budget, invalid_state (no
    // change).
    result<event> decide(participant_id voter, const idea& target, const set_vote& c, const settings& s,
                         bool revealed) const;

    void apply(const vote_set& e);
    void clear() { votes_.clear(); }
    // Returns the dots given to a deleted idea to their voters.
    void drop_idea(idea_id id);

    // fold_threshold below limits::min_fold_threshold counts as that minimum.
    vote_results results(const roster& people, const board& b, std::int64_t fold_threshold) const;

    // For restoring from storage.
    void restore(votes_t v) { votes_ = std::move(v); }

private:
    votes_t votes_;  // only non-zero entries
};

}  // namespace samskab::domain

// portfolio: a workspace's trial actions as management reviews them (innovations-
// portefølje): every trial action made in one of its sessions, with where it came from,
// how it is doing and what was decided, and the queries of the review: which are
// overdue, how many run at once against the workspace's limit, which worked and should
// spread, filtered and sorted.
//
// The portfolio holds nothing of its own. A trial action's home is the session it was
// made in (DEVELOPERS.md, "Workspaces and trial actions across sessions"): each session
// gives its part (portfolio_part_of, from its committed state), and the workspace's
// portfolio is the parts put together (assemble). A decision recorded in a follow-up on
// a trial action it shows is that follow-up's; the part carries it so that the
// portfolio shows the trial action's latest decision wherever it was made.
//
// Time comes from the caller (`today`); the domain never reads a clock.
// Threading: plain values and pure functions.
#pragma once

#include "domain/types.hpp"
#include "domain/workshop.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace samskab::domain {

// A trial action of the workspace: the session it was made in and its id there.
struct trial_ref {
    std::string session;
    trial_id trial = 0;
    bool operator==(const trial_ref&) const = default;
    auto operator<=>(const trial_ref&) const = default;
};

// One trial action as the portfolio shows it.
struct portfolio_entry {
    std::string session_id;
    std::string session_title;
    trial_action action;  // without its log of learnings
    std::string theme;    // the cluster or column of the idea it came from; may be empty
    std::optional<learning> last_check_in;
    std::size_t check_ins = 0;
    std::size_t learnings = 0;  // the whole log, check-ins included
    std::optional<decision> last_decision;
    trial_ref ref() const { return {session_id, action.id}; }
    bool operator==(const portfolio_entry&) const = default;
};

// What one session gives: the trial actions made in it, and the decisions recorded in it
// on trial actions it shows from elsewhere (by their home).
struct portfolio_part {
    std::vector<portfolio_entry> made_here;
    std::vector<std::pair<trial_ref, decision>> decided_here;
    bool operator==(const portfolio_part&) const = default;
};

portfolio_part portfolio_part_of(const workshop& w);

// The parts of a workspace's sessions put together, in the order of the parts: each
// entry's last decision is the latest one made on it in any session (by time, then the
// home session's first). With `wanted`, only the entries it picks are copied out (the
// rows that changed, see changed_rows); every part is still read for the
// decisions recorded elsewhere.
std::vector<portfolio_entry> assemble(const std::vector<const portfolio_part*>& parts,
                                      const std::function<bool(const trial_ref&)>& wanted = {});
std::vector<portfolio_entry> assemble(const std::vector<portfolio_part>& parts);
// The trial actions whose rows differ between two parts of one session: those made in it
// that are new, gone or changed, and those it recorded a new decision on.
std::set<trial_ref> changed_rows(const portfolio_part& before, const portfolio_part& after);

// The day a YYYY-MM-DD date names, if valid_date.
std::optional<std::chrono::sys_days> day_of(std::string_view yyyy_mm_dd);
// Under way (proposed, approved or running) with a review date before today; a review due
// today is not overdue yet. A parked one waits for a manager, not for its review.
bool is_overdue(const portfolio_entry& e, std::chrono::sys_days today);
// Whole days from the day it was made (UTC) to today; 0 if today is earlier.
std::int64_t age_days(const portfolio_entry& e, std::chrono::sys_days today);
std::size_t running_count(const std::vector<portfolio_entry>& all);
std::size_t running_count(const std::vector<const portfolio_part*>& parts);
// More running at once than the limit, when there is one (0: no limit).
bool is_overloaded(std::size_t running, std::int64_t limit);
bool is_overloaded(const std::vector<portfolio_entry>& all, std::int64_t limit);
// The trial actions marked to spread, by title (as select's `title` sort orders them).
std::vector<trial_ref> spread_of(const std::vector<const portfolio_part*>& parts);

// The entries a query selects: all that match every criterion given.
struct portfolio_filter {
    std::optional<trial_status> status;
    bool overdue = false;  // only those overdue on the query's today
    std::optional<std::string> session_id;
    std::optional<std::string> owner;  // one of its owners has this name (same_name)
    std::optional<outcome> result;
    std::optional<std::string> theme;  // same_name
    std::optional<bool> spread;
};

// How a query orders what it selects; ties go by session and id.
enum class portfolio_sort {
    review_date,    // earliest first; those without one last
    created,        // oldest first
    last_check_in,  // longest without news first: those never checked in on first
    title,          // by title, without regard to the case of ASCII letters
    status,         // in the order of the lifecycle (trial_status)
};
std::string_view to_string(portfolio_sort s);
std::optional<portfolio_sort> portfolio_sort_from_string(std::string_view s);

std::vector<const portfolio_entry*> select(const std::vector<portfolio_entry>& all, const portfolio_filter& f,
                                           portfolio_sort by, std::chrono::sys_days today);

}  // namespace samskab::domain

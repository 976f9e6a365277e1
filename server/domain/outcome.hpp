// The outcome report's own figures (GET /api/sessions/{id}/outcome, PROTOCOL.md "The
// outcome report"): how many took part in each role, and the timeline of the phases.
// Everything else the report shows is the session as its reader may see it (the
// snapshot), which visibility.hpp decides; these are counts and times only, never who.
//
// Threading: plain functions of values.
#pragma once

#include "domain/types.hpp"
#include "domain/workshop.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace samskab::domain {

// One role's part in a session. Removed participants count in neither.
struct role_participation {
    std::size_t joined = 0;  // participants of the role
    std::size_t active = 0;  // of them, those who contributed (see participation_of)
    bool operator==(const role_participation&) const = default;
};
// Every role, zeros included.
using participation = std::map<role, role_participation>;

// Who joined and who contributed, by role, as of w's state. A contribution is what is
// still in the session of a person's own: an idea they wrote (private, hidden or merged
// ones too; a deleted idea is gone and no longer counts), a comment, a vote, a reaction,
// and on the session's own trial actions (not those shown live from another session,
// whose people are that session's) one they created, a learning or check-in, a move of
// the review date; and a manager's decision. Being named an owner is not one: a
// facilitator may name anybody.
participation participation_of(const workshop& w);

// A phase the session entered: by a stored phase change (its seq and time), or by its
// creation.
struct phase_change {
    seq_t seq = 0;
    time_point at{};
    phase to = phase::welcome;
};
// One stay in a phase: from started_at to ended_at (none: still going on), and its length
// in whole seconds (up to `now` while going on).
struct phase_span {
    phase which = phase::welcome;
    time_point started_at{};
    std::optional<time_point> ended_at;
    std::int64_t seconds = 0;
    bool operator==(const phase_span&) const = default;
};

// The phases the session went through, in order, a phase again each time it was entered
// again: its template's first phase from its creation (without any change: `current`, the
// phase it is in, which only a session stored before phases existed has other than the
// first, as it was then in the ideas phase), then one per change in `changes`
// (in seq order; a change to the phase it is already in, which decide never gives, adds
// nothing). The last ends at closed_at if the session is closed (if it is closed and that
// time is unknown, its end stays none and its length 0), else goes on at `now`. Lengths
// are never negative (a clock set back).
std::vector<phase_span> timeline_of(const session_info& info, phase current, const std::vector<phase_change>& changes,
                                    std::optional<time_point> closed_at, time_point now);

}  // namespace samskab::domain

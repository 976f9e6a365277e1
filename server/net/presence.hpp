// presence: who of a session's participants is connected right now, who has taken
// part, and the summary clients are shown (see PROTOCOL.md, "presence").
//
// The lists stay small whatever happens to the session: they name only the people
// worth naming (every role but citizens, and citizens who are online or have done
// something in the session), the most relevant first, up to a bound; the counts by
// role cover everyone.
//
// Threading: a plain value, confined to its room's strand.
#pragma once

#include "domain/roster.hpp"
#include "domain/workshop.hpp"
#include "protocol/encoder.hpp"

#include <cstddef>
#include <map>
#include <unordered_set>
#include <vector>

namespace samskab::server {

class presence {
public:
    // A connection of `who` joined or left. Returns whether `who` came online or went
    // offline with it (their first connection, or their last).
    bool connect(domain::participant_id who);
    bool disconnect(domain::participant_id who);
    // Drops every connection of `who` (removed from the session).
    void forget(domain::participant_id who) { connections_.erase(who); }
    bool online(domain::participant_id who) const;

    // `who` made a change: they have taken part and are listed from now on.
    void took_part(domain::participant_id who) { active_.insert(who); }
    // Everyone whose name is on something in w (ideas, comments, decisions, trial
    // actions): the people who took part before this room started.
    void took_part_in(const domain::workshop& w);

    // Whether p is named in the lists: not removed, and not a citizen who is offline
    // and has done nothing.
    bool listed(const domain::participant& p) const;
    // At most `max` listed participants, facilitators first, then managers, staff,
    // observers and citizens, online before offline; `more` is set to how many listed
    // ones were left out.
    std::vector<protocol::presence_entry> entries(const domain::roster& people, std::size_t max,
                                                  std::size_t& more) const;
    protocol::presence_entry entry(const domain::participant& p) const;
    // Online and total counts by role, removed participants left out.
    protocol::presence_counts counts(const domain::roster& people) const;

private:
    std::map<domain::participant_id, int> connections_;
    std::unordered_set<domain::participant_id> active_;
};

}  // namespace samskab::server

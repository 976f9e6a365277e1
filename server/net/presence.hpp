// presence: who of a session's participants is connected right now, and the summary
// clients are shown (see PROTOCOL.md, "presence").
//
// Threading: a plain value, confined to its room's strand.
#pragma once

#include "domain/roster.hpp"
#include "protocol/encoder.hpp"

#include <map>
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

    // Every participant who has not been removed, online or not, by id.
    std::vector<protocol::presence_entry> entries(const domain::roster& people) const;
    protocol::presence_entry entry(const domain::participant& p) const;
    // Online and total counts by role, removed participants left out.
    protocol::presence_counts counts(const domain::roster& people) const;

private:
    std::map<domain::participant_id, int> connections_;
};

}  // namespace samskab::server

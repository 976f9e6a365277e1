// roster: the participants of one session and its invitation links.
//
// Participants are added as they join and never deleted: a removed participant stays,
// marked, so that their contributions keep an author and their token a clear answer.
// Threading: a plain value, confined to its owner's thread.
#pragma once

#include "domain/types.hpp"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace samskab::domain {

class roster {
public:
    const participant* find(participant_id id) const;
    const participant* find_by_token_hash(const std::string& hash) const;
    std::size_t size() const noexcept { return participants_.size(); }
    participant_id next_id() const noexcept { return last_id_ + 1; }
    // Every participant, by id.
    const std::map<participant_id, participant>& all() const noexcept { return participants_; }
    // How many of each role joined and were not removed; kept as they change, since a
    // session's list asks after every change.
    const std::map<role, std::size_t>& present_by_role() const noexcept { return present_by_role_; }

    // Precondition: p.id == next_id(), and the hash is unused.
    void add(participant p);
    void mark_removed(participant_id id);

    // The role's latest invitation (active or revoked), or null if none was ever made.
    const invite* invite_for(role r) const;
    // The invitation with this token hash, active or revoked, or null.
    const invite* find_invite(const std::string& hash) const;
    // Every invitation ever made, oldest first.
    const std::vector<invite>& invites() const noexcept { return invites_; }
    // Records i: an invitation with a known hash is updated (revoked); a new one is
    // added, and the role's earlier active invitation is revoked.
    void set_invite(invite i);

private:
    std::map<participant_id, participant> participants_;
    std::unordered_map<std::string, participant_id> by_token_hash_;
    participant_id last_id_ = 0;
    std::vector<invite> invites_;
    std::map<role, std::size_t> present_by_role_;
};

}  // namespace samskab::domain

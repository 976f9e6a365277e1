// Participants and invitations (see roster.hpp).
#include "domain/roster.hpp"

#include <algorithm>

namespace samskab::domain {

const participant* roster::find(participant_id id) const {
    auto it = participants_.find(id);
    return it == participants_.end() ? nullptr : &it->second;
}

const participant* roster::find_by_token_hash(const std::string& hash) const {
    auto it = by_token_hash_.find(hash);
    return it == by_token_hash_.end() ? nullptr : find(it->second);
}

void roster::add(participant p) {
    last_id_ = std::max(last_id_, p.id);
    by_token_hash_.emplace(p.token_hash, p.id);
    if (!p.removed) ++present_by_role_[p.role_];
    participants_.emplace(p.id, std::move(p));
}

void roster::mark_removed(participant_id id) {
    auto it = participants_.find(id);
    if (it == participants_.end() || it->second.removed) return;
    it->second.removed = true;
    if (auto n = present_by_role_.find(it->second.role_); n != present_by_role_.end() && --n->second == 0)
        present_by_role_.erase(n);
}

const invite* roster::invite_for(role r) const {
    for (auto it = invites_.rbegin(); it != invites_.rend(); ++it)
        if (it->for_role == r) return &*it;
    return nullptr;
}

const invite* roster::find_invite(const std::string& hash) const {
    for (const auto& i : invites_)
        if (i.token_hash == hash) return &i;
    return nullptr;
}

void roster::set_invite(invite i) {
    for (auto& old : invites_)
        if (old.token_hash == i.token_hash) {
            old = std::move(i);
            return;
        }
    for (auto& old : invites_)
        if (old.for_role == i.for_role && old.active) {
            old.active = false;
            old.nonce.clear();
        }
    invites_.push_back(std::move(i));
}

}  // namespace samskab::domain

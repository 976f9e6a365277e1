// Who is connected, who took part (see presence.hpp).
#include "net/presence.hpp"

#include <algorithm>
#include <tuple>

namespace samskab::server {

using namespace samskab::domain;

bool presence::connect(participant_id who) { return ++connections_[who] == 1; }

bool presence::disconnect(participant_id who) {
    auto it = connections_.find(who);
    if (it == connections_.end()) return false;
    if (--it->second > 0) return false;
    connections_.erase(it);
    return true;
}

bool presence::online(participant_id who) const { return connections_.count(who) > 0; }

void presence::took_part_in(const workshop& w) {
    for (const auto& [id, i] : w.ideas().ideas()) active_.insert(i.author);
    for (const auto& [id, c] : w.talk().comments()) active_.insert(c.author);
    for (const auto& d : w.decisions()) active_.insert(d.by);
    for (const auto& [id, t] : w.trial_actions().all()) {
        for (const auto& o : t.owners) active_.insert(o.id);
        for (const auto& l : t.learnings) active_.insert(l.by);
    }
    active_.erase(0);  // names from an earlier session
}

bool presence::listed(const participant& p) const {
    if (p.removed) return false;
    return p.role_ != role::citizen || online(p.id) || active_.count(p.id) > 0;
}

protocol::presence_entry presence::entry(const participant& p) const {
    return protocol::presence_entry{p.id, p.name, p.role_, online(p.id)};
}

std::vector<protocol::presence_entry> presence::entries(const roster& people, std::size_t max, std::size_t& more) const {
    std::vector<const participant*> listed_people;
    for (const auto& [id, p] : people.all())
        if (listed(p)) listed_people.push_back(&p);
    // The roles in the order of their weight in the room, online first, then by id.
    auto rank = [&](const participant* p) {
        const int weight = p->role_ == role::facilitator ? 0
                           : p->role_ == role::co_facilitator ? 1
                           : p->role_ == role::manager ? 2
                           : p->role_ == role::staff ? 3
                           : p->role_ == role::observer ? 4
                                                        : 5;
        return std::tuple(weight, !online(p->id), p->id);
    };
    const std::size_t keep = std::min(max, listed_people.size());
    std::partial_sort(listed_people.begin(), listed_people.begin() + static_cast<std::ptrdiff_t>(keep),
                      listed_people.end(), [&](const participant* a, const participant* b) { return rank(a) < rank(b); });
    more = listed_people.size() - keep;
    std::vector<protocol::presence_entry> out;
    out.reserve(keep);
    for (std::size_t k = 0; k < keep; ++k) out.push_back(entry(*listed_people[k]));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

protocol::presence_counts presence::counts(const roster& people) const {
    protocol::presence_counts out;
    for (const auto& [id, p] : people.all()) {
        if (p.removed) continue;
        auto& c = out[p.role_];
        ++c.total;
        if (online(id)) ++c.online;
    }
    return out;
}

}  // namespace samskab::server

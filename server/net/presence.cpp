// Who is connected (see presence.hpp).
#include "net/presence.hpp"

namespace samskab::server {

bool presence::connect(domain::participant_id who) { return ++connections_[who] == 1; }

bool presence::disconnect(domain::participant_id who) {
    auto it = connections_.find(who);
    if (it == connections_.end()) return false;
    if (--it->second > 0) return false;
    connections_.erase(it);
    return true;
}

bool presence::online(domain::participant_id who) const { return connections_.count(who) > 0; }

protocol::presence_entry presence::entry(const domain::participant& p) const {
    return protocol::presence_entry{p.id, p.name, p.role_, online(p.id)};
}

std::vector<protocol::presence_entry> presence::entries(const domain::roster& people) const {
    std::vector<protocol::presence_entry> out;
    for (const auto& [id, p] : people.all())
        if (!p.removed) out.push_back(entry(p));
    return out;
}

protocol::presence_counts presence::counts(const domain::roster& people) const {
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

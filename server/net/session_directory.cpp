// The directory of rooms and their followers (see session_directory.hpp).
#include "net/session_directory.hpp"

namespace samskab::server {

void session_directory::add(const std::string& id, const std::shared_ptr<room>& r,
                            const std::vector<std::string>& origins) {
    std::lock_guard lock(mutex_);
    rooms_[id] = r;
    for (const auto& o : origins) followers_[o].insert(id);
}

std::shared_ptr<room> session_directory::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(id);
    return it == rooms_.end() ? nullptr : it->second.lock();
}

std::vector<std::shared_ptr<room>> session_directory::followers_of(const std::string& origin) const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<room>> out;
    auto it = followers_.find(origin);
    if (it == followers_.end()) return out;
    for (const auto& id : it->second)
        if (auto f = rooms_.find(id); f != rooms_.end())
            if (auto r = f->second.lock()) out.push_back(std::move(r));
    return out;
}

}  // namespace samskab::server

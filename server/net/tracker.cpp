// Open connections (see tracker.hpp).
#include "net/tracker.hpp"

#include <vector>

namespace samskab::server {

void tracker::add(const std::shared_ptr<closable>& c) {
    bool late;
    {
        std::lock_guard lock(mutex_);
        open_.emplace(c.get(), c);
        late = shutting_down_;
    }
    if (late) c->shutdown();
}

void tracker::remove(const closable* c) {
    std::function<void()> done;
    {
        std::lock_guard lock(mutex_);
        open_.erase(c);
        if (shutting_down_ && open_.empty()) done = std::exchange(on_empty_, nullptr);
    }
    if (done) done();
}

std::size_t tracker::size() const {
    std::lock_guard lock(mutex_);
    return open_.size();
}

void tracker::shutdown_all(std::function<void()> on_empty) {
    std::vector<std::shared_ptr<closable>> all;
    {
        std::lock_guard lock(mutex_);
        shutting_down_ = true;
        for (auto& [ptr, weak] : open_)
            if (auto c = weak.lock()) all.push_back(std::move(c));
        if (open_.empty()) {
            on_empty();
            return;
        }
        on_empty_ = std::move(on_empty);
    }
    for (auto& c : all) c->shutdown();
}

}  // namespace samskab::server

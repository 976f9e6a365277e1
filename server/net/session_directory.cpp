// The directory of rooms and their followers (see session_directory.hpp).
#include "net/session_directory.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

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

void session_directory::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    rooms_.erase(id);
    followers_.erase(id);
    for (auto& [origin, ids] : followers_) ids.erase(id);
}

void session_directory::replace(const std::string& id, const std::shared_ptr<room>& r,
                                const std::vector<std::string>& origins) {
    std::lock_guard lock(mutex_);
    rooms_[id] = r;
    for (auto& [origin, ids] : followers_) ids.erase(id);
    for (const auto& o : origins) followers_[o].insert(id);
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

session_directory::session_directory(std::uint64_t first_version) : first_version_(first_version) {}

std::uint64_t session_directory::start_version() {
    using namespace std::chrono;
    return static_cast<std::uint64_t>(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count());
}

std::uint64_t session_directory::version_locked(const std::string& workspace) const {
    auto it = versions_.find(workspace);
    return it == versions_.end() ? first_version_ : it->second;
}

std::uint64_t session_directory::portfolio_version(const std::string& workspace) const {
    std::lock_guard lock(mutex_);
    return version_locked(workspace);
}

session_directory::portfolio_changes session_directory::portfolio_since(const std::string& workspace,
                                                                       std::uint64_t after) const {
    std::lock_guard lock(mutex_);
    portfolio_changes out{version_locked(workspace), std::nullopt};
    if (after < first_version_ || after > out.version) return out;
    out.rows.emplace();
    if (auto it = changed_at_.find(workspace); it != changed_at_.end())
        for (const auto& [row, at] : it->second)
            if (at > after) out.rows->insert(row);
    return out;
}

void session_directory::set_overload_limit(const std::string& workspace, std::int64_t limit) {
    std::lock_guard lock(mutex_);
    limits_[workspace] = limit;
}

std::optional<std::int64_t> session_directory::overload_limit(const std::string& workspace) const {
    std::lock_guard lock(mutex_);
    auto it = limits_.find(workspace);
    return it == limits_.end() ? std::nullopt : std::optional<std::int64_t>(it->second);
}

void session_directory::portfolio_changed(const std::string& workspace, const std::set<domain::trial_ref>& rows) {
    std::vector<waiter> woken;
    std::uint64_t now = 0;
    {
        std::lock_guard lock(mutex_);
        now = version_locked(workspace) + 1;
        versions_[workspace] = now;
        if (!rows.empty()) {
            auto& at = changed_at_[workspace];
            for (const auto& r : rows) at[r] = now;
        }
        auto it = waiters_.find(workspace);
        if (it == waiters_.end()) return;
        woken = std::move(it->second);
        waiters_.erase(it);
    }
    for (auto& w : woken) {
        w.timer->cancel();
        boost::asio::post(w.timer->get_executor(), [then = w.then, now] { (*then)(now); });
    }
}

void session_directory::when_portfolio_after(const std::string& workspace, std::uint64_t after,
                                             std::chrono::milliseconds wait, boost::asio::any_io_executor ex,
                                             std::function<void(std::uint64_t)> then) {
    auto call = std::make_shared<std::function<void(std::uint64_t)>>(std::move(then));
    std::lock_guard lock(mutex_);
    const std::uint64_t now = version_locked(workspace);
    // Newer, or a version this server never gave (from before its start): at once.
    if (now != after) {
        boost::asio::post(ex, [call, now] { (*call)(now); });
        return;
    }
    auto timer = std::make_shared<boost::asio::steady_timer>(ex, wait);
    waiters_[workspace].push_back(waiter{after, timer, call});
    // Whoever takes the waiter out of the list calls it: the change or the timer.
    timer->async_wait([self = weak_from_this(), workspace, call, timer](const boost::system::error_code&) {
        auto me = self.lock();
        if (!me) return;
        std::uint64_t version = 0;
        {
            std::lock_guard held(me->mutex_);
            auto it = me->waiters_.find(workspace);
            if (it == me->waiters_.end()) return;
            auto& list = it->second;
            auto mine = std::find_if(list.begin(), list.end(), [&](const waiter& w) { return w.then == call; });
            if (mine == list.end()) return;
            list.erase(mine);
            if (list.empty()) me->waiters_.erase(it);
            version = me->version_locked(workspace);
        }
        (*call)(version);
    });
}

}  // namespace samskab::server

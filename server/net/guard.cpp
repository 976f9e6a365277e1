// Limits per address and per connection (see guard.hpp).
#include "net/guard.hpp"

#include "net/metrics.hpp"
#include "net/log.hpp"
#include "net/log_events.hpp"

#include <algorithm>

namespace samskab::server {

void token_bucket::refill(guard_clock::time_point now) {
    if (now <= last_) return;
    const double seconds = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + seconds * rate_);
    last_ = now;
}

bool token_bucket::take(guard_clock::time_point now) {
    refill(now);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
}

guard_clock::duration token_bucket::until_next(guard_clock::time_point now) const {
    const double seconds = now > last_ ? std::chrono::duration<double>(now - last_).count() : 0;
    const double missing = 1 - std::min(burst_, tokens_ + seconds * rate_);
    if (missing <= 0 || rate_ <= 0) return guard_clock::duration::zero();
    return std::chrono::duration_cast<guard_clock::duration>(std::chrono::duration<double>(missing / rate_));
}

namespace {

// Takes a token of b, or says when one will be there.
admission admit(token_bucket& b, guard_clock::time_point now) {
    if (b.take(now)) return {};
    const auto wait = std::chrono::duration_cast<std::chrono::seconds>(b.until_next(now) + std::chrono::milliseconds(999));
    return {false, std::max<std::int64_t>(1, wait.count())};
}

}  // namespace

bool token_bucket::full(guard_clock::time_point now) const {
    const double seconds = now > last_ ? std::chrono::duration<double>(now - last_).count() : 0;
    return tokens_ + seconds * rate_ >= burst_;
}

address_guard::entry& address_guard::entry_for(const std::string& addr, guard_clock::time_point now) {
    auto it = by_address_.find(addr);
    if (it != by_address_.end()) return it->second;
    if (by_address_.size() >= limits_.max_tracked_addresses) prune(now);
    return by_address_
        .emplace(addr, entry{0, token_bucket(limits_.failure_burst, limits_.failures_per_second, now),
                             token_bucket(limits_.creation_burst, limits_.creations_per_second, now),
                             token_bucket(limits_.join_burst, limits_.joins_per_second, now),
                             token_bucket(limits_.changes_per_second * limits_.change_burst_seconds,
                                          limits_.changes_per_second, now)})
        .first->second;
}

// Forgets addresses that hold nothing: no connection, and full buckets (they would be
// created the same way again).
void address_guard::prune(guard_clock::time_point now) {
    std::erase_if(by_address_, [&](auto& kv) {
        return kv.second.connections == 0 && kv.second.failures.full(now) && kv.second.creations.full(now) &&
               kv.second.joins.full(now) && kv.second.changes.full(now);
    });
}

void limit_hit(metrics::limit which, const std::string& address) {
    metrics::rate_limited(which);
    static log::throttle per_minute(std::chrono::minutes(1));
    const std::string_view limit = metrics::name_of(which);
    std::string key(limit);
    key += ' ';
    key += address;
    if (const auto held = per_minute.admit(key))
        log::write(log::events::rate_limited, {{"limit", limit}, {"address", address}, {"suppressed", *held}});
}

bool address_guard::connect(const std::string& addr) {
    {
        std::lock_guard lock(mutex_);
        entry& e = entry_for(addr, guard_clock::now());
        if (e.connections < limits_.max_connections) {
            ++e.connections;
            return true;
        }
    }
    limit_hit(metrics::limit::connections, addr);
    return false;
}

void address_guard::disconnect(const std::string& addr) {
    std::lock_guard lock(mutex_);
    auto it = by_address_.find(addr);
    if (it != by_address_.end() && it->second.connections > 0) --it->second.connections;
}

// Takes a token of addr's bucket (or, to peek, of a copy of it); a refusal is logged
// (throttled) after the mutex is released.
admission address_guard::check(token_bucket entry::*bucket, bool spend, metrics::limit which,
                               const std::string& addr) {
    admission a;
    {
        std::lock_guard lock(mutex_);
        const auto now = guard_clock::now();
        token_bucket& b = entry_for(addr, now).*bucket;
        token_bucket copy = b;
        a = admit(spend ? b : copy, now);
    }
    if (!a) limit_hit(which, addr);
    return a;
}

// Peek: a full take-and-give-back would be the same; a bucket below 1 refuses.
admission address_guard::may_attempt(const std::string& addr) {
    return check(&entry::failures, false, metrics::limit::failed_attempts, addr);
}

void address_guard::failed(const std::string& addr) {
    std::lock_guard lock(mutex_);
    const auto now = guard_clock::now();
    entry_for(addr, now).failures.take(now);
}

admission address_guard::may_create(const std::string& addr) { return check(&entry::creations, true, metrics::limit::creations, addr); }

admission address_guard::may_join(const std::string& addr) { return check(&entry::joins, true, metrics::limit::joins, addr); }

// A peek: changed() takes the token.
admission address_guard::may_change(const std::string& addr) {
    if (limits_.changes_per_second <= 0) return {};
    return check(&entry::changes, false, metrics::limit::address_changes, addr);
}

void address_guard::changed(const std::string& addr) {
    if (limits_.changes_per_second <= 0) return;
    std::lock_guard lock(mutex_);
    const auto now = guard_clock::now();
    entry_for(addr, now).changes.take(now);
}

message_budget::verdict message_budget::on_message(guard_clock::time_point now) {
    if (bucket_.take(now)) {
        refused_in_a_row_ = 0;
        return verdict::accept;
    }
    return ++refused_in_a_row_ > close_after_ ? verdict::close : verdict::refuse;
}

}  // namespace samskab::server

// guard: limits per client address and per connection, against floods and guessing.
//
// - connections: at most max_connections open at once from one address;
// - failures: a token bucket of failed attempts to get in (an unknown join code, a wrong
//   token or invitation), so that join codes and tokens cannot be guessed by brute force;
// - creations: a token bucket of sessions created from one address;
// - joins: a token bucket of new participants (joins by name) from one address, so
//   that one machine cannot fill a session with participants;
// - changes: a token bucket of the changes made by the participants (not the
//   facilitators) behind one address, so that one machine cannot fill a board with
//   many participants either; a room on one Wi-Fi shares it, hence its size;
// - per connection, a token bucket of messages (see message_budget).
// The numbers are in guard_limits and PROTOCOL.md's "Limits".
//
// Threading: address_guard is thread-safe (one mutex, held for a map lookup);
// message_budget belongs to one connection's strand.
#pragma once

#include "net/metrics.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace samskab::server {

using guard_clock = std::chrono::steady_clock;

// A token bucket: holds up to `burst` tokens, refilled at `per_second`.
class token_bucket {
public:
    token_bucket(double burst, double per_second, guard_clock::time_point now)
        : burst_(burst), rate_(per_second), tokens_(burst), last_(now) {}

    // Takes one token if there is one.
    bool take(guard_clock::time_point now);
    // How long until a token will be there (zero if there is one now).
    guard_clock::duration until_next(guard_clock::time_point now) const;
    // Whether the bucket is full (nothing was taken lately), as of now.
    bool full(guard_clock::time_point now) const;

private:
    void refill(guard_clock::time_point now);

    double burst_, rate_, tokens_;
    guard_clock::time_point last_;
};

struct guard_limits {
    std::size_t max_connections = 256;        // per address; a room on one Wi-Fi shares one
    double failure_burst = 10;                // failed joins per address...
    double failures_per_second = 1.0 / 6;     // ...then one every 6 seconds
    double creation_burst = 10;               // sessions created per address...
    double creations_per_second = 1.0 / 60;   // ...then one a minute
    double join_burst = 100;                  // new participants per address (a room on one Wi-Fi)...
    double joins_per_second = 1;              // ...then one a second
    double changes_per_second = 10;           // participants' changes per address (0: no limit)...
    double change_burst_seconds = 20;         // ...and as many at once as in 20 seconds
    double message_burst = 100;               // messages per connection...
    double messages_per_second = 20;          // ...then 20 a second
    std::size_t messages_over_before_close = 50;  // refused messages in a row before closing
    std::size_t max_tracked_addresses = 100000;
};

// A guard's answer: whether to go ahead, and if not, in how many seconds (at least
// 1) a retry can succeed, for Retry-After.
struct admission {
    bool ok = true;
    std::int64_t retry_after_s = 0;
    explicit operator bool() const noexcept { return ok; }
};

class address_guard {
public:
    explicit address_guard(guard_limits limits = {}) : limits_(limits) {}

    // A connection from addr opens; false if addr has too many already (then nothing is
    // counted). Every true must be matched by one disconnect.
    bool connect(const std::string& addr);
    void disconnect(const std::string& addr);

    // Whether addr may still try to get in: there is budget left for a failure.
    admission may_attempt(const std::string& addr);
    // An attempt from addr failed: it costs one token.
    void failed(const std::string& addr);
    // Takes one creation token for addr; refused when there is none.
    admission may_create(const std::string& addr);
    // Takes one token for a new participant joining from addr; refused when there is none.
    admission may_join(const std::string& addr);
    // Whether a participant behind addr may make a change now (a token is there);
    // changed() takes it once the change is accepted.
    admission may_change(const std::string& addr);
    void changed(const std::string& addr);

    const guard_limits& limits() const noexcept { return limits_; }

private:
    struct entry {
        std::size_t connections = 0;
        token_bucket failures;
        token_bucket creations;
        token_bucket joins;
        token_bucket changes;
    };
    entry& entry_for(const std::string& addr, guard_clock::time_point now);
    admission check(token_bucket entry::*bucket, bool spend, metrics::limit which, const std::string& addr);
    void prune(guard_clock::time_point now);

    const guard_limits limits_;
    std::mutex mutex_;
    std::unordered_map<std::string, entry> by_address_;
};

// That a limit refused a client at address: counted (samskab_rate_limited_total) and
// logged (README.md's "Logs": rate_limited), at most one line per address and limit a
// minute, with the count of those held back. The guard reports its own refusals; a
// connection its message limit's.
void limit_hit(metrics::limit which, const std::string& address);

// One connection's place in its address's count: released when the slot is destroyed.
// Move-only; passes from the HTTP session to the WebSocket session on an upgrade.
class connection_slot {
public:
    connection_slot() = default;
    connection_slot(address_guard& g, std::string addr) : guard_(&g), addr_(std::move(addr)) {}
    connection_slot(connection_slot&& o) noexcept : guard_(std::exchange(o.guard_, nullptr)), addr_(std::move(o.addr_)) {}
    connection_slot& operator=(connection_slot&& o) noexcept {
        if (this != &o) {
            release();
            guard_ = std::exchange(o.guard_, nullptr);
            addr_ = std::move(o.addr_);
        }
        return *this;
    }
    connection_slot(const connection_slot&) = delete;
    connection_slot& operator=(const connection_slot&) = delete;
    ~connection_slot() { release(); }

    const std::string& address() const noexcept { return addr_; }

private:
    void release() {
        if (guard_) guard_->disconnect(addr_);
        guard_ = nullptr;
    }
    address_guard* guard_ = nullptr;
    std::string addr_;
};

// The message budget of one connection: a token bucket, and how many messages in a row
// it has refused.
class message_budget {
public:
    explicit message_budget(const guard_limits& limits, guard_clock::time_point now = guard_clock::now())
        : bucket_(limits.message_burst, limits.messages_per_second, now), close_after_(limits.messages_over_before_close) {}

    enum class verdict { accept, refuse, close };
    verdict on_message(guard_clock::time_point now = guard_clock::now());
    // After a refusal: in how many whole seconds (at least 1) a message will be taken.
    std::int64_t retry_after_s(guard_clock::time_point now = guard_clock::now()) const {
        const auto wait = std::chrono::ceil<std::chrono::seconds>(bucket_.until_next(now)).count();
        return wait < 1 ? 1 : wait;
    }

private:
    token_bucket bucket_;
    std::size_t close_after_;
    std::size_t refused_in_a_row_ = 0;
};

}  // namespace samskab::server

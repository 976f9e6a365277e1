// tracker: every open connection, so that shutdown can close the ones no room knows
// (HTTP connections, WebSockets that have not joined) and can tell when all are gone.
//
// Threading: thread-safe; one mutex.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace samskab::server {

class closable {
public:
    virtual ~closable() = default;
    // Closes the connection for a server shutdown. Thread-safe; idempotent.
    virtual void shutdown() = 0;
};

class tracker {
public:
    void add(const std::shared_ptr<closable>& c);
    // Called from a connection's destructor, hence with a raw pointer.
    void remove(const closable* c);
    std::size_t size() const;

    // Calls shutdown() on every connection, now and on any added later, and calls
    // on_empty once no connection is left (possibly at once, on this thread).
    void shutdown_all(std::function<void()> on_empty);

private:
    mutable std::mutex mutex_;
    std::unordered_map<const closable*, std::weak_ptr<closable>> open_;
    bool shutting_down_ = false;
    std::function<void()> on_empty_;
};

}  // namespace samskab::server

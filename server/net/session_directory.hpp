// session_directory: which room holds which session, and which sessions show trial
// actions of which, for the trial actions a follow-up in a workspace shows live (see
// DEVELOPERS.md, "Workspaces and trial actions across sessions").
//
// A follow-up shows the trial actions of the sessions it follows up as views linked to
// their origin (trial_action::origin_session, origin_trial). A change to one is made in
// the room of its origin, which then tells the rooms that follow it; they record it as
// an event of their own. The rooms that follow an origin are known from the views they
// were made with, which never change after.
//
// Threading: every member may be called from any thread. Rooms are held weakly: the
// registry owns them.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "domain/portfolio.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace samskab::server {

class room;

class session_directory : public std::enable_shared_from_this<session_directory> {
public:
    // Registers r, the room of the session `id`, and it as a follower of every session it
    // shows trial actions of. (The directory needs nothing of a room but to hold it.)
    void add(const std::string& id, const std::shared_ptr<room>& r, const std::vector<std::string>& origins);
    std::shared_ptr<room> find(const std::string& id) const;
    // Puts r in the place of the session `id`'s room (deleted, its trial actions kept):
    // those that follow it still do; it follows only `origins`.
    void replace(const std::string& id, const std::shared_ptr<room>& r, const std::vector<std::string>& origins);
    // Forgets the session `id` (deleted): its room, and it as a follower.
    void remove(const std::string& id);
    // The rooms that show trial actions of the session `origin`.
    std::vector<std::shared_ptr<room>> followers_of(const std::string& origin) const;

    // ---- the workspaces' portfolios: a version per workspace, bumped by every change
    // to one of its sessions' parts (or to its settings), the version at which each
    // row (trial action) last changed, and the requests waiting for a newer one.
    //
    // Versions go on from one start of the server to the next: each start begins at its
    // start time in microseconds since 1970 (`first_version`), above every version an
    // earlier start gave unless it made more than a million changes a second.
    explicit session_directory(std::uint64_t first_version = start_version());
    static std::uint64_t start_version();
    // The version of the workspace's portfolio (first_version until its first change).
    std::uint64_t portfolio_version(const std::string& workspace) const;
    // A room of the workspace committed a change to these rows of its part (none: a
    // change to the workspace's settings).
    void portfolio_changed(const std::string& workspace, const std::set<domain::trial_ref>& rows);
    // The version, and the rows that changed after `after` if this server can tell:
    // nullopt for a version it never gave (from before its start, or ahead).
    struct portfolio_changes {
        std::uint64_t version = 0;
        std::optional<std::set<domain::trial_ref>> rows;
    };
    portfolio_changes portfolio_since(const std::string& workspace, std::uint64_t after) const;
    // The overload limit the workspace's admin set while this server runs, for the
    // requests that wait (they read the workspace before): only this server changes it
    // (POST .../settings), and it tells the directory once the change is written.
    void set_overload_limit(const std::string& workspace, std::int64_t limit);
    std::optional<std::int64_t> overload_limit(const std::string& workspace) const;
    // Calls then(version) once the workspace's version is above `after` (at once if it is
    // not `after`: newer, or a version this server never gave) or when `wait` has passed,
    // whichever is first; on ex.
    void when_portfolio_after(const std::string& workspace, std::uint64_t after, std::chrono::milliseconds wait,
                              boost::asio::any_io_executor ex, std::function<void(std::uint64_t)> then);

private:
    struct waiter {
        std::uint64_t after = 0;
        std::shared_ptr<boost::asio::steady_timer> timer;
        std::shared_ptr<std::function<void(std::uint64_t)>> then;  // emptied once called
    };
    std::uint64_t version_locked(const std::string& workspace) const;

    mutable std::mutex mutex_;
    const std::uint64_t first_version_;
    std::unordered_map<std::string, std::uint64_t> versions_;
    std::unordered_map<std::string, std::int64_t> limits_;
    // Per workspace: the version at which each row last changed.
    std::unordered_map<std::string, std::map<domain::trial_ref, std::uint64_t>> changed_at_;
    std::unordered_map<std::string, std::vector<waiter>> waiters_;
    std::unordered_map<std::string, std::weak_ptr<room>> rooms_;
    std::unordered_map<std::string, std::set<std::string>> followers_;
};

}  // namespace samskab::server

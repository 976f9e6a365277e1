// registry: every session the server has, by id and by join code, and the creation of
// new ones.
//
// Threading: thread-safe; one mutex guards the maps and is held only for lookups and
// inserts, never while a room works or the disk is written.
#pragma once

#include "domain/result.hpp"
#include "net/room.hpp"
#include "protocol/messages.hpp"
#include "storage/journal.hpp"
#include "storage/loader.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace samskab::server {

struct created_session {
    domain::session_info info;
    std::string facilitator_token;
};

class registry {
public:
    // ex runs the rooms; j must outlive the registry and its rooms.
    registry(boost::asio::any_io_executor ex, storage::journal& j, room_limits limits = {});

    // Adds the sessions read at start-up. Fails on a session whose stored state is
    // inconsistent (and adds none).
    domain::result<std::size_t> load(std::vector<storage::loaded_session> sessions);

    // Creates a session: checks the texts, draws an id, a join code unique among open
    // sessions and a facilitator token, writes the session, and once it is committed
    // makes it joinable and calls done with it (on the journal's thread) or with the
    // error (invalid_field, too_long, storage_unavailable).
    void create(protocol::create_session_request req,
                std::function<void(domain::result<created_session>)> done);

    // The room of the open session with this (normalised) join code, or null.
    std::shared_ptr<room> find_by_code(const std::string& code) const;

    // Every room, for shutting down.
    std::vector<std::shared_ptr<room>> rooms() const;

    // Drops every room. For the end of the server's life, before its io_context goes.
    void clear();

private:
    // Draws a code not used by an open session or a creation in progress; reserves it.
    std::string reserve_code();

    boost::asio::any_io_executor executor_;
    storage::journal& journal_;
    const room_limits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<room>> by_id_;
    std::unordered_map<std::string, std::shared_ptr<room>> by_code_;  // open sessions only
    std::unordered_set<std::string> reserved_codes_;
};

}  // namespace samskab::server

// registry: every session the server has, by id and by join code, and the creation of
// new ones.
//
// A join code names the open session that has it; a closed session keeps its code
// until a new session is given the same one, and can always be found by its id.
//
// Threading: thread-safe; one mutex guards the maps and is held only for lookups and
// inserts, never while a room works or the disk is written.
#pragma once

#include "domain/result.hpp"
#include "net/archive_import.hpp"
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
    // ex runs the rooms; j must outlive the registry and its rooms; key is the server's
    // (every room shares it).
    registry(boost::asio::any_io_executor ex, storage::journal& j, std::shared_ptr<const server_key> key,
             room_limits limits = {});

    // Adds the sessions read at start-up (their recent changes are read by each room when
    // a client first joins it). Fails on a session whose stored state is inconsistent
    // (and adds none).
    domain::result<std::size_t> load(std::vector<storage::loaded_session> sessions);

    // Creates a session: checks the texts and settings, takes over the open trial
    // actions of the session it follows up (if any), draws an id, a join code unique
    // among open sessions and a facilitator token, writes the session, and once it is
    // committed makes it joinable and calls done with it, or with the error
    // (invalid_field, too_long, session_not_found, invalid_token,
    // storage_unavailable). done runs on the journal's thread or a room's strand.
    void create(protocol::create_session_request req, std::function<void(domain::result<created_session>)> done);

    // Imports a session archive into workspace `workspace` (see archive_import.hpp): draws
    // an id and a join code unique among open sessions, writes every row and the history
    // in one transaction, and once it is committed makes the session joinable at once
    // and calls done with it and its facilitators' new links, or with the error
    // (invalid_field: the archive does not hold together; storage_unavailable).
    struct imported {
        domain::session_info info;
        std::vector<protocol::imported_link> links;
    };
    void import(protocol::session_archive a, const std::string& workspace,
                std::function<void(domain::result<imported>)> done);

    // The room of the session with this (normalised) join code, or null.
    std::shared_ptr<room> find_by_code(const std::string& code) const;
    std::shared_ptr<room> find_by_id(const std::string& id) const;
    // The sessions of a workspace ("": of none) with their counts, newest first. Thread-safe.
    std::vector<domain::session_listing> sessions_of(const std::string& workspace_id) const;
    // The parts of a workspace's portfolio, one per session, oldest session first, each
    // with its session as listed. Thread-safe.
    struct portfolio_source {
        domain::session_info session;
        std::shared_ptr<const domain::portfolio_part> part;
    };
    std::vector<portfolio_source> portfolio_of(const std::string& workspace_id) const;
    boost::asio::any_io_executor executor() const { return executor_; }
    // The workspace portfolios' versions and the requests waiting on them.
    session_directory& directory() const { return *directory_; }

    // Forgets the room of a session that was deleted (room::erase): it is found no more,
    // by id or by code (an older closed session with the same code gets the code back),
    // and leaves the directory; its workspace's portfolio loses its rows at once.
    void remove(const std::shared_ptr<room>& r);

    // Puts a room of `shell` (the session's shell, its trial actions kept: room::erase)
    // in the place of the deleted session's room `r`: found by id as before, by code no
    // more, and in the directory as the origin of the trial actions follow-ups show (and
    // a follower of none); its workspace's portfolio learns what changed at once.
    void replace(const std::shared_ptr<room>& r, domain::workshop shell);

    // Every room, for shutting down.
    std::vector<std::shared_ptr<room>> rooms() const;
    // How many sessions are loaded (samskab_sessions_loaded).
    std::size_t size() const;
    // Drops every room. For the end of the server's life, before its io_context goes.
    void clear();

private:
    // An earlier session to follow up: its room, and the hash of the facilitator token
    // given (none: the workspace's link vouches).
    using earlier_room = std::pair<std::shared_ptr<room>, std::optional<std::string>>;
    // Asks the earlier sessions, one after the other, for the trial actions to take
    // (each with the id of the session it came from); then create_with.
    void gather(protocol::create_session_request req, std::vector<earlier_room> earlier,
                std::vector<std::pair<std::string, domain::trial_action>> taken, std::string follows,
                std::function<void(domain::result<created_session>)> done);
    // The rest of create(), once the trial actions to take over are known. follows: the
    // first earlier session's id.
    void create_with(protocol::create_session_request req,
                     std::vector<std::pair<std::string, domain::trial_action>> taken, std::string follows,
                     std::function<void(domain::result<created_session>)> done);
    // Makes the room of a session just written and joinable (its code was reserved);
    // recent as the room takes it.
    void add_room(domain::workshop w, std::optional<std::vector<storage::stored_change>> recent);
    // Draws a code not used by an open session or a creation in progress; reserves it.
    std::string reserve_code();
    // Forgets r's code (an older closed session with the same code gets it back). With
    // mutex_ held.
    void drop_code(const std::shared_ptr<room>& r);

    boost::asio::any_io_executor executor_;
    storage::journal& journal_;
    const std::shared_ptr<const server_key> key_;
    const room_limits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<room>> by_id_;
    std::unordered_map<std::string, std::shared_ptr<room>> by_code_;
    std::unordered_set<std::string> reserved_codes_;
    // Which room holds which session, for the trial actions follow-ups show live.
    const std::shared_ptr<session_directory> directory_ = std::make_shared<session_directory>();
};

}  // namespace samskab::server

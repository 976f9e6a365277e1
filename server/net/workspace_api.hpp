// workspace_api: the HTTP API of workspaces (PROTOCOL.md, "Workspaces"): what the holder
// of a workspace link sees of it, and the admin's links (renew, revoke). Every request
// names its link's token in `Authorization: Bearer`, never in the address; a wrong
// token, a revoked one and a workspace that does not exist get the same answer and count
// as a failed attempt of the client's address, like a wrong join code.
//
// Workspaces are read from the database on each request (through the journal's thread),
// so one created from the command line while the server runs is found at once.
//
// Threading: handle() may be called from any thread; respond is called exactly once,
// before handle returns or later from the journal's thread.
#pragma once

#include "net/guard.hpp"
#include "net/http_reply.hpp"
#include "net/server_key.hpp"
#include "storage/journal.hpp"

#include <boost/beast/http/message_generator.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace samskab::server {

class workspace_api {
public:
    using respond_fn = std::function<void(boost::beast::http::message_generator)>;
    static constexpr std::string_view prefix = "/api/workspaces/";

    workspace_api(storage::journal& j, address_guard& guard, std::shared_ptr<const server_key> key);

    // Answers a request whose path starts with prefix, from the client at `address`.
    void handle(http_request&& req, std::string_view path, const std::string& address, respond_fn respond);

private:
    storage::journal& journal_;
    address_guard& guard_;
    std::shared_ptr<const server_key> key_;
};

}  // namespace samskab::server

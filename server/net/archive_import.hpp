// archive_import: a session archive (protocol/archive.hpp) made ready to be written as a
// new session of this server, for `POST /api/workspaces/{id}/import` (registry) and
// `samskab-server import` (maintenance.hpp).
//
// The session gets the id, join code and workspace given; every participant a new random
// token (only its hash is kept; the facilitators' and co-facilitators' tokens are
// returned so that someone can open the session: everyone else's former links no longer
// work, and they join again with the code or an invitation); every active invitation a
// new nonce drawn with this server's key (so its link works here; the facilitators see
// it in their invitations), every revoked one no nonce and a random hash. Then
// workshop::restore checks what the archive's decoder could not (the board's order,
// ...).
//
// Threading: a plain function of values; safe from any thread.
#pragma once

#include "domain/result.hpp"
#include "domain/workshop.hpp"
#include "net/server_key.hpp"
#include "protocol/archive.hpp"
#include "storage/journal.hpp"

#include <string>
#include <vector>

namespace samskab::server {

struct prepared_import {
    domain::workshop session;
    storage::write_set rows;                 // every row of it
    std::vector<storage::audit_row> history;  // its changes, for journal::import_session
    std::vector<protocol::imported_link> links;      // the facilitators' (not removed) new tokens
};

// The archive a as a new session with this id, join code and workspace ("": none).
// Fails with invalid_field if the archive's state is inconsistent.
domain::result<prepared_import> prepare_import(protocol::session_archive a, const std::string& id,
                                               const std::string& code, const std::string& workspace,
                                               const server_key& key);

}  // namespace samskab::server

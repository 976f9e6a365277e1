// outcome_api: GET /api/sessions/{id}/outcome, a session's outcome report (PROTOCOL.md,
// "The outcome report"), during the workshop and after it.
//
// The token in `Authorization: Bearer` is either a participant's token of the session
// (who reads as themself, as their own WebSocket snapshot shows the session) or an
// active link of the session's workspace (who reads as an observer who is no
// participant). A token that fits neither, a malformed header, and a session id that
// names no session all get the same answer (403 invalid_token) and count as a failed
// attempt of the client's address, like a wrong workspace link: ids cannot be probed.
//
// The session's room builds the report on its strand from its committed state (the
// snapshot through the WebSocket's own encoder, the participation); then the timeline
// of its phases is read from its stored changes up to the same seq (phase.set and
// session.close, with the times they were made), so both agree.
//
// The same route serves the session's exports, GET /api/sessions/{id}/export/{file}
// (PROTOCOL.md, "Exports"): the same credentials and refusals, but only a facilitator,
// co-facilitator or manager of the session, or a workspace link of role admin,
// facilitator or manager, may export (others: 403 forbidden, not a failed attempt: their
// token was good). An export is made from the reader's outcome report and nothing else
// (protocol/export.hpp), so it never shows more than the report does.
//
// And the session's history, GET /api/sessions/{id}/history (PROTOCOL.md, "History"):
// the same credentials and refusals as the report, for every reader of it. The room
// gives the reader's snapshot now, as for the report; then the journal reads the
// session's origin and its changes up to the same seq, and protocol::encode_history
// picks nothing the reader may not see now: for each change the text the reader's
// connection was (or would have been) sent, room::text_for's rule.
//
// The session archive, GET /api/sessions/{id}/export/session.json (PROTOCOL.md,
// "Session archive"), is the whole session: only for readers who see all of it (the
// session's facilitators, messages.json's session_archive; a workspace's admin link,
// workspace_actions.archive). It is made from the room's committed state on its strand
// and the stored changes up to the same seq, read on the journal's thread
// (protocol/archive.hpp leaves out every secret and, in an anonymous session, every
// author).
//
// Threading: handle() may be called from any thread; respond is called exactly once,
// before it returns or later from a room's strand or the journal's thread.
#pragma once

#include "net/guard.hpp"
#include "net/http_reply.hpp"
#include "net/registry.hpp"
#include "net/server_key.hpp"
#include "net/workspace_api.hpp"
#include "protocol/export.hpp"
#include "storage/journal.hpp"

#include <boost/beast/http/message_generator.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace samskab::server {

class outcome_api {
public:
    using respond_fn = std::function<void(boost::beast::http::message_generator)>;
    // The most stored phase changes a timeline is made of (beyond: timeline_complete false).
    static constexpr std::int64_t max_phase_changes = 2000;
    // The most changes one history answer holds (beyond: complete false).
    static constexpr std::int64_t max_history_changes = 10000;

    // All must outlive the outcome_api and every request it answers.
    // key: for the sessions' receipts (server_key::receipt_token); null: none admit.
    outcome_api(registry& sessions, storage::journal& j, address_guard& guard, workspace_api& workspaces,
                std::shared_ptr<const server_key> key);

    // The session id of an outcome report's path, /api/sessions/{id}/outcome (any text
    // without a '/'), or nullopt if path is not one.
    static std::optional<std::string_view> session_of(std::string_view path);

    // Whether id could be a session's id (letters, digits, '-' and '_', at most 64).
    static bool plausible_session_id(std::string_view id);

    // An export's path, /api/sessions/{id}/export/{file}: the session id and the file
    // (any texts without a '/'), or nullopt if path is not one.
    struct export_path {
        std::string_view session;
        std::string_view file;
    };
    static std::optional<export_path> export_of(std::string_view path);

    // The session id of a history's path, /api/sessions/{id}/history, or nullopt.
    static std::optional<std::string_view> history_of(std::string_view path);
    // The file of the session archive's export (PROTOCOL.md, "Session archive").
    static constexpr std::string_view archive_file = "session.json";

    // What a request asks for: the report, or an export of it (with the export's kind),
    // the history, or the session archive.
    enum class asked { report, history, archive };

    // Answers a request whose path session_of accepts (report; kind: nullopt), or an
    // export's (kind: the export export_of's file names; archive: the file is
    // archive_file), or one whose path history_of accepts (history), from the client at
    // `address`.
    void handle(http_request&& req, std::string_view session_id, const std::string& address, respond_fn respond,
                std::optional<protocol::export_kind> kind = std::nullopt, asked what = asked::report);

    // The session archive (protocol::encode_archive) of session `session_id` as it is now,
    // for a reader already found to may have it: the room's committed state, taken on its
    // strand, then its stored changes up to the same seq, read on the journal's thread, and
    // encoded on a network thread. done runs exactly once, with the archive's text or with
    // session_not_found (no such session: deleted, or never was) or storage_unavailable,
    // on a network thread or before read_archive returns. The one way every session
    // archive is made (session.json and each session of a workspace's workspace.json).
    // sessions and j must outlive every call's done.
    using archive_fn = std::function<void(domain::result<std::string>)>;
    static void read_archive(registry& sessions, storage::journal& j, const std::string& session_id,
                             archive_fn done);

private:
    // Reads the timeline up to d's seq and answers with the whole report, or the export.
    void finish(std::shared_ptr<const http_request> req, room::outcome_draft d, respond_fn respond,
                std::optional<protocol::export_kind> kind, asked what);
    // Reads the history up to d's seq and answers with it.
    void finish_history(std::shared_ptr<const http_request> req, room::outcome_draft d, respond_fn respond);
    // The session archive, for a reader who may have it: the room's committed state, then
    // its stored changes up to the same seq.
    void archive(std::shared_ptr<const http_request> req, const std::string& session_id, respond_fn respond);

    registry& sessions_;
    storage::journal& journal_;
    address_guard& guard_;
    workspace_api& workspaces_;
    std::shared_ptr<const server_key> key_;
};

}  // namespace samskab::server

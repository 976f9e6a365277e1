// The session archive: a whole session with its history of changes as one JSON document
// (PROTOCOL.md, "Session archive (JSON export and import)"; the JSON Schema is
// protocol/session-archive.schema.json). GET /api/sessions/{id}/export/session.json
// writes it; POST /api/workspaces/{id}/import and `samskab-server import` read it.
//
// Lossless: every field a session's state holds is in it (times as milliseconds since
// the Unix epoch, UTC), so that decoding an archive and encoding the session again gives
// the same document apart from the session's id, code and workspace. Never in it: a
// participant's token hash, an invitation's nonce or hash (secrets), a change's `ref`
// and the versions of a change that only the facilitators, its subject or its author
// received (the history keeps the event as everyone else received it).
//
// Anonymity: in a session whose anonymity is "anonymous" the archive links nobody to
// what they wrote or gave: no author of an idea, a comment or a trial action, the votes
// as totals per idea (no voter), the reactions as counts (no one who gave them), and no
// `by` on the history's changes. Decoding such an archive gives a state in which those
// belong to nobody (participant 0: the votes count as one voter of no role, "others";
// the reactions are given by ids -1, -2, ... that no participant has), so that the
// totals and counts are the same and encode to the same document again.
//
// Decoding never throws. It checks the format and version, the types and ranges of
// every field, the text limits (limits.json), and that every reference holds (a cluster
// in an existing column, a vote for an existing idea, a comment on an existing target,
// ...), that ids are unique, and that the history's seqs grow and end at the session's
// seq. The first problem is the error: bad_json (not JSON, or cut short), too_deep,
// unsupported_protocol (another format or version), too_long (a text or the document
// over its limit; `field` is its JSON Pointer), limit_reached (more items than a
// session holds), invalid_field (`field` is the JSON Pointer of what is wrong).
//
// Threading: plain functions of values; safe from any thread.
#pragma once

#include "domain/result.hpp"
#include "domain/workshop.hpp"
#include "domain/workspace.hpp"
#include "protocol/limits.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samskab::protocol {

// The archive format's name and version, in every archive's "format" and "version".
inline constexpr std::string_view archive_format = "samskab-session";
inline constexpr std::int64_t archive_version = 1;

// One stored change as the archive keeps it.
struct archive_change {
    domain::seq_t seq = 0;
    domain::time_point at{};
    domain::participant_id by = 0;  // who made it (0: nobody, or an anonymous session's)
    std::string action;             // the command's wire name, e.g. "idea.add" ("" for old changes)
    std::string event;              // the event's JSON text as everyone else received it
};

// The session's snapshot when it was made (seq 0), the start of its history (PROTOCOL.md,
// "History"), as everyone else and as the facilitators were sent it: JSON texts of
// `snapshot` messages. Sessions made before snapshots were kept have none.
struct archive_origin {
    std::string others, facilitators;
};

struct session_archive {
    // Secrets empty: participants' token hashes, invitations' nonces and hashes.
    domain::workshop_state state;
    std::vector<archive_change> history;  // oldest first
    std::optional<archive_origin> origin;
};

// A personal link of a session just imported: a facilitator's new token.
struct imported_link {
    domain::participant_id id = 0;
    std::string name;
    domain::role role_ = domain::role::facilitator;
    std::string token;
};

// The answer to an import: the new session (id, code, display_code, join_path, session)
// and `links`, each facilitator's {participant, name, role, token, path}, path being
// the board's personal link /board/{code}#token={token}.
std::string encode_imported_session(const domain::session_info& info, const std::vector<imported_link>& links);

// The archive of a session's committed state st, its stored changes up to st.seq and its
// origin, if it has one. Precondition: each change's event and each origin text is a JSON
// object's text.
std::string encode_archive(const domain::workshop_state& st, const std::vector<archive_change>& history,
                           const std::optional<archive_origin>& origin);

// An origin's snapshot text as the session imported as `info` begins: its session's id,
// code and workspace are the new ones.
std::string rebased_origin(std::string_view snapshot, const domain::session_info& info);

// Reads an archive (see above for what is checked). Never throws.
domain::result<session_archive> decode_archive(std::string_view text);

// The workspace archive (PROTOCOL.md, "Workspace archive"; the JSON Schema is
// protocol/workspace-archive.schema.json), GET /api/workspaces/{id}/export/workspace.json:
// {"format": "samskab-workspace", "version": 1, "exported_at", "workspace": {id, name,
// created_at, overload_limit}, "links": [{role, active, created_at}], "sessions": [...]},
// each session being its session archive exactly as encode_archive wrote it (the texts
// are put in as they are, not encoded a second time). Never a link's token, nonce or hash.
inline constexpr std::string_view workspace_archive_format = "samskab-workspace";
inline constexpr std::int64_t workspace_archive_version = 1;

// Writes one workspace archive, session by session, so that only the document so far and
// the session being added are in memory, and never more than `cap` bytes of it
// (limits.json's max_workspace_archive_bytes: nothing bounds a workspace's sessions).
class workspace_archive_writer {
public:
    workspace_archive_writer(const domain::workspace& w, domain::time_point exported_at,
                             std::size_t cap = max_workspace_archive_bytes);
    // Appends a session's archive, or, if the finished document would then be over the
    // cap, appends nothing and fails with too_long (with `limit`, the cap): the writer
    // is then of no further use. Precondition: session_archive is encode_archive's text.
    domain::result<std::size_t> add(std::string_view session_archive);
    // The document's size so far, in bytes.
    std::size_t size() const { return text_.size(); }
    // The whole document; the writer is spent.
    std::string finish() &&;

private:
    std::string text_;
    std::size_t cap_;
    bool first_ = true;
};

}  // namespace samskab::protocol

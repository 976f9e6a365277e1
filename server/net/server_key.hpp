// server_key: the server's own secret, 32 random bytes kept in a file beside the
// database and never in it, and the invitation tokens derived from it.
//
// An invitation keeps only a random nonce and the SHA-256 of its token in the database;
// the token is HMAC-SHA256 of the key over the session id and the nonce, so the server
// can show the facilitators an invitation's link again at any time (after a reload, a
// restart), while the database alone (a backup, a leaked file) gives nobody a usable
// token. Without the key file, existing links still admit (their hash is stored) but
// cannot be shown again: the facilitator renews them.
//
// The key file (by default the database's path plus ".key") is created at first start:
// 32 bytes from getrandom, in a file opened with O_CREAT|O_EXCL and mode 0600, written
// fully and fsynced with its folder. The server refuses to start if the file can be
// read or written by group or others, or does not hold exactly 32 bytes.
//
// Threading: immutable once made; any thread may use it. The key never reaches the log.
#pragma once

#include "domain/workshop.hpp"
#include "domain/workspace.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace samskab::server {

class server_key {
public:
    static constexpr std::size_t size = 32;

    // Reads the key file at path, or creates it if there is no file there (setting
    // `created`). Fails, returning nullopt with a message for the operator in `error`
    // (which never holds key bytes), if the file cannot be read or created (a missing
    // folder is not created), if group or others may read or write it, or if it is not
    // a regular file of exactly 32 bytes. A file this function fails to write is
    // removed again.
    static std::optional<server_key> load_or_create(const std::string& path, std::string& error, bool& created);

    // A key of these bytes, for tests. Precondition: bytes.size() == size.
    static server_key from_bytes(std::string bytes);

    server_key(server_key&& o) noexcept = default;
    server_key& operator=(server_key&&) = delete;
    server_key(const server_key&) = delete;
    ~server_key();  // overwrites the bytes

    // The token of the invitation with this nonce in this session:
    // base64url(HMAC-SHA256(key, "samskab-invite-v1" 0x00 session_id 0x00 nonce)), 43
    // characters. (The zero bytes keep the parts apart, whatever their lengths.)
    std::string invite_token(std::string_view session_id, std::string_view nonce) const;

    // A new invitation for the session: a random nonce (128 bits, base64url) and the
    // SHA-256 of the token it gives; the token itself is not kept anywhere.
    domain::invite_secret new_invite(std::string_view session_id) const;

    // The token of a workspace's link with this nonce:
    // base64url(HMAC-SHA256(key, "samskab-workspace-v1" 0x00 workspace_id 0x00 nonce)).
    // Its own label, so that no invitation's token is ever a workspace link's.
    std::string workspace_token(std::string_view workspace_id, std::string_view nonce) const;

    // The token of a session's receipt, the read-only link to its outcome report that
    // every participant may keep (PROTOCOL.md, "The outcome report"):
    // base64url(HMAC-SHA256(key, "samskab-receipt-v1" 0x00 session_id 0x00)). One per
    // session, shown to its participants, stored nowhere; its own label, so that it is
    // never an invitation's or a link's token, and it admits to nothing but reading.
    std::string receipt_token(std::string_view session_id) const;

    // A new link for the workspace in this role, made now: a random nonce and the
    // SHA-256 of its token, which the caller may show once (workspace_token).
    domain::workspace_link new_workspace_link(std::string_view workspace_id, domain::workspace_role role,
                                              domain::time_point now) const;

    // The token to show for invitation i of the session, or "" if it has none to show:
    // it is revoked, it was made before tokens were derived (no nonce), or its token's
    // hash does not match (it was made with another key).
    std::string link_token(std::string_view session_id, const domain::invite& i) const;

private:
    explicit server_key(std::string bytes) : bytes_(std::move(bytes)) {}
    // base64url(HMAC-SHA256(key, label 0x00 owner 0x00 nonce)).
    std::string derive(std::string_view label, std::string_view owner, std::string_view nonce) const;
    std::string bytes_;
};

}  // namespace samskab::server

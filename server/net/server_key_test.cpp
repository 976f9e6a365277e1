// Tests of the server's key file (created private, refused when others may read it or
// it is not a key) and of the invitation tokens derived from it. Real files in a
// temporary folder, since file modes are the point.
#include "net/server_key.hpp"

#include "net/secrets.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

using namespace samskab::server;
using samskab::testing::file_bytes;
using samskab::testing::temp_dir;

namespace {

mode_t mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

void write_file(const std::string& path, const std::string& bytes, mode_t mode) {
    std::ofstream(path, std::ios::binary) << bytes;
    REQUIRE(::chmod(path.c_str(), mode) == 0);
}

server_key test_key(char fill = 'k') { return server_key::from_bytes(std::string(server_key::size, fill)); }

}  // namespace

TEST_CASE("the key file is created private at first start and read back after", "[server]") {
    temp_dir dir;
    const std::string path = dir.file("samskab.db.key");
    const mode_t old_umask = ::umask(0);  // a careless umask must not loosen the file
    std::string error;
    bool created = false;
    auto first = server_key::load_or_create(path, error, created);
    ::umask(old_umask);
    REQUIRE(first.has_value());
    CHECK(created);
    CHECK(error.empty());
    CHECK(mode_of(path) == 0600);
    CHECK(file_bytes(path).size() == server_key::size);

    auto again = server_key::load_or_create(path, error, created);
    REQUIRE(again.has_value());
    CHECK_FALSE(created);
    // The same key: the same tokens.
    CHECK(again->invite_token("sid", "n") == first->invite_token("sid", "n"));
    CHECK(mode_of(path) == 0600);
}

TEST_CASE("a key file others may read or write, or that is no key, stops the start with the reason", "[server]") {
    temp_dir dir;
    const std::string key(server_key::size, 'k');
    struct row {
        const char* name;
        std::string bytes;
        mode_t mode;
        const char* says;
    };
    const row rows[] = {
        {"group-readable", key, 0640, "may be read or written by group or others (mode 0640)"},
        {"world-readable", key, 0604, "(mode 0604)"},
        {"group-writable", key, 0620, "(mode 0620)"},
        {"world-writable", key, 0602, "(mode 0602)"},
        {"short", key.substr(1), 0600, "holds 31 bytes, not 32"},
        {"long", key + "x", 0600, "holds 33 bytes, not 32"},
        {"empty", "", 0600, "holds 0 bytes, not 32"},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        const std::string path = dir.file(r.name);
        write_file(path, r.bytes, r.mode);
        std::string error;
        bool created = true;
        CHECK_FALSE(server_key::load_or_create(path, error, created).has_value());
        CHECK_FALSE(created);
        CHECK(error.find(path) != std::string::npos);
        CHECK(error.find(r.says) != std::string::npos);
        CHECK(error.find(key) == std::string::npos);  // never the key
        CHECK(file_bytes(path) == r.bytes);             // left as it was
    }
    // Read-only for its owner is private enough.
    write_file(dir.file("read-only"), key, 0400);
    std::string error;
    bool created = false;
    CHECK(server_key::load_or_create(dir.file("read-only"), error, created).has_value());

    // A folder, and a file in a folder that does not exist (which is not made).
    CHECK_FALSE(server_key::load_or_create(dir.path().string(), error, created).has_value());
    CHECK(error.find("not a regular file") != std::string::npos);
    CHECK_FALSE(server_key::load_or_create(dir.file("missing/samskab.key"), error, created).has_value());
    CHECK(error.find("cannot create the key file") != std::string::npos);
}

TEST_CASE("an invitation's token comes back from its nonce with the same key only", "[server]") {
    const server_key key = test_key();
    const auto secret = key.new_invite("sid");
    CHECK(secret.nonce.size() == 22);  // 128 bits
    const std::string token = key.invite_token("sid", secret.nonce);
    CHECK(token.size() == 43);
    CHECK(secret.token_hash == hash_token(token));
    CHECK(key.new_invite("sid").nonce != secret.nonce);

    samskab::domain::invite made{samskab::domain::role::manager, secret.nonce, secret.token_hash, true, {}};
    CHECK(key.link_token("sid", made) == token);
    // Another session, another key: another token, and no link to show.
    CHECK(key.invite_token("other", secret.nonce) != token);
    CHECK(test_key('x').invite_token("sid", secret.nonce) != token);
    CHECK(key.link_token("other", made).empty());
    CHECK(test_key('x').link_token("sid", made).empty());
    // Revoked, or made before tokens were derived: nothing to show either.
    samskab::domain::invite revoked = made;
    revoked.active = false;
    CHECK(key.link_token("sid", revoked).empty());
    samskab::domain::invite old = made;
    old.nonce.clear();
    CHECK(key.link_token("sid", old).empty());
    // The parts are kept apart: moving a character from the id to the nonce changes it.
    CHECK(key.invite_token("sid", "ab") != key.invite_token("sida", "b"));
}

TEST_CASE("the invitation token follows its published construction", "[server]") {
    // base64url(HMAC-SHA256(key, "samskab-invite-v1" 0x00 session 0x00 nonce)), as
    // documented, so that it does not change by accident between versions.
    const server_key key = test_key();
    const std::string message = std::string("samskab-invite-v1") + '\0' + "sid" + '\0' + "nonce";
    CHECK(key.invite_token("sid", "nonce") == base64url(hmac_sha256(std::string(server_key::size, 'k'), message)));
}

TEST_CASE("a workspace link's token follows its construction and is never an invitation's", "[server]") {
    const server_key key = test_key();
    const std::string message = std::string("samskab-workspace-v1") + '\0' + "wid" + '\0' + "nonce";
    CHECK(key.workspace_token("wid", "nonce") == base64url(hmac_sha256(std::string(server_key::size, 'k'), message)));
    CHECK(key.workspace_token("wid", "nonce") != key.invite_token("wid", "nonce"));

    const samskab::domain::time_point now{std::chrono::milliseconds(5)};
    const auto link = key.new_workspace_link("wid", samskab::domain::workspace_role::manager, now);
    CHECK(link.role == samskab::domain::workspace_role::manager);
    CHECK(link.active);
    CHECK(link.created_at == now);
    CHECK(link.nonce.size() == 22);
    CHECK(link.token_hash == hash_token(key.workspace_token("wid", link.nonce)));
    CHECK(key.new_workspace_link("wid", samskab::domain::workspace_role::manager, now).nonce != link.nonce);
    CHECK(test_key('x').workspace_token("wid", link.nonce) != key.workspace_token("wid", link.nonce));
}

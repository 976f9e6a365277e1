// The server's key file and the invitation tokens derived from it (see server_key.hpp).
#include "net/server_key.hpp"

#include "net/secrets.hpp"

#include <openssl/crypto.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

namespace samskab::server {

namespace {

constexpr std::string_view invite_label = "samskab-invite-v1";
constexpr std::string_view workspace_label = "samskab-workspace-v1";
constexpr std::string_view receipt_label = "samskab-receipt-v1";

// A file descriptor closed when it goes out of scope.
class fd_guard {
public:
    explicit fd_guard(int fd) : fd_(fd) {}
    fd_guard(const fd_guard&) = delete;
    fd_guard& operator=(const fd_guard&) = delete;
    ~fd_guard() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    // Closes now; returns whether close succeeded (it can report a failed write).
    bool close() { return ::close(std::exchange(fd_, -1)) == 0; }

private:
    int fd_;
};

std::string why() { return std::strerror(errno); }

std::string octal_mode(mode_t m) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
    return buf;
}

// Reads the key from the open file at path, after checking what it is.
std::optional<std::string> read_key(int fd, const std::string& path, std::string& error) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = "cannot read the key file " + path + ": " + why();
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        error = "the key file " + path + " is not a regular file";
        return std::nullopt;
    }
    if ((st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) != 0) {
        error = "the key file " + path + " may be read or written by group or others (mode " + octal_mode(st.st_mode) +
                "): make it private with 'chmod 600 " + path +
                "', and renew the invitation links if someone else may have read it";
        return std::nullopt;
    }
    if (st.st_size != static_cast<off_t>(server_key::size)) {
        error = "the key file " + path + " holds " + std::to_string(st.st_size) + " bytes, not " +
                std::to_string(server_key::size) +
                ": it is not a Samskab key (if the server was stopped while it created the file, remove the file)";
        return std::nullopt;
    }
    std::string bytes(server_key::size, '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t r = ::read(fd, bytes.data() + got, bytes.size() - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            OPENSSL_cleanse(bytes.data(), bytes.size());
            error = "cannot read the key file " + path + ": " + (r < 0 ? why() : std::string("it is shorter than it says"));
            return std::nullopt;
        }
        got += static_cast<std::size_t>(r);
    }
    return bytes;
}

bool write_all(int fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        done += static_cast<std::size_t>(w);
    }
    return true;
}

// Makes the file's entry in its folder durable.
bool sync_folder(const std::string& path) {
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    fd_guard d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    return d.get() >= 0 && ::fsync(d.get()) == 0;
}

// Creates the key file at path with a new key. nullopt with errno EEXIST if a file is
// there already; else nullopt and the reason in error, with nothing left at path.
std::optional<std::string> create_key(const std::string& path, std::string& error) {
    fd_guard fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) {
        if (errno != EEXIST) error = "cannot create the key file " + path + ": " + why();
        return std::nullopt;
    }
    std::string bytes = random_bytes(server_key::size);
    // The umask can only have taken bits away; make the mode exactly 0600, so that the
    // owner can read it back.
    const bool ok = ::fchmod(fd.get(), 0600) == 0 && write_all(fd.get(), bytes) && ::fsync(fd.get()) == 0 && fd.close() &&
                    sync_folder(path);
    if (!ok) {
        error = "cannot write the key file " + path + ": " + why();
        ::unlink(path.c_str());
        OPENSSL_cleanse(bytes.data(), bytes.size());
        return std::nullopt;
    }
    return bytes;
}

}  // namespace

std::optional<server_key> server_key::load_or_create(const std::string& path, std::string& error, bool& created) {
    created = false;
    // Twice at most: a file that appears between the two opens was made by another
    // process, and is read.
    for (int attempt = 0; attempt < 2; ++attempt) {
        fd_guard fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.get() >= 0) {
            auto bytes = read_key(fd.get(), path, error);
            if (!bytes) return std::nullopt;
            return server_key(std::move(*bytes));
        }
        if (errno != ENOENT) {
            error = "cannot open the key file " + path + ": " + why();
            return std::nullopt;
        }
        if (auto bytes = create_key(path, error)) {
            created = true;
            return server_key(std::move(*bytes));
        }
        if (errno != EEXIST) return std::nullopt;
    }
    error = "cannot open the key file " + path + ": it keeps appearing and disappearing";
    return std::nullopt;
}

server_key server_key::from_bytes(std::string bytes) { return server_key(std::move(bytes)); }

server_key::~server_key() {
    if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

std::string server_key::derive(std::string_view label, std::string_view owner, std::string_view nonce) const {
    std::string message;
    message.reserve(label.size() + owner.size() + nonce.size() + 2);
    message.append(label).push_back('\0');
    message.append(owner).push_back('\0');
    message.append(nonce);
    return base64url(hmac_sha256(bytes_, message));
}

std::string server_key::invite_token(std::string_view session_id, std::string_view nonce) const {
    return derive(invite_label, session_id, nonce);
}

std::string server_key::workspace_token(std::string_view workspace_id, std::string_view nonce) const {
    return derive(workspace_label, workspace_id, nonce);
}

std::string server_key::receipt_token(std::string_view session_id) const {
    return derive(receipt_label, session_id, "");
}

domain::workspace_link server_key::new_workspace_link(std::string_view workspace_id, domain::workspace_role role,
                                                      domain::time_point now) const {
    std::string nonce = base64url(random_bytes(16));
    std::string hash = hash_token(workspace_token(workspace_id, nonce));
    return domain::workspace_link{role, std::move(nonce), std::move(hash), true, now};
}

domain::invite_secret server_key::new_invite(std::string_view session_id) const {
    std::string nonce = base64url(random_bytes(16));
    std::string hash = hash_token(invite_token(session_id, nonce));
    return domain::invite_secret{std::move(nonce), std::move(hash)};
}

std::string server_key::link_token(std::string_view session_id, const domain::invite& i) const {
    if (!i.active || i.nonce.empty()) return {};
    std::string token = invite_token(session_id, i.nonce);
    return hash_token(token) == i.token_hash ? token : std::string();
}

}  // namespace samskab::server

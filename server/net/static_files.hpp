// static_files: the web client's files, read into memory once at start-up.
//
// The set of files the server can ever send is fixed when the server starts: a request
// path is only ever looked up as a key in that set, never joined to a folder. So no
// request (absolute paths, "..", encoded dots or slashes, backslashes, NUL, symlinks)
// can name a file outside it: the whole class of path-traversal bugs has no code to
// live in. Changing the client's files needs a restart of the server.
//
// Threading: load() runs once before the server starts; find() is const and may be
// called from any thread. The bytes live as long as the static_files object.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace samskab::server {

struct static_file {
    std::string body;
    std::string_view content_type;
    std::string etag;  // a strong validator of body, quoted
};

struct static_files_limits {
    static constexpr std::size_t max_files = 1024;
    static constexpr std::size_t max_total_bytes = 64 * 1024 * 1024;
};

class static_files {
public:
    // Where the protocol's facts that the web client shares, built into the server, are
    // served: the limits (protocol/limits.json) and the message types with who may send
    // which command (protocol/messages.json).
    static constexpr std::string_view limits_path = "/protocol/limits.json";
    static constexpr std::string_view messages_path = "/protocol/messages.json";

    // Reads every servable file below root: regular files (not symlinks, not in a
    // symlinked folder) with a known type, whose path has no segment starting with '.'
    // and that are not in node_modules nor a tool's package file. On failure (root
    // missing or unreadable, a file unreadable, over the limits) returns nullopt and
    // sets `error` to a sentence for the log.
    static std::optional<static_files> load(const std::filesystem::path& root, std::string& error);

    // The file a request path (without its query) names, or nullptr. "/" and the
    // client's own routes (/join, /join/..., /board/...) name index.html; any other path
    // must equal "/" followed by a file's relative path exactly.
    const static_file* find(std::string_view path) const;

    std::size_t size() const { return files_.size(); }

private:
    std::map<std::string, static_file, std::less<>> files_;  // by "/relative/path"
};

}  // namespace samskab::server

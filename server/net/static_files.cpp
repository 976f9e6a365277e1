// The web client's files in memory (see static_files.hpp).
#include "net/static_files.hpp"

#include "protocol/limits.hpp"
#include "protocol/messages_json.hpp"

#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace samskab::server {

namespace fs = std::filesystem;

namespace {

// The types served; a file of any other type is not part of the client.
std::optional<std::string_view> content_type_of(const fs::path& p) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> types{{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
    }};
    const std::string ext = p.extension().string();
    for (const auto& [e, type] : types)
        if (e == ext) return type;
    return std::nullopt;
}

// Tools' files that sit beside the client but are not part of it.
bool is_tool_file(const std::string& name) {
    return name == "package.json" || name == "package-lock.json" || name == "tsconfig.json" ||
           name == "jsconfig.json";
}

// FNV-1a, 64 bits: a validator for If-None-Match, not a security measure.
std::string etag_of(const std::string& body) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : body) {
        h ^= c;
        h *= 1099511628211ull;
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (int shift = 60; shift >= 0; shift -= 4) out += hex[(h >> shift) & 0xF];
    out += "-" + std::to_string(body.size()) + "\"";
    return out;
}

bool read_whole(const fs::path& p, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

}  // namespace

std::optional<static_files> static_files::load(const fs::path& root, std::string& error) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        error = "the web client's folder " + root.string() + " does not exist or is not a folder";
        return std::nullopt;
    }
    static_files out;
    std::size_t total = 0;
    // Symlinked folders are not followed, and symlinked files are skipped below.
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        if (entry.is_symlink(ec)) continue;
        if (entry.is_directory(ec)) {
            if (name.starts_with('.') || name == "node_modules") it.disable_recursion_pending();
            continue;
        }
        if (!entry.is_regular_file(ec) || name.starts_with('.') || is_tool_file(name)) continue;
        const auto type = content_type_of(entry.path());
        if (!type) continue;
        if (out.files_.size() >= static_files_limits::max_files) {
            error = "the web client's folder holds more than " + std::to_string(static_files_limits::max_files) +
                    " files";
            return std::nullopt;
        }
        static_file f;
        if (!read_whole(entry.path(), f.body)) {
            error = "cannot read " + entry.path().string();
            return std::nullopt;
        }
        total += f.body.size();
        if (total > static_files_limits::max_total_bytes) {
            error = "the web client's files are larger than 64 MiB together";
            return std::nullopt;
        }
        f.content_type = *type;
        f.etag = etag_of(f.body);
        out.files_.emplace("/" + entry.path().lexically_relative(root).generic_string(), std::move(f));
    }
    if (ec) {
        error = "cannot read the web client's folder " + root.string() + ": " + ec.message();
        return std::nullopt;
    }
    // The protocol's facts, the one source the client shares with the server, as this
    // server was built with them (not from the folder: they must be the server's own).
    for (const auto& [path, body] : {std::pair{limits_path, protocol::limits_json},
                                     std::pair{messages_path, protocol::messages_json}}) {
        static_file facts;
        facts.body = std::string(body);
        facts.content_type = "application/json; charset=utf-8";
        facts.etag = etag_of(facts.body);
        out.files_.insert_or_assign(std::string(path), std::move(facts));
    }
    if (!out.files_.contains("/index.html")) {
        error = "the web client's folder " + root.string() + " has no index.html";
        return std::nullopt;
    }
    return out;
}

const static_file* static_files::find(std::string_view path) const {
    if (path == "/" || path == "/join" || path.starts_with("/join/") || path.starts_with("/board/") ||
        path.starts_with("/workspace/") || path.starts_with("/trial/") || path.starts_with("/outcome/"))
        path = "/index.html";
    const auto it = files_.find(path);
    return it == files_.end() ? nullptr : &it->second;
}

}  // namespace samskab::server

// The web client's files against hostile paths, over a real socket: several hundred
// generated request targets (absolute paths, doubled slashes, encoded dots and slashes,
// backslashes, NUL, overlong UTF-8, symlinks placed in the web root) get only the
// client's own files, or 404 (400 where the request line itself is malformed).
#include "live_server.hpp"

#include <fstream>
#include <set>

using namespace samskab::testing;

namespace {

const std::string secret = "SECRET-OUTSIDE-THE-WEB-ROOT";

// <dir>/web is the web root; <dir>/secret.txt and the database lie beside it.
struct hostile_fixture {
    temp_dir dir;
    std::map<std::string, std::string> own;  // the client's files: path -> body
    std::unique_ptr<live_server> server;

    hostile_fixture() {
        const auto web = dir.path() / "web";
        std::filesystem::create_directories(web / "js");
        own = {{"/index.html", "<!doctype html><title>Samskab</title>"},
               {"/js/main.js", "export const x = 1;"},
               {"/styles.css", "body{}"}};
        for (const auto& [path, body] : own) std::ofstream(web.string() + path) << body;
        std::ofstream(dir.file("secret.txt")) << secret;
        std::ofstream(web / ".env") << secret;
        std::filesystem::create_symlink(dir.path() / "secret.txt", web / "leak.txt");
        std::filesystem::create_symlink(dir.path() / "secret.txt", web / "js" / "leak.js");
        std::filesystem::create_directory_symlink(dir.path(), web / "up");
        std::filesystem::create_directory_symlink("/etc", web / "etc");
        server = std::make_unique<live_server>(web.string());
    }
};

std::vector<std::string> hostile_targets(const std::string& root) {
    const std::vector<std::string> prefixes = {
        "/", "//", "///", "/./", "/../", "/js/../", "/js/./", "/.//", "\\", "/\\", "\\\\", "/%2e%2e/", "/%2E%2E/",
        "/..%2f", "/..%2F", "/%2f", "/%2F%2F", "/%5c", "/..%5c", "/%c0%ae%c0%ae/", "/%c0%af", "/%e0%80%ae%e0%80%ae/",
        "/.%00/", "/%00/", "/up/", "/etc/", "/leak.txt/", "/js/leak.js/", "/./up/./", "/%2e/", "/.%2e/", "/js/..%2f",
        "/;/", "/%252e%252e/"};
    const std::vector<std::string> names = {
        "etc/passwd", "etc/hostname", "passwd", "hostname", "secret.txt", "../secret.txt", "../../secret.txt",
        "proc/self/cwd/samskab.db", "proc/self/environ", "samskab.db", "index.html", "js/main.js", "leak.txt",
        "js/leak.js", ".env", root.substr(1) + "/secret.txt"};
    const std::vector<std::string> suffixes = {"", "%00", "%00.js", "?x=1", "/", "/."};
    std::vector<std::string> out;
    for (const auto& p : prefixes)
        for (const auto& n : names)
            for (const auto& s : suffixes) out.push_back(p + n + s);
    // Whole targets a parser might treat specially.
    for (const std::string& t : std::vector<std::string>{"//etc/passwd", "//proc/self/cwd/samskab.db", "/" + root + "/secret.txt",
                                root + "/secret.txt", "http://127.0.0.1/etc/passwd", "*", "/index.html\\",
                                "/index.html%20", "/index.html.", "/INDEX.HTML", "/index.html::$DATA"})
        out.push_back(t);
    return out;
}

}  // namespace

TEST_CASE("hostile paths get only the client's own files or 404", "[integration]") {
    hostile_fixture f;
    std::set<std::string> bodies;
    for (const auto& [path, body] : f.own) bodies.insert(body);
    const auto targets = hostile_targets(f.dir.path().string());
    REQUIRE(targets.size() > 500);

    std::size_t served = 0;
    for (const auto& target : targets) {
        INFO(target);
        const auto raw = http_raw(f.server->port(),
                                  "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        CHECK(raw.find(secret) == std::string::npos);
        CHECK(raw.find("root:") == std::string::npos);
        CHECK(raw.find("SQLite format") == std::string::npos);
        const auto replies = parse_responses(raw);
        REQUIRE(replies.size() == 1);
        const auto& r = replies.front();
        if (r.status == 200) {
            CHECK(bodies.contains(r.body));
            ++served;
        } else {
            CHECK((r.status == 404 || r.status == 400));
        }
    }
    // Only targets that name an own file exactly (with a query at most) are served.
    CHECK(served > 0);
    CHECK(served < 10);
    // Bytes no HTTP client may put in a request line: the parser refuses them.
    for (const std::string& target : std::vector<std::string>{std::string("/etc/passwd\0.js", 15), std::string("/index.html\0", 12),
                                     std::string("/\x01"), std::string("/\x7f")}) {
        const auto raw = http_raw(f.server->port(),
                                  "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        CHECK(raw.find(secret) == std::string::npos);
        CHECK(raw.find("root:") == std::string::npos);
        const auto replies = parse_responses(raw);
        REQUIRE(replies.size() == 1);
        CHECK((replies.front().status == 400 || replies.front().status == 404));
    }
    CHECK(http(f.server->port(), "GET", "/healthz").status == 200);
}

TEST_CASE("the client's files carry a validator and answer 304 when it matches", "[integration]") {
    hostile_fixture f;
    auto first = http(f.server->port(), "GET", "/js/main.js");
    REQUIRE(first.status == 200);
    const std::string etag = first.headers["etag"];
    REQUIRE_FALSE(etag.empty());
    auto again = http(f.server->port(), "GET", "/js/main.js", "", {{"If-None-Match", etag}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.headers["etag"] == etag);
    CHECK(http(f.server->port(), "GET", "/js/main.js", "", {{"If-None-Match", "\"other\""}}).status == 200);
}

// Tests of the fixed set of web client files: what is read at start-up, and that a
// lookup is an exact match of a key, never a path joined to a folder.
#include "net/static_files.hpp"

#include "domain/command.hpp"
#include "domain/limits.hpp"
#include "protocol/limits.hpp"
#include "protocol/messages_json.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <variant>

using namespace samskab::server;
namespace fs = std::filesystem;

namespace {

struct scratch {
    fs::path root;
    scratch() {
        std::random_device rd;
        root = fs::temp_directory_path() / ("samskab-static-" + std::to_string(rd()));
        fs::create_directories(root / "web" / "js" / "views");
    }
    ~scratch() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    void write(const fs::path& rel, const std::string& text) const {
        fs::create_directories((root / rel).parent_path());
        std::ofstream(root / rel, std::ios::binary) << text;
    }
};

}  // namespace

TEST_CASE("the client's files are read at start-up, tools, hidden files and symlinks are not", "[server]") {
    scratch s;
    s.write("web/index.html", "<!doctype html>");
    s.write("web/styles.css", "body{}");
    s.write("web/js/main.js", "main");
    s.write("web/js/views/board.js", "board");
    s.write("web/package.json", "{}");
    s.write("web/.env", "SECRET");
    s.write("web/.git/config", "SECRET");
    s.write("web/node_modules/x/index.js", "SECRET");
    s.write("web/notes.md", "unknown type");
    s.write("secret.js", "SECRET");
    fs::create_symlink(s.root / "secret.js", s.root / "web" / "js" / "leak.js");
    fs::create_directory_symlink(s.root, s.root / "web" / "up");

    std::string error;
    auto files = static_files::load(s.root / "web", error);
    REQUIRE(files);
    CHECK(error.empty());
    CHECK(files->size() == 6);  // and the protocol's limits and messages

    struct row { const char* path; const char* body; const char* type; };
    const row found[] = {
        {"/", "<!doctype html>", "text/html; charset=utf-8"},
        {"/join", "<!doctype html>", "text/html; charset=utf-8"},
        {"/join/K7M4QX", "<!doctype html>", "text/html; charset=utf-8"},
        {"/board/K7M4QX", "<!doctype html>", "text/html; charset=utf-8"},
        {"/trial/hV3kq9ZtR2xY7bNa/2", "<!doctype html>", "text/html; charset=utf-8"},
        {"/outcome/hV3kq9ZtR2xY7bNa", "<!doctype html>", "text/html; charset=utf-8"},
        {"/index.html", "<!doctype html>", "text/html; charset=utf-8"},
        {"/styles.css", "body{}", "text/css; charset=utf-8"},
        {"/js/main.js", "main", "text/javascript; charset=utf-8"},
        {"/js/views/board.js", "board", "text/javascript; charset=utf-8"},
    };
    for (const auto& r : found) {
        INFO(r.path);
        const static_file* f = files->find(r.path);
        REQUIRE(f);
        CHECK(f->body == r.body);
        CHECK(f->content_type == r.type);
        CHECK(f->etag.size() > 2);
    }
    for (const char* path : {"", "index.html", "//index.html", "/./index.html", "/js/../index.html", "/js//main.js",
                             "/JS/main.js", "/js\\main.js", "/js%2fmain.js", "/package.json", "/.env", "/.git/config",
                             "/node_modules/x/index.js", "/notes.md", "/js/leak.js", "/up/secret.js", "/secret.js",
                             "/js", "/js/", "/styles.css/", "/joinx", "/boardx", "/outcome"}) {
        INFO(path);
        CHECK(files->find(path) == nullptr);
    }
    CHECK(files->find(s.root.string() + "/secret.js") == nullptr);
    CHECK(files->find("/" + (s.root / "secret.js").string()) == nullptr);
}

TEST_CASE("the protocol's limits and messages are served from the server's own build, whatever the folder holds",
          "[server]") {
    scratch s;
    s.write("web/index.html", "<!doctype html>");
    s.write("web/protocol/limits.json", "{\"domain\": {}}");
    s.write("web/protocol/messages.json", "{\"commands\": []}");
    std::string error;
    auto files = static_files::load(s.root / "web", error);
    REQUIRE(files);
    const static_file* f = files->find(static_files::limits_path);
    REQUIRE(f);
    CHECK(f->body == samskab::protocol::limits_json);
    CHECK(f->content_type == "application/json; charset=utf-8");
    // The values in it are the server's.
    const auto limits = nlohmann::json::parse(f->body);
    CHECK(limits["domain"]["idea_text_chars"]["value"] == samskab::domain::limits::idea_text_chars);
    CHECK(limits["protocol"]["max_message_bytes"]["value"] == samskab::protocol::max_message_bytes);

    const static_file* m = files->find(static_files::messages_path);
    REQUIRE(m);
    CHECK(m->body == samskab::protocol::messages_json);
    CHECK(m->content_type == "application/json; charset=utf-8");
    CHECK(nlohmann::json::parse(m->body)["commands"].size() == std::variant_size_v<samskab::domain::command>);
}

TEST_CASE("a web root that cannot serve the client stops the start", "[server]") {
    scratch s;
    std::string error;
    CHECK_FALSE(static_files::load(s.root / "missing", error));
    CHECK(error.find("does not exist") != std::string::npos);
    error.clear();
    CHECK_FALSE(static_files::load(s.root / "web", error));  // no index.html
    CHECK(error.find("index.html") != std::string::npos);
}

TEST_CASE("a file's validator changes with its content", "[server]") {
    scratch s;
    s.write("web/index.html", "one");
    std::string error;
    auto a = static_files::load(s.root / "web", error);
    s.write("web/index.html", "two");
    auto b = static_files::load(s.root / "web", error);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->find("/")->etag != b->find("/")->etag);
}

// Integration tests of workspaces with the real binary: `samskab-server workspace create`
// beside a running server, the admin link printed once and kept nowhere.
#include "live_server.hpp"

#include <regex>

using namespace samskab::testing;

namespace {

struct made_workspace {
    std::string id;
    std::string token;
};

// The id and token of the admin link a `workspace create` printed after `prefix`.
made_workspace link_in(const std::string& output, const std::string& prefix) {
    std::smatch m;
    const std::regex link(prefix + "/workspace/([A-Za-z0-9_-]{16})#token=([A-Za-z0-9_-]{43})\n");
    REQUIRE(std::regex_search(output, m, link));
    return {m[1], m[2]};
}

}  // namespace

TEST_CASE("workspace create, beside a running server, prints the admin link once and keeps only its hash",
          "[integration]") {
    live_server s;
    const std::string db = s.dir.file("samskab.db");
    auto r = run_binary({"workspace", "create", "--db", db, "--name", "  Dragør Kommune ", "--public-url",
                         "https://samskab.example.dk/"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("workspace created: Dragør Kommune") != std::string::npos);
    const auto first = link_in(r.output, "https://samskab\\.example\\.dk");

    // Without --public-url: the link's path, and how to complete it.
    auto again = run_binary({"workspace", "create", "--db", db, "--name", "Tårnby Kommune"});
    INFO(again.output);
    REQUIRE(again.exit_code == 0);
    const auto second = link_in(again.output, "\n");
    CHECK(again.output.find("--public-url") != std::string::npos);
    CHECK(second.id != first.id);
    CHECK(second.token != first.token);

    // On a new database, in a folder not yet made: the database and its key are made.
    const std::string fresh = s.dir.file("elsewhere/samskab.db");
    auto made = run_binary({"workspace", "create", "--db", fresh, "--name", "Ny"});
    INFO(made.output);
    CHECK(made.exit_code == 0);
    CHECK(std::filesystem::exists(fresh));
    CHECK(std::filesystem::exists(fresh + ".key"));

    // The server on the same database was not disturbed.
    CHECK(http(s.port(), "GET", "/healthz").status == 200);
    // Neither token is in the database, its WAL or the server's log.
    const std::string bytes = file_bytes(db) + file_bytes(db + "-wal");
    CHECK(bytes.find(first.id) != std::string::npos);  // the workspace is there
    for (const auto& w : {first, second}) {
        CHECK(bytes.find(w.token) == std::string::npos);
        CHECK(s.proc->log().find(w.token) == std::string::npos);
    }
}

TEST_CASE("workspace create refuses a bad name with the reason, and writes nothing", "[integration]") {
    temp_dir dir;
    const std::string db = dir.file("new/samskab.db");
    struct row {
        std::vector<std::string> args;
        std::string says;
    };
    for (const auto& [args, says] : {row{{"--name", ""}, "needs a value"},
                                     row{{"--name", "   "}, "--name"},
                                     row{{"--name", std::string(121, 'x')}, "--name"},
                                     row{{"--name", "bad\x01name"}, "--name"},
                                     row{{}, "needs --name"}}) {
        std::vector<std::string> all{"workspace", "create", "--db", db};
        all.insert(all.end(), args.begin(), args.end());
        auto r = run_binary(all);
        INFO(r.output);
        CHECK(r.exit_code == 2);
        CHECK(r.output.find(says) != std::string::npos);
    }
    // No database and no key file were made for a refused name.
    CHECK_FALSE(std::filesystem::exists(db));
    CHECK_FALSE(std::filesystem::exists(db + ".key"));
}

// Integration tests of online backup and restore, and of the one-server-per-database
// lock, with the real binary.
#include "live_server.hpp"

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// The texts of the ideas in a session, as its facilitator's snapshot shows them.
std::set<std::string> idea_texts(std::uint16_t port, const test_session& s) {
    ws_client c(port);
    c.join_token(s.code, s.facilitator_token);
    std::set<std::string> out;
    auto snap = c.next_of_type("snapshot");
    for (const auto& i : snap["ideas"]) out.insert(i["text"].get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("an online backup taken under load holds every change acknowledged before it", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    for (int k = 0; k < 30; ++k) REQUIRE(command(*fac, idea_add("b" + std::to_string(k), 1, "before " + std::to_string(k)))["type"] == "ack");

    // Writers keep going while the backup is taken.
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        ws_client w(s.port());
        w.join_token(sess.code, sess.facilitator_token);
        for (int k = 0; !stop; ++k) command(w, idea_add("d" + std::to_string(k), 2, "during " + std::to_string(k)));
    });
    const std::string copy = s.dir.file("backup.db");
    auto r = run_binary({"--db", s.dir.file("samskab.db"), "--backup-to", copy});
    stop = true;
    writer.join();
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("integrity ok") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(copy + ".partial"));
    // A backup does not overwrite.
    CHECK(run_binary({"--db", s.dir.file("samskab.db"), "--backup-to", copy}).exit_code == 1);

    // The copy serves as a database of its own.
    server_process other({copy, 0, "", {}, {}});
    auto texts = idea_texts(other.port(), sess);
    for (int k = 0; k < 30; ++k) CHECK(texts.count("before " + std::to_string(k)) == 1);
    CHECK(other.stop() == 0);
}

TEST_CASE("a backup is put back with --restore-from, never while a server runs on it", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    command(*fac, idea_add("a", 1, "in the backup"));
    const std::string db = s.dir.file("samskab.db"), copy = s.dir.file("backup.db");
    REQUIRE(run_binary({"--db", db, "--backup-to", copy}).exit_code == 0);
    command(*fac, idea_add("b", 1, "after the backup"));

    auto refused = run_binary({"--db", db, "--restore-from", copy});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("stop the server first") != std::string::npos);

    const std::uint16_t port = s.port();
    REQUIRE(s.proc->stop() == 0);
    auto restored = run_binary({"--db", db, "--restore-from", copy});
    INFO(restored.output);
    REQUIRE(restored.exit_code == 0);
    CHECK(restored.output.find("1 session(s)") != std::string::npos);
    s.start(port);
    CHECK(idea_texts(s.port(), sess) == std::set<std::string>{"in the backup"});

    // Not a database: refused, nothing changed.
    std::ofstream(s.dir.file("junk.db")) << "this is not SQLite";
    REQUIRE(s.proc->stop() == 0);
    CHECK(run_binary({"--db", db, "--restore-from", s.dir.file("junk.db")}).exit_code == 1);
    s.start(port);
    CHECK(idea_texts(s.port(), sess) == std::set<std::string>{"in the backup"});
}

TEST_CASE("a second server on the same database is refused", "[integration]") {
    live_server s;
    CHECK_THROWS_WITH(server_process({s.dir.file("samskab.db"), 0, "", {}, {}}), Catch::Contains("another process uses"));
    CHECK(http(s.port(), "GET", "/healthz").status == 200);
}

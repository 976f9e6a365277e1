// The crash test: the real server under load from several clients that record every
// change the server acknowledged, killed with SIGKILL at random moments and started
// again, over and over. After every restart each acknowledged change must be there
// exactly once, and the database must pass check_database (integrity_check and
// foreign_key_check), as a backup does.
//
//   samskab_crash_test [--kills N] [--seed S]     (default: 20 kills, a random seed)
//
// scripts/test runs it with 20 kills; run it with --kills 200 for a long run.
#include "storage/backup.hpp"
#include "storage/sqlite.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/ws_client.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace samskab::testing;
using nlohmann::json;

namespace {

struct session_under_test {
    std::string code, token;
    std::set<std::string> acked;  // texts of acknowledged ideas
};

int failures = 0;

void fail(const std::string& what) {
    std::fprintf(stderr, "FAILED: %s\n", what.c_str());
    ++failures;
}

// Each round a few clients add ideas as fast as acks come back (eight in flight each)
// until the connection dies; every acknowledged text is recorded.
void load(std::uint16_t port, session_under_test& s, std::mutex& m, int client, int round) {
    try {
        ws_client c(port);
        c.join_token(s.code, s.token);
        int sent = 0;
        auto send_one = [&] {
            const std::string text = "r" + std::to_string(round) + "c" + std::to_string(client) + "n" + std::to_string(sent);
            c.send(json{{"type", "idea.add"}, {"ref", text}, {"column", 1}, {"text", text}});
            ++sent;
        };
        for (int k = 0; k < 8; ++k) send_one();
        // All clients are the same participant, and a participant's every connection sees
        // its acks: each client keeps its own eight in flight by its refs.
        const std::string mine = "r" + std::to_string(round) + "c" + std::to_string(client) + "n";
        for (;;) {
            auto msg = c.next(std::chrono::seconds(5));
            if (!msg) return;  // the server is gone
            const auto j = json::parse(*msg);
            if (j["type"] != "ack" && j["type"] != "error") continue;
            if (j["type"] == "ack") {
                std::lock_guard lock(m);
                s.acked.insert(j["event"]["idea"]["text"].get<std::string>());
            }
            if (j.value("ref", std::string()).rfind(mine, 0) != 0) continue;
            send_one();
        }
    } catch (const std::exception&) {
        // Connecting to a server that is being killed can fail: nothing was acknowledged.
    }
}

// Checks a session against what was acknowledged: each acknowledged idea once, and no
// idea twice.
void verify(std::uint16_t port, const session_under_test& s, int round) {
    ws_client c(port);
    c.join_token(s.code, s.token);
    const json snap = c.next_of_type("snapshot", std::chrono::seconds(30));
    std::map<std::string, int> seen;
    for (const auto& i : snap["ideas"]) ++seen[i["text"].get<std::string>()];
    for (const auto& text : s.acked)
        if (seen[text] != 1)
            fail("round " + std::to_string(round) + ": acknowledged idea " + text + " is there " +
                 std::to_string(seen[text]) + " times");
    for (const auto& [text, n] : seen)
        if (n > 1) fail("round " + std::to_string(round) + ": idea " + text + " is there " + std::to_string(n) + " times");
}

void integrity(const std::string& db, int round) {
    // integrity_check and foreign_key_check, as a backup is checked.
    samskab::storage::database_info info;
    if (auto s = samskab::storage::check_database(db, info); !s.ok())
        fail("round " + std::to_string(round) + ": " + s.message);
}

}  // namespace

int main(int argc, char** argv) {
    int kills = 20;
    unsigned seed = std::random_device{}();
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--kills") kills = std::stoi(argv[i + 1]);
        else if (arg == "--seed") seed = static_cast<unsigned>(std::stoul(argv[i + 1]));
    }
    std::printf("crash test: %d kills, seed %u\n", kills, seed);
    std::mt19937 rng(seed);
    temp_dir dir;
    const std::string db = dir.file("crash.db");
    std::vector<session_under_test> sessions;
    std::mutex m;
    std::size_t acked_total = 0;
    const auto started = std::chrono::steady_clock::now();

    for (int round = 1; round <= kills && failures == 0; ++round) {
        server_process server({db, 0, "", {"--participant-pace", "0", "--changes-per-address", "0"}, {}});
        const auto port = server.port();
        // What the previous round acknowledged must all be there.
        if (!sessions.empty()) verify(port, sessions.back(), round);
        integrity(db, round);

        // A new session each round keeps every board under its limits.
        auto created = create_session(port, R"({"title":"Crash","question":"Q?"})");
        if (created.status != 201) {
            fail("cannot create a session: " + created.body);
            break;
        }
        const auto body = json::parse(created.body);
        sessions.push_back({body["code"], body["facilitator_token"], {}});
        {
            ws_client fac(port);
            fac.join_token(sessions.back().code, sessions.back().token);
            fac.send(json{{"type", "phase.set"}, {"ref", "p"}, {"phase", "ideas"}});
            fac.next_of_type("ack");
        }
        std::vector<std::thread> clients;
        for (int k = 0; k < 3; ++k)
            clients.emplace_back([&, k] { load(port, sessions.back(), m, k, round); });
        // The kill comes at a random moment of the load.
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(30, 400)(rng)));
        server.kill();
        for (auto& t : clients) t.join();
        acked_total += sessions.back().acked.size();
    }

    // Finally every session, from a clean start.
    if (failures == 0) {
        server_process server({db, 0, "", {"--participant-pace", "0", "--changes-per-address", "0"}, {}});
        for (const auto& s : sessions) verify(server.port(), s, kills + 1);
        integrity(db, kills + 1);
        server.stop();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("crash test: %d kills, %zu acknowledged changes checked, %.1f s, %s\n", kills, acked_total, seconds,
                failures == 0 ? "all there exactly once, integrity ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}

// Shared set-up of the integration tests: a real server on a free port with a
// database in a fresh folder, and a helper to create sessions over the real API.
#pragma once

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/ws_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <functional>
#include <map>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>
#include <string>
#include <vector>

namespace samskab::testing {

struct live_server {
    temp_dir dir;
    std::unique_ptr<server_process> proc;

    // wrapper: as server_process::options::wrapper, e.g. {"env", "SAMSKAB_TODAY=2027-03-02"}.
    explicit live_server(std::string web_root = "", std::vector<std::string> extra_args = {},
                         std::vector<std::string> wrapper = {})
        : web_root_(std::move(web_root)), extra_(std::move(extra_args)), wrapper_(std::move(wrapper)) {
        start(0);
    }

    // (Re)starts the server on port (0: any) with the same database.
    void start(std::uint16_t port) {
        proc = std::make_unique<server_process>(server_process::options{dir.file("samskab.db"), port, web_root_, extra_, wrapper_});
    }
    // Restarts it with another wrapper (another SAMSKAB_TODAY, say).
    void restart_with(std::vector<std::string> wrapper) {
        proc.reset();
        wrapper_ = std::move(wrapper);
        start(0);
    }
    std::uint16_t port() const { return proc->port(); }

private:
    std::string web_root_;
    std::vector<std::string> extra_;
    std::vector<std::string> wrapper_;
};

// A server whose data lives on a 4 MiB tmpfs of its own (in a mount namespace of its
// own, unshare -m), to fill the disk under it: the database is `path` inside it.
struct small_disk_server {
    temp_dir dir;
    std::string mount = dir.file("small");
    std::string path;  // where the server's files are, seen from outside its namespace
    std::unique_ptr<server_process> server;

    small_disk_server() {
        std::filesystem::create_directories(mount);
        server = std::make_unique<server_process>(server_process::options{
            mount + "/samskab.db", 0, "", {},
            {"unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=4m tmpfs " + mount + " && exec \"$0\" \"$@\""}});
        path = "/proc/" + std::to_string(server->pid()) + "/root" + mount;
        REQUIRE(std::filesystem::exists(path + "/samskab.db"));
    }

    // Fills the tmpfs with one file until it is full; returns the file's size.
    std::size_t fill() const {
        std::FILE* f = std::fopen((path + "/filler").c_str(), "wb");
        if (!f) return 0;
        std::vector<char> chunk(64 * 1024, 'x');
        std::size_t written = 0;
        for (;;) {
            const std::size_t n = std::fwrite(chunk.data(), 1, chunk.size(), f);
            written += n;
            if (n < chunk.size() || std::fflush(f) != 0) break;
        }
        std::fclose(f);
        return written;
    }
    // Gives the space back.
    void empty() const { std::filesystem::remove(path + "/filler"); }
};

// The bytes of the server's database file and of its WAL (if there is one), one after
// the other: for tests that search them for what must not be left.
inline std::string database_bytes(live_server& s) {
    std::string all;
    for (const std::string suffix : {"", "-wal"}) {
        const std::string path = s.dir.file("samskab.db") + suffix;
        if (!std::filesystem::exists(path)) continue;
        std::ifstream in(path, std::ios::binary);
        all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
}

struct test_session {
    std::string code;
    std::string facilitator_token;
    nlohmann::json created;
};

inline test_session make_session(std::uint16_t port, const nlohmann::json& columns = {"Ideas", "Later"},
                                 const nlohmann::json& settings = nlohmann::json::object()) {
    auto r = create_session(port, nlohmann::json{{"title", "Ældreplejen"},
                                                 {"question", "Hvad er umuligt i dag?"},
                                                 {"facilitator_name", "Mette"},
                                                 {"columns", columns},
                                                 {"settings", settings}}
                                      .dump());
    REQUIRE(r.status == 201);
    auto j = nlohmann::json::parse(r.body);
    return {j["code"], j["facilitator_token"], j};
}

// A command of this type with this ref and these fields.
inline nlohmann::json cmd(const std::string& type, const std::string& ref,
                          nlohmann::json fields = nlohmann::json::object()) {
    fields["type"] = type;
    fields["ref"] = ref;
    return fields;
}

inline nlohmann::json idea_add(const std::string& ref, int column, const std::string& text) {
    return {{"type", "idea.add"}, {"ref", ref}, {"column", column}, {"text", text}};
}

// Waits, polling every 20 ms, up to `limit`, until f() holds; returns whether it did.
template <class F>
bool eventually(F f, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (f()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return f();
}

// The next message that is part of the session's history (an event or an ack, or an
// error): presence and pong messages are skipped.
inline nlohmann::json next_change(ws_client& c, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    for (;;) {
        auto j = c.next_json(timeout);
        const std::string type = j["type"];
        if (type != "presence" && type != "presence.changed" && type != "pong") return j;
    }
}

// True if no change (only presence or pong, if anything) arrives within `wait`.
inline bool no_change_within(ws_client& c, std::chrono::milliseconds wait) {
    while (auto m = c.next(wait)) {
        const std::string type = nlohmann::json::parse(*m)["type"];
        if (type != "presence" && type != "presence.changed" && type != "pong") return false;
    }
    return true;
}

// Sends a command and returns its answer (the ack or the error with its ref); messages
// before it are dropped.
inline nlohmann::json command(ws_client& c, nlohmann::json cmd) {
    const std::string ref = cmd["ref"];
    c.send(cmd);
    for (;;) {
        auto j = c.next_json();
        if ((j["type"] == "ack" || j["type"] == "error") && j.value("ref", "") == ref) return j;
    }
}

// The token of the role's active invitation in an `invites` message, or "" if it has
// none (or none the server can show).
inline std::string link_of(const nlohmann::json& invites, const std::string& role) {
    for (const auto& i : invites["invites"])
        if (i["role"] == role && i["active"] == true && !i["token"].get<std::string>().empty()) return i["token"];
    return "";
}

// Renews the role's invitation as facilitator c; returns the new link's token, which
// comes in the `invites` message after the ack (events carry no tokens).
inline std::string renew_invite(ws_client& c, const std::string& role, const std::string& ref) {
    const auto ack = command(c, {{"type", "invite.renew"}, {"ref", ref}, {"role", role}});
    REQUIRE(ack["type"] == "ack");
    const std::string link = link_of(c.next_of_type("invites"), role);
    REQUIRE(link.size() == 43);
    return link;
}

// The facilitator, joined (its snapshot and presence read) and with the session moved
// to `phase`.
inline std::unique_ptr<ws_client> facilitator(std::uint16_t port, const test_session& s,
                                              const std::string& phase = "ideas") {
    auto c = std::make_unique<ws_client>(port);
    c->join_token(s.code, s.facilitator_token);
    c->next_of_type("presence");
    if (phase != "welcome") {
        auto a = command(*c, {{"type", "phase.set"}, {"ref", "f:phase"}, {"phase", phase}});
        REQUIRE(a["type"] == "ack");
    }
    return c;
}

}  // namespace samskab::testing

// A short run of the load generator against the real server: every change reaches
// every other client, with no error. It checks the generator itself (its bookkeeping
// of changes and deliveries) as much as the server; it measures nothing.
#include "load.hpp"
#include "samskab_adapter.hpp"
#include "ws_relay_adapter.hpp"

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace samskab;

namespace {

// A small run: one session of 3 clients making 2 changes a second, against the server
// (or relay) process p.
load::config smoke_config(const testing::server_process& p, double duration) {
    load::config cfg;
    cfg.sessions = 1;
    cfg.clients_per_session = 3;
    cfg.rate = 2;
    cfg.warmup = 0.5;
    cfg.duration = duration;
    cfg.drain = 2;
    cfg.scenario = "smoke";
    cfg.server.port = p.port();
    cfg.server_pid = p.pid();
    cfg.quiet = true;
    return cfg;
}

}  // namespace

TEST_CASE("1 session x 3 clients x 2 changes/s for 2 s: every change reaches every other client, no errors",
          "[load]") {
    testing::temp_dir dir;
    testing::server_process server({dir.file("samskab.db"), 0, "", {}, {}});
    const load::config cfg = smoke_config(server, 2);
    load::samskab_adapter adapter({false, 60});
    const auto r = load::run(cfg, adapter);
    INFO(load::report(cfg, r));
    CHECK(r.errors == 0);
    CHECK(r.error_kinds.empty());
    // 3 clients x 2/s x 2 s, give or take one send at the window's edges.
    CHECK(r.changes_measured >= 10);
    CHECK(r.changes_completed == r.changes_measured);
    CHECK(r.fanout.count == static_cast<std::size_t>(r.changes_measured));
    CHECK(r.delivery.count == 2 * static_cast<std::size_t>(r.changes_measured));
    CHECK(r.ack.count == static_cast<std::size_t>(r.changes_measured));
    CHECK(r.server_cpu_s >= 0);
    CHECK(r.rss_mib > 0);
    const auto j = load::to_json(cfg, "samskab", r);
    CHECK(j.size() == 14);
    CHECK(j["errors"] == 0);
    CHECK(server.stop() == 0);
}

TEST_CASE("ws relay adapter: a change is recognised by the others, the join by its answer", "[load]") {
    load::ws_relay_adapter adapter(60);
    adapter.prepare({}, 1, 2);
    auto a = adapter.make_client(0, 0);
    auto b = adapter.make_client(0, 1);
    CHECK(a->join() == std::vector<std::string>{R"({"join":"load-0"})"});
    std::vector<std::string> replies;
    CHECK(b->on_message(R"({"joined":"load-0"})", replies).what == load::received::kind::joined);
    const std::string change = a->make_change(42);
    CHECK(change.size() > 60);
    const auto r = b->on_message(change, replies);
    CHECK(r.what == load::received::kind::change);
    CHECK(r.change == 42);
    CHECK(r.problem.empty());
    CHECK_FALSE(b->on_message("nonsense", replies).problem.empty());
    CHECK(replies.empty());
}

TEST_CASE("1 room x 3 clients x 2 changes/s on the ws relay: every change reaches every other client", "[load]") {
    // Needs node and the relay's packages (scripts/test runs npm ci in tests/load/peers/ws-relay).
    const std::filesystem::path script = SAMSKAB_WS_RELAY_SCRIPT;
    INFO("this test needs node and the relay's packages: run npm ci in " << script.parent_path().string());
    REQUIRE(std::system("node --version >/dev/null 2>&1") == 0);
    REQUIRE(std::filesystem::exists(script.parent_path() / "node_modules" / "ws"));
    testing::server_process relay({"unused.db", 0, "", {}, {"sh", "-c", "exec node \"$0\"", script.string()}});
    const load::config cfg = smoke_config(relay, 1.5);
    load::ws_relay_adapter adapter(60);
    const auto r = load::run(cfg, adapter);
    INFO(load::report(cfg, r));
    CHECK(r.errors == 0);
    CHECK(r.changes_measured >= 7);
    CHECK(r.changes_completed == r.changes_measured);
    CHECK(r.delivery.count == 2 * static_cast<std::size_t>(r.changes_measured));
    CHECK(r.ack.count == 0);
    CHECK(r.server_cpu_s >= 0);
    CHECK(relay.stop() == 0);
}

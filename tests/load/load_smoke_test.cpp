// A short run of the load generator against the real server: every change reaches
// every other client, with no error. It checks the generator itself (its bookkeeping
// of changes and deliveries) as much as the server; it measures nothing.
#include "load.hpp"
#include "samskab_adapter.hpp"

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace samskab;

TEST_CASE("1 session x 3 clients x 2 changes/s for 2 s: every change reaches every other client, no errors",
          "[load]") {
    testing::temp_dir dir;
    testing::server_process server({dir.file("samskab.db"), 0, "", {}, {}});
    load::config cfg;
    cfg.sessions = 1;
    cfg.clients_per_session = 3;
    cfg.rate = 2;
    cfg.warmup = 0.5;
    cfg.duration = 2;
    cfg.drain = 2;
    cfg.scenario = "smoke";
    cfg.server.port = server.port();
    cfg.server_pid = server.pid();
    cfg.quiet = true;
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

// Short runs of the storage benchmark's scenarios (samskab_storage_bench): f for one
// second at a low rate, g on a database of 20,000 changes started once. They check the
// benchmark itself (every change committed, the result object complete) as much as the
// storage; they measure nothing.
#include "storage_scenarios.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace samskab;

namespace {

// The keys of the benchmark's table, in its order.
void check_table_keys(const nlohmann::ordered_json& j) {
    const char* keys[] = {"scenario", "server",  "clients", "sessions",     "offered_changes_per_s", "deliveries_per_s",
                          "p50_ms",   "p95_ms",  "p99_ms",  "p999_ms",      "server_cpu_s",          "deliveries_per_cpu_s",
                          "rss_mib",  "errors"};
    auto it = j.begin();
    for (const char* k : keys) {
        INFO(k);
        REQUIRE(it != j.end());
        CHECK(it.key() == k);
        ++it;
    }
    // What --json writes is one line that reads back the same.
    const std::string line = j.dump();
    CHECK(line.find('\n') == std::string::npos);
    CHECK(nlohmann::ordered_json::parse(line) == j);
}

}  // namespace

TEST_CASE("storage bench f: 1 s at 2,000 changes/s, every change committed durably, no errors", "[load]") {
    load::storage_config cfg;
    cfg.scenario = std::string("f");  // (not = "f": GCC 12 warns -Wrestrict on that)
    cfg.rate = 2000;
    cfg.warmup = 0.2;
    cfg.duration = 1;
    cfg.sessions = 4;
    cfg.producers = 2;
    cfg.fsync_probe = 20;
    cfg.quiet = true;
    const auto r = load::run_f(cfg);
    INFO(load::storage_report(cfg, r));
    CHECK(r.errors == 0);
    CHECK(r.error_kinds.empty());
    // 2,000/s for 1 s, give or take the producers' timing at the window's edges.
    CHECK(r.commit.count >= 1800);
    CHECK(r.commit.count <= 2200);
    CHECK(r.completed >= 1500);
    CHECK(r.commit.p50 > 0);
    CHECK(r.commit.max >= r.commit.p999);
    CHECK(r.fsync.count == 20);
    CHECK(r.transactions > 0);
    CHECK(r.mean_batch >= 1);
    CHECK(r.actions.at("idea.add") > 0);
    CHECK(r.actions.at("phase.set") == 4);
    const auto j = load::storage_json(cfg, r);
    check_table_keys(j);
    CHECK(j["scenario"] == "f");
    CHECK(j["errors"] == 0);
    CHECK(j["deliveries_per_s"].get<double>() > 1500);
    CHECK(j["p99_ms"].is_number());
    CHECK(j["server_cpu_s"].is_number());
}

TEST_CASE("storage bench g: a database of 20,000 changes built through the journal, the server started on it",
          "[load]") {
    load::storage_config cfg;
    cfg.scenario = std::string("g");
    cfg.changes = 20000;
    cfg.sessions = 20;
    cfg.repeat = 1;
    cfg.quiet = true;
    const auto r = load::run_g(cfg);
    INFO(load::storage_report(cfg, r));
    CHECK(r.errors == 0);
    CHECK(r.built);
    CHECK(r.changes == 20000);
    CHECK(r.sessions == 20);
    REQUIRE(r.startup_s.size() == 1);
    CHECK(r.startup_s[0] >= r.listen_s[0]);
    CHECK(r.rss_mib > 0);
    CHECK(r.db_mib > 1);
    // A whole workshop's mix, not only ideas.
    for (const char* action : {"idea.add", "idea.move", "comment.add", "cluster.create", "vote.set", "trial.create",
                               "decision.record", "phase.set"}) {
        INFO(action);
        CHECK(r.actions.count(action) == 1);
    }
    const auto j = load::storage_json(cfg, r);
    check_table_keys(j);
    CHECK(j["scenario"] == "g");
    CHECK(j["p50_ms"].is_null());
    CHECK(j["startup_s"].get<double>() > 0);
    CHECK(j["startup_runs_s"].size() == 1);
    CHECK(j["changes"] == 20000);
}

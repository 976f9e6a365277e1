// Tests of the readiness rule (readiness.hpp): what /readyz says for each state of the
// server and its database. The probes themselves are tested on a real database
// (storage_test.cpp) and a real server (http_test.cpp, robustness_test.cpp).
#include "net/readiness.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>

using namespace samskab::server;
using samskab::protocol::readiness;
using namespace std::chrono_literals;

TEST_CASE("readiness: shutting down, then a hanging write, then a failed one, else ready", "[server]") {
    struct row {
        const char* what;
        readiness_facts facts;
        readiness expected;
    };
    const row rows[] = {
        {"all well, no probe under way", {false, true, true, std::nullopt}, readiness::ready},
        {"a probe under way for a moment", {false, true, true, 50ms}, readiness::ready},
        {"a probe waiting exactly the patience", {false, true, true, 10s}, readiness::ready},
        {"a probe waiting longer than the patience", {false, true, true, 11s}, readiness::database_not_responding},
        {"the last commit failed", {false, false, true, std::nullopt}, readiness::database_unavailable},
        {"the last probe failed", {false, true, false, std::nullopt}, readiness::database_unavailable},
        {"a hanging probe after a failed one", {false, false, false, 30s}, readiness::database_not_responding},
        {"shutting down with a healthy database", {true, true, true, std::nullopt}, readiness::shutting_down},
        {"shutting down with a failed database", {true, false, false, 30s}, readiness::shutting_down},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        CHECK(judge(r.facts, 10s) == r.expected);
    }
}

// Tests of the metrics' allowlist (--metrics-from) and of the exposition's text.
#include "net/config.hpp"
#include "net/metrics.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace samskab::server;

TEST_CASE("metrics: the allowlist takes addresses and networks, loopback by default", "[server]") {
    const metrics::allowlist loopback;
    CHECK(loopback.allows("127.0.0.1"));
    CHECK(loopback.allows("127.3.2.1"));
    CHECK(loopback.allows("::1"));
    CHECK(loopback.allows("::ffff:127.0.0.1"));  // IPv4 mapped, as a dual-stack socket names it
    CHECK_FALSE(loopback.allows("10.0.0.1"));
    CHECK_FALSE(loopback.allows("::2"));
    CHECK_FALSE(loopback.allows("unknown"));
    CHECK_FALSE(loopback.allows(""));

    metrics::allowlist l;
    std::string error;
    REQUIRE(l.assign({"10.1.0.0/16", "192.0.2.7", "fd00::/8", "0.0.0.0/0"}, error));
    CHECK(l.allows("10.1.255.3"));
    CHECK(l.allows("192.0.2.7"));
    CHECK(l.allows("fd12:3456::1"));
    CHECK(l.allows("203.0.113.1"));  // 0.0.0.0/0: every IPv4 address
    CHECK_FALSE(l.allows("fe80::1"));

    REQUIRE(l.assign({"10.1.0.0/16", "192.0.2.7"}, error));
    CHECK_FALSE(l.allows("10.2.0.1"));
    CHECK_FALSE(l.allows("192.0.2.8"));
    CHECK_FALSE(l.allows("127.0.0.1"));
    REQUIRE(l.assign({"10.1.2.3/13"}, error));  // host bits set: the network is 10.0.0.0/13
    CHECK(l.allows("10.7.0.1"));
    CHECK_FALSE(l.allows("10.8.0.1"));

    for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "example.org", "10.0.0.0/8/8", "",
                            "10.0.0.0/-1", "10.0.0.0/08a"}) {
        INFO(bad);
        std::string why;
        CHECK_FALSE(l.assign({bad}, why));
        CHECK_FALSE(why.empty());
    }
    CHECK(l.allows("10.7.0.1"));  // a refused list leaves the last one
}

TEST_CASE("metrics: --metrics-from is repeatable and checked when parsed", "[server]") {
    std::vector<const char*> args{"samskab-server", "--metrics-from", "10.0.0.0/8", "--metrics-from=::1"};
    auto c = std::get<config>(parse_args(static_cast<int>(args.size()), args.data()));
    CHECK(c.metrics_from == std::vector<std::string>{"10.0.0.0/8", "::1"});
    std::vector<const char*> bad{"samskab-server", "--metrics-from", "10.0.0.0/40"};
    auto e = std::get<config_error>(parse_args(static_cast<int>(bad.size()), bad.data()));
    CHECK(e.message.find("--metrics-from") != std::string::npos);
}

TEST_CASE("metrics: the exposition counts what happened, with the levels read when asked", "[server]") {
    const auto text = [] {
        return metrics::render({[] { return std::size_t{7}; }, [] { return std::size_t{3}; }, [] { return std::size_t{0}; }});
    };
    const std::string before = text();
    CHECK(before.find("samskab_connections_open 7\n") != std::string::npos);
    CHECK(before.find("samskab_sessions_loaded 3\n") != std::string::npos);
    CHECK(before.find("# TYPE samskab_rate_limited_total counter\n") != std::string::npos);
    CHECK(before.find("# TYPE process_resident_memory_bytes gauge\n") != std::string::npos);
    // Counters are process-wide: compare with what this process had counted before.
    const auto value = [](const std::string& t, const std::string& series) {
        const auto at = t.find(series + " ");
        REQUIRE(at != std::string::npos);
        return std::stod(t.substr(at + series.size() + 1));
    };
    const std::string limited = "samskab_rate_limited_total{limit=\"joins\"}";
    const std::string closes = "samskab_websocket_closes_total{code=\"other\",initiator=\"client\"}";
    const double limited0 = value(before, limited), closes0 = value(before, closes);
    metrics::rate_limited(metrics::limit::joins);
    metrics::closed_by_client(4999);  // a code of the client's own: one label for all of them
    metrics::closed_by_client(3000);
    const std::string after = text();
    CHECK(value(after, limited) == limited0 + 1);
    CHECK(value(after, closes) == closes0 + 2);
    CHECK(after.find("code=\"4999\"") == std::string::npos);
}

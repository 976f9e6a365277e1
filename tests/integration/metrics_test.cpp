// Integration tests of GET /metrics: the names and types of what the server exposes,
// their values after a scripted workshop, that nothing a person wrote, no code and no
// name becomes a label, and who may read it. The real binary, on real sockets.
#include "live_server.hpp"

#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// A scrape: each series (its name and its labels, sorted, as `name{a="x",b="y"}`) with
// its value, and each family's type.
struct scrape {
    std::map<std::string, double> series;
    std::map<std::string, std::string> types;
    std::string text;

    double operator()(const std::string& key) const {
        auto it = series.find(key);
        if (it == series.end()) FAIL("no series " << key);
        return it->second;
    }
};

scrape parse_exposition(const std::string& text) {
    scrape s;
    s.text = text;
    static const std::regex type_line(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
    static const std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$)");
    static const std::regex label(R"(([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\]|\\.)*)\")");
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line.starts_with("# HELP ")) continue;
        std::smatch m;
        if (std::regex_match(line, m, type_line)) {
            s.types[m[1]] = m[2];
            continue;
        }
        INFO("line: " << line);
        REQUIRE(std::regex_match(line, m, sample));
        std::map<std::string, std::string> labels;
        const std::string inside = m[3];
        for (auto it = std::sregex_iterator(inside.begin(), inside.end(), label); it != std::sregex_iterator(); ++it)
            labels[(*it)[1]] = (*it)[2];
        std::string key = m[1];
        if (!labels.empty()) {
            key += '{';
            bool first = true;
            for (const auto& [k, v] : labels) {
                if (!first) key += ',';
                first = false;
                key += k + "=\"" + v + "\"";
            }
            key += '}';
        }
        s.series[key] = std::stod(m[4]);
    }
    return s;
}

scrape metrics_of(std::uint16_t port) {
    const auto r = http(port, "GET", "/metrics");
    REQUIRE(r.status == 200);
    CHECK(r.headers.at("content-type") == "text/plain; version=0.0.4; charset=utf-8");
    return parse_exposition(r.body);
}

}  // namespace

TEST_CASE("metrics: every name and type as documented, and values that follow a scripted workshop",
          "[integration]") {
    live_server s("", {"--participant-pace", "3"});

    // The families, their types: README's "Metrics" table lists the same.
    const std::map<std::string, std::string> expected{
        {"samskab_build_info", "gauge"},
        {"samskab_connections_accepted_total", "counter"},
        {"samskab_connections_open", "gauge"},
        {"samskab_sessions_loaded", "gauge"},
        {"samskab_websocket_messages_received_total", "counter"},
        {"samskab_websocket_messages_sent_total", "counter"},
        {"samskab_errors_total", "counter"},
        {"samskab_websocket_closes_total", "counter"},
        {"samskab_changes_committed_total", "counter"},
        {"samskab_commit_duration_seconds", "histogram"},
        {"samskab_fanout_duration_seconds", "histogram"},
        {"samskab_journal_queue_depth", "gauge"},
        {"samskab_send_queue_drops_total", "counter"},
        {"samskab_rate_limited_total", "counter"},
        {"process_cpu_seconds_total", "counter"},
        {"process_resident_memory_bytes", "gauge"},
        {"process_virtual_memory_bytes", "gauge"},
        {"process_start_time_seconds", "gauge"},
        {"process_open_fds", "gauge"},
        {"process_max_fds", "gauge"},
    };
    const auto before = metrics_of(s.port());
    CHECK(before.types == expected);
    const json health = json::parse(http(s.port(), "GET", "/healthz").body);
    CHECK(before("samskab_build_info{version=\"" + health["version"].get<std::string>() + "\"}") == 1);
    CHECK(before("samskab_sessions_loaded") == 0);
    CHECK(before("samskab_changes_committed_total") == 0);
    CHECK(before("process_resident_memory_bytes") > 1e6);
    CHECK(before("process_open_fds") > 3);
    CHECK(before("process_max_fds") >= before("process_open_fds"));

    // The workshop: a session, its facilitator and two citizens, ideas from all three.
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);  // one change: the phase
    ws_client anna(s.port()), bo(s.port());
    const std::string anna_token = anna.join_name(sess.code, "Anna Andersen")["token"];
    const std::string bo_token = bo.join_name(sess.code, "Bo Bøgh")["token"];
    REQUIRE(command(*fac, idea_add("f1", 1, "Kaffe med naboen om tirsdagen"))["type"] == "ack");
    REQUIRE(command(anna, idea_add("a1", 1, "Fælles gåtur fra plejecentret"))["type"] == "ack");
    REQUIRE(command(bo, idea_add("b1", 1, "Bogklub i kantinen"))["type"] == "ack");
    // Typed errors over both transports.
    CHECK(command(anna, cmd("idea.add", "bad", {{"column", 1}}))["code"] == "invalid_field");
    CHECK(http(s.port(), "GET", "/api/sessions/ZZZZZZ").status == 404);
    // Anna writes faster than --participant-pace 3 lets one person: refused.
    for (int k = 0; k < 4; ++k) anna.send(idea_add("p" + std::to_string(k), 1, "hurtig idé " + std::to_string(k)));
    int acked = 0, limited = 0;
    while (acked + limited < 4) {
        const json m = next_change(anna);
        if (!m.value("ref", "").starts_with("p")) continue;
        if (m["type"] == "ack") ++acked;
        else if (m.value("code", "") == "rate_limited") ++limited;
    }
    // The pace's 3 less the idea a1 (one more if a second passed meanwhile).
    CHECK(acked >= 2);
    CHECK(limited >= 1);
    const int changes = 1 + 3 + acked;  // the phase, three ideas, Anna's paced ones
    // Bo leaves with a normal close.
    bo.close();
    REQUIRE(bo.wait_closed().has_value());

    // Counters only move after what they count happened; wait for the close to be counted.
    scrape after;
    REQUIRE(eventually([&] {
        after = metrics_of(s.port());
        return after("samskab_websocket_closes_total{code=\"1000\",initiator=\"client\"}") >= 1;
    }));
    CHECK(after("samskab_websocket_closes_total{code=\"1000\",initiator=\"client\"}") == 1);
    CHECK(after("samskab_sessions_loaded") == 1);
    // The two participants joined (no change), the rest are changes.
    CHECK(after("samskab_changes_committed_total") == changes);
    CHECK(after("samskab_commit_duration_seconds_count") == changes);
    CHECK(after("samskab_commit_duration_seconds_sum") > 0);
    CHECK(after("samskab_commit_duration_seconds_bucket{le=\"+Inf\"}") == changes);
    CHECK(after("samskab_fanout_duration_seconds_count") == changes);
    CHECK(after("samskab_errors_total{code=\"invalid_field\",transport=\"websocket\"}") == 1);
    CHECK(after("samskab_errors_total{code=\"session_not_found\",transport=\"http\"}") == 1);
    CHECK(after("samskab_errors_total{code=\"rate_limited\",transport=\"websocket\"}") == limited);
    CHECK(after("samskab_rate_limited_total{limit=\"participant_pace\"}") == limited);
    CHECK(after("samskab_rate_limited_total{limit=\"connections\"}") == 0);
    // Sent by the clients: 3 joins, the phase, 3 + 4 ideas and the bad one.
    CHECK(after("samskab_websocket_messages_received_total") == 3 + 1 + 3 + 4 + 1);
    CHECK(after("samskab_websocket_messages_sent_total") > after("samskab_websocket_messages_received_total"));
    CHECK(after("samskab_connections_accepted_total") >= before("samskab_connections_accepted_total") + 3);
    // The facilitator and Anna are connected, and the scrape's own connection.
    CHECK(after("samskab_connections_open") >= 3);
    CHECK(after("samskab_journal_queue_depth") == 0);
    CHECK(after("samskab_send_queue_drops_total") == 0);
    CHECK(after("process_cpu_seconds_total") > 0);

    // Nothing anyone wrote or was called, no code and no token: only fixed labels.
    for (const std::string& secret : {sess.code, sess.facilitator_token, anna_token, bo_token, std::string("Anna"),
                                      std::string("Bøgh"), std::string("Kaffe"), std::string("plejecentret"),
                                      std::string("Ældreplejen"), std::string("umuligt")}) {
        INFO(secret);
        CHECK(after.text.find(secret) == std::string::npos);
    }
    static const std::set<std::string> label_names{"code", "transport", "initiator", "limit", "le", "version"};
    for (const auto& [key, value] : after.series) {
        static const std::regex label(R"(([a-z_]+)=)");
        for (auto it = std::sregex_iterator(key.begin(), key.end(), label); it != std::sregex_iterator(); ++it) {
            INFO(key);
            CHECK(label_names.count((*it)[1]) == 1);
        }
    }
}

TEST_CASE("metrics: only the addresses --metrics-from allows read them, behind a proxy too", "[integration]") {
    SECTION("loopback by default") {
        live_server s;
        CHECK(http(s.port(), "GET", "/metrics").status == 200);
        const auto head = http(s.port(), "HEAD", "/metrics");
        CHECK(head.status == 200);
        CHECK(head.body.empty());
        const auto post = http(s.port(), "POST", "/metrics", "{}", {{"Content-Type", "application/json"}});
        CHECK(post.status == 405);
    }
    SECTION("a network that leaves loopback out refuses it, typed") {
        live_server s("", {"--metrics-from", "10.0.0.0/8", "--metrics-from", "fd00::/8"});
        const auto r = http(s.port(), "GET", "/metrics");
        CHECK(r.status == 403);
        CHECK(json::parse(r.body)["error"]["code"] == "forbidden");
        CHECK(r.body.find("samskab_") == std::string::npos);
    }
    SECTION("behind a trusted proxy on loopback the client is the one it names") {
        live_server s("", {"--trusted-proxy", "127.0.0.1", "--metrics-from", "127.0.0.1", "--metrics-from",
                           "192.0.2.0/24"});
        CHECK(http(s.port(), "GET", "/metrics", "", {{"X-Forwarded-For", "203.0.113.9"}}).status == 403);
        CHECK(http(s.port(), "GET", "/metrics", "", {{"X-Forwarded-For", "192.0.2.44"}}).status == 200);
        // A client cannot name itself: the proxy appends the address it saw, which counts.
        CHECK(http(s.port(), "GET", "/metrics", "", {{"X-Forwarded-For", "192.0.2.44, 203.0.113.9"}}).status == 403);
    }
}

// Integration tests of the real-time core with several real WebSocket clients: acks
// and broadcasts, one order for everyone, restarts, resuming, shutdown.
#include "live_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <map>
#include <set>
#include <thread>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// Reads messages until the client has seen every seq up to last; returns the event
// texts by seq (an ack counts as its event). Fails on a duplicate or a gap.
std::map<std::int64_t, std::string> collect_until(ws_client& c, std::int64_t last, std::set<std::string>* acked = nullptr) {
    std::map<std::int64_t, std::string> seen;
    std::int64_t expected = 1;
    while (expected <= last) {
        auto j = c.next_json();
        if (!j.contains("seq") || j["type"] == "snapshot") continue;
        json ev = j;
        if (j["type"] == "ack") {
            if (acked) acked->insert(j["ref"].get<std::string>());
            ev = j["event"];
        }
        REQUIRE(ev["seq"] == expected);
        seen[expected++] = ev.dump();
    }
    return seen;
}

}  // namespace

TEST_CASE("a change is acked to its author and broadcast to the others", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    ws_client anna(s.port()), bo(s.port());
    auto wa = anna.join_name(sess.code, "Anna");
    CHECK(wa["you"]["role"] == "participant");
    CHECK(anna.next_json()["type"] == "snapshot");
    bo.join_name(sess.code, "Bo");
    bo.next_of_type("snapshot");

    anna.send(idea_add("a:1", 1, "Videoklip som supervision i vuggestuen"));
    auto ack = anna.next_json();
    CHECK(ack["type"] == "ack");
    CHECK(ack["ref"] == "a:1");
    CHECK(ack["seq"] == 1);
    auto ev = bo.next_json();
    CHECK(ev["type"] == "idea.added");
    CHECK(ev == ack["event"]);
    CHECK(ev["idea"]["author"]["name"] == "Anna");
    // The author does not get the event a second time.
    CHECK_FALSE(anna.next(200ms).has_value());
}

TEST_CASE("every client sees the same changes in the same order", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    constexpr int clients = 4, per_client = 25;
    std::vector<std::unique_ptr<ws_client>> cs;
    for (int i = 0; i < clients; ++i) {
        cs.push_back(std::make_unique<ws_client>(s.port()));
        cs.back()->join_name(sess.code, "P" + std::to_string(i));
        cs.back()->next_of_type("snapshot");
    }
    // Everyone sends at once: adds, and moves of their own first idea between columns.
    std::vector<std::thread> senders;
    for (int i = 0; i < clients; ++i)
        senders.emplace_back([&, i] {
            for (int k = 0; k < per_client; ++k)
                cs[i]->send(idea_add("c" + std::to_string(i) + ":" + std::to_string(k), 1 + (k % 2),
                                     "idea " + std::to_string(i) + "." + std::to_string(k)));
        });
    for (auto& t : senders) t.join();

    std::vector<std::map<std::int64_t, std::string>> seen(clients);
    for (int i = 0; i < clients; ++i) {
        std::set<std::string> acked;
        seen[i] = collect_until(*cs[i], clients * per_client, &acked);
        CHECK(acked.size() == per_client);
    }
    for (int i = 1; i < clients; ++i) CHECK(seen[i] == seen[0]);
    // Nothing more arrives: no duplicates after the last one.
    for (auto& c : cs) CHECK_FALSE(c->next(100ms).has_value());
}

TEST_CASE("a restart keeps every session and board exactly", "[integration]") {
    live_server s;
    auto sess = make_session(s.port(), {"Idéer", "Til drøftelse", "Klar"});
    ws_client fac(s.port());
    fac.join_token(sess.code, sess.facilitator_token);
    fac.next_of_type("snapshot");
    ws_client anna(s.port());
    const std::string anna_token = anna.join_name(sess.code, "Anna")["token"];
    anna.next_of_type("snapshot");

    auto run = [&](ws_client& c, json cmd) {
        c.send(cmd);
        auto reply = c.next_of_type("ack");
        return reply["seq"].get<std::int64_t>();
    };
    run(anna, idea_add("a1", 1, "Bordtennisturnering på tværs af generationer"));
    run(anna, idea_add("a2", 1, "Læseklub for børnehave og plejehjem"));
    run(fac, idea_add("f1", 2, "VR på plejehjemmet"));
    run(anna, {{"type", "idea.edit"}, {"ref", "a3"}, {"id", 1}, {"base_version", 1}, {"text", "Bordtennis på tværs af generationer"}});
    run(fac, {{"type", "idea.move"}, {"ref", "f2"}, {"id", 2}, {"base_version", 1}, {"column", 3}, {"index", 0}});
    run(fac, {{"type", "column.add"}, {"ref", "f3"}, {"title", "Temaer"}, {"index", 0}});
    run(fac, {{"type", "idea.delete"}, {"ref", "f4"}, {"id", 3}, {"base_version", 1}});
    const auto last = run(fac, {{"type", "session.update"}, {"ref", "f5"}, {"question", "Hvad ville I prøve?"}});

    ws_client before(s.port());
    before.join_token(sess.code, sess.facilitator_token);
    const json snap_before = before.next_of_type("snapshot");

    const std::uint16_t port = s.port();
    CHECK(s.proc->stop() == 0);
    CHECK(fac.wait_closed() == 1001);
    CHECK(anna.wait_closed() == 1001);

    s.start(port);
    ws_client after(s.port());
    auto w = after.join_token(sess.code, sess.facilitator_token);
    CHECK(w["seq"] == last);
    const json snap_after = after.next_of_type("snapshot");
    CHECK(snap_after == snap_before);
    CHECK(snap_after["session"]["question"] == "Hvad ville I prøve?");
    CHECK(snap_after["columns"][0]["title"] == "Temaer");

    // Anna's token still works, and she resumes with the events she missed.
    ws_client anna2(s.port());
    auto wa = anna2.join_token(sess.code, anna_token, 5);
    CHECK(wa["resume"] == "events");
    CHECK(wa["recent_refs"] == json::array({"a1", "a2", "a3"}));
    for (std::int64_t seq = 6; seq <= last; ++seq) CHECK(anna2.next_json()["seq"] == seq);
    // Ids go on where they stopped.
    anna2.send(idea_add("a4", 1, "efter genstart"));
    CHECK(anna2.next_of_type("ack")["event"]["idea"]["id"] == 4);
}

TEST_CASE("a client that missed changes gets exactly those", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    ws_client watcher(s.port());
    watcher.join_name(sess.code, "Watcher");
    watcher.next_of_type("snapshot");
    std::string token;
    {
        ws_client leaver(s.port());
        token = leaver.join_name(sess.code, "Leaver")["token"];
        leaver.next_of_type("snapshot");
        leaver.send(idea_add("l1", 1, "before leaving"));
        leaver.next_of_type("ack");
        watcher.next_json();
    }  // disconnected at seq 1
    std::vector<std::string> missed;
    for (int k = 0; k < 10; ++k) {
        watcher.send(idea_add("w" + std::to_string(k), 1 + (k % 2), "while away " + std::to_string(k)));
        missed.push_back(watcher.next_of_type("ack")["event"].dump());
    }
    ws_client back(s.port());
    auto w = back.join_token(sess.code, token, 1);
    CHECK(w["resume"] == "events");
    CHECK(w["seq"] == 11);
    CHECK(w["recent_refs"] == json::array({"l1"}));
    for (const auto& text : missed) CHECK(json::parse(*back.next()) == json::parse(text));
    CHECK_FALSE(back.next(200ms).has_value());
    // And it keeps receiving live changes.
    watcher.send(idea_add("w10", 1, "live again"));
    CHECK(back.next_json()["seq"] == 12);
}

TEST_CASE("shutdown closes clients with 1001 and exits 0, and tokens never reach the log", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    ws_client a(s.port()), idle(s.port());
    const std::string token = a.join_name(sess.code, "Anna")["token"];
    a.send(idea_add("a1", 1, "x"));
    a.next_of_type("ack");
    CHECK(s.proc->stop() == 0);
    CHECK(a.wait_closed() == 1001);
    CHECK(idle.wait_closed() == 1001);  // never joined, closed all the same
    const std::string log = s.proc->log();
    CHECK(log.find("listening on") != std::string::npos);
    CHECK(log.find("stopped") != std::string::npos);
    CHECK(log.find(sess.facilitator_token) == std::string::npos);
    CHECK(log.find(token) == std::string::npos);
}

TEST_CASE("a client that ignores the closing handshake does not hold up shutdown", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    // A raw socket that upgrades to a WebSocket and then never reads or answers.
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket raw(ioc);
    raw.connect({boost::asio::ip::make_address("127.0.0.1"), s.port()});
    const std::string upgrade = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    boost::asio::write(raw, boost::asio::buffer(upgrade));
    std::string head(12, '\0');
    boost::asio::read(raw, boost::asio::buffer(head));
    REQUIRE(head == "HTTP/1.1 101");
    ws_client polite(s.port());
    polite.join_name(sess.code, "Polite");

    const auto t0 = std::chrono::steady_clock::now();
    CHECK(s.proc->stop(std::chrono::seconds(10)) == 0);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
    CHECK(polite.wait_closed() == 1001);
}

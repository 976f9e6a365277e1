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

// Reads messages until the client has seen every seq from first to last; returns the
// event texts by seq (an ack counts as its event). Fails on a duplicate or a gap.
std::map<std::int64_t, std::string> collect(ws_client& c, std::int64_t first, std::int64_t last,
                                            std::set<std::string>* acked = nullptr) {
    std::map<std::int64_t, std::string> seen;
    std::int64_t expected = first;
    while (expected <= last) {
        auto j = next_change(c);
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

// A participant joined with a name, past their welcome, snapshot and presence.
std::string join(ws_client& c, const test_session& s, const std::string& name) {
    const std::string token = c.join_name(s.code, name)["token"];
    c.next_of_type("presence");
    return token;
}

}  // namespace

TEST_CASE("a change is acked to its author and broadcast to the others", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);  // seq 1: the ideas phase
    ws_client anna(s.port()), bo(s.port());
    auto wa = anna.join_name(sess.code, "Anna");
    CHECK(wa["you"]["role"] == "citizen");
    CHECK(anna.next_json()["type"] == "snapshot");
    CHECK(anna.next_json()["type"] == "presence");
    join(bo, sess, "Bo");

    anna.send(idea_add("a:1", 1, "Videoklip som supervision i vuggestuen"));
    auto ack = next_change(anna);
    CHECK(ack["type"] == "ack");
    CHECK(ack["ref"] == "a:1");
    CHECK(ack["seq"] == 2);
    CHECK(ack["event"]["idea"]["mine"] == true);
    auto ev = next_change(bo);
    CHECK(ev["type"] == "idea.added");
    CHECK(ev["idea"]["author"]["name"] == "Anna");
    CHECK(ev["idea"]["mine"] == false);
    CHECK(ev["idea"]["text"] == ack["event"]["idea"]["text"]);
    CHECK(no_change_within(anna, 200ms));  // the author does not get the event a second time
}

TEST_CASE("every client sees the same changes in the same order", "[integration]") {
    live_server s("", {"--participant-pace", "0", "--changes-per-address", "0"});  // many changes at a machine's pace
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    constexpr int clients = 4, per_client = 25;
    std::vector<std::unique_ptr<ws_client>> cs;
    for (int i = 0; i < clients; ++i) {
        cs.push_back(std::make_unique<ws_client>(s.port()));
        join(*cs.back(), sess, "P" + std::to_string(i));
    }
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
        seen[i] = collect(*cs[i], 2, 1 + clients * per_client, &acked);
        CHECK(acked.size() == per_client);
    }
    // The same changes in the same order; each is the same for all but its author, who
    // is told the idea is theirs.
    for (std::int64_t seq = 2; seq <= 1 + clients * per_client; ++seq) {
        auto a = json::parse(seen[0][seq]), b = json::parse(seen[1][seq]);
        a["idea"].erase("mine");
        b["idea"].erase("mine");
        CHECK(a == b);
    }
    for (auto& c : cs) CHECK(no_change_within(*c, 100ms));
}

TEST_CASE("a restart keeps every session and board exactly", "[integration]") {
    live_server s;
    auto sess = make_session(s.port(), {"Idéer", "Til drøftelse", "Klar"});
    auto fac = facilitator(s.port(), sess);  // seq 1
    ws_client anna(s.port());
    const std::string anna_token = join(anna, sess, "Anna");

    auto run = [&](ws_client& c, json cmd) {
        auto reply = command(c, cmd);
        REQUIRE(reply["type"] == "ack");
        return reply["seq"].get<std::int64_t>();
    };
    run(anna, idea_add("a1", 1, "Bordtennisturnering på tværs af generationer"));  // 2
    run(anna, idea_add("a2", 1, "Læseklub for børnehave og plejehjem"));            // 3
    run(*fac, idea_add("f1", 2, "VR på plejehjemmet"));                             // 4
    run(anna, {{"type", "idea.edit"}, {"ref", "a3"}, {"id", 1}, {"base_version", 1}, {"text", "Bordtennis på tværs af generationer"}});
    run(*fac, {{"type", "idea.move"}, {"ref", "f2"}, {"id", 2}, {"base_version", 1}, {"column", 3}});
    run(*fac, {{"type", "column.add"}, {"ref", "f3"}, {"title", "Temaer"}, {"index", 0}});
    run(*fac, {{"type", "idea.delete"}, {"ref", "f4"}, {"id", 3}, {"base_version", 1}});
    run(*fac, {{"type", "cluster.create"}, {"ref", "f5"}, {"column", 1}, {"name", "Generationer"}, {"ideas", {1}}});
    // A trial action's learnings come one by one; later changes do not carry them.
    run(*fac, {{"type", "trial.create"}, {"ref", "t1"}, {"title", "Bordtennis"}});
    const std::pair<std::string, std::string> learnings[] = {{"l1", "De unge kom"}, {"l2", "De ældre ikke endnu"}};
    for (const auto& [ref, text] : learnings) {
        auto added = command(*fac, {{"type", "trial.learning"}, {"ref", ref}, {"id", 1}, {"text", text}});
        REQUIRE(added["type"] == "ack");
        CHECK(added["event"]["type"] == "trial_action.learning_added");
        CHECK(added["event"]["trial_action"] == 1);
        CHECK(added["event"]["learning"]["text"] == text);
        CHECK(added["event"]["learning"]["by"]["name"] == "Mette");
    }
    auto edited = command(*fac, {{"type", "trial.update"}, {"ref", "t2"}, {"id", 1}, {"base_version", 3}, {"title", "Bordtennis fredag"}});
    REQUIRE(edited["type"] == "ack");
    CHECK(edited["event"]["trial_action"]["version"] == 4);
    CHECK_FALSE(edited["event"]["trial_action"].contains("learnings"));
    run(*fac, {{"type", "timer.start"}, {"ref", "f6"}, {"seconds", 600}});
    const auto last = run(*fac, {{"type", "session.update"}, {"ref", "f7"}, {"question", "Hvad ville I prøve?"}});

    ws_client before(s.port());
    before.join_token(sess.code, sess.facilitator_token);
    const json snap_before = before.next_of_type("snapshot");

    const std::uint16_t port = s.port();
    CHECK(s.proc->stop() == 0);
    CHECK(fac->wait_closed() == 1001);
    CHECK(anna.wait_closed() == 1001);

    s.start(port);
    ws_client after(s.port());
    auto w = after.join_token(sess.code, sess.facilitator_token);
    CHECK(w["seq"] == last);
    const json snap_after = after.next_of_type("snapshot");
    CHECK(snap_after == snap_before);
    CHECK(snap_after["session"]["question"] == "Hvad ville I prøve?");
    CHECK(snap_after["columns"][0]["title"] == "Temaer");
    CHECK(snap_after["controls"]["timer"]["state"] == "running");
    CHECK(snap_after["clusters"][0]["name"] == "Generationer");
    CHECK(snap_after["trial_actions"][0]["title"] == "Bordtennis fredag");
    CHECK(snap_after["trial_actions"][0]["learnings"].size() == 2);
    CHECK(snap_after["trial_actions"][0]["learnings"][1]["text"] == "De ældre ikke endnu");

    // Anna's token still works. From before the deletion (seq 8) she gets a snapshot;
    // from after it, the events she missed, as before the restart.
    ws_client anna_old(s.port());
    CHECK(anna_old.join_token(sess.code, anna_token, 6)["resume"] == "snapshot");
    ws_client anna2(s.port());
    auto wa = anna2.join_token(sess.code, anna_token, 8);
    CHECK(wa["resume"] == "events");
    CHECK(wa["recent_refs"] == json::array({"a1", "a2", "a3"}));
    for (std::int64_t seq = 9; seq <= last; ++seq) CHECK(next_change(anna2)["seq"] == seq);
    // Ids go on where they stopped.
    CHECK(command(anna2, idea_add("a4", 1, "efter genstart"))["event"]["idea"]["id"] == 4);
}

TEST_CASE("a client that missed changes gets exactly those", "[integration]") {
    live_server s("", {"--participant-pace", "0", "--changes-per-address", "0"});  // many changes at a machine's pace
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);  // seq 1
    ws_client watcher(s.port());
    join(watcher, sess, "Watcher");
    std::string token;
    {
        ws_client leaver(s.port());
        token = join(leaver, sess, "Leaver");
        REQUIRE(command(leaver, idea_add("l1", 1, "before leaving"))["seq"] == 2);
        next_change(watcher);
    }  // disconnected at seq 2
    std::vector<json> missed;
    for (int k = 0; k < 10; ++k) {
        auto ack = command(watcher, idea_add("w" + std::to_string(k), 1 + (k % 2), "while away " + std::to_string(k)));
        json ev = ack["event"];
        ev["idea"]["mine"] = false;  // as the others see it
        missed.push_back(ev);
    }
    ws_client back(s.port());
    auto w = back.join_token(sess.code, token, 2);
    CHECK(w["resume"] == "events");
    CHECK(w["seq"] == 12);
    CHECK(w["recent_refs"] == json::array({"l1"}));
    for (const auto& ev : missed) CHECK(next_change(back) == ev);
    CHECK(no_change_within(back, 200ms));
    watcher.send(idea_add("w10", 1, "live again"));
    CHECK(next_change(back)["seq"] == 13);
}

TEST_CASE("shutdown closes clients with 1001 and exits 0, and tokens never reach the log", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    const std::string invite = renew_invite(*fac, "staff", "f1");
    ws_client a(s.port()), idle(s.port());
    const std::string token = join(a, sess, "Anna");
    command(a, idea_add("a1", 1, "x"));
    CHECK(s.proc->stop() == 0);
    CHECK(a.wait_closed() == 1001);
    CHECK(idle.wait_closed() == 1001);  // never joined, closed all the same
    const std::string log = s.proc->log();
    CHECK(log.find("listening on") != std::string::npos);
    CHECK(log.find("stopped") != std::string::npos);
    CHECK(log.find(sess.facilitator_token) == std::string::npos);
    CHECK(log.find(token) == std::string::npos);
    CHECK(log.find(invite) == std::string::npos);
}

TEST_CASE("a client that ignores the closing handshake does not hold up shutdown", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
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

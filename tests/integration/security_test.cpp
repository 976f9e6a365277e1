// Regression tests of defects found by an outside security review, over real sockets,
// reading the raw messages each client receives (see PROTOCOL.md, "Who sees what" and
// "Bad input").
#include "live_server.hpp"

#include <algorithm>
#include <map>
#include <thread>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// Every raw message until `limit` passes with nothing more arriving.
std::vector<std::string> drain(ws_client& c, std::chrono::milliseconds limit = std::chrono::milliseconds(300)) {
    std::vector<std::string> out;
    while (auto m = c.next(limit)) out.push_back(*m);
    return out;
}

bool any_contains(const std::vector<std::string>& raw, const std::string& text) {
    for (const auto& m : raw)
        if (m.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("resuming from before a hide replays nothing hidden", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    ws_client anna(s.port()), carl(s.port());
    anna.join_name(sess.code, "Anna");
    const std::string carl_token = carl.join_name(sess.code, "Carl")["token"];
    const auto x = command(anna, idea_add("a1", 1, "hidden idea X"));
    const auto y = command(anna, idea_add("a2", 1, "visible idea Y"));
    REQUIRE(x["type"] == "ack");
    const std::int64_t x_id = x["event"]["idea"]["id"], y_id = y["event"]["idea"]["id"];
    const auto c = command(anna, {{"type", "comment.add"}, {"ref", "a3"}, {"target_kind", "idea"},
                                  {"target_id", y_id}, {"text", "hidden comment C"}});
    REQUIRE(c["type"] == "ack");
    const std::int64_t c_id = c["event"]["comment"]["id"];
    REQUIRE(command(*fac, {{"type", "idea.moderate"}, {"ref", "f1"}, {"id", x_id}, {"hidden", true}})["type"] == "ack");
    REQUIRE(command(*fac, {{"type", "comment.moderate"}, {"ref", "f2"}, {"id", c_id}, {"hidden", true}})["type"] ==
            "ack");

    // Bo joins after the hide; Carl saw X and C before it. Both come back from seq 0.
    ws_client bo(s.port());
    const std::string bo_token = bo.join_name(sess.code, "Bo")["token"];
    for (const auto& [name, token] : {std::pair{"Bo", bo_token}, std::pair{"Carl", carl_token}}) {
        INFO(name);
        ws_client back(s.port());
        const auto w = back.join_token(sess.code, token, 0);
        CHECK(w["resume"] == "snapshot");
        const auto raw = drain(back);
        CHECK_FALSE(any_contains(raw, "hidden idea X"));
        CHECK_FALSE(any_contains(raw, "hidden comment C"));
        CHECK(any_contains(raw, "visible idea Y"));
    }
}

TEST_CASE("the audit log holds control actions, not who wrote what, and never votes", "[integration]") {
    live_server s;
    auto sess = make_session(s.port(), {"Ideas"}, {{"anonymity", "anonymous"}});
    auto fac = facilitator(s.port(), sess);
    const std::string invite = renew_invite(*fac, "manager", "f1");
    ws_client mona(s.port());
    mona.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"invite", invite}, {"name", "Mona-M"}});
    mona.next_of_type("welcome");
    const auto idea = command(mona, idea_add("m1", 1, "an anonymous idea"));
    REQUIRE(idea["type"] == "ack");
    const std::int64_t id = idea["event"]["idea"]["id"];
    REQUIRE(command(mona, {{"type", "comment.add"}, {"ref", "m2"}, {"target_kind", "idea"}, {"target_id", id},
                           {"text", "an anonymous comment"}})["type"] == "ack");
    REQUIRE(command(*fac, {{"type", "idea.add"}, {"ref", "f2"}, {"column", 1}, {"text", "the facilitator's idea"}})["type"] ==
            "ack");
    REQUIRE(command(*fac, {{"type", "phase.set"}, {"ref", "f3"}, {"phase", "vote"}})["type"] == "ack");
    REQUIRE(command(mona, {{"type", "vote.set"}, {"ref", "m3"}, {"idea", id}, {"dots", 2}})["type"] == "ack");
    REQUIRE(command(mona, {{"type", "decision.record"}, {"ref", "m4"}, {"target_kind", "idea"}, {"target_id", id},
                           {"kind", "approve"}, {"note", "yes"}})["type"] == "ack");

    fac->send(json{{"type", "audit.get"}, {"ref", "a1"}, {"limit", 200}});
    const auto audit = fac->next_of_type("audit");
    std::vector<std::string> actions;
    for (const auto& e : audit["entries"]) {
        actions.push_back(e["action"]);
        INFO(e.dump());
        // A manager appears only with the decision, which is named by design.
        if (e["actor"]["name"] == "Mona-M") CHECK(e["action"] == "decision.record");
    }
    CHECK(actions == std::vector<std::string>{"decision.record", "phase.set", "invite.renew", "phase.set"});
    const std::string raw = audit.dump();
    CHECK(raw.find("an anonymous comment") == std::string::npos);
    CHECK(raw.find("vote.set") == std::string::npos);
    CHECK(raw.find("vote.updated") == std::string::npos);
    CHECK(raw.find("dots_left") == std::string::npos);
    CHECK(raw.find("the facilitator's idea") == std::string::npos);
}

namespace {

// A client whose address, for the server, is `address` (the server trusts 127.0.0.1 as
// a proxy in these tests).
std::unique_ptr<ws_client> from(std::uint16_t port, const std::string& address) {
    return std::make_unique<ws_client>(port, std::map<std::string, std::string>{{"X-Forwarded-For", address}});
}

// Sends idea.adds one at a time and keeps how long each took to be acknowledged.
struct latency_probe {
    ws_client& client;
    std::vector<double> ms;
    int sent = 0;
    void once() {
        const auto start = std::chrono::steady_clock::now();
        const int n = ++sent;  // once: the order a call's arguments are evaluated in is unspecified
        const auto answer = command(client, idea_add("probe" + std::to_string(n), 1, "probe " + std::to_string(n)));
        REQUIRE(answer["type"] == "ack");
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    double worst() const { return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
};

}  // namespace

TEST_CASE("a flood of joins from one address is slowed down, the others hardly notice", "[integration]") {
    live_server s("", {"--trusted-proxy", "127.0.0.1"});
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    auto real = from(s.port(), "10.0.0.1");
    real->join_name(sess.code, "Real");
    real->next_of_type("presence");
    // The facilitator is the one who takes changes at any pace: it probes latency.
    latency_probe probe{*fac};
    probe.once();

    // 400 joins from one address, each on a connection of its own, as fast as it can.
    std::size_t joined = 0, limited = 0;
    std::int64_t retry_after = 0;
    std::thread flood([&] {
        for (int k = 0; k < 400; ++k) {
            auto c = from(s.port(), "10.6.6.6");
            c->send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Bot " + std::to_string(k)}});
            const auto answer = c->next_json();
            if (answer["type"] == "welcome") ++joined;
            if (answer.value("code", "") == "rate_limited") {
                ++limited;
                retry_after = answer["retry_after"];
            }
        }
    });
    const auto flood_started = std::chrono::steady_clock::now();
    while (probe.sent < 20) probe.once();
    flood.join();
    const double flood_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - flood_started).count();
    // 100 at once, then one a second.
    CHECK(joined >= 100);
    CHECK(joined <= 100 + static_cast<std::size_t>(flood_seconds) + 2);
    CHECK(limited == 400 - joined);
    CHECK(retry_after >= 1);
    CHECK(probe.worst() < 2000);  // generous: these machines are shared

    // What the real participant received meanwhile: presence messages with counts and
    // bounded lists, at most about one a second, not one per join and leave.
    std::size_t presence_messages = 0, bytes = 0;
    while (auto m = real->next(std::chrono::milliseconds(1500))) {
        bytes += m->size();
        if (m->find("\"type\":\"presence") != std::string::npos) ++presence_messages;
    }
    INFO("flood took " << flood_seconds << " s; presence messages " << presence_messages << ", bytes " << bytes);
    CHECK(presence_messages <= static_cast<std::size_t>(flood_seconds) + 4);
    CHECK(bytes < 200 * 1024);
    // Another address is not held back by the flood's.
    auto other = from(s.port(), "10.0.0.2");
    CHECK(other->join_name(sess.code, "Other")["type"] == "welcome");
}

TEST_CASE("the facilitator closes the door to newcomers by code, invitations still work", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    ws_client anna(s.port());
    const std::string anna_token = anna.join_name(sess.code, "Anna")["token"];
    REQUIRE(command(*fac, {{"type", "settings.update"}, {"ref", "f1"}, {"join_by_code", false}})["type"] == "ack");
    ws_client late(s.port());
    late.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Late"}});
    const auto refused = late.next_json();
    CHECK(refused["code"] == "joining_closed");
    // Anna comes back with her token; an invitation still admits.
    ws_client back(s.port());
    CHECK(back.join_token(sess.code, anna_token)["type"] == "welcome");
    const std::string invite = renew_invite(*fac, "staff", "f2");
    ws_client sam(s.port());
    sam.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"invite", invite}, {"name", "Sam"}});
    CHECK(sam.next_of_type("welcome")["you"]["role"] == "staff");
    // The door opens again.
    REQUIRE(command(*fac, {{"type", "settings.update"}, {"ref", "f3"}, {"join_by_code", true}})["type"] == "ack");
    ws_client later(s.port());
    CHECK(later.join_name(sess.code, "Later")["type"] == "welcome");
}

TEST_CASE("one participant cannot fill the board, over one connection or many", "[integration]") {
    live_server s("", {"--trusted-proxy", "127.0.0.1"});
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);
    latency_probe probe{*fac};
    probe.once();

    // One citizen, four connections, 400 ideas as fast as the connections take them.
    auto first = from(s.port(), "10.6.6.6");
    const std::string token = first->join_name(sess.code, "Flood")["token"];
    std::vector<std::unique_ptr<ws_client>> tabs;
    tabs.push_back(std::move(first));
    for (int k = 0; k < 3; ++k) {
        tabs.push_back(from(s.port(), "10.6.6.6"));
        tabs.back()->join_token(sess.code, token);
    }
    for (int k = 0; k < 400; ++k) tabs[k % 4]->send(idea_add("f" + std::to_string(k), 1, "flood " + std::to_string(k)));
    // Meanwhile the facilitator's changes keep their pace.
    while (probe.sent < 10) probe.once();
    std::size_t acked = 0, limited = 0, answered = 0;
    for (auto& t : tabs)
        while (auto m = t->next(std::chrono::milliseconds(1500))) {
            const auto j = json::parse(*m);
            const std::string ref = j.value("ref", "");
            if (!ref.starts_with("f")) continue;
            ++answered;
            if (j["type"] == "ack") ++acked;
            if (j.value("code", "") == "rate_limited") {
                ++limited;
                CHECK(j.value("retry_after", std::int64_t{0}) >= 1);
            }
        }
    // Every idea was answered on one of the tabs (acks go to all of them), at most
    // 10 at once and then one a second were taken.
    CHECK(limited + acked / 4 >= 400 - 4);
    CHECK(acked / 4 <= 10 + 10);
    CHECK(probe.worst() < 2000);

    // Many participants behind one address: the address's budget holds them together
    // (200 at once, then 10 a second), so the board does not fill up either.
    std::vector<std::unique_ptr<ws_client>> bots;
    for (int k = 0; k < 60; ++k) {
        bots.push_back(from(s.port(), "10.7.7.7"));
        bots.back()->join_name(sess.code, "Bot " + std::to_string(k));
    }
    const auto started = std::chrono::steady_clock::now();
    for (int round = 0; round < 10; ++round)
        for (std::size_t b = 0; b < bots.size(); ++b)
            bots[b]->send(idea_add("m" + std::to_string(round) + "-" + std::to_string(b), 1, "many"));
    // Each of a bot's ten ideas gets its answer, an ack or an error.
    std::size_t many_acked = 0;
    for (auto& b : bots)
        for (int answers = 0; answers < 10;) {
            const auto j = b->next_json();
            if (!j.value("ref", "").starts_with("m")) continue;
            ++answers;
            if (j["type"] == "ack") ++many_acked;
        }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    INFO("600 ideas from 60 participants behind one address in " << seconds << " s: " << many_acked << " taken");
    CHECK(many_acked <= 200 + static_cast<std::size_t>(10 * seconds) + 10);
    CHECK(many_acked >= 200);

    // The facilitator finds the flooder at the top of the list and removes them with
    // everything they wrote in one step.
    fac->send(json{{"type", "participants.get"}, {"ref", "p1"}, {"limit", 3}});
    const auto people = fac->next_of_type("participants");
    REQUIRE(people["participants"].size() == 3);
    json top;
    for (const auto& p : people["participants"])
        if (p["role"] == "citizen" && top.is_null()) top = p;
    REQUIRE_FALSE(top.is_null());
    CHECK(top["name"] == "Flood");
    CHECK(top["ideas"].get<int>() >= 10);
    const auto removal = command(*fac, {{"type", "participant.remove"}, {"ref", "rm"}, {"participant", top["id"]},
                                       {"hide_content", true}});
    REQUIRE(removal["type"] == "ack");
    CHECK(removal["event"]["ideas"].size() == top["ideas"].get<std::size_t>());  // the facilitators still see them
}

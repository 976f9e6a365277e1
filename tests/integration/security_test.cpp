// Regression tests of defects found by an outside security review, over real sockets,
// reading the raw messages each client receives (see PROTOCOL.md, "Who sees what" and
// "Bad input").
#include "live_server.hpp"

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
    const auto renewed = command(*fac, {{"type", "invite.renew"}, {"ref", "f1"}, {"role", "manager"}});
    REQUIRE(renewed["type"] == "ack");
    // The invitation's token, wherever this version of the protocol carries it.
    std::string invite;
    for (int k = 0; k < 5 && invite.empty(); ++k) {
        const auto m = k == 0 ? renewed["event"] : fac->next_json();
        if (m.contains("invites"))
            for (const auto& i : m["invites"])
                if (i["role"] == "manager" && i.value("token", "") != "") invite = i["token"];
    }
    REQUIRE_FALSE(invite.empty());
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

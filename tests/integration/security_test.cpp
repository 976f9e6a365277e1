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

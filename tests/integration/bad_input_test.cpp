// Integration tests of bad input over a real socket: each bad message gets its typed
// error, nothing is applied, the connection stays open and the others notice nothing.
#include "live_server.hpp"

using namespace samskab::testing;
using nlohmann::json;

TEST_CASE("each bad message gets its error and the others notice nothing", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto fac = facilitator(s.port(), sess);  // seq 1
    ws_client bad(s.port()), other(s.port());
    bad.join_name(sess.code, "Bad");
    bad.next_of_type("presence");
    other.join_name(sess.code, "Other");
    other.next_of_type("presence");
    bad.send(idea_add("ok1", 1, "a real idea"));
    bad.next_of_type("ack");
    next_change(other);

    struct row { std::string text; const char* code; const char* ref; };
    const row rows[] = {
        {"{not json", "bad_json", ""},
        {"[1,2,3]", "bad_json", ""},
        {std::string(40, '[') + std::string(40, ']'), "too_deep", ""},
        {R"({"type":"idea.paint","ref":"r1"})", "unknown_type", "r1"},
        {R"({"ref":"r2","column":1,"text":"x"})", "invalid_field", "r2"},
        {R"({"type":"idea.add","ref":"r3","text":"x"})", "invalid_field", "r3"},
        {R"({"type":"idea.add","ref":"r4","column":"1","text":"x"})", "invalid_field", "r4"},
        {R"({"type":"idea.add","ref":"r5","column":1,"text":"x","extra":1})", "invalid_field", "r5"},
        {R"({"type":"idea.add","ref":"r6","column":1,"text":")" + std::string(501, 'x') + R"("})", "too_long", "r6"},
        {R"({"type":"idea.add","ref":"r7","column":99,"text":"x"})", "column_not_found", "r7"},
        {R"({"type":"idea.edit","ref":"r8","id":999,"base_version":1,"text":"x"})", "idea_not_found", "r8"},
        {R"({"type":"idea.edit","ref":"r9","id":1,"base_version":7,"text":"x"})", "stale_version", "r9"},
        {R"({"type":"column.delete","ref":"r10","id":1})", "forbidden", "r10"},
        {R"({"type":"vote.set","ref":"r11","idea":1,"dots":1})", "wrong_phase", "r11"},
        {R"({"type":"decision.record","ref":"r12","target_kind":"idea","target_id":1,"kind":"approve"})", "forbidden", "r12"},
        {R"({"type":"invite.renew","ref":"r13","role":"manager"})", "forbidden", "r13"},
        {R"({"type":"audit.get","ref":"r14"})", "forbidden", "r14"},
        {R"({"type":"idea.fate","ref":"r15","id":1,"fate":"parked","reason":"x"})", "forbidden", "r15"},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","name":"Again"})", "already_joined", ""},
    };
    for (const auto& r : rows) {
        INFO(r.text.substr(0, 80));
        bad.send(r.text);
        auto e = next_change(bad);
        CHECK(e["type"] == "error");
        CHECK(e["code"] == r.code);
        if (*r.ref) CHECK(e["ref"] == r.ref);
        else CHECK_FALSE(e.contains("ref"));
        CHECK_FALSE(e["message"].get<std::string>().empty());
    }
    // The connection still works, and the other client's next message is this change:
    // none of the bad ones reached it or took a seq.
    bad.send(idea_add("ok2", 2, "still here"));
    auto ack = bad.next_of_type("ack");
    CHECK(ack["seq"] == 3);
    auto ev = next_change(other);
    CHECK(ev["seq"] == 3);
    CHECK(ev["idea"]["text"] == "still here");
}

TEST_CASE("joins with an unknown code, a bad token or no join at all are refused", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    ws_client c(s.port());
    c.send(idea_add("r1", 1, "before joining"));
    auto e = c.next_json();
    CHECK(e["code"] == "not_joined");
    CHECK(e["ref"] == "r1");

    const std::string unknown = sess.code == "222222" ? "333333" : "222222";
    c.send(json{{"type", "join"}, {"protocol", 1}, {"code", unknown}, {"name", "A"}});
    CHECK(c.next_json()["code"] == "session_not_found");
    c.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"token", "guess"}});
    CHECK(c.next_json()["code"] == "invalid_token");
    c.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "X"}, {"invite", "guess"}});
    CHECK(c.next_json()["code"] == "invalid_invite");
    c.send(json{{"type", "join"}, {"protocol", 1}, {"session", "no-such-session"}, {"name", "X"}});
    CHECK(c.next_json()["code"] == "session_not_found");
    c.send(json{{"type", "join"}, {"protocol", 2}, {"code", sess.code}, {"name", "A"}});
    CHECK(c.next_json()["code"] == "unsupported_protocol");
    c.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", std::string(41, 'n')}});
    auto long_name = c.next_json();
    CHECK(long_name["code"] == "too_long");
    CHECK(long_name["limit"] == 40);
    // After all that, the same connection can still join.
    auto w = c.join_name(sess.code, "Finally");
    CHECK(w["you"]["name"] == "Finally");
}

TEST_CASE("frames the protocol does not allow close the connection with their code", "[integration]") {
    live_server s;
    auto sess = make_session(s.port());
    auto watcher_ptr = facilitator(s.port(), sess);  // seq 1
    ws_client& watcher = *watcher_ptr;

    SECTION("a message over 64 KiB: 1009") {
        ws_client c(s.port());
        c.send(idea_add("big", 1, std::string(65 * 1024, 'x')));
        CHECK(c.wait_closed() == 1009);
    }
    SECTION("a binary frame: 1003") {
        ws_client c(s.port());
        c.send_binary("\x01\x02\x03");
        CHECK(c.wait_closed() == 1003);
    }
    SECTION("a text frame that is not UTF-8: 1007") {
        ws_client c(s.port());
        c.send(std::string("{\"type\":\"join\",\"name\":\"\xC3\x28\"}"));
        CHECK(c.wait_closed() == 1007);
    }
    // The server and the other participants carry on.
    watcher.send(idea_add("w1", 1, "unaffected"));
    CHECK(watcher.next_of_type("ack")["seq"] == 2);
    CHECK(http(s.port(), "GET", "/healthz").status == 200);
}

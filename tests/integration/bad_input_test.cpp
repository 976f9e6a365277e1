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

TEST_CASE("the workshop's rules refuse with their own codes, apply nothing, and the others carry on", "[integration]") {
    live_server s;
    auto sess = make_session(s.port(), {"Ideas"}, {{"vote_budget", 2}, {"vote_cap", 1}});
    auto fac = facilitator(s.port(), sess);  // seq 1: the phase
    ws_client anna(s.port()), bo(s.port());
    const json welcome = anna.join_name(sess.code, "Anna");
    const std::string anna_token = welcome["token"];
    bo.join_name(sess.code, "Bo");
    bo.next_of_type("presence");

    // The others receive exactly the changes that were made, one seq after the other.
    std::int64_t seq = 1;
    auto applied = [&](ws_client& who, const json& cmd) {
        const json a = command(who, cmd);
        REQUIRE(a["type"] == "ack");
        CHECK(a["seq"] == ++seq);
        for (;;) {  // bo sees it next (or it is bo's own ack)
            const json j = next_change(bo);
            const json& ev = j["type"] == "ack" ? j["event"] : j;
            if (ev.value("seq", std::int64_t{0}) == seq) break;
            REQUIRE(ev.value("seq", std::int64_t{0}) < seq);
        }
        return a;
    };
    auto refused = [&](ws_client& who, const json& cmd, const std::string& code) {
        INFO(cmd.dump());
        const json e = command(who, cmd);
        CHECK(e["type"] == "error");
        CHECK(e["code"] == code);
        return e;
    };

    std::vector<std::int64_t> ideas;
    for (int k = 0; k < 3; ++k)
        ideas.push_back(applied(anna, idea_add("i" + std::to_string(k), 1, "idé " + std::to_string(k)))["event"]["idea"]["id"]);

    // A locked board.
    applied(*fac, {{"type", "board.lock"}, {"ref", "f1"}, {"locked", true}});
    refused(anna, idea_add("locked", 1, "while locked"), "board_locked");
    applied(*fac, {{"type", "board.lock"}, {"ref", "f2"}, {"locked", false}});

    // Dot voting: over the cap, over the budget.
    applied(*fac, {{"type", "phase.set"}, {"ref", "f3"}, {"phase", "vote"}});
    CHECK(refused(anna, {{"type", "vote.set"}, {"ref", "v1"}, {"idea", ideas[0]}, {"dots", 2}}, "over_cap")["limit"] == 1);
    applied(anna, {{"type", "vote.set"}, {"ref", "v2"}, {"idea", ideas[0]}, {"dots", 1}});
    applied(anna, {{"type", "vote.set"}, {"ref", "v3"}, {"idea", ideas[1]}, {"dots", 1}});
    CHECK(refused(anna, {{"type", "vote.set"}, {"ref", "v4"}, {"idea", ideas[2]}, {"dots", 1}}, "over_budget")["limit"] == 2);
    refused(anna, {{"type", "votes.reveal"}, {"ref", "v5"}}, "forbidden");
    refused(anna, {{"type", "idea.add"}, {"ref", "v6"}, {"column", 1}, {"text", "late"}}, "wrong_phase");

    // Invitations: a revoked one admits nobody, a renewed one replaces the old.
    applied(*fac, {{"type", "invite.renew"}, {"ref", "f4"}, {"role", "staff"}});
    const std::string staff_link = link_of(fac->next_of_type("invites"), "staff");  // after the ack
    REQUIRE_FALSE(staff_link.empty());
    applied(*fac, {{"type", "invite.revoke"}, {"ref", "f5"}, {"role", "staff"}});
    {
        ws_client late(s.port());
        late.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Sif"}, {"invite", staff_link}});
        CHECK(late.next_json()["code"] == "invite_revoked");
    }

    // A removed participant: closed with 4001, and their token admits them no more.
    applied(*fac, {{"type", "participant.remove"}, {"ref", "f6"}, {"participant", welcome["you"]["id"]}});
    CHECK(anna.wait_closed() == 4001);
    {
        ws_client again(s.port());
        again.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"token", anna_token}});
        CHECK(again.next_json()["code"] == "participant_removed");
    }

    // A closed session: read-only for those in it, and nobody new joins.
    applied(*fac, {{"type", "session.close"}, {"ref", "f7"}});
    refused(bo, {{"type", "vote.set"}, {"ref", "b1"}, {"idea", ideas[0]}, {"dots", 1}}, "session_closed");
    refused(*fac, {{"type", "phase.set"}, {"ref", "f8"}, {"phase", "ideas"}}, "session_closed");
    {
        ws_client late(s.port());
        late.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Late"}});
        CHECK(late.next_json()["code"] == "session_closed");
    }
    // Nothing refused left a trace: a fresh look at the board is at the last applied
    // seq, with the three ideas and no fourth.
    ws_client look(s.port());
    look.join_token(sess.code, sess.facilitator_token);
    const json snap = look.next_of_type("snapshot");
    CHECK(snap["seq"] == seq);
    CHECK(snap["ideas"].size() == 3);
}

// Tests of message parsing: every message type, and bad input of every kind.
#include "protocol/parser.hpp"

#include "domain/permissions.hpp"
#include "protocol/limits.hpp"
#include "protocol/workspace_rules.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

using namespace samskab::protocol;
using namespace samskab::domain;

namespace {

command parse_command(const std::string& text) {
    auto p = parse_client_message(text);
    if (!p.message.ok()) FAIL(text << " -> " << to_string(p.message.err().code) << ": " << p.message.err().message);
    auto* req = std::get_if<command_request>(&p.message.value());
    REQUIRE(req != nullptr);
    CHECK(req->ref == "r1");
    return req->cmd;
}

}  // namespace

TEST_CASE("the parser reads every command of the domain, in the same order", "[protocol]") {
    const auto types = command_types();
    const auto rules = action_rules();
    REQUIRE(types.size() == rules.size());
    for (std::size_t k = 0; k < types.size(); ++k) CHECK(types[k] == rules[k].name);
}

TEST_CASE("every command type parses into its command", "[protocol]") {
    // One example of each command, and the variant it must become.
    struct row { std::string json; std::size_t index; };
    const row rows[] = {
        {R"({"type":"idea.add","ref":"r1","column":2,"text":"Hej","before":7})", 0},
        {R"({"type":"idea.edit","ref":"r1","id":7,"base_version":3,"text":"t"})", 1},
        {R"({"type":"idea.move","ref":"r1","id":7,"base_version":3,"column":1})", 2},
        {R"({"type":"idea.delete","ref":"r1","id":7,"base_version":3})", 3},
        {R"({"type":"ideas.reveal","ref":"r1"})", 4},
        {R"({"type":"idea.merge","ref":"r1","into":7,"ideas":[8,9]})", 5},
        {R"({"type":"idea.fate","ref":"r1","id":7,"fate":"parked","reason":"later"})", 6},
        {R"({"type":"idea.moderate","ref":"r1","id":7,"hidden":true})", 7},
        {R"({"type":"column.add","ref":"r1","title":"T","index":0})", 8},
        {R"({"type":"column.rename","ref":"r1","id":2,"title":"U"})", 9},
        {R"({"type":"column.move","ref":"r1","id":2,"index":0})", 10},
        {R"({"type":"column.delete","ref":"r1","id":2})", 11},
        {R"({"type":"cluster.create","ref":"r1","column":1,"name":"C","ideas":[]})", 12},
        {R"({"type":"cluster.rename","ref":"r1","id":1,"name":"D"})", 13},
        {R"({"type":"cluster.assign","ref":"r1","idea":7,"cluster":0})", 14},
        {R"({"type":"cluster.delete","ref":"r1","id":1})", 15},
        {R"({"type":"vote.set","ref":"r1","idea":7,"dots":0})", 16},
        {R"({"type":"votes.reveal","ref":"r1"})", 17},
        {R"({"type":"votes.reset","ref":"r1"})", 18},
        {R"({"type":"comment.add","ref":"r1","target_kind":"trial_action","target_id":2,"text":"?"})", 19},
        {R"({"type":"comment.delete","ref":"r1","id":4})", 20},
        {R"({"type":"comment.moderate","ref":"r1","id":4,"hidden":false})", 21},
        {R"({"type":"reaction.toggle","ref":"r1","target_kind":"idea","target_id":7,"reaction":"celebrate"})", 22},
        {R"({"type":"trial.create","ref":"r1","title":"T","ideas":[7],"owners":[5],"review_date":"2027-02-01"})", 23},
        {R"({"type":"trial.update","ref":"r1","id":2,"base_version":1,"what":""})", 24},
        {R"({"type":"trial.owner_add","ref":"r1","id":2,"participant":5})", 25},
        {R"({"type":"trial.owner_remove","ref":"r1","id":2,"participant":5})", 26},
        {R"({"type":"trial.status","ref":"r1","id":2,"status":"evaluated","outcome":"partly"})", 27},
        {R"({"type":"trial.learning","ref":"r1","id":2,"text":"L"})", 28},
        {R"({"type":"trial.check_in","ref":"r1","id":2,"what_happened":"W","evidence":{"value":8,"unit":"deltagere"},"proposal":"adapt"})", 29},
        {R"({"type":"trial.review_date","ref":"r1","id":2,"to":"2027-03-01","reason":"Ferie"})", 30},
        {R"({"type":"trial.delete","ref":"r1","id":2})", 31},
        {R"({"type":"decision.record","ref":"r1","target_kind":"idea","target_id":7,"kind":"needs_check","note":"jura"})", 32},
        {R"({"type":"phase.set","ref":"r1","phase":"vote"})", 33},
        {R"({"type":"timer.start","ref":"r1","seconds":300})", 34},
        {R"({"type":"timer.pause","ref":"r1"})", 35},
        {R"({"type":"timer.resume","ref":"r1"})", 36},
        {R"({"type":"timer.extend","ref":"r1","seconds":-60})", 37},
        {R"({"type":"timer.stop","ref":"r1"})", 38},
        {R"({"type":"settings.update","ref":"r1","anonymity":"anonymous","private_writing":true,"vote_budget":5})", 39},
        {R"({"type":"board.lock","ref":"r1","locked":false})", 40},
        {R"({"type":"review.focus","ref":"r1","id":0})", 41},
        {R"({"type":"participant.remove","ref":"r1","participant":6})", 42},
        {R"({"type":"invite.renew","ref":"r1","role":"co_facilitator"})", 43},
        {R"({"type":"invite.revoke","ref":"r1","role":"observer"})", 44},
        {R"({"type":"session.update","ref":"r1","question":"Q?"})", 45},
        {R"({"type":"session.close","ref":"r1"})", 46},
        {R"({"type":"screen.focus","ref":"r1","kind":"cluster","id":3})", 47},
    };
    for (const auto& r : rows) {
        INFO(r.json);
        CHECK(parse_command(r.json).index() == r.index);
    }
    auto add = std::get<add_idea>(parse_command(rows[0].json));
    CHECK(add.before == 7);
    CHECK(std::get<move_idea>(parse_command(rows[2].json)).before == 0);
    CHECK(std::get<merge_ideas>(parse_command(rows[5].json)).ideas == std::vector<idea_id>{8, 9});
    auto fate = std::get<set_fate>(parse_command(rows[6].json));
    CHECK(fate.to == samskab::domain::fate::parked);
    CHECK(fate.reason == "later");
    CHECK(std::get<toggle_reaction>(parse_command(rows[22].json)).what == reaction::celebrate);
    auto trial = std::get<create_trial>(parse_command(rows[23].json));
    CHECK(trial.owners == std::vector<participant_id>{5});
    CHECK(trial.review_date == "2027-02-01");
    auto upd = std::get<update_trial>(parse_command(rows[24].json));
    CHECK(upd.what == std::string(""));
    CHECK_FALSE(upd.title.has_value());
    CHECK(std::get<set_trial_status>(parse_command(rows[27].json)).result == outcome::partly);
    auto check_in = std::get<check_in_trial>(parse_command(rows[29].json));
    CHECK(check_in.report.what_happened == "W");
    CHECK(check_in.report.shown == evidence{evidence::kind::measure, 8, "deltagere", ""});
    CHECK(check_in.report.proposed == proposal::adapt);
    CHECK(check_in.learned.empty());
    auto noted = std::get<check_in_trial>(parse_command(
        R"({"type":"trial.check_in","ref":"r1","id":2,"what_happened":"W","evidence":{"note":"N"},"learned":"L","proposal":"stop"})"));
    CHECK(noted.report.shown == evidence{evidence::kind::note, 0, "", "N"});
    CHECK(noted.learned == "L");
    CHECK(std::get<check_in_trial>(parse_command(
              R"({"type":"trial.check_in","ref":"r1","id":2,"what_happened":"W","evidence":null,"proposal":"continue"})"))
              .report.shown.is == evidence::kind::none);
    auto moved = std::get<move_review_date>(parse_command(rows[30].json));
    CHECK(moved.to == "2027-03-01");
    CHECK(moved.reason == "Ferie");
    // Every status has its wire name; whether a status change may set it is the domain's
    // to say (parked and approved only by a manager's decision).
    CHECK(std::get<set_trial_status>(parse_command(R"({"type":"trial.status","ref":"r1","id":2,"status":"parked"})")).to ==
          trial_status::parked);
    auto park = std::get<record_decision>(parse_command(
        R"({"type":"decision.record","ref":"r1","target_kind":"trial_action","target_id":2,"kind":"park","note":"senere"})"));
    CHECK(park.on == target_kind::trial_action);
    CHECK(park.kind == decision_kind::park);
    CHECK(std::get<extend_timer>(parse_command(rows[37].json)).seconds == -60);
    auto s = std::get<update_settings>(parse_command(rows[39].json));
    CHECK(s.anonymity_ == anonymity::anonymous);
    CHECK(s.private_writing == true);
    CHECK_FALSE(s.late_ideas.has_value());
    CHECK(std::get<renew_invite>(parse_command(rows[43].json)).for_role == role::co_facilitator);
    CHECK(std::get<focus_screen>(parse_command(rows[47].json)).what == screen_focus{screen_kind::cluster, 3});
    CHECK(std::get<focus_screen>(parse_command(R"({"type":"screen.focus","ref":"r1","kind":"results"})")).what ==
          screen_focus{screen_kind::results, 0});
}

TEST_CASE("join: a citizen, an invited participant, a returning one", "[protocol]") {
    auto p = parse_client_message(R"({"type":"join","protocol":1,"code":"k7m-4qx","name":"Anna"})");
    REQUIRE(p.message.ok());
    auto j = std::get<join_request>(p.message.value());
    CHECK(j.code == "K7M4QX");
    CHECK(j.name == "Anna");
    CHECK_FALSE(j.invite.has_value());

    p = parse_client_message(R"({"type":"join","protocol":1,"code":"K7M4QX","name":"Mona","invite":"abc"})");
    REQUIRE(p.message.ok());
    CHECK(std::get<join_request>(p.message.value()).invite == "abc");

    p = parse_client_message(R"({"type":"join","protocol":1,"session":"q0b7cZ1fTRe2n9xY","token":"abc","since":12})");
    REQUIRE(p.message.ok());
    j = std::get<join_request>(p.message.value());
    CHECK(j.session == "q0b7cZ1fTRe2n9xY");
    CHECK(j.code.empty());
    CHECK(j.since == 12);
}

TEST_CASE("requests: ping and audit.get", "[protocol]") {
    auto p = parse_client_message(R"({"type":"ping","ref":"p1"})");
    REQUIRE(p.message.ok());
    CHECK(std::get<ping_request>(p.message.value()).ref == "p1");
    p = parse_client_message(R"({"type":"audit.get","ref":"a1","before":40,"limit":10})");
    REQUIRE(p.message.ok());
    auto a = std::get<audit_request>(p.message.value());
    CHECK(a.before == 40);
    CHECK(a.limit == 10);
    CHECK(std::get<audit_request>(parse_client_message(R"({"type":"audit.get","ref":"a2"})").message.value()).limit == 50);
}

TEST_CASE("bad messages get their own error codes", "[protocol]") {
    struct row { std::string text; errc code; const char* field; const char* ref; };
    const row rows[] = {
        {"", errc::bad_json, "", ""},
        {"{", errc::bad_json, "", ""},
        {"[1,2]", errc::bad_json, "", ""},
        {"\"text\"", errc::bad_json, "", ""},
        {R"({"type":"idea.add","ref":"r","column":1,"text":"x"} trailing)", errc::bad_json, "", ""},
        {std::string(40, '[') + std::string(40, ']'), errc::too_deep, "", ""},
        {R"({"ref":"r1"})", errc::invalid_field, "type", "r1"},
        {R"({"type":7})", errc::invalid_field, "type", ""},
        {R"({"type":"idea.paint","ref":"r2"})", errc::unknown_type, "", "r2"},
        {R"({"type":"idea.add","column":1,"text":"x"})", errc::invalid_field, "ref", ""},
        {R"({"type":"idea.add","ref":"has space","column":1,"text":"x"})", errc::invalid_field, "ref", ""},
        {R"({"type":"idea.add","ref":")" + std::string(65, 'r') + R"(","column":1,"text":"x"})", errc::too_long, "ref", ""},
        {R"({"type":"idea.add","ref":"r3","text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":"1","text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1.5,"text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":0,"text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":18446744073709551615,"text":"x"})", errc::invalid_field, "column", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1,"text":5})", errc::invalid_field, "text", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1,"text":null})", errc::invalid_field, "text", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1,"text":"x","before":-1})", errc::invalid_field, "before", "r3"},
        {R"({"type":"idea.add","ref":"r3","column":1,"text":"x","index":0})", errc::invalid_field, "index", "r3"},
        {R"({"type":"idea.edit","ref":"r4","id":1,"text":"x"})", errc::invalid_field, "base_version", "r4"},
        {R"({"type":"idea.merge","ref":"r5","into":1,"ideas":[2,"3"]})", errc::invalid_field, "ideas", "r5"},
        {R"({"type":"idea.merge","ref":"r5","into":1,"ideas":[0]})", errc::invalid_field, "ideas", "r5"},
        {R"({"type":"idea.fate","ref":"r6","id":1,"fate":"lost"})", errc::invalid_field, "fate", "r6"},
        {R"({"type":"idea.moderate","ref":"r6","id":1,"hidden":"yes"})", errc::invalid_field, "hidden", "r6"},
        {R"({"type":"vote.set","ref":"r7","idea":1,"dots":-1})", errc::invalid_field, "dots", "r7"},
        {R"({"type":"screen.focus","ref":"r9","kind":"trial"})", errc::invalid_field, "kind", "r9"},
        {R"({"type":"screen.focus","ref":"r9","kind":"idea"})", errc::invalid_field, "id", "r9"},
        {R"({"type":"screen.focus","ref":"r9","kind":"idea","id":0})", errc::invalid_field, "id", "r9"},
        {R"({"type":"screen.focus","ref":"r9","kind":"none","id":4})", errc::invalid_field, "id", "r9"},
        {R"({"type":"vote.set","ref":"r7","idea":1,"dots":21})", errc::invalid_field, "dots", "r7"},
        {R"({"type":"reaction.toggle","ref":"r8","target_kind":"idea","target_id":1,"reaction":"angry"})", errc::invalid_field, "reaction", "r8"},
        {R"({"type":"comment.add","ref":"r8","target_kind":"session","target_id":1,"text":"x"})", errc::invalid_field, "target_kind", "r8"},
        {R"({"type":"phase.set","ref":"r9","phase":"party"})", errc::invalid_field, "phase", "r9"},
        {R"({"type":"trial.status","ref":"r9","id":1,"status":"paused"})", errc::invalid_field, "status", "r9"},
        {R"({"type":"trial.check_in","ref":"c","id":1,"what_happened":"W"})", errc::invalid_field, "proposal", "c"},
        {R"({"type":"trial.check_in","ref":"c","id":1,"what_happened":"W","proposal":"pause"})", errc::invalid_field, "proposal", "c"},
        {R"({"type":"trial.check_in","ref":"c","id":1,"proposal":"stop"})", errc::invalid_field, "what_happened", "c"},
        {R"({"type":"trial.check_in","ref":"c","id":1,"what_happened":"W","proposal":"stop","evidence":8})", errc::invalid_field, "evidence", "c"},
        {R"({"type":"trial.check_in","ref":"c","id":1,"what_happened":"W","proposal":"stop","evidence":{"value":"8","unit":"u"}})", errc::invalid_field, "value", "c"},
        {R"({"type":"trial.check_in","ref":"c","id":1,"what_happened":"W","proposal":"stop","evidence":{"value":8}})", errc::invalid_field, "unit", "c"},
        {R"({"type":"trial.check_in","ref":"c","id":1,"what_happened":"W","proposal":"stop","evidence":{"note":"n","value":8}})", errc::invalid_field, "note", "c"},
        {R"({"type":"trial.check_in","ref":"c","id":1,"what_happened":"W","proposal":"stop","evidence":{"note":"n","colour":1}})", errc::invalid_field, "colour", "c"},
        {R"({"type":"trial.review_date","ref":"d","id":1,"reason":"r"})", errc::invalid_field, "to", "d"},
        {R"({"type":"trial.review_date","ref":"d","id":1,"to":"2027-01-01"})", errc::invalid_field, "reason", "d"},
        {R"({"type":"invite.renew","ref":"r9","role":"king"})", errc::invalid_field, "role", "r9"},
        {R"({"type":"timer.start","ref":"r9","seconds":0})", errc::invalid_field, "seconds", "r9"},
        {R"({"type":"column.rename","ref":"r6","id":1,"title":["x"]})", errc::invalid_field, "title", "r6"},
        {R"({"type":"ping"})", errc::invalid_field, "ref", ""},
        {R"({"type":"audit.get","ref":"a","limit":500})", errc::invalid_field, "limit", "a"},
        {R"({"type":"join","code":"K7M4QX","name":"A"})", errc::invalid_field, "protocol", ""},
        {R"({"type":"join","protocol":2,"code":"K7M4QX","name":"A"})", errc::unsupported_protocol, "protocol", ""},
        {R"({"type":"join","protocol":1,"code":"nope!!","name":"A"})", errc::invalid_field, "code", ""},
        {R"({"type":"join","protocol":1,"name":"A"})", errc::invalid_field, "code", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","session":"x","name":"A"})", errc::invalid_field, "code", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX"})", errc::invalid_field, "name", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","name":"A","token":"t"})", errc::invalid_field, "token", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","token":"t","invite":"i"})", errc::invalid_field, "invite", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","name":"A","since":3})", errc::invalid_field, "since", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","token":"t","since":-1})", errc::invalid_field, "since", ""},
        {R"({"type":"join","protocol":1,"code":"K7M4QX","token":")" + std::string(129, 't') + R"("})", errc::too_long, "token", ""},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        auto p = parse_client_message(r.text);
        REQUIRE_FALSE(p.message.ok());
        CHECK(p.message.err().code == r.code);
        CHECK(p.message.err().field == r.field);
        CHECK(p.ref == r.ref);
        CHECK_FALSE(p.message.err().message.empty());
    }
}

TEST_CASE("invalid UTF-8 inside a JSON string is bad JSON", "[protocol]") {
    auto p = parse_client_message("{\"type\":\"idea.add\",\"ref\":\"r\",\"column\":1,\"text\":\"\xC3\"}");
    REQUIRE_FALSE(p.message.ok());
    CHECK(p.message.err().code == errc::bad_json);
    p = parse_client_message(R"({"type":"idea.add","ref":"r","column":1,"text":"\ud800"})");
    REQUIRE_FALSE(p.message.ok());
    CHECK(p.message.err().code == errc::bad_json);
}

TEST_CASE("create-session bodies are checked", "[protocol]") {
    auto ok = parse_create_session(
        R"({"title":"T","question":"Q","columns":["A","B"],"facilitator_name":"F","template":"review",)"
        R"("settings":{"anonymity":"hidden_from_participants","vote_cap":1},"follow_up":{"code":"k7m-4qx","facilitator_token":"t"}})");
    REQUIRE(ok.ok());
    CHECK(ok->columns.size() == 2);
    CHECK(ok->facilitator_name == "F");
    CHECK(ok->template_ == session_template::review);
    CHECK(ok->settings.anonymity_ == anonymity::hidden_from_participants);
    CHECK(ok->settings.vote_cap == 1);
    REQUIRE(ok->follow_up.size() == 1);
    CHECK(ok->follow_up[0].code == "K7M4QX");
    CHECK(ok->follow_up[0].token == "t");
    CHECK_FALSE(ok->follow_up[0].trial_actions.has_value());
    auto plain = parse_create_session(R"({"title":"T","question":"Q"})");
    REQUIRE(plain.ok());
    CHECK(plain->columns.empty());
    CHECK(plain->template_ == session_template::idea_workshop);
    CHECK(plain->follow_up.empty());
    auto by_id = parse_create_session(R"({"title":"T","question":"Q","follow_up":{"session":"abc","facilitator_token":"t"}})");
    REQUIRE(by_id.ok());
    REQUIRE(by_id->follow_up.size() == 1);
    CHECK(by_id->follow_up[0].session == "abc");
    CHECK_FALSE(by_id->follow_up[0].code.has_value());
    CHECK(by_id->follow_up[0].token == "t");
    // In a workspace the token may be left out; the registry decides whether that will do.
    auto no_token = parse_create_session(R"({"title":"T","question":"Q","follow_up":{"code":"K7M4QX"}})");
    REQUIRE(no_token.ok());
    CHECK(no_token->follow_up.at(0).code == "K7M4QX");
    CHECK_FALSE(no_token->follow_up.at(0).token.has_value());
    CHECK_FALSE(no_token->vouched_by_workspace);
    // Several earlier sessions, in order, each with the trial actions it picks.
    auto several = parse_create_session(
        R"({"title":"T","question":"Q","follow_up":[{"session":"a"},{"code":"K7M4QX","trial_actions":[3,1]}]})");
    REQUIRE(several.ok());
    REQUIRE(several->follow_up.size() == 2);
    CHECK(several->follow_up[0].session == "a");
    CHECK_FALSE(several->follow_up[0].trial_actions.has_value());
    CHECK(several->follow_up[1].trial_actions == std::vector<std::int64_t>{3, 1});

    struct row { const char* body; errc code; const char* field; };
    const row rows[] = {
        {"nope", errc::bad_json, ""},
        {R"({"title":"T","question":"Q","follow_up":[]})", errc::too_long, "follow_up"},
        {R"({"title":"T","question":"Q","follow_up":[{"session":"a"},"b"]})", errc::invalid_field, "follow_up"},
        {R"({"title":"T","question":"Q","follow_up":"a"})", errc::invalid_field, "follow_up"},
        {R"({"title":"T","question":"Q","follow_up":{"session":"a","trial_actions":[0]}})", errc::invalid_field, "trial_actions"},
        {R"({"title":"T","question":"Q","follow_up":{"session":"a","trial_actions":"1"}})", errc::invalid_field, "trial_actions"},
        {R"({"question":"Q"})", errc::invalid_field, "title"},
        {R"({"title":"T"})", errc::invalid_field, "question"},
        {R"({"title":"T","question":"Q","columns":"A"})", errc::invalid_field, "columns"},
        {R"({"title":"T","question":"Q","columns":[]})", errc::invalid_field, "columns"},
        {R"({"title":"T","question":"Q","columns":[1]})", errc::invalid_field, "columns"},
        {R"({"title":"T","question":"Q","owner":"x"})", errc::invalid_field, "owner"},
        {R"({"title":"T","question":"Q","template":"party"})", errc::invalid_field, "template"},
        {R"({"title":"T","question":"Q","settings":{"anonymity":"secret"}})", errc::invalid_field, "anonymity"},
        {R"({"title":"T","question":"Q","settings":{"colour":"red"}})", errc::invalid_field, "colour"},
        {R"({"title":"T","question":"Q","settings":3})", errc::invalid_field, "settings"},
        // Only the server vouches for a follow-up without a token (registry.cpp): a body cannot.
        {R"({"title":"T","question":"Q","vouched_by_workspace":true})", errc::invalid_field, "vouched_by_workspace"},
        {R"({"title":"T","question":"Q","follow_up":{"code":"!!","facilitator_token":"t"}})", errc::invalid_field, "code"},
        {R"({"title":"T","question":"Q","follow_up":{"facilitator_token":"t"}})", errc::invalid_field, "code"},
    };
    for (const auto& r : rows) {
        INFO(r.body);
        auto got = parse_create_session(r.body);
        REQUIRE_FALSE(got.ok());
        CHECK(got.err().code == r.code);
        CHECK(got.err().field == r.field);
    }
}

TEST_CASE("the portfolio's query is percent-decoded, and every bad parameter is refused by name", "[protocol]") {
    using samskab::protocol::parse_portfolio_query;
    auto q = parse_portfolio_query("status=running&owner=S%C3%B8ren+Bo&theme=f%C3%A6llesskab&overdue=true&spread=false"
                                   "&sort=last_check_in&after=12&session=Qm3x&outcome=worked");
    REQUIRE(q.ok());
    CHECK(q->filter.status == trial_status::running);
    CHECK(q->filter.owner == std::string("Søren Bo"));
    CHECK(q->filter.theme == std::string("fællesskab"));
    CHECK(q->filter.overdue);
    CHECK(q->filter.spread == false);
    CHECK(q->filter.session_id == std::string("Qm3x"));
    CHECK(q->filter.result == outcome::worked);
    CHECK(q->sort == portfolio_sort::last_check_in);
    CHECK(q->after == 12u);
    auto none = parse_portfolio_query("");
    REQUIRE(none.ok());
    CHECK(none->sort == portfolio_sort::review_date);
    CHECK_FALSE(none->after.has_value());
    CHECK(parse_portfolio_query("&&overdue=false&").ok());

    struct row { std::string query; errc code; std::string field; };
    const row bad[] = {
        {"colour=red", errc::invalid_field, "colour"},
        {"status=maybe", errc::invalid_field, "status"},
        {"outcome=great", errc::invalid_field, "outcome"},
        {"sort=age", errc::invalid_field, "sort"},
        {"overdue=1", errc::invalid_field, "overdue"},
        {"spread=", errc::invalid_field, "spread"},
        {"after=-1", errc::invalid_field, "after"},
        {"after=1x", errc::invalid_field, "after"},
        {"after=99999999999999999999999", errc::invalid_field, "after"},
        {"owner=%", errc::invalid_field, "owner"},
        {"owner=%4", errc::invalid_field, "owner"},
        {"owner=%ZZ", errc::invalid_field, "owner"},
        {"owner=%FF", errc::invalid_field, "owner"},  // not UTF-8
        {"%ZZ=1", errc::invalid_field, "query"},
        {"status=running&status=stopped", errc::invalid_field, "status"},
        {"owner=" + std::string(300, 'x'), errc::too_long, "owner"},
    };
    for (const auto& r : bad) {
        INFO(r.query);
        auto got = parse_portfolio_query(r.query);
        REQUIRE_FALSE(got.ok());
        CHECK(got.err().code == r.code);
        CHECK(got.err().field == r.field);
    }
}

TEST_CASE("a decision from the portfolio names its session, trial action, kind and signer", "[protocol]") {
    using samskab::protocol::parse_portfolio_decision;
    auto d = parse_portfolio_decision(R"({"session":"Qm3x","trial_action":2,"kind":"adapt","note":"Om mandagen","name":" Mona "})");
    REQUIRE(d.ok());
    CHECK(d->session == "Qm3x");
    CHECK(d->decision.on == target_kind::trial_action);
    CHECK(d->decision.target == 2);
    CHECK(d->decision.kind == decision_kind::adapt);
    CHECK(d->decision.note == "Om mandagen");
    CHECK(d->name == "Mona");
    CHECK(parse_portfolio_decision(R"({"session":"Q","trial_action":2,"kind":"adapt"})").err().field == "name");
    CHECK(parse_portfolio_decision(R"({"session":"Q","trial_action":2,"kind":"adapt","name":""})").err().field == "name");
    CHECK(parse_portfolio_decision(R"({"session":"Q","trial_action":0,"kind":"adapt","name":"M"})").err().field == "trial_action");
    CHECK(parse_portfolio_decision(R"({"session":"Q","trial_action":2,"kind":"praise","name":"M"})").err().field == "kind");
    CHECK(parse_portfolio_decision(R"({"session":"Q","trial_action":2,"kind":"stop","name":"M","by":1})").err().field == "by");
    using samskab::protocol::parse_workspace_settings;
    CHECK(parse_workspace_settings(R"({"overload_limit":8})").value().overload_limit == 8);
    CHECK_FALSE(parse_workspace_settings(R"({"overload_limit":8})").value().retention_months);
    CHECK(parse_workspace_settings(R"({"overload_limit":-1})").err().field == "overload_limit");
    CHECK(parse_workspace_settings(R"({"overload_limit":501})").err().field == "overload_limit");
    CHECK(parse_workspace_settings(R"({})").err().field == "overload_limit");
    // Retention: months after a session closes when its names are removed; 0 is never.
    const auto both = parse_workspace_settings(R"({"overload_limit":0,"retention_months":6})").value();
    CHECK(both.overload_limit == 0);
    CHECK(both.retention_months == 6);
    CHECK(parse_workspace_settings(R"({"retention_months":0})").value().retention_months == 0);
    CHECK(parse_workspace_settings(R"({"retention_months":-1})").err().field == "retention_months");
    CHECK(parse_workspace_settings(R"({"retention_months":121})").err().field == "retention_months");
    CHECK(parse_workspace_settings(R"({"retention_months":"6"})").err().field == "retention_months");
    CHECK(parse_workspace_settings(R"({"retention":6})").err().field == "retention");
}

TEST_CASE("what each workspace link may do comes from messages.json", "[protocol]") {
    using samskab::domain::workspace_role;
    using samskab::protocol::workspace_action;
    using samskab::protocol::workspace_may;
    std::ifstream in(SAMSKAB_MESSAGES_JSON_PATH);
    REQUIRE(in);
    const auto doc = nlohmann::json::parse(in);
    const std::pair<workspace_action, const char*> actions[] = {{workspace_action::start_workshop, "start_workshop"},
                                                                 {workspace_action::decide, "decide"},
                                                                 {workspace_action::change_settings, "change_settings"},
                                                                 {workspace_action::manage_links, "manage_links"},
                                                                 {workspace_action::export_, "export"},
                                                                 {workspace_action::delete_session, "delete_session"},
                                                                 {workspace_action::archive, "archive"},
                                                                 {workspace_action::import, "import"}};
    for (const auto& [action, name] : actions)
        for (const char* role : {"admin", "facilitator", "manager", "viewer"}) {
            INFO(name << " " << role);
            const auto& listed = doc.at("workspace_actions").at(name);
            const bool want = std::find(listed.begin(), listed.end(), role) != listed.end();
            CHECK(workspace_may(*samskab::domain::workspace_role_from_string(role), action) == want);
        }
    // As PROTOCOL.md states them.
    CHECK(workspace_may(workspace_role::facilitator, workspace_action::start_workshop));
    CHECK_FALSE(workspace_may(workspace_role::manager, workspace_action::start_workshop));
    CHECK(workspace_may(workspace_role::manager, workspace_action::decide));
    CHECK_FALSE(workspace_may(workspace_role::viewer, workspace_action::decide));
    CHECK_FALSE(workspace_may(workspace_role::facilitator, workspace_action::decide));
    CHECK(workspace_may(workspace_role::admin, workspace_action::change_settings));
    CHECK_FALSE(workspace_may(workspace_role::manager, workspace_action::manage_links));
    CHECK(workspace_may(workspace_role::manager, workspace_action::export_));
    CHECK_FALSE(workspace_may(workspace_role::viewer, workspace_action::export_));
    // And which session roles may export.
    const auto& exporters = doc.at("session_exports").at("roles");
    for (const char* role : {"facilitator", "co_facilitator", "manager", "staff", "citizen", "observer"}) {
        INFO(role);
        const bool want = std::find(exporters.begin(), exporters.end(), role) != exporters.end();
        CHECK(samskab::protocol::session_may_export(*samskab::domain::role_from_string(role)) == want);
    }
    CHECK_FALSE(samskab::protocol::session_may_export(samskab::domain::role::citizen));
    // And which session roles may delete the session.
    const auto& deleters = doc.at("session_deletion").at("roles");
    for (const char* role : {"facilitator", "co_facilitator", "manager", "staff", "citizen", "observer"}) {
        INFO(role);
        const bool want = std::find(deleters.begin(), deleters.end(), role) != deleters.end();
        CHECK(samskab::protocol::session_may_delete(*samskab::domain::role_from_string(role)) == want);
    }
    CHECK(samskab::protocol::session_may_delete(samskab::domain::role::facilitator));
    CHECK_FALSE(samskab::protocol::session_may_delete(samskab::domain::role::citizen));
    CHECK(workspace_may(workspace_role::admin, workspace_action::delete_session));
    CHECK_FALSE(workspace_may(workspace_role::facilitator, workspace_action::delete_session));
    // And which may have the whole session's archive: those who see all of it.
    const auto& archivers = doc.at("session_archive").at("roles");
    for (const char* role : {"facilitator", "co_facilitator", "manager", "staff", "citizen", "observer"}) {
        INFO(role);
        const bool want = std::find(archivers.begin(), archivers.end(), role) != archivers.end();
        CHECK(samskab::protocol::session_may_archive(*samskab::domain::role_from_string(role)) == want);
    }
    CHECK_FALSE(samskab::protocol::session_may_archive(samskab::domain::role::manager));
    CHECK(workspace_may(workspace_role::admin, workspace_action::import));
    CHECK_FALSE(workspace_may(workspace_role::facilitator, workspace_action::import));
    CHECK_FALSE(workspace_may(workspace_role::manager, workspace_action::archive));
}

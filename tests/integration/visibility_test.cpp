// Integration tests of what the outside security review found, over real sockets and
// reading the raw messages each client receives: the results never show a lone voter's
// dots; a date is four digits of year, two of month and two of day.
#include "recorder.hpp"

using namespace samskab::testing;
using nlohmann::json;

namespace {

// A session in its ideas phase, its facilitator and two citizens, all joined.
struct room {
    live_server server;
    test_session sess;
    recorder fac, anna, bo;

    explicit room(const json& settings = json::object())
        : sess(make_session(server.port(), {"Idéer", "Temaer"}, settings)),
          fac(server.port()),
          anna(server.port()),
          bo(server.port()) {
        fac.client.join_token(sess.code, sess.facilitator_token);
        REQUIRE(fac.answer(cmd("phase.set", "f:phase", {{"phase", "ideas"}}))["type"] == "ack");
        anna.client.join_name(sess.code, "Anna");
        bo.client.join_name(sess.code, "Bo");
    }

    // The id of the idea an accepted idea.add made.
    static std::int64_t added(const json& ack) {
        REQUIRE(ack["type"] == "ack");
        return ack["event"]["idea"]["id"];
    }
};

}  // namespace

TEST_CASE("the results never show a lone voter's dots; the fold threshold is 2 to 20", "[integration]") {
    live_server s;
    for (const int bad : {0, 1, 21}) {
        auto created = create_session(s.port(), json{{"title", "T"}, {"question", "Q"}, {"settings", {{"fold_threshold", bad}}}}.dump());
        INFO(bad);
        CHECK(created.status == 400);
        const auto body = json::parse(created.body);
        CHECK(body["error"]["code"] == "invalid_field");
        CHECK(body["error"]["field"] == "fold_threshold");
    }
    auto sess = make_session(s.port(), {"Idéer"}, {{"fold_threshold", 2}});
    recorder fac(s.port());
    fac.client.join_token(sess.code, sess.facilitator_token);
    const auto one = fac.answer(cmd("settings.update", "f0", {{"fold_threshold", 1}}));
    CHECK(one["code"] == "invalid_field");
    CHECK(one["field"] == "fold_threshold");
    const std::int64_t idea = room::added(fac.answer(idea_add("f1", 1, "the only idea")));
    const json invites = fac.answer(cmd("invite.renew", "f2", {{"role", "manager"}}))["event"]["invites"];
    REQUIRE(fac.answer(cmd("phase.set", "f3", {{"phase", "vote"}}))["type"] == "ack");

    // The only voter is the only manager.
    recorder mona(s.port());
    mona.client.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Mona"}, {"invite", invites[0]["token"]}});
    REQUIRE(mona.next()["you"]["role"] == "manager");
    REQUIRE(mona.answer(cmd("vote.set", "m1", {{"idea", idea}, {"dots", 2}}))["type"] == "ack");
    const auto revealed = fac.answer(cmd("votes.reveal", "f4"));
    REQUIRE(revealed["type"] == "ack");
    const json results = revealed["event"]["results"];
    CHECK(results["groups"] == json::array());
    CHECK(results["voters"] == json::object());
    CHECK(results["ideas"][0] == json{{"id", idea}, {"total", 2}, {"by_group", json::object()}});
}

TEST_CASE("a date with a negative year, or anything but YYYY-MM-DD, is refused", "[integration]") {
    room r;
    REQUIRE(r.fac.answer(cmd("phase.set", "f1", {{"phase", "trial_actions"}}))["type"] == "ack");
    int n = 0;
    for (const char* date : {"-001-01-01", "+2026-01-01", "2026-2-01", " 2026-01-01", "2026-01-01x", "2027-02-29"}) {
        INFO(date);
        const auto e = r.fac.answer(cmd("trial.create", "c" + std::to_string(++n), {{"title", "T"}, {"start_date", date}}));
        CHECK(e["code"] == "invalid_field");
        CHECK(e["field"] == "start_date");
    }
    const auto created = r.fac.answer(cmd("trial.create", "f2", {{"title", "T"}, {"start_date", "2028-02-29"}}));
    REQUIRE(created["type"] == "ack");
    const auto e = r.fac.answer(cmd("trial.update", "f3", {{"id", created["event"]["trial_action"]["id"]}, {"base_version", 1}, {"review_date", "-001-01-01"}}));
    CHECK(e["code"] == "invalid_field");
    CHECK(e["field"] == "review_date");
}

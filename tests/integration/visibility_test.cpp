// Integration tests of what the outside security review found, over real sockets and
// reading the raw messages each client receives: an idea or comment the sender may not
// see is answered exactly as one that does not exist, and nothing of it reaches anyone
// through a merge, a `reranked` list or the results; the results never show a lone
// voter's dots; a date is four digits of year, two of month and two of day.
#include "recorder.hpp"

#include <set>

using namespace samskab::testing;
using nlohmann::json;

namespace {

constexpr std::int64_t missing = 999;

// An error as a client reads it, without the ref that tells two apart.
json without_ref(json error) {
    error.erase("ref");
    return error;
}

// A session in its ideas phase, its facilitator and two citizens, all joined. The
// server takes changes at a machine's pace (what is tested here is who sees what).
struct room {
    live_server server{"", {"--participant-pace", "0", "--changes-per-address", "0"}};
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

TEST_CASE("a merge into or from a hidden idea is refused and tells the others nothing", "[integration]") {
    room r;
    const std::int64_t a = room::added(r.anna.answer(idea_add("a1", 1, "Anna's idea")));
    const std::int64_t b = room::added(r.bo.answer(idea_add("b1", 1, "Bo's idea")));
    REQUIRE(r.fac.answer(cmd("idea.moderate", "f1", {{"id", a}, {"hidden", true}}))["type"] == "ack");
    // Written while hidden: only Anna and the facilitators have seen this text.
    const auto edited = r.anna.answer(cmd("idea.edit", "a2", {{"id", a}, {"base_version", 1}, {"text", "EDITED-WHILE-HIDDEN"}}));
    REQUIRE(edited["type"] == "ack");

    const auto into = r.fac.answer(cmd("idea.merge", "f2", {{"into", a}, {"ideas", {b}}}));
    CHECK(into["code"] == "invalid_state");
    CHECK(into["message"].get<std::string>().find("hidden") != std::string::npos);
    const auto from = r.fac.answer(cmd("idea.merge", "f3", {{"into", b}, {"ideas", {a}}}));
    CHECK(from["code"] == "invalid_state");

    // Nothing was applied: the next change anyone receives is the next one made.
    const auto next = r.fac.answer(cmd("column.add", "f4", {{"title", "Next"}}));
    REQUIRE(next["type"] == "ack");
    CHECK(next["seq"] == edited["seq"].get<std::int64_t>() + 1);
    r.bo.until_seq(next["seq"]);
    CHECK_FALSE(r.bo.received("EDITED-WHILE-HIDDEN"));
    CHECK_FALSE(r.bo.received("ideas.merged"));
}

TEST_CASE("an id the sender may not see gets the answer of one that does not exist", "[integration]") {
    room r(json{{"private_writing", true}});
    // Written before private writing starts: public.
    REQUIRE(r.fac.answer(cmd("phase.set", "f:welcome", {{"phase", "welcome"}}))["type"] == "ack");
    const std::int64_t pub = room::added(r.fac.answer(idea_add("f1", 1, "public")));
    REQUIRE(r.fac.answer(cmd("phase.set", "f:ideas", {{"phase", "ideas"}}))["type"] == "ack");
    const std::int64_t priv = room::added(r.anna.answer(idea_add("a1", 1, "ANNA-PRIVATE")));
    const auto note = r.anna.answer(cmd("comment.add", "a2", {{"target_kind", "idea"}, {"target_id", priv}, {"text", "ANNA-NOTE"}}));
    REQUIRE(note["type"] == "ack");
    const std::int64_t comment = note["event"]["comment"]["id"];

    // Each command, with the place of the id; the facilitator (who may not see Anna's
    // private idea either) or Bo sends it.
    struct row { const char* sender; std::function<json(std::int64_t)> make; const char* code; };
    const row rows[] = {
        {"bo", [&](std::int64_t id) { return json{{"type", "idea.add"}, {"column", 1}, {"text", "x"}, {"before", id}}; }, "invalid_field"},
        {"fac", [&](std::int64_t id) { return json{{"type", "idea.move"}, {"id", pub}, {"base_version", 1}, {"column", 1}, {"before", id}}; }, "invalid_field"},
        {"fac", [&](std::int64_t id) { return json{{"type", "idea.edit"}, {"id", id}, {"base_version", 1}, {"text", "x"}}; }, "idea_not_found"},
        {"fac", [&](std::int64_t id) { return json{{"type", "idea.merge"}, {"into", id}, {"ideas", {pub}}}; }, "idea_not_found"},
        {"fac", [&](std::int64_t id) { return json{{"type", "idea.merge"}, {"into", pub}, {"ideas", {id}}}; }, "idea_not_found"},
        {"fac", [&](std::int64_t id) { return json{{"type", "idea.moderate"}, {"id", id}, {"hidden", true}}; }, "idea_not_found"},
        {"fac", [&](std::int64_t id) { return json{{"type", "cluster.create"}, {"column", 1}, {"name", "c"}, {"ideas", {id}}}; }, "idea_not_found"},
        {"fac", [&](std::int64_t id) { return json{{"type", "cluster.assign"}, {"idea", id}, {"cluster", 0}}; }, "idea_not_found"},
        {"bo", [&](std::int64_t id) { return json{{"type", "comment.add"}, {"target_kind", "idea"}, {"target_id", id}, {"text", "x"}}; }, "idea_not_found"},
        {"bo", [&](std::int64_t id) { return json{{"type", "reaction.toggle"}, {"target_kind", "idea"}, {"target_id", id}, {"reaction", "like"}}; }, "idea_not_found"},
    };
    int n = 0;
    for (const auto& row : rows) {
        recorder& who = std::string(row.sender) == "fac" ? r.fac : r.bo;
        json with_private = row.make(priv), with_missing = row.make(missing);
        INFO(with_private.dump());
        with_private["ref"] = "p" + std::to_string(++n);
        with_missing["ref"] = "m" + std::to_string(n);
        const json seen = who.answer(with_private), none = who.answer(with_missing);
        CHECK(none["code"] == row.code);
        CHECK(without_ref(seen) == without_ref(none));
    }
    // A comment on Anna's private idea, to the facilitator who may delete or hide any
    // comment they can see.
    for (const char* type : {"comment.delete", "comment.moderate"}) {
        json on_private{{"type", type}, {"ref", std::string(type) + ":p"}, {"id", comment}};
        json on_missing{{"type", type}, {"ref", std::string(type) + ":m"}, {"id", missing}};
        if (std::string(type) == "comment.moderate") on_private["hidden"] = on_missing["hidden"] = true;
        INFO(type);
        const json seen = r.fac.answer(on_private), none = r.fac.answer(on_missing);
        CHECK(none["code"] == "comment_not_found");
        CHECK(without_ref(seen) == without_ref(none));
    }
    // None of it reached anyone: the next change is the next seq, and neither Bo nor
    // the facilitator ever received Anna's text or comment.
    const auto next = r.fac.answer(cmd("column.add", "f2", {{"title", "Next"}}));
    CHECK(next["seq"] == note["seq"].get<std::int64_t>() + 1);
    r.bo.until_seq(next["seq"]);
    for (const recorder* x : {&r.fac, &r.bo}) {
        CHECK_FALSE(x->received("ANNA-PRIVATE"));
        CHECK_FALSE(x->received("ANNA-NOTE"));
    }
}

TEST_CASE("a reranked list never names another's private idea", "[integration]") {
    room r(json{{"private_writing", true}, {"idea_quota", 1000}});
    REQUIRE(r.fac.answer(cmd("phase.set", "f:welcome", {{"phase", "welcome"}}))["type"] == "ack");
    room::added(r.fac.answer(idea_add("f1", 1, "anchor")));
    REQUIRE(r.fac.answer(cmd("phase.set", "f:ideas", {{"phase", "ideas"}}))["type"] == "ack");
    // Anna writes each private idea before her last one, between it and the anchor,
    // until the ranks there run out and the column is given new ones.
    std::set<std::int64_t> anna_ideas;
    std::int64_t last = room::added(r.anna.answer(idea_add("a0", 1, "first")));
    anna_ideas.insert(last);
    bool reranked = false;
    json final_ack;
    for (int k = 1; k <= 40; ++k) {
        json add = idea_add("a" + std::to_string(k), 1, "p" + std::to_string(k));
        add["before"] = last;
        final_ack = r.anna.answer(add);
        last = room::added(final_ack);
        anna_ideas.insert(last);
        reranked = reranked || final_ack["event"].contains("reranked");
    }
    CHECK(reranked);
    const std::int64_t seq = final_ack["seq"];
    bool some = false;
    for (recorder* x : {&r.fac, &r.bo}) {
        x->until_seq(seq);
        x->each_object([&](const json& o) {
            if (!o.contains("reranked")) return;
            some = true;
            for (const auto& pair : o["reranked"]) {
                INFO(o.dump());
                CHECK(anna_ideas.count(pair[0].get<std::int64_t>()) == 0);
            }
        });
    }
    CHECK(some);  // the others were told the anchor's new rank
}

TEST_CASE("the results never show a lone voter's dots, the fold threshold is 2 to 20", "[integration]") {
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
    const std::string invite = renew_invite(fac.client, "manager", "f2");
    REQUIRE(fac.answer(cmd("phase.set", "f3", {{"phase", "vote"}}))["type"] == "ack");

    // The only voter is the only manager.
    recorder mona(s.port());
    mona.client.send(json{{"type", "join"}, {"protocol", 1}, {"code", sess.code}, {"name", "Mona"}, {"invite", invite}});
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

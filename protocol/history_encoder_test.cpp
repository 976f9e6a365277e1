// Tests of the history's body: each rule of what the reader may no longer see
// (history.hpp) on events as the encoder writes them.
#include "protocol/history.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <memory>

using namespace samskab::protocol;
using nlohmann::json;

namespace {

// The reader's snapshot now: idea 1 (edited since, its author no longer shown), comment
// 3 on it, trial action 2, decision 1. Idea 9, comment 8, trial action 7 and decision 6
// are gone.
const char* current = R"({"type":"snapshot","seq":20,
  "ideas":[{"id":1,"text":"now","author":null}],
  "comments":[{"id":3,"text":"c","author":null}],
  "trial_actions":[{"id":2}], "decisions":[{"id":1}], "reactions":[], "votes":{"results":null}})";

json history_of(std::vector<std::string> events,
                std::optional<std::string> origin = std::string(R"({"type":"snapshot","seq":0})")) {
    history_answer a;
    a.reader = {outcome_reader::kind::participant, "citizen", 4};
    a.seq = 20;
    a.current = current;
    a.origin = std::move(origin);
    for (auto& e : events) a.changes.push_back(std::make_shared<const std::string>(std::move(e)));
    return json::parse(encode_history(a));
}

json one(const std::string& event) { return history_of({event})["changes"][0]; }


}  // namespace

TEST_CASE("the history's body: members, origin, completeness", "[protocol]") {
    const json h = history_of({R"({"type":"column.renamed","id":1,"title":"T","seq":1,"at":"x"})"},
                              std::string(R"({"type":"snapshot","seq":0,"ideas":[],"trial_actions":[{"id":2},{"id":7}]})"));
    CHECK(h["format"] == 1);
    CHECK(h["reader"] == json{{"kind", "participant"}, {"role", "citizen"}, {"participant", 4}});
    CHECK(h["seq"] == 20);
    CHECK(h["origin"]["trial_actions"] == json::array({json{{"id", 2}}}));  // 7 was deleted since
    CHECK(h["changes"][0]["title"] == "T");
    CHECK(h["complete"] == true);
    // Without an origin (a session made before they were kept): no changes either.
    const json none = history_of({R"({"type":"column.renamed","id":1,"title":"T","seq":1,"at":"x"})"}, std::nullopt);
    CHECK(none["origin"].is_null());
    CHECK(none["changes"].empty());
}

TEST_CASE("the history shows nothing the reader's snapshot no longer holds", "[protocol]") {
    const json unseen = {{"type", "unseen"}, {"seq", 5}, {"at", "x"}};
    // Ideas: gone ones are unseen; the ones still seen with their text and author now.
    CHECK(one(R"({"type":"idea.added","idea":{"id":9,"text":"gone"},"seq":5,"at":"x"})") == unseen);
    auto added = one(R"({"type":"idea.added","idea":{"id":1,"text":"then","author":{"id":4,"name":"Anna","role":"citizen"}},"seq":5,"at":"x"})");
    CHECK(added["idea"]["text"] == "now");
    CHECK(added["idea"]["author"].is_null());
    CHECK(one(R"({"type":"idea.added","idea":{"id":9},"private_count":2,"reranked":[[9,1],[1,2]],"seq":5,"at":"x"})") ==
          json{{"type", "unseen"}, {"seq", 5}, {"at", "x"}, {"private_count", 2}, {"reranked", json::array({json::array({1, 2})})}});
    CHECK(one(R"({"type":"idea.edited","id":1,"text":"then","seq":5,"at":"x"})")["text"] == "now");
    CHECK(one(R"({"type":"idea.edited","id":9,"text":"then","seq":5,"at":"x"})") == unseen);
    CHECK(one(R"({"type":"idea.moved","id":9,"seq":5,"at":"x"})") == unseen);
    CHECK(one(R"({"type":"idea.updated","idea":{"id":9},"seq":5,"at":"x"})") == unseen);
    CHECK(one(R"({"type":"idea.updated","idea":{"id":1},"comments":[{"id":3},{"id":8}],"seq":5,"at":"x"})")["comments"] ==
          json::array({json{{"id", 3}, {"text", "c"}, {"author", nullptr}}}));
    CHECK(one(R"({"type":"ideas.revealed","ideas":[{"id":1},{"id":9}],"seq":5,"at":"x"})")["ideas"].size() == 1);
    CHECK(one(R"({"type":"ideas.merged","into":{"id":9},"absorbed":[{"id":1}],"seq":5,"at":"x"})") == unseen);
    CHECK(one(R"({"type":"ideas.merged","into":{"id":1},"absorbed":[{"id":9}],"seq":5,"at":"x"})")["absorbed"].empty());
    CHECK(one(R"({"type":"votes.revealed","results":{"ideas":[{"id":9,"total":3},{"id":1,"total":1}]},"seq":5,"at":"x"})")
              ["results"]["ideas"] == json::array({json{{"id", 1}, {"total", 1}}}));
    CHECK(one(R"({"type":"cluster.created","cluster":{"id":1},"ideas":[1,9],"seq":5,"at":"x"})")["ideas"] == json::array({1}));
    // A deletion or a withdrawal names only an id: it stays.
    CHECK(one(R"({"type":"idea.deleted","id":9,"seq":5,"at":"x"})")["type"] == "idea.deleted");
    CHECK(one(R"({"type":"idea.withdrawn","id":9,"seq":5,"at":"x"})")["type"] == "idea.withdrawn");
    // Comments, reactions, trial actions, decisions.
    CHECK(one(R"({"type":"comment.added","comment":{"id":8},"seq":5,"at":"x"})") == unseen);
    CHECK(one(R"({"type":"comment.updated","comment":{"id":3,"author":{"id":4}},"seq":5,"at":"x"})")["comment"]["author"].is_null());
    CHECK(one(R"({"type":"reactions.updated","target_kind":"idea","target_id":9,"seq":5,"at":"x"})") == unseen);
    CHECK(one(R"({"type":"reactions.updated","target_kind":"trial_action","target_id":2,"seq":5,"at":"x"})")["type"] ==
          "reactions.updated");
    CHECK(one(R"({"type":"trial_action.saved","trial_action":{"id":7},"seq":5,"at":"x"})") == unseen);
    CHECK(one(R"({"type":"trial_action.learning_added","trial_action":7,"seq":5,"at":"x"})") == unseen);
    CHECK(one(R"({"type":"trial_action.deleted","id":7,"ideas":[{"id":9}],"seq":5,"at":"x"})")["ideas"].empty());
    CHECK(one(R"({"type":"decision.recorded","decision":{"id":6},"seq":5,"at":"x"})") == unseen);
    auto decided = one(R"({"type":"decision.recorded","decision":{"id":1},"idea":{"id":9},"seq":5,"at":"x"})");
    CHECK(decided["type"] == "decision.recorded");
    CHECK_FALSE(decided.contains("idea"));
    auto removed = one(R"({"type":"participant.removed","id":4,"ideas":[{"id":9}],"withdrawn_ideas":[9],"comments":[{"id":8}],"withdrawn_comments":[8],"seq":5,"at":"x"})");
    CHECK(removed["ideas"].empty());
    CHECK(removed["comments"].empty());
    CHECK(removed["withdrawn_ideas"] == json::array({9}));
}

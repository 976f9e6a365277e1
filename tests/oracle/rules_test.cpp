// The leak oracle's predicate on handmade messages: each rule of "Who sees what" both
// refuses what it must and lets through what it may, so that the oracle can neither
// pass because a rule stopped matching nor fail where PROTOCOL.md allows.
#include "oracle/model.hpp"
#include "oracle/rules.hpp"

#include <catch2/catch.hpp>

using namespace samskab::oracle;
using nlohmann::json;

namespace {

// A session in a known state: the facilitator (1), a co-facilitator (2), a manager (3),
// two citizens (4, 5); ideas private (1, by 4), hidden (2, by 3), edited (3, by 4),
// deleted (4, by 5); comments on the hidden idea (1, by 5) and hidden on idea 3 (2, by 3).
struct world {
    state s;
    registry reg;

    std::string text(char kind, int n) const { return marker(kind, 7, static_cast<std::uint64_t>(n), 0); }
    std::string token(int n) const { return std::string(40, 'x') + "tok" + std::to_string(n); }

    world() {
        reg.seed = 7;
        const role roles[] = {role::facilitator, role::co_facilitator, role::manager, role::citizen, role::citizen};
        for (int id = 1; id <= 5; ++id) {
            reg.people[id] = person{id, roles[id - 1], "Name " + text('n', id), token(id)};
            reg.markers[text('n', id)] = marker_owner{marker_owner::name, id};
        }
        reg.invites[token(99)] = role::manager;
        s.seq = 10;
        s.anon = anonymity::hidden_from_participants;
        s.fold_threshold = 3;
        auto idea = [&](item_id id, person_id author, int n) {
            s.ideas[id].author = author;
            s.ideas[id].text = "idea " + text('i', n);
            reg.markers[text('i', n)] = marker_owner{marker_owner::idea_text, id};
        };
        idea(1, 4, 11);
        s.ideas[1].is_private = true;
        idea(2, 3, 12);
        s.ideas[2].moderated = true;
        idea(3, 4, 13);
        s.ideas[3].old_texts.push_back(s.ideas[3].text);
        s.ideas[3].text = "idea " + text('i', 14);
        reg.markers[text('i', 14)] = marker_owner{marker_owner::idea_text, 3};
        idea(4, 5, 15);
        s.ideas[4].deleted = true;
        auto comment = [&](item_id id, person_id author, item_id target, int n) {
            s.comments[id] = comment_truth{author, true, target, "comment " + text('c', n), false, false};
            reg.markers[text('c', n)] = marker_owner{marker_owner::comment_text, id};
        };
        comment(1, 5, 2, 21);
        comment(2, 3, 3, 22);
        s.comments[2].moderated = true;
        s.voted[4] = {3};
        reg.voter_of[9] = 4;
        reg.authorship_of[8] = 3;
        reg.fold_at.assign(11, 3);
        reg.anon_at.assign(11, s.anon);
    }

    std::string verdict(person_id to, const std::string& raw) const {
        auto v = judge(s, reg, recipient{to, reg.people.at(to).r}, raw, 0);
        return v ? v->rule : "";
    }
};

std::string event(const std::string& type, json fields) {
    fields["type"] = type;
    fields["seq"] = 10;
    return fields.dump();
}

}  // namespace

TEST_CASE("texts reach whom PROTOCOL.md says, found by their markers in any format", "[oracle]") {
    world w;
    struct row {
        const char* what;
        person_id to;
        std::string raw;
        const char* rule;  // "" when allowed
    };
    const std::string private_text = w.s.ideas[1].text, hidden_text = w.s.ideas[2].text;
    const std::string old_text = w.s.ideas[3].old_texts[0], deleted_text = w.s.ideas[4].text;
    const std::vector<row> rows = {
        {"a private idea to its author", 4, "anything " + private_text, ""},
        {"a private idea to the facilitator", 1, "anything " + private_text, "private-text"},
        {"a private idea to another citizen", 5, "<" + private_text + ">", "private-text"},
        {"a hidden idea to the co-facilitator", 2, hidden_text, ""},
        {"a hidden idea to its author", 3, hidden_text, ""},
        {"a hidden idea to a citizen", 5, hidden_text, "hidden-text"},
        {"an idea's current text to a citizen", 5, w.s.ideas[3].text, ""},
        {"an idea's text before its edit, to anyone", 1, old_text, "old-text"},
        {"a deleted idea's text, even to its author", 5, deleted_text, "deleted-text"},
        {"a comment on a hidden idea, to the comment's author", 5, w.s.comments[1].text, "comment-scope"},
        {"a comment on a hidden idea, to the facilitator", 1, w.s.comments[1].text, ""},
        {"a hidden comment to its author", 3, w.s.comments[2].text, ""},
        {"a hidden comment to a citizen", 4, w.s.comments[2].text, "hidden-comment"},
        {"one's own token", 4, w.token(4), ""},
        {"someone else's token", 4, w.token(5), "token"},
        {"an invitation to the co-facilitator", 2, w.token(99), ""},
        {"an invitation to a manager", 3, w.token(99), "invite-token"},
        {"a name to the facilitator", 1, "Name " + w.text('n', 4), ""},
        {"a name to a citizen, hidden from participants", 5, "Name " + w.text('n', 4), "name"},
        {"one's own name", 5, "Name " + w.text('n', 5), ""},
        {"a marker of another session", 5, marker('i', 8, 11, 0), ""},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        CHECK(w.verdict(r.to, r.raw) == r.rule);
    }
    SECTION("owners, learnings and decisions are named openly") {
        w.s.named_openly.insert(4);
        CHECK(w.verdict(5, "Name " + w.text('n', 4)) == "");
    }
}

TEST_CASE("the audit log is history: old texts pass, privacy, anonymity and votes do not", "[oracle]") {
    world w;
    auto audit = [](json entries) { return json{{"type", "audit"}, {"ref", "a"}, {"entries", entries}, {"more", false}}.dump(); };
    const json old_entry = {{"seq", 5}, {"actor", {{"id", 1}}}, {"action", "idea.add"},
                            {"event", {{"type", "idea.added"}, {"idea", {{"text", w.s.ideas[3].old_texts[0]}, {"author", nullptr}}}}}};
    CHECK(w.verdict(1, audit(json::array({old_entry}))) == "");
    CHECK(w.verdict(1, audit(json::array({{{"seq", 6}, {"event", {{"text", w.s.ideas[4].text}}}}}))) == "");
    CHECK(w.verdict(1, audit(json::array({{{"seq", 6}, {"event", {{"text", w.s.ideas[1].text}}}}}))) == "private-text");
    CHECK(w.verdict(1, audit(json::array({{{"seq", 9}, {"actor", {{"id", 4}}}, {"action", "vote.set"}}}))) == "audit-votes");
    const json authored = {{"seq", 8}, {"actor", {{"id", 3}, {"name", "Name " + w.text('n', 3)}}}, {"action", "idea.edit"}};
    CHECK(w.verdict(2, audit(json::array({authored}))) == "");  // hidden from participants: not from facilitators
    w.s.anon = anonymity::anonymous;
    w.reg.anon_at.assign(11, anonymity::anonymous);
    CHECK(w.verdict(2, audit(json::array({authored}))) == "audit-author");
    // An entry from before the anonymity changed is judged by the anonymity it had then.
    w.reg.anon_at[8] = anonymity::named;
    CHECK(w.verdict(2, audit(json::array({authored}))) == "");
}

TEST_CASE("authors, ids, reactions, the big screen's focus, dots and results follow the rules", "[oracle]") {
    world w;
    const json visible = {{"id", 3}, {"text", w.s.ideas[3].text}, {"author", {{"id", 4}}}, {"mine", false}};
    CHECK(w.verdict(1, event("idea.updated", {{"idea", visible}})) == "");  // facilitators see authors
    CHECK(w.verdict(5, event("idea.updated", {{"idea", visible}})) == "author");
    CHECK(w.verdict(4, event("idea.updated", {{"idea", visible}})) == "");  // the author
    json mine = visible;
    mine["author"] = nullptr;
    mine["mine"] = true;
    CHECK(w.verdict(5, event("idea.updated", {{"idea", mine}})) == "author");

    CHECK(w.verdict(1, event("unseen", {{"reranked", {{3, 0}, {1, 4}}}})) == "private-id");
    CHECK(w.verdict(4, event("unseen", {{"reranked", {{3, 0}, {1, 4}}}})) == "");
    CHECK(w.verdict(2, event("idea.withdrawn", {{"id", 1}})) == "private-id");
    CHECK(w.verdict(2, event("idea.withdrawn", {{"id", 2}})) == "");  // hidden ideas' ids are known
    CHECK(w.verdict(5, event("votes.revealed", {{"results", {{"groups", {"others"}}, {"voters", {{"others", 4}}},
                                                            {"ideas", {{{"id", 1}, {"total", 2}}}}}}})) == "private-id");

    CHECK(w.verdict(5, event("reactions.updated", {{"target_kind", "idea"}, {"target_id", 2}, {"counts", {{"like", 1}}}})) ==
          "reaction-scope");
    CHECK(w.verdict(1, event("reactions.updated", {{"target_kind", "idea"}, {"target_id", 2}, {"counts", {{"like", 1}}}})) == "");

    auto focus = [](int id) { return event("controls.updated", {{"controls", {{"screen", {{"kind", "idea"}, {"id", id}}}}}}); };
    CHECK(w.verdict(5, focus(3)) == "");
    CHECK(w.verdict(1, focus(2)) == "screen-focus");  // hidden: the facilitator sees it, the room does not
    CHECK(w.verdict(4, focus(1)) == "screen-focus");  // private, even to its author
    CHECK(w.verdict(5, focus(4)) == "screen-focus");  // deleted

    json vote{{"type", "vote.updated"}, {"mine", {{"3", 1}}}, {"seq", 9}};
    CHECK(w.verdict(4, vote.dump()) == "");
    CHECK(w.verdict(5, vote.dump()) == "votes");
    CHECK(w.verdict(5, json{{"type", "snapshot"}, {"seq", 10}, {"votes", {{"mine", {{"3", 1}}}}}}.dump()) == "votes");

    auto results = [](json voters) {
        json groups = json::array();
        for (const auto& [g, n] : voters.items()) groups.push_back(g);
        return event("votes.revealed", {{"results", {{"groups", groups}, {"voters", voters}, {"ideas", json::array()}}}});
    };
    CHECK(w.verdict(5, results({{"citizen", 3}, {"others", 4}})) == "");
    CHECK(w.verdict(5, results({{"citizen", 3}, {"others", 2}})) == "results-group");
    CHECK(w.verdict(5, results({{"others", 1}})) == "");  // all folded: only the totals
    w.reg.fold_at.assign(11, 1);
    CHECK(w.verdict(5, results({{"citizen", 1}})) == "results-group");  // never a group of one
}

TEST_CASE("an id the sender may not see gets the error of an id that does not exist", "[oracle]") {
    const json missing{{"type", "error"}, {"ref", "t"}, {"code", "idea_not_found"}, {"message", "no idea has this id"}};
    json same = missing;
    same["ref"] = "o";
    CHECK_FALSE(judge_twin(same, missing));
    json other{{"type", "error"}, {"ref", "o"}, {"code", "invalid_state"}, {"message", "only open ideas"}};
    CHECK(judge_twin(other, missing)->rule == "error-identity");
    CHECK(judge_twin(json{{"type", "ack"}, {"ref", "o"}, {"seq", 3}}, missing)->rule == "error-identity");
    json limited{{"type", "error"}, {"ref", "o"}, {"code", "rate_limited"}, {"message", "slow down"}};
    CHECK_FALSE(judge_twin(limited, missing));
}

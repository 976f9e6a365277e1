// Tests of dot voting: budgets, caps, moving and withdrawing dots, the reveal, and the
// results by role with small groups folded so that nobody's vote can be inferred.
#include "domain/ballot.hpp"

#include "domain/test_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace samskab::domain;
using namespace samskab::domain::testing;

namespace {

// A session in its vote phase with three ideas on the board.
struct voting : session_fixture {
    idea_id a = 0, b = 0, c = 0;
    explicit voting(settings s = {}) : session_fixture(s) {
        phase(phase::ideas);
        a = add(fac, "a");
        b = add(fac, "b");
        c = add(fac, "c");
        phase(phase::vote);
    }
};

}  // namespace

TEST_CASE("dots within budget and cap, moved and withdrawn until the reveal", "[domain]") {
    voting f;  // budget 3, cap 2
    f.run(f.citizen, set_vote{f.a, 2});
    CHECK(f.refuse(f.citizen, set_vote{f.a, 3}) == errc::over_cap);
    f.run(f.citizen, set_vote{f.b, 1});
    CHECK(f.refuse(f.citizen, set_vote{f.c, 1}) == errc::over_budget);
    CHECK(f.refuse(f.citizen, set_vote{f.b, 1}) == errc::invalid_state);  // no change
    // Moving a dot: take it from a, give it to c.
    f.run(f.citizen, set_vote{f.a, 1});
    f.run(f.citizen, set_vote{f.c, 1});
    CHECK(f.w.votes().mine(f.citizen.id) == std::map<idea_id, std::int64_t>{{f.a, 1}, {f.b, 1}, {f.c, 1}});
    f.run(f.citizen, set_vote{f.b, 0});
    CHECK(f.w.votes().used_by(f.citizen.id) == 2);
    CHECK(f.w.votes().dots_cast() == 2);
    CHECK(f.refuse(f.fac, set_vote{f.a, 1}) == errc::forbidden);      // facilitators do not vote
    CHECK(f.refuse(f.observer, set_vote{f.a, 1}) == errc::forbidden);
    CHECK(f.refuse(f.citizen, set_vote{99, 1}) == errc::idea_not_found);

    f.run(f.fac, reveal_votes{});
    CHECK(f.refuse(f.citizen, set_vote{f.a, 0}) == errc::voting_closed);
    CHECK(f.refuse(f.fac, reveal_votes{}) == errc::invalid_state);
    f.run(f.fac, reset_votes{});
    CHECK(f.w.votes().empty());
    CHECK_FALSE(f.w.controls().votes_revealed);
    f.run(f.citizen, set_vote{f.a, 1});
}

TEST_CASE("results fold role groups smaller than the threshold", "[domain]") {
    // Voters by role (citizens, staff, managers) -> the groups shown; threshold 3.
    struct row { int citizens, staff, managers; std::vector<std::string> groups; };
    const row rows[] = {
        {3, 3, 3, {"citizen", "manager", "staff"}},
        {5, 3, 1, {"citizen", "others"}},   // "others" would be 1 manager alone: staff folds in as well
        {5, 4, 2, {"citizen", "others"}},   // 2 managers are too few on their own: staff folds in as well
        {3, 0, 0, {"citizen"}},
        {2, 0, 0, {"others"}},                        // nothing can be shown but the total
        {1, 1, 1, {"others"}},
        {4, 3, 3, {"citizen", "manager", "staff"}},
    };
    for (const auto& r : rows) {
        INFO(r.citizens << " citizens, " << r.staff << " staff, " << r.managers << " managers");
        voting f;
        std::vector<participant> voters;
        for (int k = 0; k < r.citizens; ++k) voters.push_back(f.join("c" + std::to_string(k), role::citizen));
        for (int k = 0; k < r.staff; ++k) voters.push_back(f.join("s" + std::to_string(k), role::staff));
        for (int k = 0; k < r.managers; ++k) voters.push_back(f.join("m" + std::to_string(k), role::manager));
        for (const auto& v : voters) f.run(v, set_vote{f.a, 1});
        f.run(f.fac, reveal_votes{});
        auto res = f.w.results();
        CHECK(res.groups == r.groups);
        std::int64_t voters_total = 0;
        for (const auto& [g, n] : res.voters) voters_total += n;
        CHECK(voters_total == r.citizens + r.staff + r.managers);
        REQUIRE(res.ideas.size() == 1);
        CHECK(res.ideas[0].total == r.citizens + r.staff + r.managers);
        std::int64_t sum = 0;
        for (const auto& [g, n] : res.ideas[0].by_group) sum += n;
        CHECK(sum == res.ideas[0].total);
    }
}

TEST_CASE("no group shown in the results has fewer voters than the threshold, nor only one", "[domain]") {
    // Every mix of up to 4 voters per role; every threshold a session may hold, and 0
    // and 1, which a database of an older version may hold. No group shown ("others"
    // included) has fewer than 2 voters, nor fewer than the threshold unless it is all
    // there is (its split is then the total).
    for (std::int64_t threshold = 0; threshold <= 4; ++threshold)
        for (int cz = 0; cz <= 4; ++cz)
            for (int st = 0; st <= 4; ++st)
                for (int mg = 0; mg <= 4; ++mg) {
                    voting f;
                    auto cast = [&](int n, role r, const char* p) {
                        for (int k = 0; k < n; ++k) f.run(f.join(p + std::to_string(k), r), set_vote{f.b, 1});
                    };
                    cast(cz, role::citizen, "c");
                    cast(st, role::staff, "s");
                    cast(mg, role::manager, "m");
                    auto res = f.w.votes().results(f.w.people(), f.w.ideas(), threshold);
                    INFO(cz << "/" << st << "/" << mg << " threshold " << threshold);
                    CHECK(res.groups.size() == res.voters.size());
                    for (const auto& [g, n] : res.voters) {
                        CHECK(n >= 2);
                        if (n < threshold) CHECK(res.groups == std::vector<std::string>{"others"});
                    }
                    for (const auto& i : res.ideas)
                        for (const auto& [g, dots] : i.by_group) CHECK(res.voters.count(g) == 1);
                }
}

TEST_CASE("a lone voter's dots are never shown apart from the total", "[domain]") {
    // Voters by role (citizens, staff, managers) -> the groups shown; threshold 2.
    struct row { int citizens, staff, managers; std::vector<std::string> groups; };
    const row rows[] = {
        {0, 0, 1, {}},                           // one voter in all: only the total
        {3, 0, 1, {"others"}},                   // the manager would be "others" alone: citizens fold in
        {2, 2, 1, {"others", "staff"}},          // the manager would be alone: the smallest group joins them
        {1, 1, 0, {"others"}},                   // two voters, each alone in their role: together
        {2, 2, 2, {"citizen", "manager", "staff"}},
    };
    for (const auto& r : rows) {
        INFO(r.citizens << " citizens, " << r.staff << " staff, " << r.managers << " managers");
        settings s;
        s.fold_threshold = 2;
        voting f(s);
        std::vector<participant> voters;
        for (int k = 0; k < r.citizens; ++k) voters.push_back(f.join("c" + std::to_string(k), role::citizen));
        for (int k = 0; k < r.staff; ++k) voters.push_back(f.join("s" + std::to_string(k), role::staff));
        for (int k = 0; k < r.managers; ++k) voters.push_back(f.join("m" + std::to_string(k), role::manager));
        for (const auto& v : voters) f.run(v, set_vote{f.a, 2});
        auto res = f.w.results();
        std::vector<std::string> groups = res.groups;
        std::sort(groups.begin(), groups.end());
        CHECK(groups == r.groups);
        REQUIRE(res.ideas.size() == 1);
        CHECK(res.ideas[0].total == 2 * static_cast<std::int64_t>(voters.size()));
        if (r.groups.empty()) CHECK(res.ideas[0].by_group.empty());
    }
}

TEST_CASE("the fold threshold is 2 to 20, a stored 1 counts as 2", "[domain]") {
    for (std::int64_t t : {-1, 0, 1, 21}) {
        update_settings c{};
        c.fold_threshold = t;
        auto s = settings_with(settings{}, c);
        INFO(t);
        REQUIRE_FALSE(s.ok());
        CHECK(s.err().code == errc::invalid_field);
        CHECK(s.err().field == "fold_threshold");
        CHECK(s.err().message == "fold_threshold must be from 2 to 20");
    }
    for (std::int64_t t : {2, 20}) {
        update_settings c{};
        c.fold_threshold = t;
        CHECK(settings_with(settings{}, c).value().fold_threshold == t);
    }
    voting f;
    update_settings one{};
    one.fold_threshold = 1;
    CHECK(f.refuse(f.fac, one) == errc::invalid_field);
    // A session stored with the threshold of 1 that older versions allowed.
    auto st = f.w.state();
    st.controls.options.fold_threshold = 1;
    auto w = workshop::restore(st);
    REQUIRE(w.ok());
    CHECK(w.value().controls().options.fold_threshold == 2);
}

TEST_CASE("after the reveal, merged ideas' dots count for the idea that absorbed them", "[domain]") {
    voting f;
    auto p1 = f.join("p1", role::citizen), p2 = f.join("p2", role::citizen), p3 = f.join("p3", role::citizen);
    f.run(p1, set_vote{f.a, 2});
    f.run(p2, set_vote{f.b, 1});
    f.run(p3, set_vote{f.c, 2});
    f.run(f.fac, reveal_votes{});
    f.run(f.fac, merge_ideas{f.a, {f.b}});
    auto res = f.w.results();
    REQUIRE(res.ideas.size() == 2);
    CHECK(res.ideas[0].id == f.a);
    CHECK(res.ideas[0].total == 3);
    CHECK(res.ideas[1].id == f.c);
}

TEST_CASE("while voting is open, a merge gives the merged ideas' dots back", "[domain]") {
    voting f;
    f.run(f.citizen, set_vote{f.b, 2});
    f.run(f.citizen2, set_vote{f.a, 1});
    f.run(f.fac, merge_ideas{f.a, {f.b}});
    CHECK(f.w.votes().used_by(f.citizen.id) == 0);   // free to vote again
    CHECK(f.w.votes().used_by(f.citizen2.id) == 1);  // dots on the absorbing idea stay
    CHECK(f.refuse(f.citizen, set_vote{f.b, 1}) == errc::invalid_state);
    f.run(f.citizen, set_vote{f.a, 2});
}

TEST_CASE("deleting an idea gives its dots back", "[domain]") {
    settings s;
    s.late_ideas = true;
    voting f(s);
    const idea_id mine = f.add(f.citizen, "late idea");
    f.run(f.citizen2, set_vote{mine, 2});
    CHECK(f.w.votes().used_by(f.citizen2.id) == 2);
    f.run(f.citizen, delete_idea{mine, 1});
    CHECK(f.w.votes().used_by(f.citizen2.id) == 0);
}

TEST_CASE("voting rules are fixed once votes are cast", "[domain]") {
    voting f;
    update_settings budget{};
    budget.vote_budget = 5;
    update_settings bad{};
    bad.vote_budget = 0;
    CHECK(f.refuse(f.fac, bad) == errc::invalid_field);
    f.run(f.fac, budget);
    f.run(f.citizen, set_vote{f.a, 1});
    budget.vote_budget = 4;
    CHECK(f.refuse(f.fac, budget) == errc::setting_locked);
    f.run(f.fac, reset_votes{});
    f.run(f.fac, budget);
    CHECK(f.w.controls().options.vote_budget == 4);
}

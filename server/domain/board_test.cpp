// Tests of the idea board's rules: versions and conflicts, ordering, columns and
// clusters, private writing, moderation, merges and fates, limits, restoring.
#include "domain/board.hpp"

#include "domain/limits.hpp"
#include "domain/test_fixture.hpp"
#include "domain/visibility.hpp"

#include <catch2/catch.hpp>

using namespace samskab::domain;
using namespace samskab::domain::testing;

namespace {

// A session in its ideas phase.
struct writing : session_fixture {
    explicit writing(settings s = {}) : session_fixture(s) { phase(phase::ideas); }
};

settings private_writing() {
    settings s;
    s.private_writing = true;
    return s;
}

// A column's ideas have strictly growing ranks (its order), and the board restores to
// the same state.
void check_ranks_and_restore(const session_fixture& f, column_id col) {
    const auto& ids = f.w.ideas().find_column(col)->ideas;
    for (std::size_t k = 1; k < ids.size(); ++k)
        CHECK(f.w.ideas().find_idea(ids[k - 1])->rank < f.w.ideas().find_idea(ids[k])->rank);
    auto restored = workshop::restore(f.w.state());
    REQUIRE(restored.ok());
    CHECK(restored.value().state() == f.w.state());
}

}  // namespace

TEST_CASE("ideas are added at the end or before another idea", "[domain]") {
    writing f;
    const idea_id one = f.add(f.citizen, "one");
    f.add(f.staff, "two");
    const idea_id zero = std::get<idea_added>(f.run(f.citizen, add_idea{1, one, "zero"})).item.id;
    f.run(f.citizen, add_idea{1, 0, "three"});
    f.run(f.citizen, add_idea{1, zero, "first"});
    CHECK(f.texts(1) == std::vector<std::string>{"first", "zero", "one", "two", "three"});
    CHECK(f.refuse(f.citizen, add_idea{1, 999, "x"}) == errc::invalid_field);
    const idea_id other = f.add(f.citizen, "elsewhere", 2);
    CHECK(f.refuse(f.citizen, add_idea{1, other, "x"}) == errc::invalid_field);  // not in that column
    const idea* i = f.w.ideas().find_idea(one);
    CHECK(i->author == f.citizen.id);
    CHECK(i->version == 1);
    CHECK(i->created_at == t0);
    CHECK(i->fate_ == fate::open);
}

TEST_CASE("concurrent changes conflict only when they touch the same thing", "[domain]") {
    struct row { const char* first; const char* second; bool second_ok; };
    const row rows[] = {
        {"edit", "edit", false}, {"edit", "move", true},    {"move", "edit", true},
        {"move", "move", false}, {"edit", "delete", false}, {"move", "delete", false},
    };
    for (const auto& r : rows) {
        writing f;
        const idea_id id = f.add(f.citizen, "base");
        auto make = [&](const std::string& what, const char* text, column_id col) -> command {
            if (what == "edit") return edit_idea{id, 1, text};
            if (what == "move") return move_idea{id, 1, col, 0};
            return delete_idea{id, 1};
        };
        INFO(r.first << " then " << r.second);
        f.run(f.citizen, make(r.first, "from A", 2));
        if (r.second_ok) {
            f.run(f.fac, make(r.second, "from B", 2));
            CHECK(f.w.ideas().find_idea(id)->version == 3);
        } else {
            auto ev = f.w.decide(f.fac, make(r.second, "from B", 1), f.ctx());
            REQUIRE_FALSE(ev.ok());
            CHECK(ev.err().code == errc::stale_version);
            REQUIRE(ev.err().current.has_value());
            CHECK(ev.err().current->version == 2);
        }
    }
}

TEST_CASE("moves reorder within and across columns, a move to another column leaves the cluster", "[domain]") {
    writing f;
    const idea_id a = f.add(f.fac, "a"), b = f.add(f.fac, "b"), c = f.add(f.fac, "c");
    f.run(f.fac, move_idea{c, 1, 1, a});
    CHECK(f.texts(1) == std::vector<std::string>{"c", "a", "b"});
    f.run(f.fac, move_idea{a, 1, 1, 0});
    CHECK(f.texts(1) == std::vector<std::string>{"c", "b", "a"});
    CHECK(f.refuse(f.fac, move_idea{a, 2, 1, a}) == errc::invalid_field);
    f.run(f.fac, create_cluster{1, "Pair", {b, a}});
    CHECK(f.w.ideas().find_idea(b)->group == 1);
    f.run(f.fac, move_idea{b, 1, 1, c});  // within the column: stays in the cluster
    CHECK(f.texts(1) == std::vector<std::string>{"b", "c", "a"});
    CHECK(f.w.ideas().find_idea(b)->group == 1);
    f.run(f.fac, move_idea{b, 2, 2, 0});
    CHECK(f.texts(2) == std::vector<std::string>{"b"});
    CHECK(f.w.ideas().find_idea(b)->group == 0);
}

TEST_CASE("repeated inserts at one spot rerank the column and keep the order", "[domain]") {
    writing f;
    idea_id next = f.add(f.fac, "end");
    f.run(f.fac, add_idea{1, next, "start"});
    // Always insert directly after "start": halves the same gap until it runs out.
    bool reranked = false;
    for (int k = 0; k < 80; ++k) {
        auto ev = std::get<idea_added>(f.run(f.fac, add_idea{1, next, "n" + std::to_string(k)}));
        reranked = reranked || !ev.reranked.empty();
        next = ev.item.id;
    }
    CHECK(reranked);
    const auto got = f.texts(1);
    REQUIRE(got.size() == 82);
    CHECK(got[1] == "n79");
    check_ranks_and_restore(f, 1);
}

TEST_CASE("new ranks leave alone the ideas some may not see, where there is room", "[domain]") {
    session_fixture f(private_writing());
    const idea_id a = f.add(f.fac, "a");  // before the ideas phase: public
    idea_id next = f.add(f.fac, "b");
    f.phase(phase::ideas);
    const idea_id anna = std::get<idea_added>(f.run(f.citizen, add_idea{1, next, "Anna's, private"})).item.id;
    f.phase(phase::cluster);
    const std::int64_t rank = f.w.ideas().find_idea(anna)->rank;
    // Each before the last: between it and Anna's idea, until the ranks there run out.
    int reranks = 0;
    for (int k = 0; k < 80; ++k) {
        auto ev = std::get<idea_added>(f.run(f.fac, add_idea{1, next, "n" + std::to_string(k)}));
        next = ev.item.id;
        if (ev.reranked.empty()) continue;
        ++reranks;
        for (const auto& [id, r] : ev.reranked) CHECK(f.w.ideas().find_idea(id)->is_private == false);
    }
    CHECK(reranks > 0);
    CHECK(f.w.ideas().find_idea(anna)->rank == rank);
    const auto& ids = f.w.ideas().find_column(1)->ideas;
    CHECK(ids[0] == a);
    CHECK(ids[1] == anna);
    check_ranks_and_restore(f, 1);
}

TEST_CASE("when the ideas some may not see leave no room, the whole column gets new ranks", "[domain]") {
    session_fixture f;
    f.phase(phase::cluster);
    const idea_id p1 = f.add(f.fac, "hidden 1"), q = f.add(f.fac, "q"), p2 = f.add(f.fac, "hidden 2");
    f.run(f.fac, moderate_idea{p1, true});
    f.run(f.fac, moderate_idea{p2, true});
    // Ranks 10, 11, 12: nothing fits before q, nor between the hidden ideas around it.
    auto st = f.w.state();
    for (auto& i : st.board.ideas) i.rank = i.id == p1 ? 10 : i.id == q ? 11 : 12;
    f.w = workshop::restore(st).value();
    auto ev = std::get<idea_added>(f.run(f.fac, add_idea{1, q, "between"}));
    CHECK(ev.reranked.size() == 4);
    const auto& ids = f.w.ideas().find_column(1)->ideas;
    CHECK(ids == std::vector<idea_id>{p1, ev.item.id, q, p2});
    check_ranks_and_restore(f, 1);
}

TEST_CASE("columns: add, rename, move, delete only when empty, never the last", "[domain]") {
    writing f;
    f.run(f.fac, add_column{"Themes", 0});
    CHECK(f.w.ideas().columns()[0].item.id == 3);
    f.run(f.co, move_column{3, 9});
    CHECK(f.w.ideas().columns()[2].item.id == 3);
    f.run(f.fac, rename_column{3, "  Temaer "});
    CHECK(f.w.ideas().find_column(3)->item.title == "Temaer");
    f.add(f.citizen, "keeps column 1 busy");
    CHECK(f.refuse(f.fac, delete_column{1}) == errc::column_not_empty);
    CHECK(f.refuse(f.fac, delete_column{42}) == errc::column_not_found);
    f.run(f.fac, create_cluster{3, "empty cluster", {}});
    f.run(f.fac, delete_column{3});
    CHECK(f.w.ideas().clusters().empty());  // the column's clusters go with it
    f.run(f.fac, delete_column{2});
    CHECK(f.refuse(f.fac, delete_column{1}) == errc::column_not_empty);
}

TEST_CASE("private writing: others see nothing until the reveal", "[domain]") {
    writing f(private_writing());
    const idea_id anna = f.add(f.citizen, "only Anna sees this");
    const idea_id sam = f.add(f.staff, "only Sam sees this");
    const idea* i = f.w.ideas().find_idea(anna);
    CHECK(i->is_private);
    CHECK(can_see(viewer_of(f.citizen), *i));
    CHECK_FALSE(can_see(viewer_of(f.citizen2), *i));
    CHECK_FALSE(can_see(viewer_of(f.fac), *i));  // not even the facilitator
    CHECK(f.w.ideas().private_count() == 2);
    // Acting on an idea one cannot see is as if it did not exist.
    CHECK(f.refuse(f.fac, edit_idea{anna, 1, "x"}) == errc::idea_not_found);
    CHECK(f.refuse(f.fac, move_idea{anna, 1, 2, 0}) == errc::idea_not_found);
    CHECK(f.refuse(f.citizen2, add_comment{target_kind::idea, anna, "x"}) == errc::idea_not_found);
    CHECK(f.refuse(f.fac, create_cluster{1, "c", {anna}}) == errc::idea_not_found);
    CHECK(f.refuse(f.fac, merge_ideas{sam, {anna}}) == errc::idea_not_found);
    CHECK(f.refuse(f.citizen2, add_idea{1, anna, "before Anna's"}) == errc::invalid_field);
    f.run(f.citizen, edit_idea{anna, 1, "Anna may edit her own"});

    auto ev = std::get<ideas_revealed>(f.run(f.co, reveal_ideas{}));
    CHECK(ev.ideas == std::vector<idea_id>{anna, sam});
    CHECK(can_see(viewer_of(f.citizen2), *f.w.ideas().find_idea(anna)));
    CHECK(f.refuse(f.fac, reveal_ideas{}) == errc::invalid_state);
    // After the ideas phase new ideas are visible at once.
    f.phase(phase::cluster);
    const idea_id late = f.add(f.fac, "facilitator, later");
    CHECK_FALSE(f.w.ideas().find_idea(late)->is_private);
}

TEST_CASE("moderation hides an idea from all but its author and the facilitators", "[domain]") {
    writing f;
    const idea_id id = f.add(f.citizen, "rude");
    CHECK(f.refuse(f.staff, moderate_idea{id, true}) == errc::forbidden);
    f.run(f.co, moderate_idea{id, true});
    const idea* i = f.w.ideas().find_idea(id);
    CHECK(can_see(viewer_of(f.citizen), *i));
    CHECK(can_see(viewer_of(f.fac), *i));
    CHECK_FALSE(can_see(viewer_of(f.staff), *i));
    CHECK(f.refuse(f.staff, add_comment{target_kind::idea, id, "?"}) == errc::idea_not_found);
    CHECK(f.refuse(f.fac, moderate_idea{id, true}) == errc::invalid_state);
    f.run(f.fac, moderate_idea{id, false});
    CHECK(can_see(viewer_of(f.staff), *f.w.ideas().find_idea(id)));
}

TEST_CASE("merging keeps the absorbed ideas, linked, off the board", "[domain]") {
    writing f;
    const idea_id a = f.add(f.citizen, "café"), b = f.add(f.staff, "a café"), c = f.add(f.manager, "coffee place");
    CHECK(f.refuse(f.citizen, merge_ideas{a, {b}}) == errc::forbidden);
    CHECK(f.refuse(f.fac, merge_ideas{a, {a}}) == errc::invalid_field);
    CHECK(f.refuse(f.fac, merge_ideas{a, {}}) == errc::invalid_field);
    CHECK(f.refuse(f.fac, merge_ideas{a, {99}}) == errc::idea_not_found);
    f.run(f.fac, merge_ideas{a, {b, c}});
    CHECK(f.texts(1) == std::vector<std::string>{"café"});
    const idea* absorbed = f.w.ideas().find_idea(b);
    CHECK(absorbed->fate_ == fate::merged);
    CHECK(absorbed->merged_into == a);
    CHECK(f.w.ideas().index_of(*absorbed) == -1);
    CHECK(f.refuse(f.fac, merge_ideas{a, {b}}) == errc::invalid_state);
    CHECK(f.refuse(f.fac, move_idea{b, 2, 1, 0}) == errc::invalid_state);
    CHECK(f.refuse(f.fac, set_fate{b, fate::selected, ""}) == errc::invalid_state);
    CHECK(f.refuse(f.fac, delete_idea{a, 1}) == errc::invalid_state);  // it has absorbed others
    auto restored = workshop::restore(f.w.state());
    REQUIRE(restored.ok());
    CHECK(restored.value().state() == f.w.state());
}

TEST_CASE("every idea can be given a visible fate", "[domain]") {
    writing f;
    const idea_id id = f.add(f.citizen, "x");
    f.run(f.fac, set_fate{id, fate::selected, ""});
    CHECK(f.w.ideas().find_idea(id)->fate_ == fate::selected);
    CHECK(f.refuse(f.fac, set_fate{id, fate::parked, "  "}) == errc::invalid_field);  // a reason is required
    f.run(f.fac, set_fate{id, fate::parked, "Needs a budget first"});
    CHECK(f.w.ideas().find_idea(id)->fate_reason == "Needs a budget first");
    CHECK(f.refuse(f.fac, set_fate{id, fate::merged, ""}) == errc::invalid_field);
    CHECK(f.refuse(f.fac, set_fate{id, fate::trial_action, ""}) == errc::invalid_field);
    f.run(f.fac, set_fate{id, fate::open, ""});
    CHECK(f.w.ideas().find_idea(id)->fate_reason.empty());
}

TEST_CASE("clusters group ideas of one column", "[domain]") {
    writing f;
    const idea_id a = f.add(f.citizen, "a"), b = f.add(f.citizen, "b"), other = f.add(f.citizen, "c", 2);
    CHECK(f.refuse(f.fac, create_cluster{1, "mixed", {a, other}}) == errc::invalid_state);
    CHECK(f.refuse(f.fac, create_cluster{1, "twice", {a, a}}) == errc::invalid_field);
    CHECK(f.refuse(f.fac, create_cluster{1, " ", {a}}) == errc::invalid_field);
    CHECK(f.refuse(f.citizen, create_cluster{1, "mine", {a}}) == errc::forbidden);
    f.run(f.fac, create_cluster{1, "Café", {a}});
    f.run(f.fac, assign_cluster{b, 1});
    CHECK(f.refuse(f.fac, assign_cluster{b, 1}) == errc::invalid_state);
    CHECK(f.refuse(f.fac, assign_cluster{other, 1}) == errc::invalid_state);  // another column
    CHECK(f.refuse(f.fac, assign_cluster{b, 9}) == errc::cluster_not_found);
    f.run(f.fac, rename_cluster{1, "Caféer"});
    CHECK(f.w.ideas().find_cluster(1)->name == "Caféer");
    f.run(f.fac, assign_cluster{b, 0});
    CHECK(f.w.ideas().find_idea(b)->group == 0);
    f.run(f.fac, delete_cluster{1});
    CHECK(f.w.ideas().find_idea(a)->group == 0);
    CHECK(f.refuse(f.fac, delete_cluster{1}) == errc::cluster_not_found);
}

TEST_CASE("bad commands are refused with their own codes and change nothing", "[domain]") {
    writing f;
    const idea_id id = f.add(f.citizen, "x");
    struct row { command cmd; errc want; };
    const row rows[] = {
        {add_idea{9, 0, "x"}, errc::column_not_found},
        {add_idea{1, 0, "   "}, errc::invalid_field},
        {add_idea{1, 0, std::string(501, 'x')}, errc::too_long},
        {edit_idea{99, 1, "x"}, errc::idea_not_found},
        {edit_idea{id, 1, ""}, errc::invalid_field},
        {edit_idea{id, 9, "future"}, errc::stale_version},
        {move_idea{99, 1, 1, 0}, errc::idea_not_found},
        {move_idea{id, 1, 9, 0}, errc::column_not_found},
        {delete_idea{99, 1}, errc::idea_not_found},
        {delete_idea{id, 2}, errc::stale_version},
    };
    for (const auto& r : rows) CHECK(f.refuse(f.citizen, r.cmd) == r.want);
    CHECK(f.refuse(f.fac, add_column{std::string(61, 'c'), std::nullopt}) == errc::too_long);
}

TEST_CASE("a board stops taking ideas and columns at its limits", "[domain]") {
    writing f;
    for (std::size_t k = 0; k < limits::ideas_per_session; ++k) f.add(f.fac, "i");
    CHECK(f.refuse(f.fac, add_idea{1, 0, "one too many"}) == errc::limit_reached);
    f.run(f.fac, delete_idea{1, 1});
    f.add(f.fac, "fits again");

    writing g;
    while (g.w.ideas().columns().size() < limits::columns_per_session) g.run(g.fac, add_column{"c", std::nullopt});
    CHECK(g.refuse(g.fac, add_column{"c", std::nullopt}) == errc::limit_reached);
}

TEST_CASE("restore refuses an inconsistent stored board", "[domain]") {
    writing f;
    f.add(f.citizen, "x");
    auto st = f.w.state();
    SECTION("idea in a missing column") { st.board.ideas[0].column = 77; }
    SECTION("duplicate idea") { st.board.ideas.push_back(st.board.ideas[0]); }
    SECTION("idea in a missing cluster") { st.board.ideas[0].group = 5; }
    SECTION("duplicate participant") { st.participants.push_back(st.participants[0]); }
    SECTION("vote on no idea") { st.votes[2][77] = 1; }
    auto r = workshop::restore(st);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::internal_error);
}

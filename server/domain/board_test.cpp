// Tests of the board rules: permissions, versions and conflicts, ordering, limits,
// and that decide() never changes the board.
#include "domain/board.hpp"

#include "domain/limits.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace samskab::domain;

namespace {

const time_point t0{std::chrono::milliseconds{1'700'000'000'000}};

struct fixture {
    board b;
    participant facilitator, anna, bo;

    fixture() : b(make()) {
        facilitator = *b.find_participant(1);
        anna = join("Anna");
        bo = join("Bo");
    }

    static board make() {
        session_info info{"s1", "ABC234", "Title", "Question?", session_status::open, t0};
        return board::create(info, {"Ideas", "Later"}, participant{0, "Fac", role::facilitator, "h-fac", t0});
    }

    participant join(const std::string& name) {
        participant p{b.next_participant_id(), name, role::participant, "h-" + name, t0};
        b.add_participant(p);
        return p;
    }

    // Decides and applies; fails the test if the command is refused.
    event run(const participant& who, const command& cmd) {
        auto ev = b.decide(who, cmd, t0);
        if (!ev.ok()) FAIL("refused: " << to_string(ev.err().code) << ": " << ev.err().message);
        b.apply(change{b.seq() + 1, who.id, t0, "r", ev.value()});
        return ev.value();
    }

    errc refuse(const participant& who, const command& cmd) {
        const board_state before = b.state();
        auto ev = b.decide(who, cmd, t0);
        REQUIRE_FALSE(ev.ok());
        CHECK(b.state() == before);
        return ev.err().code;
    }

    idea_id add(const participant& who, const std::string& text, column_id col = 1) {
        return std::get<idea_added>(run(who, add_idea{col, std::nullopt, text})).item.id;
    }

    std::vector<std::string> texts(column_id col) const {
        std::vector<std::string> out;
        for (idea_id id : b.find_column(col)->ideas) out.push_back(b.find_idea(id)->text);
        return out;
    }
};

}  // namespace

TEST_CASE("a new board has its columns and the facilitator", "[domain]") {
    fixture f;
    REQUIRE(f.b.columns().size() == 2);
    CHECK(f.b.columns()[0].item.title == "Ideas");
    CHECK(f.b.columns()[1].item.id == 2);
    CHECK(f.facilitator.role_ == role::facilitator);
    CHECK(f.b.find_by_token_hash("h-Anna")->id == f.anna.id);
    CHECK(f.b.find_by_token_hash("nope") == nullptr);
    CHECK(f.b.seq() == 0);
}

TEST_CASE("ideas are added at the end or at a clamped index", "[domain]") {
    fixture f;
    f.add(f.anna, "one");
    f.add(f.bo, "two");
    f.run(f.anna, add_idea{1, 0, "zero"});
    f.run(f.anna, add_idea{1, 99, "three"});
    f.run(f.anna, add_idea{1, -5, "first"});
    CHECK(f.texts(1) == std::vector<std::string>{"first", "zero", "one", "two", "three"});
    CHECK(f.b.seq() == 5);
    const idea* i = f.b.find_idea(1);
    CHECK(i->author == f.anna.id);
    CHECK(i->version == 1);
    CHECK(i->created_at == t0);
}

TEST_CASE("who may change which idea", "[domain]") {
    struct row { const char* what; int actor; bool allowed; };
    // actor: 0 facilitator, 1 the author (Anna), 2 another participant (Bo)
    const row rows[] = {
        {"edit", 0, true},  {"edit", 1, true},  {"edit", 2, false},
        {"delete", 0, true}, {"delete", 1, true}, {"delete", 2, false},
        {"move", 0, true},  {"move", 1, true},  {"move", 2, true},
    };
    for (const auto& r : rows) {
        fixture f;
        const participant* actors[] = {&f.facilitator, &f.anna, &f.bo};
        const idea_id id = f.add(f.anna, "mine");
        command cmd;
        if (std::string(r.what) == "edit") cmd = edit_idea{id, 1, "changed"};
        else if (std::string(r.what) == "delete") cmd = delete_idea{id, 1};
        else cmd = move_idea{id, 1, 2, 0};
        INFO(r.what << " by actor " << r.actor);
        if (r.allowed) f.run(*actors[r.actor], cmd);
        else CHECK(f.refuse(*actors[r.actor], cmd) == errc::forbidden);
    }
}

TEST_CASE("concurrent changes conflict only when they touch the same thing", "[domain]") {
    // Two clients both saw version 1; the first change lands, then the second is decided.
    struct row { const char* first; const char* second; bool second_ok; };
    const row rows[] = {
        {"edit", "edit", false},    // same text: the later one is stale
        {"edit", "move", true},     // text and place are independent
        {"move", "edit", true},
        {"move", "move", false},    // same place: stale
        {"edit", "delete", false},  // a delete must have seen the latest version
        {"move", "delete", false},
    };
    for (const auto& r : rows) {
        fixture f;
        const idea_id id = f.add(f.anna, "base");
        auto make = [&](const std::string& what, const char* text, column_id col) -> command {
            if (what == "edit") return edit_idea{id, 1, text};
            if (what == "move") return move_idea{id, 1, col, 0};
            return delete_idea{id, 1};
        };
        INFO(r.first << " then " << r.second);
        f.run(f.anna, make(r.first, "from A", 2));
        if (r.second_ok) {
            f.run(f.facilitator, make(r.second, "from B", 2));
            CHECK(f.b.find_idea(id)->version == 3);
        } else {
            auto ev = f.b.decide(f.facilitator, make(r.second, "from B", 1), t0);
            REQUIRE_FALSE(ev.ok());
            CHECK(ev.err().code == errc::stale_version);
            REQUIRE(ev.err().current.has_value());
            CHECK(ev.err().current->version == 2);
        }
    }
}

TEST_CASE("edits and moves bump the right versions", "[domain]") {
    fixture f;
    const idea_id id = f.add(f.anna, "v1");
    f.run(f.anna, edit_idea{id, 1, "v2"});
    f.run(f.bo, move_idea{id, 2, 2, 0});
    const idea* i = f.b.find_idea(id);
    CHECK(i->text == "v2");
    CHECK(i->version == 3);
    CHECK(i->text_version == 2);
    CHECK(i->place_version == 3);
    CHECK(i->column == 2);
    // An edit based on version 2 has seen the latest text: allowed.
    f.run(f.anna, edit_idea{id, 2, "v4"});
    // An edit based on version 1 has not.
    CHECK(f.refuse(f.anna, edit_idea{id, 1, "old"}) == errc::stale_version);
    // A base version from the future is refused too.
    CHECK(f.refuse(f.anna, edit_idea{id, 9, "future"}) == errc::stale_version);
}

TEST_CASE("moves reorder within and across columns", "[domain]") {
    fixture f;
    const idea_id a = f.add(f.anna, "a"), b = f.add(f.anna, "b"), c = f.add(f.anna, "c");
    f.run(f.bo, move_idea{c, 1, 1, 0});
    CHECK(f.texts(1) == std::vector<std::string>{"c", "a", "b"});
    f.run(f.bo, move_idea{a, 1, 1, 2});  // index counts after removal: to the end
    CHECK(f.texts(1) == std::vector<std::string>{"c", "b", "a"});
    f.run(f.bo, move_idea{b, 1, 2, 7});
    CHECK(f.texts(1) == std::vector<std::string>{"c", "a"});
    CHECK(f.texts(2) == std::vector<std::string>{"b"});
    auto ev = std::get<idea_moved>(f.run(f.bo, move_idea{a, 2, 2, 0}));
    CHECK(ev.index == 0);
    CHECK(f.texts(2) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("repeated inserts at one spot rerank the column and keep the order", "[domain]") {
    fixture f;
    f.add(f.anna, "end");
    f.run(f.anna, add_idea{1, 0, "start"});
    // Always insert directly after "start": halves the same gap until it runs out.
    bool reranked = false;
    for (int k = 0; k < 80; ++k) {
        auto ev = std::get<idea_added>(f.run(f.anna, add_idea{1, 1, "n" + std::to_string(k)}));
        reranked = reranked || !ev.reranked.empty();
    }
    CHECK(reranked);
    const auto got = f.texts(1);
    REQUIRE(got.size() == 82);
    CHECK(got.front() == "start");
    CHECK(got[1] == "n79");
    CHECK(got.back() == "end");
    // Ranks agree with the order, so a restored board sorts the same way.
    const auto& ids = f.b.find_column(1)->ideas;
    for (std::size_t k = 1; k < ids.size(); ++k) CHECK(f.b.find_idea(ids[k - 1])->rank < f.b.find_idea(ids[k])->rank);
    auto restored = board::restore(f.b.state());
    REQUIRE(restored.ok());
    CHECK(restored.value().state() == f.b.state());
}

TEST_CASE("columns are the facilitator's", "[domain]") {
    fixture f;
    CHECK(f.refuse(f.anna, add_column{"Mine", std::nullopt}) == errc::forbidden);
    CHECK(f.refuse(f.anna, rename_column{1, "x"}) == errc::forbidden);
    CHECK(f.refuse(f.anna, move_column{1, 1}) == errc::forbidden);
    CHECK(f.refuse(f.anna, delete_column{2}) == errc::forbidden);
    CHECK(f.refuse(f.anna, update_session{"t", std::nullopt}) == errc::forbidden);

    f.run(f.facilitator, add_column{"Themes", 0});
    CHECK(f.b.columns()[0].item.title == "Themes");
    CHECK(f.b.columns()[0].item.id == 3);
    f.run(f.facilitator, move_column{3, 9});
    CHECK(f.b.columns()[2].item.id == 3);
    f.run(f.facilitator, rename_column{3, "  Temaer "});
    CHECK(f.b.find_column(3)->item.title == "Temaer");

    f.add(f.anna, "keeps column 1 busy");
    CHECK(f.refuse(f.facilitator, delete_column{1}) == errc::column_not_empty);
    CHECK(f.refuse(f.facilitator, delete_column{42}) == errc::column_not_found);
    f.run(f.facilitator, delete_column{2});
    f.run(f.facilitator, delete_column{3});
    CHECK(f.refuse(f.facilitator, delete_column{1}) == errc::column_not_empty);
}

TEST_CASE("the last column cannot be deleted", "[domain]") {
    session_info info{"s2", "XYZ789", "T", "Q", session_status::open, t0};
    board b = board::create(info, {"Only"}, participant{0, "Fac", role::facilitator, "h", t0});
    auto ev = b.decide(*b.find_participant(1), delete_column{1}, t0);
    REQUIRE_FALSE(ev.ok());
    CHECK(ev.err().code == errc::last_column);
}

TEST_CASE("bad commands are refused with their own codes and change nothing", "[domain]") {
    fixture f;
    const idea_id id = f.add(f.anna, "x");
    struct row { command cmd; errc want; };
    const row rows[] = {
        {add_idea{9, std::nullopt, "x"}, errc::column_not_found},
        {add_idea{1, std::nullopt, "   "}, errc::invalid_field},
        {add_idea{1, std::nullopt, std::string(501, 'x')}, errc::too_long},
        {edit_idea{99, 1, "x"}, errc::idea_not_found},
        {edit_idea{id, 1, ""}, errc::invalid_field},
        {move_idea{99, 1, 1, 0}, errc::idea_not_found},
        {move_idea{id, 1, 9, 0}, errc::column_not_found},
        {delete_idea{99, 1}, errc::idea_not_found},
        {delete_idea{id, 2}, errc::stale_version},
    };
    for (const auto& r : rows) CHECK(f.refuse(f.anna, r.cmd) == r.want);
    CHECK(f.refuse(f.facilitator, update_session{std::nullopt, std::nullopt}) == errc::invalid_field);
    CHECK(f.refuse(f.facilitator, add_column{std::string(61, 'c'), std::nullopt}) == errc::too_long);
}

TEST_CASE("a board stops taking ideas and columns at its limits", "[domain]") {
    fixture f;
    for (std::size_t k = 0; k < limits::ideas_per_session; ++k) f.add(f.anna, "i");
    CHECK(f.refuse(f.anna, add_idea{1, std::nullopt, "one too many"}) == errc::limit_reached);
    // Deleting one makes room again.
    f.run(f.anna, delete_idea{1, 1});
    f.add(f.anna, "fits again");

    fixture g;
    while (g.b.columns().size() < limits::columns_per_session) g.run(g.facilitator, add_column{"c", std::nullopt});
    CHECK(g.refuse(g.facilitator, add_column{"c", std::nullopt}) == errc::limit_reached);
}

TEST_CASE("a closed session refuses every change", "[domain]") {
    fixture f;
    auto st = f.b.state();
    st.info.status = session_status::closed;
    auto closed = board::restore(st);
    REQUIRE(closed.ok());
    auto ev = closed.value().decide(f.facilitator, add_idea{1, std::nullopt, "late"}, t0);
    REQUIRE_FALSE(ev.ok());
    CHECK(ev.err().code == errc::session_closed);
}

TEST_CASE("equal boards that apply the same changes stay equal", "[domain]") {
    fixture f;
    board copy = f.b;
    std::vector<change> log;
    auto record = [&](const participant& who, command cmd) {
        auto ev = f.b.decide(who, cmd, t0);
        REQUIRE(ev.ok());
        change c{f.b.seq() + 1, who.id, t0, "r", ev.value()};
        f.b.apply(c);
        log.push_back(c);
    };
    record(f.anna, add_idea{1, std::nullopt, "a"});
    record(f.bo, add_idea{1, 0, "b"});
    record(f.bo, move_idea{1, 1, 2, 0});
    record(f.anna, edit_idea{1, 2, "a2"});
    record(f.facilitator, add_column{"c", 0});
    record(f.facilitator, update_session{std::string("New title"), std::nullopt});
    for (const auto& c : log) copy.apply(c);
    CHECK(copy.state() == f.b.state());
}

TEST_CASE("restore refuses inconsistent stored state", "[domain]") {
    fixture f;
    f.add(f.anna, "x");
    auto st = f.b.state();
    SECTION("idea in a missing column") { st.ideas[0].column = 77; }
    SECTION("duplicate idea") { st.ideas.push_back(st.ideas[0]); }
    SECTION("duplicate participant") { st.participants.push_back(st.participants[0]); }
    auto r = board::restore(st);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::internal_error);
}

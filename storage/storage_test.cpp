// Tests of storage: migrations, the journal's writes and their failure modes, and
// loading boards back exactly as they were. Uses real SQLite files in a temporary
// folder, since the point is what survives on disk.
#include "storage/loader.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_journal.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <future>

using namespace samskab::storage;
using namespace samskab::domain;
using samskab::testing::temp_dir;
namespace fs = std::filesystem;

namespace {

const time_point t0{std::chrono::milliseconds{1'795'440'420'123}};

connection open_or_fail(const std::string& path) {
    status err;
    auto db = open_database(path, err);
    if (!db) FAIL("open_database: " << err.message);
    return std::move(*db);
}

// Waits for one completion of the journal.
struct waiter {
    std::promise<status> p;
    completion cb() {
        return [this](const status& s) { p.set_value(s); };
    }
    status get() { return p.get_future().get(); }
};

// A session driven through the board rules, written through a journal.
struct session_fixture {
    board b;
    std::uint64_t epoch = 1;

    session_fixture()
        : b(board::create(session_info{"sid-1", "K7M4QX", "Title", "Question", session_status::open, t0},
                          {"Ideas", "Later", "Done"}, participant{0, "Fac", role::facilitator, "hash-fac", t0})) {}

    session_epoch owner() const { return {b.info().id, epoch}; }

    status create(journal& j) {
        waiter w;
        j.create_session(b.state(), w.cb());
        return w.get();
    }

    status join(journal& j, const std::string& name) {
        participant p{b.next_participant_id(), name, role::participant, "hash-" + name, t0};
        b.add_participant(p);
        waiter w;
        j.add_participant(owner(), p, w.cb());
        return w.get();
    }

    // Decides cmd as participant `who`, applies it and writes it; returns the write status.
    status run(journal& j, participant_id who, const command& cmd, const std::string& ref = "r") {
        auto ev = b.decide(*b.find_participant(who), cmd, t0 + std::chrono::seconds(b.seq()));
        if (!ev.ok()) FAIL("refused: " << ev.err().message);
        change c{b.seq() + 1, who, t0 + std::chrono::seconds(b.seq()), ref, ev.value()};
        b.apply(c);
        waiter w;
        j.append(owner(), c, std::make_shared<const std::string>("{\"seq\":" + std::to_string(c.seq) + "}"), w.cb());
        return w.get();
    }
};

std::vector<loaded_session> load(const std::string& path, std::size_t recent = 100) {
    connection db = open_or_fail(path);
    std::vector<loaded_session> out;
    status s = load_sessions(db, recent, out);
    if (!s.ok()) FAIL("load: " << s.message);
    return out;
}

board_state normalised(board_state st) {
    auto b = board::restore(std::move(st));
    if (!b.ok()) FAIL("restore: " << b.err().message);
    return b.value().state();
}

}  // namespace

TEST_CASE("a new database is migrated and set to WAL with synchronous=FULL", "[storage]") {
    temp_dir dir;
    const std::string path = (dir.path() / "sub" / "folder" / "s.db").string();
    connection db = open_or_fail(path);
    CHECK(fs::exists(path));
    CHECK(schema_version(db) == migrations().back().version);

    status err;
    statement mode = db.prepare("PRAGMA journal_mode", err);
    REQUIRE(mode.step(err));
    CHECK(mode.column_text(0) == "wal");
    statement sync = db.prepare("PRAGMA synchronous", err);
    REQUIRE(sync.step(err));
    CHECK(sync.column_int(0) == 2);  // FULL

    // Migrating again changes nothing.
    CHECK(migrate(db).ok());
    CHECK(schema_version(db) == migrations().back().version);
}

TEST_CASE("migrations apply in order and stop at the first that fails", "[storage]") {
    status err;
    auto db = connection::open(":memory:", err);
    REQUIRE(db);
    const migration list[] = {{1, "CREATE TABLE a (x INTEGER) STRICT;"},
                              {2, "CREATE TABLE b (y INTEGER) STRICT;"},
                              {3, "CREATE TABLE c (z INTEGER) STRICT; THIS IS NOT SQL;"}};
    status s = migrate(*db, list);
    CHECK_FALSE(s.ok());
    CHECK(s.message.find("migration 3") != std::string::npos);
    CHECK(schema_version(*db) == 2);
    // Nothing of the failed migration stayed.
    statement probe = db->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'c'", err);
    REQUIRE(probe.step(err));
    CHECK(probe.column_int(0) == 0);
}

TEST_CASE("a database newer than the program is refused", "[storage]") {
    status err;
    auto db = connection::open(":memory:", err);
    REQUIRE(db);
    REQUIRE(db->exec("PRAGMA user_version = 999").ok());
    status s = migrate(*db);
    CHECK_FALSE(s.ok());
    CHECK(s.message.find("newer") != std::string::npos);
}

TEST_CASE("boards come back exactly as they were written", "[storage]") {
    temp_dir dir;
    const std::string path = (dir.path() / "s.db").string();
    session_fixture f;
    {
        sqlite_journal j(open_or_fail(path));
        REQUIRE(f.create(j).ok());
        REQUIRE(f.join(j, "Anna").ok());
        REQUIRE(f.join(j, "Bo").ok());
        // Every kind of change, including a column that has to be reranked.
        REQUIRE(f.run(j, 2, add_idea{1, std::nullopt, "Caf\xC3\xA9 for introverte unge"}, "a:1").ok());
        REQUIRE(f.run(j, 3, add_idea{1, 0, "Bordtennis"}, "b:1").ok());
        REQUIRE(f.run(j, 2, edit_idea{1, 1, "Caf\xC3\xA9 for stille unge"}, "a:2").ok());
        REQUIRE(f.run(j, 3, move_idea{1, 2, 2, 0}, "b:2").ok());
        for (int k = 0; k < 40; ++k) REQUIRE(f.run(j, 3, add_idea{1, 1, "n" + std::to_string(k)}).ok());
        REQUIRE(f.run(j, 1, delete_idea{2, 1}).ok());
        REQUIRE(f.run(j, 1, add_column{"Temaer", 0}).ok());
        REQUIRE(f.run(j, 1, move_column{4, 3}).ok());
        REQUIRE(f.run(j, 1, rename_column{2, "Til dr\xC3\xB8" "ftelse"}).ok());
        REQUIRE(f.run(j, 1, move_column{2, 0}).ok());
        REQUIRE(f.run(j, 1, delete_column{3}).ok());
        REQUIRE(f.run(j, 1, update_session{std::string("Ny titel"), std::string("Nyt sp\xC3\xB8rgsm\xC3\xA5l?")}).ok());
    }
    auto loaded = load(path);
    REQUIRE(loaded.size() == 1);
    CHECK(normalised(loaded[0].state) == f.b.state());
    // Ids of deleted ideas and columns are not reused after a restart.
    auto restored = board::restore(loaded[0].state);
    REQUIRE(restored.ok());
    auto ev = restored.value().decide(*restored.value().find_participant(1), add_column{"x", std::nullopt}, t0);
    REQUIRE(ev.ok());
    CHECK(std::get<column_added>(ev.value()).item.id == 5);
}

TEST_CASE("recent changes are loaded oldest first, up to the limit", "[storage]") {
    temp_dir dir;
    const std::string path = (dir.path() / "s.db").string();
    session_fixture f;
    {
        sqlite_journal j(open_or_fail(path));
        REQUIRE(f.create(j).ok());
        for (int k = 1; k <= 10; ++k) REQUIRE(f.run(j, 1, add_idea{1, std::nullopt, "i"}, "ref" + std::to_string(k)).ok());
    }
    auto loaded = load(path, 4);
    REQUIRE(loaded[0].recent.size() == 4);
    CHECK(loaded[0].recent.front().seq == 7);
    CHECK(loaded[0].recent.back().seq == 10);
    CHECK(loaded[0].recent.back().ref == "ref10");
    CHECK(loaded[0].recent.back().by == 1);
    CHECK(*loaded[0].recent.back().wire == "{\"seq\":10}");
    CHECK(loaded[0].state.seq == 10);
}

TEST_CASE("a change out of order is refused and nothing of it is written", "[storage]") {
    temp_dir dir;
    const std::string path = (dir.path() / "s.db").string();
    session_fixture f;
    {
        sqlite_journal j(open_or_fail(path));
        REQUIRE(f.create(j).ok());
        auto ev = f.b.decide(*f.b.find_participant(1), add_idea{1, std::nullopt, "x"}, t0);
        REQUIRE(ev.ok());
        waiter w;
        j.append(f.owner(), change{5, 1, t0, "r", ev.value()}, std::make_shared<const std::string>("{}"), w.cb());
        status s = w.get();
        CHECK_FALSE(s.ok());
        CHECK(s.message.find("out of order") != std::string::npos);
    }
    auto loaded = load(path);
    CHECK(loaded[0].state.seq == 0);
    CHECK(loaded[0].state.ideas.empty());
    CHECK(loaded[0].recent.empty());
}

TEST_CASE("a failed commit fails the session's later writes until a new epoch", "[storage]") {
    temp_dir dir;
    const std::string path = (dir.path() / "s.db").string();
    session_fixture f;
    board committed = f.b;
    {
        sqlite_journal j(open_or_fail(path));
        REQUIRE(f.create(j).ok());
        REQUIRE(f.run(j, 1, add_idea{1, std::nullopt, "kept"}).ok());
        committed = f.b;
        CHECK(j.healthy());

        j.inject_commit_failures(1);
        status failed = f.run(j, 1, add_idea{1, std::nullopt, "lost"});
        CHECK(failed.code == SQLITE_FULL);
        CHECK_FALSE(j.healthy());
        // The same epoch continues from the lost change: refused without being tried.
        status after = f.run(j, 1, add_idea{1, std::nullopt, "also lost"});
        CHECK(after.code == SQLITE_ABORT);

        // The owner rolls back to what was committed and starts a new epoch.
        f.b = committed;
        ++f.epoch;
        REQUIRE(f.run(j, 1, add_idea{1, std::nullopt, "after the failure"}).ok());
        CHECK(j.healthy());
    }
    auto loaded = load(path);
    CHECK(normalised(loaded[0].state) == f.b.state());
    CHECK(loaded[0].state.seq == 2);
}

TEST_CASE("flush completes after every earlier write", "[storage]") {
    temp_dir dir;
    session_fixture f;
    sqlite_journal j(open_or_fail((dir.path() / "s.db").string()));
    std::vector<std::string> order;
    std::mutex m;
    std::promise<void> done;
    j.create_session(f.b.state(), [&](const status& s) {
        std::lock_guard lock(m);
        order.push_back(s.ok() ? "created" : "failed");
    });
    j.flush([&] {
        {
            std::lock_guard lock(m);
            order.push_back("flushed");
        }
        done.set_value();
    });
    done.get_future().wait();
    std::lock_guard lock(m);
    CHECK(order == std::vector<std::string>{"created", "flushed"});
}

TEST_CASE("two open sessions cannot share a join code", "[storage]") {
    temp_dir dir;
    session_fixture f;
    sqlite_journal j(open_or_fail((dir.path() / "s.db").string()));
    REQUIRE(f.create(j).ok());
    auto other = f.b.state();
    other.info.id = "sid-2";
    waiter w;
    j.create_session(other, w.cb());
    status s = w.get();
    CHECK((s.code & 0xFF) == SQLITE_CONSTRAINT);
}

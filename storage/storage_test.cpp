// Tests of storage: migrations, the journal's writes and their failure modes, and
// loading sessions back exactly as they were. Uses real SQLite files in a temporary
// folder, since the point is what survives on disk.
#include "storage/backup.hpp"
#include "storage/deletion.hpp"
#include "storage/loader.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_journal.hpp"
#include "storage/workspaces.hpp"
#include "storage/write_set.hpp"
#include "support/temp_dir.hpp"

#include "domain/test_fixture.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <chrono>
#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <future>
#include <filesystem>
#include <iterator>

using namespace samskab::storage;
using namespace samskab::domain;
using namespace samskab::domain::testing;
using samskab::testing::file_bytes;
using samskab::testing::temp_dir;

namespace {

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

std::shared_ptr<const std::string> text(const std::string& s) { return std::make_shared<const std::string>(s); }

// A session driven through the workshop's rules, written through a journal.
struct stored : session_fixture {
    std::uint64_t epoch = 1;

    session_epoch owner() const { return {w.info().id, epoch}; }

    status create(journal& j) {
        waiter wt;
        j.create_session(collect_all(w), wt.cb());
        return wt.get();
    }

    // Writes the session and its first change, the ideas phase (seq 1).
    void open_ideas(journal& j) {
        REQUIRE(create(j).ok());
        REQUIRE(write(j, fac, set_phase{phase::ideas}).ok());
    }

    // Writes the session, and one change, to a new database at path.
    void one_change(const std::string& path) {
        sqlite_journal j(open_or_fail(path));
        open_ideas(j);
    }

    // Decides cmd, applies it and writes it; returns the write's status.
    status write(journal& j, const participant& who, const command& cmd, const std::string& ref = "r") {
        auto ev = w.decide(current(who), cmd, ctx());
        if (!ev.ok()) FAIL(command_name(cmd) << " refused: " << ev.err().message);
        change c{w.seq() + 1, who.id, now, ref, std::string(command_name(cmd)), ev.value()};
        w.apply(c);
        now += std::chrono::seconds(1);
        change_texts t{text("{\"seq\":" + std::to_string(c.seq) + "}"), text("{\"for\":\"facilitators\"}"), nullptr,
                       text("{\"for\":\"actor\"}"), 0};
        waiter wt;
        j.append(owner(), c, t, collect(c, w), wt.cb());
        return wt.get();
    }
};

std::vector<loaded_session> load(const std::string& path, std::size_t recent = 100) {
    connection db = open_or_fail(path);
    std::vector<loaded_session> out;
    status s = load_sessions(db, recent, out);
    if (!s.ok()) FAIL("load: " << s.message);
    return out;
}

workshop_state normalised(workshop_state st) {
    auto w = workshop::restore(std::move(st));
    if (!w) FAIL("restore: " << w.err().message);
    return w.value().state();
}

}  // namespace

TEST_CASE("a new database is migrated and set to WAL with synchronous=FULL", "[storage]") {
    temp_dir dir;
    const std::string path = (dir.path() / "sub" / "folder" / "s.db").string();
    connection db = open_or_fail(path);
    CHECK(std::filesystem::exists(path));
    CHECK(schema_version(db) == migrations().back().version);

    status err;
    statement mode = db.prepare("PRAGMA journal_mode", err);
    REQUIRE(mode.step(err));
    CHECK(mode.column_text(0) == "wal");
    statement sync = db.prepare("PRAGMA synchronous", err);
    REQUIRE(sync.step(err));
    CHECK(sync.column_int(0) == 2);  // FULL
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

TEST_CASE("a database of the first schema is upgraded with its boards intact", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("v1.db");
    {
        status err;
        auto db = connection::open(path, err);
        REQUIRE(db);
        REQUIRE(migrate(*db, migrations().first(1)).ok());
        REQUIRE(db->exec("INSERT INTO sessions (id, code, title, question, status, created_at, seq)"
                         " VALUES ('s1', 'K7M4QX', 'T', 'Q', 'open', 1795440420123, 1);"
                         "INSERT INTO columns (session_id, id, title, position) VALUES ('s1', 1, 'Ideas', 0);"
                         "INSERT INTO participants VALUES ('s1', 1, 'Fac', 'facilitator', 'h1', 1);"
                         "INSERT INTO participants VALUES ('s1', 2, 'Anna', 'participant', 'h2', 1);"
                         "INSERT INTO ideas (session_id, id, column_id, rank, text, author_id, version, text_version,"
                         " place_version, created_at, updated_at) VALUES ('s1', 1, 1, 0, 'old idea', 2, 1, 1, 1, 1, 1);"
                         "INSERT INTO changes VALUES ('s1', 1, 2, 'a1', 1, '{\"type\":\"idea.added\"}');")
                    .ok());
    }
    auto loaded = load(path);  // opening migrates
    REQUIRE(loaded.size() == 1);
    const auto& st = loaded[0].state;
    REQUIRE(st.participants.size() == 2);
    CHECK(st.participants[1].role_ == role::citizen);
    CHECK(st.controls.current == phase::ideas);
    REQUIRE(st.board.ideas.size() == 1);
    CHECK(st.board.ideas[0].fate_ == fate::open);
    REQUIRE(loaded[0].recent.size() == 1);
    CHECK(*loaded[0].recent[0].texts.facilitators == "{\"type\":\"idea.added\"}");
    CHECK(workshop::restore(st).ok());
}

namespace {

// A database at `path` made from a fixture's SQL (tests/fixtures/NAME.sql), not yet
// migrated; returns its schema version.
int database_from_fixture(const std::string& name, const std::string& path) {
    std::ifstream in(std::string(SAMSKAB_FIXTURES_DIR) + "/" + name + ".sql");
    REQUIRE(in);
    const std::string sql((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    status err;
    auto db = connection::open(path, err);
    REQUIRE(db);
    REQUIRE(db->exec(sql).ok());
    return schema_version(*db);
}

}  // namespace

TEST_CASE("a database made by the release before workspaces loads with its sessions and review copies", "[storage]") {
    // tests/fixtures/schema-8-before-workspaces.sql: made by make-release-fixture.mjs with
    // that release's server (a closed workshop, then a review session with copies of its
    // trial actions under way). The workspace migration must keep all of it.
    temp_dir dir;
    const std::string path = dir.file("old.db");
    CHECK(database_from_fixture("schema-8-before-workspaces", path) == 8);
    auto loaded = load(path);  // opening migrates
    REQUIRE(loaded.size() == 2);
    const auto& workshop_state = loaded[0].state.info.template_ == session_template::review ? loaded[1].state : loaded[0].state;
    const auto& review = loaded[0].state.info.template_ == session_template::review ? loaded[0].state : loaded[1].state;
    CHECK(workshop_state.info.status == session_status::closed);
    REQUIRE(workshop_state.trials.size() == 3);
    CHECK(workshop_state.decisions.size() == 3);
    CHECK(review.info.follow_up_of == workshop_state.info.id);
    REQUIRE(review.trials.size() == 2);  // the running and the proposed one, not the parked one
    for (const auto& copy : review.trials) {
        CHECK(copy.origin_session == workshop_state.info.id);
        const auto origin = std::find_if(workshop_state.trials.begin(), workshop_state.trials.end(),
                                         [&](const trial_action& t) { return t.id == copy.origin_trial; });
        REQUIRE(origin != workshop_state.trials.end());
        CHECK(origin->title == copy.title);
    }
    CHECK(workshop::restore(workshop_state).ok());
    CHECK(workshop::restore(review).ok());

    // Migrated, the sessions belong to no workspace, as before.
    connection db = open_or_fail(path);
    CHECK(schema_version(db) == migrations().back().version);
    status err;
    statement outside = db.prepare("SELECT count(*) FROM sessions WHERE workspace_id = ''", err);
    REQUIRE(outside.step(err));
    CHECK(outside.column_int(0) == 2);
}

TEST_CASE("a database made by the release before check-ins loads with its workspace and live views", "[storage]") {
    // tests/fixtures/schema-9-before-check-ins.sql: made by make-release-fixture.mjs
    // --workspace with that release's server: the sessions of the older fixture, and a
    // workspace with a closed workshop and a follow-up showing its trial action live.
    temp_dir dir;
    const std::string path = dir.file("old.db");
    CHECK(database_from_fixture("schema-9-before-check-ins", path) == 9);
    auto loaded = load(path);  // opening migrates
    REQUIRE(loaded.size() == 4);
    std::size_t in_workspace = 0, learnings = 0;
    for (const auto& l : loaded) {
        CHECK(workshop::restore(l.state).ok());
        if (!l.state.info.workspace_id.empty()) ++in_workspace;
        for (const auto& t : l.state.trials) {
            CHECK(t.review_moves.empty());
            CHECK_FALSE(t.spread);
            for (const auto& entry : t.learnings) {
                CHECK_FALSE(entry.checked_in.has_value());  // every entry was a learning
                ++learnings;
            }
        }
    }
    CHECK(in_workspace == 2);
    CHECK(learnings >= 4);
    // The live view and its origin have the same log: the learning written in the follow-up.
    const workshop_state* follow = nullptr;
    const workshop_state* origin = nullptr;
    for (const auto& l : loaded)
        if (!l.state.info.workspace_id.empty())
            (l.state.info.template_ == session_template::review ? follow : origin) = &l.state;
    REQUIRE(follow);
    REQUIRE(origin);
    REQUIRE(follow->trials.size() == 1);
    REQUIRE(origin->trials.size() == 1);
    CHECK(follow->trials[0].origin_session == origin->info.id);
    CHECK(origin->trials[0].learnings.size() == 2);
    CHECK(follow->trials[0].learnings.size() == 2);
    CHECK(origin->trials[0].version == follow->trials[0].version);

    connection db = open_or_fail(path);
    CHECK(schema_version(db) == migrations().back().version);
    status err;
    auto w = read_workspace(db, origin->info.workspace_id, err);
    REQUIRE(w);
    CHECK(w->overload_limit == 0);
}

TEST_CASE("a database of an older schema is backed up beside it before it is migrated, never over a file",
          "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("old.db");
    REQUIRE(database_from_fixture("schema-9-before-check-ins", path) == 9);
    const int newest = migrations().back().version;
    // A file already where the backup would go is left alone: the backup takes the next name.
    const std::string taken = migration_backup_path(path, newest);
    CHECK(taken == path + ".before-schema-" + std::to_string(newest) + ".bak");
    std::ofstream(taken) << "an older backup";

    status err;
    opening report;
    {
        auto db = open_database(path, err, &report);
        REQUIRE(db);
        CHECK(schema_version(*db) == newest);
    }
    CHECK(report.from_version == 9);
    CHECK(report.to_version == newest);
    CHECK(report.backup == path + ".before-schema-" + std::to_string(newest) + ".2.bak");
    CHECK(report.backup_sessions == 4);
    CHECK(file_bytes(taken) == "an older backup");
    // The backup is the database as it was: checked, at the old schema, all its sessions.
    database_info info;
    REQUIRE(check_database(report.backup, info).ok());
    CHECK(info.schema_version == 9);
    CHECK(info.sessions == 4);
    CHECK_FALSE(std::filesystem::exists(report.backup + ".partial"));
    // The migrated database works, and the next opening has nothing to migrate or back up.
    CHECK(load(path).size() == 4);
    opening again;
    REQUIRE(open_database(path, err, &again));
    CHECK(again.from_version == newest);
    CHECK(again.backup.empty());
}

TEST_CASE("a new database is not backed up, nor one a restore replaces", "[storage]") {
    temp_dir dir;
    status err;
    opening report;
    REQUIRE(open_database(dir.file("new.db"), err, &report));
    CHECK(report.from_version == 0);
    CHECK(report.to_version == migrations().back().version);
    CHECK(report.backup.empty());

    // A restore into a database of an older schema replaces it: no backup of it is taken.
    const std::string target = dir.file("target.db");
    REQUIRE(database_from_fixture("schema-9-before-check-ins", target) == 9);
    database_info info;
    REQUIRE(restore_database(dir.file("new.db"), target, info).ok());
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        CHECK(entry.path().string().find(".bak") == std::string::npos);
}

TEST_CASE("a probe write commits a page like any write, and fails as a write fails", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("p.db");
    sqlite_journal j(open_or_fail(path));
    auto probe = [&] {
        waiter w;
        j.probe_write(w.cb());
        return w.get();
    };
    REQUIRE(probe().ok());
    const auto wal_before = std::filesystem::file_size(path + "-wal");
    REQUIRE(probe().ok());
    CHECK(std::filesystem::file_size(path + "-wal") > wal_before);  // it really wrote
    CHECK(j.healthy());

    j.inject_commit_failures(1);
    CHECK(probe().code == SQLITE_FULL);
    CHECK_FALSE(j.healthy());
    CHECK(probe().ok());
    CHECK(j.healthy());
    status err;
    auto other = connection::open(path, err, true);
    REQUIRE(other);
    CHECK(schema_version(*other) == migrations().back().version);  // what it wrote changes nothing
}

TEST_CASE("a workspace is written with its links in one transaction and read back", "[storage]") {
    temp_dir dir;
    connection db = open_or_fail(dir.file("w.db"));
    const time_point t0{std::chrono::milliseconds(1796472131782)};
    workspace w{"w1", "Dragør Kommune", t0,
                {workspace_link{workspace_role::admin, "n1", "h1", true, t0},
                 workspace_link{workspace_role::viewer, "n2", "h2", false, t0 + std::chrono::seconds(1)}}};
    REQUIRE(insert_workspace(db, w).ok());
    status err;
    auto back = read_workspace(db, "w1", err);
    REQUIRE(err.ok());
    REQUIRE(back);
    CHECK(*back == w);
    CHECK_FALSE(read_workspace(db, "w2", err));
    CHECK(err.ok());

    // A second workspace whose link's hash is taken: refused, and nothing of it is kept.
    workspace clash{"w2", "Tårnby", t0, {workspace_link{workspace_role::admin, "n3", "h3", true, t0},
                                          workspace_link{workspace_role::admin, "n4", "h1", true, t0}}};
    CHECK_FALSE(insert_workspace(db, clash).ok());
    CHECK_FALSE(read_workspace(db, "w2", err));
    CHECK(err.ok());
    REQUIRE(read_workspace(db, "w1", err));
    CHECK(*read_workspace(db, "w1", err) == w);

    // The portfolio's overload limit and the retention are the workspace's settings, 0
    // (none) at first.
    CHECK(w.overload_limit == 0);
    CHECK(w.retention_months == 0);
    REQUIRE(write_workspace_settings(db, "w1", 8, 6).ok());
    w.overload_limit = 8;
    w.retention_months = 6;
    CHECK(*read_workspace(db, "w1", err) == w);
}

namespace {

// What a database and its WAL hold, byte for byte ("" for a file that is not there).
std::string database_bytes(const std::string& path) { return file_bytes(path) + file_bytes(path + "-wal"); }

// Runs sql with the texts bound as ?1, ?2, ...
void run_bound(connection& db, const std::string& sql, const std::vector<std::string>& texts) {
    status err;
    statement s = db.prepare(sql, err);
    REQUIRE(s.valid());
    for (std::size_t i = 0; i < texts.size(); ++i) s.bind(static_cast<int>(i) + 1, texts[i]);
    REQUIRE(s.run().ok());
}

std::string invites_event(const std::string& invites, int seq) {
    return R"({"type":"invites.updated","invites":[)" + invites + R"(],"seq":)" + std::to_string(seq) +
           R"(,"at":"2026-11-23T13:27:00.123Z"})";
}

}  // namespace

TEST_CASE("migrating a database with clear invitation tokens leaves none of them in the file or its WAL",
          "[storage]") {
    temp_dir dir;
    const std::string old_path = dir.file("v4.db"), path = dir.file("copy.db");
    // Four invitation tokens as the previous version stored them, in the invites table and
    // in the facilitators' (and the author's) texts of the invites.updated events.
    const std::string t_manager_old = "MgrOldTokenqQ2w9Zr1bV5yT8aL4cE6hJ0pS3fG7iK2", t_manager = "MgrTokenk9Zr1bV5yT8aL4cE6hJ0pS3fG7iK2oM9qQ",
                      t_staff = "StaffTokenZr1bV5yT8aL4cE6hJ0pS3fG7iK2oM9qQ2", t_co = "CoFacTokenr1bV5yT8aL4cE6hJ0pS3fG7iK2oM9qQ2w";
    const std::vector<std::string> tokens{t_manager_old, t_manager, t_staff, t_co};
    const std::string at = R"("created_at":"2026-11-23T13:27:00.123Z")";
    auto entry = [&](const char* role, const std::string& token, bool active) {
        return std::string(R"({"role":")") + role + R"(","token":")" + token + R"(","active":)" +
               (active ? "true" : "false") + "," + at + "}";
    };
    const std::string idea_event = R"({"type":"idea.added","idea":{"text":""invites" for the café"},"seq":5})";
    {
        status err;
        auto db = connection::open(old_path, err);
        REQUIRE(db);
        // As the previous version ran, in WAL mode; with secure_delete off, as SQLite is
        // built elsewhere than in Debian, so that replaced rows leave their bytes behind.
        REQUIRE(db->exec("PRAGMA journal_mode = WAL; PRAGMA secure_delete = OFF; PRAGMA wal_autocheckpoint = 0").ok());
        REQUIRE(migrate(*db, migrations().first(4)).ok());
        REQUIRE(db->exec("INSERT INTO sessions (id, code, title, question, status, created_at)"
                         " VALUES ('s1', 'K7M4QX', 'T', 'Q', 'open', 1795440420123);"
                         "INSERT INTO columns (session_id, id, title, position) VALUES ('s1', 1, 'Ideas', 0);"
                         "INSERT INTO participants VALUES ('s1', 1, 'Fac', 'facilitator', 'h1', 1, 0);")
                    .ok());
        const std::string add_invite =
            "INSERT OR REPLACE INTO invites (session_id, token_hash, role, token, active, created_at)"
            " VALUES ('s1', ?1, ?2, ?3, ?4, 1795440420123)";
        const std::string add_change =
            "INSERT INTO changes (session_id, seq, participant_id, ref, at, body, action, subject_id,"
            " body_facilitators, body_subject, body_actor) VALUES ('s1', ?1, 1, ?2, 1795440420123, ?3, ?4, 0, ?5, NULL, ?6)";
        const std::string unseen = R"({"type":"unseen","seq":1})";
        // Seq 1: the manager's first link; seq 2: renewed (the first revoked); seq 3, 4:
        // staff and co-facilitators; seq 5: an idea that only mentions invites; seq 6:
        // the co-facilitators' link revoked.
        run_bound(*db, add_invite, {"hash-mgr-old", "manager", t_manager_old, "1"});
        run_bound(*db, add_change, {"1", "f1", unseen, "invite.renew", invites_event(entry("manager", t_manager_old, true), 1),
                                    invites_event(entry("manager", t_manager_old, true), 1)});
        run_bound(*db, add_invite, {"hash-mgr-old", "manager", "", "0"});
        run_bound(*db, add_invite, {"hash-mgr", "manager", t_manager, "1"});
        const std::string two = entry("manager", "", false) + "," + entry("manager", t_manager, true);
        run_bound(*db, add_change, {"2", "f2", unseen, "invite.renew", invites_event(two, 2), invites_event(two, 2)});
        run_bound(*db, add_invite, {"hash-staff", "staff", t_staff, "1"});
        const std::string three = two + "," + entry("staff", t_staff, true);
        run_bound(*db, add_change, {"3", "f3", unseen, "invite.renew", invites_event(three, 3), invites_event(three, 3)});
        run_bound(*db, add_invite, {"hash-co", "co_facilitator", t_co, "1"});
        const std::string four = three + "," + entry("co_facilitator", t_co, true);
        run_bound(*db, add_change, {"4", "f4", unseen, "invite.renew", invites_event(four, 4), invites_event(four, 4)});
        run_bound(*db, add_change, {"5", "a1", idea_event, "idea.add", idea_event, idea_event});
        run_bound(*db, add_invite, {"hash-co", "co_facilitator", "", "0"});
        const std::string six = three + "," + entry("co_facilitator", "", false);
        run_bound(*db, add_change, {"6", "f5", unseen, "invite.revoke", invites_event(six, 6), invites_event(six, 6)});
        // The files as a crash would leave them: the WAL holds every old version of every page.
        std::filesystem::copy_file(old_path, path);
        std::filesystem::copy_file(old_path + "-wal", path + "-wal");
    }
    const std::string before = database_bytes(path);
    for (const auto& t : tokens) REQUIRE(before.find(t) != std::string::npos);  // the search would find them

    connection db = open_or_fail(path);  // migrates
    CHECK(schema_version(db) == migrations().back().version);
    // While the migrated database is open (as a server runs on it), and after it is closed.
    const std::string after_open = database_bytes(path);
    for (const auto& t : tokens) CHECK(after_open.find(t) == std::string::npos);

    // The invitations keep their hashes and states, without tokens or nonces.
    status err;
    statement cols = db.prepare("SELECT group_concat(name, ',') FROM pragma_table_info('invites')", err);
    REQUIRE(cols.step(err));
    CHECK(cols.column_text(0) == "session_id,token_hash,role,active,created_at,nonce");
    cols.reset();
    // The events read as the new version writes them: the same, without "token".
    statement bodies = db.prepare("SELECT body, body_facilitators, body_actor FROM changes ORDER BY seq", err);
    std::vector<std::array<std::string, 3>> rows;
    while (bodies.step(err)) rows.push_back({bodies.column_text(0), bodies.column_text(1), bodies.column_text(2)});
    bodies.reset();
    REQUIRE(rows.size() == 6);
    auto scrubbed = [&](const char* role, bool active) {
        return std::string(R"({"role":")") + role + R"(","active":)" + (active ? "true" : "false") + "," + at + "}";
    };
    const std::string revoked_mgr = scrubbed("manager", false), mgr = scrubbed("manager", true),
                      staff = scrubbed("staff", true);
    CHECK(rows[0][1] == invites_event(scrubbed("manager", true), 1));
    CHECK(rows[1][1] == invites_event(revoked_mgr + "," + mgr, 2));
    CHECK(rows[3][2] == invites_event(revoked_mgr + "," + mgr + "," + staff + "," + scrubbed("co_facilitator", true), 4));
    CHECK(rows[5][1] == invites_event(revoked_mgr + "," + mgr + "," + staff + "," + scrubbed("co_facilitator", false), 6));
    CHECK(rows[0][0] == R"({"type":"unseen","seq":1})");
    CHECK(rows[4] == std::array<std::string, 3>{idea_event, idea_event, idea_event});  // untouched, to the byte

    auto loaded = load(path);
    REQUIRE(loaded.size() == 1);
    const auto& invites = loaded[0].state.invites;
    REQUIRE(invites.size() == 4);
    for (const auto& i : invites) CHECK(i.nonce.empty());
    CHECK(std::count_if(invites.begin(), invites.end(), [](const invite& i) { return i.active; }) == 2);
    CHECK(loaded[0].state.invites.end() !=
          std::find_if(invites.begin(), invites.end(), [](const invite& i) { return i.token_hash == "hash-staff" && i.active; }));

    statement check = db.prepare("PRAGMA integrity_check", err);
    REQUIRE(check.step(err));
    CHECK(check.column_text(0) == "ok");
    check.reset();
    // A connection closes only once its statements are finalized (else it leaks).
    cols = statement();
    bodies = statement();
    check = statement();
    { connection closing = std::move(db); }
    const std::string after_close = database_bytes(path);
    for (const auto& t : tokens) CHECK(after_close.find(t) == std::string::npos);
}

namespace {

// Deletes session `id` through the journal; its outcome, and whether the WAL was emptied.
std::pair<deletion_outcome, bool> erase(journal& j, const std::string& id) {
    std::promise<std::pair<deletion_outcome, bool>> done;
    j.delete_session(id, std::nullopt, [&](const status& st, deletion_outcome outcome, bool wal_emptied) {
        CHECK(st.ok());
        done.set_value({outcome, wal_emptied});
    });
    return done.get_future().get();
}

// Writes a session that touches every table of a session's rows: settings, invitations,
// ideas (moved, merged, deleted, hidden), clusters, columns, comments, reactions, votes,
// trial actions with owners, learnings, check-ins and review moves, decisions, a removed
// participant, the close, and a participant who joined late.
void write_whole_session(stored& f, journal& j) {
    REQUIRE(f.create(j).ok());
    update_settings priv{};
    priv.private_writing = true;
    REQUIRE(f.write(j, f.fac, priv).ok());
    REQUIRE(f.write(j, f.fac, renew_invite{role::manager}).ok());
    REQUIRE(f.write(j, f.fac, renew_invite{role::manager}).ok());  // the first is now revoked
    REQUIRE(f.write(j, f.fac, set_phase{phase::ideas}).ok());
    REQUIRE(f.write(j, f.fac, start_timer{300}).ok());
    REQUIRE(f.write(j, f.citizen, add_idea{1, 0, "Caf\xC3\xA9 for stille unge"}, "a:1").ok());
    REQUIRE(f.write(j, f.staff, add_idea{1, 0, "Bordtennis"}, "s:1").ok());
    REQUIRE(f.write(j, f.manager, add_idea{2, 0, "VR p\xC3\xA5 plejehjemmet"}).ok());
    REQUIRE(f.write(j, f.citizen2, add_idea{2, 0, "to be deleted"}).ok());
    REQUIRE(f.write(j, f.citizen2, delete_idea{4, 1}).ok());
    REQUIRE(f.write(j, f.fac, reveal_ideas{}).ok());
    REQUIRE(f.write(j, f.fac, set_phase{phase::cluster}).ok());
    for (int k = 0; k < 40; ++k) REQUIRE(f.write(j, f.fac, add_idea{1, 2, "n" + std::to_string(k)}).ok());  // reranks
    REQUIRE(f.write(j, f.fac, move_idea{2, 1, 2, 3}).ok());
    REQUIRE(f.write(j, f.fac, create_cluster{2, "Teknologi", {2, 3}}).ok());
    REQUIRE(f.write(j, f.fac, create_cluster{1, "Gone soon", {}}).ok());
    REQUIRE(f.write(j, f.fac, delete_cluster{2}).ok());
    REQUIRE(f.write(j, f.fac, merge_ideas{1, {5}}).ok());
    REQUIRE(f.write(j, f.fac, add_column{"Temaer", 0}).ok());
    REQUIRE(f.write(j, f.fac, move_column{3, 2}).ok());
    REQUIRE(f.write(j, f.fac, rename_column{1, "Id\xC3\xA9" "er"}).ok());
    REQUIRE(f.write(j, f.fac, set_fate{6, fate::parked, "Senere"}).ok());
    REQUIRE(f.write(j, f.fac, moderate_idea{7, true}).ok());
    REQUIRE(f.write(j, f.staff, add_comment{target_kind::idea, 1, "Godt"}).ok());
    REQUIRE(f.write(j, f.citizen, add_comment{target_kind::idea, 1, "Tak"}).ok());
    REQUIRE(f.write(j, f.fac, moderate_comment{2, true}).ok());
    REQUIRE(f.write(j, f.staff, delete_comment{1}).ok());
    REQUIRE(f.write(j, f.manager, toggle_reaction{target_kind::idea, 1, reaction::love}).ok());
    REQUIRE(f.write(j, f.staff, toggle_reaction{target_kind::idea, 1, reaction::love}).ok());
    REQUIRE(f.write(j, f.fac, set_phase{phase::vote}).ok());
    REQUIRE(f.write(j, f.citizen, set_vote{1, 2}).ok());
    REQUIRE(f.write(j, f.staff, set_vote{3, 1}).ok());
    REQUIRE(f.write(j, f.staff, set_vote{3, 0}).ok());
    REQUIRE(f.write(j, f.manager, set_vote{2, 1}).ok());
    REQUIRE(f.write(j, f.fac, reveal_votes{}).ok());
    REQUIRE(f.write(j, f.fac, set_phase{phase::trial_actions}).ok());
    REQUIRE(f.write(j, f.fac, create_trial{"Bordtennis", "fredage", "unge og \xC3\xA6ldre m\xC3\xB8" "des",
                                           "ti faste", "2026-12-01", "2027-02-01", {2}, {f.staff.id}})
                .ok());
    REQUIRE(f.write(j, f.fac, create_trial{"Slettes", "", "", "", "", "", {}, {}}).ok());
    REQUIRE(f.write(j, f.fac, delete_trial{2}).ok());
    REQUIRE(f.write(j, f.manager, record_decision{target_kind::trial_action, 1, decision_kind::approve, "Ja"}).ok());
    REQUIRE(f.write(j, f.staff, set_trial_status{1, trial_status::running, outcome::none}).ok());
    REQUIRE(f.write(j, f.citizen, add_owner{1, f.citizen.id}).ok());
    REQUIRE(f.write(j, f.citizen, add_learning{1, "De unge kom"}).ok());
    REQUIRE(f.write(j, f.staff, update_trial{1, 4, std::string("Bordtennis fredag"), {}, {}, {}, {}, {}}).ok());
    // Later changes of the trial action keep its learnings; a new one adds its row.
    REQUIRE(f.write(j, f.staff, add_learning{1, "Flyt det til formiddagen"}).ok());
    // Check-ins are entries of the log with their report; review date moves are kept.
    REQUIRE(f.write(j, f.staff, check_in_trial{1, check_in{"Otte kom", evidence{evidence::kind::measure, 8.25, "deltagere", ""}, proposal::adapt}, "Fredag"}).ok());
    REQUIRE(f.write(j, f.staff, check_in_trial{1, check_in{"Stille uge", evidence{evidence::kind::note, 0, "", "\"hyggeligt\""}, proposal::continue_}, ""}).ok());
    REQUIRE(f.write(j, f.staff, check_in_trial{1, check_in{"Ingen tal", evidence{}, proposal::scale}, "Vent"}).ok());
    REQUIRE(f.write(j, f.staff, move_review_date{1, "2027-03-01", "Juleferien"}).ok());
    REQUIRE(f.write(j, f.manager, move_review_date{1, "2027-04-01", "Budgettet"}).ok());
    REQUIRE(f.write(j, f.manager, record_decision{target_kind::trial_action, 1, decision_kind::adapt, "Om eftermiddagen"}).ok());
    REQUIRE(f.write(j, f.citizen, remove_owner{1, f.citizen.id}).ok());
    // A trial action that worked, marked to spread.
    REQUIRE(f.write(j, f.staff, set_trial_status{1, trial_status::evaluated, outcome::worked}).ok());
    REQUIRE(f.write(j, f.manager, record_decision{target_kind::trial_action, 1, decision_kind::spread, "Alle klubber"}).ok());
    REQUIRE(f.w.trial_actions().find(1)->spread);
    REQUIRE(f.w.trial_actions().find(1)->learnings.size() == 5);
    REQUIRE(f.w.trial_actions().find(1)->review_moves.size() == 2);
    REQUIRE(f.write(j, f.manager, record_decision{target_kind::idea, 3, decision_kind::needs_check, "Jura"}).ok());
    REQUIRE(f.write(j, f.fac, create_trial{"Parkeres", "", "", "", "", "", {}, {f.manager.id}}).ok());
    REQUIRE(f.write(j, f.manager, record_decision{target_kind::trial_action, 3, decision_kind::park, "Til foråret"}).ok());
    REQUIRE(f.w.trial_actions().find(3)->status == trial_status::parked);
    REQUIRE(f.write(j, f.fac, remove_participant{f.citizen2.id}).ok());
    REQUIRE(f.write(j, f.fac, lock_board{true}).ok());
    REQUIRE(f.write(j, f.fac, update_session{std::string("Ny titel"), std::string("Nyt sp\xC3\xB8rgsm\xC3\xA5l?")}).ok());
    REQUIRE(f.write(j, f.fac, close_session{}).ok());
    // Participants who join are written on their own.
    participant late{f.w.people().next_id(), "Late", role::observer, "h-late", t0, false};
    f.w.add_participant(late);
    waiter wt;
    j.add_participant(f.owner(), late, wt.cb());
    REQUIRE(wt.get().ok());
}

}  // namespace

TEST_CASE("a whole session comes back exactly as it was written", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    {
        sqlite_journal j(open_or_fail(path));
        write_whole_session(f, j);
    }
    auto loaded = load(path);
    REQUIRE(loaded.size() == 1);
    CHECK(normalised(loaded[0].state) == f.w.state());
    // Ids of deleted ideas, clusters, comments and trial actions are not reused.
    CHECK(loaded[0].state.board.last_idea_id == f.w.state().board.last_idea_id);
    CHECK(loaded[0].state.board.last_cluster_id == 2);
    CHECK(loaded[0].state.last_comment_id == 2);
    CHECK(loaded[0].state.last_trial_id == 3);
    REQUIRE(loaded[0].state.trials.size() == 2);
    CHECK(loaded[0].state.trials[1].status == trial_status::parked);
}

TEST_CASE("a deleted session leaves no row in any table, none of its text in the file, and an empty WAL",
          "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    // Texts the session holds in its rows (ideas, learnings, decisions, owners' names, moves).
    const std::vector<std::string> texts{"Caf\xC3\xA9 for stille unge", "VR p\xC3\xA5 plejehjemmet", "De unge kom",
                                         "Flyt det til formiddagen",     "Om eftermiddagen",            "Juleferien",
                                         "Nyt sp\xC3\xB8rgsm\xC3\xA5l?", "Bordtennis fredag", "K7M4QX"};
    auto bytes = [&] { return file_bytes(path) + (std::filesystem::exists(path + "-wal") ? file_bytes(path + "-wal") : ""); };
    {
        sqlite_journal j(open_or_fail(path));
        write_whole_session(f, j);
        {
            const std::string before = bytes();
            for (const auto& t : texts) CHECK(before.find(t) != std::string::npos);
        }
        // Every table that keeps a session's rows is found in the schema itself (a table
        // a later migration adds with a session_id column is deleted without a change).
        {
            connection db = open_or_fail(path);
            status err;
            const auto tables = session_tables(db, err);
            REQUIRE(err.ok());
            for (const char* t : {"changes", "participants", "columns", "ideas", "clusters", "votes", "comments",
                                  "reactions", "trial_actions", "trial_owners", "trial_ideas", "trial_learnings",
                                  "trial_fields", "trial_review_moves", "decisions", "invites"}) {
                INFO(t);
                CHECK(std::find(tables.begin(), tables.end(), t) != tables.end());
            }
        }
        const auto [outcome, wal_emptied] = erase(j, "s1");
        CHECK(outcome == deletion_outcome::deleted);
        CHECK(wal_emptied);
        CHECK((!std::filesystem::exists(path + "-wal") || std::filesystem::file_size(path + "-wal") == 0));
        // Again: there is no such session any more.
        CHECK(erase(j, "s1").first == deletion_outcome::not_found);
    }
    connection db = open_or_fail(path);
    status err;
    for (const auto& t : session_tables(db, err)) {
        statement count = db.prepare("SELECT COUNT(*) FROM \"" + t + "\"", err);
        REQUIRE(count.valid());
        REQUIRE(count.step(err));
        INFO(t);
        CHECK(count.column_int(0) == 0);
    }
    statement sessions = db.prepare("SELECT COUNT(*) FROM sessions", err);
    REQUIRE(sessions.valid());
    REQUIRE(sessions.step(err));
    CHECK(sessions.column_int(0) == 0);
    const std::string after = bytes();
    for (const auto& t : texts) {
        INFO(t);
        CHECK(after.find(t) == std::string::npos);
    }
    CHECK(load(path).empty());
    database_info info;
    CHECK(check_database(path, info).ok());
}

TEST_CASE("a session that another follows up is not deleted, and nothing of it goes", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    sqlite_journal j(open_or_fail(path));
    f.open_ideas(j);
    {
        connection db = open_or_fail(path);
        REQUIRE(db.exec("INSERT INTO sessions (id, code, title, question, status, created_at, follow_up_of)"
                        " VALUES ('s2', 'ZZZZZZ', 'Review', '?', 'open', 0, 's1')")
                    .ok());
    }
    CHECK(erase(j, "s1").first == deletion_outcome::has_follow_ups);
    CHECK(erase(j, "s2").first == deletion_outcome::deleted);
    CHECK(load(path).size() == 1);
}

TEST_CASE("the big screen's focus is stored, and so is its clearing when the idea is hidden", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    {
        sqlite_journal j(open_or_fail(path));
        f.open_ideas(j);
        REQUIRE(f.write(j, f.citizen, add_idea{1, 0, "L\xC3\xA6seklub"}).ok());
        REQUIRE(f.write(j, f.co, focus_screen{screen_focus{screen_kind::idea, 1}}).ok());
    }
    auto loaded = load(path);
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].state.controls.screen == screen_focus{screen_kind::idea, 1});
    {
        sqlite_journal j(open_or_fail(path));
        REQUIRE(f.write(j, f.fac, moderate_idea{1, true}).ok());
    }
    REQUIRE(f.w.controls().screen == screen_focus{});
    loaded = load(path);
    CHECK(loaded[0].state.controls.screen == screen_focus{});
    CHECK(normalised(loaded[0].state) == f.w.state());
}

TEST_CASE("a new session is written with the learnings of the trial actions it took over", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    workshop_state st = f.w.state();
    trial_action t;
    t.id = st.last_trial_id = 1;
    t.title = "Taken over";
    t.owners = {owner{0, "Bo"}};
    t.learnings = {learning{3, t0, 0, "Bo", "first"}, learning{7, t0, 0, "Anna", "second"}};
    t.origin_session = "earlier";
    t.origin_trial = 4;
    st.trials.push_back(t);
    auto w = workshop::restore(std::move(st));
    REQUIRE(w.ok());
    f.w = std::move(w.value());
    {
        sqlite_journal j(open_or_fail(path));
        REQUIRE(f.create(j).ok());
        REQUIRE(f.write(j, f.fac, add_learning{1, "third"}).ok());
        REQUIRE(f.write(j, f.fac, update_trial{1, 2, std::string("Still taken over"), {}, {}, {}, {}, {}}).ok());
    }
    auto loaded = load(path);
    REQUIRE(loaded.size() == 1);
    CHECK(normalised(loaded[0].state) == f.w.state());
    REQUIRE(loaded[0].state.trials.size() == 1);
    const auto& log = loaded[0].state.trials[0].learnings;
    REQUIRE(log.size() == 3);
    CHECK(log[2].id == 8);
    CHECK(log[2].text == "third");
}

TEST_CASE("recent changes come back with the texts each kind of recipient got", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    {
        sqlite_journal j(open_or_fail(path));
        REQUIRE(f.create(j).ok());
        for (int k = 1; k <= 10; ++k) REQUIRE(f.write(j, f.fac, add_idea{1, 0, "i"}, "ref" + std::to_string(k)).ok());
    }
    auto loaded = load(path, 4);
    REQUIRE(loaded[0].recent.size() == 4);
    const auto& last = loaded[0].recent.back();
    CHECK(loaded[0].recent.front().seq == 7);
    CHECK(last.seq == 10);
    CHECK(last.ref == "ref10");
    CHECK(last.by == f.fac.id);
    CHECK(*last.texts.others == "{\"seq\":10}");
    CHECK(*last.texts.facilitators == "{\"for\":\"facilitators\"}");
    CHECK(*last.texts.subject == "{\"seq\":10}");  // none given: the same as others
    CHECK(*last.texts.actor == "{\"for\":\"actor\"}");
    CHECK(loaded[0].state.seq == 10);
}

TEST_CASE("the journal reads a session's recent changes, as the loader does, and none of another's", "[storage]") {
    temp_dir dir;
    stored f, other;
    other.w = workshop::create(session_info{"s2", "K7M4QY", "T", "Q", session_status::open, t0,
                                            session_template::idea_workshop, ""},
                               {}, {"Ideas"}, participant{0, "Fac", role::facilitator, "h-other", t0, false});
    sqlite_journal j(open_or_fail(dir.file("s.db")));
    REQUIRE(f.create(j).ok());
    REQUIRE(other.create(j).ok());
    for (int k = 1; k <= 6; ++k) REQUIRE(f.write(j, f.fac, add_idea{1, 0, "i"}, "ref" + std::to_string(k)).ok());
    REQUIRE(other.write(j, *other.w.people().find(1), set_phase{phase::ideas}).ok());
    std::promise<std::pair<status, std::vector<stored_change>>> got;
    j.read_recent(f.w.info().id, 4, [&](const status& s, std::vector<stored_change> recent) {
        got.set_value({s, std::move(recent)});
    });
    auto [s, recent] = got.get_future().get();
    REQUIRE(s.ok());
    REQUIRE(recent.size() == 4);
    CHECK(recent.front().seq == 3);
    CHECK(recent.back().seq == 6);
    CHECK(recent.back().ref == "ref6");
    CHECK(*recent.back().texts.actor == "{\"for\":\"actor\"}");
    CHECK(*recent.back().texts.subject == "{\"seq\":6}");
}

TEST_CASE("the audit log lists the facilitators' and managers' control actions, newest first, in pages", "[storage]") {
    temp_dir dir;
    stored f;
    sqlite_journal j(open_or_fail(dir.file("s.db")));
    f.open_ideas(j);  // 1
    REQUIRE(f.write(j, f.citizen, add_idea{1, 0, "not audited"}).ok());          // 2
    REQUIRE(f.write(j, f.co, start_timer{60}).ok());                              // 3
    REQUIRE(f.write(j, f.manager, record_decision{target_kind::idea, 1, decision_kind::approve, ""}).ok());  // 4
    REQUIRE(f.write(j, f.fac, stop_timer{}).ok());                                // 5
    // Contributions are never audited, whoever makes them: the log would say who wrote
    // what whatever the anonymity setting says.
    REQUIRE(f.write(j, f.manager, add_idea{1, 0, "by a manager"}).ok());         // 6
    REQUIRE(f.write(j, f.co, add_idea{1, 0, "by a co-facilitator"}).ok());       // 7

    auto read = [&](seq_t before, std::int64_t limit) {
        std::promise<std::pair<std::vector<audit_row>, bool>> p;
        j.read_audit(f.w.info().id, before, limit, [&](const status& s, std::vector<audit_row> rows, bool more) {
            CHECK(s.ok());
            p.set_value({std::move(rows), more});
        });
        return p.get_future().get();
    };
    auto [page, more] = read(100, 2);
    REQUIRE(page.size() == 2);
    CHECK(more);
    CHECK(page[0].seq == 5);
    CHECK(page[0].action == "timer.stop");
    CHECK(page[0].text == "{\"for\":\"facilitators\"}");
    CHECK(page[1].actor == f.manager.id);
    auto [rest, more2] = read(page[1].seq, 10);
    REQUIRE(rest.size() == 2);
    CHECK_FALSE(more2);
    CHECK(rest[0].seq == 3);
    CHECK(rest[1].seq == 1);
}

TEST_CASE("the changes of some commands are read oldest first, up to a seq, in everyone's text", "[storage]") {
    temp_dir dir;
    stored f;
    sqlite_journal j(open_or_fail(dir.file("s.db")));
    f.open_ideas(j);                                                  // 1: phase.set
    REQUIRE(f.write(j, f.citizen, add_idea{1, 0, "not asked for"}).ok());  // 2
    REQUIRE(f.write(j, f.fac, set_phase{phase::vote}).ok());          // 3
    REQUIRE(f.write(j, f.fac, set_phase{phase::ideas}).ok());         // 4
    REQUIRE(f.write(j, f.fac, close_session{}).ok());                 // 5

    auto read = [&](seq_t upto, std::vector<std::string> actions, std::int64_t limit) {
        std::promise<std::pair<std::vector<audit_row>, bool>> p;
        j.read_actions(f.w.info().id, upto, std::move(actions), limit,
                       [&](const status& s, std::vector<audit_row> rows, bool more) {
                           CHECK(s.ok());
                           p.set_value({std::move(rows), more});
                       });
        return p.get_future().get();
    };
    auto [rows, more] = read(100, {"phase.set", "session.close"}, 10);
    CHECK_FALSE(more);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].seq == 1);
    CHECK(rows[0].action == "phase.set");
    CHECK(rows[0].text == "{\"seq\":1}");  // everyone's text, not the facilitators'
    CHECK(rows[2].at == t0 + std::chrono::seconds(3));
    CHECK(rows[3].action == "session.close");
    // Up to a seq, and at most `limit`.
    auto [upto, more2] = read(3, {"phase.set", "session.close"}, 10);
    CHECK(upto.size() == 2);
    CHECK_FALSE(more2);
    auto [first, more3] = read(100, {"phase.set"}, 2);
    CHECK(first.size() == 2);
    CHECK(more3);
    // A name that is no wire name matches nothing.
    auto [odd, more4] = read(100, {"phase.set\"]", "", "Phase.Set"}, 10);
    CHECK(odd.empty());
    CHECK_FALSE(more4);
}

TEST_CASE("a session's history: its origin written with it, its changes with every text, up to a seq", "[storage]") {
    temp_dir dir;
    stored f;
    sqlite_journal j(open_or_fail(dir.file("s.db")));
    write_set rows = collect_all(f.w);
    rows.origin = origin_texts{"{\"origin\":\"others\"}", "{\"origin\":\"facilitators\"}"};
    waiter created;
    j.create_session(std::move(rows), created.cb());
    REQUIRE(created.get().ok());
    REQUIRE(f.write(j, f.fac, set_phase{phase::ideas}).ok());               // 1
    REQUIRE(f.write(j, f.citizen, add_idea{1, 0, "an idea"}).ok());         // 2
    REQUIRE(f.write(j, f.fac, set_phase{phase::vote}).ok());                // 3

    auto read = [&](const std::string& id, seq_t upto, std::int64_t limit) {
        std::promise<stored_history> p;
        j.read_history(id, upto, limit, [&](const status& s, stored_history h) {
            CHECK(s.ok());
            p.set_value(std::move(h));
        });
        return p.get_future().get();
    };
    const auto h = read(f.w.info().id, 100, 10);
    REQUIRE(h.origin);
    CHECK(h.origin->others == "{\"origin\":\"others\"}");
    CHECK(h.origin->facilitators == "{\"origin\":\"facilitators\"}");
    CHECK_FALSE(h.more);
    REQUIRE(h.changes.size() == 3);
    CHECK(h.changes[1].seq == 2);
    CHECK(h.changes[1].by == f.citizen.id);
    CHECK(h.changes[1].at == t0 + std::chrono::seconds(1));
    CHECK(*h.changes[1].texts.others == "{\"seq\":2}");
    CHECK(*h.changes[1].texts.facilitators == "{\"for\":\"facilitators\"}");
    CHECK(*h.changes[1].texts.subject == "{\"seq\":2}");  // stored as "the same as others"
    CHECK(*h.changes[1].texts.actor == "{\"for\":\"actor\"}");
    // Up to a seq, and at most `limit`.
    CHECK(read(f.w.info().id, 2, 10).changes.size() == 2);
    const auto first = read(f.w.info().id, 100, 2);
    CHECK(first.changes.size() == 2);
    CHECK(first.more);
    // A session without an origin (made before they were kept), and one that does not exist.
    CHECK_FALSE(read("no-such-session", 100, 10).origin);
    CHECK(read("no-such-session", 100, 10).changes.empty());
}

TEST_CASE("a change out of order is refused and nothing of it is written", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    {
        sqlite_journal j(open_or_fail(path));
        REQUIRE(f.create(j).ok());
        auto ev = f.w.decide(f.fac, add_idea{1, 0, "x"}, f.ctx());
        REQUIRE(ev.ok());
        change c{5, f.fac.id, t0, "r", "idea.add", ev.value()};
        workshop after = f.w;
        after.apply(change{1, f.fac.id, t0, "r", "idea.add", ev.value()});
        waiter wt;
        j.append(f.owner(), c, change_texts{text("{}"), nullptr, nullptr, nullptr, 0}, collect(c, after), wt.cb());
        status s = wt.get();
        CHECK_FALSE(s.ok());
        CHECK(s.message.find("out of order") != std::string::npos);
    }
    auto loaded = load(path);
    CHECK(loaded[0].state.seq == 0);
    CHECK(loaded[0].state.board.ideas.empty());
    CHECK(loaded[0].recent.empty());
}

TEST_CASE("a write refused among others keeps the ones before it, and the order", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    {
        sqlite_journal j(open_or_fail(path));
        f.open_ideas(j);
        // Appended together, so that the writer most likely takes them into one
        // transaction: 2, then a change that skips 3, then 3. The one out of order is
        // refused alone (the transaction is run again with a savepoint per write); 3 is
        // refused as a later write of the same epoch, and 2 is kept.
        std::vector<change> changes;
        for (const char* t : {"two", "three"}) {
            auto ev = f.w.decide(f.fac, add_idea{1, 0, t}, f.ctx());
            REQUIRE(ev.ok());
            changes.push_back(change{f.w.seq() + 1, f.fac.id, t0, t, "idea.add", ev.value()});
            f.w.apply(changes.back());
        }
        change skipping = changes.back();
        skipping.seq = 9;
        waiter w2, w9, w3;
        const auto texts = change_texts{text("{}"), nullptr, nullptr, nullptr, 0};
        j.append(f.owner(), changes[0], texts, collect(changes[0], f.w), w2.cb());
        j.append(f.owner(), skipping, texts, collect(skipping, f.w), w9.cb());
        j.append(f.owner(), changes[1], texts, collect(changes[1], f.w), w3.cb());
        CHECK(w2.get().ok());
        const status refused = w9.get();
        CHECK(refused.code == SQLITE_CONSTRAINT);
        CHECK(refused.message.find("out of order") != std::string::npos);
        CHECK(w3.get().code == SQLITE_ABORT);

        // In a new epoch 3 follows 2: nothing of the refused ones advanced the session.
        ++f.epoch;
        waiter again;
        j.append(f.owner(), changes[1], texts, collect(changes[1], f.w), again.cb());
        CHECK(again.get().ok());
    }
    auto loaded = load(path);
    CHECK(loaded[0].state.seq == 3);
    REQUIRE(loaded[0].recent.size() == 3);
    CHECK(loaded[0].recent.back().ref == "three");
}

TEST_CASE("after a restart the journal goes on from the last change stored", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    {
        sqlite_journal j(open_or_fail(path));
        f.open_ideas(j);
        REQUIRE(f.write(j, f.citizen, add_idea{1, 0, "one"}).ok());
    }
    {
        sqlite_journal j(open_or_fail(path));
        const workshop before = f.w;
        REQUIRE(f.write(j, f.citizen, add_idea{1, 0, "two"}).ok());
        // Once more with the same seq: out of order.
        f.w = before;
        const status again = f.write(j, f.citizen, add_idea{1, 0, "two again"});
        CHECK(again.code == SQLITE_CONSTRAINT);
    }
    auto loaded = load(path);
    CHECK(loaded[0].state.seq == 3);
}

TEST_CASE("a failed commit fails the session's later writes until a new epoch", "[storage]") {
    temp_dir dir;
    const std::string path = dir.file("s.db");
    stored f;
    {
        sqlite_journal j(open_or_fail(path));
        f.open_ideas(j);
        REQUIRE(f.write(j, f.citizen, add_idea{1, 0, "kept"}).ok());
        const workshop committed = f.w;
        CHECK(j.healthy());

        j.inject_commit_failures(1);
        status failed = f.write(j, f.citizen, add_idea{1, 0, "lost"});
        CHECK(failed.code == SQLITE_FULL);
        CHECK_FALSE(j.healthy());
        status after = f.write(j, f.citizen, add_idea{1, 0, "also lost"});
        CHECK(after.code == SQLITE_ABORT);

        // The owner rolls back to what was committed and starts a new epoch.
        f.w = committed;
        ++f.epoch;
        REQUIRE(f.write(j, f.citizen, add_idea{1, 0, "after the failure"}).ok());
        CHECK(j.healthy());
    }
    auto loaded = load(path);
    CHECK(normalised(loaded[0].state) == f.w.state());
    CHECK(loaded[0].state.seq == 3);
}

TEST_CASE("flush completes after every earlier write", "[storage]") {
    temp_dir dir;
    stored f;
    sqlite_journal j(open_or_fail(dir.file("s.db")));
    std::vector<std::string> order;
    std::mutex m;
    std::promise<void> done;
    j.create_session(collect_all(f.w), [&](const status& s) {
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
    stored f;
    sqlite_journal j(open_or_fail(dir.file("s.db")));
    REQUIRE(f.create(j).ok());
    write_set other = collect_all(f.w);
    other.info.id = "sid-2";
    waiter wt;
    j.create_session(other, wt.cb());
    status s = wt.get();
    CHECK((s.code & 0xFF) == SQLITE_CONSTRAINT);
}

TEST_CASE("one process at a time holds a database's lock", "[storage]") {
    temp_dir dir;
    const std::string db = dir.file("s.db");
    status err;
    auto first = database_lock::acquire(db, err);
    REQUIRE(first);
    CHECK_FALSE(database_lock::acquire(db, err));
    CHECK(err.message.find("another process uses") != std::string::npos);
    first.reset();
    CHECK(database_lock::acquire(db, err));
}

TEST_CASE("a backup is a checked, self-contained copy, junk is refused", "[storage]") {
    temp_dir dir;
    stored f;
    f.one_change(dir.file("s.db"));
    database_info info;
    REQUIRE(backup_database(dir.file("s.db"), dir.file("b.db"), info).ok());
    CHECK(info.sessions == 1);
    CHECK(info.changes == 1);
    CHECK_FALSE(std::filesystem::exists(dir.file("b.db-wal")));
    CHECK_FALSE(backup_database(dir.file("s.db"), dir.file("b.db"), info).ok());  // never overwrites
    std::ofstream(dir.file("junk.db")) << "not a database at all";
    CHECK_FALSE(check_database(dir.file("junk.db"), info).ok());
    CHECK_FALSE(check_database(dir.file("missing.db"), info).ok());
    REQUIRE(restore_database(dir.file("b.db"), dir.file("r.db"), info).ok());
    auto loaded = load(dir.file("r.db"));
    REQUIRE(loaded.size() == 1);
    CHECK(normalised(loaded[0].state) == f.w.state());
}

TEST_CASE("a backup or restore waits a bounded time for a lock another connection holds", "[storage]") {
    using namespace std::chrono_literals;
    temp_dir dir;
    stored f;
    f.one_change(dir.file("s.db"));
    database_info info;
    REQUIRE(backup_database(dir.file("s.db"), dir.file("b.db"), info).ok());  // rollback-journal mode
    REQUIRE(restore_database(dir.file("b.db"), dir.file("r.db"), info).ok());  // WAL mode

    struct row {
        const char* what;
        std::string locked;    // the database a second connection holds a lock on
        const char* lock_sql;  // how
        std::function<status()> copy;
    };
    const std::vector<row> rows = {
        {"a backup of a database that a writer holds", dir.file("b.db"), "BEGIN EXCLUSIVE",
         [&] { return backup_database(dir.file("b.db"), dir.file("c.db"), info, 200ms); }},
        {"a restore into a database that a writer holds", dir.file("r.db"), "BEGIN IMMEDIATE",
         [&] { return restore_database(dir.file("b.db"), dir.file("r.db"), info, 200ms); }},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        status err;
        auto holder = connection::open(r.locked, err);  // as it is: open_database would set WAL mode
        REQUIRE(holder);
        REQUIRE(holder->exec(r.lock_sql).ok());
        const auto t0 = std::chrono::steady_clock::now();
        const status s = r.copy();
        CHECK((s.code & 0xff) == SQLITE_BUSY);
        CHECK(s.message.find("locked") != std::string::npos);
        CHECK(std::chrono::steady_clock::now() - t0 < 3s);  // 200 ms, twice at most, plus the work
        CHECK_FALSE(std::filesystem::exists(dir.file("c.db")));
        CHECK_FALSE(std::filesystem::exists(dir.file("c.db.partial")));
        // Once the lock is gone the same copy goes through.
        REQUIRE(holder->exec("ROLLBACK").ok());
        CHECK(r.copy().ok());
        std::filesystem::remove(dir.file("c.db"));
    }
}

TEST_CASE("a database with a row of a session that is not there fails its check", "[storage]") {
    // The server does not have SQLite enforce the foreign keys on each write;
    // check_database (backups, the crash test) finds what they would have refused.
    temp_dir dir;
    stored f;
    f.one_change(dir.file("s.db"));
    database_info info;
    REQUIRE(check_database(dir.file("s.db"), info).ok());
    {
        connection db = open_or_fail(dir.file("s.db"));
        REQUIRE(db.exec("INSERT INTO columns (session_id, id, title, position) VALUES ('no such session', 1, 'x', 0)")
                    .ok());
    }
    const status s = check_database(dir.file("s.db"), info);
    CHECK(s.code == SQLITE_CORRUPT);
    CHECK(s.message.find("foreign_key_check") != std::string::npos);
    CHECK(s.message.find("columns") != std::string::npos);
}

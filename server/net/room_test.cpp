// Tests of a room with fake peers and a journal whose writes the test completes by
// hand: ordering, acks and broadcasts, the join handshake, resume, failures.
#include "net/room.hpp"

#include "net/secrets.hpp"

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <deque>

using namespace samskab;
using namespace samskab::server;
using namespace samskab::domain;
using nlohmann::json;

namespace {

const time_point t0{std::chrono::milliseconds{1'795'440'420'123}};

// A journal that keeps every write until the test completes it.
struct fake_journal : storage::journal {
    struct write {
        std::string what;
        storage::completion done;
    };
    std::deque<write> writes;

    void create_session(board_state, storage::completion done) override { writes.push_back({"session", std::move(done)}); }
    void add_participant(const storage::session_epoch&, participant p, storage::completion done) override {
        writes.push_back({"participant " + p.name, std::move(done)});
    }
    void append(const storage::session_epoch&, change c, std::shared_ptr<const std::string>, storage::completion done) override {
        writes.push_back({"change " + std::to_string(c.seq), std::move(done)});
    }
    void flush(std::function<void()> done) override { done(); }
    bool healthy() const override { return true; }

    void complete(const storage::status& s = {}) {
        REQUIRE_FALSE(writes.empty());
        auto w = std::move(writes.front());
        writes.pop_front();
        w.done(s);
    }
    void complete_all() {
        while (!writes.empty()) complete();
    }
};

struct fake_peer : peer {
    std::vector<std::shared_ptr<const std::string>> got;
    std::optional<close_code> closed;
    std::optional<bool> joined;

    void deliver(std::shared_ptr<const std::string> msg) override { got.push_back(std::move(msg)); }
    void close(close_code c) override { closed = c; }
    void join_result(bool ok) override { joined = ok; }

    json msg(std::size_t i) const { return json::parse(*got.at(i)); }
    json last() const { return json::parse(*got.back()); }
    std::vector<std::string> types() const {
        std::vector<std::string> out;
        for (const auto& m : got) out.push_back(json::parse(*m)["type"]);
        return out;
    }
};

struct fixture {
    boost::asio::io_context ioc;
    fake_journal journal;
    std::string fac_token = new_token();
    std::shared_ptr<room> r;

    explicit fixture(room_limits limits = {}) {
        board b = board::create(session_info{"sid", "K7M4QX", "T", "Q", session_status::open, t0}, {"Ideas", "Later"},
                                participant{0, "Fac", role::facilitator, hash_token(fac_token), t0});
        r = std::make_shared<room>(ioc.get_executor(), journal, std::move(b), std::vector<storage::stored_change>{}, limits);
    }

    // Runs everything posted, including what that posts.
    void settle() {
        ioc.restart();
        ioc.poll();
    }

    std::shared_ptr<fake_peer> join_token(const std::string& token, std::optional<seq_t> since = std::nullopt) {
        auto p = std::make_shared<fake_peer>();
        r->join(p, protocol::join_request{"K7M4QX", std::nullopt, token, since});
        settle();
        return p;
    }

    // A new participant, joined and welcomed (its participant write completed).
    std::shared_ptr<fake_peer> join_name(const std::string& name) {
        auto p = std::make_shared<fake_peer>();
        r->join(p, protocol::join_request{"K7M4QX", name, std::nullopt, std::nullopt});
        settle();
        journal.complete();
        settle();
        REQUIRE(p->joined == true);
        return p;
    }

    void send(const std::shared_ptr<fake_peer>& p, const std::string& ref, command cmd) {
        r->submit(p, protocol::command_request{ref, std::move(cmd)});
        settle();
    }
    void commit() {
        journal.complete();
        settle();
    }
};

}  // namespace

TEST_CASE("a new participant is welcomed only after it is written", "[server]") {
    fixture f;
    auto p = std::make_shared<fake_peer>();
    f.r->join(p, protocol::join_request{"K7M4QX", std::string("  Anna "), std::nullopt, std::nullopt});
    f.settle();
    CHECK(p->got.empty());
    REQUIRE(f.journal.writes.size() == 1);
    CHECK(f.journal.writes.front().what == "participant Anna");
    f.commit();
    REQUIRE(p->types() == std::vector<std::string>{"welcome", "snapshot"});
    auto w = p->msg(0);
    CHECK(w["you"]["name"] == "Anna");
    CHECK(w["you"]["role"] == "participant");
    CHECK(w["token"].get<std::string>().size() == 43);
    CHECK(w["resume"] == "snapshot");
    CHECK(p->joined == true);
    // The token works for the next join, and is not shown again.
    auto again = f.join_token(w["token"]);
    CHECK(again->msg(0)["you"]["id"] == w["you"]["id"]);
    CHECK_FALSE(again->msg(0).contains("token"));
}

TEST_CASE("commands sent before the welcome are answered after it, in order", "[server]") {
    fixture f;
    auto p = std::make_shared<fake_peer>();
    f.r->join(p, protocol::join_request{"K7M4QX", std::string("Anna"), std::nullopt, std::nullopt});
    f.r->submit(p, protocol::command_request{"a1", add_idea{1, std::nullopt, "first"}});
    f.r->submit(p, protocol::command_request{"a2", add_idea{1, std::nullopt, ""}});
    f.settle();
    CHECK(p->got.empty());
    f.commit();  // the participant
    f.commit();  // the first idea
    CHECK(p->types() == std::vector<std::string>{"welcome", "snapshot", "error", "ack"});
    CHECK(p->msg(2)["ref"] == "a2");
    CHECK(p->msg(3)["ref"] == "a1");
}

TEST_CASE("a change is acked to its author and broadcast to the others after the commit", "[server]") {
    fixture f;
    auto anna = f.join_name("Anna");
    auto bo = f.join_name("Bo");
    auto fac = f.join_token(f.fac_token);
    for (auto* p : {anna.get(), bo.get(), fac.get()}) p->got.clear();

    f.send(anna, "a1", add_idea{1, std::nullopt, "Bordtennis"});
    CHECK(anna->got.empty());
    CHECK(bo->got.empty());
    f.commit();
    REQUIRE(anna->got.size() == 1);
    REQUIRE(bo->got.size() == 1);
    REQUIRE(fac->got.size() == 1);
    CHECK(anna->last()["type"] == "ack");
    CHECK(anna->last()["ref"] == "a1");
    CHECK(anna->last()["event"] == bo->last());
    CHECK(bo->last()["type"] == "idea.added");
    CHECK(bo->last()["seq"] == 1);
    // Serialized once: every other recipient holds the very same string.
    CHECK(bo->got.back() == fac->got.back());
}

TEST_CASE("a refused command reaches only its author", "[server]") {
    fixture f;
    auto anna = f.join_name("Anna");
    auto bo = f.join_name("Bo");
    anna->got.clear();
    bo->got.clear();
    f.send(anna, "a1", delete_column{1});
    REQUIRE(anna->got.size() == 1);
    CHECK(anna->last()["code"] == "forbidden");
    CHECK(anna->last()["ref"] == "a1");
    CHECK(bo->got.empty());
    CHECK(f.journal.writes.empty());
}

TEST_CASE("acks go to every connection of the author", "[server]") {
    fixture f;
    auto tab1 = f.join_name("Anna");
    auto tab2 = f.join_token(tab1->msg(0)["token"]);
    auto bo = f.join_name("Bo");
    tab1->got.clear();
    tab2->got.clear();
    f.send(tab1, "a1", add_idea{1, std::nullopt, "x"});
    f.commit();
    CHECK(tab1->last()["type"] == "ack");
    CHECK(tab2->last()["type"] == "ack");
    CHECK(bo->last()["type"] == "idea.added");
}

TEST_CASE("changes are decided against earlier ones still being written", "[server]") {
    fixture f;
    auto anna = f.join_name("Anna");
    anna->got.clear();
    f.send(anna, "a1", add_idea{1, std::nullopt, "one"});
    f.send(anna, "a2", edit_idea{1, 1, "one, edited"});  // idea 1 is not committed yet
    REQUIRE(f.journal.writes.size() == 2);
    f.journal.complete_all();
    f.settle();
    REQUIRE(anna->types() == std::vector<std::string>{"ack", "ack"});
    CHECK(anna->msg(1)["event"]["seq"] == 2);
    CHECK(anna->msg(1)["event"]["text"] == "one, edited");
}

TEST_CASE("a failed write refuses every pending change and nobody sees them", "[server]") {
    fixture f;
    auto anna = f.join_name("Anna");
    auto bo = f.join_name("Bo");
    anna->got.clear();
    bo->got.clear();
    f.send(anna, "a1", add_idea{1, std::nullopt, "kept"});
    f.commit();
    f.send(anna, "a2", add_idea{1, std::nullopt, "lost"});
    f.send(bo, "b1", add_idea{1, std::nullopt, "lost too"});
    f.journal.complete(storage::status{13, "database or disk is full"});
    f.settle();
    CHECK(anna->last()["code"] == "storage_unavailable");
    CHECK(anna->last()["ref"] == "a2");
    CHECK(bo->last()["code"] == "storage_unavailable");
    CHECK(bo->last()["ref"] == "b1");
    // The second write's completion arrives too, and changes nothing.
    f.commit();
    // The next change takes the seq the lost one had.
    anna->got.clear();
    bo->got.clear();
    f.send(bo, "b2", add_idea{1, std::nullopt, "after"});
    f.commit();
    CHECK(anna->last()["type"] == "idea.added");
    CHECK(anna->last()["seq"] == 2);
    CHECK(anna->last()["idea"]["id"] == 2);
    auto late = f.join_token(f.fac_token);
    auto snap = late->msg(1);
    REQUIRE(snap["ideas"].size() == 2);
    CHECK(snap["ideas"][0]["text"] == "kept");
    CHECK(snap["ideas"][1]["text"] == "after");
}

TEST_CASE("a failed participant write fails the join", "[server]") {
    fixture f;
    auto p = std::make_shared<fake_peer>();
    f.r->join(p, protocol::join_request{"K7M4QX", std::string("Anna"), std::nullopt, std::nullopt});
    f.r->submit(p, protocol::command_request{"a1", add_idea{1, std::nullopt, "x"}});
    f.settle();
    f.journal.complete(storage::status{10, "disk I/O error"});
    f.settle();
    REQUIRE(p->types() == std::vector<std::string>{"error", "error"});
    CHECK(p->msg(0)["code"] == "storage_unavailable");
    CHECK(p->msg(1)["code"] == "not_joined");
    CHECK(p->joined == false);
    // The participant does not exist: the next join gets id 2 again.
    auto q = f.join_name("Anna");
    CHECK(q->msg(0)["you"]["id"] == 2);
}

TEST_CASE("a client that resumes gets exactly the events it missed", "[server]") {
    fixture f;
    auto anna = f.join_name("Anna");
    const std::string token = anna->msg(0)["token"];
    for (int k = 0; k < 5; ++k) {
        f.send(anna, "a" + std::to_string(k), add_idea{1, std::nullopt, "i" + std::to_string(k)});
        f.commit();
    }
    f.r->leave(anna);
    f.settle();

    auto back = f.join_token(token, 2);
    REQUIRE(back->types() == std::vector<std::string>{"welcome", "idea.added", "idea.added", "idea.added"});
    CHECK(back->msg(0)["resume"] == "events");
    CHECK(back->msg(0)["seq"] == 5);
    CHECK(back->msg(1)["seq"] == 3);
    CHECK(back->msg(3)["seq"] == 5);
    CHECK(back->msg(0)["recent_refs"] == json::array({"a0", "a1", "a2", "a3", "a4"}));

    auto current = f.join_token(token, 5);
    CHECK(current->types() == std::vector<std::string>{"welcome"});
    auto future = f.join_token(token, 99);
    CHECK(future->msg(0)["resume"] == "snapshot");
}

TEST_CASE("a client too far behind gets a snapshot", "[server]") {
    room_limits small;
    small.history = 3;
    fixture f(small);
    auto anna = f.join_name("Anna");
    const std::string token = anna->msg(0)["token"];
    for (int k = 0; k < 6; ++k) {
        f.send(anna, "a" + std::to_string(k), add_idea{1, std::nullopt, "i"});
        f.commit();
    }
    CHECK(f.join_token(token, 3)->msg(0)["resume"] == "events");  // 4, 5, 6 are kept
    auto behind = f.join_token(token, 2);
    CHECK(behind->types() == std::vector<std::string>{"welcome", "snapshot"});
    CHECK(behind->msg(1)["seq"] == 6);
    CHECK(behind->msg(1)["ideas"].size() == 6);
}

TEST_CASE("welcome lists the refs still being written", "[server]") {
    fixture f;
    auto anna = f.join_name("Anna");
    f.send(anna, "a1", add_idea{1, std::nullopt, "x"});
    f.r->leave(anna);
    auto back = f.join_token(anna->msg(0)["token"], 0);
    CHECK(back->msg(0)["pending_refs"] == json::array({"a1"}));
    CHECK(back->msg(0)["seq"] == 0);
    f.commit();  // its ack goes to the new connection
    CHECK(back->last()["type"] == "ack");
    CHECK(back->last()["ref"] == "a1");
}

TEST_CASE("join and command errors", "[server]") {
    fixture f;
    auto stranger = std::make_shared<fake_peer>();
    f.r->submit(stranger, protocol::command_request{"s1", add_idea{1, std::nullopt, "x"}});
    f.settle();
    CHECK(stranger->last()["code"] == "not_joined");

    auto bad = f.join_token("not-a-token");
    CHECK(bad->last()["code"] == "invalid_token");
    CHECK(bad->joined == false);

    auto anna = f.join_name("Anna");
    f.r->join(anna, protocol::join_request{"K7M4QX", std::string("Anna"), std::nullopt, std::nullopt});
    f.settle();
    CHECK(anna->last()["code"] == "already_joined");

    auto noname = std::make_shared<fake_peer>();
    f.r->join(noname, protocol::join_request{"K7M4QX", std::string("   "), std::nullopt, std::nullopt});
    f.settle();
    CHECK(noname->last()["code"] == "invalid_field");
    CHECK(noname->last()["field"] == "name");
    CHECK(f.journal.writes.empty());
}

TEST_CASE("a session with too many writes waiting answers overloaded", "[server]") {
    room_limits small;
    small.max_pending = 2;
    fixture f(small);
    auto anna = f.join_name("Anna");
    anna->got.clear();
    f.send(anna, "a1", add_idea{1, std::nullopt, "x"});
    f.send(anna, "a2", add_idea{1, std::nullopt, "y"});
    f.send(anna, "a3", add_idea{1, std::nullopt, "z"});
    CHECK(anna->last()["code"] == "overloaded");
    CHECK(anna->last()["ref"] == "a3");
    f.journal.complete_all();
    f.settle();
    f.send(anna, "a4", add_idea{1, std::nullopt, "fits again"});
    f.commit();
    CHECK(anna->last()["type"] == "ack");
}

TEST_CASE("a peer that left gets nothing; close_all closes the rest", "[server]") {
    fixture f;
    auto anna = f.join_name("Anna");
    auto bo = f.join_name("Bo");
    f.r->leave(bo);
    f.settle();
    bo->got.clear();
    f.send(anna, "a1", add_idea{1, std::nullopt, "x"});
    f.commit();
    CHECK(bo->got.empty());
    bool done = false;
    f.r->close_all(close_code::going_away, [&] { done = true; });
    f.settle();
    CHECK(done);
    CHECK(anna->closed == close_code::going_away);
    CHECK_FALSE(bo->closed.has_value());
}

TEST_CASE("the session summary follows committed updates", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    f.send(fac, "f1", update_session{std::string("New title"), std::nullopt});
    CHECK(f.r->info().title == "T");
    f.commit();
    CHECK(f.r->info().title == "New title");
}

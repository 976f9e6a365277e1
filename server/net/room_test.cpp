// Tests of a room with fake peers and a journal whose writes the test completes by
// hand: ordering, acks and what each recipient gets, the join handshake with names,
// invitations and tokens, presence, removal, resume, failures.
#include "net/room.hpp"

#include "domain/replay.hpp"

#include "domain/test_fixture.hpp"
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

const time_point t0 = domain::testing::t0;

// A journal that keeps every write until the test completes it.
struct fake_journal : storage::journal {
    struct write {
        std::string what;
        storage::completion done;
    };
    std::deque<write> writes;
    std::vector<storage::change_texts> texts;
    std::vector<storage::audit_row> audit_rows;
    int audit_reads = 0;
    bool hold_audits = false;  // keep read completions in held_audits until released
    std::deque<storage::audit_completion> held_audits;

    void create_session(storage::write_set, storage::completion done) override { writes.push_back({"session", std::move(done)}); }
    void add_participant(const storage::session_epoch&, participant p, storage::completion done) override {
        writes.push_back({"participant " + p.name, std::move(done)});
    }
    void append(const storage::session_epoch&, change c, storage::change_texts t, storage::write_set,
                storage::completion done) override {
        texts.push_back(t);
        writes.push_back({"change " + std::to_string(c.seq), std::move(done)});
    }
    void read_audit(std::string, seq_t, std::int64_t, storage::audit_completion done) override {
        ++audit_reads;
        if (hold_audits) held_audits.push_back(std::move(done));
        else done({}, audit_rows, false);
    }
    void read_recent(std::string, std::size_t, storage::recent_completion done) override {
        held_recent.push_back(std::move(done));  // the test runs it
    }
    void read_workspace(std::string, storage::workspace_completion done) override { done({}, std::nullopt); }
    void import_session(storage::write_set, workshop_state, std::vector<storage::audit_row>,
                        storage::completion done) override {
        writes.push_back({"import", std::move(done)});
    }
    void read_actions(std::string, seq_t, std::vector<std::string>, std::int64_t, storage::audit_completion done) override {
        done({}, {}, false);
    }
    void read_history(std::string, seq_t, std::int64_t, storage::history_completion done) override { done({}, {}); }
    void change_workspace_links(std::string, domain::workspace_role, std::optional<domain::workspace_link>,
                                storage::completion done) override {
        writes.push_back({"workspace links", std::move(done)});
    }
    void change_workspace_settings(std::string, std::int64_t, std::int64_t, storage::completion done) override {
        writes.push_back({"workspace settings", std::move(done)});
    }
    void read_retention_candidates(retention_completion done) override { done({}, {}); }
    void remove_names(domain::workshop_state st, storage::text_scrub, domain::time_point,
                      storage::completion done) override {
        writes.push_back({"remove names " + st.info.id, std::move(done)});
    }
    void delete_session(std::string id, std::optional<kept_shell>, storage::deletion_completion done) override {
        writes.push_back({"delete " + id, [done = std::move(done)](const storage::status& s) {
                              done(s, storage::deletion_outcome::deleted, true);
                          }});
    }
    void flush(std::function<void()> done) override { done(); }
    void probe_write(storage::completion done) override { done({}); }
    bool healthy() const override { return true; }
    std::size_t queue_depth() const override { return 0; }

    std::deque<storage::recent_completion> held_recent;

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
    bool closing() const override { return closed.has_value(); }
    admission may_change() override { return address_budget; }
    void changed() override { ++changes; }

    admission address_budget;  // what the address's change budget says
    int changes = 0;           // changes spent from it

    json msg(std::size_t i) const { return json::parse(*got.at(i)); }
    json last() const { return json::parse(*got.back()); }
    // The last message of a type, or null.
    json last_of(const std::string& type) const {
        for (auto it = got.rbegin(); it != got.rend(); ++it)
            if (auto j = json::parse(**it); j["type"] == type) return j;
        return nullptr;
    }
    std::vector<std::string> types() const {
        std::vector<std::string> out;
        for (const auto& m : got) out.push_back(json::parse(*m)["type"]);
        return out;
    }
};

std::shared_ptr<const server_key> make_key(char fill = 'k') {
    return std::make_shared<const server_key>(server_key::from_bytes(std::string(server_key::size, fill)));
}

struct fixture {
    boost::asio::io_context ioc;
    fake_journal journal;
    std::shared_ptr<const server_key> key = make_key();
    std::string fac_token = new_token();
    std::shared_ptr<room> r;

    // Presence changes are sent at once (no interval), unless `limits` says otherwise
    // with keep_interval.
    explicit fixture(room_limits limits = {}, settings options = {}, bool keep_interval = false) {
        if (!keep_interval) limits.presence_interval = std::chrono::milliseconds(0);
        session_info info{"sid", "K7M4QX", "T", "Q", session_status::open, t0, session_template::idea_workshop, ""};
        workshop w = workshop::create(info, options, {"Ideas", "Later"},
                                      participant{0, "Fac", role::facilitator, hash_token(fac_token), t0, false});
        r = std::make_shared<room>(ioc.get_executor(), journal, key, std::move(w), std::vector<storage::stored_change>{},
                                   limits);
    }

    // Runs everything posted, including what that posts.
    void settle() {
        ioc.restart();
        ioc.poll();
    }

    std::shared_ptr<fake_peer> join_token(const std::string& token, std::optional<seq_t> since = std::nullopt) {
        auto p = std::make_shared<fake_peer>();
        protocol::join_request req;
        req.code = "K7M4QX";
        req.token = token;
        req.since = since;
        r->join(p, req);
        settle();
        return p;
    }

    // A newcomer's join by name, sent and handled (its participant write, if any, pending).
    std::shared_ptr<fake_peer> sent_join(const std::string& name, std::optional<std::string> invite) {
        auto p = std::make_shared<fake_peer>();
        protocol::join_request req;
        req.code = "K7M4QX";
        req.name = name;
        req.invite = std::move(invite);
        r->join(p, req);
        settle();
        return p;
    }

    // A newcomer the room turns away: never welcomed.
    std::shared_ptr<fake_peer> refused_join(const std::string& name, std::optional<std::string> invite = std::nullopt) {
        auto p = sent_join(name, std::move(invite));
        CHECK(p->joined == false);
        return p;
    }

    // A new participant, joined and welcomed (its participant write completed).
    std::shared_ptr<fake_peer> join_name(const std::string& name, std::optional<std::string> invite = std::nullopt) {
        auto p = sent_join(name, std::move(invite));
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
    // The facilitator's connection, and the session in its ideas phase.
    std::shared_ptr<fake_peer> start_ideas() {
        auto fac = join_token(fac_token);
        send(fac, "start", set_phase{phase::ideas});
        commit();
        return fac;
    }
};

std::string token_of(const fake_peer& p) { return p.msg(0)["token"]; }

}  // namespace

TEST_CASE("a new participant is welcomed only after it is written", "[server]") {
    fixture f;
    auto p = std::make_shared<fake_peer>();
    protocol::join_request req;
    req.code = "K7M4QX";
    req.name = "  Anna ";
    f.r->join(p, req);
    f.settle();
    CHECK(p->got.empty());
    REQUIRE(f.journal.writes.size() == 1);
    CHECK(f.journal.writes.front().what == "participant Anna");
    f.commit();
    REQUIRE(p->types() == std::vector<std::string>{"welcome", "snapshot", "presence"});
    auto w = p->msg(0);
    CHECK(w["you"]["name"] == "Anna");
    CHECK(w["you"]["role"] == "citizen");
    CHECK(w["token"].get<std::string>().size() == 43);
    CHECK(w["resume"] == "snapshot");
    CHECK(w.contains("server_time"));
    auto again = f.join_token(token_of(*p));
    CHECK(again->msg(0)["you"]["id"] == w["you"]["id"]);
    CHECK_FALSE(again->msg(0).contains("token"));
}

TEST_CASE("invitations give their role, revoked and unknown ones are refused", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    f.send(fac, "f1", renew_invite{role::manager});
    f.commit();
    const std::string invite = fac->last_of("invites")["invites"][0]["token"];
    REQUIRE(invite.size() == 43);
    auto mona = f.join_name("Mona", invite);
    CHECK(mona->msg(0)["you"]["role"] == "manager");

    auto stranger = f.refused_join("X", "not-an-invitation");
    CHECK(stranger->last()["code"] == "invalid_invite");

    f.send(fac, "f2", revoke_invite{role::manager});
    f.commit();
    auto late = f.refused_join("X", invite);
    CHECK(late->last()["code"] == "invite_revoked");
}

TEST_CASE("the invites message, with the links, goes to the facilitators' connections only", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    REQUIRE(fac->types() == std::vector<std::string>{"welcome", "snapshot", "invites", "presence"});
    CHECK(fac->msg(2) == json{{"type", "invites"}, {"invites", json::array()}});
    f.send(fac, "f1", renew_invite{role::co_facilitator});
    f.commit();
    f.send(fac, "f2", renew_invite{role::manager});
    f.commit();
    // Each committed invitation change: its ack, then the invitations with their links.
    REQUIRE(fac->types() == std::vector<std::string>{"welcome", "snapshot", "invites", "presence", "ack", "invites",
                                                     "ack", "invites"});
    const json links = fac->last()["invites"];
    REQUIRE(links.size() == 2);
    const std::string co_link = links[0]["token"], manager_link = links[1]["token"];
    CHECK(links[1]["role"] == "manager");
    CHECK(links[1]["active"] == true);
    CHECK(links[1]["created_at"] == fac->msg(6)["event"]["invites"][1]["created_at"]);
    // The events carry no token: neither the ack nor what the journal keeps.
    CHECK(fac->msg(6)["event"]["invites"][1] == json{{"role", "manager"}, {"active", true}, {"created_at", links[1]["created_at"]}});

    auto co = f.join_name("Cora", co_link);
    REQUIRE(co->types() == std::vector<std::string>{"welcome", "snapshot", "invites", "presence"});
    CHECK(co->msg(2)["invites"] == links);
    auto mona = f.join_name("Mona", manager_link);
    auto anna = f.join_name("Anna");
    CHECK(mona->types() == std::vector<std::string>{"welcome", "snapshot", "presence", "presence.changed"});  // Anna
    CHECK(anna->types() == std::vector<std::string>{"welcome", "snapshot", "presence"});

    f.send(fac, "f3", renew_invite{role::manager});
    f.commit();
    const std::string new_manager_link = fac->last()["invites"][2]["token"];
    CHECK(new_manager_link != manager_link);
    CHECK(fac->last()["invites"][1]["token"] == "");  // the renewed one is revoked
    CHECK(co->last()["type"] == "invites");
    CHECK(co->last()["invites"] == fac->last()["invites"]);
    for (const auto& p : {mona, anna}) {
        CHECK(p->last_of("invites") == nullptr);
        for (const auto& m : p->got)
            for (const std::string& t : {co_link, manager_link, new_manager_link}) CHECK(m->find(t) == std::string::npos);
    }
    for (const auto& texts : f.journal.texts)
        for (const auto* text : {texts.others.get(), texts.facilitators.get(), texts.subject.get(), texts.actor.get()})
            for (const std::string& t : {co_link, manager_link, new_manager_link})
                CHECK((text == nullptr || text->find(t) == std::string::npos));
    // A reconnecting facilitator gets them after the missed events.
    auto back = f.join_token(f.fac_token, 1);
    CHECK(back->types() == std::vector<std::string>{"welcome", "invites.updated", "invites.updated", "invites", "presence"});
    CHECK(back->msg(3)["invites"] == fac->last()["invites"]);
}

TEST_CASE("links are derived again after a restart, and old invitations admit, shown without a link", "[server]") {
    // A session as storage gives it back: a manager invitation made with the key (its
    // nonce kept), and a staff invitation from before tokens were derived (its hash only).
    const auto key = make_key();
    const std::string fac_token = new_token();
    session_info info{"sid", "K7M4QX", "T", "Q", session_status::open, t0, session_template::idea_workshop, ""};
    workshop_state st = workshop::create(info, {}, {"Ideas"},
                                         participant{0, "Fac", role::facilitator, hash_token(fac_token), t0, false})
                            .state();
    const invite_secret made = key->new_invite("sid");
    st.invites.push_back(invite{role::manager, made.nonce, made.token_hash, true, t0});
    st.invites.push_back(invite{role::staff, "", hash_token("an-old-clear-token"), true, t0});
    const std::string manager_link = key->invite_token("sid", made.nonce);

    for (const auto& [k, expected] : {std::pair{key, manager_link}, std::pair{make_key('x'), std::string()}}) {
        boost::asio::io_context ioc;
        fake_journal journal;
        auto r = std::make_shared<room>(ioc.get_executor(), journal, k, workshop::restore(st).value(),
                                        std::vector<storage::stored_change>{});
        auto fac = std::make_shared<fake_peer>();
        protocol::join_request req;
        req.code = "K7M4QX";
        req.token = fac_token;
        r->join(fac, req);
        ioc.poll();
        const json links = fac->last_of("invites")["invites"];
        REQUIRE(links.size() == 2);
        // The same link as before the restart; with another key file, none (never a wrong one).
        CHECK(links[0] == json{{"role", "manager"}, {"token", expected}, {"active", true}, {"created_at", "2026-11-23T13:27:00.123Z"}});
        CHECK(links[1] == json{{"role", "staff"}, {"token", ""}, {"active", true}, {"created_at", "2026-11-23T13:27:00.123Z"}});
        // Both still admit, whatever the key: they are found by their hash.
        for (const auto& [link, r_name] : {std::pair{manager_link, "manager"}, std::pair{std::string("an-old-clear-token"), "staff"}}) {
            auto p = std::make_shared<fake_peer>();
            protocol::join_request j;
            j.code = "K7M4QX";
            j.name = "N";
            j.invite = link;
            r->join(p, j);
            ioc.restart();
            ioc.poll();
            REQUIRE(journal.writes.size() == 1);
            journal.complete();
            ioc.restart();
            ioc.poll();
            CHECK(p->msg(0)["you"]["role"] == r_name);
        }
    }
}

TEST_CASE("commands sent before the welcome are answered after it, in order", "[server]") {
    fixture f;
    f.start_ideas();
    auto p = std::make_shared<fake_peer>();
    protocol::join_request req;
    req.code = "K7M4QX";
    req.name = "Anna";
    f.r->join(p, req);
    f.r->submit(p, protocol::command_request{"a1", add_idea{1, 0, "first"}});
    f.r->submit(p, protocol::command_request{"a2", add_idea{1, 0, ""}});
    f.settle();
    CHECK(p->got.empty());
    f.commit();  // the participant
    f.commit();  // the first idea
    CHECK(p->types() == std::vector<std::string>{"welcome", "snapshot", "presence", "error", "ack"});
    CHECK(p->msg(3)["ref"] == "a2");
    CHECK(p->msg(4)["ref"] == "a1");
}

TEST_CASE("a change is acked to its author and broadcast to the others after the commit", "[server]") {
    fixture f;
    auto fac = f.start_ideas();
    auto anna = f.join_name("Anna");
    auto bo = f.join_name("Bo");
    auto sam = f.join_name("Sam");
    for (auto* p : {anna.get(), bo.get(), sam.get(), fac.get()}) p->got.clear();

    f.send(anna, "a1", add_idea{1, 0, "Bordtennis"});
    CHECK(anna->got.empty());
    CHECK(bo->got.empty());
    f.commit();
    REQUIRE(anna->got.size() == 1);
    REQUIRE(bo->got.size() == 1);
    CHECK(anna->last()["type"] == "ack");
    CHECK(anna->last()["event"]["idea"]["mine"] == true);
    CHECK(bo->last()["type"] == "idea.added");
    CHECK(bo->last()["idea"]["mine"] == false);
    CHECK(bo->last()["seq"] == 2);
    // Serialized once per kind of recipient: the other citizens share one string.
    CHECK(bo->got.back() == sam->got.back());
    CHECK(fac->last()["idea"]["text"] == "Bordtennis");
}

TEST_CASE("each recipient gets what it may see: private ideas and votes", "[server]") {
    settings s;
    s.private_writing = true;
    fixture f({}, s);
    auto fac = f.start_ideas();
    auto anna = f.join_name("Anna");
    auto bo = f.join_name("Bo");
    const std::string anna_token = token_of(*anna), bo_token = token_of(*bo);
    for (auto* p : {anna.get(), bo.get(), fac.get()}) p->got.clear();
    f.send(anna, "a1", add_idea{1, 0, "hemmelig"});
    f.commit();
    CHECK(anna->last()["event"]["idea"]["text"] == "hemmelig");
    for (auto* p : {bo.get(), fac.get()}) {
        CHECK(p->last()["type"] == "unseen");
        CHECK(p->last()["private_count"] == 1);
        CHECK(p->got.back()->find("hemmelig") == std::string::npos);
    }
    // A reconnecting participant gets the same, from history.
    auto bo2 = f.join_token(bo_token, 1);
    CHECK(bo2->msg(1)["type"] == "unseen");
    auto anna2 = f.join_token(anna_token, 1);
    CHECK(anna2->msg(1)["type"] == "idea.added");

    f.send(fac, "f1", reveal_ideas{});
    f.commit();
    f.send(fac, "f2", set_phase{phase::vote});
    f.commit();
    f.send(bo, "b1", set_vote{1, 2});
    f.commit();
    CHECK(bo->last()["event"]["type"] == "vote.updated");
    CHECK(anna->last()["type"] == "votes.progress");
    CHECK(fac->last()["type"] == "votes.progress");
    // The journal keeps the texts per kind of recipient, for resuming clients.
    const auto& t = f.journal.texts.back();
    CHECK(t.actor->find("vote.updated") != std::string::npos);
    CHECK(t.others->find("votes.progress") != std::string::npos);
}

TEST_CASE("the big screen's focus reaches everyone, and a hide clears it for every later message", "[server]") {
    fixture f;
    auto fac = f.start_ideas();
    auto anna = f.join_name("Anna");
    f.send(anna, "a1", add_idea{1, 0, "L\xC3\xA6seklub"});
    f.commit();
    const idea_id id = fac->last()["idea"]["id"];
    f.send(anna, "a2", focus_screen{screen_focus{screen_kind::idea, id}});
    CHECK(anna->last()["code"] == "forbidden");
    f.send(fac, "f1", focus_screen{screen_focus{screen_kind::idea, id}});
    f.commit();
    CHECK(anna->last()["type"] == "controls.updated");
    CHECK(anna->last()["controls"]["screen"] == json{{"kind", "idea"}, {"id", id}});
    CHECK(f.join_name("Bo")->msg(1)["controls"]["screen"]["id"] == id);

    f.send(fac, "f2", moderate_idea{id, true});
    f.commit();
    CHECK(fac->last()["type"] == "ack");
    // Whoever comes now, or resumes with a snapshot, is told of no focus.
    auto cy = f.join_name("Cy");
    CHECK(cy->msg(1)["type"] == "snapshot");
    CHECK(cy->msg(1)["controls"]["screen"] == json{{"kind", "none"}});
    f.send(fac, "f3", focus_screen{screen_focus{screen_kind::idea, id}});
    CHECK(fac->last()["code"] == "idea_not_found");
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
    f.start_ideas();
    auto tab1 = f.join_name("Anna");
    auto tab2 = f.join_token(token_of(*tab1));
    auto bo = f.join_name("Bo");
    tab1->got.clear();
    tab2->got.clear();
    f.send(tab1, "a1", add_idea{1, 0, "x"});
    f.commit();
    CHECK(tab1->last()["type"] == "ack");
    CHECK(tab2->last()["type"] == "ack");
    CHECK(bo->last()["type"] == "idea.added");
}

TEST_CASE("changes are decided against earlier ones still being written", "[server]") {
    fixture f;
    f.start_ideas();
    auto anna = f.join_name("Anna");
    anna->got.clear();
    f.send(anna, "a1", add_idea{1, 0, "one"});
    f.send(anna, "a2", edit_idea{1, 1, "one, edited"});
    REQUIRE(f.journal.writes.size() == 2);
    f.journal.complete_all();
    f.settle();
    REQUIRE(anna->types() == std::vector<std::string>{"ack", "ack"});
    CHECK(anna->msg(1)["event"]["text"] == "one, edited");
}

TEST_CASE("a failed write refuses every pending change and nobody sees them", "[server]") {
    fixture f;
    f.start_ideas();
    auto anna = f.join_name("Anna");
    auto bo = f.join_name("Bo");
    anna->got.clear();
    bo->got.clear();
    f.send(anna, "a1", add_idea{1, 0, "kept"});
    f.commit();
    f.send(anna, "a2", add_idea{1, 0, "lost"});
    f.send(bo, "b1", add_idea{1, 0, "lost too"});
    f.journal.complete(storage::status{13, "database or disk is full"});
    f.settle();
    CHECK(anna->last()["code"] == "storage_unavailable");
    CHECK(anna->last()["ref"] == "a2");
    CHECK(bo->last()["code"] == "storage_unavailable");
    CHECK(bo->last()["ref"] == "b1");
    f.commit();  // the second write's completion arrives too, and changes nothing
    anna->got.clear();
    f.send(bo, "b2", add_idea{1, 0, "after"});
    f.commit();
    CHECK(anna->last()["type"] == "idea.added");
    CHECK(anna->last()["seq"] == 3);
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
    protocol::join_request req;
    req.code = "K7M4QX";
    req.name = "Anna";
    f.r->join(p, req);
    f.r->submit(p, protocol::command_request{"a1", add_idea{1, 0, "x"}});
    f.settle();
    f.journal.complete(storage::status{10, "disk I/O error"});
    f.settle();
    REQUIRE(p->types() == std::vector<std::string>{"error", "error"});
    CHECK(p->msg(0)["code"] == "storage_unavailable");
    CHECK(p->msg(1)["code"] == "not_joined");
    CHECK(p->joined == false);
    auto q = f.join_name("Anna");
    CHECK(q->msg(0)["you"]["id"] == 2);
}

TEST_CASE("a client that resumes gets exactly the events it missed", "[server]") {
    fixture f;
    f.start_ideas();  // seq 1
    auto anna = f.join_name("Anna");
    for (int k = 0; k < 5; ++k) {
        f.send(anna, "a" + std::to_string(k), add_idea{1, 0, "i" + std::to_string(k)});
        f.commit();
    }
    f.r->leave(anna);
    f.settle();
    auto back = f.join_token(token_of(*anna), 3);
    REQUIRE(back->types() == std::vector<std::string>{"welcome", "idea.added", "idea.added", "idea.added", "presence"});
    CHECK(back->msg(0)["resume"] == "events");
    CHECK(back->msg(0)["seq"] == 6);
    CHECK(back->msg(1)["seq"] == 4);
    CHECK(back->msg(1)["idea"]["mine"] == true);  // her own, as their author sees them
    CHECK(back->msg(0)["recent_refs"] == json::array({"a0", "a1", "a2", "a3", "a4"}));
    CHECK(f.join_token(token_of(*anna), 6)->types() == std::vector<std::string>{"welcome", "presence"});
    CHECK(f.join_token(token_of(*anna), 99)->msg(0)["resume"] == "snapshot");
}

TEST_CASE("a client that resumes from before something was taken out of view gets a snapshot", "[server]") {
    fixture f;
    auto fac = f.start_ideas();  // seq 1
    auto anna = f.join_name("Anna");
    f.send(anna, "a1", add_idea{1, 0, "visible"});  // seq 2
    f.commit();
    f.send(anna, "a2", add_idea{1, 0, "to be hidden"});  // seq 3
    f.commit();
    const idea_id hidden = fac->last()["idea"]["id"];
    auto bo = f.join_name("Bo");
    const std::string bo_token = token_of(*bo);
    f.r->leave(bo);
    f.settle();
    f.send(fac, "f1", moderate_idea{hidden, true});  // seq 4: withdraws idea 2 from Bo
    f.commit();
    f.send(anna, "a3", add_idea{1, 0, "after"});  // seq 5
    f.commit();

    struct row { seq_t since; const char* resume; };
    for (const row r : {row{0, "snapshot"}, row{2, "snapshot"}, row{3, "snapshot"}, row{4, "events"}, row{5, "events"}}) {
        INFO("since " << r.since);
        auto back = f.join_token(bo_token, r.since);
        CHECK(back->msg(0)["resume"] == r.resume);
        for (const auto& m : back->got) CHECK(m->find("to be hidden") == std::string::npos);
        if (std::string(r.resume) == "snapshot") CHECK(back->msg(1)["ideas"].size() == 2);
        f.r->leave(back);
        f.settle();
    }
    // Editing a text, hiding a comment and deleting an idea withdraw too: a resume from
    // just before each gets a snapshot, one from just after it the events.
    const command withdrawing[] = {edit_idea{1, 1, "changed"}, add_comment{target_kind::idea, 1, "c"},
                                   moderate_comment{1, true}, delete_idea{1, 2}};
    for (const auto& cmd : withdrawing) {
        auto now = f.join_token(bo_token);
        const seq_t seq = now->msg(0)["seq"];
        f.r->leave(now);
        f.settle();
        f.send(fac, "f-" + std::to_string(seq), cmd);
        f.commit();
        CHECK(fac->last()["type"] == "ack");
        const bool withdraws = !std::holds_alternative<add_comment>(cmd);
        CHECK(f.join_token(bo_token, seq)->msg(0)["resume"] == (withdraws ? "snapshot" : "events"));
        CHECK(f.join_token(bo_token, seq + 1)->msg(0)["resume"] == "events");
    }
}

TEST_CASE("a client too far behind gets a snapshot", "[server]") {
    room_limits small;
    small.history = 3;
    fixture f(small);
    f.start_ideas();
    auto anna = f.join_name("Anna");
    for (int k = 0; k < 6; ++k) {
        f.send(anna, "a" + std::to_string(k), add_idea{1, 0, "i"});
        f.commit();
    }
    CHECK(f.join_token(token_of(*anna), 4)->msg(0)["resume"] == "events");  // 5, 6, 7 are kept
    auto behind = f.join_token(token_of(*anna), 3);
    CHECK(behind->types() == std::vector<std::string>{"welcome", "snapshot", "presence"});
    CHECK(behind->msg(1)["seq"] == 7);
    CHECK(behind->msg(1)["ideas"].size() == 6);
}

TEST_CASE("welcome lists the refs still being written", "[server]") {
    fixture f;
    f.start_ideas();
    auto anna = f.join_name("Anna");
    f.send(anna, "a1", add_idea{1, 0, "x"});
    f.r->leave(anna);
    auto back = f.join_token(token_of(*anna), 1);
    CHECK(back->msg(0)["pending_refs"] == json::array({"a1"}));
    f.commit();
    CHECK(back->last()["type"] == "ack");
    CHECK(back->last()["ref"] == "a1");
}

TEST_CASE("presence: who comes and goes, names as the anonymity allows", "[server]") {
    settings s;
    s.anonymity_ = anonymity::anonymous;
    fixture f({}, s);
    auto fac = f.join_token(f.fac_token);
    auto anna = f.join_name("Anna");
    auto seen_by_fac = fac->last_of("presence.changed");
    REQUIRE(seen_by_fac["participants"].size() == 1);
    CHECK(seen_by_fac["participants"][0]["name"] == "Anna");
    CHECK(seen_by_fac["counts"]["citizen"] == json{{"online", 1}, {"total", 1}});
    // The newcomer's whole presence message already shows it: no change about itself.
    CHECK(anna->last_of("presence.changed").is_null());
    auto bo = f.join_name("Bo");
    auto seen_by_anna = anna->last_of("presence.changed");
    CHECK(seen_by_anna["participants"].is_null());  // anonymous: counts only
    CHECK(seen_by_anna["counts"]["citizen"]["online"] == 2);
    CHECK(bo->last_of("presence")["participants"].is_null());
    CHECK(fac->last_of("presence.changed")["participants"][0]["name"] == "Bo");

    // A second tab changes nothing; closing the last one sets the participant offline.
    fac->got.clear();
    auto bo2 = f.join_token(token_of(*bo));
    CHECK(fac->got.empty());
    f.r->leave(bo);
    f.settle();
    CHECK(fac->got.empty());
    f.r->leave(bo2);
    f.settle();
    CHECK(fac->last()["participants"][0]["online"] == false);
    CHECK(fac->last()["counts"]["citizen"] == json{{"online", 1}, {"total", 2}});
}

TEST_CASE("presence: changes within an interval go out as one message, big batches as a bounded list", "[server]") {
    room_limits limits;
    // Long enough that three joins fit in it on a loaded machine (at 100 ms the batch was
    // once sent between two of them under a parallel browser run).
    limits.presence_interval = std::chrono::milliseconds(1000);
    limits.presence_batch = 5;
    limits.presence_list = 8;
    fixture f(limits, {}, true);
    auto fac = f.join_token(f.fac_token);
    // Runs the room until fac has received a presence message after the first n.
    auto next_presence = [&](std::size_t n) {
        auto count = [&] {
            std::size_t k = 0;
            for (const auto& t : fac->types()) k += t.starts_with("presence");
            return k;
        };
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (count() <= n && std::chrono::steady_clock::now() < until) {
            f.ioc.restart();
            f.ioc.run_one_for(std::chrono::milliseconds(50));
        }
        return count() > n;
    };
    f.settle();
    CHECK(fac->types().back() == "presence");  // its own arrival is in it: nothing more
    const std::size_t before = fac->got.size();
    std::vector<std::shared_ptr<fake_peer>> people;
    for (int k = 0; k < 3; ++k) people.push_back(f.join_name("P" + std::to_string(k)));
    CHECK(fac->got.size() == before);  // held for the interval
    REQUIRE(next_presence(1));
    auto batch = fac->last();
    CHECK(batch["type"] == "presence.changed");
    CHECK(batch["participants"].size() == 3);
    CHECK(batch["counts"]["citizen"]["online"] == 3);

    // More than presence_batch at once: the whole list instead, with at most 8 names
    // (the facilitator first) and the number left out.
    for (int k = 3; k < 20; ++k) people.push_back(f.join_name("P" + std::to_string(k)));
    REQUIRE(next_presence(2));
    auto whole = fac->last();
    CHECK(whole["type"] == "presence");
    CHECK(whole["participants"].size() == 8);
    CHECK(whole["participants"][0]["role"] == "facilitator");
    CHECK(whole["more"] == 21 - 8);
    CHECK(whole["counts"]["citizen"]["total"] == 20);

    // Citizens who leave without having done anything are no longer listed.
    for (auto& p : people) f.r->leave(p);
    f.settle();
    REQUIRE(next_presence(3));
    CHECK(fac->last()["type"] == "presence");
    CHECK(fac->last()["participants"].size() == 1);  // the facilitator alone
    CHECK(fac->last()["more"] == 0);
}

TEST_CASE("a removed participant is closed out and cannot come back", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    auto anna = f.join_name("Anna");
    const std::string token = token_of(*anna);
    f.send(fac, "f1", remove_participant{2});
    f.commit();
    CHECK(anna->last()["type"] == "participant.removed");
    CHECK(anna->closed == close_code::removed);
    CHECK(fac->last()["type"] == "presence.changed");
    CHECK(fac->last()["counts"].contains("citizen") == false);
    auto again = f.join_token(token);
    CHECK(again->last()["code"] == "participant_removed");
    CHECK(again->joined == false);
}

TEST_CASE("the audit log is for facilitators", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    auto anna = f.join_name("Anna");
    f.journal.audit_rows = {{1, t0, 1, "phase.set", R"({"type":"controls.updated"})"}};
    f.r->audit(anna, protocol::audit_request{"x", std::nullopt, 50});
    f.settle();
    CHECK(anna->last()["code"] == "forbidden");
    CHECK(f.journal.audit_reads == 0);
    f.r->audit(fac, protocol::audit_request{"y", std::nullopt, 50});
    f.settle();
    auto a = fac->last();
    CHECK(a["type"] == "audit");
    CHECK(a["ref"] == "y");
    CHECK(a["entries"][0]["action"] == "phase.set");
    CHECK(a["entries"][0]["actor"]["name"] == "Fac");
}

TEST_CASE("audit pages are read one at a time per connection, and not for a closing one", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    f.journal.audit_rows = {{1, t0, 1, "phase.set", R"({"type":"controls.updated"})"}};
    f.journal.hold_audits = true;
    for (int k = 0; k < 3; ++k) f.r->audit(fac, protocol::audit_request{"a" + std::to_string(k), std::nullopt, 50});
    f.settle();
    CHECK(f.journal.audit_reads == 1);  // the others wait their turn
    auto release = [&] {
        auto done = std::move(f.journal.held_audits.front());
        f.journal.held_audits.pop_front();
        done({}, f.journal.audit_rows, false);
        f.settle();
    };
    release();
    CHECK(fac->last()["ref"] == "a0");
    CHECK(f.journal.audit_reads == 2);
    fac->closed = close_code::policy_violation;  // the connection closes: a2 is not read
    release();
    CHECK(fac->last()["ref"] == "a1");
    CHECK(f.journal.audit_reads == 2);
    CHECK(f.journal.held_audits.empty());
}

TEST_CASE("too many waiting audit requests are refused", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    f.journal.hold_audits = true;
    for (int k = 0; k <= 129; ++k) f.r->audit(fac, protocol::audit_request{"a" + std::to_string(k), std::nullopt, 50});
    f.settle();
    // One being read and 128 waiting; the 130th is refused.
    CHECK(fac->last()["code"] == "rate_limited");
    CHECK(fac->last()["ref"] == "a129");
}

TEST_CASE("a closed session takes no newcomers, its participants can still look", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    auto anna = f.join_name("Anna");
    f.send(fac, "f1", close_session{});
    f.commit();
    CHECK(f.r->info().status == session_status::closed);
    auto late = f.refused_join("Late");
    CHECK(late->last()["code"] == "session_closed");
    auto back = f.join_token(token_of(*anna));
    CHECK(back->msg(1)["session"]["status"] == "closed");
    f.send(back, "a1", add_idea{1, 0, "too late"});
    CHECK(back->last()["code"] == "session_closed");
}

TEST_CASE("join and command errors", "[server]") {
    fixture f;
    auto stranger = std::make_shared<fake_peer>();
    f.r->submit(stranger, protocol::command_request{"s1", add_idea{1, 0, "x"}});
    f.settle();
    CHECK(stranger->last()["code"] == "not_joined");
    auto bad = f.join_token("not-a-token");
    CHECK(bad->last()["code"] == "invalid_token");
    CHECK(bad->joined == false);
    auto anna = f.join_name("Anna");
    protocol::join_request again;
    again.code = "K7M4QX";
    again.name = "Anna";
    f.r->join(anna, again);
    f.settle();
    CHECK(anna->last()["code"] == "already_joined");
    auto noname = std::make_shared<fake_peer>();
    again.name = "   ";
    f.r->join(noname, again);
    f.settle();
    CHECK(noname->last()["code"] == "invalid_field");
    CHECK(noname->last()["field"] == "name");
    CHECK(f.journal.writes.empty());
}

TEST_CASE("a session with too many writes waiting answers overloaded", "[server]") {
    room_limits small;
    small.max_pending = 2;
    fixture f(small);
    f.start_ideas();
    auto anna = f.join_name("Anna");
    anna->got.clear();
    f.send(anna, "a1", add_idea{1, 0, "x"});
    f.send(anna, "a2", add_idea{1, 0, "y"});
    f.send(anna, "a3", add_idea{1, 0, "z"});
    CHECK(anna->last()["code"] == "overloaded");
    CHECK(anna->last()["ref"] == "a3");
    f.journal.complete_all();
    f.settle();
    f.send(anna, "a4", add_idea{1, 0, "fits again"});
    f.commit();
    CHECK(anna->last()["type"] == "ack");
}

TEST_CASE("a peer that left gets nothing, close_all closes the rest", "[server]") {
    fixture f;
    f.start_ideas();
    auto anna = f.join_name("Anna");
    auto bo = f.join_name("Bo");
    f.r->leave(bo);
    f.settle();
    bo->got.clear();
    f.send(anna, "a1", add_idea{1, 0, "x"});
    f.commit();
    CHECK(bo->got.empty());
    bool done = false;
    f.r->close_all(close_code::going_away, [&] { done = true; });
    f.settle();
    CHECK(done);
    CHECK(anna->closed == close_code::going_away);
    CHECK_FALSE(bo->closed.has_value());
}

TEST_CASE("the session summary follows committed updates, open trial actions can be taken over", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    f.send(fac, "f1", update_session{std::string("New title"), std::nullopt});
    CHECK(f.r->info().title == "T");
    f.commit();
    CHECK(f.r->info().title == "New title");

    f.send(fac, "f2", create_trial{"Open", "", "", "", "", "", {}, {}});
    f.commit();
    f.send(fac, "f3", create_trial{"Stopped", "", "", "", "", "", {}, {}});
    f.commit();
    f.send(fac, "f4", set_trial_status{2, trial_status::stopped, outcome::none});
    f.commit();
    std::optional<error> refused;
    std::optional<std::vector<trial_action>> got;
    auto take = [&](std::optional<error> e, std::vector<trial_action> list) {
        refused = std::move(e);
        got = std::move(list);
    };
    f.r->export_trials(hash_token(f.fac_token), std::nullopt, take);
    f.settle();
    REQUIRE(got);
    REQUIRE_FALSE(refused);
    REQUIRE(got->size() == 1);
    CHECK((*got)[0].title == "Open");
    // Picked ones, whatever their status, in the order asked; without a token when vouched for.
    f.r->export_trials(std::nullopt, std::vector<trial_id>{2, 1}, take);
    f.settle();
    REQUIRE_FALSE(refused);
    REQUIRE(got->size() == 2);
    CHECK((*got)[0].title == "Stopped");
    CHECK((*got)[1].title == "Open");
    f.r->export_trials(hash_token(f.fac_token), std::vector<trial_id>{1, 9}, take);
    f.settle();
    REQUIRE(refused);
    CHECK(refused->code == errc::trial_not_found);
    CHECK(refused->field == "trial_actions");
    f.r->export_trials(hash_token("wrong"), std::nullopt, take);
    f.settle();
    REQUIRE(refused);
    CHECK(refused->code == errc::invalid_token);
}

namespace {

// The session as a restarted server loads it: two committed changes (the phase, an idea
// by the facilitator), and its room without its recent changes; and those changes as
// storage keeps them.
struct restored_session {
    fixture f;
    std::shared_ptr<room> r;
    std::vector<storage::stored_change> recent;

    restored_session() {
        session_info info{"sid", "K7M4QX", "T", "Q", session_status::open, t0, session_template::idea_workshop, ""};
        workshop w = workshop::create(info, {}, {"Ideas"},
                                      participant{0, "Fac", role::facilitator, hash_token(f.fac_token), t0, false});
        const participant fac = *w.people().find(1);
        const decide_context ctx{t0, {}};
        const command commands[] = {set_phase{phase::ideas}, add_idea{1, 0, "one"}};
        for (const auto& cmd : commands) {
            change c{w.seq() + 1, 1, t0, "f" + std::to_string(w.seq()), std::string(command_name(cmd)),
                     w.decide(fac, cmd, ctx).value()};
            w.apply(c);
            recent.push_back(storage::stored_change{c.seq, c.by, c.ref, texts_for(c, w), withdraws(c.what)});
        }
        r = std::make_shared<room>(f.ioc.get_executor(), f.journal, f.key, std::move(w), std::nullopt);
    }

    std::shared_ptr<fake_peer> join(std::optional<seq_t> since = std::nullopt) {
        auto p = std::make_shared<fake_peer>();
        protocol::join_request req;
        req.code = "K7M4QX";
        req.token = f.fac_token;
        req.since = since;
        r->join(p, req);
        f.settle();
        return p;
    }
    void read(const storage::status& s = {}) {
        REQUIRE(f.journal.held_recent.size() == 1);
        auto done = std::move(f.journal.held_recent.front());
        f.journal.held_recent.pop_front();
        done(s, s.ok() ? recent : std::vector<storage::stored_change>{});
        f.settle();
    }
};

}  // namespace

TEST_CASE("a restored room reads its recent changes at the first join, what comes meanwhile waits, in order",
          "[server]") {
    restored_session s;
    auto fac = s.join(1);
    s.r->submit(fac, protocol::command_request{"f2", add_idea{1, 0, "two"}});
    auto second = s.join();
    s.f.settle();
    CHECK(fac->got.empty());
    CHECK(second->got.empty());
    CHECK(s.f.journal.writes.empty());
    CHECK(s.f.journal.held_recent.size() == 1);  // one read for both joins

    s.read();
    // The join resumes from seq 1 with change 2 as stored, then the command is taken.
    // (The second connection is the same participant: no presence change.)
    REQUIRE(fac->types() == std::vector<std::string>{"welcome", "idea.added", "invites", "presence"});
    CHECK(fac->msg(0)["resume"] == "events");
    CHECK(fac->msg(0)["recent_refs"] == json::array({"f0", "f1"}));
    CHECK(fac->msg(1)["seq"] == 2);
    CHECK(second->types() == std::vector<std::string>{"welcome", "snapshot", "invites", "presence"});
    REQUIRE(s.f.journal.writes.size() == 1);
    CHECK(s.f.journal.writes.front().what == "change 3");
    s.f.commit();
    CHECK(fac->last()["type"] == "ack");
    CHECK(fac->last()["ref"] == "f2");
    CHECK(second->last()["type"] == "ack");  // every connection of the author gets the ack
    // Later joins need no read.
    CHECK(s.join(2)->types() == std::vector<std::string>{"welcome", "idea.added", "invites", "presence"});
    CHECK(s.f.journal.held_recent.empty());
}

TEST_CASE("a restored room whose recent changes cannot be read gives snapshots", "[server]") {
    restored_session s;
    auto fac = s.join(1);
    s.read(storage::status{1, "disk I/O error"});
    REQUIRE(fac->types() == std::vector<std::string>{"welcome", "snapshot", "invites", "presence"});
    CHECK(fac->msg(0)["resume"] == "snapshot");
    CHECK(fac->msg(0)["recent_refs"] == json::array());
}

TEST_CASE("a restored room nobody joined is closed without reading its recent changes", "[server]") {
    restored_session s;
    bool closed = false;
    s.r->close_all(close_code::going_away, [&] { closed = true; });
    s.f.settle();
    CHECK(closed);
    CHECK(s.f.journal.held_recent.empty());
}

TEST_CASE("a restored room knows which stored changes took something out of view", "[server]") {
    restored_session s;
    s.recent[1].withdraws = true;  // change 2, as if it had hidden something
    auto fac = s.join(1);
    s.read();
    CHECK(fac->msg(0)["resume"] == "snapshot");
    CHECK(s.join(2)->msg(0)["resume"] == "events");
}

TEST_CASE("a participant's changes go at a person's pace, across connections, the facilitators' at any", "[server]") {
    room_limits limits;
    limits.pace_burst = 3;
    limits.pace_per_second = 0.001;  // nothing comes back within the test
    fixture f(limits);
    auto fac = f.start_ideas();
    auto anna = f.join_name("Anna");
    auto anna2 = f.join_token(token_of(*anna));  // a second tab shares the pace
    for (int k = 0; k < 2; ++k) {
        f.send(anna, "a" + std::to_string(k), add_idea{1, 0, "i"});
        f.commit();
    }
    // A refused command spends nothing.
    f.send(anna2, "bad", edit_idea{999, 1, "x"});
    CHECK(anna2->last()["code"] == "idea_not_found");
    f.send(anna2, "a2", add_idea{1, 0, "third"});
    f.commit();
    CHECK(anna->last()["type"] == "ack");
    f.send(anna2, "a3", add_idea{1, 0, "fourth"});
    const json slow = anna2->last();
    CHECK(slow["code"] == "rate_limited");
    CHECK(slow["ref"] == "a3");
    CHECK(slow["retry_after"].get<std::int64_t>() >= 1);
    CHECK(f.journal.writes.empty());  // nothing of it was applied
    CHECK(anna->changes + anna2->changes == 3);
    // The facilitators are not limited, by their own pace or their address's.
    fac->address_budget = admission{false, 5};
    for (int k = 0; k < 6; ++k) {
        f.send(fac, "f" + std::to_string(k), add_idea{1, 0, "wall"});
        f.commit();
        CHECK(fac->last()["type"] == "ack");
    }
    // When the address's budget is spent, a participant with pace left waits too.
    auto bo = f.join_name("Bo");
    bo->address_budget = admission{false, 7};
    f.send(bo, "b1", add_idea{1, 0, "x"});
    CHECK(bo->last()["code"] == "rate_limited");
    CHECK(bo->last()["retry_after"] == 7);
}

TEST_CASE("the door: with join_by_code off, newcomers need an invitation", "[server]") {
    fixture f;
    auto fac = f.join_token(f.fac_token);
    auto anna = f.join_name("Anna");
    f.send(fac, "f1", update_settings{.join_by_code = false});
    f.commit();
    auto late = f.refused_join("Late");
    CHECK(late->last()["code"] == "joining_closed");
    CHECK(f.journal.writes.empty());
    // Returning participants and invitations still get in.
    CHECK(f.join_token(token_of(*anna))->msg(0)["type"] == "welcome");
    f.send(fac, "f2", renew_invite{role::staff});
    f.commit();
    std::string invite;
    const json links = fac->last_of("invites");
    for (const auto& i : links["invites"])
        if (i["role"] == "staff" && i["active"] == true) invite = i["token"];
    REQUIRE_FALSE(invite.empty());
    auto sam = f.join_name("Sam", invite);
    CHECK(sam->msg(0)["you"]["role"] == "staff");
}

TEST_CASE("participants.get: the facilitators see who wrote how much, most first", "[server]") {
    fixture f;
    auto fac = f.start_ideas();
    auto anna = f.join_name("Anna");
    auto bo = f.join_name("Bo");
    for (int k = 0; k < 3; ++k) {
        f.send(bo, "b" + std::to_string(k), add_idea{1, 0, "flood"});
        f.commit();
    }
    f.send(anna, "a1", add_idea{1, 0, "one"});
    f.commit();
    f.r->participants(fac, protocol::participants_request{"p1", 2});
    f.settle();
    const json answer = fac->last();
    CHECK(answer["type"] == "participants");
    CHECK(answer["ref"] == "p1");
    CHECK(answer["total"] == 3);
    CHECK(answer["more"] == true);
    REQUIRE(answer["participants"].size() == 2);
    CHECK(answer["participants"][0]["name"] == "Bo");
    CHECK(answer["participants"][0]["ideas"] == 3);
    CHECK(answer["participants"][1]["name"] == "Anna");
    f.r->participants(anna, protocol::participants_request{"p2", 100});
    f.settle();
    CHECK(anna->last()["code"] == "forbidden");
    CHECK(anna->last()["ref"] == "p2");
}

TEST_CASE("a command sent again with its ref is not applied twice: its answer comes once more, or is on its way",
          "[server]") {
    fixture f;
    auto fac = f.start_ideas();
    auto anna = f.join_name("Anna");
    auto anna2 = f.join_token(token_of(*anna));  // the same person, a new connection
    f.send(anna, "a1", add_idea{1, 0, "once"});
    f.commit();
    const json first = anna->last_of("ack");
    REQUIRE(first != nullptr);
    // The old connection's late copy, or the client's retry on the new one: the ack again.
    const std::size_t before = anna2->got.size();
    f.send(anna2, "a1", add_idea{1, 0, "once"});
    CHECK(f.journal.writes.empty());
    REQUIRE(anna2->got.size() == before + 1);
    CHECK(anna2->last()["type"] == "ack");
    CHECK(anna2->last()["seq"] == first["seq"]);
    CHECK(f.r->listing().counts.ideas == 1);

    // Still being written: no second write, and the one ack goes to both connections.
    f.send(anna, "a2", add_idea{1, 0, "twice?"});
    const std::size_t waiting = anna2->got.size();
    f.send(anna2, "a2", add_idea{1, 0, "twice?"});
    CHECK(anna2->got.size() == waiting);
    CHECK(f.journal.writes.size() == 1);
    f.commit();
    CHECK(anna->last_of("ack")["ref"] == "a2");
    CHECK(anna2->last_of("ack")["ref"] == "a2");
    CHECK(f.r->listing().counts.ideas == 2);

    // A refused write may be sent again with its ref, and is applied then.
    f.send(anna, "a3", add_idea{1, 0, "after a failure"});
    f.journal.complete(storage::status{13, "database or disk is full"});
    f.settle();
    CHECK(anna->last()["code"] == "storage_unavailable");
    f.send(anna, "a3", add_idea{1, 0, "after a failure"});
    CHECK(f.journal.writes.size() == 1);
    f.commit();
    CHECK(anna->last_of("ack")["ref"] == "a3");
    CHECK(f.r->listing().counts.ideas == 3);
}

TEST_CASE("a room being deleted takes nothing more, writes its deletion after what was queued, then closes with 4002",
          "[server]") {
    fixture f;
    auto fac = f.start_ideas();
    auto anna = f.join_name("Anna");
    f.send(anna, "a1", add_idea{1, 0, "queued before"});  // its write is still pending
    std::optional<storage::deletion_outcome> outcome;
    f.r->erase(false, [&](const storage::status& st, storage::deletion_outcome o, bool, std::optional<domain::workshop>) {
        CHECK(st.ok());
        outcome = o;
    });
    f.settle();
    // The deletion comes after the write already queued.
    REQUIRE(f.journal.writes.size() == 2);
    CHECK(f.journal.writes.back().what == "delete sid");
    // Meanwhile nothing more is taken: a command, a join.
    f.send(fac, "f1", add_idea{1, 0, "too late"});
    CHECK(fac->last()["code"] == "session_not_found");
    auto late = f.refused_join("Late");
    CHECK(late->last()["code"] == "session_not_found");
    CHECK(f.journal.writes.size() == 2);
    // A second deletion while the first runs: as for a session that is not there.
    std::optional<storage::deletion_outcome> second;
    f.r->erase(false, [&](const storage::status&, storage::deletion_outcome o, bool, std::optional<domain::workshop>) { second = o; });
    f.settle();
    CHECK(second == storage::deletion_outcome::not_found);

    f.commit();  // the idea
    CHECK_FALSE(fac->closed);
    f.commit();  // the deletion
    CHECK(outcome == storage::deletion_outcome::deleted);
    CHECK(fac->closed == close_code::deleted);
    CHECK(anna->closed == close_code::deleted);
    CHECK(std::string(close_reason_of(close_code::deleted)) == "session deleted");
}

TEST_CASE("a room whose deletion failed goes on as before", "[server]") {
    fixture f;
    auto fac = f.start_ideas();
    std::optional<storage::status> answer;
    f.r->erase(false, [&](const storage::status& st, storage::deletion_outcome, bool, std::optional<domain::workshop>) { answer = st; });
    f.settle();
    f.journal.complete(storage::status{1, "disk I/O error"});
    f.settle();
    REQUIRE(answer.has_value());
    CHECK_FALSE(answer->ok());
    CHECK_FALSE(fac->closed);
    f.send(fac, "f1", add_idea{1, 0, "still here"});
    f.commit();
    CHECK(fac->last()["type"] == "ack");
}

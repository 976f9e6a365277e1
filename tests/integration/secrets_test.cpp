// Integration tests of "no secrets at rest" against the real server: after a whole
// workshop, none of the tokens the server handed out (the facilitator's, every
// participant's, every invitation's) is in the database, its WAL or its shared memory;
// only the facilitators' connections ever receive invitation links; the key file is
// created private, a key file others may read stops the start, and the links survive
// a restart.
#include "live_server.hpp"
#include "recorder.hpp"

#include <sys/stat.h>

#include <set>

using namespace samskab::testing;
using nlohmann::json;

namespace {

// Every non-empty token in the `invites` messages a connection received.
void collect_links(const recorder& p, std::set<std::string>& out) {
    for (const auto& m : p.of_type("invites"))
        for (const auto& i : m["invites"])
            if (!i["token"].get<std::string>().empty()) out.insert(i["token"].get<std::string>());
}

// The renewal's link, from the `invites` message that follows its ack.
std::string renew(recorder& fac, const std::string& role, const std::string& ref) {
    REQUIRE(fac.answer(cmd("invite.renew", ref, {{"role", role}}))["type"] == "ack");
    const std::string link = link_of(fac.next_of_type("invites"), role);
    REQUIRE(link.size() == 43);
    return link;
}

mode_t mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("after a whole workshop no token the server issued is in its database files, and only the "
          "facilitators receive invitation links",
          "[integration]") {
    live_server s;
    const auto sess = make_session(s.port());
    std::set<std::string> issued{sess.facilitator_token};

    recorder fac(s.port());
    fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("phase.set", "f0", {{"phase", "ideas"}}))["type"] == "ack");
    // Every role's link; the manager's renewed once more (the first stops working).
    const std::string co_link = renew(fac, "co_facilitator", "f1");
    const std::string first_manager_link = renew(fac, "manager", "f2");
    const std::string staff_link = renew(fac, "staff", "f3");
    const std::string observer_link = renew(fac, "observer", "f4");
    const std::string manager_link = renew(fac, "manager", "f5");
    CHECK(manager_link != first_manager_link);

    // People join by invitation and by code.
    recorder co(s.port()), mona(s.port()), sam(s.port()), screen(s.port()), anna(s.port()), bo(s.port());
    CHECK(co.join({{"code", sess.code}, {"name", "Cora"}, {"invite", co_link}})["you"]["role"] == "co_facilitator");
    CHECK(mona.join({{"code", sess.code}, {"name", "Mona"}, {"invite", manager_link}})["you"]["role"] == "manager");
    CHECK(sam.join({{"code", sess.code}, {"name", "Sam"}, {"invite", staff_link}})["you"]["role"] == "staff");
    CHECK(screen.join({{"code", sess.code}, {"name", "Skærm"}, {"invite", observer_link}})["you"]["role"] == "observer");
    CHECK(anna.join({{"code", sess.code}, {"name", "Anna"}})["you"]["role"] == "citizen");
    CHECK(bo.join({{"code", sess.code}, {"name", "Bo"}})["you"]["role"] == "citizen");
    for (const recorder* p : {&co, &mona, &sam, &screen, &anna, &bo}) {
        REQUIRE(p->token.size() == 43);
        issued.insert(p->token);
    }
    // The staff link is revoked once Sam is in.
    REQUIRE(fac.answer(cmd("invite.revoke", "f6", {{"role", "staff"}}))["type"] == "ack");
    fac.next_of_type("invites");

    // Ideas, and people who reconnect: with `since` (events) and without (a snapshot).
    const std::int64_t anna_seq = anna.answer(idea_add("a1", 1, "Bordtennis"))["seq"];
    REQUIRE(sam.answer(idea_add("s1", 1, "Videoklip"))["type"] == "ack");
    REQUIRE(co.answer(idea_add("c1", 2, "Et tema"))["type"] == "ack");
    recorder anna_again(s.port()), mona_again(s.port()), co_again(s.port()), fac_again(s.port());
    anna_again.join({{"code", sess.code}, {"token", anna.token}, {"since", anna_seq}});
    mona_again.join({{"code", sess.code}, {"token", mona.token}});
    co_again.join({{"code", sess.code}, {"token", co.token}, {"since", 1}});
    fac_again.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    REQUIRE(fac.answer(cmd("phase.set", "f7", {{"phase", "wrap_up"}}))["type"] == "ack");
    const std::int64_t last = fac.answer(cmd("session.close", "f8"))["seq"];
    for (recorder* p : {&co, &mona, &sam, &screen, &anna, &bo, &anna_again, &mona_again, &co_again, &fac_again})
        for (;;)
            if (p->next().value("seq", std::int64_t{0}) == last) break;

    // The facilitators got the links, after every welcome and every invitation change.
    std::set<std::string> links;
    for (const recorder* p : {&fac, &co, &co_again, &fac_again}) {
        CHECK_FALSE(p->of_type("invites").empty());
        collect_links(*p, links);
    }
    CHECK(links == std::set<std::string>{co_link, first_manager_link, staff_link, observer_link, manager_link});
    CHECK(link_of(fac_again.of_type("invites").back(), "staff").empty());  // revoked
    CHECK(link_of(fac_again.of_type("invites").back(), "manager") == manager_link);
    issued.insert(links.begin(), links.end());

    // Nobody else did: no `invites` message, no link anywhere in what they received,
    // and no token but their own (in their own welcome).
    for (const recorder* p : {&mona, &sam, &screen, &anna, &bo, &anna_again, &mona_again}) {
        CHECK(p->of_type("invites").empty());
        for (const auto& m : p->raw)
            for (const auto& t : issued)
                if (t != p->token) CHECK(m.find(t) == std::string::npos);
    }
    // And no event, ack or snapshot carries a link, to the facilitators either: only
    // `invites` messages do (the events are what the server keeps).
    for (const recorder* p : {&fac, &co, &co_again, &fac_again})
        for (const auto& m : p->raw)
            if (json::parse(m)["type"] != "invites")
                for (const auto& t : links) CHECK(m.find(t) == std::string::npos);

    // The files while the server runs (everything committed, the WAL in use), then after
    // it stopped: none of the tokens, in any of them.
    const std::string db = s.dir.file("samskab.db");
    auto check_files = [&](const char* when) {
        INFO(when);
        for (const char* suffix : {"", "-wal", "-shm"}) {
            const std::string bytes = file_bytes(db + suffix);
            for (const auto& t : issued) CHECK(bytes.find(t) == std::string::npos);
        }
    };
    CHECK(file_bytes(db).size() > 0);
    check_files("running");
    CHECK(s.proc->stop() == 0);
    check_files("stopped");
    // The key is in its own file, never in the database nor in the log.
    const std::string key = file_bytes(db + ".key");
    REQUIRE(key.size() == 32);
    CHECK(file_bytes(db).find(key) == std::string::npos);
    const std::string log = s.proc->log();
    for (const auto& t : issued) CHECK(log.find(t) == std::string::npos);
}

TEST_CASE("the key file is created private, links survive a restart, and a key file others may read stops the start",
          "[integration]") {
    live_server s;
    const std::string db = s.dir.file("samskab.db"), key_file = db + ".key";
    CHECK(mode_of(key_file) == 0600);
    CHECK(file_bytes(key_file).size() == 32);
    CHECK(s.proc->log().find("created the server key " + key_file) != std::string::npos);
    const auto sess = make_session(s.port());
    std::string link;
    {
        recorder fac(s.port());
        fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
        link = renew(fac, "manager", "f1");
    }

    // After a restart the same link is shown (derived again), and it admits.
    CHECK(s.proc->stop() == 0);
    s.start(0);
    CHECK(s.proc->log().find("created the server key") == std::string::npos);
    {
        recorder fac(s.port());
        fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
        CHECK(link_of(fac.of_type("invites").back(), "manager") == link);
        recorder mona(s.port());
        CHECK(mona.join({{"code", sess.code}, {"name", "Mona"}, {"invite", link}})["you"]["role"] == "manager");
    }
    CHECK(s.proc->stop() == 0);

    // A key file others may read: the server refuses to start, and says why.
    REQUIRE(::chmod(key_file.c_str(), 0644) == 0);
    const auto refused = run_binary({"--bind", "127.0.0.1", "--port", "0", "--db", db});
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("cannot start: the key file " + key_file +
                              " may be read or written by group or others (mode 0644)") != std::string::npos);
    CHECK(refused.output.find("listening on") == std::string::npos);
    REQUIRE(::chmod(key_file.c_str(), 0600) == 0);

    // With another key (--key-file), the link still admits but cannot be shown: the
    // facilitator sees the invitation active, without a link, and renews it.
    temp_dir elsewhere;
    s.proc = std::make_unique<server_process>(
        server_process::options{db, 0, "", {"--key-file", elsewhere.file("other.key")}, {}});
    CHECK(mode_of(elsewhere.file("other.key")) == 0600);
    recorder fac(s.port());
    fac.join({{"code", sess.code}, {"token", sess.facilitator_token}});
    const json shown = fac.of_type("invites").back()["invites"];
    REQUIRE(shown.size() == 1);
    CHECK(shown[0]["active"] == true);
    CHECK(shown[0]["token"] == "");
    recorder bo(s.port());
    CHECK(bo.join({{"code", sess.code}, {"name", "Bo"}, {"invite", link}})["you"]["role"] == "manager");
    CHECK(renew(fac, "manager", "f2") != link);
}

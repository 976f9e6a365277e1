// The leak oracle: a randomized, model-based test of PROTOCOL.md's "Who sees what".
//
//   samskab_leak_oracle [--seconds N] [--seed S] [--steps N] [--keep-going] [--trace]
//                       [--ignore RULE,...]
//
// It starts the real samskab-server on 127.0.0.1 (a free port, a fresh database) and
// sees it only over the wire, as an attacker would. For one seed after another (from a
// random one, or only S), it creates a session with random settings, brings in a
// facilitator, a co-facilitator, managers, staff, citizens and an observer through the
// real join flow (invitations for all but the citizens), then takes --steps random
// steps (scenario.hpp): commands from every role, many naming ideas and comments the
// sender may not see; reconnections with a random `since`; second tabs; audit
// requests; joins that must fail; restarts of the server on the same database. Every
// raw message every client receives is judged by one predicate, `judge` (rules.hpp and
// rules.cpp, where each rule of "Who sees what" is written once, with how it is
// checked). The first violation is printed with its seed, its step, the recipient and
// the message, and the program exits with 1 (2 if the server or the test itself failed).
// --keep-going runs on after violations and ends with the distinct ones found, each at
// the earliest step it was seen. Without --seed it runs seeds until --seconds (default
// 30) have passed; with --seed it runs that one, all its steps (default 200). --trace
// prints every step and its answer; --ignore leaves out violations of the rules named
// (rules.cpp), e.g. a known defect while another is being fixed.
//
// The truth (model.hpp). The oracle drives the session one step at a time: it sends one
// command and waits for its answer and, when it was accepted with seq s, until every
// connection has received seq s. Nobody else changes the session, so the change with
// seq s is exactly that command, and its effect on the truth (texts, authors, private,
// hidden, deleted, votes, settings) follows from the command and the session's rules:
// the truth after each seq is exact, not a guess from what some client was told. Ids
// are the server's counters (ideas, comments, trial actions, columns and clusters are
// numbered in order). Joins take no seq; people and their tokens come from the welcome.
// Every text and display name holds a unique marker ('@', a kind, the seed, a counter,
// random letters), so a text or name that reaches someone it may not is found by
// searching the raw bytes, whatever the format of the message; tokens likewise.
//
// When a message is judged. Every connection keeps `seen`: the highest seq it has been
// told (a welcome's seq, a snapshot's, an event's or an ack's), and each message is
// judged against the truth after max(seen, its own seq):
//   - a live event or ack with seq s comes after s - 1 was seen: judged after change s;
//   - a welcome with seq W sets seen to W; the snapshot (seq W) and the events replayed
//     after it (seq <= W) are judged against the truth at W: "Replayed events are the
//     versions for the recipient's role now" (PROTOCOL.md, Resume);
//   - presence, errors, pongs and audit pages carry no seq and are judged as of the last
//     seq their connection saw: the server sends a connection its messages in the order
//     it makes them, so that seq was the last one committed when it was made.
// The truth after each seq is kept until no open connection can still be judged
// against it.
//
// Errors. When a command names an idea or comment the sender may not see, the oracle
// first sends its twin, the same command with ids that never existed in their place,
// then the command, and requires the same answer (judge_twin): an error for an id the
// sender may not see must be the error for an id that does not exist. The twin is
// refused and changes nothing, so both are decided on the same session.
//
// Limits. The oracle takes its steps much faster than people act, and checks what is
// sent, not the limits (their own tests do): its server has no pace per participant
// and no limit of changes per address. Each seed's connections come from an address of
// its own (the server trusts 127.0.0.1 as a proxy and reads X-Forwarded-For), so that
// the other limits per address (sessions created, joins, failed joins) start afresh
// with every seed; a connection that has sent many messages is replaced by a new one
// before it reaches its rate limit.
#include "oracle/model.hpp"
#include "oracle/rules.hpp"
#include "oracle/scenario.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/ws_client.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace samskab::oracle;
using samskab::testing::http;
using samskab::testing::server_process;
using samskab::testing::temp_dir;
using samskab::testing::ws_client;
using nlohmann::json;
using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// How long an answer may take before the test gives up (the sanitizer build is slow).
constexpr auto answer_wait = 30s;
// Messages a connection sends before the oracle replaces it (the server allows 100 at
// once, then 20 a second).
constexpr int messages_per_connection = 80;
// Seeds per server (and database), so that restarts stay quick in long runs.
constexpr int seeds_per_server = 25;

// The test itself could not go on (the server died, an answer never came, ...).
struct harness_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A violation found, with what is needed to report and replay it.
struct finding {
    std::uint64_t seed = 0;
    int step = 0;
    violation v;
    std::string recipient;
    std::string message_type;
    std::string when;
    std::string step_text;
    std::string raw;
};

// Thrown to end a seed at its first violation.
struct seed_failed {};

std::string excerpt(const std::string& raw, std::size_t at) {
    constexpr std::size_t whole = 700, around = 300;
    if (raw.size() <= whole) return raw;
    if (at >= raw.size()) at = 0;
    const std::size_t from = at > around ? at - around : 0;
    std::string out = raw.substr(0, 120) + " ... ";
    if (from > 120) out += raw.substr(from, 2 * around);
    else out = raw.substr(0, from + 2 * around);
    return out + " ... (" + std::to_string(raw.size()) + " bytes)";
}

std::string message_type(const json& j) {
    if (!j.is_object()) return "(not JSON)";
    const std::string type = j.value("type", json("?")).is_string() ? j.value("type", std::string("?")) : "?";
    if (type == "ack" && j.contains("event") && j["event"].is_object())
        return "ack of " + j["event"].value("type", std::string("?"));
    return type;
}

// Runs of at least 40 characters of the base64url alphabet: what a token looks like.
std::vector<std::string> token_like(const std::string& raw) {
    std::vector<std::string> out;
    std::size_t from = 0;
    auto part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; };
    for (std::size_t k = 0; k <= raw.size(); ++k) {
        if (k < raw.size() && part(raw[k])) continue;
        if (k - from >= 40) out.push_back(raw.substr(from, k - from));
        from = k + 1;
    }
    return out;
}

std::string tail(std::string log) { return log.size() > 2000 ? log.substr(log.size() - 2000) : log; }

// The real server on one database, which can be stopped and started again.
class server {
public:
    server() { start(); }
    std::uint16_t port() const { return proc_->port(); }
    // Stops the server (SIGTERM); throws unless it exits cleanly within 20 seconds.
    void stop() {
        const auto status = proc_->stop(20s);
        if (!status || *status != 0)
            throw harness_error("the server did not stop cleanly (" + (status ? "exit status " + std::to_string(*status) : std::string("still running after 20 s")) +
                                "); its log ends with:\n" + tail(proc_->log()));
        proc_.reset();
    }
    void start() {
        proc_ = std::make_unique<server_process>(
            server_process::options{dir_.file("oracle.db"), 0, "",
                                    {"--trusted-proxy", "127.0.0.1", "--participant-pace", "0", "--changes-per-address", "0"},
                                    {}});
    }
    std::string log() const { return proc_ ? proc_->log() : std::string(); }

private:
    temp_dir dir_;
    std::unique_ptr<server_process> proc_;
};

// One seed: a session, its people and their connections, and the steps.
class session_run {
public:
    session_run(server& srv, std::uint64_t seed, int steps, std::string address, clock_type::time_point deadline,
                bool keep_going, bool trace, std::set<std::string> ignored)
        : srv_(srv), seed_(seed), steps_(steps), address_(std::move(address)), deadline_(deadline),
          keep_going_(keep_going), trace_(trace), ignored_(std::move(ignored)), plan_(seed), truth_(state{}, registry{}) {}

    // Runs the seed. Returns the violations found: the first only, unless keep_going.
    // Throws harness_error when the test cannot go on.
    std::vector<finding> run() {
        try {
            set_up();
            for (step_ = 1; step_ <= steps_ && clock_type::now() < deadline_; ++step_) {
                take(plan_.next(truth_.now(), truth_.reg, cast()));
                forget();
                taken_ = step_;
            }
            barrier();
        } catch (const seed_failed&) {
        }
        return findings_;
    }

    int steps_taken() const { return taken_; }
    int current_step() const { return step_; }  // the one under way
    bool cut() const { return taken_ < steps_ && findings_.empty(); }
    int accepted() const { return accepted_; }
    int refused() const { return refused_; }
    std::size_t judged() const { return judged_; }

private:
    struct connection {
        person_id who = 0;
        std::unique_ptr<ws_client> ws;
        seq_t seen = 0;
        bool open = true;
        int sent = 0;
        int number = 0;
    };

    struct pending {
        std::string ref;
        person_id actor = 0;
        json cmd;
        bool done = false;
        json answer;
    };

    // ---- setting up ------------------------------------------------------------------------

    void set_up() {
        step_text_ = "creating the session";
        json body{{"title", plan_.text('p')},
                  {"question", plan_.text('p')},
                  {"facilitator_name", plan_.text('n')},
                  {"columns", json::array()},
                  {"settings", plan_.settings()}};
        const int columns = 2 + (plan_.chance(0.5) ? 1 : 0);
        for (int k = 0; k < columns; ++k) body["columns"].push_back(plan_.text('p'));
        auto reply = http(srv_.port(), "POST", "/api/sessions", body.dump(),
                          {{"Content-Type", "application/json"}, {"X-Forwarded-For", address_}});
        if (reply.status != 201) throw harness_error("creating a session: HTTP " + std::to_string(reply.status) + " " + reply.body);
        const json created = json::parse(reply.body);
        code_ = created.at("code");

        state first;
        const json& st = body["settings"];
        first.anon = st["anonymity"] == "named" ? anonymity::named
                     : st["anonymity"] == "anonymous" ? anonymity::anonymous
                                                      : anonymity::hidden_from_participants;
        first.private_writing = st["private_writing"];
        first.late_ideas = st["late_ideas"];
        first.vote_budget = st["vote_budget"];
        first.vote_cap = st["vote_cap"];
        first.fold_threshold = st["fold_threshold"];
        for (int k = 1; k <= columns; ++k) first.columns.push_back(k);
        first.last_column = columns;
        registry reg;
        reg.seed = seed_;
        truth_ = truth(std::move(first), std::move(reg));

        // The facilitator is the session's first participant.
        person f{1, role::facilitator, body["facilitator_name"], created.at("facilitator_token")};
        enroll(f);
        open_connection(f.id, std::nullopt);

        for (const char* r : {"co_facilitator", "manager", "staff", "observer"})
            command(1, json{{"type", "invite.renew"}, {"role", r}});
        join_invited(role::co_facilitator);
        for (int k = plan_.chance(0.5) ? 2 : 1; k > 0; --k) join_invited(role::manager);
        for (int k = plan_.chance(0.5) ? 2 : 1; k > 0; --k) join_invited(role::staff);
        for (int k = plan_.chance(0.5) ? 3 : 2; k > 0; --k) join_new(plan_.text('n'), std::nullopt);
        join_invited(role::observer);
        if (plan_.chance(0.7)) command(1, json{{"type", "phase.set"}, {"phase", "ideas"}});
    }

    void enroll(const person& p) {
        truth_.reg.people[p.id] = p;
        if (auto m = markers_in(p.name); !m.empty()) truth_.reg.markers[m.front().first] = marker_owner{marker_owner::name, p.id};
    }

    void join_invited(role r) {
        auto it = active_invite_.find(r);
        if (it == active_invite_.end()) throw harness_error("no invitation for " + to_string(r));
        join_new(plan_.text('n'), it->second);
    }

    // ---- the steps ---------------------------------------------------------------------------

    std::vector<cast_member> cast() const {
        std::vector<cast_member> out;
        for (const auto& [id, p] : truth_.reg.people) {
            cast_member m{id, p.r, 0, truth_.now().removed.count(id) > 0};
            for (const auto& c : conns_)
                if (c->open && c->who == id) ++m.connections;
            out.push_back(m);
        }
        return out;
    }

    void take(const step& st) {
        step_text_ = describe(st);
        if (trace_) std::printf("step %d: %s\n", step_, step_text_.c_str());
        switch (st.what) {
        case step::command: return command(st.actor, st.cmd, st.refs);
        case step::reconnect: {
            if (auto* c = any_connection(st.actor)) close_connection(*c);
            open_connection(st.actor, st.since);
            return;
        }
        case step::second_tab: open_connection(st.actor, plan_.since(truth_.now().seq)); return;
        case step::close_tab:
            if (auto* c = any_connection(st.actor)) close_connection(*c);
            return;
        case step::audit: return audit(st.actor, st.cmd);
        case step::newcomer: join_new(st.name, std::nullopt); return;
        case step::intruder: return intrude(st.intrusion);
        case step::restart: return restart();
        }
    }

    std::string describe(const step& st) const {
        const std::string who = person_text(st.actor);
        switch (st.what) {
        case step::command: return who + " sent " + st.cmd.dump();
        case step::reconnect:
            return who + " reconnected" + (st.since ? " with since " + std::to_string(*st.since) : std::string(" without since"));
        case step::second_tab: return who + " opened another connection";
        case step::close_tab: return who + " closed a connection";
        case step::audit: return who + " sent " + st.cmd.dump();
        case step::newcomer: return "a new citizen joined";
        case step::intruder: return "a join that must fail";
        case step::restart: return "the server restarted";
        }
        return "?";
    }

    std::string person_text(person_id id) const {
        const person* p = truth_.reg.find(id);
        return "participant " + std::to_string(id) + (p ? " (" + to_string(p->r) + ")" : "");
    }

    connection* any_connection(person_id who) {
        std::vector<connection*> mine;
        for (auto& c : conns_)
            if (c->open && c->who == who) mine.push_back(c.get());
        if (mine.empty()) return nullptr;
        return mine[static_cast<std::size_t>(plan_.rng()() % mine.size())];
    }

    // A connection for `who` to send on: one of theirs, replaced first if it has sent so
    // much that the rate limit is near.
    connection& sender(person_id who) {
        connection* c = any_connection(who);
        if (!c) return open_connection(who, truth_.now().seq);
        if (c->sent < messages_per_connection) return *c;
        close_connection(*c);
        return open_connection(who, truth_.now().seq);
    }

    void command(person_id actor, json cmd, const std::vector<id_ref>& refs = {}) {
        const recipient me{actor, truth_.reg.people.at(actor).r};
        // Whether it names something that exists but the sender may not see.
        json twin = cmd;
        bool unseen = false;
        for (const auto& r : refs) {
            if (!cmd.contains(r.where) || !cmd[r.where].is_number_integer()) continue;
            const item_id id = cmd[r.where];
            const state& now = truth_.now();
            const bool exists = r.comment ? now.comments.count(id) > 0 : now.ideas.count(id) > 0;
            const bool visible = r.comment ? sees_comment(now, me, id) : sees_idea(now, me, id);
            if (exists && !visible) unseen = true, twin[r.where] = 900000 + (++fresh_ids_);
        }
        connection& c = sender(actor);
        // The twin first: it changes nothing, so both are decided on the same session.
        const json twin_answer = unseen ? send_command(c, twin, true) : json();
        const json answer = send_command(c, cmd);
        // A new invitation's token comes in the ack or in a message after it, to the
        // facilitators; the oracle needs it before anyone else is judged.
        for (const auto until = clock_type::now() + answer_wait; awaiting_invite_;) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
            if (left <= 0ms || !receive(c, left)) throw harness_error("no token for the invitation renewed by " + cmd.dump());
        }
        if (answer["type"] == "ack") after_ack(cmd, answer);
        if (!unseen) return;
        if (auto v = judge_twin(answer, twin_answer))
            report(*v, me, answer.dump() + "\n   twin: " + twin.dump() + "\n   twin's answer: " + twin_answer.dump(),
                   message_type(answer) + " to " + cmd["type"].get<std::string>(),
                   "the answer to the step's command, against its twin's");
    }

    // Sends cmd on c and returns its answer (ack or error), judging every message read.
    json send_command(connection& c, json cmd, bool twin = false) {
        pending_ = pending{"o" + std::to_string(++refs_), c.who, cmd, false, json()};
        pending_.cmd["ref"] = pending_.ref;
        pending_twin_ = twin;
        c.ws->send(pending_.cmd);
        ++c.sent;
        const auto until = clock_type::now() + answer_wait;
        while (!pending_.done) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
            if (left <= 0ms || !receive(c, left))
                throw harness_error("no answer to " + pending_.cmd.dump() + (c.open ? "" : " (the connection closed)"));
        }
        return pending_.answer;
    }

    // The truth after an accepted command, and everyone told.
    void after_ack(const json& cmd, const json& answer) {
        const seq_t seq = answer["seq"];
        catch_up(seq);
        if (cmd["type"] == "participant.remove") {
            const person_id gone = cmd["participant"];
            for (auto& c : conns_)
                if (c->open && c->who == gone) finish(*c, "removed");
        }
    }

    // Applies the answer to the pending command to the truth (called on reading it,
    // before it is judged).
    void on_answer(const json& j, const std::string& raw) {
        pending_.done = true;
        pending_.answer = j;
        if (!pending_twin_) ++(j["type"] == "ack" ? accepted_ : refused_);
        if (trace_)
            std::printf("  %s%s\n", pending_twin_ ? "twin: " : "",
                        j["type"] == "ack" ? ("ack, seq " + std::to_string(j.value("seq", 0))).c_str()
                                           : (j.value("type", std::string()) + " " + j.value("code", std::string())).c_str());
        if (j["type"] != "ack") return;
        if (pending_twin_) {
            // The twin names ids that never existed: carrying it out is a bug, and the truth
            // no longer follows the session, so the seed ends here.
            report(violation{"error-identity", "a command naming ids that never existed was carried out", 0},
                   recipient{pending_.actor, truth_.reg.people.at(pending_.actor).r}, raw, message_type(j),
                   "the answer to the twin " + pending_.cmd.dump());
            throw seed_failed{};
        }
        const seq_t seq = j.at("seq");
        if (seq != truth_.now().seq + 1)
            throw harness_error("the ack has seq " + std::to_string(seq) + " where " + std::to_string(truth_.now().seq + 1) +
                                " was due: the session changed in a way the oracle did not make");
        state next = truth_.now();
        const person& actor = truth_.reg.people.at(pending_.actor);
        apply_accepted(next, truth_.reg, pending_.cmd, actor, seq);
        truth_.commit(std::move(next));
        const std::string type = pending_.cmd["type"];
        if (type == "invite.renew") {
            awaiting_invite_ = *role_from(pending_.cmd["role"].get<std::string>());
            if (auto old = active_invite_.find(*awaiting_invite_); old != active_invite_.end()) revoked_.push_back(old->second);
            active_invite_.erase(*awaiting_invite_);
            new_invite_token(raw);  // in the ack, or in a message that follows it (command())
        } else if (type == "invite.revoke") {
            const role r = *role_from(pending_.cmd["role"].get<std::string>());
            if (auto old = active_invite_.find(r); old != active_invite_.end()) {
                revoked_.push_back(old->second);
                active_invite_.erase(old);
            }
        }
    }

    // Takes the new invitation's token from raw, if it is there: a token the oracle does
    // not know yet. Whatever the format of the message, the token is a long run of the
    // base64url alphabet.
    void new_invite_token(const std::string& raw) {
        if (!awaiting_invite_) return;
        for (const auto& t : token_like(raw)) {
            if (truth_.reg.invites.count(t) || known_person_token(t)) continue;
            truth_.reg.invites[t] = *awaiting_invite_;
            active_invite_[*awaiting_invite_] = t;
            awaiting_invite_.reset();
            return;
        }
    }

    bool known_person_token(const std::string& t) const {
        for (const auto& [id, p] : truth_.reg.people)
            if (p.token == t) return true;
        return false;
    }

    // Every open connection reads until it has been told seq s.
    void catch_up(seq_t s) {
        for (auto& c : conns_) {
            const auto until = clock_type::now() + answer_wait;
            while (c->open && c->seen < s) {
                auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
                if (left <= 0ms) throw harness_error("connection " + std::to_string(c->number) + " never received seq " + std::to_string(s));
                if (!receive(*c, left) && c->ws->wait_closed(0ms)) {
                    c->open = false;
                    if (truth_.now().removed.count(c->who) == 0)
                        throw harness_error("connection " + std::to_string(c->number) + " of " + person_text(c->who) +
                                            " closed before seq " + std::to_string(s));
                }
            }
        }
    }

    void audit(person_id who, json request) {
        connection& c = sender(who);
        request["ref"] = "a" + std::to_string(++refs_);
        pending_ = pending{request["ref"], who, request, false, json()};
        pending_twin_ = true;  // never a change
        c.ws->send(request);
        ++c.sent;
        const auto until = clock_type::now() + answer_wait;
        while (!pending_.done) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
            if (left <= 0ms || !receive(c, left)) throw harness_error("no answer to " + request.dump());
        }
    }

    // Every open connection reads until the pong to a ping: whatever the server had
    // queued for it before is then judged.
    void barrier() {
        step_text_ = "the end of the seed (every connection pings and reads until its pong)";
        for (auto& c : conns_)
            if (c->open) settle(*c);
    }

    // Sends a ping on c and reads until its pong.
    void settle(connection& c) {
        const std::string ref = "p" + std::to_string(++refs_);
        c.ws->send(json{{"type", "ping"}, {"ref", ref}});
        ++c.sent;
        const auto until = clock_type::now() + answer_wait;
        for (;;) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
            if (left <= 0ms) throw harness_error("no pong on connection " + std::to_string(c.number));
            auto j = receive(c, left);
            if (!j || ((*j)["type"] == "pong" && j->value("ref", "") == ref)) return;
        }
    }

    // ---- connections ------------------------------------------------------------------------

    std::unique_ptr<ws_client> dial() { return std::make_unique<ws_client>(srv_.port(), std::map<std::string, std::string>{{"X-Forwarded-For", address_}}); }

    connection& add_connection(person_id who) {
        auto c = std::make_unique<connection>();
        c->who = who;
        c->seen = truth_.now().seq;
        c->number = ++connections_made_;
        c->ws = dial();
        conns_.push_back(std::move(c));
        return *conns_.back();
    }

    // Joins as an existing participant, with their token and `since`.
    connection& open_connection(person_id who, std::optional<seq_t> since) {
        connection& c = add_connection(who);
        json join{{"type", "join"}, {"protocol", 1}, {"code", code_}, {"token", truth_.reg.people.at(who).token}};
        if (since) join["since"] = *since;
        c.ws->send(join);
        const json welcome = until_welcome(c);
        if (welcome["type"] != "welcome") throw harness_error(person_text(who) + " could not join: " + welcome.dump());
        if (welcome.value("you", json::object()).value("id", json()) != who)
            throw harness_error(person_text(who) + " was welcomed as someone else: " + welcome.dump());
        after_welcome(c, welcome, since);
        return c;
    }

    // Joins a new participant with a name (and an invitation).
    void join_new(const std::string& name, std::optional<std::string> invite) {
        connection& c = add_connection(0);
        json join{{"type", "join"}, {"protocol", 1}, {"code", code_}, {"name", name}};
        if (invite) join["invite"] = *invite;
        c.ws->send(join);
        // Until the welcome names them, the newcomer is judged as nobody in particular.
        c.who = 0;
        const json welcome = until_welcome(c, name);
        if (welcome["type"] != "welcome") {
            if (truth_.now().closed) return close_connection(c);
            throw harness_error("a new participant could not join: " + welcome.dump());
        }
        after_welcome(c, welcome, std::nullopt);
    }

    // Reads what follows a welcome, so that it is judged in this step: the snapshot, or
    // the replayed events up to the welcome's seq, then (the pong to a ping) the presence.
    void after_welcome(connection& c, const json& welcome, std::optional<seq_t> since) {
        const seq_t w = welcome.value("seq", seq_t{0});
        const bool snapshot = welcome.value("resume", std::string()) == "snapshot";
        if (snapshot || (since && *since < w)) {
            const auto until = clock_type::now() + answer_wait;
            for (;;) {
                auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
                if (left <= 0ms) throw harness_error("no snapshot or replay after a welcome on connection " + std::to_string(c.number));
                auto j = receive(c, left);
                if (!j) throw harness_error("connection " + std::to_string(c.number) + " closed after its welcome");
                if (snapshot ? (*j)["type"] == "snapshot" : j->value("seq", json()) == w) break;
            }
        }
        settle(c);
    }

    // Reads until the welcome (returned) or an error (returned). For a newcomer, the
    // welcome makes them a participant before it is judged.
    json until_welcome(connection& c, const std::string& newcomer = "") {
        newcomer_ = newcomer;
        const auto until = clock_type::now() + answer_wait;
        for (;;) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
            if (left <= 0ms) throw harness_error("no welcome on connection " + std::to_string(c.number));
            auto j = receive(c, left);
            if (!j) throw harness_error("the connection closed before its welcome");
            if ((*j)["type"] == "welcome" || (*j)["type"] == "error") {
                newcomer_.clear();
                return *j;
            }
        }
    }

    // Closes c from the client's side, judging what still arrives.
    void close_connection(connection& c) {
        c.ws->close();
        finish(c, "closed");
    }

    // Waits for c to be closed (by either side) and judges what it still received.
    void finish(connection& c, const char* why) {
        if (!c.ws->wait_closed(answer_wait)) throw harness_error("connection " + std::to_string(c.number) + " was not " + why);
        while (receive(c, 0ms)) {
        }
        c.open = false;
    }

    void intrude(step::intrusion_kind kind) {
        json join{{"type", "join"}, {"protocol", 1}, {"code", code_}};
        std::vector<person_id> removed(truth_.now().removed.begin(), truth_.now().removed.end());
        if (kind == step::removed_token && !removed.empty()) {
            join["token"] = truth_.reg.people.at(removed[plan_.rng()() % removed.size()]).token;
        } else if (kind == step::revoked_invite && !revoked_.empty()) {
            join["invite"] = revoked_[plan_.rng()() % revoked_.size()];
            join["name"] = plan_.text('n');
        } else {
            join["token"] = std::string(43, 'A') + std::to_string(plan_.rng()() % 1000);
        }
        connection& c = add_connection(0);
        c.ws->send(join);
        const json answer = until_welcome(c, join.value("name", ""));
        if (answer["type"] == "welcome") {
            report(violation{"admission", "a join that must fail was welcomed: " + join.dump(), 0}, recipient{0, role::observer},
                   answer.dump(), "welcome", "the intruder's welcome");
            throw seed_failed{};
        }
        close_connection(c);
    }

    void restart() {
        std::vector<person_id> online;
        for (auto& c : conns_)
            if (c->open && std::find(online.begin(), online.end(), c->who) == online.end()) online.push_back(c->who);
        srv_.stop();
        for (auto& c : conns_)
            if (c->open) finish(*c, "closed by the shutdown");
        srv_.start();
        for (person_id who : online) open_connection(who, plan_.since(truth_.now().seq));
    }

    // ---- reading and judging ----------------------------------------------------------------

    // Reads one message from c (waiting up to `wait`) and judges it. Returns it parsed,
    // or nullopt if none came (the connection may have closed).
    std::optional<json> receive(connection& c, std::chrono::milliseconds wait) {
        auto raw = c.ws->next(wait);
        if (!raw) return std::nullopt;
        json j = json::parse(*raw, nullptr, false);
        seq_t own = 0;
        if (j.is_object()) {
            if (auto s = j.find("seq"); s != j.end() && s->is_number_integer()) own = s->get<seq_t>();
            const std::string type = j.value("type", json()).is_string() ? j["type"].get<std::string>() : "";
            if ((type == "ack" || type == "error" || type == "audit") && c.who == pending_.actor && !pending_.done &&
                j.value("ref", json()) == pending_.ref)
                on_answer(j, *raw);
            if (type == "welcome" && c.who == 0 && !newcomer_.empty()) welcome_newcomer(c, j);
        }
        if (c.who == pending_.actor) new_invite_token(*raw);
        if (own > truth_.now().seq)
            throw harness_error("a message has seq " + std::to_string(own) + ", beyond the last change the oracle made (" +
                                std::to_string(truth_.now().seq) + "): " + raw->substr(0, 200));
        c.seen = std::max(c.seen, own);
        const person* p = truth_.reg.find(c.who);
        const recipient to{c.who, p ? p->r : role::observer};
        ++judged_;
        if (auto v = judge(truth_.at(c.seen), truth_.reg, to, *raw, own)) {
            const std::string when = own == 0 ? "no seq; judged as of seq " + std::to_string(c.seen)
                                     : own < c.seen ? "seq " + std::to_string(own) + ", replayed or in the snapshot after a welcome at seq " + std::to_string(c.seen)
                                                    : "seq " + std::to_string(own);
            // Replayed events (and snapshots) are told apart from live ones: their defects differ.
            const std::string type = message_type(j) + (own > 0 && own < c.seen ? " (replayed)" : "");
            report(*v, to, *raw, type, when + ", on connection " + std::to_string(c.number));
        }
        return j;
    }

    void welcome_newcomer(connection& c, const json& welcome) {
        const json you = welcome.value("you", json());
        if (!you.is_object()) throw harness_error("a welcome without \"you\": " + welcome.dump());
        person p;
        p.id = you.at("id");
        p.r = *role_from(you.at("role").get<std::string>());
        p.name = newcomer_;
        if (welcome.contains("token") && welcome["token"].is_string()) {
            p.token = welcome["token"];
        } else {
            for (const auto& t : token_like(welcome.dump()))
                if (!truth_.reg.invites.count(t)) p.token = t;
        }
        if (p.token.empty()) throw harness_error("a new participant's welcome has no token");
        enroll(p);
        c.who = p.id;
    }

    void report(const violation& v, const recipient& to, const std::string& raw, const std::string& type,
                const std::string& when) {
        if (ignored_.count(v.rule)) return;
        const std::string key = v.rule + " / " + type;
        for (const auto& f : findings_)
            if (f.v.rule + " / " + f.message_type == key) return;  // one of each kind a seed
        finding f{seed_, step_, v, to.id == 0 ? std::string("someone joining") : person_text(to.id), type, when,
                  step_text_, excerpt(raw, v.at)};
        findings_.push_back(f);
        if (!keep_going_) throw seed_failed{};
    }

    // The states no open connection can be judged against any more.
    void forget() {
        seq_t least = truth_.now().seq;
        for (const auto& c : conns_)
            if (c->open) least = std::min(least, c->seen);
        truth_.forget_before(least);
        std::erase_if(conns_, [](const std::unique_ptr<connection>& c) { return !c->open; });
    }

    server& srv_;
    const std::uint64_t seed_;
    const int steps_;
    const std::string address_;
    const clock_type::time_point deadline_;
    const bool keep_going_;
    const bool trace_;
    const std::set<std::string> ignored_;
    scenario plan_;
    truth truth_;
    std::string code_;
    std::vector<std::unique_ptr<connection>> conns_;
    std::map<role, std::string> active_invite_;
    std::vector<std::string> revoked_;
    pending pending_;
    bool pending_twin_ = false;
    std::optional<role> awaiting_invite_;  // an invitation renewed, whose token has not been seen
    std::string newcomer_;
    std::vector<finding> findings_;
    int step_ = 0, taken_ = 0;
    std::string step_text_;
    std::size_t judged_ = 0;
    int refs_ = 0, connections_made_ = 0, accepted_ = 0, refused_ = 0;
    std::int64_t fresh_ids_ = 0;
};

struct options {
    std::optional<double> seconds;
    std::optional<std::uint64_t> seed;
    int steps = 200;
    bool keep_going = false;
    bool trace = false;
    std::set<std::string> ignored;
};

void print(const finding& f, bool keep_going) {
    std::printf("\nVIOLATION of \"%s\" (seed %llu, step %d)\n", f.v.rule.c_str(), static_cast<unsigned long long>(f.seed), f.step);
    std::printf("  what:     %s\n", f.v.detail.c_str());
    std::printf("  to:       %s\n", f.recipient.c_str());
    std::printf("  message:  %s (%s)\n", f.message_type.c_str(), f.when.c_str());
    std::printf("  step %d:  %s\n", f.step, f.step_text.substr(0, 400).c_str());
    std::printf("  raw:      %s\n", f.raw.c_str());
    std::printf("  replay:   samskab_leak_oracle --seed %llu --steps %d%s\n", static_cast<unsigned long long>(f.seed), f.step,
                keep_going ? " --keep-going" : "");
}

int usage() {
    std::fprintf(stderr, "usage: samskab_leak_oracle [--seconds N] [--seed S] [--steps N] [--keep-going] [--trace]\n"
                         "                           [--ignore RULE,...]\n");
    return 64;
}

}  // namespace

int main(int argc, char** argv) {
    options opt;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            const bool has_value = i + 1 < argc;
            if (arg == "--seconds" && has_value) opt.seconds = std::stod(argv[++i]);
            else if (arg == "--seed" && has_value) opt.seed = std::stoull(argv[++i]);
            else if (arg == "--steps" && has_value) opt.steps = std::stoi(argv[++i]);
            else if (arg == "--keep-going") opt.keep_going = true;
            else if (arg == "--trace") opt.trace = true;
            else if (arg == "--ignore" && has_value) {
                std::string rules = argv[++i];
                for (std::size_t from = 0, comma; from <= rules.size(); from = comma + 1) {
                    comma = std::min(rules.find(',', from), rules.size());
                    if (comma > from) opt.ignored.insert(rules.substr(from, comma - from));
                }
            }
            else return usage();
        }
    } catch (const std::exception&) {
        return usage();
    }
    if (opt.steps < 1) return usage();
    const auto start = clock_type::now();
    // With --seed, that one seed, all its steps; else seeds until the time is up.
    const double seconds = opt.seconds.value_or(opt.seed ? 1e9 : 30);
    const auto deadline = start + std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
    const std::uint64_t first = opt.seed.value_or(std::random_device{}() % 1000000);
    std::printf("leak oracle: seeds from %llu, %d steps each, %s\n", static_cast<unsigned long long>(first), opt.steps,
                opt.seed ? "one seed" : ("for " + std::to_string(static_cast<int>(seconds)) + " s").c_str());

    std::vector<finding> found;  // the first of each kind, earliest step first
    int seeds = 0, harness_failures = 0;
    long long steps = 0, judged = 0;
    std::unique_ptr<server> srv;
    for (std::uint64_t k = 0; k == 0 || (!opt.seed && clock_type::now() < deadline); ++k) {
        const std::uint64_t seed = first + k;
        if (k % seeds_per_server == 0) srv = std::make_unique<server>();
        const std::string address = "10." + std::to_string((k >> 16) & 255) + "." + std::to_string((k >> 8) & 255) + "." +
                                    std::to_string(k & 255);
        const auto t0 = clock_type::now();
        session_run run(*srv, seed, opt.steps, address, deadline, opt.keep_going, opt.trace, opt.ignored);
        std::vector<finding> here;
        try {
            here = run.run();
        } catch (const std::exception& e) {
            ++harness_failures;
            std::printf("\nTEST FAILURE (not a verdict on the server's rules) at seed %llu, step %d: %s\n",
                        static_cast<unsigned long long>(seed), run.current_step(), e.what());
            std::printf("  the server's log ends with:\n%s\n", tail(srv->log()).c_str());
            srv.reset();
            if (!opt.keep_going) break;
            srv = std::make_unique<server>();
            continue;
        }
        ++seeds;
        steps += run.steps_taken();
        judged += static_cast<long long>(run.judged());
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t0).count();
        std::printf("seed %llu: %d steps%s (%d commands accepted, %d refused), %zu messages judged, %lld ms%s\n",
                    static_cast<unsigned long long>(seed), run.steps_taken(), run.cut() ? " (cut short by --seconds)" : "",
                    run.accepted(), run.refused(), run.judged(), static_cast<long long>(ms), here.empty() ? "" : ", VIOLATION");
        std::fflush(stdout);
        for (auto& f : here) {
            auto same = std::find_if(found.begin(), found.end(), [&](const finding& g) {
                return g.v.rule == f.v.rule && g.message_type == f.message_type;
            });
            if (same == found.end()) found.push_back(f);
            else if (f.step < same->step) *same = f;
        }
        if (!here.empty() && !opt.keep_going) break;
    }
    const auto total = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start).count();
    std::printf("\nleak oracle: %d seed(s), %lld steps, %lld messages judged in %lld ms\n", seeds, steps, judged,
                static_cast<long long>(total));
    std::sort(found.begin(), found.end(), [](const finding& a, const finding& b) { return a.step < b.step; });
    for (const auto& f : found) print(f, opt.keep_going);
    if (!found.empty()) {
        std::printf("\n%zu kind(s) of violation of PROTOCOL.md's \"Who sees what\" (rule / message type):\n", found.size());
        for (const auto& f : found)
            std::printf("  %-16s %-40s seed %llu step %d\n", f.v.rule.c_str(), f.message_type.c_str(),
                        static_cast<unsigned long long>(f.seed), f.step);
        return 1;
    }
    return harness_failures ? 2 : 0;
}

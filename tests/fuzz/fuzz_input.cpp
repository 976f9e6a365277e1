// The fuzzing entry point (see fuzz_input.hpp).
#include "fuzz_input.hpp"

#include "domain/workshop.hpp"
#include "protocol/encoder.hpp"
#include "protocol/parser.hpp"
#include "storage/write_set.hpp"

#include <string>
#include <string_view>

namespace samskab::fuzzing {

using namespace samskab::domain;

namespace {

const time_point t0{std::chrono::milliseconds{1'795'440'420'123}};

// A context whose invitations have nonces "n1", "n2", ... and hashes "x1", "x2", ...
decide_context context(int& secret) {
    return decide_context{t0, [&secret] {
                              const std::string n = std::to_string(++secret);
                              return invite_secret{"n" + n, "x" + n};
                          }};
}

// A session in its ideas phase with one participant of each role, a few ideas, a
// cluster, a comment and a trial action, so that commands find things to act on.
workshop make_session() {
    settings s;
    s.fold_threshold = 2;  // the smallest: results split by role with the fewest voters
    workshop w = workshop::create(session_info{"s", "K7M4QX", "T", "Q", session_status::open, t0,
                                               session_template::idea_workshop, ""},
                                  s, {"A", "B"}, participant{0, "F", role::facilitator, "h1", t0, false});
    const role roles[] = {role::co_facilitator, role::manager, role::staff, role::citizen, role::observer};
    for (role r : roles)
        w.add_participant(participant{w.people().next_id(), std::string(to_string(r)), r, "h" + std::to_string(w.people().next_id()), t0, false});
    int secret = 0;
    const decide_context ctx = context(secret);
    const command setup[] = {set_phase{phase::ideas},
                             add_idea{1, 0, "one"},
                             add_idea{1, 0, "two"},
                             add_idea{2, 0, "three"},
                             create_cluster{1, "c", {1, 2}},
                             add_comment{target_kind::idea, 1, "hi"},
                             create_trial{"t", "", "", "", "", "", {3}, {4}},
                             renew_invite{role::staff}};
    for (const auto& cmd : setup) {
        auto ev = w.decide(*w.people().find(1), cmd, ctx);
        if (ev) w.apply(change{w.seq() + 1, 1, t0, "s", std::string(command_name(cmd)), ev.value()});
    }
    return w;
}

const workshop& prototype() {
    static const workshop w = make_session();
    return w;
}

void run_command(workshop& w, const command& cmd) {
    int secret = 0;
    const decide_context ctx = context(secret);
    for (participant_id who = 1; who <= 6; ++who) {
        const participant& actor = *w.people().find(who);
        auto ev = w.decide(actor, cmd, ctx);
        if (!ev) {
            const viewer v = viewer_of(actor);
            (void)protocol::encode_error("r", ev.err(), &w, &v);
            continue;
        }
        change c{w.seq() + 1, who, t0, "r", std::string(command_name(cmd)), ev.value()};
        w.apply(c);
        (void)protocol::encode_event(c, w, viewer_of(actor));
        (void)protocol::encode_event(c, w, viewer{0, role::facilitator});
        (void)protocol::encode_event(c, w, viewer{0, role::citizen});
        (void)storage::collect(c, w);
        return;  // one accepted change per command
    }
}

}  // namespace

void fuzz_messages(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    workshop w = prototype();
    std::size_t start = 0;
    for (int lines = 0; start <= input.size() && lines < 64; ++lines) {
        std::size_t end = input.find('\n', start);
        if (end == std::string_view::npos) end = input.size();
        auto parsed = protocol::parse_client_message(input.substr(start, end - start));
        if (parsed.message)
            if (auto* cmd = std::get_if<protocol::command_request>(&parsed.message.value())) run_command(w, cmd->cmd);
        start = end + 1;
    }
    (void)protocol::encode_snapshot(w, viewer{4, role::staff});
    (void)protocol::parse_create_session(input);
    // Whatever happened must restore to the same state.
    auto restored = workshop::restore(w.state());
    if (!restored || !(restored.value().state() == w.state())) __builtin_trap();
}

}  // namespace samskab::fuzzing

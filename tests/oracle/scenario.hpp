// scenario: the leak oracle's random session, one step at a time. A step is a command
// from one participant (any role, the observer included, and aimed, as an attacker
// would, at ids of ideas and comments the sender may not see), or something around the
// commands: a reconnection with a random `since`, a second tab, an audit request, a
// newcomer, a join that must fail, a restart of the server.
//
// Everything is drawn from one generator seeded by the seed, and depends only on it
// and on the truth (which depends only on the steps before): the same seed gives the
// same steps, so a failure replays with --seed, and --steps N gives the first N steps
// of the longer run.
#pragma once

#include "oracle/model.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace samskab::oracle {

// Where a command names an idea or a comment: the oracle checks the answer against the
// answer for an id that never existed when the sender may not see it.
struct id_ref {
    nlohmann::json::json_pointer where;
    bool comment = false;
};

struct step {
    enum kind { command, reconnect, second_tab, close_tab, audit, newcomer, intruder, restart } what = command;
    person_id actor = 0;
    nlohmann::json cmd;         // command: without its ref; audit: the request
    std::vector<id_ref> refs;   // command: where it names ideas or comments
    std::optional<seq_t> since; // reconnect: the `since` to join with, if any
    std::string name;           // newcomer: the display name
    enum intrusion_kind { removed_token, revoked_invite, unknown_token } intrusion = unknown_token;
};

// Who is there, as the driver knows it.
struct cast_member {
    person_id id = 0;
    role r = role::citizen;
    int connections = 0;  // open connections
    bool removed = false;
};

class scenario {
public:
    explicit scenario(std::uint64_t seed);

    // The first settings of the session (the body's "settings" object).
    nlohmann::json settings();
    // A new unique text of this kind ('i' idea, 'c' comment, 'n' name, 'r' reason,
    // 'p' anything everyone may see), with its marker.
    std::string text(char kind);

    // The next step, given the truth now and who is there.
    step next(const state& s, const registry& reg, const std::vector<cast_member>& cast);

    // A `since` to rejoin with: 0, an old seq, the current one, one from the future, or
    // none (a snapshot).
    std::optional<seq_t> since(seq_t now);
    // Whether something happens, with probability p.
    bool chance(double p);
    std::mt19937_64& rng() { return rng_; }

private:
    std::size_t below(std::size_t n);
    template <class T>
    const T& one_of(const std::vector<T>& v) { return v[below(v.size())]; }

    step command_step(const state& s, const registry& reg, const std::vector<cast_member>& cast);
    step facilitator_command(const state& s, const registry& reg, const cast_member& me,
                             const std::vector<cast_member>& cast);
    step member_command(const state& s, const registry& reg, const cast_member& me,
                        const std::vector<cast_member>& cast);
    std::optional<step> burst_step(const state& s, const std::vector<cast_member>& cast);
    step add_idea(const state& s, const cast_member& me);
    step edit_idea(const state& s, const cast_member& me);
    step move_idea(const state& s, const cast_member& me);
    step delete_idea(const state& s, const cast_member& me);
    step add_comment(const state& s, const cast_member& me);
    step react(const state& s, const cast_member& me);

    // An idea id for `me` to name: mostly one it may see (its own if `own`), often one it
    // may not (private, hidden, deleted), sometimes one that never existed.
    item_id pick_idea(const state& s, const cast_member& me, bool own = false, bool on_board = false);
    item_id pick_comment(const state& s, const cast_member& me, bool own = false);
    item_id pick_column(const state& s);
    item_id pick_trial(const state& s);
    person_id pick_person(const std::vector<cast_member>& cast);

    std::mt19937_64 rng_;
    std::uint64_t seed_;
    std::uint64_t counter_ = 0;
    // A burst: many ideas added before the same one, until its column runs out of
    // ranks between two ideas and is ranked afresh ("reranked").
    struct burst {
        person_id actor = 0;
        item_id column = 0, before = 0;
        int left = 0;
    } burst_;
    int newcomers_ = 0, intruders_ = 0, removals_ = 0;
};

}  // namespace samskab::oracle

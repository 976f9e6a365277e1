// workshop_sim: simulated workshop sessions for the storage benchmark
// (samskab_storage_bench, scenarios f and g). Each is a real domain::workshop, changed
// the way a room changes it (net/room.cpp, do_submit): a command is decided and
// applied, and the change goes to the journal with its texts (server::texts_for) and
// its rows (storage::collect). So the benchmark writes exactly the rows the server
// writes. No network is involved.
//
// Names, codes and tokens are derived from the session's number, so that a database
// built once can be reused and its sessions joined later.
//
// Threading: a session_sim is a plain value; one thread at a time.
#pragma once

#include "domain/workshop.hpp"
#include "storage/journal.hpp"
#include "storage/write_set.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace samskab::load {

// A change as a room hands it to journal::append.
struct sim_change {
    domain::change c;
    storage::change_texts texts;
    storage::write_set rows;
};

std::string sim_session_id(int session);  // 16 characters, like the server's ids
std::string sim_join_code(int session);   // a valid join code, distinct for each session
// The secret token of participant `who` of the session (the database keeps its hash).
std::string sim_token(int session, domain::participant_id who);

class session_sim {
public:
    // Session number `index`, open, with two columns, names shown, and `people`
    // participants (at least 4) as if they had joined: 1 the facilitator, 2 a
    // co-facilitator, then one manager in ten, staff and citizens.
    session_sim(int index, int people, std::uint64_t seed);

    int index() const noexcept { return index_; }
    const domain::workshop& state() const noexcept { return w_; }
    // Every row of the session, its participants included (storage::collect_all), for
    // journal::create_session.
    storage::write_set creation() const;

    // Scenario f: the first change moves the session to the phase ideas; then the
    // members in turn add ideas of text_length characters at the end of a column,
    // until the board holds 4,500 (the limit is 5,000); after that each change moves
    // the longest-unmoved idea to the end of the other column (by its author).
    sim_change next_idea(std::size_t text_length);

    // Scenario g: change number seq()+1 of a whole workshop of `total` changes. The
    // phases follow one another at fixed shares of `total`: ideas (add, move, edit,
    // comment, react) to 55 %, cluster (clusters, fates, merges) to 65 %, vote (dots
    // moved around by the members) to 80 %, trial actions (created, decided on by a
    // manager, run, updated, learnings, volunteers) to 95 %, then wrap-up (comments and
    // reactions). A command the domain refuses is replaced by another (counted in
    // refused()); nothing refused is written.
    sim_change next_workshop(std::int64_t total);

    long refused() const noexcept { return refused_; }
    // Accepted changes by action (the command's wire name).
    const std::map<std::string, long>& actions() const noexcept { return actions_; }

private:
    // Decides and applies cmd as who; nullopt (and why, if given) if the domain refuses it.
    std::optional<sim_change> attempt(domain::participant_id who, const domain::command& cmd, std::string* why = nullptr);
    sim_change must(domain::participant_id who, const domain::command& cmd);
    std::optional<sim_change> try_ideas_phase();
    std::optional<sim_change> try_cluster_phase();
    std::optional<sim_change> try_vote_phase();
    std::optional<sim_change> try_trial_phase();
    std::optional<sim_change> try_talk();
    sim_change fallback();

    std::int64_t roll(std::int64_t n) { return std::uniform_int_distribution<std::int64_t>(0, n - 1)(rng_); }
    domain::participant_id member();       // a manager, staff member or citizen
    domain::participant_id contributor();  // anyone but observers
    domain::participant_id facilitator() { return roll(2) == 0 ? 1 : 2; }
    domain::participant_id manager();
    domain::idea_id any_idea();            // 0 if none
    std::string text(std::size_t length, const char* kind);

    int index_;
    int people_;
    domain::workshop w_;
    std::mt19937_64 rng_;
    std::vector<domain::idea_id> ideas_;  // every idea added, oldest first
    std::size_t next_to_move_ = 0;
    long texts_made_ = 0;
    long refused_ = 0;
    std::map<std::string, long> actions_;
};

}  // namespace samskab::load

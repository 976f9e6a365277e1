// The leak oracle's own truth about one session: what each idea and comment says now
// and said before, who wrote it, whether it is private, hidden or deleted, the
// settings, who gave dots to what, who is named openly, and who holds which token.
//
// The truth is built from the commands the oracle itself sent and the server's answers
// to them (see leak_oracle.cpp for why that is exact): a `state` per seq, kept while a
// connection may still be judged against it, and one `registry` for what only grows
// (people, tokens, the unique markers in texts, and facts about each seq).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace samskab::oracle {

using person_id = std::int64_t;
using item_id = std::int64_t;  // ideas, comments, trial actions, columns, clusters
using seq_t = std::int64_t;

enum class role { facilitator, co_facilitator, manager, staff, citizen, observer };
std::string to_string(role r);
std::optional<role> role_from(std::string_view s);
// "The facilitators": the facilitator and the co-facilitators (PROTOCOL.md).
inline bool facilitates(role r) { return r == role::facilitator || r == role::co_facilitator; }

enum class anonymity { named, hidden_from_participants, anonymous };
std::string to_string(anonymity a);

struct idea_truth {
    person_id author = 0;
    std::string text;                    // as it reads now
    std::vector<std::string> old_texts;  // every text it had before an edit
    std::string reason;                  // the reason it was parked with, if it is parked
    bool is_private = false;             // written during private writing and never revealed
                                         // (stays true once deleted: it was never public)
    bool moderated = false;              // hidden by a facilitator
    bool deleted = false;
    bool merged = false;
    item_id trial = 0;                   // the trial action it became
    item_id column = 0;
    item_id cluster = 0;
    std::int64_t version = 1;
};

struct comment_truth {
    person_id author = 0;
    bool on_idea = true;  // else on a trial action
    item_id target = 0;
    std::string text;
    bool moderated = false;
    bool deleted = false;  // by comment.delete, or with its idea or trial action
};

struct trial_truth {
    std::set<person_id> owners;
    std::int64_t version = 1;
    std::string status = "proposed";
    bool has_learnings = false;
};

// The session as it is after one seq.
struct state {
    seq_t seq = 0;
    anonymity anon = anonymity::named;
    bool private_writing = false;
    bool late_ideas = false;
    std::int64_t vote_budget = 3, vote_cap = 2, fold_threshold = 3;
    std::string phase = "welcome";
    bool votes_revealed = false;
    bool locked = false;
    bool closed = false;

    std::map<item_id, idea_truth> ideas;  // every idea ever accepted, deleted ones included
    std::map<item_id, comment_truth> comments;
    std::map<item_id, trial_truth> trials;  // the ones that exist
    std::vector<item_id> columns;
    std::map<item_id, item_id> clusters;  // cluster -> its column
    item_id last_idea = 0, last_comment = 0, last_trial = 0, last_column = 0, last_cluster = 0;

    std::set<person_id> named_openly;                          // trial owners, learning writers, deciders
    std::map<person_id, std::set<item_id>> voted;              // every idea each one ever gave dots
    std::map<person_id, std::map<item_id, std::int64_t>> dots;  // each one's dots now
    std::set<person_id> removed;
};

struct person {
    person_id id = 0;
    role r = role::citizen;
    std::string name;
    std::string token;
};

// What a unique marker (see marker()) stands for. Whether an idea's text or reason is
// its current one or an earlier one depends on the seq, so that is read from the state.
struct marker_owner {
    enum kind { idea_text, idea_reason, comment_text, name } what;
    std::int64_t id;  // the idea, comment or person
};

// What only grows, whatever the seq.
struct registry {
    std::uint64_t seed = 0;
    std::map<person_id, person> people;
    std::map<std::string, role> invites;  // every invitation token ever issued, and its role
    std::map<std::string, marker_owner> markers;
    std::map<seq_t, person_id> voter_of;       // the seq of every accepted vote.set: whose dots
    std::map<seq_t, person_id> authorship_of;  // changes whose actor is thereby known to be the
                                               // author of an idea or comment (the audit log's rule)
    std::vector<std::int64_t> fold_at;         // the fold threshold after each seq (index: seq)
    std::vector<anonymity> anon_at;            // the anonymity after each seq (index: seq)

    const person* find(person_id id) const;
};

// A unique marker for a text or name: '@', a kind letter, the seed, '-', a counter, '-'
// and four random letters or digits, e.g. "@i17-42-k3x9". Only ASCII letters, digits,
// '@' and '-', which no JSON encoder escapes, so a marker can be found in the raw
// bytes of any message, whatever its format.
std::string marker(char kind, std::uint64_t seed, std::uint64_t counter, std::uint64_t random);
// Every marker in raw, with its offset.
std::vector<std::pair<std::string, std::size_t>> markers_in(std::string_view raw);

// The truth: the state after each seq that may still be needed, and the registry.
class truth {
public:
    truth(state initial, registry reg);

    const state& now() const { return *states_.rbegin()->second; }
    // The state after seq s. Throws if it was forgotten or has not happened.
    const state& at(seq_t s) const;
    // Adds the state after the next seq (next.seq must be now().seq + 1).
    void commit(state next);
    // Drops the states before s (keeping the latest).
    void forget_before(seq_t s);

    registry reg;

private:
    std::map<seq_t, std::shared_ptr<const state>> states_;
};

// Applies an accepted command (as the oracle sent it, by `actor`) to `s`, which becomes
// the state after `seq`, and records in `reg` what that change tells. Invitations
// (their tokens) are the driver's (leak_oracle.cpp).
void apply_accepted(state& s, registry& reg, const nlohmann::json& cmd, const person& actor, seq_t seq);

}  // namespace samskab::oracle

// The rules of PROTOCOL.md's "Who sees what", written once, as predicates over the
// oracle's truth (model.hpp): who may see an idea, a comment, an author, a name; and
// `judge`, which says whether one raw message the server sent to one recipient broke
// any of them. The scenario uses the same visibility functions to aim its commands
// at what the sender may not see.
#pragma once

#include "oracle/model.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace samskab::oracle {

// Who receives a message: a participant and the role it has (roles never change).
struct recipient {
    person_id id = 0;
    role r = role::observer;
};

// Whether `to` may see idea `id` now: its author always; nobody else while it is
// private; only the facilitators while it is hidden; nobody once it is deleted.
bool sees_idea(const state& s, const recipient& to, item_id id);
// Whether `to` may see comment `id` now: those who may see what it is on, and of them,
// while it is hidden, only its author and the facilitators; nobody once it is deleted.
bool sees_comment(const state& s, const recipient& to, item_id id);
// Whether `to` may be told that `author` wrote something: named, everyone;
// hidden_from_participants, the author and the facilitators; anonymous, the author.
bool sees_author(anonymity a, const recipient& to, person_id author);
// Whether `to` may see the display name of person `p`: their own; everyone's where the
// session is named; the facilitators see every name (presence, authors, the audit log);
// trial action owners, learnings and decisions are always named, so whoever took one
// on, wrote one or made one is named openly to all.
bool sees_name(const state& s, const recipient& to, person_id p);
// Whether idea `id` was written privately by someone other than `to` and never revealed:
// then not even its id may reach `to`.
bool private_to_others(const state& s, const recipient& to, item_id id);

struct violation {
    std::string rule;    // a short name, e.g. "hidden-text" (see rules.cpp)
    std::string detail;  // what was seen, in words
    std::size_t at = 0;  // where in the raw message, for the excerpt
};

// Whether the server may send `raw` to `to`. `s` is the truth the message is judged
// against (see leak_oracle.cpp: after the message's own change for a live event; at the
// welcome for a snapshot and for replayed events); `own_seq` is the seq the message
// itself carries (0 if none), for what holds as of its own change (the fold threshold
// of its results). Returns the first broken rule, if any.
std::optional<violation> judge(const state& s, const registry& reg, const recipient& to, const std::string& raw,
                               seq_t own_seq);

// "An error for an id the sender may not see is identical to the error for an id that
// does not exist": `answer` is the server's answer to a command naming something the
// sender may not see, `twin_answer` its answer to the same command naming ids that never
// existed instead. Answers that were rate-limited prove nothing either way.
std::optional<violation> judge_twin(const nlohmann::json& answer, const nlohmann::json& twin_answer);

}  // namespace samskab::oracle

// visibility: who may see what. Private ideas (written while private writing is on,
// until revealed) are seen by their author alone, the facilitators included; ideas
// and comments hidden by a facilitator are seen by their author and the facilitators;
// comments and reactions are seen by those who may see what they are on; trial
// actions, decisions and the controls by everyone; authors are shown according to the
// session's anonymity; votes are never shown per person at all (see ballot.hpp).
//
// The server decides with these rules what it sends to whom, and every command
// resolves the ids it names through the lookups for a viewer (board::idea_for,
// workshop::comment_for, workshop::can_see_target), so that an id the sender may not
// see is answered exactly like one that does not exist. Those lookups are defined in
// visibility.cpp with the rules, so that the rules stay in one file.
#pragma once

#include "domain/types.hpp"

namespace samskab::domain {

struct viewer {
    participant_id id = 0;
    role role_ = role::observer;
};

inline viewer viewer_of(const participant& p) { return viewer{p.id, p.role_}; }

bool can_see(const viewer& v, const idea& i);
// The comment itself (its moderation); whether v may see what it is on is the
// workshop's to say (workshop::can_see_comment).
bool can_see(const viewer& v, const comment& c);
// Whether every participant may see the idea: it is neither private nor hidden. What
// everyone is shown (a merge, a trial action, a decision) is made of such ideas only.
bool seen_by_all(const idea& i);
// Whether v is shown who wrote something by `author`.
bool shows_author(anonymity a, const viewer& v, participant_id author);
// Whether v sees the names of the people present, or only counts by role.
bool shows_names(anonymity a, const viewer& v);

}  // namespace samskab::domain

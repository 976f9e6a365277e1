// visibility: who may see what. Private ideas (written while private writing is on,
// until revealed) are seen by their author alone, the facilitators included; ideas
// and comments hidden by a facilitator are seen by their author and the facilitators;
// authors are shown according to the session's anonymity; votes are never shown per
// person at all (see ballot.hpp).
//
// The server decides with these functions what it sends to whom, and refuses as
// "not found" actions on things the actor may not see.
#pragma once

#include "domain/types.hpp"

namespace samskab::domain {

struct viewer {
    participant_id id = 0;
    role role_ = role::observer;
};

inline viewer viewer_of(const participant& p) { return viewer{p.id, p.role_}; }

bool can_see(const viewer& v, const idea& i);
bool can_see(const viewer& v, const comment& c);
// Whether v is shown who wrote something by `author`.
bool shows_author(anonymity a, const viewer& v, participant_id author);
// Whether v sees the names of the people present, or only counts by role.
bool shows_names(anonymity a, const viewer& v);

}  // namespace samskab::domain

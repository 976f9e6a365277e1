// Who may see what (see visibility.hpp).
#include "domain/visibility.hpp"

namespace samskab::domain {

bool can_see(const viewer& v, const idea& i) {
    if (i.author == v.id && v.id != 0) return true;
    if (i.is_private) return false;
    if (i.moderated) return facilitates(v.role_);
    return true;
}

bool can_see(const viewer& v, const comment& c) {
    if (c.author == v.id && v.id != 0) return true;
    return !c.moderated || facilitates(v.role_);
}

bool shows_author(anonymity a, const viewer& v, participant_id author) {
    if (author == v.id && v.id != 0) return true;
    switch (a) {
    case anonymity::named: return true;
    case anonymity::hidden_from_participants: return facilitates(v.role_);
    case anonymity::anonymous: return false;
    }
    return false;
}

bool shows_names(anonymity a, const viewer& v) { return a == anonymity::named || facilitates(v.role_); }

}  // namespace samskab::domain

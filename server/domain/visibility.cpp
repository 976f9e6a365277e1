// Who may see what, and the lookups for a viewer that every command and every message
// goes through (see visibility.hpp). The lookups are members of board and workshop,
// defined here so that every rule about seeing is in this one file.
#include "domain/visibility.hpp"

#include "domain/board.hpp"
#include "domain/workshop.hpp"

namespace samskab::domain {

namespace {

// One answer for "does not exist" and "you may not see it", word for word.
error no_idea() { return error::make(errc::idea_not_found, "no idea has this id"); }
error no_comment() { return error::make(errc::comment_not_found, "no comment has this id"); }

bool wrote(const viewer& v, participant_id author) { return author == v.id && v.id != 0; }

}  // namespace

bool can_see(const viewer& v, const idea& i) {
    if (wrote(v, i.author)) return true;
    if (i.is_private) return false;
    if (i.moderated) return facilitates(v.role_);
    return true;
}

bool can_see(const viewer& v, const comment& c) { return wrote(v, c.author) || !c.moderated || facilitates(v.role_); }

bool seen_by_all(const idea& i) { return !i.is_private && !i.moderated; }

bool shows_author(anonymity a, const viewer& v, participant_id author) {
    if (wrote(v, author)) return true;
    switch (a) {
    case anonymity::named: return true;
    case anonymity::hidden_from_participants: return facilitates(v.role_);
    case anonymity::anonymous: return false;
    }
    return false;
}

bool shows_names(anonymity a, const viewer& v) { return a == anonymity::named || facilitates(v.role_); }

// ---- the lookups for a viewer ---------------------------------------------------

const idea* board::find_idea_for(const viewer& v, idea_id id) const {
    const idea* i = find_idea(id);
    return i && can_see(v, *i) ? i : nullptr;
}

result<const idea*> board::idea_for(const viewer& v, idea_id id) const {
    if (const idea* i = find_idea_for(v, id)) return i;
    return no_idea();
}

result<const idea*> board::public_idea_for(const viewer& v, idea_id id) const {
    auto i = idea_for(v, id);
    if (i && !seen_by_all(*i.value()))
        return error::make(errc::invalid_state,
                           "everyone would be shown this, but the idea is hidden or not yet revealed: show or reveal it first");
    return i;
}

bool workshop::can_see_target(const viewer& v, target_kind on, std::int64_t id) const {
    if (on == target_kind::trial_action) return trials_.find(id) != nullptr;
    return board_.find_idea_for(v, id) != nullptr;
}

bool workshop::can_see_comment(const viewer& v, const comment& c) const {
    return can_see(v, c) && can_see_target(v, c.on, c.target);
}

result<const comment*> workshop::comment_for(const viewer& v, comment_id id) const {
    const comment* c = discussion_.find(id);
    if (c && can_see_comment(v, *c)) return c;
    return no_comment();
}

}  // namespace samskab::domain

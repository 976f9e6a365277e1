// Comments and reactions (see discussion.hpp).
#include "domain/discussion.hpp"

#include "domain/limits.hpp"
#include "domain/text.hpp"

namespace samskab::domain {

const comment* discussion::find(comment_id id) const {
    auto it = comments_.find(id);
    return it == comments_.end() ? nullptr : &it->second;
}

const reaction_set* discussion::reactions_on(target_key t) const {
    auto it = reactions_.find(t);
    return it == reactions_.end() ? nullptr : &it->second;
}

result<event> discussion::add(participant_id author, const add_comment& c, time_point now) const {
    if (comments_.size() >= limits::comments_per_session) {
        return error::at_limit("the session has the most comments it can", limits::comments_per_session);
    }
    auto text = clean_text(c.text, comment_rule);
    if (!text) return text.err();
    return event{comment_added{comment{last_id_ + 1, c.on, c.target, author, std::move(text.value()), now, false}}};
}

result<event> discussion::moderate(const comment& c, bool hidden) const {
    if (c.moderated == hidden)
        return error::make(errc::invalid_state, hidden ? "the comment is already hidden" : "the comment is not hidden");
    return event{comment_moderated{c.id, hidden}};
}

event discussion::toggle(participant_id who, const toggle_reaction& c) const {
    const reaction_set* set = reactions_on({c.on, c.target});
    bool given = false;
    if (set)
        if (auto it = set->given.find(c.what); it != set->given.end()) given = it->second.count(who) > 0;
    return reaction_toggled{c.on, c.target, c.what, who, !given};
}

void discussion::apply(const comment_added& e) {
    last_id_ = e.item.id;
    comments_.emplace(e.item.id, e.item);
}

void discussion::apply(const comment_deleted& e) { comments_.erase(e.id); }

void discussion::apply(const comment_moderated& e) { comments_.at(e.id).moderated = e.hidden; }

void discussion::apply(const reaction_toggled& e) {
    auto& set = reactions_[{e.on, e.target}];
    auto& who = set.given[e.what];
    if (e.given) who.insert(e.who);
    else who.erase(e.who);
    if (who.empty()) set.given.erase(e.what);
    if (set.given.empty()) reactions_.erase({e.on, e.target});
}

void discussion::drop_target(target_key t) {
    std::erase_if(comments_, [&](const auto& kv) { return kv.second.on == t.first && kv.second.target == t.second; });
    reactions_.erase(t);
}

void discussion::restore(std::map<comment_id, comment> comments, comment_id last_id,
                         std::map<target_key, reaction_set> reactions) {
    comments_ = std::move(comments);
    last_id_ = last_id;
    reactions_ = std::move(reactions);
}

}  // namespace samskab::domain

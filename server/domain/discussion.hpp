// discussion: comments and reactions on ideas and trial actions.
// Threading: a plain value, confined to its owner's thread.
#pragma once

#include "domain/command.hpp"
#include "domain/event.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"

#include <map>
#include <utility>

namespace samskab::domain {

using target_key = std::pair<target_kind, std::int64_t>;

class discussion {
public:
    const std::map<comment_id, comment>& comments() const noexcept { return comments_; }
    const comment* find(comment_id id) const;
    const std::map<target_key, reaction_set>& reactions() const noexcept { return reactions_; }
    const reaction_set* reactions_on(target_key t) const;
    comment_id last_id() const noexcept { return last_id_; }

    // Preconditions: the target exists and the author may see it.
    result<event> add(participant_id author, const add_comment& c, time_point now) const;
    result<event> moderate(const comment& c, bool hidden) const;
    event toggle(participant_id who, const toggle_reaction& c) const;

    void apply(const comment_added& e);
    void apply(const comment_deleted& e);
    void apply(const comment_moderated& e);
    void apply(const reaction_toggled& e);
    // Forgets the comments and reactions on a deleted idea or trial action.
    void drop_target(target_key t);

    void restore(std::map<comment_id, comment> comments, comment_id last_id, std::map<target_key, reaction_set> reactions);

private:
    std::map<comment_id, comment> comments_;
    comment_id last_id_ = 0;
    std::map<target_key, reaction_set> reactions_;
};

}  // namespace samskab::domain

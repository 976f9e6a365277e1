// Which changes withdraw what earlier events showed (see replay.hpp).
#include "domain/replay.hpp"

#include "domain/overloaded.hpp"

namespace samskab::domain {

bool withdraws(const event& e) {
    // One branch per event and no catch-all: std::visit fails to compile for an event
    // left out. Each says what earlier events could have shown that it takes away.
    return std::visit(
        overloaded{
            [](const idea_added&) { return false; },
            [](const idea_edited&) { return true; },  // the old text
            [](const idea_moved&) { return false; },
            [](const idea_deleted&) { return true; },  // the idea, its comments and reactions
            [](const ideas_revealed&) { return false; },
            [](const ideas_merged&) { return false; },  // merged ideas stay, with their fate
            [](const fate_set&) { return false; },
            [](const idea_moderated& m) { return m.hidden; },
            [](const column_added&) { return false; },
            [](const column_renamed&) { return false; },  // the facilitators' own titles
            [](const column_moved&) { return false; },
            [](const column_deleted&) { return false; },  // only empty columns
            [](const cluster_created&) { return false; },
            [](const cluster_renamed&) { return false; },
            [](const cluster_assigned&) { return false; },
            [](const cluster_deleted&) { return false; },
            [](const vote_set&) { return false; },  // a voter's dots reach the voter only
            [](const votes_revealed&) { return false; },
            [](const votes_reset&) { return false; },
            [](const comment_added&) { return false; },
            [](const comment_deleted&) { return true; },
            [](const comment_moderated& m) { return m.hidden; },
            [](const reaction_toggled&) { return false; },
            [](const trial_saved&) { return false; },  // trial actions are everyone's, named
            [](const learning_added&) { return false; },
            [](const trial_deleted&) { return true; },
            [](const decision_recorded&) { return false; },
            [](const facilitation_set&) { return false; },
            [](const participant_removed&) { return false; },  // what they wrote stays
            [](const invite_set&) { return false; },  // no token: the links travel apart (invites)
            [](const session_updated&) { return false; },
            [](const session_closed&) { return false; },
        },
        e);
}

}  // namespace samskab::domain

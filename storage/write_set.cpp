// Which rows each event touches (see write_set.hpp).
#include "storage/write_set.hpp"

#include "domain/overloaded.hpp"

namespace samskab::storage {

using namespace samskab::domain;

namespace {

void add_idea(write_set& ws, const workshop& w, idea_id id) {
    if (const idea* i = w.ideas().find_idea(id)) ws.ideas.push_back(*i);
}

void add_reranked(write_set& ws, const workshop& w, const rerank_list& r) {
    for (const auto& [id, rank] : r) add_idea(ws, w, id);
}

void all_columns(write_set& ws, const workshop& w) {
    ws.columns = true;
    for (const auto& slot : w.ideas().columns()) ws.column_order.push_back(slot.item);
}

// A trial action's rows as a change wrote them: its learnings are left out, being
// written only when added (see write_set.hpp).
void add_trial(write_set& ws, const trial_action& t) {
    ws.trials.push_back(t);
    ws.trials.back().learnings = std::vector<learning>();
}

void the_session(write_set& ws, const workshop& w) {
    ws.session = true;
    ws.info = w.info();
    ws.controls = w.controls();
}

}  // namespace

write_set collect(const change& c, const workshop& w) {
    write_set ws;
    ws.at = c.at;
    std::visit(overloaded{
                   [&](const idea_added& e) {
                       add_idea(ws, w, e.item.id);
                       add_reranked(ws, w, e.reranked);
                   },
                   [&](const idea_edited& e) { add_idea(ws, w, e.id); },
                   [&](const idea_moved& e) {
                       add_idea(ws, w, e.id);
                       add_reranked(ws, w, e.reranked);
                   },
                   [&](const idea_deleted& e) {
                       ws.ideas_deleted.push_back(e.id);
                       ws.votes_on_deleted.push_back(e.id);
                       ws.targets_deleted.push_back({target_kind::idea, e.id});
                   },
                   [&](const ideas_revealed& e) {
                       for (idea_id id : e.ideas) add_idea(ws, w, id);
                   },
                   [&](const ideas_merged& e) {
                       add_idea(ws, w, e.into);
                       for (idea_id id : e.absorbed) add_idea(ws, w, id);
                       if (!w.controls().votes_revealed)  // their dots were given back
                           ws.votes_on_deleted.insert(ws.votes_on_deleted.end(), e.absorbed.begin(), e.absorbed.end());
                   },
                   [&](const fate_set& e) { add_idea(ws, w, e.id); },
                   [&](const idea_moderated& e) { add_idea(ws, w, e.id); },
                   [&](const column_added&) { all_columns(ws, w); },
                   [&](const column_renamed&) { all_columns(ws, w); },
                   [&](const column_moved&) { all_columns(ws, w); },
                   [&](const column_deleted& e) {
                       all_columns(ws, w);
                       ws.columns_deleted.push_back(e.id);
                   },
                   [&](const cluster_created& e) {
                       ws.clusters.push_back(e.item);
                       for (idea_id id : e.ideas) add_idea(ws, w, id);
                   },
                   [&](const cluster_renamed& e) { ws.clusters.push_back(*w.ideas().find_cluster(e.id)); },
                   [&](const cluster_assigned& e) { add_idea(ws, w, e.idea); },
                   // The journal takes the cluster's ideas out of it.
                   [&](const cluster_deleted& e) { ws.clusters_deleted.push_back(e.id); },
                   [&](const vote_set& e) { ws.votes_of.push_back({e.voter, w.votes().mine(e.voter)}); },
                   [&](const votes_revealed&) { the_session(ws, w); },
                   [&](const votes_reset&) {
                       the_session(ws, w);
                       ws.votes_cleared = true;
                   },
                   [&](const comment_added& e) { ws.comments.push_back(e.item); },
                   [&](const comment_deleted& e) { ws.comments_deleted.push_back(e.id); },
                   [&](const comment_moderated& e) { ws.comments.push_back(*w.talk().find(e.id)); },
                   [&](const reaction_toggled& e) {
                       const reaction_set* set = w.talk().reactions_on({e.on, e.target});
                       ws.reactions.push_back({{e.on, e.target}, set ? *set : reaction_set{}});
                   },
                   [&](const trial_saved& e) {
                       ws.trials.push_back(e.item);  // as applied, without learnings (see event.hpp)
                       if (e.created)
                           for (idea_id id : e.item.from_ideas) add_idea(ws, w, id);
                   },
                   [&](const learning_added& e) {
                       add_trial(ws, *w.trial_actions().find(e.trial));  // its version
                       ws.trials.back().learnings.push_back(e.item);
                   },
                   [&](const trial_deleted& e) {
                       ws.trials_deleted.push_back(e.id);
                       ws.targets_deleted.push_back({target_kind::trial_action, e.id});
                       for (idea_id id : e.ideas) add_idea(ws, w, id);
                   },
                   [&](const decision_recorded& e) {
                       ws.decisions.push_back(e.item);
                       if (e.item.on == target_kind::idea) add_idea(ws, w, e.item.target);
                       else if (const trial_action* t = w.trial_actions().find(e.item.target)) add_trial(ws, *t);
                   },
                   [&](const facilitation_set&) { the_session(ws, w); },
                   [&](const participant_removed& e) {
                       ws.participants.push_back(*w.people().find(e.id));
                       for (const idea& i : e.hidden_ideas) add_idea(ws, w, i.id);
                       for (const comment& k : e.hidden_comments) ws.comments.push_back(*w.talk().find(k.id));
                   },
                   [&](const invite_set&) { ws.invites = w.people().invites(); },
                   [&](const session_updated&) { the_session(ws, w); },
                   [&](const session_closed&) { the_session(ws, w); },
               },
               c.what);
    // A change that takes something out of everyone's view may have cleared the big
    // screen's focus with it (workshop::drop_lost_focus): then the session row too.
    const bool may_clear_focus = std::holds_alternative<idea_deleted>(c.what) || std::holds_alternative<ideas_merged>(c.what) ||
                                 std::holds_alternative<idea_moderated>(c.what) || std::holds_alternative<cluster_deleted>(c.what) ||
                                 std::holds_alternative<column_deleted>(c.what) || std::holds_alternative<participant_removed>(c.what);
    if (may_clear_focus && !ws.session && w.controls().screen.kind == screen_kind::none) the_session(ws, w);
    return ws;
}

write_set collect_all(const workshop& w) {
    write_set ws;
    the_session(ws, w);
    all_columns(ws, w);
    for (const auto& [id, c] : w.ideas().clusters()) ws.clusters.push_back(c);
    for (const auto& [id, i] : w.ideas().ideas()) ws.ideas.push_back(i);
    for (const auto& [voter, dots] : w.votes().votes()) ws.votes_of.push_back({voter, dots});
    for (const auto& [id, c] : w.talk().comments()) ws.comments.push_back(c);
    for (const auto& [target, set] : w.talk().reactions()) ws.reactions.push_back({target, set});
    for (const auto& [id, t] : w.trial_actions().all()) ws.trials.push_back(t);
    ws.decisions = w.decisions();
    for (const auto& [id, p] : w.people().all()) ws.participants.push_back(p);
    ws.invites = w.people().invites();
    return ws;
}

}  // namespace samskab::storage

// A session's whole state: construction, restoring, and applying events (see
// workshop.hpp; decide() is in workshop_decide.cpp).
#include "domain/workshop.hpp"

#include "domain/limits.hpp"
#include "domain/overloaded.hpp"
#include "domain/text.hpp"
#include "domain/visibility.hpp"

#include <algorithm>
#include <set>

namespace samskab::domain {

workshop workshop::create(session_info info, settings options, const std::vector<std::string>& column_titles,
                          participant facilitator) {
    workshop w;
    w.controls_.current = phases_of(info.template_).front();
    w.controls_.options = options;
    w.info_ = std::move(info);
    w.board_ = board::create(column_titles);
    facilitator.id = w.roster_.next_id();
    facilitator.role_ = role::facilitator;
    w.roster_.add(std::move(facilitator));
    return w;
}

result<workshop> workshop::restore(workshop_state st) {
    workshop w;
    w.info_ = std::move(st.info);
    w.seq_ = st.seq;
    w.controls_ = st.controls;
    // Older versions allowed a fold threshold of 1, which showed a lone voter's dots.
    auto& fold = w.controls_.options.fold_threshold;
    fold = std::max(fold, limits::min_fold_threshold);
    auto b = board::restore(std::move(st.board));
    if (!b) return b.err();
    w.board_ = std::move(b.value());
    std::set<participant_id> ids;
    for (auto& p : st.participants) {
        if (!ids.insert(p.id).second || w.roster_.find_by_token_hash(p.token_hash))
            return error::make(errc::internal_error, "stored session has a duplicate participant");
        w.roster_.add(std::move(p));
    }
    for (auto& i : st.invites) w.roster_.set_invite(std::move(i));
    for (const auto& [voter, m] : st.votes)
        for (const auto& [id, dots] : m)
            if (!w.board_.find_idea(id) || dots <= 0) return error::make(errc::internal_error, "stored vote on no idea");
    w.ballot_.restore(std::move(st.votes));
    std::map<trial_id, trial_action> trials;
    for (auto& t : st.trials) {
        if (t.id > st.last_trial_id) return error::make(errc::internal_error, "stored trial action has a bad id");
        trials.emplace(t.id, std::move(t));
    }
    w.trials_.restore(std::move(trials), st.last_trial_id);
    std::map<comment_id, comment> comments;
    for (auto& c : st.comments) comments.emplace(c.id, std::move(c));
    w.discussion_.restore(std::move(comments), st.last_comment_id, std::move(st.reactions));
    w.decisions_ = std::move(st.decisions);
    return w;
}

workshop_state workshop::state() const {
    workshop_state st;
    st.info = info_;
    st.seq = seq_;
    st.controls = controls_;
    st.board = board_.state();
    st.votes = ballot_.votes();
    for (const auto& [id, t] : trials_.all()) st.trials.push_back(t);
    st.last_trial_id = trials_.last_id();
    for (const auto& [id, c] : discussion_.comments()) st.comments.push_back(c);
    st.last_comment_id = discussion_.last_id();
    st.reactions = discussion_.reactions();
    st.decisions = decisions_;
    for (const auto& [id, p] : roster_.all()) st.participants.push_back(p);
    st.invites = roster_.invites();
    return st;
}

session_counts workshop::counts() const {
    return session_counts{roster_.present_by_role(), board_.ideas_on_board(), trials_.all().size()};
}

// ---- apply ---------------------------------------------------------------------

void workshop::apply(const change& c) {
    seq_ = c.seq;
    std::visit(overloaded{
                   // The board's own events, and what they mean elsewhere.
                   [&](const idea_deleted& e) {
                       board_.apply(c, e);
                       ballot_.drop_idea(e.id);
                       discussion_.drop_target({target_kind::idea, e.id});
                   },
                   [&](const ideas_merged& e) {
                       board_.apply(c, e);
                       // While voting is open the dots on merged-away ideas go back to
                       // their voters; once revealed, they count for the idea that
                       // absorbed them (see ballot::results).
                       if (!controls_.votes_revealed)
                           for (idea_id id : e.absorbed) ballot_.drop_idea(id);
                   },
                   [&](const vote_set& e) { ballot_.apply(e); },
                   [&](const votes_revealed&) { controls_.votes_revealed = true; },
                   [&](const votes_reset&) {
                       ballot_.clear();
                       controls_.votes_revealed = false;
                   },
                   [&](const comment_added& e) { discussion_.apply(e); },
                   [&](const comment_deleted& e) { discussion_.apply(e); },
                   [&](const comment_moderated& e) { discussion_.apply(e); },
                   [&](const reaction_toggled& e) { discussion_.apply(e); },
                   [&](const trial_saved& e) {
                       if (e.created)
                           for (idea_id id : e.item.from_ideas) board_.give_fate(id, fate::trial_action, "", e.item.id, c.at);
                       trials_.apply(e);
                   },
                   [&](const learning_added& e) { trials_.apply(e); },
                   [&](const trial_deleted& e) {
                       for (idea_id id : e.ideas)
                           if (const idea* i = board_.find_idea(id); i && i->trial == e.id)
                               board_.give_fate(id, fate::open, "", 0, c.at);
                       trials_.apply(e);
                       discussion_.drop_target({target_kind::trial_action, e.id});
                   },
                   [&](const decision_recorded& e) { apply_decision(c, e.item); },
                   [&](const facilitation_set& e) { controls_ = e.now; },
                   [&](const participant_removed& e) {
                       roster_.mark_removed(e.id);
                       for (const idea& i : e.hidden_ideas) board_.apply(c, idea_moderated{i.id, true});
                       for (const comment& cm : e.hidden_comments) discussion_.apply(comment_moderated{cm.id, true});
                   },
                   [&](const invite_set& e) { roster_.set_invite(e.item); },
                   [&](const session_updated& e) {
                       info_.title = e.title;
                       info_.question = e.question;
                   },
                   [&](const session_closed&) { info_.status = session_status::closed; },
                   [&](const auto& e) { board_.apply(c, e); },
               },
               c.what);
    drop_lost_focus();
}

bool workshop::shown_to_all(const screen_focus& s) const {
    switch (s.kind) {
        case screen_kind::none: return true;
        case screen_kind::results: return controls_.votes_revealed;
        case screen_kind::idea: {
            const idea* i = board_.find_idea(s.id);
            return i && seen_by_all(*i) && board::on_board(*i);
        }
        case screen_kind::cluster: return board_.find_cluster(s.id) != nullptr;
    }
    return false;
}

void workshop::drop_lost_focus() {
    if (!shown_to_all(controls_.screen)) controls_.screen = screen_focus{};
}

void workshop::apply_decision(const change& c, const decision& d) {
    decisions_.push_back(d);
    if (d.on == target_kind::idea) {
        const idea* i = board_.find_idea(d.target);
        // Merged ideas and ideas that became trial actions keep that fate.
        if (!i || i->fate_ == fate::merged || i->fate_ == fate::trial_action) return;
        if (d.kind == decision_kind::approve) board_.give_fate(d.target, fate::selected, "", 0, c.at);
        else if (d.kind == decision_kind::park) board_.give_fate(d.target, fate::parked, d.note, 0, c.at);
        return;
    }
    // A trial action shown live changes where it belongs; the change comes back here.
    if (const trial_action* t = trials_.find(d.target); t && !shows_live(*t))
        if (auto n = trials::decided(*t, d.kind, c.at)) trials_.apply(trial_saved{std::move(*n), false});
}

result<event> workshop::decide_remote(const remote_trial_change& r, time_point now) const {
    const trial_action* t = trials_.find(r.id);
    if (!t) return error::make(errc::trial_not_found, "the trial action is no longer in the session it came from");
    const participant asker{0, r.by_name, role::facilitator, "", now, false};
    return std::visit(overloaded{
                          [&](update_trial c) { c.id = r.id; return trials_.update(*t, c, now); },
                          [&](set_trial_status c) { c.id = r.id; return trials_.set_status(*t, c, now); },
                          [&](add_learning c) { c.id = r.id; return trials_.add_learning_(*t, asker, c, now); },
                          [&](check_in_trial c) { c.id = r.id; return trials_.check_in_(*t, asker, c, now); },
                          [&](move_review_date c) { c.id = r.id; return trials_.move_review_(*t, asker, c, now); },
                          [&](const add_owner&) -> result<event> {
                              // Known here by name only: the same name is the same person.
                              for (const auto& o : t->owners)
                                  if (same_name(o.name, r.by_name))
                                      return error::make(errc::invalid_state, "already an owner");
                              if (t->owners.size() >= limits::owners_per_trial)
                                  return error::at_limit("the trial action has the most owners it can",
                                                         limits::owners_per_trial);
                              trial_action n = *t;
                              n.learnings.clear();  // trial_saved leaves them as they are
                              n.owners.push_back(owner{0, r.by_name});
                              ++n.version;
                              n.updated_at = now;
                              return event{trial_saved{std::move(n), false}};
                          },
                          [&](decision_kind k) -> result<event> {
                              if (auto e = trials::check_decision(*t, k)) return *e;
                              auto n = trials::decided(*t, k, now);
                              if (!n) return error::make(errc::invalid_state, "the decision does not change it");
                              return event{trial_saved{std::move(*n), false}};
                          },
                      },
                      r.what);
}

participant_id workshop::subject_of(const event& e) const {
    auto author_of = [&](idea_id id) -> participant_id {
        const idea* i = board_.find_idea(id);
        return i ? i->author : 0;
    };
    return std::visit(overloaded{
                          [&](const idea_added& x) { return x.item.author; },
                          [&](const idea_edited& x) { return author_of(x.id); },
                          [&](const idea_moved& x) { return author_of(x.id); },
                          [&](const idea_deleted& x) { return x.item.author; },
                          [&](const ideas_merged& x) { return author_of(x.into); },
                          [&](const fate_set& x) { return author_of(x.id); },
                          [&](const idea_moderated& x) { return author_of(x.id); },
                          [&](const cluster_assigned& x) { return author_of(x.idea); },
                          [&](const comment_added& x) { return x.item.author; },
                          [&](const comment_deleted& x) { return x.item.author; },
                          [&](const comment_moderated& x) {
                              const comment* k = discussion_.find(x.id);
                              return k ? k->author : participant_id{0};
                          },
                          [&](const decision_recorded& x) {
                              return x.item.on == target_kind::idea ? author_of(x.item.target) : participant_id{0};
                          },
                          [&](const auto&) { return participant_id{0}; },
                      },
                      e);
}

}  // namespace samskab::domain

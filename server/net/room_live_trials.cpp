// The trial actions a follow-up in a workspace shows live (see room.hpp and
// DEVELOPERS.md, "Workspaces and trial actions across sessions").
//
// A trial action has one home: the room of the session it was made in (its origin).
// A follow-up shows it as a view (trials::viewed) and never changes the view itself:
//   1. a person's command on a view is decided in the follow-up (who may do it, here),
//      then sent to the origin's room as a remote_trial_change, with the person as
//      `asker`;
//   2. the origin decides it by the trial action's own rules, writes it in its own log
//      and sends it to its clients, like any change;
//   3. once that is committed, it tells every follower (in its commit order: one strand
//      posting to another keeps the order), and each records the new state on its view
//      as an event of its own (trials::mirrored), written before it is sent; the
//      person who asked gets that event as the ack of their command;
//   4. a refusal comes back to the person as an error with their ref.
// A decision recorded in a follow-up stays there; its effect on the trial action is
// sent to the origin like a command (workshop::apply_decision leaves views alone).
// At start-up each follow-up asks its origins for what changed since (catch_up): the
// origin's change is written first, so a kill -9 can only leave a view behind, never
// ahead, and the catch-up brings it level.
#include "net/room.hpp"

#include "domain/overloaded.hpp"
#include "net/log.hpp"
#include "net/log_events.hpp"
#include "protocol/encoder.hpp"
#include "storage/write_set.hpp"

#include <boost/asio/post.hpp>

#include <chrono>

namespace samskab::server {

namespace asio = boost::asio;
using namespace samskab::domain;

namespace {

time_point clock_now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// The trial action a command is about, if it is about one.
std::optional<trial_id> trial_of(const command& c) {
    return std::visit(overloaded{
                          [](const update_trial& x) -> std::optional<trial_id> { return x.id; },
                          [](const add_owner& x) -> std::optional<trial_id> { return x.id; },
                          [](const remove_owner& x) -> std::optional<trial_id> { return x.id; },
                          [](const set_trial_status& x) -> std::optional<trial_id> { return x.id; },
                          [](const add_learning& x) -> std::optional<trial_id> { return x.id; },
                          [](const check_in_trial& x) -> std::optional<trial_id> { return x.id; },
                          [](const move_review_date& x) -> std::optional<trial_id> { return x.id; },
                          [](const delete_trial& x) -> std::optional<trial_id> { return x.id; },
                          [](const auto&) -> std::optional<trial_id> { return std::nullopt; },
                      },
                      c);
}

}  // namespace

void room::link(std::shared_ptr<session_directory> d) { directory_ = std::move(d); }

bool room::forward_live(const peer_state& st, protocol::command_request& req) {
    const auto id = trial_of(req.cmd);
    if (!id || !directory_) return false;
    const workshop& w = latest();
    const trial_action* view = w.trial_actions().find(*id);
    if (!view || !w.shows_live(*view)) return false;
    const participant* who = w.people().find(st.who);
    remote_trial_change change{view->origin_trial, who->name, decision_kind::approve};
    const bool sent = std::visit(overloaded{
                                     [&](const update_trial& x) { return change.what = x, true; },
                                     [&](const set_trial_status& x) { return change.what = x, true; },
                                     [&](const add_learning& x) { return change.what = x, true; },
                                     [&](const check_in_trial& x) { return change.what = x, true; },
                                     [&](const move_review_date& x) { return change.what = x, true; },
                                     [&](const add_owner& x) { return change.what = x, true; },
                                     [](const auto&) { return false; },
                                 },
                                 req.cmd);
    if (!sent) {
        forget_ref(st.who, req.ref);
        send_error_to(st.who, req.ref,
                      error::make(errc::invalid_state,
                                  "this trial action belongs to the session it was made in; do this there"));
        return true;
    }
    auto origin = directory_->find(view->origin_session);
    if (!origin) {
        forget_ref(st.who, req.ref);
        send_error_to(st.who, req.ref,
                      error::make(errc::trial_not_found, "the session this trial action was made in is gone"));
        return true;
    }
    if (!facilitates(st.role_)) {
        if (auto pace = pace_.find(st.who); pace != pace_.end()) pace->second.take(guard_clock::now());
        st.conn->changed();
    }
    forwarded_.insert({st.who, req.ref});
    origin->remote_change(std::move(change),
                          asker{weak_from_this(), id_, st.who, req.ref, std::string(command_name(req.cmd))});
    return true;
}

void room::remote_change(remote_trial_change c, std::optional<asker> by) {
    asio::post(strand_, [self = shared_from_this(), c = std::move(c), by = std::move(by)]() mutable {
        auto refuse = [&](const error& e) {
            // The error's code, not its message: a message may quote what was sent.
            if (!by)
                return log::write(log::events::remote_change_refused,
                                  {{"session", self->id_}, {"code", domain::to_string(e.code)}});
            if (auto f = by->from.lock()) f->remote_refused(by->who, by->ref, e);
        };
        if (self->pending_.size() >= self->limits_.max_pending)
            return refuse(error::make(errc::overloaded, "the server is busy; try again"));
        auto ev = self->speculative().decide_remote(c, clock_now());
        if (!ev) return refuse(ev.err());
        const std::string action = by ? by->action : "decision.record";
        self->append_own(change{self->speculative().seq() + 1, 0, clock_now(), "", action, std::move(ev.value())},
                         std::move(by));
    });
}

void room::append_own(change c, std::optional<asker> remote, decided_fn done) {
    if (erasing_) {  // nothing more is written for a session being deleted
        const error gone = error::make(errc::session_not_found, "this session was deleted");
        if (remote)
            if (auto f = remote->from.lock()) f->remote_refused(remote->who, remote->ref, gone);
        if (done) done(gone);
        return;
    }
    workshop& speculative = this->speculative();
    speculative.apply(c);
    storage::change_texts texts = texts_for(c, speculative);
    journal_.append({id_, epoch_}, c, texts, storage::collect(c, speculative), completion_for(epoch_));
    pending_.push_back(
        pending{std::move(c), std::move(texts), std::nullopt, {}, nullptr, std::move(remote), std::move(done)});
}

void room::decide_for_workspace(record_decision d, std::string name, decided_fn done) {
    asio::post(strand_, [self = shared_from_this(), d = std::move(d), name = std::move(name),
                         done = std::move(done)]() mutable {
        if (self->pending_.size() >= self->limits_.max_pending)
            return done(error::make(errc::overloaded, "the server is busy; try again"));
        workshop& w = self->speculative();
        // Only a trial action made here: a follow-up's view belongs to its origin.
        const trial_action* t = d.on == target_kind::trial_action ? w.trial_actions().find(d.target) : nullptr;
        if (!t || w.shows_live(*t))
            return done(error::in_field(errc::trial_not_found, "trial_action", "this session made no such trial action"));
        const time_point now = clock_now();
        const participant outside{0, std::move(name), role::manager, "", now, false};
        auto ev = w.decide(outside, d, decide_context{now, {}});
        if (!ev) return done(ev.err());
        self->append_own(change{w.seq() + 1, 0, now, "", "decision.record", std::move(ev.value())}, std::nullopt,
                         std::move(done));
    });
}

void room::tell_live(const change& c, const std::optional<asker>& by) {
    // A decision recorded here on a view: its effect is the origin's to make.
    if (const auto* d = std::get_if<decision_recorded>(&c.what); d && d->item.on == target_kind::trial_action) {
        const trial_action* view = committed_.trial_actions().find(d->item.target);
        if (view && committed_.shows_live(*view))
            if (auto origin = directory_->find(view->origin_session))
                origin->remote_change(remote_trial_change{view->origin_trial, d->item.by_name, d->item.kind},
                                      std::nullopt);
    }
    std::optional<trial_id> id;
    std::optional<learning> added;
    std::visit(overloaded{
                   [&](const trial_saved& e) { id = e.item.id; },
                   [&](const learning_added& e) {
                       id = e.trial;
                       added = e.item;
                   },
                   [&](const trial_deleted& e) { id = e.id; },
                   [&](const decision_recorded& e) {
                       if (e.item.on == target_kind::trial_action) id = e.item.target;
                   },
                   [](const auto&) {},
               },
               c.what);
    if (!id) return;
    const auto followers = directory_->followers_of(id_);
    if (followers.empty()) return;
    std::optional<trial_action> state;
    if (const trial_action* t = committed_.trial_actions().find(*id)) state = *t;
    for (const auto& f : followers) f->origin_changed(id_, *id, state, added, by);
}

void room::origin_changed(std::string origin, trial_id id, std::optional<trial_action> state,
                          std::optional<learning> added, std::optional<asker> by) {
    asio::post(strand_, [self = shared_from_this(), origin = std::move(origin), id, state = std::move(state),
                         added = std::move(added), by = std::move(by)]() mutable {
        workshop& w = self->speculative();
        const trial_action* view = nullptr;
        for (const auto& [vid, t] : w.trial_actions().all())
            if (w.shows_live(t) && t.origin_session == origin && t.origin_trial == id) view = &t;
        const bool mine = by && by->session == self->id_;
        if (!view) {
            if (mine) self->forget_ref(by->who, by->ref);
            if (mine)
                self->send_error_to(by->who, by->ref,
                                    error::make(errc::trial_not_found, "no trial action has this id"));
            return;
        }
        if (mine) self->forwarded_.erase({by->who, by->ref});  // from here on, a pending change
        const participant* author = mine ? w.people().find(by->who) : nullptr;
        event what = trial_deleted{view->id, {}};
        if (state && added) {
            learning l = *added;
            l.id = w.trial_actions().next_learning_id();
            l.by = author ? author->id : 0;
            what = learning_added{view->id, std::move(l), state->version, state->updated_at};
        } else if (state) {
            trial_action n = trials::mirrored(*view, *state, author);
            n.learnings.clear();  // trial_saved leaves them as they are
            what = trial_saved{std::move(n), false};
        }
        self->append_own(change{w.seq() + 1, author ? author->id : 0, clock_now(), mine ? by->ref : "",
                                mine ? by->action : "trial.follow", std::move(what)},
                         std::nullopt);
    });
}

void room::remote_refused(participant_id who, std::string ref, error e) {
    asio::post(strand_, [self = shared_from_this(), who, ref = std::move(ref), e = std::move(e)] {
        self->forget_ref(who, ref);  // refused: it may be sent again
        self->send_error_to(who, ref, e);
    });
}

void room::catch_up() {
    asio::post(strand_, [self = shared_from_this()] {
        if (!self->directory_) return;
        for (const auto& origin : self->live_origins_) {
            auto o = self->directory_->find(origin);
            if (!o) continue;
            // What each view shows now: its origin's version and how many learnings.
            std::map<trial_id, std::pair<std::int64_t, std::size_t>> seen;
            for (const auto& [vid, t] : self->latest().trial_actions().all())
                if (self->latest().shows_live(t) && t.origin_session == origin)
                    seen[t.origin_trial] = {t.version, t.learnings.size()};
            o->send_changes_since(self, std::move(seen));
        }
    });
}

void room::send_changes_since(std::shared_ptr<room> follower,
                              std::map<trial_id, std::pair<std::int64_t, std::size_t>> seen) {
    asio::post(strand_, [self = shared_from_this(), follower = std::move(follower), seen = std::move(seen)] {
        // Only what is committed: what is still being written reaches the follower when it is.
        const auto& all = self->committed_.trial_actions().all();
        for (const auto& [id, have] : seen) {
            auto it = all.find(id);
            if (it == all.end()) {
                follower->origin_changed(self->id_, id, std::nullopt, std::nullopt, std::nullopt);
                continue;
            }
            const trial_action& t = it->second;
            if (t.version <= have.first) continue;
            // The learnings it missed, one by one, then the state.
            for (std::size_t i = have.second; i < t.learnings.size(); ++i)
                follower->origin_changed(self->id_, id, t, t.learnings[i], std::nullopt);
            follower->origin_changed(self->id_, id, t, std::nullopt, std::nullopt);
        }
    });
}

}  // namespace samskab::server

// A live session (see room.hpp).
#include "net/room.hpp"

#include "net/error_text.hpp"

#include "domain/overloaded.hpp"

#include "domain/limits.hpp"
#include "domain/replay.hpp"
#include "domain/text.hpp"
#include "domain/visibility.hpp"
#include "net/log.hpp"
#include "net/metrics.hpp"
#include "net/log_events.hpp"
#include "net/secrets.hpp"
#include "protocol/encoder.hpp"
#include "storage/write_set.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <limits>
#include <utility>

namespace samskab::server {

namespace asio = boost::asio;
using namespace samskab::domain;

namespace {

time_point now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

std::shared_ptr<const std::string> share(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

error overloaded() {
    return error::make(errc::overloaded, "too many changes of this session are waiting to be written; retry shortly");
}

// Returns `same` when text reads the same, so equal texts share one string.
std::shared_ptr<const std::string> dedup(std::shared_ptr<const std::string> text,
                                         const std::shared_ptr<const std::string>& same) {
    return *text == *same ? same : text;
}

decide_context context(const server_key& key, const std::string& session_id) {
    return decide_context{now(), [&key, &session_id] { return key.new_invite(session_id); }};
}

}  // namespace

room::room(asio::any_io_executor ex, storage::journal& j, std::shared_ptr<const server_key> key, workshop w,
           std::optional<std::vector<storage::stored_change>> recent, room_limits limits)
    : strand_(asio::make_strand(ex)),
      journal_(j),
      key_(std::move(key)),
      limits_(limits),
      id_(w.info().id),
      code_(w.info().code),
      committed_(std::move(w)),
      last_withdrawal_(committed_.seq()),
      presence_timer_(strand_),
      listing_{committed_.info(), committed_.counts()},
      portfolio_(std::make_shared<const domain::portfolio_part>(
          committed_.info().workspace_id.empty() ? domain::portfolio_part{} : domain::portfolio_part_of(committed_))) {
    presence_.took_part_in(committed_);
    if (recent) history_.assign(std::make_move_iterator(recent->begin()), std::make_move_iterator(recent->end()));
    else history_state_ = history_state::unread;
    while (history_.size() > limits_.history) history_.pop_front();
    if (recent) last_withdrawal_ = withdrawal_in_history();
    for (const auto& [tid, t] : committed_.trial_actions().all())
        if (committed_.shows_live(t) &&
            std::find(live_origins_.begin(), live_origins_.end(), t.origin_session) == live_origins_.end())
            live_origins_.push_back(t.origin_session);
}

seq_t room::withdrawal_in_history() const {
    // Before the oldest change kept, nothing is known: a resume from there gets a
    // snapshot anyway (it is older than the history).
    seq_t last = history_.empty() ? committed_.seq() : history_.front().seq - 1;
    for (const auto& c : history_)
        if (c.withdraws) last = c.seq;
    return last;
}

session_info room::info() const {
    std::lock_guard lock(info_mutex_);
    return listing_.info;
}

domain::session_listing room::listing() const {
    std::lock_guard lock(info_mutex_);
    return listing_;
}

namespace {

// Whether a change can change what a session gives its workspace's portfolio.
bool touches_portfolio(const event& e) {
    return std::visit(domain::overloaded{
                          [](const trial_saved&) { return true; },
                          [](const learning_added&) { return true; },
                          [](const trial_deleted&) { return true; },
                          [](const decision_recorded& d) { return d.item.on == target_kind::trial_action; },
                          [](const session_updated&) { return true; },
                          [](const column_renamed&) { return true; },
                          [](const cluster_renamed&) { return true; },
                          [](const cluster_assigned&) { return true; },
                          [](const auto&) { return false; },
                      },
                      e);
}

}  // namespace

std::shared_ptr<const domain::portfolio_part> room::portfolio() const {
    std::lock_guard lock(info_mutex_);
    return portfolio_;
}

void room::publish_listing(const event* what) {
    domain::session_listing now{committed_.info(), committed_.counts()};
    const bool in_workspace = !now.info.workspace_id.empty();
    std::shared_ptr<const domain::portfolio_part> part;
    if (in_workspace && what && touches_portfolio(*what))
        part = std::make_shared<const domain::portfolio_part>(domain::portfolio_part_of(committed_));
    std::set<domain::trial_ref> rows;
    {
        std::lock_guard lock(info_mutex_);
        listing_ = std::move(now);
        // Unchanged rows (a view's change: its home gives it): nothing new for the portfolio.
        if (part) rows = domain::changed_rows(*portfolio_, *part);
        if (!rows.empty()) portfolio_ = part;
    }
    if (!rows.empty() && directory_) directory_->portfolio_changed(committed_.info().workspace_id, rows);
}

// ---- public entry points: hop onto the strand --------------------------------------

void room::join(std::shared_ptr<peer> p, protocol::join_request req) {
    asio::post(strand_, [self = shared_from_this(), p = std::move(p), req = std::move(req)] {
        if (!self->wait_for_history([self, p, req] { self->do_join(p, req); }, true)) self->do_join(p, req);
    });
}

void room::submit(std::shared_ptr<peer> p, protocol::command_request req) {
    asio::post(strand_, [self = shared_from_this(), p = std::move(p), req = std::move(req)]() mutable {
        if (!self->wait_for_history([self, p, req]() mutable { self->do_submit(p, std::move(req)); }, false))
            self->do_submit(p, std::move(req));
    });
}

void room::leave(std::shared_ptr<peer> p) {
    asio::post(strand_, [self = shared_from_this(), p = std::move(p)] {
        if (!self->wait_for_history([self, p] { self->do_leave(p); }, false)) self->do_leave(p);
    });
}

void room::close_all(close_code code, std::function<void()> done) {
    asio::post(strand_, [self = shared_from_this(), code, done = std::move(done)] {
        // Clients whose join waits for the history are closed after it.
        if (self->wait_for_history([self, code, done] { self->close_all(code, done); }, false)) return;
        for (auto& [ptr, st] : self->peers_) st.conn->close(code);
        self->peers_.clear();
        self->presence_timer_.cancel();
        if (done) done();
    });
}

void room::audit(std::shared_ptr<peer> p, protocol::audit_request req) {
    asio::post(strand_, [self = shared_from_this(), p = std::move(p), req = std::move(req)]() mutable {
        if (!self->wait_for_history([self, p, req]() mutable { self->do_audit(p, std::move(req)); }, false))
            self->do_audit(p, std::move(req));
    });
}

void room::participants(std::shared_ptr<peer> p, protocol::participants_request req) {
    asio::post(strand_, [self = shared_from_this(), p = std::move(p), req = std::move(req)] {
        if (!self->wait_for_history([self, p, req] { self->do_participants(p, req); }, false))
            self->do_participants(p, req);
    });
}

void room::do_participants(const std::shared_ptr<peer>& p, const protocol::participants_request& req) {
    auto it = peers_.find(p.get());
    if (it == peers_.end() || !it->second.joined)
        return send_error(*p, nullptr, req.ref, error::make(errc::not_joined, "join a session first"));
    peer_state& st = it->second;
    if (!facilitates(st.role_))
        return send_error(*p, &st, req.ref, error::make(errc::forbidden, "only the facilitators may list the participants"));
    // How much each wrote, from the session as committed. In an anonymous session the
    // counts would tell the facilitators who wrote what: they are left out.
    const workshop& w = committed_;
    std::unordered_map<participant_id, std::pair<std::int64_t, std::int64_t>> wrote;
    for (const auto& [id, i] : w.ideas().ideas()) ++wrote[i.author].first;
    for (const auto& [id, c] : w.talk().comments()) ++wrote[c.author].second;
    std::vector<protocol::participant_activity> people;
    people.reserve(w.people().all().size());
    for (const auto& [id, person] : w.people().all()) {
        const auto counts = wrote[id];
        people.push_back({presence_.entry(person), person.removed, counts.first, counts.second});
    }
    const bool counts = w.controls().options.anonymity_ != anonymity::anonymous;
    // The most active first (the one flooding the board on top), then by id.
    auto more_active = [&](const protocol::participant_activity& a, const protocol::participant_activity& b) {
        if (counts && a.ideas + a.comments != b.ideas + b.comments) return a.ideas + a.comments > b.ideas + b.comments;
        return a.who.id < b.who.id;
    };
    const std::size_t total = people.size();
    const auto keep = static_cast<std::ptrdiff_t>(std::min<std::size_t>(total, static_cast<std::size_t>(req.limit)));
    std::partial_sort(people.begin(), people.begin() + keep, people.end(), more_active);
    people.resize(static_cast<std::size_t>(keep));
    p->deliver(share(protocol::encode_participants(req.ref, people, total, counts)));
}

void room::do_audit(const std::shared_ptr<peer>& p, protocol::audit_request req) {
    auto it = peers_.find(p.get());
    if (it == peers_.end() || !it->second.joined)
        return send_error(*p, nullptr, req.ref, error::make(errc::not_joined, "join a session first"));
    peer_state& st = it->second;
    if (!facilitates(st.role_))
        return send_error(*p, &st, req.ref, error::make(errc::forbidden, "only the facilitators may read the audit log"));
    if (st.audits.size() >= limits_.audit_backlog)
        return send_error(*p, &st, req.ref, error::make(errc::rate_limited, "too many audit requests wait for an answer"));
    st.audits.push_back(std::move(req));
    next_audit(p, st);
}

void room::next_audit(const std::shared_ptr<peer>& p, peer_state& st) {
    if (st.audit_reading || st.audits.empty()) return;
    if (p->closing()) return st.audits.clear();
    protocol::audit_request req = std::move(st.audits.front());
    st.audits.pop_front();
    st.audit_reading = true;
    const seq_t before = req.before.value_or(std::numeric_limits<seq_t>::max());
    journal_.read_audit(
        id_, before, req.limit,
        [self = shared_from_this(), p, ref = req.ref](const storage::status& s, std::vector<storage::audit_row> rows, bool more) {
            asio::post(self->strand_, [self, p, ref, s, rows = std::move(rows), more] {
                auto it = self->peers_.find(p.get());
                if (it == self->peers_.end()) return;  // gone meanwhile
                it->second.audit_reading = false;
                if (!s.ok()) {
                    p->deliver(share(ws_error_text(
                        ref, error::make(errc::storage_unavailable, "the audit log could not be read"))));
                } else {
                    std::vector<protocol::audit_entry> entries;
                    for (const auto& r : rows) entries.push_back({r.seq, r.at, r.actor, r.action, r.text});
                    p->deliver(share(protocol::encode_audit(ref, self->committed_, entries, more)));
                }
                self->next_audit(p, it->second);
            });
        });
}

void room::export_trials(std::optional<std::string> token_hash, std::optional<std::vector<trial_id>> picks,
                         exported done) {
    asio::post(strand_, [self = shared_from_this(), hash = std::move(token_hash), picks = std::move(picks),
                         done = std::move(done)] {
        if (self->erasing_)
            return done(error::in_field(errc::session_not_found, "follow_up", "that session was deleted"), {});
        const participant* who = hash ? self->committed_.people().find_by_token_hash(*hash) : nullptr;
        if (hash && (!who || who->removed || !facilitates(who->role_)))
            return done(error::in_field(errc::invalid_token, "facilitator_token",
                                        "this is not a facilitator's token of that session"),
                        {});
        std::vector<trial_action> out;
        const auto& all = self->committed_.trial_actions().all();
        if (picks) {
            for (trial_id id : *picks) {
                auto it = all.find(id);
                if (it == all.end())
                    return done(error::in_field(errc::trial_not_found, "trial_actions",
                                                "that session has no trial action " + std::to_string(id)),
                                {});
                out.push_back(it->second);
            }
        } else {
            for (const auto& [id, t] : all)
                if (under_way(t.status)) out.push_back(t);
        }
        done(std::nullopt, std::move(out));
    });
}

workshop& room::speculative() {
    if (!speculative_) speculative_ = committed_;
    return *speculative_;
}

// ---- the recent changes, read when first needed ----------------------------------------

bool room::wait_for_history(std::function<void()> then, bool read) {
    if (history_state_ == history_state::ready || (history_state_ == history_state::unread && !read)) return false;
    waiting_.push_back(std::move(then));
    if (history_state_ == history_state::unread) {
        history_state_ = history_state::reading;
        journal_.read_recent(id_, limits_.history,
                             [self = shared_from_this()](const storage::status& s, std::vector<storage::stored_change> recent) {
                                 asio::post(self->strand_, [self, s, recent = std::move(recent)]() mutable {
                                     self->history_read(s, std::move(recent));
                                 });
                             });
    }
    return true;
}

void room::history_read(const storage::status& s, std::vector<storage::stored_change> recent) {
    // Nothing of this session was written meanwhile (every client waited): the last
    // change read is the last committed. If not, or the read failed, the room goes on
    // without a history: clients that resume get a snapshot.
    if (!s.ok()) {
        log::write(log::events::history_unreadable, {{"session", id_}, {"reason", s.message}});
    } else if (!recent.empty() && recent.back().seq != committed_.seq()) {
        log::write(log::events::history_mismatch,
                   {{"session", id_}, {"last_seq", recent.back().seq}, {"seq", committed_.seq()}});
    } else {
        history_.assign(std::make_move_iterator(recent.begin()), std::make_move_iterator(recent.end()));
        while (history_.size() > limits_.history) history_.pop_front();
        last_withdrawal_ = withdrawal_in_history();
    }
    history_state_ = history_state::ready;
    for (auto& f : std::exchange(waiting_, {})) f();
}

// ---- joining -------------------------------------------------------------------------

void room::do_join(const std::shared_ptr<peer>& p, const protocol::join_request& req) {
    // A deleted session whose trial actions were kept is no session to join.
    if (erasing_ || committed_.info().deleted_at) {
        p->join_result(false);
        return send_error(*p, nullptr, "", error::make(errc::session_not_found, "this session was deleted"));
    }
    if (peers_.count(p.get()))
        return send_error(*p, nullptr, "", error::make(errc::already_joined, "this connection has already joined"));
    if (req.token) return join_with_token(p, *req.token, req.since);
    join_new(p, req);
}

void room::join_with_token(const std::shared_ptr<peer>& p, const std::string& token, std::optional<seq_t> since) {
    // Only committed participants have been given their token.
    const participant* who = committed_.people().find_by_token_hash(hash_token(token));
    auto refuse = [&](errc code, const char* why) {
        p->join_result(false);  // first: a client may retry as soon as it sees the error
        send_error(*p, nullptr, "", error::make(code, why));
    };
    if (!who) return refuse(errc::invalid_token, "no participant of this session has this token");
    if (who->removed) return refuse(errc::participant_removed, "the facilitator has removed you from this session");
    auto [it, inserted] = peers_.emplace(p.get(), peer_state{p, who->id, who->role_, true, {}, {}, false});
    p->join_result(true);
    welcome(p, it->second, std::nullopt, since);
}

void room::join_new(const std::shared_ptr<peer>& p, const protocol::join_request& req) {
    auto fail = [&](const error& e) {
        p->join_result(false);  // first: a client may retry as soon as it sees the error
        send_error(*p, nullptr, "", e);
    };
    if (committed_.info().status == session_status::closed)
        return fail(error::make(errc::session_closed, "the session is closed; nobody new can join"));
    if (!req.invite && !latest().controls().options.join_by_code)
        return fail(error::make(errc::joining_closed,
                                "the facilitator has closed this session to newcomers; ask for an invitation link"));
    role r = role::citizen;
    if (req.invite) {
        const invite* inv = committed_.people().find_invite(hash_token(*req.invite));
        if (!inv) return fail(error::make(errc::invalid_invite, "no invitation of this session has this token"));
        if (!inv->active) return fail(error::make(errc::invite_revoked, "this invitation was revoked; ask for a new link"));
        r = inv->for_role;
    }
    auto name = clean_text(*req.name, display_name_rule);
    if (!name) return fail(name.err());
    workshop& speculative = this->speculative();
    if (speculative.people().size() >= limits::participants_per_session)
        return fail(error::at_limit("this session has as many participants as it can take", limits::participants_per_session));
    if (pending_.size() >= limits_.max_pending) return fail(overloaded());

    std::string token = new_token();
    participant newcomer{speculative.people().next_id(), std::move(name.value()), r, hash_token(token), now(), false};
    speculative.add_participant(newcomer);
    peers_.emplace(p.get(), peer_state{p, newcomer.id, r, false, {}, {}, false});
    journal_.add_participant({id_, epoch_}, newcomer, completion_for(epoch_));
    pending_.push_back(pending{std::nullopt, {}, std::move(newcomer), std::move(token), p, std::nullopt, {}});
}

void room::welcome(const std::shared_ptr<peer>& p, peer_state& st, std::optional<std::string> token,
                   std::optional<seq_t> since) {
    const participant* who = committed_.people().find(st.who);
    protocol::welcome_info w;
    w.you = who;
    w.token = std::move(token);
    if (key_) w.receipt = key_->receipt_token(id_);
    w.seq = committed_.seq();
    w.server_time = now();
    // Resume from history if it still holds every change after `since`, and none of
    // them took something out of view: replaying the changes before that would show
    // what the recipient may no longer see (PROTOCOL.md, "Resume").
    const seq_t oldest_kept = history_.empty() ? committed_.seq() + 1 : history_.front().seq;
    w.snapshot = !since || *since > committed_.seq() || *since + 1 < oldest_kept || *since < last_withdrawal_;
    for (const auto& e : pending_)
        if (e.change && e.change->by == st.who) w.pending_refs.push_back(e.change->ref);
    for (auto it = history_.rbegin(); it != history_.rend() && w.recent_refs.size() < limits_.recent_refs; ++it)
        if (it->by == st.who) w.recent_refs.push_back(it->ref);
    std::reverse(w.recent_refs.begin(), w.recent_refs.end());

    p->deliver(share(protocol::encode_welcome(committed_, w)));
    if (w.snapshot) {
        p->deliver(share(protocol::encode_snapshot(committed_, viewer_of(*who))));
    } else {
        for (const auto& c : history_)
            if (c.seq > *since) p->deliver(text_for(c.texts, c.by, st));
    }
    if (facilitates(st.role_)) send_invites(p.get());
    if (presence_.connect(st.who)) presence_changed(st.who);
    // Shows everything up to now, this participant's arrival included.
    st.presence_seen = presence_version_;
    p->deliver(presence_text(shows_names(committed_.controls().options.anonymity_, viewer_of(*who))));
}

void room::do_leave(const std::shared_ptr<peer>& p) {
    auto it = peers_.find(p.get());
    if (it == peers_.end()) return;
    const bool was_joined = it->second.joined;
    const participant_id who = it->second.who;
    peers_.erase(it);
    if (was_joined && presence_.disconnect(who)) presence_changed(who);
}

void room::send_invites(peer* only) {
    std::vector<protocol::invite_link> links;
    for (const auto& i : committed_.people().invites())
        links.push_back({i.for_role, key_->link_token(id_, i), i.active, i.created_at});
    const auto msg = share(protocol::encode_invites(links));
    if (only) return only->deliver(msg);
    for (auto& [ptr, st] : peers_)
        if (st.joined && facilitates(st.role_)) st.conn->deliver(msg);
}

std::shared_ptr<const std::string> room::presence_text(bool names) const {
    std::size_t more = 0;
    const auto listed = presence_.entries(committed_.people(), limits_.presence_list, more);
    return share(protocol::encode_presence(listed, more, presence_.counts(committed_.people()), names));
}

void room::presence_changed(participant_id who) {
    presence_dirty_[who] = ++presence_version_;
    if (presence_flush_pending_) return;
    presence_flush_pending_ = true;
    // At once after a quiet interval; else at the end of the interval, with whatever
    // else changed meanwhile (a crowd arriving, or a flood of joins, is one message).
    presence_timer_.expires_at(last_presence_flush_ + limits_.presence_interval);
    presence_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec) return;  // cancelled: the room is closing
        self->flush_presence();
    });
}

void room::flush_presence() {
    presence_flush_pending_ = false;
    last_presence_flush_ = std::chrono::steady_clock::now();
    const auto dirty = std::exchange(presence_dirty_, {});
    if (dirty.empty()) return;
    std::uint64_t oldest = presence_version_;
    for (const auto& [id, version] : dirty) oldest = std::min(oldest, version);
    const auto& people = committed_.people();
    const anonymity a = committed_.controls().options.anonymity_;
    // A peer is told what changed after its whole presence message (most peers: all
    // of it); the texts are shared by the peers that get the same.
    std::map<std::pair<bool, std::uint64_t>, std::shared_ptr<const std::string>> texts;
    auto text = [&](bool names, std::uint64_t seen) -> std::shared_ptr<const std::string> {
        if (dirty.size() > limits_.presence_batch) seen = 0;  // a whole list, bounded, rather than a long change
        seen = std::max(seen, oldest - 1);
        auto& msg = texts[{names, seen}];
        if (msg) return msg;
        if (dirty.size() > limits_.presence_batch) return msg = presence_text(names);
        std::vector<protocol::presence_entry> changed;
        for (const auto& [id, version] : dirty)
            if (const participant* p = people.find(id); p && version > seen) changed.push_back(presence_.entry(*p));
        if (changed.empty()) return msg;  // it has seen it all
        return msg = share(protocol::encode_presence_changed(changed, presence_.counts(people), names));
    };
    for (auto& [ptr, st] : peers_) {
        if (!st.joined) continue;
        if (auto msg = text(shows_names(a, viewer{st.who, st.role_}), st.presence_seen)) st.conn->deliver(std::move(msg));
    }
}

std::optional<error> room::check_pace(const peer_state& st) {
    if (facilitates(st.role_)) return std::nullopt;
    if (auto a = st.conn->may_change(); !a)
        return error::slow_down("too many changes come from your network right now; wait a moment", a.retry_after_s);
    if (limits_.pace_burst <= 0) return std::nullopt;
    const auto now = guard_clock::now();
    auto it = pace_.try_emplace(st.who, limits_.pace_burst, limits_.pace_per_second, now).first;
    // Only accepted changes spend the pace (see do_submit): refusals cost no storage,
    // and the connection's own message rate bounds them.
    if (it->second.until_next(now) == guard_clock::duration::zero()) return std::nullopt;
    metrics::rate_limited(metrics::limit::participant_pace);
    const auto wait = std::chrono::ceil<std::chrono::seconds>(it->second.until_next(now));
    return error::slow_down("you are making changes faster than a person writes; wait a moment", wait.count());
}

// ---- commands ------------------------------------------------------------------------

void room::do_submit(const std::shared_ptr<peer>& p, protocol::command_request req) {
    auto it = peers_.find(p.get());
    if (it == peers_.end())
        return send_error(*p, nullptr, req.ref, error::make(errc::not_joined, "join a session before sending commands"));
    peer_state& st = it->second;
    if (erasing_) return send_error(*p, &st, req.ref, error::make(errc::session_not_found, "this session was deleted"));
    if (!st.joined) {  // kept until the welcome has been sent, to keep the order of answers
        if (st.backlog.size() >= limits_.join_backlog) return send_error(*p, &st, req.ref, overloaded());
        st.backlog.push_back(std::move(req));
        return;
    }
    if (pending_.size() >= limits_.max_pending) return send_error_to(st.who, req.ref, overloaded());
    if (auto e = check_pace(st)) return send_error_to(st.who, req.ref, *e);

    workshop& speculative = this->speculative();
    const participant* who = speculative.people().find(st.who);
    const decide_context ctx = context(*key_, id_);
    if (repeated(st, req.ref)) return;
    auto ev = speculative.decide(*who, req.cmd, ctx);
    if (!ev) return send_error_to(st.who, req.ref, ev.err());
    remember_ref(st.who, req.ref);
    if (forward_live(st, req)) return;

    if (!facilitates(st.role_)) {
        if (auto pace = pace_.find(st.who); pace != pace_.end()) pace->second.take(guard_clock::now());
        st.conn->changed();
    }
    change c{speculative.seq() + 1, st.who, ctx.now, std::move(req.ref), std::string(command_name(req.cmd)),
             std::move(ev.value())};
    speculative.apply(c);
    storage::change_texts texts = texts_for(c, speculative);
    journal_.append({id_, epoch_}, c, texts, storage::collect(c, speculative), completion_for(epoch_));
    pending_.push_back(pending{std::move(c), std::move(texts), std::nullopt, {}, nullptr, std::nullopt, {}});
}

storage::change_texts texts_for(const change& c, const workshop& after) {
    auto encode = [&](const viewer& v) { return share(protocol::encode_event(c, after, v)); };
    storage::change_texts t;
    t.others = encode(viewer{0, role::citizen});
    if (!protocol::varies_by_viewer(c.what)) {
        t.facilitators = t.subject = t.actor = t.others;
        return t;
    }
    t.facilitators = dedup(encode(viewer{0, role::facilitator}), t.others);
    // A change by nobody of the session (by 0: from a follow-up or the portfolio) has no actor here.
    const participant* actor = after.people().find(c.by);
    t.actor = actor ? dedup(encode(viewer_of(*actor)), t.others) : t.others;
    t.subject_id = after.subject_of(c.what);
    const participant* subject = t.subject_id != 0 ? after.people().find(t.subject_id) : nullptr;
    t.subject = subject && subject->id != c.by ? dedup(encode(viewer_of(*subject)), t.others) : t.others;
    return t;
}

const std::shared_ptr<const std::string>& room::text_for(const storage::change_texts& t, participant_id by,
                                                         const peer_state& st) {
    if (st.who == by) return t.actor;
    if (t.subject_id != 0 && st.who == t.subject_id) return t.subject;
    return facilitates(st.role_) ? t.facilitators : t.others;
}

// ---- commits and failures -----------------------------------------------------------

storage::completion room::completion_for(std::uint64_t epoch) {
    return [self = shared_from_this(), epoch](const storage::status& s) {
        asio::post(self->strand_, [self, epoch, s] { self->on_written(epoch, s); });
    };
}

void room::on_written(std::uint64_t epoch, const storage::status& s) {
    // Writes of an earlier epoch were already refused by the rollback that ended it.
    if (epoch != epoch_) return;
    if (pending_.empty()) {
        log::write(log::events::unexpected_write, {{"session", id_}});
        return;
    }
    if (!s.ok()) return rollback(s);
    pending e = std::move(pending_.front());
    pending_.pop_front();
    if (e.change) metrics::change_committed(std::chrono::steady_clock::now() - e.queued);
    if (e.change) commit_change(e);
    else commit_participant(e);
}

void room::commit_change(pending& e) {
    const change& c = *e.change;
    committed_.apply(c);
    if (withdraws(c.what)) last_withdrawal_ = c.seq;
    presence_.took_part(c.by);
    publish_listing(&c.what);
    history_.push_back(storage::stored_change{c.seq, c.by, c.ref, e.texts, withdraws(c.what)});
    if (history_.size() > limits_.history) history_.pop_front();

    const auto fanout_start = std::chrono::steady_clock::now();
    const auto ack = share(protocol::encode_ack(c.ref, c.seq, *e.texts.actor));
    for (auto& [ptr, st] : peers_)
        if (st.joined) st.conn->deliver(st.who == c.by ? ack : text_for(e.texts, c.by, st));
    metrics::fanned_out(std::chrono::steady_clock::now() - fanout_start);
    // The links themselves go to the facilitators apart, never in an event (which is kept).
    if (std::holds_alternative<invite_set>(c.what)) send_invites(nullptr);
    if (directory_) tell_live(c, e.remote);
    if (const auto* d = std::get_if<decision_recorded>(&c.what); d && e.done) e.done(d->item);

    // A removed participant is shown the door: their connections close once the event
    // has been sent.
    if (auto* removed = std::get_if<participant_removed>(&c.what)) {
        for (auto it = peers_.begin(); it != peers_.end();) {
            if (it->second.who != removed->id) {
                ++it;
                continue;
            }
            it->second.conn->close(close_code::removed);
            it = peers_.erase(it);
        }
        presence_.forget(removed->id);
        pace_.erase(removed->id);
        presence_changed(removed->id);
    }
}

void room::commit_participant(pending& e) {
    committed_.add_participant(*e.newcomer);
    publish_listing();
    auto it = peers_.find(e.joiner.get());
    if (it == peers_.end()) {  // left before the write finished
        presence_changed(e.newcomer->id);
        return;
    }
    it->second.joined = true;
    e.joiner->join_result(true);
    welcome(e.joiner, it->second, std::move(e.token), std::nullopt);
    auto backlog = std::move(it->second.backlog);
    for (auto& cmd : backlog) do_submit(e.joiner, std::move(cmd));
}

void room::rollback(const storage::status& s) {
    log::write(log::events::write_failed,
               {{"session", id_}, {"reason", s.message}, {"refused_changes", pending_.size()}});
    const error unavailable =
        error::make(errc::storage_unavailable, "the server could not save this change; nothing was applied");
    auto failed = std::move(pending_);
    pending_.clear();
    speculative_.reset();  // back to committed_
    ++epoch_;
    for (auto& e : failed) {
        if (e.change) {
            forget_ref(e.change->by, e.change->ref);  // refused: it may be sent again
            send_error_to(e.change->by, e.change->ref, unavailable);
            if (e.remote)  // asked by a follow-up: its person is answered there
                if (auto f = e.remote->from.lock()) f->remote_refused(e.remote->who, e.remote->ref, unavailable);
            if (e.done) e.done(unavailable);
            continue;
        }
        auto it = peers_.find(e.joiner.get());
        if (it == peers_.end()) continue;
        e.joiner->join_result(false);
        send_error(*e.joiner, nullptr, "", unavailable);
        for (const auto& cmd : it->second.backlog)
            send_error(*e.joiner, nullptr, cmd.ref, error::make(errc::not_joined, "the join failed"));
        peers_.erase(it);
    }
}

// ---- replies ----------------------------------------------------------------------

bool room::repeated(peer_state& st, const std::string& ref) {
    auto mine = refs_.find(st.who);
    if (mine == refs_.end() || std::find(mine->second.begin(), mine->second.end(), ref) == mine->second.end())
        return false;
    if (forwarded_.contains({st.who, ref})) return true;
    for (const auto& e : pending_)
        if (e.change && e.change->by == st.who && e.change->ref == ref) return true;
    for (auto it = history_.rbegin(); it != history_.rend(); ++it)
        if (it->by == st.who && it->ref == ref) {
            st.conn->deliver(share(protocol::encode_ack(ref, it->seq, *it->texts.actor)));
            return true;
        }
    send_error(*st.conn, &st, ref,
               error::in_field(errc::invalid_field, "ref",
                               "a change was already made with this ref; send a new command with a new ref"));
    return true;
}

void room::remember_ref(participant_id who, const std::string& ref) {
    auto& mine = refs_[who];
    mine.push_back(ref);
    while (mine.size() > limits_.recent_refs) mine.pop_front();
}

void room::forget_ref(participant_id who, const std::string& ref) {
    forwarded_.erase({who, ref});
    auto mine = refs_.find(who);
    if (mine == refs_.end()) return;
    if (auto it = std::find(mine->second.rbegin(), mine->second.rend(), ref); it != mine->second.rend())
        mine->second.erase(std::next(it).base());
}

void room::send_error(peer& p, const peer_state* st, const std::string& ref, const error& e) {
    if (!st) return p.deliver(share(ws_error_text(ref, e)));
    const viewer v{st->who, st->role_};
    p.deliver(share(ws_error_text(ref, e, &latest(), &v)));
}

void room::send_error_to(participant_id who, const std::string& ref, const error& e) {
    std::shared_ptr<const std::string> msg;
    for (auto& [ptr, st] : peers_) {
        if (st.who != who) continue;
        if (!msg) {
            const viewer v{st.who, st.role_};
            msg = share(ws_error_text(ref, e, &latest(), &v));
        }
        st.conn->deliver(msg);
    }
}

}  // namespace samskab::server

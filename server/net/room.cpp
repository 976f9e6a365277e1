// A live session (see room.hpp).
#include "net/room.hpp"

#include "domain/limits.hpp"
#include "domain/text.hpp"
#include "net/log.hpp"
#include "net/secrets.hpp"
#include "protocol/encoder.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>

namespace samskab::server {

namespace asio = boost::asio;
using namespace samskab::domain;

namespace {

time_point now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

std::shared_ptr<const std::string> share(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

error overloaded() {
    return error::make(errc::overloaded, "too many changes of this session are waiting to be written; retry shortly");
}

}  // namespace

room::room(asio::any_io_executor ex, storage::journal& j, board b, std::vector<storage::stored_change> recent,
           room_limits limits)
    : strand_(asio::make_strand(ex)),
      journal_(j),
      limits_(limits),
      id_(b.info().id),
      code_(b.info().code),
      committed_(b),
      speculative_(std::move(b)),
      history_(std::make_move_iterator(recent.begin()), std::make_move_iterator(recent.end())),
      info_(committed_.info()) {
    while (history_.size() > limits_.history) history_.pop_front();
}

domain::session_info room::info() const {
    std::lock_guard lock(info_mutex_);
    return info_;
}

// ---- public entry points: hop onto the strand --------------------------------------

void room::join(std::shared_ptr<peer> p, protocol::join_request req) {
    asio::post(strand_, [self = shared_from_this(), p = std::move(p), req = std::move(req)]() mutable {
        self->do_join(std::move(p), std::move(req));
    });
}

void room::submit(std::shared_ptr<peer> p, protocol::command_request req) {
    asio::post(strand_, [self = shared_from_this(), p = std::move(p), req = std::move(req)]() mutable {
        self->do_submit(p, std::move(req));
    });
}

void room::leave(std::shared_ptr<peer> p) {
    asio::post(strand_, [self = shared_from_this(), p = std::move(p)] { self->peers_.erase(p.get()); });
}

void room::close_all(close_code code, std::function<void()> done) {
    asio::post(strand_, [self = shared_from_this(), code, done = std::move(done)] {
        for (auto& [ptr, st] : self->peers_) st.conn->close(code);
        self->peers_.clear();
        if (done) done();
    });
}

// ---- joining -------------------------------------------------------------------------

void room::do_join(std::shared_ptr<peer> p, protocol::join_request req) {
    if (peers_.count(p.get())) {
        send_error(*p, "", error::make(errc::already_joined, "this connection has already joined"));
        return;
    }
    if (req.token) join_with_token(p, *req.token, req.since);
    else join_with_name(p, *req.name);
}

void room::join_with_token(const std::shared_ptr<peer>& p, const std::string& token, std::optional<seq_t> since) {
    // Only committed participants have been given their token.
    const participant* who = committed_.find_by_token_hash(hash_token(token));
    if (!who) {
        send_error(*p, "", error::make(errc::invalid_token, "no participant of this session has this token"));
        p->join_result(false);
        return;
    }
    peers_.emplace(p.get(), peer_state{p, who->id, true, {}});
    p->join_result(true);
    send_welcome(*p, *who, std::nullopt, since);
}

void room::join_with_name(const std::shared_ptr<peer>& p, const std::string& raw_name) {
    auto fail = [&](const error& e) {
        send_error(*p, "", e);
        p->join_result(false);
    };
    auto name = clean_text(raw_name, display_name_rule);
    if (!name) return fail(name.err());
    if (speculative_.participant_count() >= limits::participants_per_session) {
        error e = error::make(errc::limit_reached, "this session has as many participants as it can take");
        e.limit = static_cast<std::int64_t>(limits::participants_per_session);
        return fail(e);
    }
    if (pending_.size() >= limits_.max_pending) return fail(overloaded());

    std::string token = new_token();
    participant newcomer{speculative_.next_participant_id(), std::move(name.value()), role::participant,
                         hash_token(token), now()};
    speculative_.add_participant(newcomer);
    peers_.emplace(p.get(), peer_state{p, newcomer.id, false, {}});
    journal_.add_participant({id_, epoch_}, newcomer, completion_for(epoch_));
    pending_.push_back(pending{std::nullopt, nullptr, std::move(newcomer), std::move(token), p});
}

void room::send_welcome(peer& p, const participant& who, std::optional<std::string> token, std::optional<seq_t> since) {
    protocol::welcome_info w;
    w.you = &who;
    w.token = std::move(token);
    w.seq = committed_.seq();
    // Resume from history if it still holds every change after `since`.
    const seq_t oldest_kept = history_.empty() ? committed_.seq() + 1 : history_.front().seq;
    w.snapshot = !since || *since > committed_.seq() || *since + 1 < oldest_kept;
    for (const auto& e : pending_)
        if (e.change && e.change->by == who.id) w.pending_refs.push_back(e.change->ref);
    for (auto it = history_.rbegin(); it != history_.rend() && w.recent_refs.size() < limits_.recent_refs; ++it)
        if (it->by == who.id) w.recent_refs.push_back(it->ref);
    std::reverse(w.recent_refs.begin(), w.recent_refs.end());

    p.deliver(share(protocol::encode_welcome(committed_, w)));
    if (w.snapshot) {
        p.deliver(snapshot());
        return;
    }
    for (const auto& c : history_)
        if (c.seq > *since) p.deliver(c.wire);
}

std::shared_ptr<const std::string> room::snapshot() {
    if (snapshot_seq_ != committed_.seq() || !snapshot_) {
        snapshot_ = share(protocol::encode_snapshot(committed_));
        snapshot_seq_ = committed_.seq();
    }
    return snapshot_;
}

// ---- commands ------------------------------------------------------------------------

void room::do_submit(const std::shared_ptr<peer>& p, protocol::command_request req) {
    auto it = peers_.find(p.get());
    if (it == peers_.end()) {
        send_error(*p, req.ref, error::make(errc::not_joined, "join a session before sending commands"));
        return;
    }
    peer_state& st = it->second;
    if (!st.joined) {  // kept until the welcome has been sent, to keep the order of answers
        if (st.backlog.size() >= limits_.join_backlog) return send_error(*p, req.ref, overloaded());
        st.backlog.push_back(std::move(req));
        return;
    }
    if (pending_.size() >= limits_.max_pending) return send_error_to(st.who, req.ref, overloaded());

    const participant* who = speculative_.find_participant(st.who);
    const time_point at = now();
    auto ev = speculative_.decide(*who, req.cmd, at);
    if (!ev) return send_error_to(st.who, req.ref, ev.err());

    change c{speculative_.seq() + 1, st.who, at, std::move(req.ref), std::move(ev.value())};
    speculative_.apply(c);
    auto wire = share(protocol::encode_event(c, speculative_));
    journal_.append({id_, epoch_}, c, wire, completion_for(epoch_));
    pending_.push_back(pending{std::move(c), std::move(wire), std::nullopt, {}, nullptr});
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
        log::error("session " + id_ + ": a write completed that nothing was waiting for");
        return;
    }
    if (!s.ok()) return rollback(s);
    pending e = std::move(pending_.front());
    pending_.pop_front();
    if (e.change) commit_change(e);
    else commit_participant(e);
}

void room::commit_change(pending& e) {
    const change& c = *e.change;
    committed_.apply(c);
    if (std::holds_alternative<session_updated>(c.what)) {
        std::lock_guard lock(info_mutex_);
        info_ = committed_.info();
    }
    history_.push_back(storage::stored_change{c.seq, c.by, c.ref, e.wire});
    if (history_.size() > limits_.history) history_.pop_front();

    const auto ack = share(protocol::encode_ack(c.ref, c.seq, *e.wire));
    for (auto& [ptr, st] : peers_)
        if (st.joined) st.conn->deliver(st.who == c.by ? ack : e.wire);
}

void room::commit_participant(pending& e) {
    committed_.add_participant(*e.newcomer);
    auto it = peers_.find(e.joiner.get());
    if (it == peers_.end()) return;  // left before the write finished
    it->second.joined = true;
    e.joiner->join_result(true);
    send_welcome(*e.joiner, *e.newcomer, std::move(e.token), std::nullopt);
    auto backlog = std::move(it->second.backlog);
    for (auto& cmd : backlog) do_submit(e.joiner, std::move(cmd));
}

void room::rollback(const storage::status& s) {
    log::warn("session " + id_ + ": write failed (" + s.message + "); refusing " + std::to_string(pending_.size()) +
              " pending change(s)");
    const error unavailable =
        error::make(errc::storage_unavailable, "the server could not save this change; nothing was applied");
    auto failed = std::move(pending_);
    pending_.clear();
    for (auto& e : failed) {
        if (e.change) {
            send_error_to(e.change->by, e.change->ref, unavailable);
            continue;
        }
        auto it = peers_.find(e.joiner.get());
        if (it == peers_.end()) continue;
        send_error(*e.joiner, "", unavailable);
        for (const auto& cmd : it->second.backlog)
            send_error(*e.joiner, cmd.ref, error::make(errc::not_joined, "the join failed"));
        e.joiner->join_result(false);
        peers_.erase(it);
    }
    speculative_ = committed_;
    ++epoch_;
}

// ---- replies ----------------------------------------------------------------------

void room::send_error(peer& p, const std::string& ref, const error& e) {
    p.deliver(share(protocol::encode_error(ref, e, &speculative_)));
}

void room::send_error_to(participant_id who, const std::string& ref, const error& e) {
    const auto msg = share(protocol::encode_error(ref, e, &speculative_));
    for (auto& [ptr, st] : peers_)
        if (st.who == who) st.conn->deliver(msg);
}

}  // namespace samskab::server

// room: one live workshop session. It owns the session's state, applies the
// session's commands one at a time, has each accepted change written by the journal,
// and only after the commit acknowledges it to its author and broadcasts it to the
// others, each in the version they may see (see PROTOCOL.md, "Who sees what").
//
// Two workshops: speculative_ has every accepted change, so that the next command is
// decided against all earlier ones without waiting for the disk; committed_ has only
// what the journal has committed, and is what joining clients are shown. If a write
// fails, every change still pending is refused with storage_unavailable and
// speculative_ goes back to committed_: nobody ever saw the refused changes. (A room
// copies committed_ into speculative_ when a client first needs it: a session nobody
// uses holds one copy, and start-up makes one.)
//
// Threading: all state is confined to the room's strand. The public functions are
// thread-safe; they post to the strand and return at once. An event is serialized once
// per kind of recipient (its author, the participant it concerns, the facilitators,
// everyone else), never once per connection.
#pragma once

#include "domain/portfolio.hpp"
#include "domain/workshop.hpp"
#include "net/guard.hpp"
#include "net/peer.hpp"
#include "net/presence.hpp"
#include "net/server_key.hpp"
#include "net/session_directory.hpp"
#include "protocol/messages.hpp"
#include "protocol/outcome.hpp"
#include "storage/journal.hpp"
#include "storage/loader.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <map>
#include <set>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace samskab::server {

struct room_limits {
    std::size_t max_pending = 4096;  // accepted changes waiting for the journal
    std::size_t history = 4096;      // committed changes kept for resuming clients
    std::size_t recent_refs = 64;    // refs listed in a welcome
    std::size_t join_backlog = 64;   // commands held while a new participant is written
    std::size_t audit_backlog = 128; // audit requests of one connection waiting their turn
    // Presence: changes are sent at most once per interval, as one message; the first
    // after a quiet interval at once. A batch larger than presence_batch is sent as a
    // whole presence message instead, which lists at most presence_list people.
    std::chrono::milliseconds presence_interval{1000};
    std::size_t presence_batch = 50;
    std::size_t presence_list = 200;
    // A human pace for the changes of one participant, across all their connections:
    // a burst, then so many a second. The facilitators are not limited; a burst of 0
    // turns the limit off.
    double pace_burst = 10;
    double pace_per_second = 1;
};

// The texts of change c for each kind of recipient (see storage::change_texts), as a
// room broadcasts and journals them; `after` is the session with c applied.
storage::change_texts texts_for(const domain::change& c, const domain::workshop& after);

class room : public std::enable_shared_from_this<room> {
public:
    // w and recent are the session as committed (recent oldest first). Without recent,
    // the room reads its recent changes from the journal when a client first comes:
    // until they are there it keeps what its clients ask, in order, and does it after.
    // j must outlive the room and every completion it runs for it. key derives the
    // session's invitation tokens (see server_key.hpp).
    room(boost::asio::any_io_executor ex, storage::journal& j, std::shared_ptr<const server_key> key, domain::workshop w,
         std::optional<std::vector<storage::stored_change>> recent, room_limits limits = {});

    void join(std::shared_ptr<peer> p, protocol::join_request req);
    void submit(std::shared_ptr<peer> p, protocol::command_request req);
    void audit(std::shared_ptr<peer> p, protocol::audit_request req);
    // The facilitators' list of participants with how much each wrote (participants.get).
    void participants(std::shared_ptr<peer> p, protocol::participants_request req);
    void leave(std::shared_ptr<peer> p);
    // Closes every peer with code, after the messages already queued for them; then
    // calls done (on the room's strand).
    void close_all(close_code code, std::function<void()> done);

    // For a review session that follows this one up: the trial actions `picks` names
    // (trial_not_found, field trial_actions, for one it does not hold), or without picks
    // those under way (proposed, approved, running; not parked or ended ones:
    // domain::under_way); if token_hash is a facilitator's, else invalid_token; with no
    // token_hash, the caller vouches for the person (a workspace's facilitator). Calls
    // done on the room's strand, with the trial actions or the refusal.
    using exported = std::function<void(std::optional<domain::error>, std::vector<domain::trial_action>)>;
    void export_trials(std::optional<std::string> token_hash, std::optional<std::vector<domain::trial_id>> picks,
                       exported done);

    const std::string& id() const noexcept { return id_; }
    const std::string& code() const noexcept { return code_; }
    // The session's current title, question and status. Thread-safe.
    domain::session_info info() const;
    // The session and its counts as they were after the last committed change.
    domain::session_listing listing() const;
    // The session's part of its workspace's portfolio as of the last committed change
    // (empty outside workspaces). Thread-safe.
    std::shared_ptr<const domain::portfolio_part> portfolio() const;

    // A decision recorded from the workspace's portfolio page by a manager (or the admin)
    // named `name`, on a trial action made in this session: decided as a manager's
    // decision.record of a person outside the session (id 0), with the same rules, also
    // once the session is closed. done gets the refusal, or the decision once it is
    // committed and sent to the session's clients; called on the room's strand.
    using decided_fn = std::function<void(domain::result<domain::decision>)>;
    void decide_for_workspace(domain::record_decision d, std::string name, decided_fn done);

    // ---- the outcome report (room_outcome.cpp) ----
    // The report as of the last committed change, all but its timeline (outcome_api reads
    // that from the journal, up to `seq`): the snapshot its reader's WebSocket would give,
    // the participation, and the session as committed.
    struct outcome_draft {
        protocol::outcome_answer answer;
        domain::session_info info;
        domain::phase current = domain::phase::welcome;
        domain::seq_t seq = 0;
    };
    using outcome_fn = std::function<void(std::optional<outcome_draft>)>;
    // For the participant whose token has this hash, as they see the session; nullopt if
    // no participant has it or theirs was removed. done runs on the room's strand.
    void outcome_for_participant(std::string token_hash, outcome_fn done);
    // For the holder of a `role` link of the session's workspace (the caller checked the
    // link): as an observer who is no participant. done runs on the room's strand.
    void outcome_for_workspace(domain::workspace_role role, outcome_fn done);
    // As the session's receipt (server_key::receipt_token) reads it: an observer's.
    void outcome_for_receipt(outcome_fn done);
    // The committed state, whole (secrets included: the caller leaves them out), for the
    // session archive (outcome_api). done runs on the room's strand.
    void committed_state(std::function<void(domain::workshop_state)> done);

    // ---- deleting the session (room_deletion.cpp; PROTOCOL.md, "Deleting a session") ----
    // The role of the committed participant whose token has this hash; nullopt if none
    // has it or theirs was removed. done runs on the room's strand.
    using role_fn = std::function<void(std::optional<domain::role>)>;
    void role_of(std::string token_hash, role_fn done);
    // Deletes the session: from now on the room takes no join, command or change (each is
    // refused with session_not_found), and the journal deletes every row of the session
    // after the writes already queued (storage/deletion.hpp). Once deleted, every
    // connection is closed with close_code::deleted. If the deletion fails or is refused
    // (another session follows this one up), the room goes on as before. done gets the
    // journal's answer, on the room's strand; a room already being deleted answers
    // not_found at once.
    // With keep_trials, the session's shell (domain::trials_kept, made from the committed
    // state once what is queued is written) is written back in the same transaction, and
    // done gets it, for the registry to put a room of it in this one's place; follow-ups
    // do not stop the deletion then.
    using erased_fn = std::function<void(const storage::status&, storage::deletion_outcome, bool wal_emptied,
                                         std::optional<domain::workshop> shell)>;
    void erase(bool keep_trials, erased_fn done);

    // ---- retention (room_retention.cpp; net/retention.hpp) ----
    // Replaces every display name of the session with its label (domain::remove_names):
    // in the room's state at once, and in the database (the state tables, and every text
    // stored: changes and origin snapshot) after the writes already queued. Clients
    // resuming from before get a snapshot; those connected are closed with going_away, so
    // that they come back to one. done(false) if nothing was done: the session is being
    // deleted, or changes are still being written or its history read (the job comes
    // back later); done(true) once the names are removed from the database too. Called on
    // the room's strand.
    void remove_names(domain::time_point at, std::function<void(bool removed)> done);

    // ---- trial actions shown live by follow-ups in a workspace (room_live_trials.cpp) ----
    // Who asked for a change made in another room: the follow-up's room, the person
    // there and their command's ref and wire name. The follow-up answers them.
    struct asker {
        std::weak_ptr<room> from;
        std::string session;
        domain::participant_id who = 0;
        std::string ref;
        std::string action;
    };
    // Joins the room to the directory; the registry calls it once, before anyone can
    // reach the room. Without it, the room's trial actions are its own (no follow-ups).
    void link(std::shared_ptr<session_directory> d);
    // The sessions whose trial actions this one shows live. Fixed when the room is made.
    const std::vector<std::string>& live_origins() const noexcept { return live_origins_; }
    // In the origin's room: a follow-up asks for a change to one of its trial actions.
    void remote_change(domain::remote_trial_change c, std::optional<asker> by);
    // In a follow-up's room: a trial action of `origin` changed (its state after, or
    // nullopt if it was deleted; `added`, a learning it got); record it on the view.
    void origin_changed(std::string origin, domain::trial_id id, std::optional<domain::trial_action> state,
                        std::optional<domain::learning> added, std::optional<asker> by);
    // In a follow-up's room: the origin refused what `who` asked.
    void remote_refused(domain::participant_id who, std::string ref, domain::error e);
    // In a follow-up's room, at start-up: asks each origin for what changed since its
    // views were last recorded (a kill -9 can fall between the two writes).
    void catch_up();

private:
    struct peer_state {
        std::shared_ptr<peer> conn;
        domain::participant_id who = 0;
        domain::role role_ = domain::role::citizen;
        bool joined = false;  // false while a new participant is being written
        std::vector<protocol::command_request> backlog;  // commands sent before that
        // Audit requests are read one at a time per connection, so that one that asks
        // for many pages holds at most one in memory.
        std::deque<protocol::audit_request> audits;
        bool audit_reading = false;
        // The presence version its whole presence message showed: later presence
        // messages tell it only what changed after that.
        std::uint64_t presence_seen = 0;
    };
    struct pending {
        std::optional<domain::change> change;  // a change...
        storage::change_texts texts;
        std::optional<domain::participant> newcomer;  // ...or a new participant
        std::string token;                     // the newcomer's token, for the welcome
        std::shared_ptr<peer> joiner;
        std::optional<asker> remote;  // a change asked by a follow-up, answered there
        decided_fn done;              // a change asked from the portfolio, answered there
        // When it was handed to the journal (samskab_commit_duration_seconds).
        std::chrono::steady_clock::time_point queued = std::chrono::steady_clock::now();
    };

    void do_join(const std::shared_ptr<peer>& p, const protocol::join_request& req);
    void join_with_token(const std::shared_ptr<peer>& p, const std::string& token, std::optional<domain::seq_t> since);
    void join_new(const std::shared_ptr<peer>& p, const protocol::join_request& req);
    void welcome(const std::shared_ptr<peer>& p, peer_state& st, std::optional<std::string> token,
                 std::optional<domain::seq_t> since);
    void do_submit(const std::shared_ptr<peer>& p, protocol::command_request req);
    void do_leave(const std::shared_ptr<peer>& p);
    void do_audit(const std::shared_ptr<peer>& p, protocol::audit_request req);
    // Reads p's next waiting audit page, if none is being read.
    void next_audit(const std::shared_ptr<peer>& p, peer_state& st);

    // Whether `then` must wait for the recent changes, which are being read (or, with
    // `read`, not read yet: the read starts). If so it is kept, to be done in order with
    // the others once they are there. Only a join starts the read: before one, nobody can
    // have submitted, left or asked for anything that needs them.
    bool wait_for_history(std::function<void()> then, bool read);
    void history_read(const storage::status& s, std::vector<storage::stored_change> recent);
    // The last change in history_ that withdrew something from view, or the one before
    // the oldest kept.
    domain::seq_t withdrawal_in_history() const;
    void on_written(std::uint64_t epoch, const storage::status& s);
    void commit_change(pending& e);
    void commit_participant(pending& e);
    void rollback(const storage::status& s);
    storage::completion completion_for(std::uint64_t epoch);
    // speculative_, copied from committed_ if need be.
    domain::workshop& speculative();
    // The session with every accepted change, for reading.
    const domain::workshop& latest() const { return speculative_ ? *speculative_ : committed_; }

    // The text of a change that st's participant receives.
    static const std::shared_ptr<const std::string>& text_for(const storage::change_texts& t, domain::participant_id by,
                                                              const peer_state& st);
    void send_error(peer& p, const peer_state* st, const std::string& ref, const domain::error& e);
    void send_error_to(domain::participant_id who, const std::string& ref, const domain::error& e);
    // Notes that `who` came, went, joined or was removed; everyone is told within
    // limits_.presence_interval, in one message with the others that changed meanwhile.
    void presence_changed(domain::participant_id who);
    void flush_presence();
    // The whole presence message for a recipient who may (or may not) see names.
    std::shared_ptr<const std::string> presence_text(bool names) const;
    // Whether st's participant may make another change now: their own pace (see
    // room_limits) and their address's (see address_guard::may_change); if not, the
    // error to answer with. An accepted change then takes its tokens. Facilitators
    // are not limited.
    std::optional<domain::error> check_pace(const peer_state& st);
    void do_participants(const std::shared_ptr<peer>& p, const protocol::participants_request& req);
    // Sends the `invites` message, with each link's token derived now, to `only`, or
    // (null) to every joined facilitator's connection. The caller checks that `only`
    // is a facilitator's.
    void send_invites(peer* only);

    // room_outcome.cpp: the report for viewer v, read by `reader`.
    outcome_draft draft_outcome(const domain::viewer& v, protocol::outcome_reader reader) const;

    // room_live_trials.cpp: whether req, decided here as ev, is about a trial action this
    // room shows live; if so it is sent to its origin's room (or refused) and true is
    // returned.
    bool forward_live(const peer_state& st, protocol::command_request& req);
    // After a commit: tells the followers what changed in this room's trial actions, and
    // the origin what a decision recorded here on a view means for the trial action.
    void tell_live(const domain::change& c, const std::optional<asker>& by);
    // Appends a change made by the room itself (not decided for a person here).
    void append_own(domain::change c, std::optional<asker> remote, decided_fn done = {});
    // On the origin's strand: answers a follow-up's catch-up with what changed.
    void send_changes_since(std::shared_ptr<room> follower,
                            std::map<domain::trial_id, std::pair<std::int64_t, std::size_t>> seen);
    // The rest of erase(): the journal's deletion (with the shell, if kept), then the
    // connections closed. On the strand.
    void delete_rows(std::optional<domain::workshop> shell, erased_fn done);

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    storage::journal& journal_;
    const std::shared_ptr<const server_key> key_;
    const room_limits limits_;
    const std::string id_, code_;

    domain::workshop committed_;
    std::optional<domain::workshop> speculative_;  // none: the same as committed_
    std::deque<pending> pending_;
    std::deque<storage::stored_change> history_;  // committed, contiguous seqs, oldest first
    // The last committed change that withdrew something from view (domain::withdraws;
    // while the history is not read, the last change): a client resuming from before
    // it gets a snapshot, never the old events.
    domain::seq_t last_withdrawal_ = 0;
    enum class history_state { unread, reading, ready } history_state_ = history_state::ready;
    std::vector<std::function<void()>> waiting_;  // for the history: asked meanwhile, in order
    std::unordered_map<peer*, peer_state> peers_;
    presence presence_;
    // Who changed since the last presence message, with the version of their change.
    std::map<domain::participant_id, std::uint64_t> presence_dirty_;
    std::uint64_t presence_version_ = 0;
    boost::asio::steady_timer presence_timer_;
    bool presence_flush_pending_ = false;
    std::chrono::steady_clock::time_point last_presence_flush_{};
    std::unordered_map<domain::participant_id, token_bucket> pace_;
    std::uint64_t epoch_ = 1;
    bool erasing_ = false;  // the session is being (or was) deleted: nothing more is written
    std::shared_ptr<session_directory> directory_;
    std::vector<std::string> live_origins_;

    // The refs of each participant's last accepted commands (at most limits_.recent_refs),
    // to tell a command sent again (a late copy from a connection that broke) from a new
    // one; and those sent on to the origin of a trial action shown live, not yet answered.
    std::unordered_map<domain::participant_id, std::deque<std::string>> refs_;
    std::set<std::pair<domain::participant_id, std::string>> forwarded_;
    // Whether `ref` is one `st`'s participant used for an accepted command; if so it is
    // answered: nothing if its answer is still to come (it goes to all their connections),
    // its ack again if it is committed, else an error.
    bool repeated(peer_state& st, const std::string& ref);
    void remember_ref(domain::participant_id who, const std::string& ref);
    void forget_ref(domain::participant_id who, const std::string& ref);

    mutable std::mutex info_mutex_;
    domain::session_listing listing_;  // a copy for other threads, set by publish_listing
    std::shared_ptr<const domain::portfolio_part> portfolio_;  // likewise, in a workspace
    // After a commit: the listing, and the portfolio part when the change touches it (or
    // `always`); then tells the directory that the workspace's portfolio changed.
    void publish_listing(const domain::event* what = nullptr);
};

}  // namespace samskab::server

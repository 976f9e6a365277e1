// journal: where the server writes what must survive a restart. The interface lets the
// server's rooms be tested with a fake (see net/room_test.cpp) and lets tests inject
// write failures; sqlite_journal is the real one.
//
// Contract for every write: it is queued and performed in the order of submission
// (per journal, hence per session); its completion runs exactly once, on the journal's
// own thread, after the write has been committed durably (ok) or has failed (nothing
// of it was applied). Completions must not block; they typically post to a strand.
// All member functions are thread-safe.
//
// Writes of one session depend on each other, so once one fails, every later write of
// the same session and epoch fails too, without being tried. The session's owner then
// rolls back to what was committed and continues with a higher epoch.
#pragma once

#include "domain/event.hpp"
#include "domain/workspace.hpp"
#include "storage/deletion.hpp"
#include "storage/retention.hpp"
#include "storage/sqlite.hpp"
#include "storage/write_set.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace samskab::storage {

using completion = std::function<void(const status&)>;

// Which session a write belongs to, and in which epoch of its owner (see above).
struct session_epoch {
    std::string session_id;
    std::uint64_t epoch = 0;
};

// A change as its recipients received it: the text for everyone else, and, where they
// differ, for the facilitators, for the participant the change concerns (the subject)
// and for its author. A null pointer means "the same as others".
struct change_texts {
    std::shared_ptr<const std::string> others, facilitators, subject, actor;
    domain::participant_id subject_id = 0;
};

// A committed change as kept for resuming clients.
struct stored_change {
    domain::seq_t seq = 0;
    domain::participant_id by = 0;
    std::string ref;
    change_texts texts;  // others is never null here
    // Whether it took something out of view (domain::withdraws): a client resuming
    // from before it gets a snapshot. True for changes stored before this was kept.
    bool withdraws = true;
};
using recent_completion = std::function<void(const status&, std::vector<stored_change> recent)>;

// One entry of the audit log: a change made by a facilitator or a manager (or, for
// read_actions, any stored change).
struct audit_row {
    domain::seq_t seq = 0;
    domain::time_point at{};
    domain::participant_id actor = 0;
    std::string action;
    std::string text;  // the event as the facilitators received it
};
using audit_completion = std::function<void(const status&, std::vector<audit_row> rows, bool more)>;

// A session's history as stored (PROTOCOL.md, "History"): its snapshot when it was made
// (none for a session made before snapshots were kept) and its changes, oldest first,
// each with every text its recipients received; `more`: there are more after them.
struct history_row {
    domain::seq_t seq = 0;
    domain::time_point at{};
    domain::participant_id by = 0;
    change_texts texts;  // none of them null (the same text shared where versions agree)
    std::string action;  // the command's wire name ("" for changes stored before actions were)
};
struct stored_history {
    std::optional<origin_texts> origin;
    std::vector<history_row> changes;
    bool more = false;
};
using history_completion = std::function<void(const status&, stored_history h)>;
// How a deletion ended (see storage/deletion.hpp) and whether the WAL was emptied after
// its commit (false: a reader kept the checkpoint from finishing; the next one copies
// the pages back).
using deletion_completion = std::function<void(const status&, deletion_outcome outcome, bool wal_emptied)>;

// A workspace as read, or nullopt if there is none with that id.
using workspace_completion = std::function<void(const status&, std::optional<domain::workspace> w)>;

class journal {
public:
    virtual ~journal() = default;

    // A new session: every row of it (see collect_all).
    virtual void create_session(write_set rows, completion done) = 0;

    // A participant who joined.
    virtual void add_participant(const session_epoch& s, domain::participant p, completion done) = 0;

    // An accepted change: its history row, with the texts sent, and the rows it touched.
    // Fails, without applying anything, unless c.seq is one more than the session's
    // last committed seq.
    virtual void append(const session_epoch& s, domain::change c, change_texts texts, write_set rows,
                        completion done) = 0;

    // Reads up to `limit` audit entries of the session with seq below `before`, newest
    // first; `more` says whether older ones exist. Calls done on the journal's thread.
    virtual void read_audit(std::string session_id, domain::seq_t before, std::int64_t limit,
                            audit_completion done) = 0;

    // Reads the session's last `limit` committed changes, oldest first (for clients that
    // resume). Calls done on the journal's thread.
    virtual void read_recent(std::string session_id, std::size_t limit, recent_completion done) = 0;

    // Reads the session's committed changes made by the commands named `actions` (wire
    // names, such as "phase.set") with seq at most `upto`, oldest first, at most `limit`
    // of them; `more` says whether there are more. Each row's text is the event as
    // everyone else received it (no facilitator's, subject's or author's version).
    // Calls done on the journal's thread.
    virtual void read_actions(std::string session_id, domain::seq_t upto, std::vector<std::string> actions,
                              std::int64_t limit, audit_completion done) = 0;

    // Reads the session's history: its origin and its first `limit` changes with seq at
    // most `upto`, oldest first (the history page; with every_change, the session archive).
    // Calls done on the journal's thread.
    static constexpr std::int64_t every_change = std::numeric_limits<std::int64_t>::max() - 1;
    virtual void read_history(std::string session_id, domain::seq_t upto, std::int64_t limit,
                              history_completion done) = 0;


    // A session brought in from an archive: every row of it (see collect_all), a deleted
    // row at each of the last ids `last_ids` holds (board.last_*_id, last_comment_id,
    // last_trial_id) above its present items', so that the ids of items deleted before
    // the export are not used again after a restart, and its history (each row's seq,
    // at, actor, action and the event's text as everyone else received it; seqs
    // growing, the last the session's), in one transaction: all of it or, on failure,
    // nothing. The changes are kept as withdrawing (a client resuming from before one
    // gets a snapshot), with no ref and no other recipient's version.
    virtual void import_session(write_set rows, domain::workshop_state last_ids, std::vector<audit_row> history,
                                completion done) = 0;

    // Reads a workspace with its links (created also by another process, the command
    // line). Calls done on the journal's thread.
    virtual void read_workspace(std::string id, workspace_completion done) = 0;

    // Deactivates the active links of one role of the workspace and, if `renewal` is
    // given, adds it (see storage/workspaces.hpp).
    virtual void change_workspace_links(std::string id, domain::workspace_role role,
                                        std::optional<domain::workspace_link> renewal, completion done) = 0;
    // Sets the workspace's settings (domain::workspace::overload_limit, retention_months).
    virtual void change_workspace_settings(std::string id, std::int64_t overload_limit,
                                           std::int64_t retention_months, completion done) = 0;

    // Reads the closed sessions whose workspace's retention may be due to remove their
    // names (storage/retention.hpp). Calls done on the journal's thread.
    using retention_completion = std::function<void(const status&, std::vector<retention_candidate>)>;
    virtual void read_retention_candidates(retention_completion done) = 0;
    // Writes the session's names as `st` has them after domain::remove_names over the
    // stored ones and rewrites its stored texts with scrub, after every write submitted
    // before, in one transaction; then empties the WAL (storage/retention.hpp).
    virtual void remove_names(domain::workshop_state st, text_scrub scrub, domain::time_point at,
                              completion done) = 0;

    // Deletes every row of the session in one transaction, after every write submitted
    // before it (see storage/deletion.hpp), then empties the WAL. The caller makes sure
    // that nothing more is written for the session. With `shell` (its trial actions
    // kept: domain::trials_kept, every row of it as collect_all gives them, and the
    // workshop's state for its last ids), the shell is written back in the same
    // transaction, with the time the session closed (or, if it was open, was deleted)
    // for retention. Calls done on the journal's thread.
    struct kept_shell {
        write_set rows;
        domain::workshop_state state;
    };
    virtual void delete_session(std::string id, std::optional<kept_shell> shell, deletion_completion done) = 0;

    // Calls done (on the journal's thread) once every write submitted before has
    // completed.
    virtual void flush(std::function<void()> done) = 0;

    // A write that changes nothing, committed like any other (it rewrites the schema
    // version in the database's header), after every write submitted before it: whether
    // the database still takes writes when nobody else writes (GET /readyz). done(ok)
    // once committed durably, or with the error; on the journal's thread.
    virtual void probe_write(completion done) = 0;

    // False after the last commit failed, true again after one succeeds.
    virtual bool healthy() const = 0;

    // Writes (and reads) submitted and not yet completed: queued, or in the transaction
    // being written. Any thread (samskab_journal_queue_depth).
    virtual std::size_t queue_depth() const = 0;
};

}  // namespace samskab::storage

// sqlite_journal: the journal on a SQLite file, written by one thread of its own.
//
// Writes queue up while a transaction commits; the writer then takes everything
// queued (up to max_batch) into the next transaction. One failing write is rolled back
// alone (the batch is then run again with a SAVEPOINT around each write); a failing
// COMMIT fails the whole batch. This is group commit: one fsync serves many writes, and
// no write is reported committed before its transaction is.
#pragma once

#include "storage/journal.hpp"
#include "storage/sqlite.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace samskab::storage {

class sqlite_journal final : public journal {
public:
    // Under load a larger transaction writes fewer pages per write (each session's pages
    // are written once per transaction, however many of its writes it holds): 4,096
    // commits about 10 % more per second than 1,024 on these machines.
    static constexpr std::size_t max_batch = 4096;
    // The checkpointing thread copies the WAL into the database once it holds this many
    // pages after a commit; if it keeps growing (a writer that never pauses leaves no
    // moment to start the WAL over), at restart_frames it waits for one.
    static constexpr int checkpoint_frames = 2000;
    static constexpr int restart_frames = 32000;

    // What one checkpoint did, for the server's log (storage does not log).
    struct checkpoint_report {
        bool restart = false;        // RESTART (the WAL was at restart_frames), else PASSIVE
        int wal_pages = -1;          // pages in the WAL (-1: unknown, the call failed)
        int checkpointed_pages = -1; // of them, copied into the database
        bool busy = false;           // a RESTART that a reader kept from finishing
        std::string error;           // SQLite's message if it failed otherwise, else ""
        std::chrono::steady_clock::duration took{};
    };
    using checkpoint_observer = std::function<void(const checkpoint_report&)>;
    // Called on the checkpointing thread after each checkpoint. Set it before the first
    // write (none is reported before).
    void observe_checkpoints(checkpoint_observer f);

    // Takes over db (opened by open_database) and starts the writer thread.
    explicit sqlite_journal(connection db);
    // Finishes every queued write, then stops the thread.
    ~sqlite_journal() override;

    sqlite_journal(const sqlite_journal&) = delete;
    sqlite_journal& operator=(const sqlite_journal&) = delete;

    void create_session(write_set rows, completion done) override;
    void add_participant(const session_epoch& s, domain::participant p, completion done) override;
    void append(const session_epoch& s, domain::change c, change_texts texts, write_set rows,
                completion done) override;
    void read_audit(std::string session_id, domain::seq_t before, std::int64_t limit, audit_completion done) override;
    void read_recent(std::string session_id, std::size_t limit, recent_completion done) override;
    void read_actions(std::string session_id, domain::seq_t upto, std::vector<std::string> actions, std::int64_t limit,
                      audit_completion done) override;
    void read_history(std::string session_id, domain::seq_t upto, std::int64_t limit,
                      history_completion done) override;
    void import_session(write_set rows, domain::workshop_state last_ids, std::vector<audit_row> history,
                        completion done) override;
    void read_workspace(std::string id, workspace_completion done) override;
    void change_workspace_settings(std::string id, std::int64_t overload_limit, std::int64_t retention_months,
                                   completion done) override;
    void read_retention_candidates(retention_completion done) override;
    void remove_names(domain::workshop_state st, text_scrub scrub, domain::time_point at, completion done) override;
    void change_workspace_links(std::string id, domain::workspace_role role,
                                std::optional<domain::workspace_link> renewal, completion done) override;
    void delete_session(std::string id, std::optional<kept_shell> shell, deletion_completion done) override;
    void flush(std::function<void()> done) override;
    void probe_write(completion done) override;
    bool healthy() const override { return healthy_.load(std::memory_order_relaxed); }
    std::size_t queue_depth() const override { return waiting_.load(std::memory_order_relaxed); }

    // What the writer has committed since it started, for benchmarks and monitoring.
    struct counters {
        std::uint64_t transactions = 0;  // committed transactions: one fsync of the WAL each
        std::uint64_t writes = 0;        // writes committed in them (with the few reads run among them)
        std::uint64_t largest = 0;       // the most writes committed in one transaction
    };
    counters stats() const;

    // Test hook: the next n commits fail as if the disk were full, and roll back.
    void inject_commit_failures(int n) { inject_failures_.store(n); }

    struct statements;  // the writer's prepared statements (sqlite_journal.cpp)
    // A queued write. run executes its SQL inside the open transaction.
    struct job {
        session_epoch owner;  // empty session_id: not bound to a session's epoch
        std::function<status(statements&)> run;
        completion done;
        std::function<void()> flushed;  // set for flush markers instead of run/done
        // Run on the writer's thread after the transaction that held run committed,
        // outside any transaction, before any completion of the batch.
        std::function<void(statements&)> after_commit;
    };

private:
    void enqueue(job j);
    void writer_loop();
    void checkpoint_loop();
    static int on_wal_commit(void* self, sqlite3* db, const char* name, int frames);
    void run_batch(std::deque<job>& batch);
    // Runs the batch's writes in the open transaction, each in a savepoint of its own or
    // not, with each write's outcome in results. Without savepoints, stops at the first
    // that fails and returns its error; with them, returns an error only if a failed
    // write could not be undone alone. Either way the transaction must then be rolled
    // back.
    status run_writes(std::deque<job>& batch, std::vector<status>& results, bool savepoints);
    bool poisoned(const session_epoch& s) const;

    connection db_;
    std::unique_ptr<statements> stmts_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<job> queue_;
    bool stopping_ = false;
    std::atomic<bool> healthy_{true};
    std::atomic<std::size_t> waiting_{0};  // queued or in the batch being run
    std::atomic<int> inject_failures_{0};
    std::atomic<std::uint64_t> transactions_{0}, writes_{0}, largest_{0};
    // Sessions whose write failed, with the epoch it failed in (writer thread only).
    std::unordered_map<std::string, std::uint64_t> failed_epoch_;
    std::thread thread_;

    // The checkpointing thread and its connection (none for an in-memory database).
    // Declared after db_: closed before it, so that db_ is the last connection, which
    // checkpoints and removes the WAL as it closes.
    std::optional<connection> checkpoint_db_;
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wake_;
    checkpoint_observer checkpoint_observer_;  // under checkpoint_mutex_
    int wal_frames_ = 0;  // pages in the WAL after the last commit that asked for a checkpoint
    bool checkpoint_stopping_ = false;
    std::thread checkpointer_;
};

}  // namespace samskab::storage
